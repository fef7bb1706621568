/**
 * A VirtualService's `tcp` and `tls` routes at a client's sidecar (the `mesh` gateway), for a Service
 * port Istio reads as TCP or TLS, as istiod 1.30.3 builds the outbound filter chains
 * (pilot/pkg/networking/core/tls.go buildSidecarOutboundTLSFilterChainOpts, buildSidecarOutboundTCPFilterChainOpts):
 * - static predicates, read when istiod builds the config (matchTLS, matchTCP): `port` (0 or the
 *   Service port), `sourceLabels` (a subset of the client's labels), `sourceNamespace`, `gateways`
 *   (none, or one naming `mesh`);
 * - a TLS port (`tls`, `https`): one chain per holding `tls` match on its `sniHosts`, Envoy picking
 *   the SNI exactly, else the longest wildcard; with no holding match, the default chain passes the
 *   connection to the Service; with some but none taking the SNI, no chain: closed (NR);
 * - a TCP port: the first `tcp` route without `match`, or whose match holds, ends the list; a match
 *   with `destinationSubnets` only takes connections to those addresses (the lab's Services have no
 *   ClusterIP to compare, so it is named and passed over); none: the default route to the Service.
 * A TCP proxy: no HTTP routes, fault, timeout, retries or mirrors; each share established to a pod or
 * closed (NC, UH), as at the ingress gateway (gateway-l4.ts).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {fqdn, hostSpecificity, hostSubsetOf} from '../engine/model/hosts';
import type {SidecarRouting} from './ambient/sidecar-routing';
import type {Decision, TraceStep} from './decision';
import {resolveBackend, type ResolvedBackend} from './destinations';
import {portProtocol} from './egress/istio';
import {qualifyGatewayName} from './match';
import {finishConnection, resourceRef, weightedDestinations} from './outcome';
import type {SimRequest} from './request';
import type {SimSource} from './source';
import {labelsInclude, locate, stringLabels, type World, type WorldResource} from './world';

/** A Service port's L4 protocol as Istio reads it (appProtocol, else the name's prefix), or undefined for HTTP or sniffed. */
export function serviceL4Protocol(service: WorldResource, port: number): 'tcp' | 'tls' | undefined {
  const entry = asArray(service.spec.ports).map((p) => asObject(p) ?? {}).find((p) => asNumber(p.port) === port);
  if (!entry || portProtocol(asString(entry.name), asString(entry.appProtocol)) !== 'other') return undefined;
  const declared = (asString(entry.appProtocol) ?? asString(entry.name)?.split('-')[0] ?? '').toLowerCase();
  return declared === 'tls' || declared === 'https' ? 'tls' : 'tcp';
}

/** matchTLS / matchTCP: why a match's static predicates do not hold for this client, or undefined. */
function staticMismatch(match: Obj, port: number, source: SimSource, vs: WorldResource): string | undefined {
  const wanted = asNumber(match.port) ?? 0;
  if (wanted !== 0 && wanted !== port) return `port ${wanted}, not ${port}`;
  const labels = stringLabels(match.sourceLabels);
  if (!labelsInclude(source.labels, labels)) return `sourceLabels ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')} are not the client's`;
  const namespace = asString(match.sourceNamespace);
  if (namespace && namespace !== source.namespace) return `sourceNamespace ${namespace}, not ${source.namespace}`;
  const gateways = asArray(match.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length > 0 && !gateways.some((g) => g === 'mesh' || qualifyGatewayName(g, vs.namespace) === 'mesh')) return `gateways [${gateways.join(', ')}] do not name mesh`;
  return undefined;
}

