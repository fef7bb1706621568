/** multicluster/service.go (ServiceAnalyzer, named services.MultiClusterServiceAnalyzer): IST0170. */
import {asArray, asObject} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/**
 * The cluster a resource was read from. istioctl's file mode, and every analysis here, reads one
 * cluster (istiod_analyze.go names it "default"): a Service then has no copy elsewhere to differ
 * from, and the analyzer reports nothing, as istioctl's does outside `--remote-contexts`.
 */
const clusterOf = (_resource: AnalysisResource): string => 'default';

/**
 * Services of the same namespace/name in several clusters must agree: headless in all or none,
 * the same type, the same ports (compared field by field after sorting by name). One IST0170
 * per Service, on one of its copies, naming the clusters that differ and why.
 */
export const multiClusterServiceAnalyzer: Analyzer = {
  name: 'services.MultiClusterServiceAnalyzer',
  inputs: [KINDS.Service],
  reports: [KINDS.Service],
  analyze(ctx) {
    const byName = new Map<string, Map<string, AnalysisResource>>();
    for (const service of ctx.resources('', 'Service')) {
      const key = `${service.namespace}/${service.name}`;
      const clusters = byName.get(key) ?? new Map<string, AnalysisResource>();
      byName.set(key, clusters);
      clusters.set(clusterOf(service), service);
    }
    for (const clusters of byName.values()) {
      if (clusters.size === 1) continue;
      const found = findInconsistencies(new Map([...clusters].map(([id, r]) => [id, asObject(r.value.spec) ?? {}])));
      if (found.clusters.length === 0) continue;
      const first = [...clusters.values()][0]!;
      ctx.report(first, 'MultiClusterInconsistentService', [first.name, first.namespace, found.clusters, found.reasons]);
    }
  },
};

/**
 * findInconsistencies: each copy against the first. Mixed headless and ClusterIP marks every
 * cluster; a different type or different ports marks that cluster (and then the first). Go lists
 * clusters and reasons in map order; here both are sorted.
 */
export function findInconsistencies(specs: ReadonlyMap<string, Record<string, unknown>>): {clusters: string[]; reasons: string} {
  const clusters = new Set<string>();
  const reasons = new Set<string>();
  const [firstCluster, first] = [...specs][0] ?? ['', {}];
  const headless = (spec: Record<string, unknown>) => spec.clusterIP === 'None';
  let addedHeadless = false;
  for (const [id, spec] of specs) {
    if (!addedHeadless && headless(first) !== headless(spec)) {
      addedHeadless = true;
      for (const cluster of specs.keys()) clusters.add(cluster);
      reasons.add('service has mixed mode like headless and clusterIP');
    }
    if (stringField(first.type) !== stringField(spec.type)) {
      clusters.add(id);
      reasons.add('service type is inconsistent');
    }
    if (!samePorts(asArray(first.ports), asArray(spec.ports))) {
      clusters.add(id);
      reasons.add('service ports are inconsistent');
    }
  }
  if (clusters.size > 0) clusters.add(firstCluster);
  return {clusters: [...clusters].sort(), reasons: [...reasons].sort().join('; ')};
}

const stringField = (value: unknown): string => (typeof value === 'string' ? value : '');

/** compareServicePorts: as many ports, equal one by one once both lists are sorted by name (stably). */
function samePorts(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const canonical = (ports: unknown[]) => ports.map(servicePort).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const left = canonical(a);
  const right = canonical(b);
  return left.every((port, i) => JSON.stringify(port) === JSON.stringify(right[i]));
}

/** A corev1.ServicePort as Go decodes it: absent fields are zero values; appProtocol is a pointer (absent differs from ""). */
function servicePort(value: unknown) {
  const port = asObject(value) ?? {};
  const number = (v: unknown) => (typeof v === 'number' ? v : 0);
  const target = port.targetPort;
  return {
    name: stringField(port.name),
    protocol: stringField(port.protocol),
    appProtocol: typeof port.appProtocol === 'string' ? port.appProtocol : null,
    port: number(port.port),
    targetPort: typeof target === 'string' ? `s:${target}` : `i:${number(target)}`,
    nodePort: number(port.nodePort),
  };
}
