/**
 * What a document's apiVersion/kind names: an Istio kind the schema knows, a
 * Kubernetes built-in (accepted as cluster context, metadata-checked only), or
 * something unknown, with kubectl's "no matches for kind" wording and suggestions.
 */
import {findKind, knownKinds} from './schema/index';
import {closest} from './suggest';
import type {GroupVersionKind} from './types';

export type KindClass =
  | {type: 'istio'; gvk: GroupVersionKind}
  | {type: 'kubernetes'; group: string; version: string}
  | {type: 'unknown-istio'; message: string; at: 'apiVersion' | 'kind'}
  | {type: 'other'; group: string};

/** Built-in API groups (and the Gateway API) that are not validated beyond metadata. */
const KUBERNETES_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'scheduling.k8s.io', 'certificates.k8s.io', 'node.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io',
  'gateway.networking.k8s.io']);

export function splitApiVersion(apiVersion: string): {group: string; version: string} {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? {group: '', version: apiVersion} : {group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1)};
}

export function classifyKind(apiVersion: string, kind: string): KindClass {
  const gvk = findKind(apiVersion, kind);
  if (gvk) return {type: 'istio', gvk};
  const {group, version} = splitApiVersion(apiVersion);
  if (group.endsWith('istio.io')) return {type: 'unknown-istio', ...unknownIstioKind(group, version, kind)};
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
