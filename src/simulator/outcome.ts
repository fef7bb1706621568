/** The parts of a decision every router shares: its start, its exact shares and summary, and how its pieces are said. */
import type {Decision, ResourceRef, TraceStep} from './decision';
import {exactDistribution} from './distribution';
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
  const distribution = decision.outcome === 'routed' && decision.destinations.length > 0
    ? exactDistribution(decision.destinations, decision.fault)
    : decision.status === null ? [] : [{share: 1, status: decision.status, flags: decision.flags}];
  const out = {...decision, distribution, trace};
  if (out.outcome === 'routed' && out.destinations.length > 0) {
    const byStatus = new Map<string, number>();
    for (const e of distribution) byStatus.set(`${e.status}${e.flags ? ` ${e.flags}` : ''}`, (byStatus.get(`${e.status}${e.flags ? ` ${e.flags}` : ''}`) ?? 0) + e.share);
    const [top] = [...byStatus.entries()].sort((a, b) => b[1] - a[1]);
    const [status, flags] = top![0].split(' ');
    out.status = Number(status);
    out.flags = flags;
    out.summary = summarize(out);
  }
  return out;
}

function summarize(decision: Decision): string {
  const parts = decision.destinations.map((d) => {
    const what = `${d.host}${d.subset ? ` subset ${d.subset}` : ''}`;
    const share = decision.destinations.length > 1 ? `${percent(d.share)} → ` : '';
    return d.status === 200 ? `${share}${what} (${formatCount(d.podCount)} pod${d.podCount === 1 ? '' : 's'})` : `${share}${d.status} ${d.flags}: ${d.problem ?? what}`;
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
