/**
 * Linkerd's authorization added to a routing decision: for every destination pod whose
 * workload Linkerd meshes, what its inbound proxy answers this client (authorize.ts). The
 * client's own requests see that answer: a 403 or 404 replaces the pod's 200 in the
 * distribution; a refused connection leaves no response when every destination refuses it
 * (outcome `unreachable`), and is the client proxy's 502 when only some do (linkerd2-proxy
 * ClientRescue: an I/O error is a Bad Gateway).
 */
import {podPortOf} from '../pod-port';
import {reachesPods, type Decision, type DistributionEntry} from '../decision';
import {failedShare, headline, refusedEverywhere} from '../distribution';
import {resolveSource, SourceError, type SimSource, type SourceSpec} from '../source';
import type {SimRequest} from '../request';
import type {World} from '../world';
import {authorizeInbound, describeClient, type LinkerdAuthorization, type LinkerdClient} from './authorize';
import {DEFAULT_CLUSTER_INFO, serviceAccountIdentity, type ClusterInfo} from './cluster-info';
import {parseAddress} from './networks';
import {findWorkload, linkerdWorkload, namespaceMeshed, podAddress, type LinkerdWorkload} from './workloads';

/** A decision with Linkerd's answers (`linkerd`), one per meshed destination workload. */
export type LinkerdDecision = Decision & {linkerd?: LinkerdAuthorization[]};

/** Linkerd's answers in a decision; empty when no destination is meshed. */
export function linkerdAnswers(decision: Decision): LinkerdAuthorization[] {
  return (decision as LinkerdDecision).linkerd ?? [];
}

export interface LinkerdClientSpec {
  /**
   * The client's source address. Alone, the client is an unmeshed one at that address (outside
   * the mesh, or a pod without a proxy); with a workload, that workload's pod at this address.
   */
  clientAddress?: string;
}

/** The client as the destination's proxy sees it. */
export function linkerdClient(world: World, source: SimSource, spec: LinkerdClientSpec & {from?: string}, cluster: ClusterInfo = DEFAULT_CLUSTER_INFO): LinkerdClient {
  let address: number[] | undefined;
  if (spec.clientAddress !== undefined) {
    address = parseAddress(spec.clientAddress);
    if (!address) throw new SourceError(`--client-ip ${JSON.stringify(spec.clientAddress)} is not an IPv4 or IPv6 address`);
  }
  const given = spec.clientAddress;
  if (given !== undefined && spec.from === undefined && source.kind !== 'gateway') {
    return {description: `an unmeshed client at ${given}`, meshed: false, address: address!, addressText: given, addressAssumed: false};
  }
  const resource = source.workload === undefined ? undefined : findWorkload(world, source.namespace, source.workload);
  const workload = resource && linkerdWorkload(world, resource, cluster);
  const meshed = workload ? workload.meshed : source.kind === 'sidecar' && namespaceMeshed(world, source.namespace);
  const serviceAccount = workload?.serviceAccount ?? 'default';
  const pod = workload?.pod ?? `client-in-${source.namespace}`;
  const addressText = given ?? podAddress(source.namespace, pod);
  const description = workload ? `${workload.namespace}/${workload.name}` : source.kind === 'gateway' ? `gateway ${source.gateway}` : `a pod in namespace ${source.namespace} (service account default)`;
  return {
    description,
    meshed,
    identity: meshed ? serviceAccountIdentity(cluster, source.namespace, serviceAccount) : undefined,
    address: address ?? parseAddress(addressText)!,
    addressText,
    addressAssumed: given === undefined,
  };
}

/** The container port a Service port sends to (pod-port.ts); undefined when the pod declares no port of that name. */
function targetPort(world: World, host: string, port: number, workload: LinkerdWorkload): number | undefined {
  return podPortOf(world.serviceByFqdn(host), port, workload.resource);
}

interface Authorized {
  authorization: LinkerdAuthorization;
  pods: Set<string>;
  workload: string;
  namespace: string;
}

/** The decision with Linkerd's answers for its meshed destination pods; unchanged when none is meshed. */
export function withLinkerdAuthorization(world: World, decision: Decision, query: SourceSpec & LinkerdClientSpec & {request: SimRequest},
  cluster: ClusterInfo = DEFAULT_CLUSTER_INFO): LinkerdDecision {
  const request = query.request;
  const answers: Authorized[] = [];
  let client: LinkerdClient | undefined;
  for (const destination of decision.destinations) {
    if (!reachesPods(destination)) continue;
    for (const set of destination.workloads) {
      const resource = findWorkload(world, set.namespace, set.workload);
      const workload = resource && linkerdWorkload(world, resource, cluster);
      if (!workload?.meshed) continue;
      const port = targetPort(world, destination.host, destination.port, workload);
      if (port === undefined) continue;
      // The same client the routing resolved (resolveSource is pure; its trace is already told).
      client ??= linkerdClient(world, resolveSource(world, query, []), query, cluster);
      const authorization = authorizeInbound(world, {client, workload, port, request, cluster});
      answers.push({authorization, pods: new Set(set.named), workload: set.workload, namespace: set.namespace});
    }
  }
  if (answers.length === 0) return decision;
  const linkerd = answers.map((a) => a.authorization);
  const trace = [...decision.trace, {message: describeClient(client!)}, ...linkerd.flatMap((a) => a.trace)];
  const answerFor = (entry: DistributionEntry): LinkerdAuthorization | undefined =>
    answers.find((a) => (entry.pod !== undefined && a.pods.has(entry.pod)) || (entry.workload !== undefined && entry.workload === a.workload))?.authorization;
  const routed = decision.distribution.filter((e) => reachesPods(e) && answerFor(e));
  if (routed.length > 0 && decision.distribution.every((e) => answerFor(e)?.verdict === 'refused')) {
    const summary = linkerd.find((a) => a.verdict === 'refused')!.summary;
    return {...refusedEverywhere(decision, `Linkerd: ${summary}`, summary), linkerd, trace};
  }
  const distribution = decision.distribution.map((entry) => {
    const answer = reachesPods(entry) ? answerFor(entry) : undefined;
    if (!answer || answer.verdict === 'allowed') return entry;
    if (answer.verdict === 'refused') return failedShare(entry, {status: 502});
    return failedShare(entry, {status: answer.status!, flags: answer.grpcStatus === undefined ? undefined : `grpc-status ${answer.grpcStatus}`});
  });
  const denied = linkerd.filter((a) => a.verdict !== 'allowed');
  const said = (list: LinkerdAuthorization[]) => [...new Set(list.map((a) => a.summary))].join('; ');
  // All refused: Linkerd's answer is the decision; some: the route's summary, then who refuses.
  const othersAnswer = decision.distribution.some((e) => reachesPods(e) && !answerFor(e));
  const summary = denied.length === linkerd.length && !othersAnswer ? `Linkerd: ${said(denied)}`
    : denied.length ? `${decision.summary}; Linkerd at ${denied.map((a) => a.workload.name).join(', ')}: ${said(denied)}`
      : `${decision.summary} (Linkerd: ${said(linkerd)})`;
  return {...decision, distribution, ...headline(decision, distribution, denied[0]?.summary), linkerd, trace, summary};
}
