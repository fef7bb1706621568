/**
 * Resilience over time: a deterministic timeline of N requests from one client through the
 * route the simulator chose, against an upstream behaviour script (script.ts). Pure: the
 * same world, request, script and options always give the same timeline.
 *
 * How each request runs (Envoy router, "Retry semantics" and "Timeouts" in the router
 * filter docs; Istio's translation in policy.ts):
 * - The client sends one request at a time: request i starts when request i-1 has ended, or
 *   at i × `every` when that is later.
 * - A fault is applied by the fault filter first: an abort of share p answers requests whose
 *   running count crosses a multiple of 1/p (a deterministic stand-in for Envoy's random
 *   draw), a delay holds the request before the router starts its timeout.
 * - Destinations with weights get requests by smooth weighted round robin (Envoy draws at
 *   random); within a destination the host is chosen by round robin over the hosts not
 *   ejected, in pod order. Istio's default LEAST_REQUEST picks at random among hosts with
 *   equally few active requests, which is every host for a one-at-a-time client: round robin
 *   is the deterministic stand-in (a DestinationRule's ROUND_ROBIN gives exactly it). A retry
 *   avoids hosts this request already tried while another is available (Istio's default
 *   retry_host_predicate previous_hosts, retry.go).
 * - Each attempt ends at the first of: the pod's answer, `perTryTimeout`, the route `timeout`.
 *   A retriable failure is retried after the back-off's upper bound while retries remain; the
 *   route timeout cuts the request at its deadline with 504 UT whatever is in flight.
 * - A connection the mTLS matrix fails (mtls-attach.ts) fails every attempt on that workload's
 *   pods: 503 UC (retriable as a reset) or 503 UF (retriable as a connect failure).
 * - Outlier detection (outlier.ts) sees every attempt's answer, in the proxy that balances over the
 *   pods (ejector.ts): the client's sidecar, the gateway, or the waypoint that routes the request;
 *   behind an ingress gateway the gateway's own detector watches the waypoint's pods, its endpoints.
 * - A client without a proxy that applies the route (client-proxy.ts: no sidecar, or an ambient
 *   client's ztunnel without a waypoint) calls a pod directly: no fault, no retry, no route timeout,
 *   no outlier detection; a connection the server's proxy resets reaches it as a reset, with no
 *   HTTP response.
 */
import {forwarderText, type Decision, type DestinationDecision} from '../decision';
import {simulate, type RouteQuery} from '../simulate';
import type {World} from '../world';
import {OutlierDetector, type AnswerClass, type HostState, type OutlierEvent} from './outlier';
import {backoffUpperBound, linkerdRetryPolicy, MAX_SIMULATED_RETRIES, ms, retryPolicy, routeBackoff, timeoutMs, type OutlierPolicy, type RetryPolicy} from './policy';
import {parseScript, ruleFor, ScriptError, type ScriptRule} from './script';
import {directClient} from './client-proxy';
import {describeLocality, localityPlan, localityWeights, priorityLoads, workloadLocality, type LocalityPlan} from './locality';
import {gatewayWaypointView, noEjector, podEjector} from './ejector';
import {boundThroughWaypoints, throughWaypoint, waypointBoundMs, type WaypointPolicy, type WaypointTry} from './waypoint-hop';
import {accrualPolicy, FailureAccrual, linkerdRetryStatuses, linkerdRoutes, type AccrualPolicy} from './linkerd';
import {FAIL_FAST_ANSWER, FailFastQueue, LINKERD_FAILFAST_MS, LOAD_SHED_ANSWER} from './linkerd-failfast';

export const MAX_TIMELINE_REQUESTS = 1000;
/** Hosts a timeline follows per destination: the named pods (the simulator names at most ten per workload). */
const MAX_HOSTS = 100;

export interface TimelineOptions {
  requests?: number;
  /** Milliseconds between request starts (default 0: back to back). */
  everyMs?: number;
}

export interface TimelineAttempt {
  attempt: number;
  pod?: string;
  start: number;
  /** null: never ends (a hang with neither perTryTimeout nor timeout). */
  end: number | null;
  /** What happened, in words: `200`, `503`, `per-try timeout`, `cut by route timeout`, `reset`, `connect failure`, `no healthy host`. */
  result: string;
  /** The script line that decided, if any. */
  rule?: number;
  retried?: {backoffMs: number; because: string};
  /** Behind a waypoint: the waypoint's own tries for this attempt (waypoint-hop.ts). */
  waypointTries?: WaypointTry[];
}

export interface TimelineRequest {
  index: number;
  start: number;
  end: number | null;
  status: number | null;
  flags?: string;
  destination?: string;
  attempts: TimelineAttempt[];
  summary: string;
}

