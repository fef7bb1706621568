/** Gateway analysis (istioctl analyzers gateway/gateway.go, gateway/conflictinggateway.go). */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, stringOr} from '../istio/access';
import {hostsOverlap} from '../istio/hosts';
import {formatLabels, stringLabels} from '../model/cluster';
import type {AnalysisContext} from './context';
import {latestOf, type AnalysisResource} from '../model/resource';
import {MAX_NAMED_RELATED, nameRelated} from './related';

/**
 * gateway/gateway.go (IngressGatewayPortAnalyzer), with a cluster context: IST0101 "selector" when
 * no pod has the selector's labels (an empty selector matches every pod); otherwise IST0162 for each
 * server port that no TCP port of a Service selecting those pods targets. The gateway pod listens on
 * the Service's targetPort (its port when the targetPort is a name or absent). A port without
 * protocol counts as TCP, the API server's default.
 */
export function analyzeIngressGatewayPorts(ctx: AnalysisContext, gateway: AnalysisResource): void {
  if (!ctx.closedWorld) return;
  const spec = asObject(gateway.value.spec) ?? {};
  const selector = formatLabels(stringLabels(spec.selector));
  const pods = ctx.cluster.workloadsMatching(stringLabels(spec.selector));
  if (pods.length === 0) {
    ctx.report(gateway, {path: '/spec/selector', at: 'key', severity: 'error', code: CODES.referencedResourceNotFound,
      message: `Referenced selector not found: ${JSON.stringify(selector)}`});
    return;
  }
  const targets = new Set<number>();
  for (const service of ctx.cluster.services.values()) {
    const serviceSpec = asObject(service.value.spec) ?? {};
    const serviceSelector = Object.entries(stringLabels(serviceSpec.selector));
    // klabels.SelectorFromSet: a Service without selector matches every pod of its namespace here.
    if (!pods.some((pod) => pod.namespace === service.namespace && serviceSelector.every(([k, v]) => pod.labels[k] === v))) continue;
    for (const value of asArray(serviceSpec.ports)) {
      const port = asObject(value);
      if (stringOr(port?.protocol, 'TCP') !== 'TCP') continue;
      const target = port?.targetPort;
      const targetNumber = typeof target === 'number' ? target : typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : 0;
      const number = targetNumber !== 0 ? targetNumber : port?.port;
      if (typeof number === 'number') targets.add(number);
    }
  }
  asArray(spec.servers).forEach((server, i) => {
    const number = asObject(asObject(server)?.port)?.number;
    if (typeof number !== 'number' || targets.has(number)) return;
    ctx.report(gateway, {
      path: at('/spec/servers', i, 'port', 'number'), at: 'value', severity: 'warning', code: CODES.gatewayPortNotDefinedOnService,
      message: `The gateway is listening on a target port (port ${number}) that is not defined in the Service associated with its workload instances (Pod selector ${selector}). ` +
        'If you need to access the gateway port through the gateway Service, it will not be available.',
    });
  });
}

/**
 * IST0145: two Gateways with the same workload selector and server port whose hosts
 * overlap (host.Name.Matches on the hosts as written). Each server of each Gateway that
 * conflicts is reported, naming the other Gateways (the first ones, nameRelated).
 */
