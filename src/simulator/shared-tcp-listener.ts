/**
 * A TCP port several ServiceEntry hosts listen on at 0.0.0.0 (no address of their own, and none allocated at this client:
 * no DNS capture), istio 1.30.3. istiod builds one listener per address and port (listener.go buildSidecarOutboundListener,
 * listenerKey {bind, port}): the first service in the sidecar's order creates 0.0.0.0:PORT with its match-all chain to its
 * own cluster; a later host's chain matches the same (everything) and is dropped as a duplicate (TCPOverTCP,
 * mergeTCPFilterChains). Every connection the pod opens to that port, whatever host the application resolved, is then
 * proxied to the first host's cluster: istio.io's "DNS Proxying" page, "External TCP services without VIPs", which DNS
 * capture with auto-allocated addresses solves (dns-capture.ts).
 *
 * The order: the services the sidecar imports sorted by creation time, then name (a ServiceEntry host's service is named
 * after its host), then namespace (push_context.go sortServicesByCreationTime), the namespace's private and exported-to
 * ones first (servicesExportedToNamespace). The lab's context was created before the reader's YAML, which one
 * `kubectl apply` creates within one second (gatewayapi/resources.ts creationSecond), so the hostname decides among it.
 */
import {asArray, asNumber, asObject, asString} from '../engine/istio/access';
import {isTlsProtocol, parseProtocol, protocolHandling} from '../engine/model/istio-protocol';
import type {DnsCapture} from './dns-capture';
import {sidecarEgressGap} from './egress/sidecar-hosts';
import {creationSecond} from './gatewayapi/resources';
import {listenerDestination} from './service-address';
import {exportedTo, type World, type WorldResource} from './world';

export interface ListenerOwner {
  entry: WorldResource;
  host: string;
}

/** The host whose chain a TCP connection to `port` meets at 0.0.0.0, when several share it; undefined when only one listens there. */
export function sharedWildcardOwner(world: World, namespace: string, scope: WorldResource | undefined, port: number, capture: DnsCapture): ListenerOwner | undefined {
  const sharing: Array<ListenerOwner & {private: boolean}> = [];
  for (const entry of world.serviceEntries) {
    if (!exportedTo(entry, namespace)) continue;
    const declared = asArray(entry.spec.ports).map((p) => asObject(p) ?? {}).find((p) => asNumber(p.number) === port);
    const protocol = declared && parseProtocol(asString(declared.protocol) ?? '');
    // Only a plain TCP port's chain matches everything: TLS chains match their host as SNI, HTTP ones share by Host header.
    if (!protocol || protocolHandling(protocol) !== 'tcp' || isTlsProtocol(protocol)) continue;
    if (asString(entry.spec.resolution) === 'NONE' && asArray(entry.spec.endpoints).length > 0) continue;
    const exportTo = asArray(entry.spec.exportTo);
    for (const host of asArray(entry.spec.hosts).map((h) => String(h).toLowerCase())) {
      if (host.includes('*')) continue;
      if (scope && sidecarEgressGap(scope, entry.namespace, host, port)) continue;
      if (listenerDestination(world, entry, host, capture).kind !== 'any') continue;
      sharing.push({entry, host, private: exportTo.length > 0 && !exportTo.includes('*')});
    }
  }
  if (sharing.length < 2) return undefined;
  // A VirtualService's tcp routes for one of the hosts give the listener other chains: not followed here (the caller keeps the host's own).
  const hosts = new Set(sharing.map((s) => s.host));
  if (world.virtualServices.some((vs) => asArray(vs.spec.tcp).length > 0 && asArray(vs.spec.hosts).some((h) => hosts.has(String(h).toLowerCase())))) return undefined;
  const order = (a: typeof sharing[number], b: typeof sharing[number]): number =>
    Number(b.private) - Number(a.private) || creationSecond(a.entry) - creationSecond(b.entry) || compare(a.host, b.host) || compare(a.entry.namespace, b.entry.namespace);
  const first = [...sharing].sort(order)[0]!;
  return {entry: first.entry, host: first.host};
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
