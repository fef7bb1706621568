/**
 * An index of what the cluster would contain (input documents plus context),
 * built once in linear time so analysis of 20,000 resources stays fast.
 */
import {asArray, asObject, stringOr} from '../istio/access';
import {CLUSTER_DOMAIN, exportedTo, fqdn, hostsOverlap} from './hosts';
import {pushTo} from './groups';
import {labelsInclude, stringLabels} from './labels';
import {workloadPods} from './pods';
import type {AnalysisResource} from './resource';

export {CLUSTER_DOMAIN, fqdn} from './hosts';
export {formatLabels, stringLabels} from './labels';

export interface Workload {
  namespace: string;
  labels: Record<string, string>;
  /** The Pod, controller (Deployment…) or WorkloadEntry it comes from. */
  name: string;
  /** Its pods' spec (containers and their ports); none for a WorkloadEntry. */
  podSpec?: Record<string, unknown>;
}

export interface ClusterOptions {
  /**
   * Where workloads come from: by default every kind that runs pods, through its pod template,
   * and WorkloadEntries (the book's clusters, where a Deployment stands for its pods); `pods`:
   * Pod objects only, as istioctl's analyzers see a cluster (they list Pods and expand no controller).
   */
  workloads?: 'templates' | 'pods';
}

export class Cluster {
  readonly services = new Map<string, AnalysisResource>();
  readonly serviceEntryHosts = new Map<string, AnalysisResource[]>();
  readonly wildcardServiceEntryHosts: Array<{host: string; entry: AnalysisResource}> = [];
  readonly destinationRules = new Map<string, AnalysisResource[]>();
  readonly gateways = new Map<string, AnalysisResource>();
  readonly namespaces = new Map<string, Record<string, string>>();
  readonly workloads: Workload[] = [];
  readonly workloadsByNamespace = new Map<string, Workload[]>();
  /** Workloads by one of their labels (`key=value`), in the order added: selectors look at the fewest. */
  private readonly workloadsByLabel = new Map<string, Workload[]>();

  private readonly podsOnly: boolean;

  constructor(resources: readonly AnalysisResource[], options: ClusterOptions = {}) {
    this.podsOnly = options.workloads === 'pods';
    for (const resource of resources) this.add(resource);
  }

  private add(resource: AnalysisResource): void {
    const {group, kind, name, namespace, value} = resource;
    const spec = asObject(value.spec) ?? {};
    if (group === '' && kind === 'Service') this.services.set(`${name}.${namespace}.${CLUSTER_DOMAIN}`, resource);
    else if (group === '' && kind === 'Namespace') this.namespaces.set(name, stringLabels(asObject(value.metadata)?.labels));
    else if (group === 'networking.istio.io') {
      if (kind === 'ServiceEntry') {
        for (const host of asArray(spec.hosts)) {
          if (typeof host !== 'string') continue;
          if (host.startsWith('*')) this.wildcardServiceEntryHosts.push({host, entry: resource});
          else pushTo(this.serviceEntryHosts, host, resource);
        }
      } else if (kind === 'DestinationRule') {
        const host = stringOr(spec.host);
        if (host) pushTo(this.destinationRules, fqdn(host, namespace), resource);
      } else if (kind === 'Gateway') this.gateways.set(`${namespace}/${name}`, resource);
      else if (kind === 'WorkloadEntry' && !this.podsOnly) this.addWorkload(namespace, name, stringLabels(spec.labels));
    } else if (!this.podsOnly || (group === '' && kind === 'Pod')) {
      // Every kind that runs pods (the API families' catalog): its pods' labels, whatever their count.
      const pods = workloadPods(resource);
      if (pods) this.addWorkload(namespace, name, pods.labels, pods.podSpec);
    }
  }

  private addWorkload(namespace: string, name: string, labels: Record<string, string>, podSpec?: Record<string, unknown>): void {
    const workload: Workload = podSpec ? {namespace, name, labels, podSpec} : {namespace, name, labels};
    this.workloads.push(workload);
    const list = this.workloadsByNamespace.get(namespace);
    if (list) list.push(workload);
    else this.workloadsByNamespace.set(namespace, [workload]);
    for (const key of Object.keys(workload.labels)) {
      const label = `${key}=${workload.labels[key]}`;
      const withLabel = this.workloadsByLabel.get(label);
      if (withLabel) withLabel.push(workload);
      else this.workloadsByLabel.set(label, [workload]);
    }
  }

  /** The Service a host names, as istioctl resolves it: short name in the resource's namespace, or name.ns.svc.cluster.local. */
  serviceFor(host: string, namespace: string): AnalysisResource | undefined {
    return this.services.get(fqdn(host, namespace));
  }

