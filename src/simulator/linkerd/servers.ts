/**
 * Which Server describes a pod's port (policy-controller/k8s/index/src/inbound/index.rs
 * Pod::reindex_servers): the Servers of the pod's namespace, oldest first (creation time, then
 * name), whose `podSelector` selects the pod and whose `port` is the port's number or the name
 * of one of its TCP container ports (Pod::select_ports). The first one takes the port; a later
 * Server selecting it too is skipped ("Port already matched by another server"). A Server with
 * an `externalWorkloadSelector` never selects a pod.
 */
import {asNumber, asObject, asString} from '../../engine/istio/access';
import type {World, WorldResource} from '../world';
import {parseDefaultPolicy, type DefaultPolicy} from './defaults';
import {selectorMatches} from './selector';
import type {LinkerdWorkload} from './workloads';

/** core/src/inbound.rs ProxyProtocol, from a Server's `proxyProtocol` (server.rs proxy_protocol). */
export type ProxyProtocol = 'detect' | 'HTTP/1' | 'HTTP/2' | 'gRPC' | 'opaque' | 'TLS';

export interface SelectedServer {
  resource: WorldResource;
  protocol: ProxyProtocol;
  /** `accessPolicy` (server.rs: parsed as a default policy; unparseable is none). */
  accessPolicy?: DefaultPolicy;
  /** Later Servers that select the same port and are skipped. */
  skipped: WorldResource[];
}

function protocolOf(server: WorldResource): ProxyProtocol {
  const written = asString(server.spec.proxyProtocol);
  return written === 'HTTP/1' || written === 'HTTP/2' || written === 'gRPC' || written === 'opaque' || written === 'TLS' ? written : 'detect';
}

export function selectsPort(server: WorldResource, workload: LinkerdWorkload, port: number): boolean {
  if (!asObject(server.spec.podSelector) || !selectorMatches(server.spec.podSelector, workload.labels)) return false;
  const written = server.spec.port;
  if (typeof written === 'number') return asNumber(written) === port;
  return typeof written === 'string' && (workload.portsByName.get(written) ?? []).includes(port);
}

/** Servers oldest first: creation order (the lab's order), then name. */
function byAge(a: WorldResource, b: WorldResource): number {
  return a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function serverFor(world: World, workload: LinkerdWorkload, port: number): SelectedServer | undefined {
  const selecting = world.ofKind('policy.linkerd.io', 'Server')
    .filter((s) => s.namespace === workload.namespace && selectsPort(s, workload, port))
    .sort(byAge);
  const first = selecting[0];
  if (!first) return undefined;
  return {resource: first, protocol: protocolOf(first), accessPolicy: parseDefaultPolicy(first.spec.accessPolicy), skipped: selecting.slice(1)};
}
