/**
 * Whether a ReferenceGrant permits a reference across namespaces, as istiod 1.30.3 decides it
 * (gatewaycommon/references.go SecretAllowed, BackendAllowed): a grant's entries read by
 * `../../../model/reference-grants.ts`, shared with the simulator; here indexed and decided once per
 * referring kind and namespace, and open-world aware.
 */
import {asArray, asObject} from '../../../istio/access';
import {grantedNames} from '../../../model/reference-grants';
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
    const granted = grantedNames(grant.value.spec, to);
    if (granted === 'all') return ALL;
    for (const name of granted) names.add(name);
  }
  return {all: false, names};
}

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
