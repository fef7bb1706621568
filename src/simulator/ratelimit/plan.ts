/**
 * Which of a client's requests get 429 when it sends `rate` requests per second for `seconds`:
 * the request's routing decision says which pods answer and in what shares; each pod's proxy
 * enforces its own limits (both meshes' limits are local: per proxy, never shared), the client's
 * sidecar or gateway its outbound ones first. Requests are spread over the pods by smooth weighted
 * round robin, and a workload of many identical pods is simulated through one of them.
 */
import {forwarderText, type Decision, type ResourceRef} from '../decision';
import {linkerdAnswers} from '../linkerd/attach';
import {DEFAULT_CLUSTER_INFO, serviceAccountIdentity} from '../linkerd/cluster-info';
import type {World} from '../world';
import {arrivals, Gcra, TokenBucket, type Limiter} from './bucket';
import {describeBucket, routeLimitFor, type RouteLimit, type RouteRequest} from './route-limits';
import {describeEnvoyLimit, envoyLimitsFor, LOCAL_RATELIMIT_FILTER, linkerdLimitFor, type EnvoyContext, type EnvoyLimit, type LinkerdLimit} from './policies';

/** Bounds: the simulation runs at most MAX_RATE × MAX_SECONDS requests. */
export const MAX_RATE = 10_000;
export const MAX_SECONDS = 60;
/** Lanes × requests: the work one run may do. */
export const MAX_STEPS = 20_000_000;
/** Requests a plan records one by one (the lab panel draws them): the first of the run. */
export const MAX_RECORDED_REQUESTS = 120;

/** One request of the run as the panel draws it: when it left, who answered, and which limit refused it. */
export interface RateLimitRequest {
  /** Milliseconds since the first request. */
  atMs: number;
  outcome: 'served' | 'limited' | 'denied';
  /** The pod (or group of pods) the request went to; absent when the client's own proxy refused it. */
  to?: string;
  /** For `limited`: the index in `enforcers` of the limit that answered. */
  by?: number;
}

export interface RateLimitEnforcer {
  mesh: 'istio' | 'linkerd';
  /** The proxy that enforces: `pod reviews-v1-… (inbound)`, `the client's sidecar (outbound)`. */
  proxy: string;
  policy: ResourceRef;
  limit: string;
  /** Requests per second reaching this proxy. */
  receives: number;
  sent: number;
  limited: number;
}

export interface RateLimitPlan {
  rate: number;
  seconds: number;
  sent: number;
  served: number;
  /** Answered with 429 (or the filter's status) by a proxy. */
  limited: number;
  /** Refused by authorization before any limit (Linkerd's 403). */
  denied: number;
  /** Served in the last second of the run: what the client gets once any burst is spent. */
  servedPerSecond: number;
  firstSecond: {served: number; limited: number};
  enforcers: RateLimitEnforcer[];
  status: number;
  notes: string[];
  /** The first MAX_RECORDED_REQUESTS requests, one by one. */
  requests: RateLimitRequest[];
}

export class RateLimitError extends Error {
  override name = 'RateLimitError';
}

type Limiters = Array<{limiter: Limiter; enforcer: RateLimitEnforcer; enforced: number}>;

interface Lane {
  weight: number;
  pods: number;
  name: string;
  limiters: Limiters;
  credit: number;
  seen: number;
  /** What the lane's represented pod answered last, and which limit refused it. */
  lastOk: boolean;
  lastBy?: RateLimitEnforcer;
  /** Authorization refuses the client here: neither served nor rate limited. */
  denied?: boolean;
}

function linkerdLimiters(limit: LinkerdLimit, identity: string | undefined): Array<{limiter: Limiter; rps: number; what: string}> {
  const list: Array<{limiter: Limiter; rps: number; what: string}> = [];
  if (limit.total) list.push({limiter: new Gcra(limit.total), rps: limit.total, what: `total ${limit.total} rps`});
  const override = identity === undefined ? undefined : limit.overrides.find((o) => o.identities.includes(identity));
  if (override) list.push({limiter: new Gcra(override.rps), rps: override.rps, what: `override ${override.rps} rps for ${identity}`});
  else if (limit.identity) list.push({limiter: new Gcra(limit.identity), rps: limit.identity, what: `identity ${limit.identity} rps for ${identity ?? 'unauthenticated clients'}`});
  return list;
}

