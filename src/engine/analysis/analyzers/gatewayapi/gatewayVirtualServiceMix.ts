/**
 * An Istio VirtualService bound to an Istio Gateway (networking.istio.io) and a Gateway API route
 * bound to a Gateway API Gateway, routing one host on one port of the same proxies. Istio's docs
 * leave mixing VirtualService and Gateway API routes for one host undefined (as virtualServiceMix.ts
 * says for the mesh); on a gateway the two meet only when both Gateways configure the same proxies,
 * decided as istiod decides which proxies each configures:
 *
 * - an Istio Gateway applies to the pods whose labels include its `selector`, in any namespace
 *   (push_context.go mergeGateways: the selector a subset of the proxy's labels; an empty one selects all);
 * - a Gateway API Gateway's proxies, and the port each listener binds on them, are decided in
 *   gatewayProxies.ts: pods behind the Services a manual Gateway names, or the pods istiod
 *   deploys from the kube-gateway template, for the classes of istiod's gateway controller only.
 *   With the cluster's pods in the run, they are compared pod by pod; without them (an open
 *   world), the Istio Gateway surely shares a Service's pods when every label it selects on is
 *   one the Service's selector requires.
 *
 * Ports compare as the proxies bind them: a listener's port through its Service's targetPort, an
 * Istio Gateway server's port through the pods' Services (model/gateway.go resolvePorts), so
 * an Istio Gateway on 8080 and a listener on 80 meet on istio-ingressgateway's pods (80 → 8080);
 * a named targetPort is resolved on each pod of the run (FindPort), and left open without one.
 * Hosts compare as the listener and route read them (a route without hostnames takes its
 * listeners' hostname). A route attached to a ListenerSet its Gateway accepted is served by that
 * Gateway's proxies on the ListenerSet's listeners.
 */
import {asArray, asNumber, asObject, asString} from '../../../istio/access';
import type {Workload} from '../../../model/cluster';
import {hostsOverlap} from '../../../model/hosts';
import {labelsInclude, stringLabels} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {listenerBindPort, proxiesOf, serverBindPort, type ApiGatewayProxies} from './gatewayProxies';
import {listenerSetAdmission} from './listenerSetAdmission';
import {listenersOf} from './listeners';
import {GATEWAY_GROUP, isGatewayParent, lookup, named, ref, ROUTE_INPUTS, routeReadings, type ParentRef} from './routes';

const ISTIO_NETWORKING = 'networking.istio.io';

interface IstioBinding {
  vs: AnalysisResource;
  hostIndex: number;
  host: string;
  gateway: AnalysisResource;
}

