/**
 * What a ReferenceGrant permits, as istiod 1.30.3 reads one (gatewaycommon/references.go
 * ReferenceGrantsCollection, BackendAllowed; gateway-api v1.5.1 apis/v1beta1/referencegrant_types.go):
 * a grant lives in the namespace referred to; a `from` entry names the referring group, kind and
 * namespace; a `to` entry the target's group and kind, and its name when it gives one.
 *
 * Groups are compared exactly: istiod normalizes each entry by collections.All.FindByGroupKind
 * (pkg/config/schema/collection/schemas.go), whose core kinds have group "", so a `to` of group
 * "core" names no kind istiod knows. Linkerd reads no ReferenceGrant.
 */
import {asArray, asObject, asString} from '../istio/access';

export interface GrantReference {
  group: string;
  kind: string;
  namespace: string;
}

/** Whether one of a grant's `from` entries names the referring group, kind and namespace. */
export function grantFrom(spec: unknown, from: GrantReference): boolean {
  return asArray(asObject(spec)?.from).some((entry) => {
    const f = asObject(entry) ?? {};
    return f.group === from.group && f.kind === from.kind && f.namespace === from.namespace;
  });
}

/** What a grant's `to` entries permit of a target group and kind: every name (a `to` without one), or these names. */
export function grantedNames(spec: unknown, to: {group: string; kind: string}): 'all' | string[] {
  const names: string[] = [];
  for (const entry of asArray(asObject(spec)?.to)) {
    const t = asObject(entry) ?? {};
    if (t.group !== to.group || t.kind !== to.kind) continue;
    const name = asString(t.name);
    if (!name) return 'all';
    names.push(name);
  }
  return names;
}

/** Whether a reference from `from` to the named target is permitted by one of `grants` (the cluster's ReferenceGrants). */
export function referencePermitted(grants: Iterable<{namespace: string; spec: unknown}>, from: GrantReference, to: GrantReference & {name: string}): boolean {
  if (from.namespace === to.namespace) return true;
  for (const grant of grants) {
    if (grant.namespace !== to.namespace || !grantFrom(grant.spec, from)) continue;
    const names = grantedNames(grant.spec, to);
    if (names === 'all' || names.includes(to.name)) return true;
  }
  return false;
}