export interface Timeline {
  decision: Decision;
  policy: {
    timeoutMs?: number;
    retries: number;
    perTryTimeoutMs?: number;
    retryOn: string[];
    backoff: {baseMs: number; maxMs: number};
    outlier?: OutlierPolicy;
    /** The proxy whose outlier detection that is (ejector.ts): the client's sidecar, a gateway or a waypoint. */
    outlierBy?: string;
    /** Istio's locality failover (locality.ts): the client's locality and the priority levels. */
    locality?: {client: string; levels: LocalityPlan['levels']; from: string};
    /** Linkerd's proxy is the client (linkerd.ts): failure accrual, when its Service asks for it, instead of outlier detection. */
    linkerd?: boolean;
    accrual?: AccrualPolicy;
    loadBalancer: string;
  };
  requests: TimelineRequest[];
  events: OutlierEvent[];
  worstCase: {observedMs: number | null; boundMs: number | null; explanation: string};
  notes: string[];
}

/** Who takes hosts out: Envoy's outlier detection, or Linkerd's failure accrual. */
type HostHealth = Pick<OutlierDetector, 'advance' | 'healthy' | 'record'> & {nextAvailable?(): number | undefined; sent?(host: HostState): void};

interface Cluster {
  destination: DestinationDecision;
  hosts: HostState[];
  detector: HostHealth;
  next: number;
  /** Istio's locality failover: each host's priority level, and the levels' smooth round-robin credits. */
  priorityOf?: Map<HostState, number>;
  levelCredit?: number[];
  /** Istio's `distribute`: each host's locality, and each locality's weight and smooth round-robin credit. */
  localityOf?: Map<HostState, string>;
  localityWeight?: Map<string, number>;
  localityCredit?: Map<string, number>;
  /** mTLS failures per workload: the client proxy's 503 UC or UF, or a reset a client without proxy sees. */
  failures: Map<string, 'UC' | 'UF' | 'reset'>;
  /** Attempts forwarded through the destination's waypoint so far, and the delay its fault filter adds to attempt n. */
  forwarded: number;
  waypointDelay?: (index: number) => number;
  /** The waypoint's own route timeout and retries on what it forwards (waypoint-hop.ts). */
  waypointPolicy?: WaypointPolicy;
  /** A Linkerd backend's balancer queue: its fail-fast state (linkerd-failfast.ts). */
  queue?: FailFastQueue;
  /** Behind an ingress gateway: the gateway's own endpoints for the Service, the waypoint's pods, and its outlier detection over them (ejector.ts). */
  gatewayView?: {hosts: HostState[]; detector: OutlierDetector; next: number; by: string};
}