function envoyLimiter(limit: EnvoyLimit): Limiter {
  return new TokenBucket(limit.maxTokens, limit.tokensPerFill, limit.fillIntervalNs);
}

export function planRateLimit(world: World, decision: Decision, rate: number, seconds = 10): RateLimitPlan {
  if (!(rate > 0) || rate > MAX_RATE) throw new RateLimitError(`--rate must be a number of requests per second above 0 and at most ${MAX_RATE}`);
  if (!(seconds > 0) || seconds > MAX_SECONDS) throw new RateLimitError(`the run lasts above 0 and at most ${MAX_SECONDS} seconds`);
  // A TCP proxy has no HTTP filters: neither the gateway's nor, through the TLS it forwards, the pods' see requests.
  if (decision.connection) {
    const proxy = decision.connection.proxy === 'gateway' ? `${decision.source.gateway}'s TCP proxy: the gateway's HTTP filters never see it` : `${forwarderText(decision.connection)}, which forwards it as TCP: no HTTP rate limit policy applies`;
    throw new RateLimitError(`The request is an L4 connection through ${proxy}, and local rate limits are not simulated for it.`);
  }
  const notes: string[] = [];
  const enforcers: RateLimitEnforcer[] = [];
  const enforcer = (mesh: RateLimitEnforcer['mesh'], proxy: string, policy: ResourceRef, limit: string): RateLimitEnforcer => {
    const e = {mesh, proxy, policy, limit, receives: 0, sent: 0, limited: 0};
    enforcers.push(e);
    return e;
  };
  let status = 429;

  const routeRequest: RouteRequest = {method: decision.request.method, host: decision.request.host, path: decision.request.path, headers: decision.request.headers, port: decision.request.port, routeName: decision.route?.name};
  /** A per-route limit at a proxy where the filter is inserted: its buckets replace the filter's own on the route (route-limits.ts). */
  const routeLimiters = (route: RouteLimit, proxy: string): Limiters => {
    notes.push(...route.notes);
    notes.push(`EnvoyFilter ${route.filter.namespace}/${route.filter.name}: the request's descriptors on its route: ${route.produced.length ? route.produced.map((d) => `[${d}]`).join(' ') : 'none'}; ${route.matched.length ? `matching ${route.matched.map((d) => `[${d.entries}]`).join(' ')}` : 'no configured descriptor matches: the route\'s default bucket applies'}`);
    if (route.enforced === 0) notes.push(`EnvoyFilter ${route.filter.namespace}/${route.filter.name}: the route's filter_enabled or filter_enforced is unset or 0% (Envoy's default): nothing is limited`);
    status = route.status;
    const buckets = route.matched.map((d) => ({bucket: d.bucket, what: `descriptor [${d.entries}]: ${describeBucket(d.bucket)}`}));
    if (route.bucket && (route.matched.length === 0 || route.consumeDefault)) buckets.push({bucket: route.bucket, what: `the route's default ${describeBucket(route.bucket)}`});
    return buckets.map((b) => ({limiter: new TokenBucket(b.bucket.maxTokens, b.bucket.tokensPerFill, b.bucket.fillIntervalNs), enforced: route.enforced,
      enforcer: enforcer('istio', proxy, route.filter, b.what)}));
  };
  const unplaced = (route: RouteLimit, context: EnvoyContext): string => `EnvoyFilter ${route.filter.namespace}/${route.filter.name}: a per-route local rate limit, but no EnvoyFilter inserts ${LOCAL_RATELIMIT_FILTER} at ${context}: it limits nothing`;

  // The client's own proxy (Istio): SIDECAR_OUTBOUND for a sidecar, GATEWAY for a gateway, where
  // a per-route limit on the gateway's route replaces the inserted filter's own bucket.
  const gateway = decision.source.kind === 'gateway';
  const clientContext: EnvoyContext = gateway ? 'GATEWAY' : 'SIDECAR_OUTBOUND';
  const clientProxy = gateway ? `gateway ${decision.source.gateway} (${clientContext})` : `the client's sidecar (${clientContext})`;
  const clientLimits = envoyLimitsFor(world, decision.source.namespace, decision.source.labels, [clientContext]);
  const gatewayRoute = gateway ? routeLimitFor(world, decision.source.namespace, decision.source.labels, 'GATEWAY', {...routeRequest, virtualHost: decision.route?.virtualHost}) : undefined;
  if (gatewayRoute && clientLimits.length === 0) notes.push(unplaced(gatewayRoute, clientContext));
  const client: Limiters = gatewayRoute && clientLimits.length > 0 ? routeLimiters(gatewayRoute, `gateway ${decision.source.gateway} (GATEWAY, per route)`) : clientLimits.filter((l) => !l.problem).map((l) => ({limiter: envoyLimiter(l), enforced: l.enforced,
    enforcer: enforcer('istio', clientProxy, l.filter, describeEnvoyLimit(l))}));
  if (!(gatewayRoute && clientLimits.length > 0)) {
    for (const l of clientLimits) if (!l.problem) status = l.status;
    for (const l of clientLimits) if (l.problem) notes.push(`EnvoyFilter ${l.filter.namespace}/${l.filter.name}: ${l.problem}`);
    for (const l of clientLimits) if (!l.problem && l.enforced === 0) notes.push(`EnvoyFilter ${l.filter.namespace}/${l.filter.name}: filter_enabled or filter_enforced is unset or 0%: the bucket counts but never answers ${l.status}`);
  }

  // The destination pods, each with its own proxy's limits.
  const answers = linkerdAnswers(decision);
  const identity = answers[0]?.client.identity;
  const lanes: Lane[] = [];
  for (const destination of decision.destinations) {
    if (destination.status !== 200) continue;
    const count = destination.workloads.reduce((sum, w) => sum + w.count, 0);
    for (const workload of destination.workloads) {
      if (workload.count === 0) continue;
      const weight = (destination.share * workload.count) / count;
      const name = workload.count === 1 ? `pod ${workload.named[0]}` : `each of the ${workload.count} pods of ${workload.workload}`;
      const lane: Lane = {weight, pods: workload.count, name, limiters: [], credit: 0, seen: 0, lastOk: true};
      const answer = answers.find((a) => a.workload.name === workload.workload && a.workload.namespace === workload.namespace);
      if (answer && answer.verdict !== 'allowed') {
        notes.push(`${workload.namespace}/${workload.workload}: Linkerd answers ${answer.status ?? answer.verdict} before any rate limit`);
        lanes.push({...lane, denied: true});
        continue;
      }
      if (answer && answer.server.kind === 'Server') {
        const limit = linkerdLimitFor(world, answer.server, (sa, ns) => serviceAccountIdentity(DEFAULT_CLUSTER_INFO, ns, sa));
        if (limit) {
          const parts = linkerdLimiters(limit, identity);
          const e = enforcer('linkerd', `${name} (inbound)`, limit.policy, parts.map((p) => p.what).join(', ') || 'no limit written');
          for (const part of parts) lane.limiters.push({limiter: part.limiter, enforcer: e, enforced: 1});
        }
      } else if (!answer) {
        const inbound = envoyLimitsFor(world, workload.namespace, workload.labels, ['SIDECAR_INBOUND']);
        const route = routeLimitFor(world, workload.namespace, workload.labels, 'SIDECAR_INBOUND', routeRequest);
        if (route && inbound.length === 0) notes.push(unplaced(route, 'SIDECAR_INBOUND'));
        if (route && inbound.length > 0) {
          lane.limiters.push(...routeLimiters(route, `${name} (SIDECAR_INBOUND, per route)`));
          lanes.push(lane);
          continue;
        }
        for (const l of inbound) {
          if (l.problem) {
            notes.push(`EnvoyFilter ${l.filter.namespace}/${l.filter.name}: ${l.problem}`);
            continue;
          }
          if (l.enforced === 0) notes.push(`EnvoyFilter ${l.filter.namespace}/${l.filter.name}: filter_enabled or filter_enforced is unset or 0% (Envoy's default): nothing is limited`);
          status = l.status;
          lane.limiters.push({limiter: envoyLimiter(l), enforced: l.enforced, enforcer: enforcer('istio', `${name} (SIDECAR_INBOUND)`, l.filter, describeEnvoyLimit(l))});
        }
      }
      lanes.push(lane);
    }
  }

  // Pods without a limit need no bucket of their own: one lane stands for them all, so the run
  // grows with the limited pods only, and refuses a lab with too many of them at this rate.
  const unlimited = lanes.filter((l) => l.limiters.length === 0 && !l.denied);
  if (unlimited.length > 1) {
    const merged: Lane = {weight: unlimited.reduce((sum, l) => sum + l.weight, 0), pods: 1, name: 'pods without a limit', limiters: [], credit: 0, seen: 0, lastOk: true};
    lanes.splice(0, lanes.length, ...lanes.filter((l) => !unlimited.includes(l)), merged);
  }
  if (lanes.length * rate * seconds > MAX_STEPS) throw new RateLimitError(`${lanes.length} groups of pods with their own limits at ${rate} requests per second is more than the simulation runs (${MAX_STEPS.toLocaleString('en-US')} steps); lower --rate`);
  const times = arrivals(rate, seconds);
  const lastSecondFrom = (seconds - 1) * 1e9;
  let served = 0;
  let limited = 0;
  let servedLast = 0;
  let denied = 0;
  const first = {served: 0, limited: 0};
  const totalWeight = lanes.reduce((sum, l) => sum + l.weight, 0);
  for (const e of client) e.enforcer.receives = rate;
  for (const lane of lanes) for (const l of lane.limiters) l.enforcer.receives = (rate * lane.weight) / lane.pods;
  const enforcedDebt = new Map<RateLimitEnforcer, number>();
  const enforce = (entry: {enforcer: RateLimitEnforcer; enforced: number}): boolean => {
    // A bucket's partial enforcement answers the exact share of its limited requests: every k-th one.
    const debt = (enforcedDebt.get(entry.enforcer) ?? 0) + entry.enforced;
    if (debt >= 1 - 1e-9) {
      enforcedDebt.set(entry.enforcer, debt - 1);
      entry.enforcer.limited++;
      return true;
    }
    enforcedDebt.set(entry.enforcer, debt);
    return false;
  };
  const recorded: RateLimitRequest[] = [];
  const record = (t: number, outcome: RateLimitRequest['outcome'], to: string | undefined, by: RateLimitEnforcer | undefined): void => {
    if (recorded.length >= MAX_RECORDED_REQUESTS) return;
    recorded.push({atMs: t / 1e6, outcome, ...(to === undefined ? {} : {to}), ...(by === undefined ? {} : {by: enforcers.indexOf(by)})});
  };
  for (const t of times) {
    let ok = true;
    let refusedBy: RateLimitEnforcer | undefined;
    let to: string | undefined;
    for (const c of client) {
      c.enforcer.sent++;
      if (!c.limiter.check(t) && enforce(c)) {
        ok = false;
        refusedBy = c.enforcer;
        break;
      }
    }
    if (ok && lanes.length > 0 && totalWeight > 0) {
      // Smooth weighted round robin over the lanes.
      for (const lane of lanes) lane.credit += lane.weight;
      const lane = lanes.reduce((best, l) => (l.credit > best.credit ? l : best));
      lane.credit -= totalWeight;
      // One pod stands for a workload's many: it meets every pods-th request of the lane, and the
      // others, at about the same moments, meet the same fate.
      to = lane.name;
      if (lane.denied) {
        denied++;
        record(t, 'denied', to, undefined);
        continue;
      }
      if (lane.seen++ % lane.pods === 0) {
        lane.lastOk = true;
        lane.lastBy = undefined;
        for (const entry of lane.limiters) {
          // Linkerd's limits of one policy share an enforcer: it sees the request once.
          if (lane.limiters.find((l) => l.enforcer === entry.enforcer) === entry) entry.enforcer.sent++;
          if (!entry.limiter.check(t) && enforce(entry)) {
            lane.lastOk = false;
            lane.lastBy = entry.enforcer;
            break;
          }
        }
      }
      ok = lane.lastOk;
      refusedBy = lane.lastBy;
    }
    record(t, ok ? 'served' : 'limited', to, ok ? undefined : refusedBy);
    if (ok) served++;
    else limited++;
    if (t < 1e9) ok ? first.served++ : first.limited++;
    if (t >= lastSecondFrom && ok) servedLast++;
  }
  return {rate, seconds, sent: times.length, served, limited, denied, servedPerSecond: servedLast, firstSecond: first, enforcers, status, notes, requests: recorded};
}
