/**
 * A request entering through a Gateway API Gateway (`--gateway` naming one): the listener on
 * the request's port, the virtual host its Host selects (gateway-parent.ts), then the routes
 * of that host in precedence order (router.ts). No listener on the port: the connection is
 * refused; no virtual host for the Host: 404 NR, as Envoy answers. A TLS or TCP listener takes a
 * connection instead (l4-routes.ts, ../gateway-l4.ts).
 */
import type {SidecarRouting} from '../ambient/sidecar-routing';
import type {Decision, TraceStep} from '../decision';
import {routeL4} from '../gateway-l4';
import {baseDecision, finish} from '../outcome';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import {locate, type World} from '../world';
import {listenersOf, selectGatewayRoutes, type Listener} from './gateway-parent';
import {tlsMismatch, tlsTermination, type ServerTls} from '../gateway-tls';
import {asArray, asObject, asString} from '../../engine/istio/access';
import {hostSpecificity, hostSubsetOf} from '../../engine/model/hosts';
import {gatewayApiL4} from './l4-routes';
import {gatewayRoutes, routeRef} from './resources';
import {routeGatewayApi} from './router';

export function simulateGatewayApiGateway(world: World, request: SimRequest, source: SimSource, trace: TraceStep[], routing: Pick<SidecarRouting, 'resolveDestination'>): Decision {
  const gateway = source.gatewayResource!;
  const port = request.port ?? (request.scheme === 'https' ? 443 : 80);
  const base = baseDecision(request, source, request.host, port);
  // TLS and TCP listeners: TLSRoutes and TCPRoutes as istiod's VirtualServices, chains as for an Istio Gateway.
  const l4 = gatewayApiL4(world, gateway, port, trace);
  const connection = l4 && routeL4(world, request, source, port, base, trace, routing, l4);
  if (connection) return connection;
  // istiod converts HTTP and HTTPS listeners into servers (conversion.go buildListener): the client's TLS meets them alike.
  const httpListeners = listenersOf(gateway).filter((l) => l.port === port && (l.protocol === 'HTTP' || l.protocol === 'HTTPS')).map(listenerTls);
  const mismatch = tlsMismatch(request, httpListeners.map((l) => l.tls), port);
  if (mismatch) {
    trace.push({message: mismatch.why, at: locate(gateway, 'spec', 'listeners', httpListeners[0]!.index)});
    return finish({...base, outcome: 'unreachable', status: null, ...(mismatch.flags ? {flags: mismatch.flags} : {}), summary: mismatch.summary}, trace);
  }
  const picked = bySni(httpListeners, request.host);
  const terminated = tlsTermination(request, picked?.tls);
  if (terminated) trace.push({message: terminated.why, at: locate(gateway, 'spec', 'listeners', picked!.index, 'tls')});
  const selection = selectGatewayRoutes(world, gateway, gatewayRoutes(world), port, request.host, trace);
  if (selection.kind === 'no-listener') {
    trace.push({message: selection.message, at: locate(gateway, 'spec', 'listeners')});
    return finish({...base, outcome: 'unreachable', status: null, summary: `${selection.message}: the connection is refused`}, trace);
  }
  if (selection.kind === 'no-host') {
    trace.push({message: selection.message, at: locate(gateway, 'spec', 'listeners')});
    return finish({...base, outcome: 'no-route', status: 404, flags: 'NR', summary: `404 NR: ${selection.message}`}, trace);
  }
  const listeners = selection.listeners.map((l) => l.name);
  trace.push({message: `Gateway ${gateway.namespace}/${gateway.name} listener ${listeners.join(', ')} (port ${port}), host ${selection.host}: ${selection.routes.map(routeRef).join(', ')}`,
    at: locate(gateway, 'spec', 'listeners', selection.listeners[0]!.index)});
  const routed = routeGatewayApi({
    world, request, port, routes: selection.routes, mesh: 'istio', host: selection.host, base, trace,
    parent: {kind: 'Gateway', namespace: gateway.namespace, name: gateway.name, listener: listeners.join(', ')},
  });
  return terminated ? {...routed, tlsTermination: terminated.facts} : routed;
}

/** A listener as istiod's server: HTTP plaintext; HTTPS ending TLS (mode Terminate by default) on its hostname, else any name. */
function listenerTls(listener: Listener): {index: number; tls: ServerTls} {
  const tls = asObject(listener.spec.tls) ?? {};
  const mode = asString(tls.mode) ?? 'Terminate';
  const certificate = asString(asObject(asArray(tls.certificateRefs)[0])?.name);
  const plaintext = listener.protocol === 'HTTP';
  return {index: listener.index, tls: {label: `listener ${listener.name} of the Gateway (${listener.protocol}${plaintext ? '' : `, ${mode}`})`, plaintext, mode,
    sniHosts: [listener.hostname ?? '*'], ...(certificate ? {credential: `of certificateRefs ${certificate}`} : {})}};
}

/** Envoy's server name match among HTTPS listeners: the exact or longest wildcard hostname holding the SNI. */
function bySni<T extends {tls: ServerTls}>(listeners: readonly T[], sni: string): T | undefined {
  const score = (l: T) => Math.max(-1, ...l.tls.sniHosts.filter((h) => h === '*' || hostSubsetOf(sni, h)).map(hostSpecificity));
  return listeners.filter((l) => !l.tls.plaintext && score(l) >= 0).sort((a, b) => score(b) - score(a))[0];
}
