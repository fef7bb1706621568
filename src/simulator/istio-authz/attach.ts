/**
 * Istio's authorization added to a routing decision: for every destination workload with an
 * Istio proxy, what its enforcing proxies answer this client (authorize.ts): the waypoint the
 * routing put on its path (the decision's data plane, ambient/path.ts: a Service's waypoint, the
 * waypoint an ingress gateway sends to, a pod's own waypoint; none for a sidecar client), then the
 * pod's sidecar or its node's ztunnel. A 403 or 401 replaces
 * the pod's 200 in the distribution; a closed connection leaves no response when every
 * destination closes it (outcome `unreachable`) and is the client proxy's 503 UC when only
 * some do. A connection the mTLS matrix fails (connection.ts) is never authorized: the client
 * proxy's 503 UC or UF, as the matrix says, or a reset the client sees itself. A lab without
 * any AuthorizationPolicy or RequestAuthentication is left as it is.
 */
import {asObject, asString} from '../../engine/istio/access';
import {stringLabels} from '../../engine/model/labels';
import {reachesPods, type Decision, type DistributionEntry, type TraceStep} from '../decision';
import {failedShare, headline, refusedEverywhere} from '../distribution';
import {parseAddress} from '../linkerd/networks';
import {findWorkload, linkerdWorkload, podAddress} from '../linkerd/workloads';
import {DEFAULT_CLUSTER_INFO} from '../linkerd/cluster-info';
import {resolveSource, SourceError, type SimSource, type SourceSpec} from '../source';
import type {SimRequest} from '../request';
import type {World, WorldResource} from '../world';
import {authorizeIstio, type IstioAuthorization} from './authorize';
import {connectionTo, portProtocol, remoteAddress, targetPortOf, type IstioClient} from './connection';
import {istioWorkload, namespaceClient, TRUST_DOMAIN, waypointIdentity, type IstioWorkload} from './dataplane';
import type {WaypointHop} from '../ambient/types';
import {principalOf} from './identity';
import {authorizeAtIngress} from './ingress';
import {normalizedPath} from './values';
import type {AuthzContext} from './rules';

/** An Istio answer for one destination workload, at one enforcing proxy. */
export interface IstioAnswer extends IstioAuthorization {
  host: string;
  workload: {name: string; namespace: string};
  /** The connection failed before authorization and the client's proxy answers this (mtls-connection.ts). */
  connectionFailure?: {status: number; flags: 'UC' | 'UF'};
  /** Why the connection failed before any authorization (mtls-connection.ts), if it did. */
  refusedConnection?: string;
}

export type IstioDecision = Decision & {istio?: IstioAnswer[]};

export function istioAnswers(decision: Decision): IstioAnswer[] {
  return (decision as IstioDecision).istio ?? [];
}

export interface IstioClientSpec {
  /** The end user's JWT claims (`--jwt-claims`); undefined: no token. */
  jwtClaims?: Record<string, unknown>;
  clientAddress?: string;
  /** `always`: answer even in a lab without AuthorizationPolicy or RequestAuthentication (exercise checks). */
  istioAuthorization?: 'always';
}

function hasIstioPolicy(world: World): boolean {
  return world.ofKind('security.istio.io', 'AuthorizationPolicy').length > 0 || world.ofKind('security.istio.io', 'RequestAuthentication').length > 0;
}

export function istioClient(world: World, source: SimSource, spec: IstioClientSpec & {from?: string}): IstioClient {
  let given: number[] | undefined;
  if (spec.clientAddress !== undefined) {
    given = parseAddress(spec.clientAddress);
    if (!given) throw new SourceError(`--client-ip ${JSON.stringify(spec.clientAddress)} is not an IPv4 or IPv6 address`);
  }
  if (given && spec.from === undefined && source.kind !== 'gateway') {
    return {description: `an unmeshed client at ${spec.clientAddress}`, proxy: false, ambient: false, gateway: false, address: spec.clientAddress!, addressAssumed: false, namespace: source.namespace};
  }
  const gateway = source.kind === 'gateway';
  const workload: IstioWorkload = (source.workload && istioWorkload(world, source.namespace, source.workload))
    || (gateway && source.gatewayApi && source.gatewayResource ? gatewayApiProxy(source.gatewayResource) : undefined)
    || namespaceClient(world, source.namespace, spec.from === undefined && !gateway);
  const proxy = gateway || workload.dataplane !== 'none';
  const description = gateway ? `gateway ${source.gateway}` : source.workload ? `${source.namespace}/${source.workload}` : `a pod in namespace ${source.namespace}`;
  return {
    description: `${description} (${gateway ? 'an Envoy gateway' : workload.dataplane === 'none' ? 'no Istio proxy' : workload.dataplane}; service account ${workload.serviceAccount})`,
    proxy, ambient: !gateway && workload.dataplane === 'ambient', gateway, principal: proxy ? workload.principal : undefined,
    // Behind a gateway the pods' peer is the gateway pod; the external client's address travels in x-forwarded-for (forwardedByGateway).
    address: gateway ? workload.address : spec.clientAddress ?? workload.address, addressAssumed: !gateway && spec.clientAddress === undefined, namespace: source.namespace,
  };
}

