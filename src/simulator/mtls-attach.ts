/**
 * The mTLS matrix added to an Istio routing decision: for every destination workload the
 * request can reach, what the client sends and what the server accepts (mtls-connection.ts),
 * in `DestinationDecision.mtls`. A failed connection replaces that workload's 200 in the
 * distribution: 503 with its flag when the client has a proxy; when it has none, the reset
 * has no HTTP status (status 0, curl's http_code 000), and when every destination resets,
 * the outcome is `unreachable`. A Linkerd client, or a decision Linkerd routed, gets Linkerd's
 * reading instead (mtls-linkerd.ts: automatic mTLS between meshed pods, else plain text), which
 * never fails a connection (Linkerd's authorization answers for the destination's policy).
 */
import {reachesPods, type Decision, type DestinationDecision, type DistributionEntry} from './decision';
import {failedShare, headline, refusedEverywhere} from './distribution';
import {meshOf} from './gatewayapi/mesh';
import {clientTlsFor, PASSTHROUGH_TLS} from './mtls-client';
import {PASSTHROUGH_CLUSTER} from './ambient/sidecar-pod-address';
import {connect, type MtlsConnection} from './mtls-connection';
import {dataplaneOf} from './mtls-dataplane';
import {istioClient, type IstioClientSpec} from './istio-authz/attach';
import {matrixClient, matrixServer} from './istio-authz/connection';
import {istioWorkload} from './istio-authz/dataplane';
import {destinationPodPort} from './pod-port';
import {destinationRuleFor} from './destinations';
import {linkerdConnect, linkerdServer} from './mtls-linkerd';
import {linkerdClient, type LinkerdClientSpec} from './linkerd/attach';
import type {SimSource} from './source';
import {resolveSource, type SourceSpec} from './source';
import type {SimRequest} from './request';
import type {World} from './world';

export function withMtls(world: World, decision: Decision, query: SourceSpec & LinkerdClientSpec & IstioClientSpec & {request: SimRequest}): Decision {
  if (decision.destinations.length === 0) return decision;
  const source = resolveSource(world, query, []);
  if (decision.gatewayApi?.mesh === 'linkerd' || (source.kind === 'sidecar' && meshOf(world, source) === 'linkerd')) return withLinkerdMtls(world, decision, source, query);
  // The client as Istio's authorization reads it (istio-authz/attach.ts istioClient): the pod
  // template's labels and annotations, the default client a sidecar, --client-ip alone an unmeshed client.
  const client = matrixClient(istioClient(world, source, query));
  const failures = new Map<string, MtlsConnection>();
  const destinations = decision.destinations.map((destination): DestinationDecision => {
    const service = world.serviceByFqdn(destination.host);
    // A pod address passed through by a sidecar (ambient/sidecar-pod-address.ts) has no Service: plain text.
    const passthrough = destination.cluster === PASSTHROUGH_CLUSTER;
    if (!reachesPods(destination) || (!service && !passthrough)) return destination;
    const tls = passthrough || !service ? PASSTHROUGH_TLS
      : clientTlsFor(world, destinationRuleFor(world, destination.host, source.namespace, service.namespace), destination.subset, destination.port, service.namespace);
    const mtls = destination.workloads.map((set) => {
      // A client without any proxy to a pod Linkerd meshes: Linkerd's reading of the server.
      if (client.dataplane === 'none' && linkerdServer(world, set.namespace, set.workload)) {
        return linkerdConnect(world, {meshed: false, because: client.because}, {workload: set.workload, namespace: set.namespace, host: destination.host, port: destination.port});
      }
      const port = destinationPodPort(world, destination.host, destination.port, {namespace: set.namespace, name: set.workload});
      const workload = istioWorkload(world, set.namespace, set.workload);
      const server = workload ? matrixServer(workload, port) : {workload: set.workload, namespace: set.namespace, labels: set.labels, port, ...dataplaneOf(world, set.namespace, set.labels)};
      const connection = connect(world, {client, tls, server});
      if (connection.result === 'failed') failures.set(`${set.namespace}/${set.workload}`, connection);
      return connection;
    });
    return {...destination, mtls};
  });
  const trace = [...decision.trace, ...destinations.flatMap((d) => (d.mtls ?? []).map((c) => ({message: `mTLS to ${c.namespace}/${c.workload}: ${describeConnection(c)}`})))];
  // Nothing left to fail: no failure, or an answer already decided without any routed share
  // (Istio authorization refused every connection, istio-authz/attach.ts).
  if (failures.size === 0 || decision.distribution.length === 0) return {...decision, destinations, trace};
  const owners = new Map<string, string>();
  for (const d of destinations) for (const set of d.workloads) {
    for (const pod of set.named) owners.set(`pod:${pod}`, `${set.namespace}/${set.workload}`);
    owners.set(`workload:${set.workload}`, `${set.namespace}/${set.workload}`);
  }
  const failureOf = (entry: DistributionEntry): MtlsConnection | undefined => {
    if (!reachesPods(entry)) return undefined;
    const owner = entry.pod !== undefined ? owners.get(`pod:${entry.pod}`) : entry.workload !== undefined ? owners.get(`workload:${entry.workload}`) : undefined;
    return owner === undefined ? undefined : failures.get(owner);
  };
  const routed = decision.distribution.filter(reachesPods);
  const first = [...failures.values()][0]!;
  if (routed.length > 0 && routed.every((e) => failureOf(e)?.status === undefined && failureOf(e)) && decision.distribution.every(reachesPods)) {
    return refusedEverywhere({...decision, destinations, trace}, `mTLS: ${first.reason}`, `mTLS: ${first.reason}`);
  }
  const distribution = decision.distribution.map((entry) => {
    const failure = failureOf(entry);
    return failure ? failedShare(entry, {status: failure.status ?? 0, flags: failure.flags ?? 'reset'}) : entry;
  });
  return {...decision, destinations, trace, distribution, ...headline(decision, distribution, `mTLS: ${first.reason}`), summary: `${decision.summary}; mTLS fails at ${[...failures.keys()].join(', ')}: ${first.reason}`};
}

/** Linkerd's reading of every routed destination workload's connection; the distribution is left as it is. */
function withLinkerdMtls(world: World, decision: Decision, source: SimSource, query: LinkerdClientSpec & {from?: string}): Decision {
  const found = linkerdClient(world, source, query);
  const client = {meshed: found.meshed, identity: found.identity, because: `${found.description} ${found.meshed ? 'is meshed by Linkerd' : 'has no Linkerd proxy'}`};
  const destinations = decision.destinations.map((destination): DestinationDecision => {
    if (!reachesPods(destination) || !world.serviceByFqdn(destination.host)) return destination;
    return {...destination, mtls: destination.workloads.map((set) => linkerdConnect(world, client, {workload: set.workload, namespace: set.namespace, host: destination.host, port: destination.port}))};
  });
  const trace = [...decision.trace, ...destinations.flatMap((d) => (d.mtls ?? []).map((c) => ({message: `mTLS to ${c.namespace}/${c.workload}: ${describeConnection(c)}`})))];
  return {...decision, destinations, trace};
}

export function describeConnection(c: MtlsConnection): string {
  const outcome = c.result === 'failed' ? `FAILS (${c.status ? `${c.status} ${c.flags}` : 'connection reset'})` : c.result;
  return `${outcome}: client sends ${c.client.sends} (${c.client.because}); server ${c.server.dataplane}${c.server.mode ? ` ${c.server.mode}` : ''} (${c.server.because}); ${c.reason}`;
}
