/**
 * Target references as policy-controller/k8s/api reads them (policy.rs `targets_kind`,
 * target_ref.rs `canonical_kind`): a missing or empty group is `core`, group and kind compare
 * case-insensitively.
 */
import {str, type Obj} from './deny';
import {linkerdTargetsKind, type GroupKind} from '../../../model/service-reference';

export type {GroupKind};

export const SERVICE_ACCOUNT: GroupKind = {group: 'core', kind: 'ServiceAccount'};
export const NAMESPACE: GroupKind = {group: 'core', kind: 'Namespace'};
export const SERVER: GroupKind = {group: 'policy.linkerd.io', kind: 'Server'};
export const MESH_TLS_AUTHENTICATION: GroupKind = {group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication'};
export const NETWORK_AUTHENTICATION: GroupKind = {group: 'policy.linkerd.io', kind: 'NetworkAuthentication'};
export const LINKERD_HTTP_ROUTE: GroupKind = {group: 'policy.linkerd.io', kind: 'HTTPRoute'};
export const GATEWAY_HTTP_ROUTE: GroupKind = {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute'};
export const GATEWAY_GRPC_ROUTE: GroupKind = {group: 'gateway.networking.k8s.io', kind: 'GRPCRoute'};

/** policy.rs targets_kind::<T>(group, kind) (model/service-reference.ts). */
export const targetsKind = (ref: Obj, target: GroupKind) => linkerdTargetsKind(str(ref.group), str(ref.kind) ?? '', target);

/** target_ref.rs canonical_kind: `Kind.group` when a group is written (even an empty one), else `Kind`. */
export function canonicalKind(ref: Obj): string {
  const kind = str(ref.kind) ?? '';
  const group = str(ref.group);
  return group === undefined ? kind : `${kind}.${group}`;
}
