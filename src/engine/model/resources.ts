/**
 * One way to read a cluster from documents: the objects they hold (a List's items each),
 * applied as `kubectl apply` applies them. The context first, then the input files; an
 * object already there (same group, kind, namespace and name) is replaced by the later one
 * but keeps its place in creation order, which Istio reads ("oldest VirtualService first").
 */
import {splitApiVersion} from '../api-version';
import {isRecord} from '../findings';
import {asObject, asString, type Obj} from '../istio/access';
import {joinPointer} from '../pointer';

/** Where a resource was written: input file and document (file -1: the lab context), and the pointer of its root. */
export interface Located {
  file: number;
  document: number;
  pointer: string;
}

export interface ClusterResource {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  /** The whole object as written. */
  value: Record<string, unknown>;
  metadata: Obj;
  spec: Obj;
  /** Creation order: lower is older. */
  order: number;
  /** Absent for the context's resources. */
  at?: Located;
}

/** Documents of one input file, by document index (null/undefined entries are skipped). */
export type InputFile = readonly unknown[];

/** The objects one document holds, with where each sits: itself, or each item of a List. */
export function objectsOf(value: unknown, at: Located | undefined): Array<Omit<ClusterResource, 'order'>> {
  if (!isRecord(value)) return [];
  if (value.kind === 'List' && Array.isArray(value.items)) {
    return value.items.flatMap((item, i) => objectsOf(item, at && {...at, pointer: joinPointer(at.pointer, 'items', i)}));
  }
  const apiVersion = asString(value.apiVersion);
  const kind = asString(value.kind);
  const metadata = asObject(value.metadata) ?? {};
  const name = asString(metadata.name);
  if (!apiVersion || !kind || !name) return [];
  return [{
    group: splitApiVersion(apiVersion).group,
    kind,
    name,
    namespace: asString(metadata.namespace) || 'default',
    value,
    metadata,
    spec: asObject(value.spec) ?? {},
    at,
  }];
}

/** `group/kind/namespace/name`: one object of the cluster. */
export function identityOf(resource: {group: string; kind: string; namespace: string; name: string}): string {
  return `${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`;
}

/** The context's objects, then the input files', applied in order: the cluster they leave, oldest first. */
export function applyDocuments(context: readonly unknown[], inputs: readonly InputFile[] = []): ClusterResource[] {
  const resources: ClusterResource[] = [];
  const byIdentity = new Map<string, number>();
  let order = 0;
  const add = (resource: Omit<ClusterResource, 'order'>): void => {
    const key = identityOf(resource);
    const existing = byIdentity.get(key);
    if (existing === undefined) {
      byIdentity.set(key, resources.length);
      resources.push({...resource, order: order++});
    } else {
      order++;
      resources[existing] = {...resource, order: resources[existing]!.order};
    }
  };
  for (const value of context) for (const resource of objectsOf(value, undefined)) add(resource);
  inputs.forEach((documents, file) => {
    documents.forEach((value, document) => {
      for (const resource of objectsOf(value, {file, document, pointer: ''})) add(resource);
    });
  });
  return resources;
}

/** Resources by group and kind, each list oldest first: built once, looked up in one Map get. */
export function indexByKind<R extends {group: string; kind: string; order: number}>(resources: readonly R[]): Map<string, R[]> {
  const byKind = new Map<string, R[]>();
  for (const resource of [...resources].sort((a, b) => a.order - b.order)) {
    const key = `${resource.group}/${resource.kind}`;
    const list = byKind.get(key);
    if (list) list.push(resource);
    else byKind.set(key, [resource]);
  }
  return byKind;
}
