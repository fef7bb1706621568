/** virtualservice/conflictingmeshgatewayhosts.go (ConflictingMeshGatewayHostsAnalyzer): IST0109. */
import {asArray, asObject} from '../../../istio/access';
import {fqdn} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {MAX_NAMED_RELATED, nameRelated, pushTo} from '../../related';
import {KINDS} from '../kinds';

/**
 * Two VirtualServices bound to the mesh gateway (no gateways, or `mesh` listed) for the same host in
 * the same export scope. Grouped by scoped host in one pass; each message names the first of them
 * (nameRelated), as many VirtualServices for one host would otherwise make the report quadratic.
 */
export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  inputs: [KINDS.VirtualService],
  analyze(ctx) {
    const byHost = new Map<string, AnalysisResource[]>();
    for (const resource of ctx.resources('networking.istio.io', 'VirtualService')) {
      const spec = asObject(resource.value.spec) ?? {};
      const gateways = asArray(spec.gateways);
      if (gateways.length > 0 && !gateways.includes('mesh')) continue;
      const exportTo = asArray(spec.exportTo).filter((e): e is string => typeof e === 'string');
      const scopes = exportTo.length === 0 || exportTo.includes('*') ? ['*'] : [...new Set(exportTo.map((e) => (e === '.' ? resource.namespace : e)))];
      // Each VirtualService once per scoped host, however often its hosts repeat it (a Set, not a scan of the list).
      const keys = new Set<string>();
      for (const scope of scopes) {
        for (const host of asArray(spec.hosts)) if (typeof host === 'string') keys.add(`${scope}/${fqdn(host, resource.namespace)}`);
      }
      for (const key of keys) pushTo(byHost, key, resource);
    }
    for (const [scopedHost, list] of byHost) {
      if (list.length < 2) continue;
      const names = nameRelated(list.slice(0, MAX_NAMED_RELATED).map((vs) => `${vs.namespace}/${vs.name}`), ',', list.length);
      for (const vs of list) ctx.report(vs, 'ConflictingMeshGatewayVirtualServiceHosts', [names, scopedHost], {path: '/metadata/name'});
    }
  },
};
