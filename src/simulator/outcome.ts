/** The parts of a decision every router shares: its start, its exact shares and summary, and how its pieces are said. */
import {answerText, reachesPods, type Decision, type DistributionEntry, type L4Connection, type ResourceRef, type TraceStep} from './decision';
import {exactDistribution, headline} from './distribution';
import {formatCount} from './pods';
import {formatRequest, type SimRequest} from './request';
import type {SimSource} from './source';
import type {WorldResource} from './world';
import {asArray, asNumber, asObject, type Obj} from '../engine/istio/access';

export function baseDecision(request: SimRequest, source: SimSource, host: string, port: number): Decision {
  return {
    request: {method: request.method, url: formatRequest({...request, headers: {}}, port), host, port, path: request.path, headers: request.headers},
    source: {kind: source.kind, namespace: source.namespace, workload: source.workload, gateway: source.gateway, labels: source.labels},
    outcome: 'routed', status: null, summary: '', virtualServices: [], destinations: [], distribution: [], trace: [],
  };
}

export function finish(decision: Decision, trace: TraceStep[]): Decision {
  const routed = decision.outcome === 'routed' && decision.destinations.length > 0;
  // An L4 connection closed before any destination (no filter chain, no route) is still a share: all of them.
  const distribution: DistributionEntry[] = routed ? exactDistribution(decision.destinations, decision.fault)
    : decision.connection ? [{share: 1, connection: decision.connection.state, ...(decision.flags ? {flags: decision.flags} : {})}]
      : decision.status === null ? [] : [{share: 1, status: decision.status, flags: decision.flags}];
  const out = {...decision, distribution, trace};
  if (!routed) return out;
  const closed = decision.destinations.filter((d) => !reachesPods(d)).sort((a, b) => b.share - a.share)[0];
  const answered = {...out, ...headline(out, distribution, closed?.problem)};
  return {...answered, summary: summarize(answered)};
}

/**
 * An L4 connection's decision: the destinations as resolved (for HTTP, a status each) read as
 * connections established to their pods or closed with the same flag and problem; or, with `closed`,
 * a connection closed before any destination.
 */
export function finishConnection(decision: Decision, connection: DistributiveOmit<L4Connection, 'state' | 'reason'>, trace: TraceStep[], closed?: {reason: string; flags?: 'NR'}): Decision {
  if (closed) {
    return finish({...decision, outcome: 'unreachable', status: null, flags: closed.flags, connection: {...connection, state: 'closed', reason: closed.reason}, destinations: [], summary: closed.reason}, trace);
  }
  const destinations = decision.destinations.map(({status, ...d}) => ({...d, connection: status === 200 ? 'established' as const : 'closed' as const}));
  return finish({...decision, outcome: 'routed', status: null, connection: {...connection, state: 'established'}, destinations, summary: ''}, trace);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function summarize(decision: Decision): string {
  const parts = decision.destinations.map((d) => {
    const what = `${d.host}${d.subset ? ` subset ${d.subset}` : ''}`;
    const share = decision.destinations.length > 1 ? `${percent(d.share)} → ` : '';
    return reachesPods(d) ? `${share}${what} (${formatCount(d.podCount)} pod${d.podCount === 1 ? '' : 's'})` : `${share}${answerText(d)}: ${d.problem ?? what}`;
  });
  const abort = decision.fault?.abort && decision.fault.abort.share > 0 ? `; ${percent(decision.fault.abort.share)} aborted with ${decision.fault.abort.status ?? decision.fault.abort.grpcStatus}` : '';
  return `${parts.join(', ')}${abort}`;
}

export function describeRetries(decision: Decision): string {
  const r = decision.retries;
  if (!r) return 'retries disabled (attempts: 0)';
  return `retries: ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}${r.perTryTimeout ? `, ${r.perTryTimeout} per try` : ''}, on ${r.retryOn}${r.from === 'mesh default' ? ' (mesh default)' : ''}`;
}

export function percent(share: number): string {
  const value = share * 100;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

export function resourceRef(resource: WorldResource): ResourceRef {
  return {kind: resource.kind, name: resource.name, namespace: resource.namespace, at: resource.at};
}

/**
 * A route's destinations as istiod keeps them (route.go applyHTTPRouteDestination, networkfilter.go
 * buildOutboundNetworkFilters): one destination takes everything whatever its weight; among several,
 * a weight of 0 (or none) drops it, and each share is its weight over the total.
 */
export function weightedDestinations(route: unknown[]): {written: Array<{d: Obj; j: number}>; weighted: Array<{d: Obj; j: number}>; share: (w: {d: Obj}) => number} {
  const written = asArray(route).map((d, j) => ({d: asObject(d) ?? {}, j}));
  const weighted = written.length === 1 ? written : written.filter(({d}) => (asNumber(d.weight) ?? 0) > 0);
  const total = weighted.reduce((sum, {d}) => sum + (asNumber(d.weight) ?? 0), 0);
  return {written, weighted, share: ({d}) => (weighted.length === 1 ? 1 : total > 0 ? (asNumber(d.weight) ?? 0) / total : 0)};
}