/**
 * The request as the gateway forwards it: with use_remote_address (gateway.go
 * buildGatewayConnectionManager) Envoy appends its peer's address to x-forwarded-for (Envoy,
 * "config_http_conn_man_headers_x-forwarded-for"), so the sidecars behind it, which take the last
 * entry as remote.ip, see the external client there. An unknown client address appends nothing.
 */
export function forwardedByGateway(request: SimRequest, clientAddress: string | undefined): SimRequest {
  if (clientAddress === undefined) return request;
  const xff = request.headers['x-forwarded-for'];
  return {...request, headers: {...request.headers, 'x-forwarded-for': xff === undefined || xff.trim() === '' ? clientAddress : `${xff},${clientAddress}`}};
}

/**
 * The proxy Istio deploys for a Gateway API Gateway the lab runs no Deployment for: its service
 * account is the gateway.istio.io/service-account annotation, else `<name>-<class>`
 * (pilot/pkg/config/kube/gatewaycommon deploymentcontroller.go, GetDefaultName).
 */
function gatewayApiProxy(gateway: WorldResource): IstioWorkload {
  const className = asString(gateway.spec.gatewayClassName) ?? 'istio';
  const serviceAccount = stringLabels(asObject(gateway.metadata)?.annotations)['gateway.istio.io/service-account'] ?? `${gateway.name}-${className}`;
  const pod = `${gateway.name}-${className}`;
  return {
    name: pod, namespace: gateway.namespace, labels: {}, serviceAccount, principal: principalOf(TRUST_DOMAIN, gateway.namespace, serviceAccount),
    dataplane: 'sidecar', because: `Istio deploys Gateway ${gateway.namespace}/${gateway.name}'s proxy`, pod, address: podAddress(gateway.namespace, pod),
  };
}

function authority(request: SimRequest): string {
  return request.headers.host ?? `${request.host}${request.port === undefined ? '' : `:${request.port}`}`;
}

function sniFor(host: string, port: number, subset: string | undefined): string {
  return `outbound_.${port}_.${subset ?? ''}_.${host}`;
}

/**
 * The waypoint routing put between the client and a destination workload (ambient/path.ts). Sidecar
 * clients send straight to the pods (istio 1.30.3 pilot/pkg/xds/endpoints/endpoint_builder.go: service
 * waypoints are not taken into account for sidecars, whose traffic is treated as workload traffic), so
 * their paths hold no waypoint; a lab that does not show ambient mode has no data plane and no waypoint.
 */
function waypointOnPath(decision: Decision, destination: Decision['destinations'][number], namespace: string, workload: string): WaypointHop | undefined {
  // A destination that names its waypoint (an ingress gateway's shares through different waypoints, maybe to one host) is authorized there.
  if (destination.waypoint) return destination.waypoint;
  const host = destination.host;
  // The path of this destination's traffic: a workload behind two Services may be reached through two waypoints.
  const path = decision.dataplane?.paths.find((p) => p.namespace === namespace && p.workload === workload && p.hosts.includes(host));
  return path?.hops.find((hop) => hop.side === 'waypoint')?.waypoint;
}

