/** Text rendering of a decision for terminals: the answer first, then the shares, then the path through the config. */
import type {Decision, DistributionEntry, Located} from './index';
import {answerText, corsLine, decisionAnswer, forwarderText, gatewayServerText, reachesPods, type HeaderOperations, type L4Connection} from './decision';
import type {SampledEntry} from './distribution';
import {describePods, formatCount} from './pods';
import {percent} from './simulate';
import type {DataplaneDecision} from './ambient/types';
import {egressLines} from './egress/format';

export function formatDecisionText(decision: Decision, files: readonly string[], sampled?: {count: number; entries: SampledEntry[]}): string {
  const lines: string[] = [];
  const from = decision.source.kind === 'gateway' ? `gateway ${decision.source.gateway}` : decision.source.workload ? `${decision.source.namespace}/${decision.source.workload}` : `namespace ${decision.source.namespace}`;
  lines.push(`${decision.request.url}${Object.entries(decision.request.headers).map(([k, v]) => ` -H '${k}: ${v}'`).join('')}  (from ${from})`);
  const answer = decisionAnswer(decision);
  lines.push(`Decision: ${answer ? `${answer}  ` : ''}${decision.summary}`);
  if (decision.route) {
    const where = decision.route.at ? `  [${place(decision.route.at, files)}]` : '';
    const {kind, namespace, name} = decision.route.virtualService;
    const [rules, matches] = kind === 'VirtualService' ? [decision.route.section ?? 'http', 'match'] : ['rules', 'matches'];
    lines.push(`Route: ${kind} ${namespace}/${name} ${rules}[${decision.route.index}]${decision.route.matchIndex === undefined ? '' : ` ${matches}[${decision.route.matchIndex}]`}${where}`);
  }
  if (decision.connection) lines.push(connectionLine(decision.connection));
  if (decision.tlsTermination) lines.push(`TLS: SNI ${decision.tlsTermination.sni}, ended at ${decision.tlsTermination.by}; the request inside is routed as HTTP`);
  if (decision.meshRouting) {
    const dropped = decision.meshRouting.dropped.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ');
    lines.push(`Applied: ${decision.meshRouting.applied} over ${dropped}`);
  }
  const gatewayApi = decision.gatewayApi;
  if (gatewayApi) {
    const parent = gatewayApi.parent;
    const how = parent.kind === 'Gateway' ? `listener ${parent.listener}, host ${gatewayApi.host}` : `${parent.role} routes, mesh ${gatewayApi.mesh}`;
    lines.push(`Parent: ${parent.kind} ${parent.namespace}/${parent.name} (${how})${gatewayApi.match ? `; match ${gatewayApi.match}` : ''}`);
  }
  for (const d of decision.destinations) {
    const weight = decision.destinations.length > 1 ? ` weight ${d.weight ?? 0} → ${percent(d.share)}` : '';
    const outcome = reachesPods(d) ? `${d.connection ? 'established to ' : ''}pods ${describePods(d.pods, d.podCount)}` : `${answerText(d)}: ${d.problem ?? ''}`;
    lines.push(`  → ${d.host}:${d.port}${d.subset ? ` subset ${d.subset}` : ''}${weight}  ${outcome}`);
    for (const c of d.mtls ?? []) lines.push(`      mTLS ${c.namespace}/${c.workload}: ${c.result === 'failed' ? `FAILS, ${c.status ? `${c.status} ${c.flags}` : 'connection reset'}` : c.result} (client sends ${c.client.sends}; server ${c.server.dataplane}${c.server.mode ? ` ${c.server.mode}` : ''})`);
  }
  if (decision.dataplane) lines.push(...dataplaneLines(decision.dataplane));
  if (decision.fault?.abort) lines.push(`Fault: abort ${decision.fault.abort.status ?? decision.fault.abort.grpcStatus} for ${percent(decision.fault.abort.share)}`);
  if (decision.fault?.delay) lines.push(`Fault: delay ${decision.fault.delay.fixedDelay} for ${percent(decision.fault.delay.share)}`);
  // A TCP proxy has no HTTP timeout or retries to report.
  if (decision.outcome === 'routed' && !decision.connection) {
    lines.push(`Timeout: ${decision.timeout ?? 'none'}`);
    const r = decision.retries;
    lines.push(`Retries: ${r ? `${r.attempts}${r.perTryTimeout ? `, ${r.perTryTimeout} per try` : ''}, on ${r.retryOn}${r.from === 'mesh default' ? ' (mesh default)' : ''}` : 'disabled'}`);
  }
  if (gatewayApi?.requestHeaders) lines.push(`Request headers: ${headerText(gatewayApi.requestHeaders)}`);
  if (gatewayApi?.responseHeaders) lines.push(`Response headers: ${headerText(gatewayApi.responseHeaders)}`);
  if (decision.cors) lines.push(corsLine(decision.cors));
  if (gatewayApi?.linkerd) {
    const {timeouts, retry} = gatewayApi.linkerd;
    const parts = Object.entries(timeouts).map(([k, v]) => `${k} ${v}`);
    lines.push(`Linkerd: timeouts ${parts.length ? parts.join(', ') : 'none'}; retries ${retry ? `limit ${retry.limit}${retry.timeout ? `, ${retry.timeout} per try` : ''}${retry.conditions ? `, on ${retry.conditions}` : ''}` : 'none'}`);
  }
  if (decision.rewrite) lines.push(`Rewrite: ${[decision.rewrite.path && `path ${decision.rewrite.path}`, decision.rewrite.authority && `authority ${decision.rewrite.authority}`].filter(Boolean).join(', ')}`);
  if (decision.mirrors) for (const m of decision.mirrors) lines.push(`Mirror: ${m.host}${m.subset ? ` subset ${m.subset}` : ''} (${m.percentage}%)`);
  for (const m of decision.mirroring ?? []) {
    lines.push(`  ${m.by ? `${m.by} ` : ''}copies ${percent(m.share)} of requests to ${m.cluster} (Host ${m.authority}) → ${m.problem ?? `pods ${describePods(m.pods, m.podCount)}`}; responses discarded${m.alsoServesUsers ? '; these pods also answer users through the route' : ', never seen by users'}`);
  }
  lines.push(...egressLines(decision));
  if (decision.distribution.length > 0) {
    lines.push('Distribution:');
    for (const e of decision.distribution) lines.push(`  ${percent(e.share).padStart(6)}  ${outcome(e)}`);
  }
  if (sampled) {
    lines.push(`Sampled ${sampled.count} requests:`);
    for (const e of sampled.entries) lines.push(`  ${String(e.count).padStart(6)}  ${outcome(e)}`);
  }
  lines.push('Trace:');
  decision.trace.forEach((step, i) => lines.push(`  ${i + 1}. ${step.message}${step.at ? `  [${place(step.at, files)}]` : ''}`));
  return `${lines.join('\n')}\n`;
}

