/**
 * Linkerd 2.20's egress: a meshed client's connection to an address outside the cluster's
 * Services meets the EgressNetworks (policy.linkerd.io/v1alpha1).
 *
 * - Which EgressNetwork: those in the client's namespace if any exist there, else those in the
 *   global egress namespace (`linkerd-egress`, the chart's egress.globalEgressNetworkNamespace);
 *   among them the one with the narrowest network holding the address, then the oldest, then
 *   namespace/name (policy-controller k8s/index/src/outbound/index/egress_network.rs
 *   resolve_egress_network, match_network, compare_matched_egress_network). Without `networks`,
 *   an EgressNetwork covers 0.0.0.0/0 and ::/0 except the cluster networks (from_resource).
 * - No EgressNetwork: the proxy forwards the connection unchanged.
 * - With one: routes parented to it (HTTPRoute for HTTP, TLSRoute by SNI for TLS) come first; a
 *   rule's backends share its requests by weight: its EgressNetwork backend forwards to the original
 *   destination (another EgressNetwork: 500, "Route with EgressNetwork backend needs to have the same
 *   EgressNetwork as a parent"), a Service backend sends them into the cluster (applyRule). Then the
 *   default route: `Allow` forwards, `Deny`
 *   answers HTTP with 403 "traffic not allowed" and refuses TLS and TCP
 *   (grpc/src/outbound/http.rs, tls.rs, tcp.rs default_outbound_egress_route).
 *
 * The lab knows host names, not addresses: a name is taken to resolve outside the cluster
 * networks, so it meets an EgressNetwork whose network holds every such address (the default,
 * or 0.0.0.0/0); a URL with an IP address is matched by CIDR.
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import {DEFAULT_CLUSTER_INFO} from '../linkerd/cluster-info';
import {networkMatches, parseAddress, parseNet, type NetworkMatch} from '../linkerd/networks';
import type {Decision, TraceStep} from '../decision';
import {backendRefsOf, resolveBackendRefs, type BackendRef} from '../gatewayapi/backends';
import {evaluateMatch} from '../gatewayapi/match';
import {routeEntries} from '../gatewayapi/precedence';
import {gatewayRoutes, hostnamesOf, l4Routes, LINKERD_POLICY_GROUP, parentRefs, routeKindLabel, type AnyGatewayRoute} from '../gatewayapi/resources';
import {finish, percent, resourceRef} from '../outcome';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import {locate, type World, type WorldResource} from '../world';
import {hostSubsetOf} from '../../engine/model/hosts';
import {linkerdReadsEgressNetwork, linkerdReadsService} from '../../engine/model/service-reference';
import type {EgressDecision} from './types';

export const GLOBAL_EGRESS_NAMESPACE = 'linkerd-egress';

interface Network {
  match: NetworkMatch;
  size: number;
}

function networksOf(network: WorldResource): Network[] {
  const written = asArray(network.spec.networks);
  const nets: NetworkMatch[] = network.spec.networks === undefined
    ? [
      {net: parseNet('0.0.0.0/0')!, except: DEFAULT_CLUSTER_INFO.networks.filter((n) => n.bytes.length === 4)},
      {net: parseNet('::/0')!, except: DEFAULT_CLUSTER_INFO.networks.filter((n) => n.bytes.length === 16)},
    ]
    : written.flatMap((value) => {
      const entry = asObject(value);
      const net = parseNet(asString(entry?.cidr) ?? '');
      return net ? [{net, except: asArray(entry?.except).map((e) => parseNet(String(e))).filter((e) => e !== undefined)}] : [];
    });
  // Block size as Linkerd compares it: the number of addresses, so a longer prefix is smaller.
  return nets.map((match) => ({match, size: match.net.bytes.length * 8 - match.net.prefix}));
}

/** The narrowest network of an EgressNetwork holding the address (a name: every address outside the cluster). */
function matchedSize(network: WorldResource, host: string): number | undefined {
  const address = parseAddress(host);
  const sizes = networksOf(network).filter(({match}) => address
    ? networkMatches(match, address)
    : match.net.prefix === 0).map((n) => n.size);
  return sizes.length ? Math.min(...sizes) : undefined;
}

export function egressNetworkFor(world: World, clientNamespace: string, host: string): WorldResource | undefined {
  const all = world.ofKind(LINKERD_POLICY_GROUP, 'EgressNetwork');
  const own = all.filter((n) => n.namespace === clientNamespace);
  const candidates = own.length ? own : all.filter((n) => n.namespace === GLOBAL_EGRESS_NAMESPACE);
  return candidates
    .map((network) => ({network, size: matchedSize(network, host)}))
    .filter((c): c is {network: WorldResource; size: number} => c.size !== undefined)
    .sort((a, b) => a.size - b.size || a.network.order - b.network.order || `${a.network.namespace}/${a.network.name}`.localeCompare(`${b.network.namespace}/${b.network.name}`))[0]?.network;
}

