/** What the VirtualService analyzers share (virtualservice/util.go). */
import {asArray, asObject, type Obj} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';

/**
 * resource.NewShortOrFullName: `ns/name`, else `name` in the VirtualService's namespace. istioctl
 * splits on "/" only, so the legacy dotted `gw.istio-system` names a Gateway "gw.istio-system" there.
 */
export function gatewayKey(name: string, namespace: string): string {
  return name.includes('/') ? name : `${namespace}/${name}`;
}

export interface AnnotatedDestination {
  destination: Obj;
  /** Where the destination is (its mapping). */
  path: string;
  mirror: boolean;
  /** The host whose line istioctl prints (util.DestinationHost, MirrorHost, MirrorsHost); null for `mirrors`, whose path istioctl writes without `destination`. */
  hostLine: string | null;
}

/** getRouteDestinations then getHTTPMirrorDestinations: route destinations of tcp, tls and http, then http mirrors. */
export function destinationsOf(spec: Obj): AnnotatedDestination[] {
  const found: AnnotatedDestination[] = [];
  for (const section of ['tcp', 'tls', 'http'] as const) {
    asArray(spec[section]).forEach((route, i) => {
      asArray(asObject(route)?.route).forEach((weighted, j) => {
        // A route without destination is one to host "" for istioctl (GetDestination() is nil).
        const destination = asObject(asObject(weighted)?.destination) ?? {};
        found.push({destination, path: at(`/spec/${section}`, i, 'route', j, 'destination'), mirror: false, hostLine: at(`/spec/${section}`, i, 'route', j, 'destination', 'host')});
      });
    });
  }
  asArray(spec.http).forEach((route, i) => {
    const r = asObject(route);
    const mirror = asObject(r?.mirror);
    if (mirror) found.push({destination: mirror, path: at('/spec/http', i, 'mirror'), mirror: true, hostLine: at('/spec/http', i, 'mirror', 'host')});
    asArray(r?.mirrors).forEach((m, j) => {
      const destination = asObject(asObject(m)?.destination);
      if (destination) found.push({destination, path: at('/spec/http', i, 'mirrors', j, 'destination'), mirror: true, hostLine: null});
    });
  });
  return found;
}
