/**
 * The cluster the simulator routes in: the lab context plus the reader's documents,
 * indexed once. Like `kubectl apply`, an input resource replaces the context's resource
 * of the same identity but keeps its place in creation order (Istio orders
 * VirtualServices by creation time, so "oldest" means "earlier in this list").
 */
import {asArray, asObject, asString, type Obj} from '../engine/istio/access';
import {splitApiVersion} from '../engine/api-version';
import {isRecord} from '../engine/findings';
import {joinPointer} from '../engine/pointer';
import {ownValue, setOwn} from './own';
import {podNames, replicasOf} from './pods';

/** Where a resource was written: input file and document (file -1: the lab context), and the pointer of its root. */
export interface Located {
  file: number;
  document: number;
  pointer: string;
}

export interface WorldResource {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  metadata: Obj;
  spec: Obj;
  /** Creation order: lower is older. */
  order: number;
  at?: Located;
}

export interface Pod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** The Deployment (or other workload, or the Pod itself) it belongs to. */
  workload: string;
}

/**
 * The pods of one workload (or one Pod, or one ServiceEntry endpoint): how many there are,
 * and the first few by name. A Deployment may ask for 2^31-1 replicas; they stay a count.
 */
export interface PodSet {
  workload: string;
  namespace: string;
  labels: Record<string, string>;
  count: number;
  /** The first pods' names, at most NAMED_PODS_PER_WORKLOAD of them. */
  named: string[];
}

/** How many of a workload's pods get a name: enough to show and route by, never the whole count. */
export const NAMED_PODS_PER_WORKLOAD = 10;

/** A workload the API server would refuse (its replicas are no int32 count): it runs nothing. */
export interface RefusedWorkload {
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  message: string;
  at?: Located;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet']);

/** Documents of one input file, by document index (null/undefined entries are skipped). */
export type InputFile = readonly unknown[];

const ROOT_NAMESPACE = 'istio-system';
export const CLUSTER_DOMAIN = 'svc.cluster.local';

export class World {
  readonly resources: WorldResource[] = [];
  readonly rootNamespace = ROOT_NAMESPACE;

  constructor(context: readonly unknown[], inputs: readonly InputFile[] = []) {
    const byIdentity = new Map<string, number>();
    const add = (resource: WorldResource): void => {
      const key = `${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`;
      const existing = byIdentity.get(key);
      if (existing === undefined) {
        byIdentity.set(key, this.resources.length);
        this.resources.push(resource);
      } else {
        this.resources[existing] = {...resource, order: this.resources[existing]!.order};
      }
    };
    let order = 0;
    for (const value of context) for (const r of toResources(value, undefined)) add({...r, order: order++});
    inputs.forEach((documents, file) => {
      documents.forEach((value, document) => {
        for (const r of toResources(value, {file, document, pointer: ''})) add({...r, order: order++});
      });
    });
  }

  private readonly byKind = new Map<string, WorldResource[]>();
  private podList?: Pod[];
  private podModel?: {sets: PodSet[]; refused: RefusedWorkload[]};

  /** Resources of one kind, oldest first (computed once: the world does not change). */
  ofKind(group: string, kind: string): WorldResource[] {
    const key = `${group}/${kind}`;
    let list = this.byKind.get(key);
    if (!list) {
      list = this.resources.filter((r) => r.group === group && r.kind === kind).sort((a, b) => a.order - b.order);
      this.byKind.set(key, list);
    }
    return list;
  }

  get virtualServices(): WorldResource[] { return this.ofKind('networking.istio.io', 'VirtualService'); }
  get destinationRules(): WorldResource[] { return this.ofKind('networking.istio.io', 'DestinationRule'); }
  get gateways(): WorldResource[] { return this.ofKind('networking.istio.io', 'Gateway'); }
  get serviceEntries(): WorldResource[] { return this.ofKind('networking.istio.io', 'ServiceEntry'); }
  get peerAuthentications(): WorldResource[] { return this.ofKind('security.istio.io', 'PeerAuthentication'); }
  get services(): WorldResource[] { return this.ofKind('', 'Service'); }

  /** `name.namespace.svc.cluster.local` → Service. */
  serviceByFqdn(fqdn: string): WorldResource | undefined {
    return this.services.find((s) => `${s.name}.${s.namespace}.${CLUSTER_DOMAIN}` === fqdn);
  }

