/**
 * Target references as policy-controller/k8s/api reads them (policy.rs `targets_kind`,
 * target_ref.rs `canonical_kind`): a missing or empty group is `core`, group and kind compare
 * case-insensitively.
 */
import {str, type Obj} from './deny';

export interface GroupKind {
  group: string;
  kind: string;
}

export const SERVICE_ACCOUNT: GroupKind = {group: 'core', kind: 'ServiceAccount'};
export const NAMESPACE: GroupKind = {group: 'core', kind: 'Namespace'};
export const SERVER: GroupKind = {group: 'policy.linkerd.io', kind: 'Server'};
export const MESH_TLS_AUTHENTICATION: GroupKind = {group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication'};
export const NETWORK_AUTHENTICATION: GroupKind = {group: 'policy.linkerd.io', kind: 'NetworkAuthentication'};
export const LINKERD_HTTP_ROUTE: GroupKind = {group: 'policy.linkerd.io', kind: 'HTTPRoute'};
export const GATEWAY_HTTP_ROUTE: GroupKind = {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute'};
export const GATEWAY_GRPC_ROUTE: GroupKind = {group: 'gateway.networking.k8s.io', kind: 'GRPCRoute'};

/** policy.rs targets_kind::<T>(group, kind). */
export function targetsKind(ref: Obj, target: GroupKind): boolean {
  const group = str(ref.group) || 'core';
  const kind = str(ref.kind) ?? '';
  return group.toLowerCase() === target.group.toLowerCase() && kind.toLowerCase() === target.kind.toLowerCase();
}

/** target_ref.rs canonical_kind: `Kind.group` when a group is written (even an empty one), else `Kind`. */
export function canonicalKind(ref: Obj): string {
  const kind = str(ref.kind) ?? '';
  const group = str(ref.group);
  return group === undefined ? kind : `${kind}.${group}`;
}
