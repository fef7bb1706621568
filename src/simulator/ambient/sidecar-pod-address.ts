/**
 * A sidecar client whose URL names a pod's IP address. The address is no host of the sidecar's registry,
 * so its outbound listener passes the request through (egress/istio.ts routeUnregistered): with
 * ALLOW_ANY, PassthroughCluster, an original-destination cluster, sends it to the address the
 * application dialled. That cluster has no TLS settings, so no auto mTLS and no HBONE: the pod receives
 * plain text (istio 1.30.3 pilot/pkg/networking/core/cluster_builder.go buildDefaultPassthroughCluster).
 *
 * At the pod, an ambient pod's ztunnel takes it on its inbound plaintext port: it finds the pod as the
 * destination workload, checks its L4 policy with no peer identity (a STRICT PeerAuthentication refuses
 * it), and connects to the pod; it never sends it to a waypoint (ztunnel 1.30.3
 * src/proxy/inbound_passthrough.rs proxy_inbound_plaintext). A sidecar pod's own sidecar takes it on
 * its inbound passthrough chain. REGISTRY_ONLY, an egress proxy or a sidecar without ALLOW_ANY keep
 * the egress answer (502, a reset, the egress proxy).
 */
import type {Decision, DestinationDecision} from '../decision';
import {finish} from '../outcome';
import type {SimRequest} from '../request';
import type {World} from '../world';
import {workloadMode} from './modes';
import {dataplaneOf} from './path';
import {ambiguousAddress, isIpAddress, podsAt} from './pod-addressed';

/** The cluster a passed-through request takes; the mTLS matrix reads it as sending plain text (mtls-client.ts PASSTHROUGH_TLS). */
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';

/** The decision with its passthrough reaching the pod at the URL's address; undefined when the request is not one. */
export function passthroughToPod(world: World, decision: Decision, request: SimRequest, clientName: string): Decision | undefined {
  if (decision.source.kind !== 'sidecar' || decision.outcome !== 'passthrough' || decision.egress?.cluster !== PASSTHROUGH_CLUSTER || !isIpAddress(request.host)) return undefined;
  const pods = podsAt(world, request.host);
  const trace = [...decision.trace];
  if (pods.length !== 1) {
    if (pods.length > 1) trace.push({message: ambiguousAddress(request.host, pods)});
    return pods.length > 1 ? {...decision, trace} : undefined;
  }
  const [{namespace, workload, pod, labels}] = pods as [typeof pods[number]];
  const port = decision.request.port;
  const mode = workloadMode(world, namespace, workload);
  trace.push({message: `${request.host} is the address of pod ${namespace}/${pod} (${namespace}/${workload}): PassthroughCluster sends the request there as plain text (an original-destination cluster has no TLS, so neither auto mTLS nor HBONE applies)`});
  const inbound = mode === 'ambient'
    ? `the pod is ambient: its ztunnel receives the plain text on its inbound plaintext port, applies its L4 policy with no peer identity, and connects to the pod; a request addressed to a pod never goes to a waypoint this way`
    : mode === 'sidecar' ? 'the pod\'s sidecar receives it on its inbound passthrough chain' : 'the pod has no proxy: its application answers';
  trace.push({message: inbound});
  const destination: DestinationDecision = {
    host: request.host, port, cluster: PASSTHROUGH_CLUSTER, share: 1, status: 200, pods: [pod], podCount: 1,
    workloads: [{namespace, workload, labels, count: 1, named: [pod]}],
  };
  const {egress: _passedThrough, ...rest} = decision;
  const routed = finish({...rest, outcome: 'routed', status: 200, summary: '', destinations: [destination], timeout: null, retries: null}, trace);
  return {...routed, dataplane: dataplaneOf(world, routed, {
    client: 'sidecar', clientName, passthrough: true, routedBy: 'sidecar',
    noWaypoint: mode === 'ambient' ? 'the sidecar passes a pod address through in plain text; the pod\'s ztunnel takes it inbound and sends it to the pod, not to a waypoint' : 'the sidecar passes a pod address through to the pod',
    routing: `no route for ${request.host}: the client's sidecar passes it through (PassthroughCluster) to pod ${namespace}/${pod}`,
  })};
}
