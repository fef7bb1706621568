/** gateway/conflictinggateway.go (ConflictingGatewayAnalyzer): IST0145, IST0101 selector. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import {labelsInclude} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {MAX_NAMED_RELATED, nameRelated, pushTo} from '../../related';
import {KINDS} from '../kinds';
import {firstLabelPath} from '../selected';

/**
 * Gateways are grouped by selector and server port. A Gateway's server conflicts with the other
 * Gateways of its port in the groups of its own selector, and of each selector that contains its
 * selector's text or is contained in it when some pod matches both (a sub-selector), that declare one
 * of its hosts, exactly, with the same bind (model.CheckDuplicates; a Gateway's last server on a port
 * stands for it). Each such server is reported naming those Gateways sorted (the first ones:
 * nameRelated). Indexed by host, so thousands of Gateways on one host cost no pairwise work.
 */
export const conflictingGatewayAnalyzer: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  inputs: [KINDS.Gateway],
  analyze: analyzeConflictingGateways,
};

interface Group {
  /** Each Gateway's hosts in this group (its last server on the port), with their bind. */
  hostsOf: Map<string, Map<string, string>>;
  /** `host\0bind` → the Gateways declaring it, sorted once asked for. */
  byHost: Map<string, string[]>;
  sorted: Set<string>;
}

