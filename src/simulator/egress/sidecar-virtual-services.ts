/**
 * Which VirtualServices a Sidecar's egress listener imports, and the services those bring with
 * them (istio 1.30.3 pilot/pkg/model/sidecar.go, virtualservice.go):
 *
 * - The routes for a port come from one egress listener (GetEgressListenerForRDS): the first whose
 *   `port` is that port, or the first without a port (the catch-all).
 * - That listener imports a VirtualService visible to the client's namespace when one of its
 *   hosts, completed with the VirtualService's namespace, matches a `hosts` entry of the
 *   VirtualService's own namespace or of namespace `*` (SelectVirtualServices, VSMatches: equal
 *   names, or either side a wildcard and the two overlapping, the bidirectional Matches kept for
 *   VirtualServices not made from Gateway API routes). So a VirtualService written in another
 *   namespace than its Service's is imported only when the Sidecar names that namespace.
 * - An imported VirtualService's destinations (routes, mirrors, TCP and TLS routes; HTTP routes
 *   whose `sourceNamespace` is another namespace's skipped) are imported as services even when no
 *   `hosts` entry names them (collectImportedServices, virtualServiceDestinationsFilteredBySourceNamespace),
 *   on the listener's port when it has one (serviceMatchingListenerPort), else on the ports the
 *   destinations name, every port when one names none (serviceMatchingVirtualServicePorts).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {fqdn, hostsOverlap} from '../../engine/model/hosts';
import type {WorldResource} from '../world';

/** GetEgressListenerForRDS: the listener whose routes serve `port`. */
export function egressListenerFor(sidecar: WorldResource, port: number): Obj | undefined {
  for (const listener of asArray(sidecar.spec.egress).map(asObject)) {
    if (!listener) continue;
    const listenerPort = asNumber(asObject(listener.port)?.number);
    if (listenerPort === undefined || listenerPort === port) return listener;
  }
  return undefined;
}

function hostEntries(listener: Obj, sidecarNamespace: string): Array<{namespace: string; dnsName: string}> {
  return asArray(listener.hosts).map(asString).flatMap((entry) => {
    // sidecar.go logs "Illegal host in sidecar resource" and skips an entry without exactly one '/'.
    if (entry === undefined || entry.split('/').length !== 2) return [];
    const [namespace, dnsName] = entry.split('/') as [string, string];
    return [{namespace: namespace === '.' ? sidecarNamespace : namespace, dnsName}];
  });
}

/** hostClassification.VSMatches without gateway semantics. */
function vsHostMatches(vsHost: string, imported: string): boolean {
  if (vsHost === imported) return true;
  if (!vsHost.startsWith('*') && !imported.startsWith('*')) return false;
  return hostsOverlap(vsHost, imported);
}

/** Whether the egress listener imports the VirtualService, and the entry that does. */
export function listenerImportsVirtualService(listener: Obj, sidecarNamespace: string, vs: WorldResource): string | undefined {
  const hosts = asArray(vs.spec.hosts).map(asString).filter((h): h is string => h !== undefined).map((h) => fqdn(h, vs.namespace));
  const entry = hostEntries(listener, sidecarNamespace).find((e) => (e.namespace === vs.namespace || e.namespace === '*') && hosts.some((h) => vsHostMatches(h, e.dnsName)));
  return entry && `${entry.namespace}/${entry.dnsName}`;
}

/** The hosts (FQDN) an imported VirtualService sends to, with the ports its destinations name (0: none named). */
function destinationsOf(vs: WorldResource, clientNamespace: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const add = (destination: unknown) => {
    const d = asObject(destination);
    const host = asString(d?.host);
    if (host === undefined) return;
    const key = fqdn(host, vs.namespace);
    const ports = out.get(key) ?? new Set<number>();
    ports.add(asNumber(asObject(d?.port)?.number) ?? 0);
    out.set(key, ports);
  };
  for (const http of asArray(vs.spec.http).map(asObject)) {
    const sourceNamespaces = asArray(http?.match).map((m) => asString(asObject(m)?.sourceNamespace)).filter((n): n is string => n !== undefined && n !== '');
    // A route is kept when no match names a sourceNamespace, or one names the client's.
    if (sourceNamespaces.length > 0 && !sourceNamespaces.includes(clientNamespace)) continue;
    for (const r of asArray(http?.route)) add(asObject(r)?.destination);
    if (http?.mirror !== undefined) add(http.mirror);
    for (const m of asArray(http?.mirrors)) add(asObject(m)?.destination);
  }
  for (const key of ['tcp', 'tls'] as const) {
    for (const route of asArray(vs.spec[key]).map(asObject)) for (const r of asArray(route?.route)) add(asObject(r)?.destination);
  }
  return out;
}

/**
 * An imported VirtualService that brings `host` (a Service left out by the `hosts` entries) into
 * the scope on `port`, or undefined.
 */
export function importedThroughVirtualService(listener: Obj, sidecarNamespace: string, imported: readonly WorldResource[], host: string, port: number, servicePorts: readonly number[]): WorldResource | undefined {
  const listenerPort = asNumber(asObject(listener.port)?.number);
  return imported.find((vs) => {
    const ports = destinationsOf(vs, sidecarNamespace).get(host);
    if (!ports) return false;
    if (listenerPort !== undefined) return servicePorts.length === 0 || servicePorts.includes(listenerPort);
    return ports.has(0) || ports.has(port);
  });
}