function attachedTo(route: AnyGatewayRoute, network: WorldResource, port: number, refs: ReturnType<typeof parentRefs>): boolean {
  return refs.some((p) => p.group === LINKERD_POLICY_GROUP && p.kind === 'EgressNetwork' && p.name === network.name && p.namespace === network.namespace && (p.port === undefined || p.port === port));
}

export function routeLinkerdEgress(world: World, request: SimRequest, source: SimSource, host: string, port: number, base: Decision, trace: TraceStep[]): Decision {
  const network = egressNetworkFor(world, source.namespace, request.host);
  const egress = (extra: Omit<EgressDecision, 'mesh' | 'host' | 'port'>): EgressDecision => ({mesh: 'linkerd', host: request.host, port, ...extra});
  if (!network) {
    trace.push({message: `${request.host} is no Service of the cluster and no EgressNetwork in ${source.namespace} or ${GLOBAL_EGRESS_NAMESPACE} covers it: Linkerd's proxy forwards the connection unchanged`});
    return finish({...base, outcome: 'passthrough', status: null, summary: `no EgressNetwork for ${request.host}: Linkerd's proxy forwards it to the original destination`,
      egress: egress({verdict: 'allowed', answer: `${request.host} answers (no EgressNetwork)`})}, trace);
  }
  const policy = asString(network.spec.trafficPolicy) === 'Deny' ? 'Deny' : 'Allow';
  const ref = {...resourceRef(network), at: locate(network, 'spec', 'trafficPolicy'), trafficPolicy: policy} as const;
  trace.push({message: `EgressNetwork ${network.namespace}/${network.name} covers ${request.host} (trafficPolicy ${policy})`, at: ref.at});
  const base2: Decision = {...base, egress: egress({verdict: 'allowed', answer: '', egressNetwork: ref})};
  return request.scheme === 'https' ? routeTls(world, request, network, port, base2, trace) : routeHttp(world, request, network, port, base2, trace);
}

function defaultRoute(network: WorldResource, request: SimRequest, base: Decision, trace: TraceStep[], tls: boolean): Decision {
  const egress = base.egress!;
  const policy = egress.egressNetwork!.trafficPolicy;
  if (policy === 'Allow') {
    trace.push({message: `no route of EgressNetwork ${network.namespace}/${network.name} matches: its default route (${tls ? 'tls' : 'http'}-egress-allow) forwards to ${request.host}`});
    return finish({...base, outcome: 'passthrough', status: null, summary: `EgressNetwork ${network.namespace}/${network.name} allows ${request.host}: forwarded to the original destination`,
      egress: {...egress, verdict: 'allowed', answer: `${request.host} answers (EgressNetwork ${network.name}, Allow)`}}, trace);
  }
  if (tls) {
    trace.push({message: `no TLSRoute of EgressNetwork ${network.namespace}/${network.name} matches SNI ${request.host}: its default route (tls-egress-deny) forbids the connection`});
    return finish({...base, outcome: 'unreachable', status: null, summary: `connection refused by Linkerd's proxy: EgressNetwork ${network.namespace}/${network.name} denies ${request.host}`,
      egress: {...egress, verdict: 'blocked', answer: 'connection refused by the proxy (tls-egress-deny)'}}, trace);
  }
  trace.push({message: `no HTTPRoute of EgressNetwork ${network.namespace}/${network.name} matches: its default route (http-egress-deny) answers 403 "traffic not allowed"`});
  return finish({...base, outcome: 'direct-response', status: 403, directResponse: {status: 403, body: 'traffic not allowed'}, summary: `403 from Linkerd's proxy: EgressNetwork ${network.namespace}/${network.name} denies ${request.host}`,
    egress: {...egress, verdict: 'blocked', answer: '403 traffic not allowed (http-egress-deny)'}}, trace);
}

function routeHttp(world: World, request: SimRequest, network: WorldResource, port: number, base: Decision, trace: TraceStep[]): Decision {
  const routes = gatewayRoutes(world).filter((r) => r.kind === 'HTTPRoute' && attachedTo(r, network, port, parentRefs(r))
    && (hostnamesOf(r).length === 0 || hostnamesOf(r).some((h) => hostSubsetOf(request.host, h))));
  for (const entry of routeEntries(routes)) {
    const verdict = entry.match ? evaluateMatch(entry.match, request) : {matched: true as const};
    const name = `${routeKindLabel(entry.route)} ${entry.route.resource.namespace}/${entry.route.resource.name} rules[${entry.ruleIndex}]`;
    if (!verdict.matched) {
      trace.push({message: `${name} does not match: ${verdict.reason}`, at: locate(entry.route.resource, 'spec', 'rules', entry.ruleIndex)});
      continue;
    }
    trace.push({message: `${name} matches`, at: locate(entry.route.resource, 'spec', 'rules', entry.ruleIndex)});
    return applyRule(world, request, network, port, entry.route, entry.ruleIndex, entry.rule, base, trace);
  }
  return defaultRoute(network, request, base, trace, false);
}

