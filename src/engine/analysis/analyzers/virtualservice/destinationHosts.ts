/** virtualservice/destinationhosts.go (DestinationHostAnalyzer): IST0101 host and host:port, IST0112, IST0140. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import {CLUSTER_DOMAIN} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {relatedList} from '../../related';
import {KINDS} from '../kinds';
import {destinationHost, serviceHostMap, type ProvidedHost} from '../serviceLookup';
import {destinationsOf, type AnnotatedDestination} from './util';

export const destinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  inputs: [KINDS.ServiceEntry, KINDS.VirtualService, KINDS.Service],
  analyze(ctx) {
    const hosts = serviceHostMap(ctx);
    let subsetRoutes: Map<string, Set<string>> | undefined;
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      const spec = asObject(vs.value.spec) ?? {};
      for (const destination of destinationsOf(vs)) checkDestination(ctx, vs, destination, destinationHost(hosts, vs.namespace, spec.exportTo, stringOr(destination.destination.host)));
      if (asArray(spec.gateways).length === 0) continue;
      subsetRoutes ??= virtualServicesRoutingToSubsets(ctx);
      // No VirtualService routes to a subset of its own host (most manifests): no route to read.
      if (subsetRoutes.size > 0) checkSubsetsOnIngress(ctx, vs, spec, subsetRoutes);
    }
  },
};

/**
 * analyzeSubset (IST0140): an http route of a VirtualService bound to gateways, to a host without
 * subset, while a VirtualService routes to a subset of that host (one of its own hosts): the subset
 * does not apply to the gateway's requests. istioctl's line for it is of a path it writes with the
 * route's name, which it does not find.
 */
function checkSubsetsOnIngress(ctx: AnalyzerContext, vs: AnalysisResource, spec: Record<string, unknown>, subsetRoutes: Map<string, Set<string>>): void {
  const http = asArray(spec.http);
  for (let i = 0; i < http.length; i++) {
    const routes = asArray(asObject(http[i])?.route);
    for (let j = 0; j < routes.length; j++) {
      const destination = asObject(asObject(routes[j])?.destination);
      if (stringOr(destination?.subset) !== '') continue;
      const others = subsetRoutes.get(stringOr(destination?.host));
      if (!others) continue;
      for (const other of others) {
        ctx.report(vs, 'IngressRouteRulesNotAffected', [other, `${vs.namespace}/${vs.name}`], {path: at('/spec/http', i, 'route', j, 'destination', 'host'), lineAt: null});
      }
    }
  }
}

/** initVirtualServiceDestinations: by host, the VirtualServices with an http route to a subset of that host, one of their own hosts. */
function virtualServicesRoutingToSubsets(ctx: AnalyzerContext): Map<string, Set<string>> {
  const byHost = new Map<string, Set<string>>();
  for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
    const own = asArray(asObject(vs.value.spec)?.hosts);
    for (const {destination, mirror, section} of destinationsOf(vs)) {
      if (mirror || section !== 'http') continue;
      const host = stringOr(destination.host);
      if (stringOr(destination.subset) === '' || !own.includes(host)) continue;
      const names = byHost.get(host) ?? new Set<string>();
      byHost.set(host, names.add(`${vs.namespace}/${vs.name}`));
    }
  }
  return byHost;
}

function checkDestination(ctx: AnalyzerContext, vs: AnalysisResource, located: AnnotatedDestination, provided: ProvidedHost | undefined): void {
  const {destination, mirror} = located;
  const host = stringOr(destination.host);
  if (!provided) {
    // In-cluster names are provided by Services, other hosts by ServiceEntries.
    const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
    if (ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) {
      ctx.report(vs, 'ReferencedResourceNotFound', [mirror ? 'mirror host' : 'host', host], {path: at(located.path, 'host'), lineAt: located.hostLine});
    }
    return;
  }
  const {ports} = provided;
  const port = asObject(destination.port)?.number;
  if (port === undefined || port === null) {
    if (ports.length > 1) ctx.report(vs, 'VirtualServiceDestinationPortSelectorRequired', [host, relatedList(ports.map(String))], {path: at(located.path, 'host'), lineAt: located.hostLine});
    return;
  }
  if (typeof port === 'number' && !ports.includes(port)) {
    ctx.report(vs, 'ReferencedResourceNotFound', ['host:port', `${host}:${port}`], {path: at(located.path, 'port', 'number'), lineAt: located.hostLine});
  }
}
