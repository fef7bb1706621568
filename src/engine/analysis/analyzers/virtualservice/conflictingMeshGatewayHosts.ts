/** virtualservice/conflictingmeshgatewayhosts.go (ConflictingMeshGatewayHostsAnalyzer): IST0109. */
import {asArray, asObject} from '../../../istio/access';
import {hostsOverlap} from '../../../istio/hosts';
import {fqdn} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {nameRelated} from '../../related';
import {KINDS} from '../kinds';

/**
 * VirtualServices bound to the mesh gateway (no gateways, or `mesh` listed) grouped by scoped host:
 * the namespace they are exported to (`*` for all; `.` is their own) and the host's FQDN, each
 * VirtualService once per group (istioctl would list one naming a host twice as two). A
 * group exported to one namespace also holds the VirtualServices exported to all whose host matches
 * its host (wildcards included). Each VirtualService of a group of more than one is reported once,
 * for the first such group, naming the group sorted (the first ones: nameRelated).
 */
export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  inputs: [KINDS.VirtualService],
  analyze(ctx) {
    const byScopedHost: ScopedHosts = new Map();
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      const spec = asObject(vs.value.spec) ?? {};
      const gateways = asArray(spec.gateways);
      if (gateways.length > 0 && !gateways.includes('mesh')) continue;
      const hosts = asArray(spec.hosts);
      const exportTo = asArray(spec.exportTo);
      // Exported to all (no exportTo, the common case, or `*` in it): one scope, no list of scopes made.
      if (exportTo.includes('*') || !exportTo.some((e) => typeof e === 'string')) addScopedHosts(byScopedHost, vs, '*', hosts);
      else {
        const scopes = new Set<string>();
        for (const e of exportTo) if (typeof e === 'string') scopes.add(e === '.' ? vs.namespace : e);
        for (const scope of scopes) addScopedHosts(byScopedHost, vs, scope, hosts);
      }
    }
    // The groups exported to all namespaces, by exact host and, for wildcard hosts, in a list to match.
    const toAll = new Map<string, AnalysisResource[]>();
    const wildcardsToAll: Array<{host: string; list: AnalysisResource[]}> = [];
    for (const {scope, host, list} of byScopedHost.values()) {
      if (scope !== '*') continue;
      toAll.set(host, list);
      if (host.startsWith('*')) wildcardsToAll.push({host, list});
    }
    const reported = new Set<AnalysisResource>();
    for (const [scopedHost, {scope, host, list}] of byScopedHost) {
      const members = scope === '*' ? list : [...list, ...exportedToAllMatching(host, toAll, wildcardsToAll)];
      if (members.length < 2) continue;
      const names = nameRelated(members.map((vs) => `${vs.namespace}/${vs.name}`).sort(), ',');
      for (const vs of members) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        ctx.report(vs, 'ConflictingMeshGatewayVirtualServiceHosts', [names, scopedHost], {path: '/metadata/name'});
      }
    }
  },
};

type ScopedHosts = Map<string, {scope: string; host: string; list: AnalysisResource[]}>;

/** A VirtualService's hosts in one scope (the namespace it is exported to, `*` for all), by `scope/fqdn`. */
function addScopedHosts(byScopedHost: ScopedHosts, vs: AnalysisResource, scope: string, hosts: readonly unknown[]): void {
  for (const written of hosts) {
    if (typeof written !== 'string') continue;
    const host = fqdn(written, vs.namespace);
    const key = `${scope}/${host}`;
    const group = byScopedHost.get(key);
    if (!group) byScopedHost.set(key, {scope, host, list: [vs]});
    // Once per VirtualService: istioctl adds it again for a host written twice (short and FQDN)
    // and reports it in conflict with itself, which istiod does not see as a conflict.
    else if (group.list[group.list.length - 1] !== vs) group.list.push(vs);
  }
}

/** getExportToAllNamespacesVSListForScopedHost: the VirtualServices exported to all whose host matches (host.Name.Matches). */
function exportedToAllMatching(host: string, toAll: Map<string, AnalysisResource[]>, wildcards: Array<{host: string; list: AnalysisResource[]}>): AnalysisResource[] {
  const found: AnalysisResource[] = [];
  if (host.startsWith('*')) {
    for (const [other, list] of toAll) if (hostsOverlap(host, other)) found.push(...list);
    return found;
  }
  found.push(...(toAll.get(host) ?? []));
  for (const wildcard of wildcards) if (hostsOverlap(wildcard.host, host)) found.push(...wildcard.list);
  return found;
}
