/** virtualservice/destinationhosts.go (DestinationHostAnalyzer): IST0101 host and host:port, IST0112. */
import {asObject, stringOr} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import {CLUSTER_DOMAIN} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {relatedList} from '../../related';
import {KINDS} from '../kinds';
import {destinationsOf, type AnnotatedDestination} from './util';

export const destinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  inputs: [KINDS.ServiceEntry, KINDS.VirtualService, KINDS.Service],
  analyze(ctx) {
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      for (const destination of destinationsOf(asObject(vs.value.spec) ?? {})) checkDestination(ctx, vs, destination);
    }
  },
};

function checkDestination(ctx: AnalyzerContext, vs: AnalysisResource, {destination, path, mirror, hostLine}: AnnotatedDestination): void {
  const host = stringOr(destination.host);
  if (!host) return;
  if (!ctx.cluster.hostExists(host, vs.namespace)) {
    // In-cluster names are provided by Services, other hosts by ServiceEntries.
    const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
    if (ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) {
      ctx.report(vs, 'ReferencedResourceNotFound', [mirror ? 'mirror host' : 'host', host], {path: at(path, 'host'), lineAt: hostLine});
    }
    return;
  }
  const ports = ctx.cluster.portsOf(host, vs.namespace);
  if (!ports) return;
  const port = asObject(destination.port)?.number;
  if (port === undefined || port === null) {
    if (ports.length > 1) ctx.report(vs, 'VirtualServiceDestinationPortSelectorRequired', [host, relatedList(ports.map(String))], {path: at(path, 'host'), lineAt: hostLine});
    return;
  }
  if (typeof port === 'number' && !ports.includes(port)) {
    ctx.report(vs, 'ReferencedResourceNotFound', ['host:port', `${host}:${port}`], {path: at(path, 'port', 'number'), lineAt: hostLine});
  }
}