  /** The pods workloads run: Deployments etc. × replicas (as counts), plus Pods written as such. */
  get podSets(): PodSet[] {
    this.podModel ??= this.computePods();
    return this.podModel.sets;
  }

  /** Workloads whose replicas the API server would refuse, with its reason. */
  get refusedWorkloads(): RefusedWorkload[] {
    this.podModel ??= this.computePods();
    return this.podModel.refused;
  }

  /** The named pods: every pod of a small workload, the first few of a large one. */
  get pods(): Pod[] {
    this.podList ??= this.podSets.flatMap((set) => set.named.map((name) => ({name, namespace: set.namespace, labels: set.labels, workload: set.workload})));
    return this.podList;
  }

  private computePods(): {sets: PodSet[]; refused: RefusedWorkload[]} {
    const sets: PodSet[] = [];
    const refused: RefusedWorkload[] = [];
    for (const r of this.resources) {
      if (r.group === '' && r.kind === 'Pod') {
        sets.push({workload: r.name, namespace: r.namespace, labels: stringLabels(r.metadata.labels), count: 1, named: [r.name]});
        continue;
      }
      if (r.group !== 'apps' || !WORKLOAD_KINDS.has(r.kind)) continue;
      const labels = stringLabels(asObject(asObject(r.spec.template)?.metadata)?.labels);
      const replicas = replicasOf(r.kind, r.spec.replicas);
      if ('refused' in replicas) {
        refused.push({kind: r.kind, name: r.name, namespace: r.namespace, labels, message: replicas.refused, at: locate(r, 'spec', 'replicas')});
        continue;
      }
      sets.push({workload: r.name, namespace: r.namespace, labels, count: replicas.count,
        named: podNames(r.kind, r.name, r.namespace, replicas.count, NAMED_PODS_PER_WORKLOAD)});
    }
    return {sets, refused};
  }

  /** Workloads (with their pod labels) by name, for `--from`. */
  workloads(name: string, namespace?: string): Pod[] {
    const seen = new Map<string, Pod>();
    for (const pod of this.pods) {
      if (pod.workload !== name || (namespace !== undefined && pod.namespace !== namespace)) continue;
      if (!seen.has(`${pod.namespace}/${pod.workload}`)) seen.set(`${pod.namespace}/${pod.workload}`, pod);
    }
    // Scaled to zero: the workload still names a source (its template labels).
    for (const r of this.resources) {
      if (r.group === 'apps' && r.name === name && (namespace === undefined || r.namespace === namespace) && !seen.has(`${r.namespace}/${r.name}`)) {
        seen.set(`${r.namespace}/${r.name}`, {name: r.name, namespace: r.namespace, workload: r.name, labels: stringLabels(asObject(asObject(r.spec.template)?.metadata)?.labels)});
      }
    }
    return [...seen.values()];
  }

  namespaceExists(name: string): boolean {
    return this.resources.some((r) => (r.group === '' && r.kind === 'Namespace' && r.name === name) || r.namespace === name);
  }
}

function toResources(value: unknown, at: Located | undefined): Array<Omit<WorldResource, 'order'>> {
  if (!isRecord(value)) return [];
  if (value.kind === 'List' && Array.isArray(value.items)) {
    return value.items.flatMap((item, i) => toResources(item, at && {...at, pointer: joinPointer(at.pointer, 'items', i)}));
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
    metadata,
    spec: asObject(value.spec) ?? {},
    at,
  }];
}

export function stringLabels(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(value) ?? {})) if (typeof v === 'string') setOwn(labels, k, v);
  return labels;
}

export function labelsInclude(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => ownValue(labels, k) === v);
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

/** `exportTo` visibility (default `*`, the mesh default for defaultVirtualServiceExportTo/defaultDestinationRuleExportTo). */
export function exportedTo(resource: WorldResource, namespace: string): boolean {
  const exportTo = asArray(resource.spec.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && resource.namespace === namespace));
}

export function locate(resource: WorldResource, ...segments: Array<string | number>): Located | undefined {
  return resource.at && {...resource.at, pointer: joinPointer(resource.at.pointer, ...segments)};
}
