/** The custom resource kinds the engine knows (Istio, the Gateway API, Linkerd), from the generated schema data. */
import {catalog, schemas} from '../generated/schema-data.mjs';
import {splitApiVersion} from '../api-version';
import type {GroupVersionKind} from '../types';
import type {CatalogEntry, SchemaNode} from './schema-node';

const byKey = new Map<string, CatalogEntry>(catalog.map((entry) => [`${entry.group}/${entry.version}/${entry.kind}`, entry]));

/** Lookups by the exact apiVersion and kind written: a document asks several times, a manifest for few pairs. */
const lookups = new Map<string, Map<string, CatalogEntry | undefined>>();
const MAX_LOOKUPS = 4096;
let lookupCount = 0;

export function catalogEntry(apiVersion: string, kind: string): CatalogEntry | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const byKind = lookups.get(apiVersion);
  if (byKind?.has(kind)) return byKind.get(kind);
  const {group, version} = splitApiVersion(apiVersion.trim());
  const entry = byKey.get(`${group}/${version}/${kind.trim()}`);
  if (lookupCount < MAX_LOOKUPS) {
    lookupCount++;
    if (byKind) byKind.set(kind, entry);
    else lookups.set(apiVersion, new Map([[kind, entry]]));
  }
  return entry;
}

export function schemaFor(entry: CatalogEntry): SchemaNode {
  return schemas[entry.schemaId]!;
}

export function toGvk(entry: CatalogEntry): GroupVersionKind {
  return {group: entry.group, version: entry.version, kind: entry.kind};
}

export function allEntries(): readonly CatalogEntry[] {
  return catalog;
}
