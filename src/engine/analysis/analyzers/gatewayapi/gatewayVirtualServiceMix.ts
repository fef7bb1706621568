/**
 * An Istio VirtualService bound to an Istio Gateway (networking.istio.io) and a Gateway API route
 * bound to a Gateway API Gateway, routing one host on one port of the same proxies. Istio's docs
 * leave mixing VirtualService and Gateway API routes for one host undefined (as virtualServiceMix.ts
 * says for the mesh); on a gateway the two meet only when both Gateways configure the same proxies:
 *
 * - a Gateway API Gateway deployed automatically (gatewaycommon IsManaged: no address, or one
 *   IPAddress) gets proxies of its own, so it never shares them: not compared;
 * - one deployed manually names the Services of existing proxies in `spec.addresses` (type Hostname;
 *   extractGatewayServices: a short name is a Service of the Gateway's namespace), and istiod
 *   applies its listeners to those Services' proxies;
 * - an Istio Gateway applies to the pods its `selector` matches, in any namespace. It surely
 *   matches a Service's pods when every label it selects on is one the Service's selector
 *   requires: the check reports only then, so what it reports is certain.
 *
 * Ports compare as written: both APIs name the port of the proxies' Service. Hosts compare as
 * the listener and route read them (a route without hostnames takes its listeners' hostname).
 */
import {asArray, asNumber, asObject, asString} from '../../../istio/access';
import {CLUSTER_DOMAIN, hostsOverlap} from '../../../model/hosts';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {listenersOf} from './listeners';
import {GATEWAY_GROUP, hostnamesOf, isGatewayParent, lookup, named, parentRefsOf, ref, ROUTE_INPUTS, routesOf} from './routes';

const ISTIO_NETWORKING = 'networking.istio.io';

interface IstioBinding {
  vs: AnalysisResource;
  hostIndex: number;
  host: string;
  gateway: AnalysisResource;
}

export const gatewayVirtualServiceMixAnalyzer: Analyzer = {
  name: 'gatewayapi.GatewayVirtualServiceMixAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'Gateway'), ref(ISTIO_NETWORKING, 'VirtualService'), ref(ISTIO_NETWORKING, 'Gateway'), ref('', 'Service')],
  analyze(ctx) {
    const routes = routesOf(ctx);
    if (routes.length === 0) return;
    const bindings = istioBindings(ctx);
    if (bindings.length === 0) return;
    const reported = new Set<string>();
    for (const route of routes) {
      for (const parent of parentRefsOf(route)) {
        if (!isGatewayParent(parent)) continue;
        const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
        const services = gateway && manualServices(ctx, gateway);
        if (!services || services.length === 0) continue;
        for (const listener of listenersOf(gateway)) {
          if (listener.port === undefined) continue;
          if ((parent.sectionName !== undefined && parent.sectionName !== listener.name) || (parent.port !== undefined && parent.port !== listener.port)) continue;
          const routeHosts = hostnamesOf(route);
          const listenerHost = listener.hostname ?? '*';
          const hosts = routeHosts.length === 0 ? [listenerHost] : routeHosts.filter((h) => hostsOverlap(h, listenerHost));
          for (const binding of bindings) {
            const host = hosts.find((h) => hostsOverlap(h, binding.host));
            if (host === undefined || !servesPort(binding.gateway, listener.port)) continue;
            const shared = services.find((service) => selectsPodsOf(binding.gateway, service));
            if (!shared) continue;
            const key = `${binding.vs.namespace}/${binding.vs.name}\n${named(route)}\n${listener.port}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const vsName = `VirtualService ${binding.vs.namespace}/${binding.vs.name}`;
            const proxies = `Service ${shared.namespace}/${shared.name}`;
            ctx.report(route, 'VirtualServiceAndGatewayApiRouteOnGateway', [named(route), vsName, host, listener.port, proxies], {path: at(parent.path, 'name')});
            ctx.report(binding.vs, 'VirtualServiceAndGatewayApiRouteOnGateway', [vsName, named(route), binding.host, listener.port, proxies],
              {path: at('/spec/hosts', binding.hostIndex)});
          }
        }
      }
    }
  },
};

/** Every host of a VirtualService bound to an Istio Gateway the run holds (`gateways`: `name` in its namespace, or `namespace/name`). */
function istioBindings(ctx: AnalyzerContext): IstioBinding[] {
  const bindings: IstioBinding[] = [];
  for (const vs of ctx.resources(ISTIO_NETWORKING, 'VirtualService')) {
    const spec = asObject(vs.value.spec) ?? {};
    for (const entry of asArray(spec.gateways)) {
      if (typeof entry !== 'string' || entry === 'mesh') continue;
      const slash = entry.indexOf('/');
      const gateway = lookup(ctx, ISTIO_NETWORKING, 'Gateway', slash < 0 ? vs.namespace : entry.slice(0, slash), slash < 0 ? entry : entry.slice(slash + 1));
      if (!gateway) continue;
      asArray(spec.hosts).forEach((host, hostIndex) => {
        if (typeof host === 'string') bindings.push({vs, hostIndex, host, gateway});
      });
    }
  }
  return bindings;
}

/** The Services a manually deployed Gateway names (extractGatewayServices); undefined when it is deployed automatically (IsManaged). */
function manualServices(ctx: AnalyzerContext, gateway: AnalysisResource): AnalysisResource[] | undefined {
  const addresses = asArray(asObject(gateway.value.spec)?.addresses).map((a) => asObject(a) ?? {});
  if (addresses.length === 0) return undefined;
  if (addresses.length === 1 && (asString(addresses[0]!.type) ?? 'IPAddress') === 'IPAddress') return undefined;
  const services: AnalysisResource[] = [];
  for (const address of addresses) {
    const type = asString(address.type);
    const value = asString(address.value);
    if ((type !== undefined && type !== 'Hostname') || !value) continue;
    const host = value.includes('.') ? value : `${value}.${gateway.namespace}.${CLUSTER_DOMAIN}`;
    if (!host.endsWith(`.${CLUSTER_DOMAIN}`)) continue;
    const [name, namespace] = host.slice(0, -CLUSTER_DOMAIN.length - 1).split('.');
    const service = name && namespace ? lookup(ctx, '', 'Service', namespace, name) : undefined;
    if (service) services.push(service);
  }
  return services;
}

/** Whether an Istio Gateway's servers listen on the port. */
function servesPort(gateway: AnalysisResource, port: number): boolean {
  return asArray(asObject(gateway.value.spec)?.servers).some((server) => asNumber(asObject(asObject(server)?.port)?.number) === port);
}

/** Whether every label the Istio Gateway selects on is one the Service's selector requires, with the same value. */
function selectsPodsOf(gateway: AnalysisResource, service: AnalysisResource): boolean {
  const selector = asObject(asObject(gateway.value.spec)?.selector);
  const required = asObject(asObject(service.value.spec)?.selector);
  if (!selector || !required) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => typeof value === 'string' && required[key] === value);
}