/**
 * An L4 connection and what it becomes: `Connection: TLS, SNI a.example.com, at server 1 (TLS,
 * PASSTHROUGH); 2 filter chains on the port; established`, or for Linkerd `Connection: TCP, forwarded
 * by Linkerd's proxy (opaque TCP: …); closed: …`.
 */
function connectionLine(c: L4Connection): string {
  const where = c.proxy === 'gateway'
    ? `at ${gatewayServerText(c.server)}; ${c.chains} filter chain${c.chains === 1 ? '' : 's'} on the port`
    : `forwarded by ${forwarderText(c)} (${c.because})`;
  return `Connection: ${c.protocol === 'tls' ? `TLS, SNI ${c.sni}` : 'TCP'}, ${where}; ${c.state}${c.reason ? `: ${c.reason}` : ''}`;
}

/** `200  v1  reviews-v1-…`, or for a workload of many pods `200  v1  reviews-v1 (100,000,000 pods)`; an L4 connection's `established  …` or `closed NC  …`. */
function outcome(e: Omit<DistributionEntry, 'share'>): string {
  const where = e.pod ? `  ${e.pod}` : e.workload ? `  ${e.workload} (${formatCount(e.pods ?? 0)} pods)` : e.host ? `  ${e.host}` : '';
  return `${answerText(e)}${e.subset ? `  ${e.subset}` : ''}${where}`;
}

function headerText(ops: HeaderOperations): string {
  return [
    ...Object.entries(ops.set ?? {}).map(([k, v]) => `set ${k}: ${v}`),
    ...Object.entries(ops.add ?? {}).map(([k, v]) => `add ${k}: ${v}`),
    ...(ops.remove ?? []).map((k) => `remove ${k}`),
  ].join(', ');
}

function place(at: Located, files: readonly string[]): string {
  const file = at.file < 0 ? 'context' : files[at.file] ?? `file ${at.file}`;
  return `${file}#${at.document}${at.pointer || '/'}`;
}

/** Ambient mode: who routed, the waypoint or why none, and each path with the proxies that enforce the destination's policy. */
function dataplaneLines(dataplane: DataplaneDecision): string[] {
  const lines = [`Data plane: client ${dataplane.client}; routed by ${dataplane.routedBy === 'none' ? 'no proxy (L4 only)' : dataplane.routedBy}: ${dataplane.routing}`];
  const perPath = !dataplane.waypoint && dataplane.paths.some((path) => path.crosses.includes('waypoint'));
  lines.push(dataplane.waypoint ? `Waypoint: ${dataplane.waypoint.reason}` : perPath ? 'Waypoints: per destination, on the paths below' : `No waypoint: ${dataplane.noWaypoint ?? 'none'}`);
  for (const path of dataplane.paths) {
    const enforcing = path.hops.filter((hop) => hop.enforces).map((hop) => `${hop.side === 'waypoint' ? 'waypoint' : `${hop.proxy}`} ${hop.enforces}`);
    lines.push(`Path: ${path.text}${enforcing.length > 0 ? `  [policy: ${enforcing.join(', ')}]` : '  [policy: no proxy enforces it]'}`);
  }
  return lines;
}
