/** virtualservice/destinationhosts.go (DestinationHostAnalyzer): IST0101 host and host:port, IST0112. */
import {asObject, stringOr, type Obj} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import {CLUSTER_DOMAIN} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {relatedList} from '../../related';
import {KINDS} from '../kinds';
import {destinationsOf} from './util';

export const destinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  inputs: [KINDS.ServiceEntry, KINDS.VirtualService, KINDS.Service],
  analyze(ctx) {
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      for (const {destination, path, mirror} of destinationsOf(asObject(vs.value.spec) ?? {})) checkDestination(ctx, vs, path, destination, mirror);
    }
  },
};

function checkDestination(ctx: AnalyzerContext, vs: AnalysisResource, path: string, destination: Obj, mirror: boolean): void {
  const host = stringOr(destination.host);
  if (!host) return;
  if (!ctx.cluster.hostExists(host, vs.namespace)) {
    // In-cluster names are provided by Services, other hosts by ServiceEntries.
    const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
    if (ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) {
      ctx.report(vs, 'ReferencedResourceNotFound', [mirror ? 'mirror host' : 'host', host], {path: at(path, 'host')});
    }
    return;
  }
  const ports = ctx.cluster.portsOf(host, vs.namespace);
  if (!ports) return;
  const port = asObject(destination.port)?.number;
  if (port === undefined || port === null) {
    if (ports.length > 1) ctx.report(vs, 'VirtualServiceDestinationPortSelectorRequired', [host, relatedList(ports.map(String))], {path: at(path, 'host')});
    return;
  }
  if (typeof port === 'number' && !ports.includes(port)) {
    ctx.report(vs, 'ReferencedResourceNotFound', ['host:port', `${host}:${port}`], {path: at(path, 'port', 'number')});
  }
}
