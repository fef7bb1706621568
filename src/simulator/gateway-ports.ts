/**
 * Where a connection to an Istio ingress gateway arrives: the gateway Service's port, the pod port
 * (targetPort) kube-proxy sends it to, and the servers whose listener is on that pod port, as
 * istiod 1.30.3 binds them.
 *
 * pilot/pkg/model/gateway.go resolvePorts (a Gateway with a `selector`, legacyGatewaySelector): a
 * server's `port.number` is a Service port; its listener is bound on the targetPort of the first
 * port of that number among the proxy's Services (ServiceTargets: Services in the pod's namespace
 * whose selector its labels satisfy; one labelled `experimental.istio.io/disable-gateway-port-translation`
 * is skipped); none has it: on the number as written. So servers 80 (Service 80 → 8080) and 8080
 * share the listener on 8080.
 *
 * A client reaches a listener only through a port the Service exposes: a port it does not expose
 * has no forwarding rule (the connection is never established), and a pod port with no listener
 * refuses the connection (Envoy listens on nothing there: TCP reset). A lab without a Service for
 * the proxy sends the request to the pod port as written.
 *
 * `bind` (gateway.go, listener address): a server with `bind` gets a listener on that address
 * only; a connection through the Service arrives at the pod's own address, so it reaches a bound
 * listener only when the bind is that address, and otherwise the listener on 0.0.0.0.
 */
import {asArray, asNumber, asObject, asString} from '../engine/istio/access';
import {stringLabels} from '../engine/model/cluster';
import {podsAt} from './ambient/pod-addressed';
import {findWorkload} from './linkerd/workloads';
import {podPortOf} from './pod-port';
import type {SimSource} from './source';
import {labelsInclude, locate, type Located, type World, type WorldResource} from './world';

export const DISABLE_GATEWAY_PORT_TRANSLATION = 'experimental.istio.io/disable-gateway-port-translation';

/** The Services whose endpoints include the gateway proxy's pods, in the lab's order. */
export function gatewayServices(world: World, source: SimSource): WorldResource[] {
  return world.services.filter((service) => {
    const selector = stringLabels(asObject(service.spec.selector));
    return service.namespace === source.namespace && Object.keys(selector).length > 0 && labelsInclude(source.labels, selector);
  });
}

/** The pod port a Service port sends to (a named targetPort read from the proxy's pod template); undefined: the name is not declared. */
function targetPortOf(world: World, source: SimSource, service: WorldResource, port: number): number | undefined {
  return podPortOf(service, port, source.workload ? findWorkload(world, source.namespace, source.workload) : undefined);
}

/** resolvePorts for a Gateway with a selector: the pod port a server's `port.number` listens on. */
export function listenerPortOf(world: World, source: SimSource, serverPort: number, services = gatewayServices(world, source)): number {
  for (const service of services) {
    if (Object.hasOwn(stringLabels(asObject(service.metadata.labels)), DISABLE_GATEWAY_PORT_TRANSLATION)) continue;
    if (!asArray(service.spec.ports).some((p) => asNumber(asObject(p)?.port) === serverPort)) continue;
    const target = targetPortOf(world, source, service, serverPort);
    if (target !== undefined) return target;
  }
  return serverPort;
}

/** Where a connection to the gateway's port `port` goes: a pod port, or why it never gets there. */
export type GatewayArrival =
  | {listenerPort: number; service?: WorldResource; why?: string; at?: Located}
  | {refused: string; reason: string; at?: Located};

export function gatewayArrival(world: World, source: SimSource, port: number): GatewayArrival {
  const services = gatewayServices(world, source);
  if (services.length === 0) return {listenerPort: port};
  const service = services.find((s) => asArray(s.spec.ports).some((p) => asNumber(asObject(p)?.port) === port));
  const names = services.map((s) => `${s.namespace}/${s.name}`).join(', ');
  if (!service) {
    const exposed = [...new Set(services.flatMap((s) => asArray(s.spec.ports).map((p) => asNumber(asObject(p)?.port)).filter((p): p is number => p !== undefined)))];
    return {refused: `the gateway's Service ${names} exposes no port ${port} (ports ${exposed.join(', ') || 'none'}): nothing forwards the connection to the proxy, which is never reached`,
      reason: `gateway Service ${names} exposes no port ${port}`, at: locate(services[0]!, 'spec', 'ports')};
  }
  const target = targetPortOf(world, source, service, port);
  const at = locate(service, 'spec', 'ports', asArray(service.spec.ports).findIndex((p) => asNumber(asObject(p)?.port) === port));
  if (target === undefined) {
    return {refused: `Service ${service.namespace}/${service.name} port ${port} names a targetPort the proxy's pods do not declare: the port has no endpoints and the connection is refused`,
      reason: `gateway Service port ${port} has no endpoints`, at};
  }
  return {listenerPort: target, service, at, why: `Service ${service.namespace}/${service.name} port ${port} sends the connection to the proxy's pod port ${target}`};
}

/** Whether a server's `bind` address takes a connection arriving at the proxy pod's own address. */
export function bindReaches(world: World, source: SimSource, bind: string): boolean {
  if (isWildcardBind(bind)) return true;
  return podsAt(world, bind).some((pod) => pod.namespace === source.namespace && pod.workload === source.workload);
}

/** No `bind`, or an unspecified address: the listener takes every address of the pod. */
export const isWildcardBind = (bind: string): boolean => bind === '' || bind === '0.0.0.0' || bind === '::';
