/**
 * The cluster the simulator routes in: a view of the engine's cluster model
 * (src/engine/model) over the lab context plus the reader's documents, applied as
 * `kubectl apply` applies them (an input resource replaces the context's resource of the
 * same identity but keeps its place in creation order: Istio orders VirtualServices by
 * creation time, so "oldest" means "earlier in this list"), with the pods they run as counts.
 */
import {CLUSTER_DOMAIN, exportedTo} from '../engine/model/hosts';
import {formatLabels, labelsInclude, stringLabels} from '../engine/model/labels';
import {podNames, workloadPods} from '../engine/model/pods';
import {applyDocuments, indexByKind, type ClusterResource, type InputFile, type Located} from '../engine/model/resources';
import {joinPointer} from '../engine/pointer';

export {CLUSTER_DOMAIN, exportedTo, formatLabels, labelsInclude, stringLabels, type InputFile, type Located};

export type WorldResource = ClusterResource;

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

const NO_RESOURCES: readonly WorldResource[] = [];

export class World {
  readonly resources: WorldResource[];
  private readonly byKind: Map<string, WorldResource[]>;
  private readonly servicesByFqdn = new Map<string, WorldResource>();
  private podList?: Pod[];
  private podModel?: {sets: PodSet[]; refused: RefusedWorkload[]};

  constructor(context: readonly unknown[], inputs: readonly InputFile[] = []) {
    this.resources = applyDocuments(context, inputs);
    this.byKind = indexByKind(this.resources);
    for (const service of this.ofKind('', 'Service')) this.servicesByFqdn.set(`${service.name}.${service.namespace}.${CLUSTER_DOMAIN}`, service);
  }

  /** Resources of one kind, oldest first. */
  ofKind(group: string, kind: string): WorldResource[] {
    return this.byKind.get(`${group}/${kind}`) ?? (NO_RESOURCES as WorldResource[]);
  }

  get virtualServices(): WorldResource[] { return this.ofKind('networking.istio.io', 'VirtualService'); }
  get destinationRules(): WorldResource[] { return this.ofKind('networking.istio.io', 'DestinationRule'); }
  get gateways(): WorldResource[] { return this.ofKind('networking.istio.io', 'Gateway'); }
  get serviceEntries(): WorldResource[] { return this.ofKind('networking.istio.io', 'ServiceEntry'); }
  get peerAuthentications(): WorldResource[] { return this.ofKind('security.istio.io', 'PeerAuthentication'); }
  get services(): WorldResource[] { return this.ofKind('', 'Service'); }

  /** `name.namespace.svc.cluster.local` → Service. */
  serviceByFqdn(fqdn: string): WorldResource | undefined {
    return this.servicesByFqdn.get(fqdn);
  }

  /** The pods workloads run (every kind that runs pods, × its count), plus Pods written as such. */
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
      const workload = workloadPods(r);
      if (!workload) continue;
      const {kind, name, namespace, labels, pods} = workload;
      if ('refused' in pods) {
        refused.push({kind, name, namespace, labels, message: pods.refused, at: locate(r, 'spec', pods.field)});
        continue;
      }
      const named = kind === 'Pod' ? [name] : podNames(kind, name, namespace, pods.count, NAMED_PODS_PER_WORKLOAD);
      sets.push({workload: name, namespace, labels, count: pods.count, named});
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
      if (r.name !== name || (namespace !== undefined && r.namespace !== namespace) || seen.has(`${r.namespace}/${r.name}`)) continue;
      const workload = workloadPods(r);
      if (workload) seen.set(`${r.namespace}/${r.name}`, {name: r.name, namespace: r.namespace, workload: r.name, labels: workload.labels});
    }
    return [...seen.values()];
  }

  namespaceExists(name: string): boolean {
    return this.resources.some((r) => (r.group === '' && r.kind === 'Namespace' && r.name === name) || r.namespace === name);
  }
}

export function locate(resource: WorldResource, ...segments: Array<string | number>): Located | undefined {
  return resource.at && {...resource.at, pointer: joinPointer(resource.at.pointer, ...segments)};
}