export function timeline(world: World, query: RouteQuery, script: string | readonly ScriptRule[], options: TimelineOptions = {}): Timeline {
  const rules = typeof script === 'string' ? parseScript(script) : script;
  const count = options.requests ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_TIMELINE_REQUESTS) throw new ScriptError(`the number of requests must be a whole number from 1 to ${MAX_TIMELINE_REQUESTS}, got ${count}`);
  const every = options.everyMs ?? 0;
  if (!Number.isFinite(every) || every < 0 || every > 86_400_000) throw new ScriptError(`the time between requests must be from 0 to 24h, got ${every} ms`);
  const simulated = simulate(world, query);
  // A TCP proxy sees bytes, not HTTP answers: a script of statuses says nothing it acts on (gateway-l4.ts, gatewayapi/linkerd-l4.ts).
  if (simulated.connection) {
    const proxy = simulated.connection.proxy === 'gateway' ? `${simulated.source.gateway}'s TCP proxy` : `${forwarderText(simulated.connection)}, which forwards it as TCP`;
    throw new ScriptError(`the request is an L4 connection through ${proxy}, which reads no HTTP answers: an upstream script of statuses is not simulated for it`);
  }
  const direct = directClient(world, query, simulated);
  // Without a client proxy nothing applies the route's fault, timeout or retries.
  const decision: Decision = direct ? {...simulated, fault: undefined, timeout: null, retries: null} : simulated;
  // Linkerd's proxy as the client: its retries, back-off, errors and failure accrual (linkerd.ts).
  const linkerd = !direct && linkerdRoutes(world, decision);
  const retry = linkerd ? linkerdRetryPolicy(decision) : retryPolicy(decision, direct ? undefined : routeBackoff(world, decision));
  const linkerdRetries = linkerd ? linkerdRetryStatuses(decision.retries?.retryOn ?? '') : undefined;
  const accrual = linkerd ? accrualPolicy(world, decision) : {};
  const timeout = timeoutMs(decision);
  const events: OutlierEvent[] = [];
  const notes: string[] = [
    'back-off: the upper bound of Envoy\'s fully jittered exponential back-off, (2^N - 1) × base for retry N, capped at 10 × base: the worst case',
    'load balancing: round robin over hosts not ejected, in pod order (deterministic stand-in for LEAST_REQUEST with one request in flight)',
  ];
  if (direct) notes.push(`no client proxy: ${direct}; no retry, route timeout, fault or outlier detection applies`);
  if (linkerd) {
    notes[0] = 'back-off: the upper bound of Linkerd\'s retry back-off, min(25 ms × 2^N, 250 ms) for retry N (the controller\'s 25 ms to 250 ms with jitter ratio 1): the worst case';
    notes[1] = 'load balancing: round robin over endpoints outside a failure-accrual penalty, in pod order (deterministic stand-in for Linkerd\'s EWMA power of two choices)';
    notes.push('Linkerd: each retry draws a backendRef again by weight; no DestinationRule applies; a connection error is answered 502 and not retried');
    if (accrual.policy) notes.push(`failure accrual (${accrual.policy.from}): penalties at their upper bound; with every endpoint shut a request waits up to ${LINKERD_FAILFAST_MS} ms in the backend's queue, then the queue enters fail-fast: that request gets ${FAIL_FAST_ANSWER.status} (l5d-proxy-error: ${FAIL_FAST_ANSWER.error}; a retry may take it) and later ones ${LOAD_SHED_ANSWER.status} at once (l5d-proxy-error: ${LOAD_SHED_ANSWER.error}, never retried) until an endpoint is ready`);
    if (accrual.problem) notes.push(accrual.problem);
  }
  if (retry.retries > MAX_SIMULATED_RETRIES) notes.push(`${retry.retries} retries: the timeline follows the first ${MAX_SIMULATED_RETRIES}`);
  const clusters = new Map<DestinationDecision, Cluster>();
  const routed = decision.outcome === 'routed' && decision.destinations.length > 0;
  let firstOutlier: OutlierPolicy | undefined;
  let firstOutlierBy: string | undefined;
  let firstLocality: LocalityPlan | undefined;
  if (routed) {
    for (const destination of decision.destinations) {
      if (destination.status !== 200) continue;
      // Istio's `distribute` (locality-distribute.ts weighed the workloads): a pod in a locality no entry takes is no endpoint.
      const distributed = direct || linkerd || destination.workloadWeightsBy === 'failover' ? undefined : destination.workloadWeights;
      const localityOfSet = destination.workloads.map((set) => describeLocality(workloadLocality(world, set.namespace, set.workload, set.labels)));
      const hostSets = destination.workloads.flatMap((set, k) => (distributed && !(distributed[k]! > 0) ? [] : set.named.map((name) => ({name, workload: set.workload, k})))).slice(0, MAX_HOSTS);
      const hosts: HostState[] = hostSets.map(({name, workload}, i) => ({name, workload, position: i + 1, consecutive5xx: 0, consecutiveGateway: 0, ejections: 0}));
      const ejector = direct || linkerd ? undefined : podEjector(world, decision, destination);
      const outlier = ejector?.policy;
      if (outlier && !firstOutlier) [firstOutlier, firstOutlierBy] = [outlier, ejector!.by];
      const ignored = direct ? noEjector(world, decision, destination) : undefined;
      if (ignored) notes.push(ignored);
      const failures = new Map<string, 'UC' | 'UF' | 'reset'>();
      for (const c of destination.mtls ?? []) if (c.result === 'failed') failures.set(c.workload, c.flags ?? 'reset');
      // The client's own sidecar goes unnamed in its events; a gateway or a waypoint is named.
      const detector = linkerd ? new FailureAccrual(hosts, accrual.policy, events) : new OutlierDetector(hosts, outlier, events, ejector?.client ? undefined : ejector?.by);
      const delay = destination.waypointFault?.fault.delay;
      const delayMs = delay && delay.share > 0 ? ms(delay.fixedDelay) ?? 0 : 0;
      const cluster: Cluster = {destination, hosts, detector, next: 0, failures, forwarded: 0, ...(linkerd ? {queue: new FailFastQueue(destination.host, events)} : {}),
        ...(delayMs > 0 ? {waypointDelay: (index: number) => (crosses(index, delay!.share) ? delayMs : 0)} : {})};
      if (distributed) {
        const localityWeight = new Map<string, number>();
        destination.workloads.forEach((_, k) => {
          if (distributed[k]! > 0) localityWeight.set(localityOfSet[k]!, (localityWeight.get(localityOfSet[k]!) ?? 0) + distributed[k]!);
        });
        cluster.localityOf = new Map(hosts.map((h, i) => [h, localityOfSet[hostSets[i]!.k]!]));
        cluster.localityWeight = localityWeight;
        cluster.localityCredit = new Map([...localityWeight.keys()].map((l) => [l, 0]));
        notes.push(`locality weighted balancing (distribute) for ${destination.host}: ${[...localityWeight].map(([l, w]) => `${l} weight ${Number(w.toFixed(3))}`).join(', ')}; Envoy picks a locality by its weight × min(100%, 1.4 × its healthy share) (smooth weighted round robin stands in for its random draw), then a pod in it`);
      }
      if (destination.waypointFault && !direct) notes.push(`waypoint ${destination.waypointFault.waypoint} injects its route's fault into every attempt it forwards to ${destination.host}; the gateway's retry policy sees its aborts as answers`);
      const through = destination.waypointRoute && destination.waypoint && !direct && !linkerd ? destination.waypointRoute : undefined;
      if (through) {
        const name = `${destination.waypoint!.namespace}/${destination.waypoint!.name}`;
        const own = retryPolicy({...decision, retries: through.retries}, through.backoff);
        const ownTimeout = timeoutMs({...decision, timeout: through.timeout});
        cluster.waypointPolicy = {waypoint: name, retry: own, ...(ownTimeout === undefined ? {} : {timeoutMs: ownTimeout})};
        const view = gatewayWaypointView(world, decision, destination);
        if (view) {
          const endpoints: HostState[] = view.pods.map((pod, i) => ({name: pod, workload: destination.waypoint!.name, position: i + 1, consecutive5xx: 0, consecutiveGateway: 0, ejections: 0}));
          cluster.gatewayView = {hosts: endpoints, next: 0, by: view.by, detector: new OutlierDetector(endpoints, view.policy, events, view.by)};
          notes.push(view.note);
        }
        if (outlier) notes.push(`${ejector!.by} ejects ${destination.host}'s pods (${outlier.from}): its outlier detection counts its own tries, the gateway's outlier detection never sees a pod`);
        notes.push(`waypoint ${name} routes every attempt the gateway forwards to ${destination.host} with its own route's timeout (${ownTimeout === undefined ? 'none' : `${ownTimeout} ms`}) and retries (${own.retries}${own.retries ? ` on ${[...own.retryOn, ...own.retriableStatusCodes].join(',')}` : ''}, ${own.from}); it answers the gateway 503 or 504 where a pod resets, refuses or times out`);
      }
      const locality = outlier ? localityPlan(world, decision, destination, true) : {};
      if (locality.note) notes.push(locality.note);
      if (locality.plan) {
        const plan = locality.plan;
        const namespaceOf = new Map(destination.workloads.map((set) => [set.workload, set.namespace]));
        cluster.priorityOf = new Map(hosts.map((h) => [h, plan.priorities.get(`${namespaceOf.get(h.workload)}/${h.workload}`) ?? 0]));
        cluster.levelCredit = plan.levels.map(() => 0);
        firstLocality ??= plan;
        notes.push(`locality failover (${plan.from}, with outlier detection): the client is in ${describeLocality(plan.client)}; ${plan.levels.map((l) => `priority ${l.priority}: ${l.workloads.join(', ')}`).join('; ')}; a level takes min(100%, 1.4 × its healthy share) of the requests, the next level the rest`);
      }
      clusters.set(destination, cluster);
    }
  }
  const weights = routed ? decision.destinations.map(() => 0) : [];
  const requests: TimelineRequest[] = [];
  let clock = 0;
  for (let i = 0; i < count; i++) {
    const start = Math.max(clock, i * every);
    const request = runRequest(i, start);
    requests.push(request);
    if (request.end === null) {
      notes.push(`request ${i + 1} never ends: a pod hangs and neither perTryTimeout nor timeout bounds the wait, so this client sends nothing more`);
      break;
    }
    clock = request.end;
  }
  for (const cluster of clusters.values()) {
    cluster.detector.advance(clock);
    cluster.gatewayView?.detector.advance(clock);
  }

  function runRequest(index: number, start: number): TimelineRequest {
    const base = {index: index + 1, start, attempts: [] as TimelineAttempt[]};
    const abort = decision.fault?.abort;
    if (abort && crosses(index, abort.share)) return {...base, end: start, status: abort.status ?? 503, flags: 'FI', summary: `aborted by the fault filter (${abort.status ?? abort.grpcStatus})`};
    const delay = decision.fault?.delay && crosses(index, decision.fault.delay.share) ? ms(decision.fault.delay.fixedDelay) ?? 0 : 0;
    if (!routed) return {...base, end: start, status: decision.status, flags: decision.flags, summary: decision.summary};
    let destination = pickDestination();
    let cluster = clusters.get(destination);
    let name = nameOf(destination);
    if (!cluster) return invalidBackend(base, destination, start + delay);
    const routerStart = start + delay;
    const deadline = timeout === undefined ? Infinity : routerStart + timeout;
    const tried = new Set<HostState>();
    let now = routerStart;
    const retries = Math.min(retry.retries, MAX_SIMULATED_RETRIES);
    for (let attempt = 0; ; attempt++) {
      if (linkerd && attempt > 0) {
        // Linkerd's retry sits above the backend distribution: the retry draws a backendRef again.
        destination = pickDestination();
        cluster = clusters.get(destination);
        name = nameOf(destination);
        if (!cluster) return invalidBackend(base, destination, now, attempt);
      }
      cluster!.detector.advance(now);
      cluster!.queue?.advance(now);
      if (cluster!.queue?.shut()) {
        // The gate is shut: the route's distribution draws a backend whose queue is open, else LoadShed fails the request at once.
        const open = decision.destinations.find((d) => { const c = clusters.get(d); c?.queue?.advance(now); return c && !c.queue?.shut(); });
        if (!open) {
          base.attempts.push({attempt: attempt + 1, start: now, end: now, result: `shed: ${name} is in fail-fast`});
          return {...base, end: now, status: LOAD_SHED_ANSWER.status, destination: name, summary: `${LOAD_SHED_ANSWER.status} at once (l5d-proxy-error: ${LOAD_SHED_ANSWER.error}): the balancer of ${name} is in fail-fast, so the route sheds the request; a load-shed error is never retried`};
        }
        destination = open;
        cluster = clusters.get(open);
        name = nameOf(open);
        cluster!.detector.advance(now);
      }
      let host = pickHost(cluster!, tried);
      if (!host && linkerd) {
        // Every endpoint is in its failure-accrual penalty: the request waits in the backend's queue (linkerd-failfast.ts).
        const wait = cluster!.queue!.wait(now, cluster!.detector.nextAvailable?.());
        if (wait.readyAt !== undefined && wait.readyAt < deadline) {
          now = wait.readyAt;
          cluster!.detector.advance(now);
          cluster!.queue!.advance(now);
          host = pickHost(cluster!, tried);
        } else {
          const end = Math.min(wait.failFastAt, deadline);
          const entry: TimelineAttempt = {attempt: attempt + 1, start: now, end, result: end === deadline && deadline < wait.failFastAt ? 'waiting for an endpoint' : 'fail-fast'};
          base.attempts.push(entry);
          if (end === deadline && deadline < wait.failFastAt) {
            return {...base, end, status: 504, destination: name, summary: `every endpoint is in its failure-accrual penalty; the request timeout (${timeout} ms) ends the wait: 504 (the queue keeps waiting for it: fail-fast at ${wait.failFastAt} ms unless an endpoint is ready first)`};
          }
          cluster!.queue!.advance(end);
          const why = `no endpoint of ${name} became ready within the ${LINKERD_FAILFAST_MS} ms fail-fast timeout`;
          if (attempt >= retries || retry.retries === 0) {
            return {...base, end, status: FAIL_FAST_ANSWER.status, destination: name, summary: `${why}: ${FAIL_FAST_ANSWER.status} (l5d-proxy-error: ${FAIL_FAST_ANSWER.error})${attempt > 0 ? ` after ${attempt + 1} attempts` : ''}`};
          }
          const backoff = backoffUpperBound(retry, attempt + 1);
          entry.retried = {backoffMs: backoff, because: `${why} (Linkerd retries a fail-fast error: another backend may be ready)`};
          if (end + backoff >= deadline) return {...base, end: deadline, status: 504, destination: name, summary: `the request timeout (${timeout} ms) ends the request during the back-off: 504`};
          now = end + backoff;
          continue;
        }
      }
      // Behind an ingress gateway, the gateway's endpoint is a waypoint pod: with every one ejected at the gateway, nothing is forwarded.
      const viewHost = cluster!.gatewayView && gatewayEndpoint(cluster!.gatewayView, now);
      if (cluster!.gatewayView && !viewHost) {
        base.attempts.push({attempt: attempt + 1, start: now, end: now, result: 'no healthy host'});
        return {...base, end: now, status: 503, flags: 'UH', destination: name, summary: `every endpoint of ${cluster!.gatewayView.by}'s cluster is ejected, and they are the waypoint's pods: 503 UH without reaching a pod`};
      }
      // Behind a waypoint the pods are the waypoint's to pick: with every one ejected the gateway still forwards the
      // attempt, and the waypoint's 503 (its own UH) is an answer the gateway counts and may retry.
      if (!host && !cluster!.waypointPolicy) {
        base.attempts.push({attempt: attempt + 1, start: now, end: now, result: 'no healthy host'});
        return {...base, end: now, status: 503, flags: 'UH', destination: name, summary: 'every host is ejected: 503 UH (Istio disables the panic threshold)'};
      }
      if (host) {
        tried.add(host);
        cluster!.detector.sent?.(host);
      }
      // A waypoint between the gateway and the pods runs its own fault filter on every attempt it forwards (ambient/ingress-waypoint.ts).
      const injected = waypointFault(cluster!, now);
      const perTryEnd = retry.perTryTimeoutMs === undefined ? Infinity : now + retry.perTryTimeoutMs;
      const forwardedAt = now + (cluster!.waypointDelay?.(cluster!.forwarded - 1) ?? 0);
      const routedAgain = injected ? undefined : viaWaypoint(cluster!, host, tried, forwardedAt, Math.min(perTryEnd, deadline));
      // Without a host there is a waypoint (above), so the attempt is injected or routed again.
      const outcome = injected ?? routedAgain ?? answer(cluster!, host!, forwardedAt);
      const answerer = host?.name ?? `waypoint ${cluster!.waypointPolicy!.waypoint}`;
      const end = Math.min(outcome.at, perTryEnd, deadline);
      const entry: TimelineAttempt = {attempt: attempt + 1, pod: routedAgain?.pod?.name ?? host?.name, start: now, end: end === Infinity ? null : end, result: outcome.result, rule: outcome.rule,
        ...(routedAgain ? {waypointTries: routedAgain.tries} : {})};
      base.attempts.push(entry);
      // The gateway's outlier detection sees what the waypoint answered it, or its own timeout.
      if (viewHost && end !== Infinity) cluster!.gatewayView!.detector.record(viewHost, end < outcome.at ? {local: 'timeout'} : outcome.answer, end);
      if (end === Infinity) return {...base, end: null, status: null, destination: name, summary: `${answerer} hangs and nothing bounds the wait`};
      let failure: {status: number; flags?: string; retriable: boolean; why: string};
      if (end === deadline && deadline < outcome.at) {
        entry.result = 'cut by route timeout';
        if (!routedAgain && host) cluster!.detector.record(host, {local: 'timeout'}, end);
        if (linkerd) return {...base, end, status: 504, destination: name, summary: `the request timeout (${timeout} ms) ends the request: 504`};
        return {...base, end, status: 504, flags: 'UT', destination: name, summary: `the route timeout (${timeout} ms) ends the request: 504 UT`};
      }
      if (end === perTryEnd && perTryEnd < outcome.at) {
        entry.result = 'per-try timeout';
        if (!routedAgain && host) cluster!.detector.record(host, {local: 'timeout'}, end);
        failure = linkerd ? {status: 504, retriable: true, why: 'per-try timeout (Linkerd retries a response-headers timeout)'}
          : {status: 504, flags: 'UT', retriable: hasAny(retry, '5xx', 'gateway-error', 'reset'), why: 'per-try timeout (retried on 5xx, gateway-error or reset)'};
      } else {
        // An abort at the waypoint is the waypoint's answer, not the pod's: the pod's outlier detection does not see it;
        // the waypoint's own tries were recorded as they were made.
        if (!injected && !routedAgain && host) cluster!.detector.record(host, outcome.answer, end);
        if ('status' in outcome.answer) {
          const status = outcome.answer.status;
          const retriable = linkerdRetries ? retry.retries > 0 && linkerdRetries(status)
            : (status >= 500 && hasAny(retry, '5xx')) || ([502, 503, 504].includes(status) && hasAny(retry, 'gateway-error'))
            || (retry.retryOn.has('retriable-status-codes') && retry.retriableStatusCodes.has(status)) || (status === 409 && hasAny(retry, 'retriable-4xx'));
          if (!retriable) return {...base, end, status, destination: name, summary: `${answerer} answers ${status}${attempt > 0 ? ` on attempt ${attempt + 1}` : ''}`};
          failure = {status, retriable, why: linkerd ? `${status} is retried under retry.linkerd.io/http ${decision.retries?.retryOn}` : `${status} is retriable under retryOn ${[...retry.retryOn].join(',')}${retry.retriableStatusCodes.size ? ` (codes ${[...retry.retriableStatusCodes].join(',')})` : ''}`};
        } else if (direct) {
          const what = outcome.answer.local === 'connect-failure' ? 'the connection is refused' : 'the connection is reset';
          return {...base, end, status: null, destination: name, summary: `${what}: the client has no proxy to answer 503, it gets no HTTP response`};
        } else if (linkerd) {
          const what = outcome.answer.local === 'connect-failure' ? 'the connection is refused' : 'the connection is reset';
          return {...base, end, status: 502, destination: name, summary: `${what}: Linkerd's proxy answers 502 and does not retry a connection error`};
        } else if (outcome.answer.local === 'connect-failure') {
          failure = {status: 503, flags: 'UF', retriable: hasAny(retry, 'connect-failure', '5xx', 'gateway-error', 'reset'), why: 'connect failure (retried on connect-failure, 5xx, gateway-error or reset)'};
        } else {
          failure = {status: 503, flags: 'UC', retriable: hasAny(retry, '5xx', 'gateway-error', 'reset'), why: 'connection reset before a response (retried on 5xx, gateway-error or reset)'};
        }
      }
      if (!failure.retriable || attempt >= retries) {
        const exhausted = failure.retriable && retries > 0;
        const flags = linkerd ? undefined : [failure.flags, exhausted ? 'URX' : undefined].filter(Boolean).join(',') || undefined;
        const why = exhausted ? `retries exhausted (${retries})` : failure.retriable ? 'retries disabled' : `not retriable under retryOn ${[...retry.retryOn].join(',') || '(none)'}`;
        return {...base, end, status: failure.status, flags, destination: name, summary: `${failure.status}${flags ? ` ${flags}` : ''} after ${attempt + 1} attempt${attempt ? 's' : ''}: ${why}`};
      }
      const backoff = backoffUpperBound(retry, attempt + 1);
      entry.retried = {backoffMs: backoff, because: failure.why};
      if (end + backoff >= deadline) {
        if (linkerd) return {...base, end: deadline, status: 504, destination: name, summary: `the request timeout (${timeout} ms) ends the request during the back-off: 504`};
        return {...base, end: deadline, status: 504, flags: 'UT', destination: name, summary: `the route timeout (${timeout} ms) ends the request during the back-off: 504 UT`};
      }
      now = end + backoff;
    }
  }

  /** The waypoint's abort for this attempt, if its fault filter answers it; counts the attempts the waypoint forwards. */
  function waypointFault(cluster: Cluster, at: number): {at: number; answer: AnswerClass; result: string; rule?: number} | undefined {
    const fault = cluster.destination.waypointFault;
    if (!fault) return undefined;
    const index = cluster.forwarded++;
    const abort = fault.fault.abort;
    if (abort && crosses(index, abort.share)) return {at, answer: {status: abort.status ?? 503}, result: `${abort.status ?? abort.grpcStatus} (waypoint ${fault.waypoint}'s fault filter)`};
    return undefined;
  }

  /** The waypoint's own routing of one forwarded attempt, its first try on the pod the gateway's balancer chose. */
  function viaWaypoint(cluster: Cluster, first: HostState | undefined, tried: Set<HostState>, at: number, cutAt: number): ReturnType<typeof throughWaypoint> | undefined {
    if (!cluster.waypointPolicy) return undefined;
    let picks = 0;
    return throughWaypoint(cluster.waypointPolicy, at, cutAt, {
      pick: (own) => {
        if (picks++ === 0) return first;
        cluster.detector.advance(at);
        const host = pickHost(cluster, new Set([...tried, ...own]));
        if (host) tried.add(host);
        return host;
      },
      answer: (host, when) => answer(cluster, host, when),
      record: (host, answered, when) => cluster.detector.record(host, answered, when),
    });
  }

  /** Round robin over the gateway's endpoints (the waypoint's pods) not ejected at the gateway. */
  function gatewayEndpoint(view: NonNullable<Cluster['gatewayView']>, at: number): HostState | undefined {
    view.detector.advance(at);
    const n = view.hosts.length;
    for (let k = 0; k < n; k++) {
      const host = view.hosts[(view.next + k) % n]!;
      if (host.ejectedUntil === undefined) {
        view.next = (view.next + k + 1) % n;
        return host;
      }
    }
    return undefined;
  }

  function nameOf(destination: DestinationDecision): string {
    return `${destination.host}${destination.subset ? ` subset ${destination.subset}` : ''}`;
  }

  /**
   * A backend with no endpoints to try: a backendRef to a missing Service, port or kind (500; for
   * Linkerd the error its invalid backend raises, which it never retries), or a destination's own
   * 503 (no pods, a missing subset).
   */
  function invalidBackend(base: {index: number; start: number; attempts: TimelineAttempt[]}, destination: DestinationDecision, at: number, attempt = 0): TimelineRequest {
    const name = nameOf(destination);
    const cause = destination.problem ?? name;
    if (attempt > 0) base.attempts.push({attempt: attempt + 1, start: at, end: at, result: `${destination.status}: ${cause}`});
    const retried = attempt > 0 ? ` (attempt ${attempt + 1}: the retry drew this backendRef)` : '';
    const linkerdNote = linkerd && destination.status === 500 ? '; Linkerd does not retry an invalid backend\'s error' : '';
    return {...base, end: at, status: destination.status ?? null, flags: linkerd ? undefined : destination.flags, destination: name, summary: `${destination.status}${!linkerd && destination.flags ? ` ${destination.flags}` : ''}: ${cause}${retried}${linkerdNote}`};
  }

  function pickDestination(): DestinationDecision {
    // Smooth weighted round robin over the shares.
    let best = 0;
    decision.destinations.forEach((d, j) => {
      weights[j]! += d.share;
      if (weights[j]! > weights[best]!) best = j;
    });
    weights[best]! -= 1;
    return decision.destinations[best]!;
  }

  function pickHost(cluster: Cluster, tried: Set<HostState>): HostState | undefined {
    const healthy = new Set(cluster.detector.healthy());
    if (healthy.size === 0) return undefined;
    if (cluster.priorityOf && cluster.levelCredit) {
      // Envoy picks a priority level by the levels' loads (smooth weighted round robin stands in
      // for its random draw), then a host within the level.
      const priorityOf = cluster.priorityOf;
      const credit = cluster.levelCredit;
      const loads = priorityLoads(credit.map((_, level) => ({
        healthy: cluster.hosts.filter((h) => priorityOf.get(h) === level && healthy.has(h)).length,
        total: cluster.hosts.filter((h) => priorityOf.get(h) === level).length,
      })));
      let best = -1;
      loads.forEach((load, level) => {
        if (load <= 0) return;
        credit[level]! += load;
        if (best < 0 || credit[level]! > credit[best]!) best = level;
      });
      if (best >= 0) {
        credit[best]! -= 1;
        for (const host of cluster.hosts) if (priorityOf.get(host) !== best) healthy.delete(host);
      }
    }
    if (cluster.localityOf && cluster.localityWeight && cluster.localityCredit) {
      // Locality weighted balancing: a locality by its effective weight, then a host within it.
      const localityOf = cluster.localityOf;
      const credit = cluster.localityCredit;
      const names = [...cluster.localityWeight.keys()];
      const effective = localityWeights(names.map((l) => ({
        weight: cluster.localityWeight!.get(l)!,
        healthy: cluster.hosts.filter((h) => localityOf.get(h) === l && healthy.has(h)).length,
        total: cluster.hosts.filter((h) => localityOf.get(h) === l).length,
      })));
      const sum = effective.reduce((a, b) => a + b, 0);
      let best: string | undefined;
      names.forEach((l, j) => {
        if (!(effective[j]! > 0)) return;
        credit.set(l, credit.get(l)! + effective[j]! / sum);
        if (best === undefined || credit.get(l)! > credit.get(best)!) best = l;
      });
      if (best !== undefined) {
        credit.set(best, credit.get(best)! - 1);
        for (const host of cluster.hosts) if (localityOf.get(host) !== best) healthy.delete(host);
      }
    }
    const n = cluster.hosts.length;
    let chosen: HostState | undefined;
    for (let k = 0; k < n && !chosen; k++) {
      const host = cluster.hosts[(cluster.next + k) % n]!;
      if (healthy.has(host) && !tried.has(host)) chosen = host;
    }
    for (let k = 0; k < n && !chosen; k++) {
      const host = cluster.hosts[(cluster.next + k) % n]!;
      if (healthy.has(host)) chosen = host;
    }
    cluster.next = (cluster.hosts.indexOf(chosen!) + 1) % n;
    return chosen;
  }

  function answer(cluster: Cluster, host: HostState, at: number): {at: number; answer: AnswerClass; result: string; rule?: number} {
    const mtls = cluster.failures.get(host.workload);
    if (mtls) return {at, answer: {local: mtls === 'UF' ? 'connect-failure' : 'reset'}, result: mtls === 'UF' ? 'TLS handshake fails (mTLS)' : 'connection reset (mTLS)'};
    const rule = ruleFor(rules, host, at);
    if (!rule) return {at, answer: {status: 200}, result: '200'};
    const a = rule.answer;
    if (a.kind === 'hang') return {at: Infinity, answer: {local: 'timeout'}, result: 'hangs', rule: rule.line};
    if (a.kind === 'status') return {at: at + rule.after, answer: {status: a.status}, result: String(a.status), rule: rule.line};
    return {at: at + rule.after, answer: {local: a.kind === 'refuse' ? 'connect-failure' : 'reset'}, result: a.kind === 'refuse' ? 'connect failure' : 'reset', rule: rule.line};
  }

  /** The route's bound, or, when the gateway bounds nothing, the bound its waypoints' own timeouts give (waypoint-hop.ts). */
  function worstCaseBound(): {boundMs: number | null; explanation: string} {
    const own = bound(decision, retry, timeout);
    if (own.boundMs !== null) return own;
    const reached = [...clusters.values()];
    const gatewayDelay = decision.fault?.delay && decision.fault.delay.share > 0 ? ms(decision.fault.delay.fixedDelay) ?? 0 : 0;
    const waypoints = reached.every((c) => c.waypointPolicy) ? reached.map((c) => waypointBoundMs(c.waypointPolicy!, c.waypointDelay ? ms(c.destination.waypointFault!.fault.delay!.fixedDelay) ?? 0 : 0)) : [];
    return boundThroughWaypoints(retry, gatewayDelay, waypoints) ?? own;
  }

  const ended = requests.filter((r) => r.end !== null);
  const observedMs = requests.some((r) => r.end === null) ? null : Math.max(0, ...ended.map((r) => r.end! - r.start));
  return {
    decision,
    policy: {
      timeoutMs: timeout, retries: retry.retries, perTryTimeoutMs: retry.perTryTimeoutMs,
      retryOn: [...retry.retryOn, ...[...retry.retriableStatusCodes].map(String)], backoff: {baseMs: retry.backoffBaseMs, maxMs: retry.backoffMaxMs},
      outlier: firstOutlier, ...(firstOutlierBy ? {outlierBy: firstOutlierBy} : {}), ...(firstLocality ? {locality: {client: describeLocality(firstLocality.client), levels: firstLocality.levels, from: firstLocality.from}} : {}), ...(linkerd ? {linkerd} : {}), ...(accrual.policy ? {accrual: accrual.policy} : {}), loadBalancer: linkerd ? 'round robin over endpoints outside a penalty (deterministic stand-in for Linkerd\'s EWMA power of two choices)' : 'round robin over hosts not ejected',
    },
    requests, events, worstCase: {observedMs, ...worstCaseBound()}, notes,
  };
}

