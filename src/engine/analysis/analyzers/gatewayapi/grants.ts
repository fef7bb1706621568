/**
 * Whether a ReferenceGrant permits a reference across namespaces, as istiod 1.30.3 decides it
 * (gatewaycommon/references.go ReferenceGrantsCollection, SecretAllowed, BackendAllowed; gateway-api
 * v1.5.1 apis/v1beta1 referencegrant_types.go): a grant lives in the namespace referred to and
 * permits a reference when one of its `from` entries names the referring kind's group, kind and
 * namespace, and one of its `to` entries the target's group and kind, and its name when it gives one.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
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
  return (grantsIn(ctx).get(to.namespace) ?? []).some((grant) => {
    const spec = asObject(grant.value.spec) ?? {};
    const fromMatches = asArray(spec.from).some((entry) => {
      const f = asObject(entry) ?? {};
      return sameGroup(f.group, from.group) && f.kind === from.kind && f.namespace === from.namespace;
    });
    if (!fromMatches) return false;
    return asArray(spec.to).some((entry) => {
      const t = asObject(entry) ?? {};
      const name = asString(t.name);
      return sameGroup(t.group, to.group) && t.kind === to.kind && (!name || name === to.name);
    });
  });
}

/**
 * istiod compares groups exactly: ReferenceGrantsCollection normalizes each `from` and `to` with
 * NormalizeReference (gatewaycommon/references.go), whose collections.All.FindByGroupKind
 * (pkg/config/schema/collection/schemas.go:158) matches `rs.Group() == gvk.Group`; the core kinds'
 * group is "" (collections.gen.go Secret, Service, ConfigMap), so a `to` of group "core" names no
 * kind istiod knows and is skipped ("Not supported type"). Linkerd reads no ReferenceGrant.
 */
const sameGroup = (written: unknown, group: string) => written === group;

const grants = new WeakMap<AnalyzerContext, Map<string, AnalysisResource[]>>();

function grantsIn(ctx: AnalyzerContext): Map<string, AnalysisResource[]> {
  let byNamespace = grants.get(ctx);
  if (!byNamespace) {
    byNamespace = new Map();
    for (const grant of ctx.resources(GATEWAY_GROUP, 'ReferenceGrant')) {
      const list = byNamespace.get(grant.namespace);
      if (list) list.push(grant);
      else byNamespace.set(grant.namespace, [grant]);
    }
    grants.set(ctx, byNamespace);
  }
  return byNamespace;
}
