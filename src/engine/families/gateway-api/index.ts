/**
 * The Gateway API as an API family: its kinds (kinds.ts), validated by its CRDs' schemas and
 * CEL rules (the generated catalog) as the API server validates them. It has no admission
 * webhook of its own (v1.5.1 ships none; its ValidatingAdmissionPolicy only guards CRD versions).
 */
import {familySchemas} from '../../schema/index';
import type {ApiFamily} from '../types';
import {gatewayApiKinds} from './kinds';

const groups = new Set(gatewayApiKinds.groups);

export const gatewayApi: ApiFamily = {
  ...gatewayApiKinds,
  ...familySchemas((group) => groups.has(group)),
  admission: new Map(),
  analyzers: [],
};