/** The longest a client can wait under this route whatever the pods do. */
export function bound(decision: Decision, retry: RetryPolicy, timeout: number | undefined): {boundMs: number | null; explanation: string} {
  const delay = decision.fault?.delay && decision.fault.delay.share > 0 ? ms(decision.fault.delay.fixedDelay) ?? 0 : 0;
  const delayText = delay ? ` + fault delay ${delay} ms` : '';
  let retryBound = Infinity;
  let retryText = '';
  if (retry.perTryTimeoutMs !== undefined) {
    const attempts = Math.min(retry.retries, MAX_SIMULATED_RETRIES) + 1;
    let total = attempts * retry.perTryTimeoutMs;
    for (let n = 1; n < attempts; n++) total += backoffUpperBound(retry, n);
    retryBound = total;
    retryText = `${attempts} tries × perTryTimeout ${retry.perTryTimeoutMs} ms + back-offs = ${total} ms`;
  }
  if (timeout === undefined && retryBound === Infinity) return {boundMs: null, explanation: 'unbounded: neither timeout nor perTryTimeout, so a pod that never answers holds the client forever'};
  if (timeout !== undefined && timeout <= retryBound) return {boundMs: timeout + delay, explanation: `the route timeout ${timeout} ms${delayText}${retryText ? ` (the tries alone could take ${retryText})` : ''}`};
  return {boundMs: retryBound + delay, explanation: `${retryText}${delayText}${timeout !== undefined ? `, within the route timeout ${timeout} ms` : ''}`};
}

function hasAny(retry: RetryPolicy, ...conditions: string[]): boolean {
  return conditions.some((c) => retry.retryOn.has(c));
}

/** Request `index` (from 0) falls in a share p of requests: the running count crosses a whole number. */
function crosses(index: number, share: number): boolean {
  return Math.floor((index + 1) * share + 1e-9) > Math.floor(index * share + 1e-9);
}
