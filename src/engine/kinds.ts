/**
 * What a document's apiVersion/kind names, as the API families registered in
 * families/registry.ts serve them: a kind with a CRD schema, a built-in (accepted as cluster
 * context, metadata and admission checked), or something unknown, with kubectl's
 * "no matches for kind" wording and suggestions.
 */
import {splitApiVersion} from './api-version';
import {isClosedGroup, kindSpec, kindsOfGroup} from './families/catalog';
import {familyOfGroup} from './families/registry';
import type {ApiFamily} from './families/types';
import {CODES} from './codes';
import {closest} from './suggest';
import type {GroupVersionKind} from './types';

export type KindClass =
  /** Validated by its family's CRD schema. */
  | {type: 'schema'; family: ApiFamily; gvk: GroupVersionKind}
  /** A built-in kind (or one of a group served without a kind list): metadata and admission checked. */
  | {type: 'built-in'; family: ApiFamily; group: string; version: string}
  | {type: 'unknown'; code: string; message: string; at: 'apiVersion' | 'kind'}
  | {type: 'other'; group: string};

/** Classes by the apiVersion and kind written: a manifest repeats few pairs many times. Capped. */
const classes = new Map<string, Map<string, KindClass>>();
const MAX_CLASSES = 4096;
let classCount = 0;

export function classifyKind(apiVersion: string, kind: string): KindClass {
  const byKind = classes.get(apiVersion);
  const known = byKind?.get(kind);
  if (known) return known;
  const kindClass = classify(apiVersion, kind);
  if (classCount < MAX_CLASSES) {
    classCount++;
    if (byKind) byKind.set(kind, kindClass);
    else classes.set(apiVersion, new Map([[kind, kindClass]]));
  }
  return kindClass;
}

/**
 * The families and kinds this isolate has classified so far, named by the catalog (never by
 * the input), in a stable order: which of the engine's validators a run used. The CLI's launcher
 * (bin/meshdive.js) re-saves its V8 code cache when a run used one the cache does not cover.
 */
export function kindsClassified(): string[] {
  const parts = new Set<string>();
  for (const byKind of classes.values()) {
    for (const kindClass of byKind.values()) {
      if (kindClass.type === 'schema') parts.add(`${kindClass.family.name}/${kindClass.gvk.group}/${kindClass.gvk.kind}`);
      else if (kindClass.type === 'built-in') parts.add(`${kindClass.family.name}/built-in`);
    }
  }
  return [...parts].sort();
}

function classify(apiVersion: string, kind: string): KindClass {
  const {group, version} = splitApiVersion(apiVersion);
  const family = familyOfGroup(group);
  if (!family) return {type: 'other', group};
  if (family.schemaKind) {
    const gvk = family.schemaKind(apiVersion, kind);
    if (gvk) return {type: 'schema', family, gvk};
    return {type: 'unknown', code: family.unknownKindCode ?? CODES.unknownKind, ...unknownSchemaKind(family, group, version, kind)};
  }
  if (isClosedGroup(group)) {
    const noMatch = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
    const spec = kindSpec(group, kind);
    if (!spec) {
      const suggestion = closest(kind, kindsOfGroup(group).map((k) => k.kind));
      return {type: 'unknown', code: CODES.unknownKind, at: 'kind', message: `${noMatch}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}`};
    }
    if (!spec.versions.includes(version)) {
      const served = spec.versions.map((v) => (group ? `${group}/${v}` : v)).join(', ');
      return {type: 'unknown', code: CODES.unknownKind, at: 'apiVersion', message: `${noMatch}: ${kind} is served as ${served}`};
    }
  }
  return {type: 'built-in', family, group, version};
}

/** A kind its family's CRDs do not serve in this group/version: where it is served, or the nearest names. */
function unknownSchemaKind(family: ApiFamily, group: string, version: string, kind: string): {message: string; at: 'apiVersion' | 'kind'} {
  const all = family.schemaKinds?.() ?? [];
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
    : `; known ${family.title} groups: ${[...new Set(all.map((k) => k.group))].sort().join(', ')}`;
  return {at: 'kind', message: `${noMatch}${hint}${known}`};
}
