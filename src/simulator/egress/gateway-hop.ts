/**
 * The egress gateway pattern (istio.io, "Egress Gateways"): a VirtualService bound to `mesh` sends
 * the external host to the egress gateway's Service, and a second route bound to the egress
 * Gateway sends it on to the ServiceEntry's host. The sidecar's decision ends at the gateway's
 * pods; the gateway's proxy routes the same request again (its Gateway's servers, the
 * VirtualServices bound to it), and that second decision says whether the request leaves.
 */
import type {Decision, DestinationDecision} from '../decision';
import type {World} from '../world';
import {gatewayAt, serviceEntryEgress} from './istio';
import type {EgressDecision, EgressHop} from './types';

/** The pods of a destination that an Istio Gateway's proxy runs, and that Gateway. */
function egressGatewayOf(world: World, destination: DestinationDecision) {
  for (const workload of destination.workloads) {
    const gateway = gatewayAt(world, workload.labels, destination.port);
    if (gateway) return gateway;
  }
  return undefined;
}

/**
 * Follows the request through an egress gateway when the sidecar's route sends an external host
 * there; `routeAtGateway` routes it again as the gateway's proxy (simulate with `gateway`).
 */
export function throughEgressGateway(world: World, decision: Decision, routeAtGateway: (gateway: string, port: number) => Decision): EgressDecision | undefined {
  if (decision.source.kind !== 'sidecar' || decision.outcome !== 'routed') return undefined;
  const requestHost = decision.request.host;
  for (const destination of decision.destinations) {
    if (destination.status !== 200 || destination.host === requestHost) continue;
    const gateway = egressGatewayOf(world, destination);
    if (!gateway) continue;
    const name = `${gateway.namespace}/${gateway.name}`;
    const second = routeAtGateway(name, destination.port);
    const client = decision.source.workload ? `${decision.source.namespace}/${decision.source.workload}` : decision.source.namespace;
    const hops: EgressHop[] = [
      {proxy: `sidecar of ${client}`, routedBy: decision.route?.virtualService, to: `${destination.host}:${destination.port}${destination.subset ? ` subset ${destination.subset}` : ''} (egress gateway ${name})`},
      {proxy: `egress gateway ${name}`, routedBy: second.route?.virtualService, to: second.destinations.length ? second.destinations.map((d) => `${d.host}:${d.port}`).join(', ') : second.summary},
    ];
    const out = serviceEntryEgress(world, second, {kind: 'gateway', namespace: gateway.namespace, labels: {}, gateway: name, gatewayResource: gateway});
    const leaves = out !== undefined;
    return {
      mesh: 'istio', host: requestHost, port: decision.request.port, hops,
      verdict: leaves ? 'allowed' : 'blocked',
      cluster: out?.cluster,
      serviceEntry: out?.serviceEntry,
      policy: out?.policy,
      answer: leaves ? `${out!.host} answers through egress gateway ${name}` : `egress gateway ${name} does not send it out: ${second.summary}`,
      route: second.route?.virtualService ?? (second.virtualServices[0] ? {...second.virtualServices[0]} : undefined),
    };
  }
  return undefined;
}
