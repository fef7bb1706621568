/**
 * Kubernetes' built-ins as an API family: kinds the analysis and the simulator read (kinds.ts),
 * accepted as cluster context with their metadata checked, plus what the API server itself
 * refuses when decoding them (a workload's replicas).
 */
import {checkCrdCost} from '../../kubernetes/crd-cost';
import {checkReplicas} from '../../kubernetes/replicas';
import type {AdmissionRule, ApiFamily} from '../types';
import {kubernetesKinds} from './kinds';

const replicas: AdmissionRule = (resource, _group, kind) => checkReplicas(kind, resource);

export const kubernetes: ApiFamily = {
  ...kubernetesKinds,
  admission: new Map([
    ['apps/Deployment', replicas],
    ['apps/StatefulSet', replicas],
    ['apps/ReplicaSet', replicas],
    ['/ReplicationController', replicas],
    ['apiextensions.k8s.io/CustomResourceDefinition', (resource) => checkCrdCost(resource)],
  ]),
  analyzers: [],
};
