/** The Istio kinds the engine knows, from the generated schema data. */
import {catalog, schemas} from '../generated/schema-data.mjs';
import type {GroupVersionKind} from '../types';
import type {CatalogEntry, SchemaNode} from './schema-node';

const byKey = new Map<string, CatalogEntry>(catalog.map((entry) => [`${entry.group}/${entry.version}/${entry.kind}`, entry]));

/** `networking.istio.io/v1beta1` → group and version; core kinds (`v1`) have no group. */
export function splitApiVersion(apiVersion: string): {group: string; version: string} {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? {group: '', version: apiVersion} : {group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1)};
}

export function catalogEntry(apiVersion: string, kind: string): CatalogEntry | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const {group, version} = splitApiVersion(apiVersion.trim());
  return byKey.get(`${group}/${version}/${kind.trim()}`);
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