function analyzeConflictingGateways(ctx: AnalyzerContext): void {
  const gateways = ctx.resources('networking.istio.io', 'Gateway');
  const groups = new Map<string, Group>();
  const selectors = new Map<string, Record<string, string>>();
  // Each Gateway's name, selector and servers (port, hosts, bind), read once for both passes.
  const read = gateways.map((gateway) => {
    const labels = stringLabels(asObject(gateway.value.spec)?.selector);
    return {gateway, name: `${gateway.namespace}/${gateway.name}`, labels, selector: formatLabels(labels), list: servers(gateway)};
  });
  for (const {name, labels, selector, list} of read) {
    selectors.set(selector, labels);
    for (const {port, hosts, bind} of list) {
      const key = `${selector}~${port}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = {hostsOf: new Map(), byHost: new Map(), sorted: new Set()}));
      const binds = new Map<string, string>();
      for (const host of hosts) binds.set(host, bind);
      group.hostsOf.set(name, binds);
    }
  }
  for (const group of groups.values()) {
    for (const [name, hosts] of group.hostsOf) {
      for (const [host, bind] of hosts) pushTo(group.byHost, `${host}\u0000${bind}`, name);
    }
  }
  const related = relatedSelectors(ctx, selectors);
  // The selectors with a group (a Gateway with servers): looked up, not found among the groups' keys per Gateway.
  const grouped = new Set<string>();
  for (const {selector, list} of read) if (list.length > 0) grouped.add(selector);
  for (const {gateway, name, selector, list} of read) {
    const matching = related.get(selector) ?? [];
    if (selector !== '' && list.length === 0 && !matching.some((other) => grouped.has(other))) {
      ctx.report(gateway, 'ReferencedResourceNotFound', ['selector', selector], {path: '/spec/selector', at: 'key', lineAt: firstLabelPath('/spec/selector', selector)});
      continue;
    }
    list.forEach(({port, hosts, bind}, i) => {
      const lists: string[][] = [];
      for (const other of matching) {
        const group = groups.get(`${other}~${port}`);
        if (!group) continue;
        for (const host of hosts) {
          const names = sortedNames(group, `${host}\u0000${bind}`);
          if (names) lists.push(names);
        }
      }
      // Its own name alone on each of its hosts (nearly every server): nothing to gather.
      if (lists.every((names) => names.length === 1 && names[0] === name)) return;
      const {first, total} = conflictsOf(lists, name);
      if (total === 0) return;
      ctx.report(gateway, 'ConflictingGateways', [nameRelated(first, ',', total), selector, port, nameRelated(hosts, ',')], {path: at('/spec/servers', i), lineAt: null});
    });
  }
}

function sortedNames(group: Group, key: string): string[] | undefined {
  const names = group.byHost.get(key);
  // A list of one (nearly every host) is sorted as it is.
  if (names && names.length > 1 && !group.sorted.has(key)) {
    names.sort(compare);
    group.sorted.add(key);
  }
  return names;
}

/**
 * The other Gateways of the lists (sorted, each Gateway once per list): the first MAX_NAMED_RELATED
 * in order and how many. One list (one host, one group: the common case) is read, not copied.
 */
function conflictsOf(lists: string[][], self: string): {first: string[]; total: number} {
  if (lists.length === 1) {
    const names = lists[0]!;
    const own = names.includes(self) ? 1 : 0;
    return {first: names.slice(0, MAX_NAMED_RELATED + own).filter((n) => n !== self).slice(0, MAX_NAMED_RELATED), total: names.length - own};
  }
  const all = new Set<string>();
  for (const names of lists) for (const name of names) if (name !== self) all.add(name);
  return {first: smallest([...all], MAX_NAMED_RELATED), total: all.size};
}

/**
 * For each selector, the selectors whose Gateways it is compared with: itself, and each selector
 * whose text contains its text or is contained in it, when some workload matches both (so their
 * labels agree). Those are found through the workloads the selector matches and the selectors
 * indexed by label, not by comparing every pair of selectors: 20,000 Gateways with a selector
 * each took 14 s of CPU.
 */
function relatedSelectors(ctx: AnalyzerContext, selectors: Map<string, Record<string, string>>): Map<string, string[]> {
  const related = new Map<string, string[]>();
  const position = new Map<string, number>();
  const byLabel = new Map<string, string[]>();
  const empty: string[] = [];
  for (const [selector, labels] of selectors) {
    position.set(selector, position.size);
    const keys = Object.keys(labels);
    if (keys.length === 0) empty.push(selector);
    for (const key of keys) pushTo(byLabel, `${key}=${labels[key]}`, selector);
  }
  for (const [selector, labels] of selectors) {
    const others = new Set<string>();
    for (const workload of ctx.cluster.workloadsMatching(labels)) {
      for (const other of selectorsMatching(workload.labels, selectors, byLabel, empty)) {
        if (other !== selector && (other.includes(selector) || selector.includes(other))) others.add(other);
      }
    }
    related.set(selector, [selector, ...[...others].sort((a, b) => position.get(a)! - position.get(b)!)]);
  }
  return related;
}

/** The selectors a workload's labels satisfy: the empty ones, and those found under one of its labels. */
function* selectorsMatching(labels: Record<string, string>, selectors: Map<string, Record<string, string>>, byLabel: Map<string, string[]>, empty: readonly string[]): Iterable<string> {
  yield* empty;
  for (const key of Object.keys(labels)) {
    for (const selector of byLabel.get(`${key}=${labels[key]}`) ?? []) {
      if (labelsInclude(labels, selectors.get(selector)!)) yield selector;
    }
  }
}

interface Server {
  port: string;
  hosts: string[];
  bind: string;
}

function servers(gateway: AnalysisResource): Server[] {
  return asArray(asObject(gateway.value.spec)?.servers).map((s) => {
    const server = asObject(s);
    const number = asObject(server?.port)?.number;
    return {port: String(typeof number === 'number' ? number : 0), hosts: asArray(server?.hosts).filter((h): h is string => typeof h === 'string'), bind: stringOr(server?.bind)};
  });
}

/** Go's sort.Strings order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `count` smallest names, sorted, without sorting them all. */
function smallest(names: string[], count: number): string[] {
  const kept: string[] = [];
  for (const name of names) {
    if (kept.length === count && compare(name, kept[count - 1]!) >= 0) continue;
    let i = kept.length;
    while (i > 0 && compare(kept[i - 1]!, name) > 0) i--;
    kept.splice(i, 0, name);
    if (kept.length > count) kept.pop();
  }
  return kept;
}
