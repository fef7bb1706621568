/** virtualservice/destinationhosts.go (DestinationHostAnalyzer): IST0101 host and host:port, IST0112. */
import {asObject, stringOr} from '../../../istio/access';
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
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      const spec = asObject(vs.value.spec) ?? {};
      for (const destination of destinationsOf(spec)) checkDestination(ctx, vs, destination, destinationHost(hosts, vs.namespace, spec.exportTo, stringOr(destination.destination.host)));
    }
  },
};

function checkDestination(ctx: AnalyzerContext, vs: AnalysisResource, {destination, path, mirror, hostLine}: AnnotatedDestination, provided: ProvidedHost | undefined): void {
  const host = stringOr(destination.host);
  if (!provided) {
    // In-cluster names are provided by Services, other hosts by ServiceEntries.
    const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
    if (ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) {
      ctx.report(vs, 'ReferencedResourceNotFound', [mirror ? 'mirror host' : 'host', host], {path: at(path, 'host'), lineAt: hostLine});
    }
    return;
  }
  const {ports} = provided;
  const port = asObject(destination.port)?.number;
  if (port === undefined || port === null) {
    if (ports.length > 1) ctx.report(vs, 'VirtualServiceDestinationPortSelectorRequired', [host, relatedList(ports.map(String))], {path: at(path, 'host'), lineAt: hostLine});
    return;
  }
  if (typeof port === 'number' && !ports.includes(port)) {
    ctx.report(vs, 'ReferencedResourceNotFound', ['host:port', `${host}:${port}`], {path: at(path, 'port', 'number'), lineAt: hostLine});
  }
}
