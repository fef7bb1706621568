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

const verdicts = new WeakMap<AnalyzerContext, Map<string, boolean>>();

/** True when a ReferenceGrant permits it, or when the run cannot know; once per distinct reference (routes repeat theirs). */
export function permitted(ctx: AnalyzerContext, from: Reference, to: Reference & {name: string}): boolean {
  let known = verdicts.get(ctx);
  if (!known) verdicts.set(ctx, (known = new Map()));
  const key = `${from.group}\0${from.kind}\0${from.namespace}\0${to.group}\0${to.kind}\0${to.namespace}\0${to.name}`;
  let verdict = known.get(key);
  if (verdict === undefined) known.set(key, (verdict = judge(ctx, from, to)));
  return verdict;
}

/** True when a ReferenceGrant permits it, or when the run cannot know (no grant of that namespace in an open world). */
function judge(ctx: AnalyzerContext, from: Reference, to: Reference & {name: string}): boolean {
  if (!knowsIn(ctx, GATEWAY_GROUP, 'ReferenceGrant', to.namespace)) return true;
  return (grantsFrom(ctx).get(grantKey(to.namespace, from.group, from.kind, from.namespace)) ?? []).some((grant) =>
    asArray(asObject(grant.value.spec)?.to).some((entry) => {
      const t = asObject(entry) ?? {};
      const name = asString(t.name);
      return sameGroup(t.group, to.group) && t.kind === to.kind && (!name || name === to.name);
    }));
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
