/**
 * A request whose URL names a pod's IP address, from an ambient client: ztunnel looks the address up
 * as a Service first; an address that is no Service's but a workload's is workload traffic. ztunnel
 * then sends it to the workload's own waypoint when the pod has one for workload traffic
 * (`istio.io/use-waypoint` on the pod or its namespace, naming a Gateway whose `istio.io/waypoint-for`
 * is `workload` or `all`), else straight to the pod over HBONE (ztunnel 1.30.3 src/proxy/outbound.rs
 * build_request, "Don't traverse waypoint if traffic was addressed to a service"; istiod
 * waypoints.go fetchWaypointForWorkload). The waypoint applies its L7 policy but no route: istiod
 * builds no VirtualService route without a Service (listener_waypoint.go
 * buildWaypointInboundHTTPRouteConfig). A client without a proxy connects to the pod itself.
 *
 * The lab knows a pod's address when a written Pod states it (`status.podIP`, `status.podIPs`);
 * otherwise each named pod has the stable address the simulator gives it everywhere
 * (linkerd/workloads.ts podAddress, in kind's pod network 10.244.0.0/16).
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import type {Decision, DestinationDecision, TraceStep} from '../decision';
import {podAddress} from '../linkerd/workloads';
import {finish} from '../outcome';
import type {World} from '../world';
import type {DataplaneMode} from './modes';
import {dataplaneOf, type PathInputs} from './path';
import {workloadWaypoint} from './waypoint';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpAddress(host: string): boolean {
  return IPV4.test(host);
}

export interface AddressedPod {
  namespace: string;
  workload: string;
  pod: string;
  labels: Record<string, string>;
}

/** The pods whose address is `ip`: a written Pod's own, else the simulator's stable address of each named pod. */
export function podsAt(world: World, ip: string): AddressedPod[] {
  const found: AddressedPod[] = [];
  for (const set of world.podSets) {
    const written = world.ofKind('', 'Pod').find((p) => p.namespace === set.namespace && p.name === set.workload && set.named.length === 1 && set.named[0] === p.name);
    for (const pod of set.named) {
      const addresses = written ? statedAddresses(written.value) : [];
      const own = addresses.length > 0 ? addresses : [podAddress(set.namespace, pod)];
      if (own.includes(ip)) found.push({namespace: set.namespace, workload: set.workload, pod, labels: set.labels});
    }
  }
  return found;
}

function statedAddresses(value: Record<string, unknown>): string[] {
  const status = asObject(value.status);
  const list = asArray(status?.podIPs).map((entry) => asString(asObject(entry)?.ip)).filter((ip): ip is string => ip !== undefined);
  const single = asString(status?.podIP);
  return list.length > 0 ? list : single ? [single] : [];
}

/** The decision for a request addressed to `pod` at `ip`; `mode`: the client's data plane (ambient or none). */
export function routePodAddressed(world: World, ip: string, port: number, addressed: AddressedPod, mode: DataplaneMode, base: Decision, trace: TraceStep[],
  inputs: (extra: Omit<PathInputs, 'client' | 'clientName'>) => PathInputs): Decision {
  const {namespace, workload, pod} = addressed;
  trace.push({message: `${ip} is the address of pod ${namespace}/${pod} (${namespace}/${workload}), not of a Service: the request is addressed to that pod, and no route or load balancing applies`});
  const bound = mode === 'ambient' ? workloadWaypoint(world, namespace, workload) : undefined;
  if (bound) {
    trace.push({message: bound.bound ? `${bound.reason}: ztunnel sends the request for it there over HBONE` : `${bound.reason}: ztunnel sends the request straight to the pod`, at: bound.bound ? bound.gateway.at : bound.at});
    if (bound.bound) trace.push({message: 'a waypoint applies no VirtualService or HTTPRoute to a request addressed to a pod: it enforces its L7 policy and forwards to that pod'});
  } else {
    trace.push({message: 'a client without a proxy connects to the pod itself: no waypoint is involved'});
  }
  const destination: DestinationDecision = {
    // No Envoy cluster: the client's ztunnel (or the client itself) connects to the address.
    host: ip, port, cluster: `${ip}:${port}`, share: 1, status: 200, pods: [pod], podCount: 1,
    workloads: [{namespace, workload, labels: addressed.labels, count: 1, named: [pod]}],
  };
  const decision = finish({...base, outcome: 'routed', status: 200, summary: '', destinations: [destination], timeout: null, retries: null}, trace);
  const waypoint = bound?.bound ? {...bound.waypoint, reason: bound.reason} : undefined;
  return {...decision, dataplane: dataplaneOf(world, decision, inputs({
    waypoint,
    noWaypoint: waypoint ? undefined : bound?.reason ?? 'a client without a proxy sends plaintext straight to a pod: no waypoint is involved',
    routedBy: 'none',
    routing: `nothing routes: the request is addressed to pod ${namespace}/${pod}${waypoint ? ', and a waypoint applies no route to it' : ''}`,
  }))};
}

/** Several pods with one address: the lab states the same address twice (a written Pod's) or two stable addresses collide. */
export function ambiguousAddress(ip: string, pods: readonly AddressedPod[]): string {
  return `${ip} is the address of ${pods.length} pods (${pods.map((p) => `${p.namespace}/${p.pod}`).join(', ')}): the simulator cannot tell which one answers`;
}
