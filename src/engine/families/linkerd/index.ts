/**
 * Linkerd as an API family: its kinds (kinds.ts), validated by its CRDs' schemas (the
 * generated catalog; Linkerd's CRDs carry no CEL rules), with the API server's warning on
 * deprecated versions, then by its policy controller's admission webhook (admission/: the
 * rules of policy-controller/runtime/src/admission.rs, each denial Linkerd's one message).
 * That webhook also judges the Gateway API's HTTPRoute, GRPCRoute, TLSRoute and TCPRoute, but
 * only a cluster running Linkerd runs it: those rules apply when the run (input or context)
 * shows Linkerd (`showsLinkerd`, see families/README.md).
 */
import {familySchemas} from '../../schema/index';
import type {ApiFamily} from '../types';
import {linkerdAdmission, linkerdGatewayApiAdmission, showsLinkerd, webhooksSkip} from './admission/index';
import {linkerdKinds} from './kinds';

const domain = `.${linkerdKinds.groupDomain!}`;

export const linkerd: ApiFamily = {
  ...linkerdKinds,
  ...familySchemas((group) => group === linkerdKinds.groupDomain || group.endsWith(domain)),
  admission: linkerdAdmission,
  admissionOfOtherKinds: linkerdGatewayApiAdmission,
  showsControlPlane: showsLinkerd,
  webhooksSkipNamespace: webhooksSkip,
  analyzers: [],
};
