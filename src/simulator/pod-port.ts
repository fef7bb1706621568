/**
 * The pod port a Service port sends to, read once for the routing's authorization (Istio's and
 * Linkerd's) and for the mTLS matrix (PeerAuthentication `portLevelMtls`, Linkerd's opaque ports),
 * as Kubernetes' endpoints controller reads it (kubernetes pkg/api/v1/pod/util.go FindPort):
 * a numeric targetPort as it is; a named one, the first container port of that name and of the
 * Service port's protocol (TCP unless written), in the containers, then in the restartable init
 * containers (sidecar containers, `restartPolicy: Always`); a port entry without targetPort, the
 * port itself (the API server's defaulting).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {findWorkload, podTemplateOf} from './linkerd/workloads';
import type {World, WorldResource} from './world';

function namedContainerPort(template: Obj | undefined, name: string, protocol: string): number | undefined {
  const spec = asObject(template?.spec) ?? {};
  const restartable = asArray(spec.initContainers).map(asObject).filter((c) => asString(c?.restartPolicy) === 'Always');
  for (const container of [...asArray(spec.containers).map(asObject), ...restartable]) {
    for (const port of asArray(container?.ports).map(asObject)) {
      if (asString(port?.name) === name && (asString(port?.protocol) ?? 'TCP') === protocol) return asNumber(port?.containerPort);
    }
  }
  return undefined;
}

/**
 * The pod port of `workload` (its pod template) behind Service port `port`; undefined when the
 * targetPort is a name no container of the pod declares (Kubernetes then makes the pod no endpoint
 * of that port). Without the Service or its port entry, the port itself.
 */
export function podPortOf(service: WorldResource | undefined, port: number, workload: WorldResource | undefined): number | undefined {
  const entry = asArray(service?.spec.ports).map(asObject).find((p) => asNumber(p?.port) === port);
  const target = entry?.targetPort;
  if (typeof target === 'number') return target;
  const name = asString(target);
  if (name === undefined) return port;
  return namedContainerPort(workload && podTemplateOf(workload), name, asString(entry?.protocol) ?? 'TCP');
}

/**
 * The pod port of a destination workload (`namespace/name`) behind the Service `host`'s port, for
 * readers that go on when a name is not found: the Service port itself then (the routing sent the
 * request there).
 */
export function destinationPodPort(world: World, host: string, port: number, workload: {namespace: string; name: string}): number {
  return podPortOf(world.serviceByFqdn(host), port, findWorkload(world, workload.namespace, workload.name)) ?? port;
}