/**
 * A matching rule's backends, served as outbound/http.rs convert_route serves them: none is the parent's
 * default backend (FirstAvailable: the original destination); otherwise RandomAvailable by weight over
 * the rule's Service backends, the parent's own EgressNetwork (forwarded to the original destination)
 * and invalid ones (another EgressNetwork, a missing one: 500), through gatewayapi/backends.ts.
 */
function applyRule(world: World, request: SimRequest, network: WorldResource, port: number, route: AnyGatewayRoute, ruleIndex: number, rule: Record<string, unknown>, base: Decision, trace: TraceStep[]): Decision {
  const refs = backendRefsOf(rule, route);
  const egress = {...base.egress!, route: resourceRef(route.resource)};
  const weighted = refs.filter((r) => r.weight > 0);
  const destinations = resolveBackendRefs(world, route, ruleIndex, refs, 'linkerd', trace, {egressParent: {namespace: network.namespace, name: network.name, host: request.host, port}});
  const isEgress = (r: BackendRef): boolean => linkerdReadsEgressNetwork(r.group, r.kind);
  const forwards = (r: BackendRef): boolean => isEgress(r) && r.name === network.name && r.namespace === network.namespace;
  const forwardedShare = destinations.reduce((sum, d, i) => sum + (forwards(weighted[i]!) ? d.share : 0), 0);
  if (destinations.length === 0 || forwardedShare === 1) {
    trace.push({message: `the rule forwards to the original destination, ${request.host}`});
    return finish({...base, outcome: 'passthrough', status: null, summary: `${routeKindLabel(route)} ${route.resource.namespace}/${route.resource.name} lets ${request.host} out through EgressNetwork ${network.name}`,
      egress: {...egress, verdict: 'allowed', answer: `${request.host} answers (route ${route.resource.name})`}}, trace);
  }
  if (weighted.every((r) => isEgress(r) && !forwards(r))) {
    return finish({...base, outcome: 'direct-response', status: 500, directResponse: {status: 500}, summary: '500: a route with an EgressNetwork backend needs that EgressNetwork, existing, as its parent',
      egress: {...egress, verdict: 'blocked', answer: '500 (invalid backend)'}}, trace);
  }
  const services = weighted.filter((r) => linkerdReadsService(r.group, r.kind)).map((s) => `${s.namespace}/${s.name}`);
  const inside = services.length > 0 ? `served inside the cluster by ${services.join(', ')}` : 'answered 500 by the proxy (invalid backends)';
  trace.push({message: forwardedShare > 0 ? `the rule splits ${request.host} by weight: ${percent(forwardedShare)} forwarded to it, the rest ${inside}` : `the rule sends ${request.host} to a Service in the cluster instead of the external host`});
  return finish({...base, outcome: 'routed', status: null, summary: '', destinations, route: {index: ruleIndex, virtualService: resourceRef(route.resource)},
    egress: {...egress, verdict: forwardedShare > 0 ? 'allowed' : 'blocked', answer: forwardedShare > 0 ? `${percent(forwardedShare)} reach ${request.host}, the rest ${inside}` : inside}}, trace);
}

/** TLSRoutes parented to the EgressNetwork, by SNI (the request's host) against their hostnames. */
function routeTls(world: World, request: SimRequest, network: WorldResource, port: number, base: Decision, trace: TraceStep[]): Decision {
  for (const route of l4Routes(world).filter((r) => r.kind === 'TLSRoute')) {
    const resource = route.resource;
    if (!attachedTo(route, network, port, parentRefs(route))) continue;
    const hostnames = hostnamesOf(route);
    if (hostnames.length > 0 && !hostnames.some((h) => hostSubsetOf(request.host, h))) {
      trace.push({message: `TLSRoute ${resource.namespace}/${resource.name} does not match SNI ${request.host} (hostnames ${hostnames.join(', ')})`, at: locate(resource, 'spec', 'hostnames')});
      continue;
    }
    trace.push({message: `TLSRoute ${resource.namespace}/${resource.name} matches SNI ${request.host}`, at: locate(resource, 'spec')});
    const rule = asObject(asArray(resource.spec.rules)[0]) ?? {};
    return applyRule(world, request, network, port, route, 0, rule, base, trace);
  }
  return defaultRoute(network, request, base, trace, true);
}
