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
import {selectGatewayRoutes} from './gateway-parent';
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
  return routeGatewayApi({
    world, request, port, routes: selection.routes, mesh: 'istio', host: selection.host, base, trace,
    parent: {kind: 'Gateway', namespace: gateway.namespace, name: gateway.name, listener: listeners.join(', ')},
  });
}
