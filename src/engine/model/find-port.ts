/**
 * The pod port a Service port targets, as Kubernetes' FindPort reads it (kubernetes
 * pkg/api/v1/pod/util.go, forked by istiod 1.30.3 as pilot/pkg/serviceregistry/kube/controller/util.go
 * FindPort, which istioctl's describe prints): a numeric targetPort as it is; a named one, the first
 * port of that name and of the Service port's protocol in the containers, then in the native sidecars
 * (init containers with `restartPolicy: Always`); none when no container declares it. Protocols and
 * an absent targetPort are read as the API server defaults them (TCP; the port itself). One lookup
 * for the simulator, kubectl's and istioctl's printers.
 */
import {asArray, asNumber, asObject, asString} from '../istio/access';

/** The container port, or undefined when a named targetPort matches no container port (FindPort's error). */
export function findPort(podSpec: unknown, servicePort: unknown): number | undefined {
  const entry = asObject(servicePort);
  const target = entry?.targetPort ?? entry?.port;
  if (typeof target === 'number') return target;
  const name = asString(target);
  if (name === undefined) return undefined;
  const protocol = asString(entry?.protocol) ?? 'TCP';
  const spec = asObject(podSpec);
  const sidecars = asArray(spec?.initContainers).filter((c) => asString(asObject(c)?.restartPolicy) === 'Always');
  for (const container of [...asArray(spec?.containers), ...sidecars]) {
    for (const port of asArray(asObject(container)?.ports).map(asObject)) {
      if (asString(port?.name) === name && (asString(port?.protocol) ?? 'TCP') === protocol) return asNumber(port?.containerPort);
    }
  }
  return undefined;
}