export const gatewayVirtualServiceMixAnalyzer: Analyzer = {
  name: 'gatewayapi.GatewayVirtualServiceMixAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'), ref(GATEWAY_GROUP, 'ListenerSet'), ref(ISTIO_NETWORKING, 'VirtualService'),
    ref(ISTIO_NETWORKING, 'Gateway'), ref('', 'Service'), ref('', 'ConfigMap'), ref('', 'Namespace')],
  reports: [...ROUTE_INPUTS, ref(ISTIO_NETWORKING, 'VirtualService')],
  analyze(ctx) {
    const routes = routeReadings(ctx);
    if (routes.length === 0) return;
    const bindings = istioBindings(ctx);
    if (bindings.length === 0) return;
    const reported = new Set<string>();
    for (const reading of routes) {
      const route = reading.route;
      for (const parent of reading.parents) {
        const attached = attachment(ctx, parent);
        if (!attached) continue;
        const proxies = proxiesOf(ctx, attached.gateway);
        if (!proxies || proxies.length === 0) continue;
        for (const listener of listenersOf(attached.listeners)) {
          if (listener.port === undefined) continue;
          if ((parent.sectionName !== undefined && parent.sectionName !== listener.name) || (parent.port !== undefined && parent.port !== listener.port)) continue;
          const routeHosts = reading.hostnames;
          const listenerHost = listener.hostname ?? '*';
          const hosts = routeHosts.length === 0 ? [listenerHost] : routeHosts.filter((h) => hostsOverlap(h, listenerHost));
          for (const binding of bindings) {
            const host = hosts.find((h) => hostsOverlap(h, binding.host));
            if (host === undefined) continue;
            const shared = sharedProxies(ctx, binding.gateway, proxies, listener.port);
            if (!shared) continue;
            const key = `${binding.vs.namespace}/${binding.vs.name}\n${named(route)}\n${listener.port}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const vsName = `VirtualService ${binding.vs.namespace}/${binding.vs.name}`;
            ctx.report(route, 'VirtualServiceAndGatewayApiRouteOnGateway', [named(route), vsName, host, listener.port, shared], {path: at(parent.path, 'name')});
            ctx.report(binding.vs, 'VirtualServiceAndGatewayApiRouteOnGateway', [vsName, named(route), binding.host, listener.port, shared],
              {path: at('/spec/hosts', binding.hostIndex)});
          }
        }
      }
    }
  },
};

/**
 * The Gateway whose proxies serve a parentRef, and the object holding the listeners it names: the
 * Gateway itself, or a ListenerSet its Gateway accepted (gateway_collection.go
 * ListenerSetCollection turns each entry into a server of the parent Gateway's proxies).
 */
function attachment(ctx: AnalyzerContext, parent: ParentRef): {gateway: AnalysisResource; listeners: AnalysisResource} | undefined {
  if (isGatewayParent(parent)) {
    const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
    return gateway && {gateway, listeners: gateway};
  }
  if (parent.group !== GATEWAY_GROUP || parent.kind !== 'ListenerSet') return undefined;
  const listenerSet = lookup(ctx, GATEWAY_GROUP, 'ListenerSet', parent.namespace, parent.name);
  if (!listenerSet || !listenerSetAdmission(ctx, listenerSet)?.accepted) return undefined;
  const parentRef = asObject(asObject(listenerSet.value.spec)?.parentRef) ?? {};
  const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', asString(parentRef.namespace) || listenerSet.namespace, asString(parentRef.name) ?? '');
  return gateway && {gateway, listeners: listenerSet};
}

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

/** The ports an Istio Gateway's servers name. */
function serverPorts(gateway: AnalysisResource): number[] {
  return asArray(asObject(gateway.value.spec)?.servers).map((server) => asNumber(asObject(asObject(server)?.port)?.number)).filter((port): port is number => port !== undefined);
}

/**
 * The proxies both Gateways configure with the listener's port bound by both, named for the
 * message; undefined when they share none. Pods in the run are compared one by one; a Service
 * whose pods the run does not hold is compared by selectors, and only in an open world (in a
 * closed one it has no pods).
 */
function sharedProxies(ctx: AnalyzerContext, istioGateway: AnalysisResource, proxies: readonly ApiGatewayProxies[], listenerPort: number): string | undefined {
  const selector = stringLabels(asObject(istioGateway.value.spec)?.selector);
  const numbers = serverPorts(istioGateway);
  /**
   * The Istio Gateway's server port that binds the listener's port on pods with these labels (on
   * `pod` when the run holds it: a named targetPort resolves there), said in the message when it
   * is written differently from the listener's.
   */
  const meets = (proxy: ApiGatewayProxies, labels: Record<string, string>, namespace: string, pod?: Workload): string | undefined => {
    const bound = listenerBindPort(proxy, listenerPort, pod);
    if (bound === undefined) return undefined;
    const number = numbers.find((candidate) => serverBindPort(ctx, proxy, labels, namespace, candidate, pod) === bound);
    if (number === undefined) return undefined;
    return number === listenerPort ? '' : `, where Gateway port ${number} and listener port ${listenerPort} both bind port ${bound}`;
  };
  for (const proxy of proxies) {
    if ('deployment' in proxy) {
      const where = labelsInclude(proxy.labels, selector) ? meets(proxy, proxy.labels, proxy.namespace) : undefined;
      if (where !== undefined) return `${proxy.deployment}, which istiod deploys for the Gateway${where}`;
      continue;
    }
    const name = `Service ${proxy.service.namespace}/${proxy.service.name}`;
    if (proxy.pods.length > 0) {
      for (const pod of proxy.pods) {
        const where = labelsInclude(pod.labels, selector) ? meets(proxy, pod.labels, pod.namespace, pod) : undefined;
        if (where !== undefined) return `${name}, pods of ${pod.namespace}/${pod.name}${where}`;
      }
    } else if (!ctx.closedWorld && Object.keys(selector).length > 0 && labelsInclude(proxy.selector, selector)) {
      const where = meets(proxy, proxy.selector, proxy.service.namespace);
      if (where !== undefined) return `${name}${where}`;
    }
  }
  return undefined;
}
