/**
 * Routes attached to a Gateway API Gateway, for one request: the listener the request
 * reaches (port and protocol), the routes that listener accepts (parentRef name,
 * `sectionName`, `port`; the listener's `allowedRoutes`: namespaces Same by default, All, or
 * a Selector on the route namespace's labels, and kinds), and the virtual host the request's
 * Host selects.
 *
 * Hostnames (Gateway API, Listener.hostname and HTTPRoute.hostnames): a listener without a
 * hostname accepts any; a route without hostnames takes the listener's; otherwise the route
 * serves each of its hostnames that intersects the listener's, as the more specific of the
 * two (`*.example.com` ∩ `foo.example.com` = `foo.example.com`); a route with no hostname in
 * common is not attached. Istio makes one virtual host per hostname (route_collections.go,
 * "Create one VS per hostname"), and Envoy picks the most specific virtual host for the
 * request's Host: an exact name, else the longest wildcard suffix. Only that host's routes
 * compete.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {hostIntersection, hostSpecificity, hostSubsetOf} from '../../engine/model/hosts';
import {labelsInclude, stringLabels} from '../../engine/model/labels';
import type {TraceStep} from '../decision';
import {locate, type World, type WorldResource} from '../world';
import {GATEWAY_API_GROUP, hostnamesOf, parentRefs, routeRef, type GatewayRoute} from './resources';

export interface Listener {
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
  index: number;
  spec: Obj;
}

export type GatewaySelection =
  | {kind: 'routes'; listeners: Listener[]; host: string; routes: GatewayRoute[]}
  | {kind: 'no-listener'; message: string}
  | {kind: 'no-host'; message: string};

export function listenersOf(gateway: WorldResource): Listener[] {
  return asArray(gateway.spec.listeners).flatMap((value, index) => {
    const listener = asObject(value);
    const port = asNumber(listener?.port);
    if (!listener || port === undefined) return [];
    return [{name: asString(listener.name) ?? '', port, protocol: asString(listener.protocol) ?? '', hostname: asString(listener.hostname)?.toLowerCase(), index, spec: listener}];
  });
}

/** The route kinds a listener of this protocol accepts by default (Gateway API: HTTP and HTTPS take HTTPRoute and GRPCRoute, TLS TLSRoute, TCP TCPRoute). */
const DEFAULT_KINDS: Readonly<Record<string, readonly string[]>> = {HTTP: ['HTTPRoute', 'GRPCRoute'], HTTPS: ['HTTPRoute', 'GRPCRoute'], TLS: ['TLSRoute'], TCP: ['TCPRoute']};

