/**
 * The pod port a Service port sends to, as Kubernetes' endpoints controller reads it (kubernetes
 * pkg/api/v1/pod/util.go FindPort): a numeric targetPort as it is; a named one, the first container
 * port of that name and of the Service port's protocol (TCP unless written), in the containers,
 * then in the restartable init containers (sidecar containers, `restartPolicy: Always`); a port
 * entry without targetPort, the port itself (the API server's defaulting). The engine's reading,
 * over a pod spec; src/simulator/pod-port.ts reads the simulator's world the same way.
 */
import {asArray, asNumber, asObject, asString} from '../istio/access';

/** FindPort: the pod port behind a Service port entry, or undefined when a named targetPort names no container port of the pod. */
export function findPort(podSpec: Record<string, unknown> | undefined, servicePort: Record<string, unknown>): number | undefined {
  const target = servicePort.targetPort;
  if (target === undefined || target === null) return asNumber(servicePort.port);
  if (typeof target === 'number') return target;
  const name = String(target);
  // intstr: a string of digits is still a name for FindPort (the API server refuses one in a Service)
  const protocol = asString(servicePort.protocol) ?? 'TCP';
  const spec = podSpec ?? {};
  const restartable = asArray(spec.initContainers).map(asObject).filter((c) => asString(c?.restartPolicy) === 'Always');
  for (const container of [...asArray(spec.containers).map(asObject), ...restartable]) {
    for (const port of asArray(container?.ports).map(asObject)) {
      if (asString(port?.name) === name && (asString(port?.protocol) ?? 'TCP') === protocol) return asNumber(port?.containerPort);
    }
  }
  return undefined;
}