  /**
   * The first ServiceEntry for a host that `namespace` can see (util.InitServiceEntryHostMap scopes
   * them by exportTo), as written, then as the short name's FQDN. Found without copying the host's
   * list: 20,000 ServiceEntries for one host made every lookup copy them all.
   */
  private entryFor(host: string, namespace: string): AnalysisResource | undefined {
    const visible = (entry: AnalysisResource) => exportedTo(entry, namespace);
    return this.serviceEntryHosts.get(host)?.find(visible) ?? (host.includes('.') ? undefined : this.serviceEntryHosts.get(fqdn(host, namespace))?.find(visible));
  }

  /** Whether any Service or ServiceEntry visible from `namespace` provides the host. */
  hostExists(host: string, namespace: string): boolean {
    if (this.serviceFor(host, namespace)) return true;
    if (this.entryFor(host, namespace)) return true;
    if (host.startsWith('*')) {
      for (const known of this.services.keys()) if (hostsOverlap(host, known)) return true;
      for (const [known, entries] of this.serviceEntryHosts) {
        if (hostsOverlap(host, known) && entries.some((entry) => exportedTo(entry, namespace))) return true;
      }
    }
    return this.wildcardServiceEntryHosts.some(({host: wildcard, entry}) => hostsOverlap(wildcard, host) && exportedTo(entry, namespace));
  }

  /** Port numbers of the Service or ServiceEntry providing a host; undefined when unknown. */
  portsOf(host: string, namespace: string): number[] | undefined {
    const service = this.serviceFor(host, namespace);
    if (service) return numbers(asArray(asObject(service.value.spec)?.ports), 'port');
    const entry = this.entryFor(host, namespace);
    return entry ? numbers(asArray(asObject(entry.value.spec)?.ports), 'number') : undefined;
  }

  /**
   * util.GetDestinationHost as destinationrule/subset.go uses it: the Service or ServiceEntry visible
   * from `namespace` that provides the host, exactly or through a wildcard ServiceEntry whose suffix
   * ends the host (a wildcard host is not matched against Services), with its workload selector.
   */
  destinationFor(host: string, namespace: string): {provider: AnalysisResource; selector: Record<string, string>} | undefined {
    const service = this.serviceFor(host, namespace);
    if (service) return {provider: service, selector: stringLabels(asObject(service.value.spec)?.selector)};
    const suffix = host.startsWith('*') ? host.slice(1) : host;
    const entry = this.entryFor(host, namespace) ??
      this.wildcardServiceEntryHosts.find((w) => suffix.endsWith(w.host.slice(1)) && exportedTo(w.entry, namespace))?.entry;
    return entry ? {provider: entry, selector: stringLabels(asObject(asObject(entry.value.spec)?.workloadSelector)?.labels)} : undefined;
  }

  destinationRulesFor(host: string, namespace: string): AnalysisResource[] {
    return this.destinationRules.get(fqdn(host, namespace)) ?? [];
  }

  workloadsMatching(selector: Record<string, string>, namespace?: string): Workload[] {
    return this.candidates(selector, namespace).filter((w) => matches(w, selector, namespace));
  }

  /** Whether some workload matches: most callers ask only that, and a list of them all was built to be counted. */
  anyWorkloadMatching(selector: Record<string, string>, namespace?: string): boolean {
    return this.firstWorkloadMatching(selector, namespace) !== undefined;
  }

  /** The first workload matching, in the order added (without listing the others). */
  firstWorkloadMatching(selector: Record<string, string>, namespace?: string): Workload | undefined {
    for (const w of this.candidates(selector, namespace)) if (matches(w, selector, namespace)) return w;
    return undefined;
  }

  /** Only workloads carrying every selected label match: the rarest label's list (same order, a superset of the matches). */
  private candidates(selector: Record<string, string>, namespace: string | undefined): readonly Workload[] {
    let pool = namespace === undefined ? this.workloads : (this.workloadsByNamespace.get(namespace) ?? []);
    for (const k of Object.keys(selector)) {
      const withLabel = this.workloadsByLabel.get(`${k}=${selector[k]}`) ?? [];
      if (withLabel.length < pool.length) pool = withLabel;
    }
    return pool;
  }
}

function matches(workload: Workload, selector: Record<string, string>, namespace: string | undefined): boolean {
  return (namespace === undefined || workload.namespace === namespace) && labelsInclude(workload.labels, selector);
}

function numbers(ports: unknown[], field: string): number[] {
  return ports.map((p) => asObject(p)?.[field]).filter((n): n is number => typeof n === 'number');
}
