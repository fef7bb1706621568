/**
 * The pod port a Service port sends to, read once for the routing's authorization (Istio's and
 * Linkerd's) and for the mTLS matrix (PeerAuthentication `portLevelMtls`, Linkerd's opaque ports),
 * as Kubernetes' endpoints controller reads it (`../engine/model/find-port.ts`, FindPort, the lookup
 * the terminal's printers share).
 */
import {asArray, asNumber, asObject} from '../engine/istio/access';
import {findPort} from '../engine/model/find-port';
import {findWorkload, podTemplateOf} from './linkerd/workloads';
import type {World, WorldResource} from './world';

/**
 * The pod port of `workload` (its pod template) behind Service port `port`; undefined when the
 * targetPort is a name no container of the pod declares (Kubernetes then makes the pod no endpoint
 * of that port). Without the Service or its port entry, the port itself.
 */
export function podPortOf(service: WorldResource | undefined, port: number, workload: WorldResource | undefined): number | undefined {
  const entry = asArray(service?.spec.ports).map(asObject).find((p) => asNumber(p?.port) === port);
  if (!entry) return port;
  return findPort(asObject(workload && podTemplateOf(workload))?.spec, entry);
}

/**
 * The pod port of a destination workload (`namespace/name`) behind the Service `host`'s port, for
 * readers that go on when a name is not found: the Service port itself then (the routing sent the
 * request there).
 */
export function destinationPodPort(world: World, host: string, port: number, workload: {namespace: string; name: string}): number {
  return podPortOf(world.serviceByFqdn(host), port, findWorkload(world, workload.namespace, workload.name)) ?? port;
}
