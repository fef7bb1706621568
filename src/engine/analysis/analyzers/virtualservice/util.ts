/** What the VirtualService analyzers share (virtualservice/util.go). */
import {asArray, asObject, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {readOnce} from '../../../model/read-once';
import {joinPointer as at} from '../../../pointer';

/**
 * resource.NewShortOrFullName: `ns/name`, else `name` in the VirtualService's namespace. istioctl
 * splits on "/" only, so the legacy dotted `gw.istio-system` names a Gateway "gw.istio-system" there.
 */
export function gatewayKey(name: string, namespace: string): string {
  return name.includes('/') ? name : `${namespace}/${name}`;
}

/**
 * A destination and where it is. Its paths are built when a message needs them: most destinations
 * get none, and building two pointers for each of them was most of what reading them cost.
 */
export class AnnotatedDestination {
  constructor(
    readonly destination: Obj,
    readonly mirror: boolean,
    readonly section: 'tcp' | 'tls' | 'http',
    private readonly i: number,
    private readonly field: 'route' | 'mirror' | 'mirrors',
    private readonly j: number,
  ) {}

  /** Where the destination is (its mapping). */
  get path(): string {
    if (this.field === 'mirror') return at('/spec/http', this.i, 'mirror');
    return at(`/spec/${this.section}`, this.i, this.field, this.j, 'destination');
  }

  /** The host whose line istioctl prints (util.DestinationHost, MirrorHost, MirrorsHost); null for `mirrors`, whose path istioctl writes without `destination`. */
  get hostLine(): string | null {
    return this.field === 'mirrors' ? null : at(this.path, 'host');
  }
}

/**
 * getRouteDestinations then getHTTPMirrorDestinations: route destinations of tcp, tls and http,
 * then http mirrors; read once per VirtualService (the host and subset analyzers both ask).
 */
export const destinationsOf: (vs: AnalysisResource) => readonly AnnotatedDestination[] = readOnce(readDestinations);

function readDestinations(vs: AnalysisResource): AnnotatedDestination[] {
  const spec = asObject(vs.value.spec) ?? {};
  const found: AnnotatedDestination[] = [];
  // Indexed loops, not forEach closures: read for every VirtualService of the run.
  for (const section of SECTIONS) {
    const routes = asArray(spec[section]);
    for (let i = 0; i < routes.length; i++) {
      const weighted = asArray(asObject(routes[i])?.route);
      for (let j = 0; j < weighted.length; j++) {
        // A route without destination is one to host "" for istioctl (GetDestination() is nil).
        const destination = asObject(asObject(weighted[j])?.destination) ?? {};
        found.push(new AnnotatedDestination(destination, false, section, i, 'route', j));
      }
    }
  }
  const http = asArray(spec.http);
  for (let i = 0; i < http.length; i++) {
    const r = asObject(http[i]);
    const mirror = asObject(r?.mirror);
    if (mirror) found.push(new AnnotatedDestination(mirror, true, 'http', i, 'mirror', 0));
    const mirrors = asArray(r?.mirrors);
    for (let j = 0; j < mirrors.length; j++) {
      const destination = asObject(asObject(mirrors[j])?.destination);
      if (destination) found.push(new AnnotatedDestination(destination, true, 'http', i, 'mirrors', j));
    }
  }
  return found;
}

const SECTIONS = ['tcp', 'tls', 'http'] as const;
