/**
 * Istio as an API family: its kinds (kinds.ts), validated by its CRDs' schemas (the generated
 * catalog) and then by the istiod webhook's rules (src/engine/istio), and its analyzers.
 */
import {CODES} from '../../codes';
import {istioAdmissionRules} from '../../istio/index';
import {familySchemas} from '../../schema/index';
import type {ApiFamily} from '../types';
import {istioKinds} from './kinds';

export const istio: ApiFamily = {
  ...istioKinds,
  ...familySchemas((group) => group.endsWith('istio.io')),
  unknownKindCode: CODES.unknownIstioKind,
  admission: istioAdmissionRules(),
  admissionSkipped: "Istio's own validation (the istiod webhook) was not run: the API server rejects the resource before it; fix this resource's schema errors to see its verdict",
  analyzers: [],
};
