/** gateway/conflictinggateway.go (ConflictingGatewayAnalyzer): IST0145. */
import {asArray, asObject} from '../../../istio/access';
import {hostsOverlap} from '../../../istio/hosts';
import {formatLabels, stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {MAX_NAMED_RELATED, nameRelated} from '../../related';
import {KINDS} from '../kinds';

/**
 * IST0145: two Gateways with the same workload selector and server port whose hosts
 * overlap (host.Name.Matches on the hosts as written). Each server of each Gateway that
 * conflicts is reported, naming the other Gateways (the first ones, nameRelated).
 */
export const conflictingGatewayAnalyzer: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  inputs: [KINDS.Gateway],
  analyze: analyzeConflictingGateways,
};

function analyzeConflictingGateways(ctx: AnalyzerContext): void {
  const gateways = ctx.resources('networking.istio.io', 'Gateway');
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
      ctx.report(gateway, 'ConflictingGateways', [nameRelated(first, ',', total), selector, port, nameRelated(hosts, ',')], {path: at('/spec/servers', i), lineAt: null});
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
