/**
 * An Istio VirtualService and a Gateway API route for the same host in the mesh. Istio's docs
 * (istio.io, docs/ambient/usage/l7-features: "Usage of VirtualService with the ambient data plane
 * mode is considered Alpha. Mixing with Gateway API configuration is not supported, and will lead
 * to undefined behavior.") leave the outcome undefined; sidecars fare no better, since istiod
 * turns a mesh route into one more VirtualService for the host.
 *
 * The mesh hosts of a route are those of its Service parents (GAMMA: name.namespace.svc.cluster.local)
 * and Istio ServiceEntry parents (their hosts); a VirtualService takes part when it applies to the
 * mesh (no gateways, or `mesh` among them). Routes whose parent is a Gateway run on that Gateway's
 * own proxies and are not compared. Both resources get the message, each naming the other.
 */
import {asArray, asObject} from '../../../istio/access';
import {fqdn, hostsOverlap} from '../../../model/hosts';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {pushTo} from '../../related';
import {isServiceParent, lookup, named, ref, ROUTE_INPUTS, routeReadings, type ParentRef} from './routes';

const ISTIO_NETWORKING = 'networking.istio.io';

interface MeshHost {
  vs: AnalysisResource;
  index: number;
  host: string;
}

export const virtualServiceMixAnalyzer: Analyzer = {
  name: 'gatewayapi.VirtualServiceMixAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(ISTIO_NETWORKING, 'VirtualService'), ref(ISTIO_NETWORKING, 'ServiceEntry')],
  reports: [...ROUTE_INPUTS, ref(ISTIO_NETWORKING, 'VirtualService')],
  analyze(ctx) {
    const routes = routeReadings(ctx);
    // No route, nothing to mix with: the VirtualServices need not be read.
    if (routes.length === 0) return;
    const exact = new Map<string, MeshHost[]>();
    const wildcards: MeshHost[] = [];
    for (const vs of ctx.resources(ISTIO_NETWORKING, 'VirtualService')) {
      const spec = asObject(vs.value.spec) ?? {};
      const gateways = asArray(spec.gateways);
      if (gateways.length > 0 && !gateways.includes('mesh')) continue;
      asArray(spec.hosts).forEach((host, index) => {
        if (typeof host !== 'string') return;
        const entry = {vs, index, host: fqdn(host, vs.namespace)};
        if (host.startsWith('*')) wildcards.push(entry);
        else pushTo(exact, entry.host, entry);
      });
    }
    if (exact.size === 0 && wildcards.length === 0) return;
    const reported = new Set<string>();
    for (const {route, parents} of routes) {
      for (const parent of parents) {
        for (const host of meshHosts(parent)) {
          const routed = [...(exact.get(host) ?? []), ...wildcards.filter((w) => hostsOverlap(w.host, host))];
          for (const {vs, index} of routed) {
            const vsName = `VirtualService ${vs.namespace}/${vs.name}`;
            const pair = `${vs.namespace}/${vs.name}\n${route.kind} ${route.namespace}/${route.name}\n${host}`;
            if (reported.has(pair)) continue;
            reported.add(pair);
            ctx.report(route, 'VirtualServiceAndGatewayApiRoute', [named(route), vsName, host], {path: at(parent.path, 'name')});
            ctx.report(vs, 'VirtualServiceAndGatewayApiRoute', [vsName, named(route), host], {path: at('/spec/hosts', index)});
          }
        }
      }
    }

    function meshHosts(parent: ParentRef): string[] {
      if (isServiceParent(parent)) return [fqdn(parent.name, parent.namespace)];
      if (parent.group !== ISTIO_NETWORKING || parent.kind !== 'ServiceEntry') return [];
      const entry = lookup(ctx, ISTIO_NETWORKING, 'ServiceEntry', parent.namespace, parent.name);
      return asArray(asObject(entry?.value.spec)?.hosts).filter((h): h is string => typeof h === 'string').map((h) => fqdn(h, parent.namespace));
    }
  },
};