export function analyzeConflictingGateways(ctx: AnalysisContext): void {
  const gateways = latestOf(ctx.resources, 'networking.istio.io', 'Gateway');
  // selector~port -> gateway name -> hosts
  const byKey = new Map<string, Map<string, string[]>>();
  const servers = (gateway: AnalysisResource) => asArray(asObject(gateway.value.spec)?.servers).map((s) => asObject(s));
  const selectorOf = (gateway: AnalysisResource) => formatLabels(stringLabels(asObject(gateway.value.spec)?.selector));
  for (const gateway of gateways) {
    const name = `${gateway.namespace}/${gateway.name}`;
    const selector = selectorOf(gateway);
    for (const server of servers(gateway)) {
      const key = `${selector}~${String(asObject(server?.port)?.number ?? 0)}`;
      const entry = byKey.get(key) ?? new Map<string, string[]>();
      entry.set(name, asArray(server?.hosts).filter((h): h is string => typeof h === 'string'));
      byKey.set(key, entry);
    }
  }
  // Per selector~port: which Gateways name each exact host, so that thousands of Gateways
  // sharing a selector and port are not compared pairwise (only wildcards need that).
  const indexes = new Map<string, HostIndex>();
  const indexFor = (key: string): HostIndex | undefined => {
    const group = byKey.get(key);
    if (!group) return undefined;
    let index = indexes.get(key);
    if (!index) indexes.set(key, (index = indexHosts(group)));
    return index;
  };
  for (const gateway of gateways) {
    const name = `${gateway.namespace}/${gateway.name}`;
    const selector = selectorOf(gateway);
    servers(gateway).forEach((server, i) => {
      const port = String(asObject(server?.port)?.number ?? 0);
      const hosts = asArray(server?.hosts).filter((h): h is string => typeof h === 'string');
      const key = `${selector}~${port}`;
      const index = indexFor(key);
      const {first, total} = index && !index.wildcards && !hosts.some((host) => host.startsWith('*'))
        ? conflictsByExactHost(index, byKey.get(key)!, name, hosts)
        : conflictsByScan(byKey.get(key), name, hosts);
      if (total === 0) return;
      ctx.report(gateway, {
        path: at('/spec/servers', i), at: 'value', severity: 'error', code: CODES.conflictingGateways,
        message: `Conflict with gateways ${nameRelated(first, ',', total)} (workload selector ${selector}, port ${port}, hosts ${nameRelated(hosts, ',')}).`,
      });
    });
  }
}

/**
 * The other Gateways of a selector~port group whose hosts overlap a server's, in group order,
 * each once per host of the server it overlaps (istioctl's list): the first MAX_NAMED_RELATED
 * of that list and its length.
 */
interface Conflicts {
  first: string[];
  total: number;
}

/** Every other Gateway of the group, compared host by host (wildcards need hostsOverlap). */
function conflictsByScan(group: Map<string, string[]> | undefined, name: string, hosts: string[]): Conflicts {
  const first: string[] = [];
  let total = 0;
  for (const [other, otherHosts] of group ?? []) {
    if (other === name) continue;
    for (const host of hosts) {
      if (!otherHosts.some((h) => hostsOverlap(host, h))) continue;
      if (first.length < MAX_NAMED_RELATED) first.push(other);
      total++;
    }
  }
  return {first, total};
}

/**
 * No wildcard on either side: hosts overlap only when equal, so the index answers, and the
 * result is the scan's. Per host, only the first MAX_NAMED_RELATED others can be among the
 * first of the whole list; the rest are counted, not visited: thousands of Gateways sharing a
 * host cost no pairwise work.
 */
function conflictsByExactHost(index: HostIndex, group: Map<string, string[]>, name: string, hosts: string[]): Conflicts {
  const ownHosts = new Set(group.get(name));
  const counts = new Map<string, number>();
  let total = 0;
  for (const host of hosts) {
    const names = index.byHost.get(host) ?? [];
    // byHost names each Gateway once per host: this Gateway is there when its indexed hosts hold the host.
    total += names.length - (ownHosts.has(host) ? 1 : 0);
    let taken = 0;
    for (const other of names) {
      if (taken === MAX_NAMED_RELATED) break;
      if (other === name) continue;
      counts.set(other, (counts.get(other) ?? 0) + 1);
      taken++;
    }
  }
  const first: string[] = [];
  const found = [...counts.keys()].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
  for (const other of found) for (let n = counts.get(other)!; n > 0 && first.length < MAX_NAMED_RELATED; n--) first.push(other);
  return {first, total};
}

interface HostIndex {
  /** Gateways (in the group's order) naming each host exactly. */
  byHost: Map<string, string[]>;
  /** Each Gateway's position in the group. */
  order: Map<string, number>;
  /** Whether any Gateway of the group has a wildcard host. */
  wildcards: boolean;
}

function indexHosts(group: Map<string, string[]>): HostIndex {
  const index: HostIndex = {byHost: new Map(), order: new Map(), wildcards: false};
  for (const [name, hosts] of group) {
    index.order.set(name, index.order.size);
    for (const host of hosts) {
      if (host.startsWith('*')) index.wildcards = true;
      const names = index.byHost.get(host);
      if (!names) index.byHost.set(host, [name]);
      else if (names[names.length - 1] !== name) names.push(name);
    }
  }
  return index;
}
