/**
 * What every API family serves, by name only: which group belongs to which family, a kind's
 * scope, resource names and pods, which documents make a lab. Plain data indexed once into
 * Maps, light enough for every page of the book (the code blocks, the labs' panels, the
 * terminal's kubectl); what judges resources lives in registry.ts.
 *
 * Adding a family: its folder (kinds.ts, index.ts), one line here and one in registry.ts.
 */
import {splitApiVersion} from '../api-version';
import {mapUnder} from '../model/groups';
import {gatewayApiKinds} from './gateway-api/kinds';
import {istioKinds} from './istio/kinds';
import {kubernetesKinds} from './kubernetes/kinds';
import {linkerdKinds} from './linkerd/kinds';
import type {FamilyKinds, KindSpec, PodSource} from './types';

export const FAMILY_KINDS: readonly FamilyKinds[] = [
  kubernetesKinds,
  istioKinds,
  gatewayApiKinds,
  linkerdKinds,
];

const familyByGroup = new Map<string, FamilyKinds>();
const domains: Array<{suffix: string; domain: string; family: FamilyKinds}> = [];
const closedGroups = new Set<string>();
/** By group, then kind: a lookup per resource builds no `group/kind` key string. */
const kindByGroupKind = new Map<string, Map<string, KindSpec>>();
const kindsByGroup = new Map<string, KindSpec[]>();
const resourceByName = new Map<string, string>();
const workloadKinds: KindSpec[] = [];

for (const family of FAMILY_KINDS) {
  for (const group of family.groups) {
    familyByGroup.set(group, family);
    closedGroups.add(group);
  }
  for (const group of family.openGroups ?? []) familyByGroup.set(group, family);
  if (family.groupDomain) domains.push({suffix: `.${family.groupDomain}`, domain: family.groupDomain, family});
  for (const spec of family.kinds) {
    mapUnder(kindByGroupKind, spec.group).set(spec.kind, spec);
    const inGroup = kindsByGroup.get(spec.group);
    if (inGroup) inGroup.push(spec);
    else kindsByGroup.set(spec.group, [spec]);
    if (spec.pods) workloadKinds.push(spec);
    if (!spec.plural) continue;
    // The first family to claim a name keeps it (kubectl resolves `gateways` by group priority too).
    for (const name of [spec.plural, spec.kind.toLowerCase(), ...(spec.shortNames ?? [])]) {
      if (!resourceByName.has(name)) resourceByName.set(name, spec.plural);
    }
  }
}

/** The family serving an API group: by the group itself, or by the domain its groups live under. */
export function familyOfGroup(group: string): FamilyKinds | undefined {
  const family = familyByGroup.get(group);
  if (family) return family;
  for (const {suffix, domain, family: owner} of domains) if (group === domain || group.endsWith(suffix)) return owner;
  return undefined;
}

/** Whether every kind of the group is listed (any other is kubectl's "no matches for kind"). */
export function isClosedGroup(group: string): boolean {
  return closedGroups.has(group);
}

export function kindSpec(group: string, kind: string): KindSpec | undefined {
  return kindByGroupKind.get(group)?.get(kind);
}

export function kindsOfGroup(group: string): readonly KindSpec[] {
  return kindsByGroup.get(group) ?? [];
}

/** The kinds that run pods (controllers stamping them from a template, and Pod itself), one list for every reader. */
export function podRunningKinds(): readonly KindSpec[] {
  return workloadKinds;
}

/** Where a kind's pods come from: a template (with how many), the Pod itself, or none. */
export function podSourceOf(group: string, kind: string): PodSource | 'self' | undefined {
  return kindByGroupKind.get(group)?.get(kind)?.pods;
}

/** kubectl's resource names: `vs`, `VirtualService`, `virtualservice` → `virtualservices`; undefined for a name no family serves. */
export function canonicalResourceName(name: string): string | undefined {
  return resourceByName.get(name.toLowerCase());
}

/** Whether a document of this apiVersion makes a code block a lab (its family's documents are what labs teach). */
export function makesLab(apiVersion: string): boolean {
  return familyOfGroup(groupOf(apiVersion))?.labs === true;
}

/** Whether the simulator routes requests through this kind, or decides them by it (a lab of it offers the request panel). */
export function routesRequests(apiVersion: string, kind: string): boolean {
  return kindSpec(groupOf(apiVersion), kind)?.routesRequests === true;
}

function groupOf(apiVersion: string): string {
  return splitApiVersion(apiVersion).group;
}
