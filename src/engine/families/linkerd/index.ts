/**
 * Linkerd as an API family: its kinds (kinds.ts), validated by its CRDs' schemas (the
 * generated catalog; Linkerd's CRDs carry no CEL rules), with the API server's warning on
 * deprecated versions. The policy controller's admission webhook is not modelled yet.
 */
import {familySchemas} from '../../schema/index';
import type {ApiFamily} from '../types';
import {linkerdKinds} from './kinds';

const domain = `.${linkerdKinds.groupDomain!}`;

export const linkerd: ApiFamily = {
  ...linkerdKinds,
  ...familySchemas((group) => group === linkerdKinds.groupDomain || group.endsWith(domain)),
  admission: new Map(),
  analyzers: [],
};