/** Istio's answers at one destination workload: the waypoint on its path (if any), then the pod's own proxy. */
function answersFor(world: World, request: SimRequest, client: IstioClient, workload: IstioWorkload, destination: Decision['destinations'][number],
  claims: Record<string, unknown> | undefined, onPath: WaypointHop | undefined): IstioAnswer[] {
  const service = world.serviceByFqdn(destination.host);
  const port = targetPortOf(service, destination.port, workload);
  const connection = connectionTo(world, client, workload, destination, port);
  const protocol = connection.opaqueTls ? 'tcp' : portProtocol(service, destination.port);
  const sourceIp = parseAddress(client.address);
  const base: AuthzContext = {
    protocol, method: request.method, path: normalizedPath(request.path), authority: authority(request), headers: request.headers, port,
    sourceIp, remoteIp: remoteAddress(request, sourceIp), destinationIp: parseAddress(workload.address),
  };
  const answers: IstioAnswer[] = [];
  const tag = (a: IstioAuthorization): IstioAnswer => ({...a, host: destination.host, workload: {name: workload.name, namespace: workload.namespace}});
  const target = {kind: 'workload' as const, namespace: workload.namespace, labels: workload.labels, name: workload.name};
  if (connection.refused) {
    const trace: TraceStep[] = [{message: `Istio at ${workload.namespace}/${workload.name}: ${connection.reason}`}];
    answers.push({...tag({
      enforcer: workload.dataplane === 'ambient' ? 'ztunnel' : 'sidecar', at: {kind: 'workload', namespace: workload.namespace, name: workload.name}, protocol, port,
      peer: {description: client.description}, jwt: {outcome: 'none', requestAuthentications: []}, policies: [], verdict: 'denied', reset: true,
      wouldHave: [], audited: false, summary: `connection refused: ${connection.reason}`, trace,
    }), refusedConnection: connection.reason, ...(connection.failure ? {connectionFailure: connection.failure} : {})});
    return answers;
  }
  const principal = connection.mtls ? client.principal : undefined;
  const peerDescription = `${client.description}, ${connection.reason}${principal ? `, principal ${principal}` : ''}, address ${client.address}${client.addressAssumed ? ' (a pod address; --client-ip sets another)' : ''}`;
  const waypoint = onPath && client.proxy ? waypointIdentity(world, onPath) : undefined;
  let peer = {principal, description: peerDescription};
  if (waypoint) {
    // The waypoint enforces the policies targeting it: its Gateway, or the Service whose traffic it received (policies.ts attachment).
    const services = onPath!.service ? [onPath!.service] : [];
    const at = authorizeIstio(world, {...base, principal}, {kind: 'waypoint', namespace: waypoint.namespace, gateway: waypoint.name, services}, {enforcer: 'waypoint', claims, peerDescription});
    at.trace.unshift({message: `Istio: the request crosses waypoint ${waypoint.namespace}/${waypoint.name} ${onPath!.service
      ? `for Service ${onPath!.service.namespace}/${onPath!.service.name}` : 'for traffic addressed to the pod'}: it enforces policies that target it, with HTTP`, at: waypoint.gateway.at});
    answers.push(tag(at));
    if (at.verdict !== 'allowed') return answers;
    peer = {principal: waypoint.principal, description: `waypoint ${waypoint.namespace}/${waypoint.name} (principal ${waypoint.principal})`};
  }
  if (workload.dataplane === 'ambient') {
    const z = authorizeIstio(world, {...base, principal: peer.principal, sni: undefined}, target, {enforcer: 'ztunnel', peerDescription: peer.description});
    z.trace.unshift({message: `Istio: ${workload.namespace}/${workload.name} is ambient (${workload.because}): ztunnel enforces selector and namespace policies at L4${waypoint ? `, and sees the waypoint's identity ${waypoint.principal}` : ''}`});
    answers.push(tag(z));
    return answers;
  }
  const ctx: AuthzContext = {...base, principal: peer.principal, sni: connection.mtls ? sniFor(destination.host, destination.port, destination.subset) : undefined};
  const at = authorizeIstio(world, ctx, target, {enforcer: 'sidecar', claims, peerDescription: peer.description});
  at.trace.unshift({message: `Istio: the sidecar of ${workload.namespace}/${workload.name} (${workload.because}) authorizes the request on port ${port} (${protocol === 'tcp' ? 'TCP' : 'HTTP'}); client ${peer.description}`, at: workload.resource?.at});
  answers.push(tag(at));
  return answers;
}

/** The decision with Istio's authorization at its destination pods; unchanged when the lab has no AuthorizationPolicy or RequestAuthentication. */
export function withIstioAuthorization(world: World, decision: Decision, query: SourceSpec & IstioClientSpec & {request: SimRequest}): IstioDecision {
  if (query.istioAuthorization !== 'always' && !hasIstioPolicy(world)) return decision;
  const answers: Array<{answer: IstioAnswer; pods: Set<string>; workload: string; waypoint?: string}> = [];
  const source = resolveSource(world, query, []);
  const atGateway = authorizeAtIngress(world, source, decision, query.request, {address: query.clientAddress}, query.jwtClaims);
  if (atGateway && atGateway.verdict !== 'allowed' && atGateway.verdict !== 'ext-authz') return refusedAtGateway(decision, atGateway);
  if (atGateway && atGateway.policies.length + atGateway.jwt.requestAuthentications.length > 0) answers.push({answer: atGateway, pods: new Set(), workload: ''});
  let client: IstioClient | undefined;
  for (const destination of decision.destinations) {
    if (!reachesPods(destination)) continue;
    for (const set of destination.workloads) {
      const resource = findWorkload(world, set.namespace, set.workload);
      if (resource && linkerdWorkload(world, resource, DEFAULT_CLUSTER_INFO)?.meshed) continue;
      const workload = istioWorkload(world, set.namespace, set.workload);
      if (!workload || workload.dataplane === 'none') continue;
      client ??= istioClient(world, source, query);
      const waypoint = destination.waypoint ? `${destination.waypoint.namespace}/${destination.waypoint.name}` : undefined;
      const request = source.kind === 'gateway' ? forwardedByGateway(query.request, query.clientAddress) : query.request;
      for (const answer of answersFor(world, request, client, workload, destination, query.jwtClaims, waypointOnPath(decision, destination, set.namespace, set.workload))) answers.push({answer, pods: new Set(set.named), workload: set.workload, waypoint});
    }
  }
  if (answers.length === 0) return decision;
  const istio = answers.map((a) => a.answer);
  const trace = [...decision.trace, ...istio.flatMap((a) => a.trace)];
  // The answer that counts for a pod: the first that does not allow (waypoint before ztunnel), else the last.
  const answerFor = (entry: DistributionEntry): IstioAnswer | undefined => {
    const mine = answers.filter((a) => (entry.host === undefined || entry.host === a.answer.host) && (entry.waypoint === undefined || entry.waypoint === a.waypoint)
      && ((entry.pod !== undefined && a.pods.has(entry.pod)) || (entry.workload !== undefined && entry.workload === a.workload))).map((a) => a.answer);
    return mine.find((a) => a.verdict !== 'allowed') ?? mine[mine.length - 1];
  };
  const routed = decision.distribution.filter((e) => reachesPods(e) && answerFor(e));
  if (routed.length > 0 && decision.distribution.every((e) => answerFor(e)?.reset && !answerFor(e)?.connectionFailure)) {
    const said = [...new Set(istio.filter((a) => a.reset).map((a) => a.summary))].join('; ');
    return {...refusedEverywhere(decision, `Istio: ${said}`, said), istio, trace};
  }
  const distribution = decision.distribution.map((entry) => {
    const answer = reachesPods(entry) ? answerFor(entry) : undefined;
    if (!answer || answer.verdict === 'allowed' || answer.verdict === 'ext-authz') return entry;
    if (answer.connectionFailure) return failedShare(entry, answer.connectionFailure);
    if (answer.reset) return failedShare(entry, {status: 503, flags: 'UC'});
    return failedShare(entry, {status: answer.status!});
  });
  const refusing = istio.filter((a) => a.verdict !== 'allowed');
  const said = (list: IstioAnswer[]) => [...new Set(list.map((a) => a.summary))].join('; ');
  const summary = refusing.length === 0 ? `${decision.summary} (Istio: ${said(istio)})`
    : refusing.length === istio.length && decision.distribution.every((e) => !reachesPods(e) || answerFor(e)) ? `Istio: ${said(refusing)}`
      : `${decision.summary}; Istio at ${[...new Set(refusing.map((a) => a.workload.name))].join(', ')}: ${said(refusing)}`;
  return {...decision, distribution, ...headline(decision, distribution, refusing[0]?.summary), istio, trace, summary};
}

/**
 * The gateway refused the request before routing it: the client gets the gateway's 403 (401 for a
 * rejected token), or a reset connection on a TCP filter chain, whatever the route would have
 * done. No route applied, so what routing chose is dropped: destinations, route, fault, timeout,
 * retries, mirrors, rewrite, the data plane's paths (the resilience timeline and the rate plan
 * then send nothing to a pod).
 */
function refusedAtGateway(decision: Decision, answer: IstioAnswer): IstioDecision {
  const {route: _route, fault: _fault, rewrite: _rewrite, redirect: _redirect, directResponse: _direct, mirrors: _mirrors, mirroring: _mirroring,
    dataplane: _dataplane, egress: _egress, meshRouting: _meshRouting, httpRoutes: _httpRoutes, ...kept} = decision;
  const summary = `Istio at gateway ${answer.workload.namespace}/${answer.workload.name}: ${answer.summary}`;
  const unrouted = {...kept, virtualServices: [], destinations: [], timeout: null, retries: null, istio: [answer], trace: [...decision.trace, ...answer.trace], summary};
  if (answer.reset) return refusedEverywhere(unrouted, summary, answer.summary);
  const status = answer.status ?? 403;
  return {...unrouted, outcome: 'routed', status, flags: undefined, distribution: [{share: 1, status}]};
}
