/**
 * Whether a ReferenceGrant permits a reference across namespaces, as istiod 1.30.3 decides it
 * (gatewaycommon/references.go ReferenceGrantsCollection, SecretAllowed, BackendAllowed; gateway-api
 * v1.5.1 apis/v1beta1 referencegrant_types.go): a grant lives in the namespace referred to and
 * permits a reference when one of its `from` entries names the referring kind's group, kind and
 * namespace, and one of its `to` entries the target's group and kind, and its name when it gives one.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {pushTo} from '../../../model/groups';
import type {AnalyzerContext} from '../../analyzer';
import {GATEWAY_GROUP, knowsIn} from './routes';

export interface Reference {
  group: string;
  kind: string;
  namespace: string;
}

/** What the grants of one namespace permit one referring kind and namespace of one target kind: every name, or these. */
interface Permission {
  all: boolean;
  names: ReadonlySet<string>;
}

const ALL: Permission = {all: true, names: new Set()};

const permissions = new WeakMap<AnalyzerContext, Map<string, Permission>>();

/**
 * True when a ReferenceGrant permits it, or when the run cannot know. Decided once per referring
 * kind and namespace and target kind and namespace, not per name: routes name a different backend
 * each, so a verdict per name was judged (its grants looked up and scanned) for nearly every one.
 */
export function permitted(ctx: AnalyzerContext, from: Reference, to: Reference & {name: string}): boolean {
  let known = permissions.get(ctx);
  if (!known) permissions.set(ctx, (known = new Map()));
  const key = `${from.group}\0${from.kind}\0${from.namespace}\0${to.group}\0${to.kind}\0${to.namespace}`;
  let permission = known.get(key);
  if (permission === undefined) known.set(key, (permission = judge(ctx, from, to)));
  return permission.all || permission.names.has(to.name);
}

/** Everything when the run cannot know (no grant of that namespace in an open world); else the `to` entries that match the target's group and kind. */
function judge(ctx: AnalyzerContext, from: Reference, to: Reference): Permission {
  if (!knowsIn(ctx, GATEWAY_GROUP, 'ReferenceGrant', to.namespace)) return ALL;
  const names = new Set<string>();
  for (const grant of grantsFrom(ctx).get(grantKey(to.namespace, from.group, from.kind, from.namespace)) ?? []) {
    for (const entry of asArray(asObject(grant.value.spec)?.to)) {
      const t = asObject(entry) ?? {};
      if (!sameGroup(t.group, to.group) || t.kind !== to.kind) continue;
      const name = asString(t.name);
      // A `to` entry without a name permits every object of its kind.
      if (!name) return ALL;
      names.add(name);
    }
  }
  return {all: false, names};
}

/**
 * istiod compares groups exactly: ReferenceGrantsCollection normalizes each `from` and `to` with
 * NormalizeReference (gatewaycommon/references.go), whose collections.All.FindByGroupKind
 * (pkg/config/schema/collection/schemas.go:158) matches `rs.Group() == gvk.Group`; the core kinds'
 * group is "" (collections.gen.go Secret, Service, ConfigMap), so a `to` of group "core" names no
 * kind istiod knows and is skipped ("Not supported type"). Linkerd reads no ReferenceGrant.
 */
const sameGroup = (written: unknown, group: string) => written === group;

const grantKey = (namespace: string, group: string, kind: string, fromNamespace: string) => `${namespace}\0${group}\0${kind}\0${fromNamespace}`;

const grants = new WeakMap<AnalyzerContext, Map<string, AnalysisResource[]>>();

/**
 * The run's grants indexed once by their namespace and each `from` entry (group, kind, namespace),
 * each grant once per key, rather than scanning a namespace's grants and their entries for every
 * new verdict.
 */
function grantsFrom(ctx: AnalyzerContext): Map<string, AnalysisResource[]> {
  let byFrom = grants.get(ctx);
  if (!byFrom) {
    byFrom = new Map();
    for (const grant of ctx.resources(GATEWAY_GROUP, 'ReferenceGrant')) {
      const keys = new Set<string>();
      for (const entry of asArray(asObject(grant.value.spec)?.from)) {
        const f = asObject(entry) ?? {};
        if (typeof f.group === 'string' && typeof f.kind === 'string' && typeof f.namespace === 'string') keys.add(grantKey(grant.namespace, f.group, f.kind, f.namespace));
      }
      for (const key of keys) pushTo(byFrom, key, grant);
    }
    grants.set(ctx, byFrom);
  }
  return byFrom;
}
