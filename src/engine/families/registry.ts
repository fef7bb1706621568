/**
 * The API families the engine judges resources with, indexed once: the pipeline asks which
 * family serves a group, which schema validates a kind, which admission rule runs on it, and
 * analysis which analyzers there are. Every lookup on the hot path is one Map lookup.
 *
 * Adding a family: its folder (kinds.ts, index.ts), one line here and one in catalog.ts.
 */
import type {Analyzer} from '../analysis/analyzer';
import {FAMILY_KINDS, familyOfGroup as familyKindsOfGroup} from './catalog';
import {gatewayApi} from './gateway-api/index';
import {istio} from './istio/index';
import {kubernetes} from './kubernetes/index';
import {linkerd} from './linkerd/index';
import type {AdmissionRule, ApiFamily} from './types';

export const FAMILIES: readonly ApiFamily[] = [
  kubernetes,
  istio,
  gatewayApi,
  linkerd,
];

const byName = new Map<string, ApiFamily>(FAMILIES.map((family) => [family.name, family]));
if (byName.size !== FAMILY_KINDS.length || FAMILY_KINDS.some((kinds) => byName.get(kinds.name)?.kinds !== kinds.kinds)) {
  throw new Error(`families/registry.ts and families/catalog.ts list different families (${[...byName.keys()].join(', ')} / ${FAMILY_KINDS.map((f) => f.name).join(', ')})`);
}

/**
 * Families key their rules `group/kind`; looked up per document, by group then kind, so that no
 * key string is built (and hashed) for every resource checked.
 */
type ByGroupAndKind<T> = Map<string, Map<string, T>>;

function slotOf<T>(index: ByGroupAndKind<T>, key: string): {kinds: Map<string, T>; kind: string} {
  const slash = key.indexOf('/');
  const group = key.slice(0, slash);
  let kinds = index.get(group);
  if (!kinds) index.set(group, (kinds = new Map()));
  return {kinds, kind: key.slice(slash + 1)};
}

const admission: ByGroupAndKind<AdmissionRule> = new Map();
for (const family of FAMILIES) {
  for (const [key, rule] of family.admission) {
    const {kinds, kind} = slotOf(admission, key);
    kinds.set(kind, rule);
  }
}

/** Rules that apply only when the run shows their family's control plane. */
const admissionIfRunning: ByGroupAndKind<Array<{family: string; rule: AdmissionRule}>> = new Map();
for (const family of FAMILIES) {
  for (const [key, rule] of family.admissionOfOtherKinds ?? []) {
    // Appended in place: a copy of the list per added rule is quadratic in the rules of one kind.
    const {kinds, kind} = slotOf(admissionIfRunning, key);
    const rules = kinds.get(kind);
    if (rules) rules.push({family: family.name, rule});
    else kinds.set(kind, [{family: family.name, rule}]);
  }
}
const showingFamilies = FAMILIES.filter((family) => family.showsControlPlane);

/** The rules other families' webhooks apply to a kind when their control plane runs (Linkerd's on Gateway API routes). */
export function admissionIfControlPlane(group: string, kind: string): ReadonlyArray<{family: string; rule: AdmissionRule}> | undefined {
  return admissionIfRunning.get(group)?.get(kind);
}

/** The families whose control plane this object shows the cluster runs. */
export function controlPlanesShownBy(object: Record<string, unknown>): string[] | undefined {
  let shown: string[] | undefined;
  for (const family of showingFamilies) if (family.showsControlPlane!(object)) (shown ??= []).push(family.name);
  return shown;
}

const selectingFamilies = FAMILIES.filter((family) => family.webhooksSkipNamespace);

/** Whether a family's webhooks have a namespaceSelector, so that their denials wait for the run's Namespaces. */
export function webhooksSelectNamespaces(family: string): boolean {
  return byName.get(family)?.webhooksSkipNamespace !== undefined;
}

/** The families whose webhooks skip objects in this Namespace (their namespaceSelector excludes it). */
export function familiesSkippingNamespace(namespace: Record<string, unknown>): string[] | undefined {
  let skipping: string[] | undefined;
  for (const family of selectingFamilies) if (family.webhooksSkipNamespace!(namespace)) (skipping ??= []).push(family.name);
  return skipping;
}

/** The family serving an API group (by the group, or the domain its groups are under). */
export function familyOfGroup(group: string): ApiFamily | undefined {
  const kinds = familyKindsOfGroup(group);
  return kinds && byName.get(kinds.name);
}

/** The admission rule for a kind, if its family has one. */
export function admissionRule(group: string, kind: string): AdmissionRule | undefined {
  return admission.get(group)?.get(kind);
}

/** Every family's analyzers, in family order. */
export function allAnalyzers(): readonly Analyzer[] {
  return FAMILIES.flatMap((family) => family.analyzers);
}