export function acceptsKind(listener: Listener, kind: string): boolean {
  const kinds = asArray(asObject(listener.spec.allowedRoutes)?.kinds).map(asObject).filter((k): k is Obj => k !== undefined);
  if (kinds.length > 0) return kinds.some((k) => asString(k.kind) === kind && (asString(k.group) ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP);
  return (DEFAULT_KINDS[listener.protocol] ?? []).includes(kind);
}

export function acceptsNamespace(world: World, gateway: WorldResource, listener: Listener, namespace: string): boolean {
  const namespaces = asObject(asObject(listener.spec.allowedRoutes)?.namespaces);
  const from = asString(namespaces?.from) ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return namespace === gateway.namespace;
  if (from !== 'Selector') return false;
  const selector = asObject(namespaces?.selector) ?? {};
  const resource = world.ofKind('', 'Namespace').find((n) => n.name === namespace);
  const labels: Record<string, string> = {'kubernetes.io/metadata.name': namespace, ...stringLabels(resource?.metadata.labels)};
  if (!labelsInclude(labels, stringLabels(selector.matchLabels))) return false;
  return asArray(selector.matchExpressions).map(asObject).every((e) => {
    const key = asString(e?.key) ?? '';
    const values = asArray(e?.values).filter((v): v is string => typeof v === 'string');
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (asString(e?.operator)) {
      case 'In': return has && values.includes(labels[key]!);
      case 'NotIn': return !has || !values.includes(labels[key]!);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/** The hostnames a route serves on a listener: their intersection (see above); empty when none. */
export function effectiveHostnames(listener: Listener, route: GatewayRoute): string[] {
  const listenerHost = listener.hostname ?? '*';
  const routeHosts = hostnamesOf(route);
  if (routeHosts.length === 0) return [listenerHost];
  return routeHosts.map((h) => hostIntersection(listenerHost, h)).filter((h): h is string => h !== undefined);
}

export function selectGatewayRoutes(world: World, gateway: WorldResource, routes: readonly GatewayRoute[], port: number, requestHost: string, trace: TraceStep[]): GatewaySelection {
  const gatewayName = `${gateway.namespace}/${gateway.name}`;
  const listeners = listenersOf(gateway).filter((l) => l.port === port);
  if (listeners.length === 0) {
    const ports = listenersOf(gateway).map((l) => l.port);
    return {kind: 'no-listener', message: `Gateway ${gatewayName} has no listener on port ${port}${ports.length ? ` (ports: ${[...new Set(ports)].join(', ')})` : ''}`};
  }
  // Virtual hosts on this port: hostname → the routes serving it.
  const vhosts = new Map<string, {routes: GatewayRoute[]; listeners: Listener[]}>();
  for (const route of routes) {
    if (route.group !== GATEWAY_API_GROUP) continue;
    const refs = parentRefs(route).filter((ref) => ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway' && ref.namespace === gateway.namespace && ref.name === gateway.name);
    if (refs.length === 0) continue;
    for (const listener of listeners) {
      const ref = refs.find((r) => (r.sectionName === undefined || r.sectionName === listener.name) && (r.port === undefined || r.port === listener.port));
      if (!ref) {
        trace.push({message: `${routeRef(route)} names Gateway ${gatewayName} but not listener ${listener.name} (sectionName/port)`, at: locate(route.resource, 'spec', 'parentRefs', refs[0]!.index)});
        continue;
      }
      if (!acceptsKind(listener, route.kind) || !acceptsNamespace(world, gateway, listener, route.resource.namespace)) {
        trace.push({message: `listener ${listener.name} of Gateway ${gatewayName} does not allow ${routeRef(route)} (allowedRoutes)`, at: locate(gateway, 'spec', 'listeners', listener.index, 'allowedRoutes')});
        continue;
      }
      const hosts = effectiveHostnames(listener, route);
      if (hosts.length === 0) {
        trace.push({message: `${routeRef(route)}: none of its hostnames (${hostnamesOf(route).join(', ')}) is within listener ${listener.name}'s ${listener.hostname}: not attached`, at: locate(route.resource, 'spec', 'hostnames')});
        continue;
      }
      for (const host of hosts) {
        const vhost = vhosts.get(host) ?? {routes: [], listeners: []};
        if (!vhost.routes.includes(route)) vhost.routes.push(route);
        if (!vhost.listeners.includes(listener)) vhost.listeners.push(listener);
        vhosts.set(host, vhost);
      }
    }
  }
  const host = [...vhosts.keys()].filter((h) => hostSubsetOf(requestHost, h)).sort((a, b) => hostSpecificity(b) - hostSpecificity(a))[0];
  if (host === undefined) {
    const accepted = listeners.some((l) => hostSubsetOf(requestHost, l.hostname ?? '*'));
    return {kind: 'no-host', message: accepted
      ? `Gateway ${gatewayName} accepts ${requestHost} on port ${port}, but no route attached to it serves that hostname`
      : `no listener of Gateway ${gatewayName} on port ${port} accepts host ${requestHost} (hostnames: ${listeners.map((l) => l.hostname ?? '*').join(', ')})`};
  }
  const vhost = vhosts.get(host)!;
  return {kind: 'routes', listeners: vhost.listeners, host, routes: vhost.routes};
}
