/**
 * What a document's apiVersion/kind names: an Istio kind the schema knows, a
 * Kubernetes built-in (accepted as cluster context, metadata-checked only), or
 * something unknown, with kubectl's "no matches for kind" wording and suggestions.
 */
import {splitApiVersion} from './api-version';
import {findKind, knownKinds} from './schema/index';
import {closest} from './suggest';
import type {GroupVersionKind} from './types';

export type KindClass =
  | {type: 'istio'; gvk: GroupVersionKind}
  | {type: 'kubernetes'; group: string; version: string}
  | {type: 'unknown-istio'; message: string; at: 'apiVersion' | 'kind'}
  | {type: 'unknown-kind'; message: string; at: 'apiVersion' | 'kind'}
  | {type: 'other'; group: string};

/**
 * Served versions and kinds of the built-in groups a mesh manifest usually holds, so that
 * `kind: Servce` or `apps/v1beta1` get kubectl's "no matches for kind" instead of passing.
 */
const BUILT_IN_KINDS: Record<string, {versions: string[]; kinds: string[]}> = {
  '': {versions: ['v1'], kinds: ['Pod', 'Service', 'Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Endpoints',
    'PersistentVolumeClaim', 'PersistentVolume', 'Node', 'ReplicationController', 'LimitRange', 'ResourceQuota', 'Event',
    'List', 'Binding', 'PodTemplate', 'ComponentStatus']},
  apps: {versions: ['v1'], kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision']},
  batch: {versions: ['v1'], kinds: ['Job', 'CronJob']},
  'networking.k8s.io': {versions: ['v1'], kinds: ['Ingress', 'IngressClass', 'NetworkPolicy']},
  policy: {versions: ['v1'], kinds: ['PodDisruptionBudget']},
  'rbac.authorization.k8s.io': {versions: ['v1'], kinds: ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']},
  autoscaling: {versions: ['v1', 'v2'], kinds: ['HorizontalPodAutoscaler']},
  'gateway.networking.k8s.io': {versions: ['v1', 'v1beta1', 'v1alpha2', 'v1alpha3'], kinds: ['Gateway', 'GatewayClass', 'HTTPRoute',
    'GRPCRoute', 'ReferenceGrant', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'BackendTLSPolicy']},
};

/** Built-in API groups (and the Gateway API) that are not validated beyond metadata. */
const KUBERNETES_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'scheduling.k8s.io', 'certificates.k8s.io', 'node.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io',
  'gateway.networking.k8s.io']);

export function classifyKind(apiVersion: string, kind: string): KindClass {
  const gvk = findKind(apiVersion, kind);
  if (gvk) return {type: 'istio', gvk};
  const {group, version} = splitApiVersion(apiVersion);
  if (group.endsWith('istio.io')) return {type: 'unknown-istio', ...unknownIstioKind(group, version, kind)};
  const builtIn = BUILT_IN_KINDS[group];
  if (builtIn) {
    const noMatch = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
    if (!builtIn.kinds.includes(kind)) {
      const suggestion = closest(kind, builtIn.kinds);
      return {type: 'unknown-kind', at: 'kind', message: `${noMatch}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}`};
    }
    if (!builtIn.versions.includes(version)) {
      const served = builtIn.versions.map((v) => (group ? `${group}/${v}` : v)).join(', ');
      return {type: 'unknown-kind', at: 'apiVersion', message: `${noMatch}: ${kind} is served as ${served}`};
    }
  }
  if (KUBERNETES_GROUPS.has(group)) return {type: 'kubernetes', group, version};
  return {type: 'other', group};
}

function unknownIstioKind(group: string, version: string, kind: string): {message: string; at: 'apiVersion' | 'kind'} {
  const all = knownKinds();
  const noMatch = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(`${group}/${version}`)}`;
  const sameKind = all.filter((k) => k.kind === kind);
  const inGroup = sameKind.filter((k) => k.group === group);
  if (inGroup.length) {
    return {at: 'apiVersion', message: `${noMatch}: ${kind} is served as ${inGroup.map((k) => `${k.group}/${k.version}`).join(', ')}`};
  }
  if (sameKind.length) {
    return {at: 'apiVersion', message: `${noMatch}: ${kind} belongs to ${sameKind[0]!.group} (use apiVersion ${sameKind[0]!.group}/${sameKind[0]!.version})`};
  }
  const groupKinds = [...new Set(all.filter((k) => k.group === group).map((k) => k.kind))].sort();
  const allKinds = [...new Set(all.map((k) => k.kind))].sort();
  const suggestion = closest(kind, allKinds);
  const hint = suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : '';
  const known = groupKinds.length
    ? `; known kinds in ${group}: ${groupKinds.join(', ')}`
    : `; known Istio groups: ${[...new Set(all.map((k) => k.group))].sort().join(', ')}`;
  return {at: 'kind', message: `${noMatch}${hint}${known}`};
}