/** The connection a sidecar makes to a TCP or TLS Service port its VirtualService has `tcp` or `tls` routes for; undefined otherwise (HTTP routing). */
export function routeSidecarL4(world: World, request: SimRequest, source: SimSource, port: number, base: Decision, trace: TraceStep[],
  routing: Pick<SidecarRouting, 'resolveDestination'>, vs: WorldResource, backend: ResolvedBackend, host: string): Decision | undefined {
  const service = backend.kind === 'service' ? backend.resource! : undefined;
  const protocol = service && serviceL4Protocol(service, port);
  if (!protocol || asArray(vs.spec[protocol]).length === 0) return undefined;
  const sni = protocol === 'tls' ? request.host : undefined;
  const because = `Service ${service!.namespace}/${service!.name} port ${port} is ${protocol.toUpperCase()}: ${configOf(vs)}'s ${protocol} routes apply`;
  const connection = {proxy: 'sidecar' as const, protocol, ...(sni ? {sni} : {}), because};
  trace.push({message: `${because}; the client's sidecar opens ${sni ? `a TLS connection with SNI ${sni} (the request's host)` : 'a plain TCP connection'}: method, path and headers play no part`, at: locate(vs, 'spec', protocol)});
  const blocks = asArray(vs.spec[protocol]).map((b) => asObject(b) ?? {});
  let chosen: {index: number; specificity: number} | undefined;
  let holding = false;
  blocks.forEach((block, index) => {
    const matches = asArray(block.match).map((m) => asObject(m) ?? {});
    if (protocol === 'tcp' && chosen) return;
    if (protocol === 'tcp' && matches.length === 0) {
      chosen = {index, specificity: 0};
      return;
    }
    matches.forEach((match, m) => {
      const why = staticMismatch(match, port, source, vs);
      if (why) return trace.push({message: `${protocol}[${index}].match[${m}] does not hold for this client: ${why}`, at: locate(vs, 'spec', protocol, index, 'match', m)});
      if (asArray(match.destinationSubnets).length > 0) return trace.push({message: `${protocol}[${index}].match[${m}] takes only connections to destinationSubnets ${asArray(match.destinationSubnets).join(', ')}: the lab's Service has no ClusterIP to compare, so it is passed over`, at: locate(vs, 'spec', protocol, index, 'match', m, 'destinationSubnets')});
      if (protocol === 'tcp') {
        chosen ??= {index, specificity: 0};
        return;
      }
      holding = true;
      const names = asArray(match.sniHosts).filter((h): h is string => typeof h === 'string').filter((h) => hostSubsetOf(sni!, h));
      const specificity = Math.max(-1, ...names.map(hostSpecificity));
      if (specificity >= 0 && (!chosen || specificity > chosen.specificity)) chosen = {index, specificity};
    });
  });
  if (!chosen && holding) {
    trace.push({message: `no tls match of ${configOf(vs)} takes SNI ${sni}, and with tls matches istiod builds no default chain: Envoy closes the connection (response flag NR)`});
    return finishConnection({...base, virtualServices: [resourceRef(vs)]}, connection, trace, {reason: `no filter chain for SNI ${sni} on port ${port}`, flags: 'NR'});
  }
  if (!chosen) {
    trace.push({message: `no ${protocol} route of ${configOf(vs)} applies: the default chain passes the connection to ${host}`});
    const destination = routing.resolveDestination(world, {host, port}, host, backend, port, source.namespace, undefined, undefined, trace);
    return finishConnection({...base, virtualServices: [resourceRef(vs)], timeout: null, retries: null, destinations: [{...destination, share: 1}]}, connection, trace);
  }
  const {index} = chosen;
  const at = locate(vs, 'spec', protocol, index);
  trace.push({message: `${configOf(vs)} ${protocol}[${index}] proxies the connection`, at});
  const {weighted, share} = weightedDestinations(asArray(blocks[index]!.route));
  const destinations = weighted.map((w) => {
    const destination = asObject(w.d.destination) ?? {};
    const written = asString(destination.host) ?? '';
    const target = fqdn(written, vs.namespace);
    const resolved = routing.resolveDestination(world, {host: written, port: asNumber(asObject(destination.port)?.number)}, target, resolveBackend(world, target), port,
      source.namespace, asString(destination.subset), locate(vs, 'spec', protocol, index, 'route', w.j), trace);
    return {...resolved, weight: weighted.length === 1 ? undefined : asNumber(w.d.weight), share: share(w)};
  });
  trace.push({message: 'a TCP proxy: no HTTP fault, timeout, retries or mirrors apply to the connection; a cluster that does not exist (NC) or has no pod (UH) closes it'});
  return finishConnection({...base, virtualServices: [resourceRef(vs)], route: {index, section: protocol, virtualService: resourceRef(vs), at}, timeout: null, retries: null, destinations}, connection, trace);
}

const configOf = (vs: WorldResource): string => `VirtualService ${vs.namespace}/${vs.name}`;
