/**
 * Exercises (labs/exercises/*.yaml, schema schemas/labs/exercise.schema.json): checks stated
 * as behaviour, run by the validation engine ("valid"), the simulator (where requests go,
 * faults, timeouts, retries) and the PeerAuthentication resolver (mTLS modes).
 * Pure: the book's editor and the build-time plugin call it with the lab context.
 */
import {hasErrors, validateYaml} from '../engine/index';
import {parseGoDuration} from '../engine/istio/durations';
import {parseYaml} from '../engine/yaml/index';
import {answerText, reachesPods, type Decision, type DistributionEntry} from './decision';
import {describeLinkerdCheck, evaluateLinkerdCheck, type LinkerdCheck} from './linkerd/checks';
import {evaluateIstioCheck} from './istio-authz/checks';
import {parseJwtClaims} from './istio-authz/jwt';
import {describeAmbientCheck, evaluateAmbientCheck, type AmbientCheck} from './ambient/checks';
import {effectiveMtls, type MtlsMode} from './mtls';
import {parseRequest} from './request';
import {evaluateResilienceCheck, isResilienceCheck, type ResilienceCheck} from './resilience/checks';
import {evaluateEgressCheck, isEgressCheck, type EgressCheck} from './egress/checks';
import {percent, simulate} from './simulate';
import {labelsInclude, World} from './world';

export interface ExerciseRequest {
  send: string;
  from?: string;
  gateway?: string;
  /** The client's address (Linkerd NetworkAuthentication); alone, an unmeshed client there. */
  clientIp?: string;
  /** The end user's JWT claims (Istio RequestAuthentication); none: no token. */
  jwtClaims?: Record<string, unknown>;
  /** For timeline checks: the upstream behaviour script, how many requests, the time between them. */
  upstream?: string;
  requests?: number;
  every?: string;
  /** For rate-limit checks: requests per second. */
  rate?: number;
}

export interface Target {
  subset?: string;
  labels?: Record<string, string>;
  host?: string;
  status?: number;
}

export type ExerciseCheck = {criterion?: string} & (
  | {valid: true}
  | {mtls: {namespace: string; workload?: string; mode: MtlsMode}}
  | ({request: ExerciseRequest} & (
    | {reaches: Target}
    | {never: Target}
    | {share: Target & {about: number; tolerance?: number}}
    | {fault: 'none' | {abort?: {status: number; share: number}; delay?: {fixedDelay: string; share: number}}}
    | {timeout: string}
    | {retries: 'disabled' | {attempts?: number; perTryTimeout?: string; retryOn?: string[]}}
    | LinkerdCheck
    | {denied: 401}
    | AmbientCheck
    | ResilienceCheck
    | EgressCheck
  ))
);

export interface Exercise {
  id: string;
  title: string;
  context: string;
  task: string;
  start: string;
  solution: string;
  hints: string[];
  checks: ExerciseCheck[];
}

export interface CheckResult {
  criterion: string;
  passed: boolean;
  reason: string;
}

const EPSILON = 1e-9;

export function checkExercise(exercise: Pick<Exercise, 'checks'>, learnerYaml: string, context: readonly unknown[]): CheckResult[] {
  const parsed = parseYaml(learnerYaml);
  const documents = parsed.documents.map((d) => d.value ?? undefined);
  const world = new World(context, [documents]);
  const validation = validateYaml(learnerYaml, {context});
  return exercise.checks.map((check) => {
    const criterion = check.criterion ?? describeCheck(check);
    try {
      return {criterion, ...evaluate(check, world, validation)};
    } catch (error) {
      return {criterion, passed: false, reason: error instanceof Error ? error.message : String(error)};
    }
  });
}

function evaluate(check: ExerciseCheck, world: World, validation: ReturnType<typeof validateYaml>): Omit<CheckResult, 'criterion'> {
  if ('valid' in check) {
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    return hasErrors(validation)
      ? {passed: false, reason: `${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors.slice(0, 3).map((d) => `line ${d.range.start.line}: ${d.message}`).join('; ')}`}
      : {passed: true, reason: 'no errors'};
  }
  if ('mtls' in check) return evaluateMtls(check.mtls, world);
  // Claims pass through the CLI's bounds; Istio's answers are computed even for a lab without policies ("no ALLOW policy: allowed").
  const jwtClaims = check.request.jwtClaims === undefined ? undefined : parseJwtClaims(JSON.stringify(check.request.jwtClaims));
  const authorization = 'authorized' in check || 'denied' in check;
  const query = {request: parseRequest(check.request.send), from: check.request.from, gateway: check.request.gateway, clientAddress: check.request.clientIp, jwtClaims, istioAuthorization: authorization ? 'always' as const : undefined};
  const decision = simulate(world, query);
  if (isResilienceCheck(check)) return evaluateResilienceCheck(check, world, query, check.request, decision);
  if (isEgressCheck(check)) return evaluateEgressCheck(check, world, decision, check.request.rate);
  if ('reaches' in check) {
    const share = shareOf(decision, check.reaches, world);
    return share >= 1 - EPSILON ? {passed: true, reason: `all requests reach ${describeTarget(check.reaches)}`} : {passed: false, reason: `only ${percent(share)} reach ${describeTarget(check.reaches)}; ${describeDistribution(decision)}`};
  }
  if ('never' in check) {
    const share = shareOf(decision, check.never, world);
    return share <= EPSILON ? {passed: true, reason: `no request reaches ${describeTarget(check.never)}`} : {passed: false, reason: `${percent(share)} of requests reach ${describeTarget(check.never)}`};
  }
  if ('share' in check) {
    const {about, tolerance = 0.01, ...target} = check.share;
    const share = shareOf(decision, target, world);
    const passed = Math.abs(share - about) <= tolerance + EPSILON;
    return {passed, reason: `${percent(share)} reach ${describeTarget(target)} (expected ${percent(about)} ± ${percent(tolerance)})`};
  }
  if ('fault' in check) return evaluateFault(check.fault, decision);
  if ('timeout' in check) {
    const actual = decision.timeout ?? 'none';
    const passed = check.timeout === 'none' ? decision.timeout == null : decision.timeout != null && sameDuration(decision.timeout, check.timeout);
    return {passed, reason: `${decision.outcome === 'routed' ? `timeout is ${actual}` : `the request is not routed (${decision.summary})`}, expected ${check.timeout}`};
  }
  if ('authorized' in check || 'denied' in check) {
    const istio = evaluateIstioCheck(check, decision);
    if ('denied' in check && check.denied === 401) return istio ?? {passed: false, reason: `no destination pod has an Istio proxy (${decision.summary})`};
    const linkerd = evaluateLinkerdCheck(check as LinkerdCheck, decision);
    // Only Istio answers: Istio decides; only Linkerd (or neither): Linkerd's check says; both: both must pass.
    if (!istio) return linkerd;
    if (linkerd.reason.startsWith('no destination pod is meshed by Linkerd')) return istio;
    return {passed: istio.passed && linkerd.passed, reason: `${istio.reason}; ${linkerd.reason}`};
  }
  if ('crosses' in check || 'routedBy' in check) return evaluateAmbientCheck(check, decision);
  return evaluateRetries(check.retries, decision);
}

/** Share of requests whose outcome matches the target (status 200, or an L4 connection established, unless the target names a status). */
function shareOf(decision: Decision, target: Target, world: World): number {
  const pods = new Map(world.pods.map((p) => [p.name, p.labels]));
  return decision.distribution.filter((e) => entryMatches(e, target, pods)).reduce((sum, e) => sum + e.share, 0);
}

function entryMatches(entry: DistributionEntry, target: Target, pods: Map<string, Record<string, string>>): boolean {
  if (target.status === undefined ? !reachesPods(entry) : entry.status !== target.status) return false;
  if (target.subset !== undefined && entry.subset !== target.subset) return false;
  if (target.host !== undefined && entry.host !== target.host && !entry.host?.startsWith(`${target.host}.`)) return false;
  // An entry for a workload of many pods carries their labels; a one-pod entry names its pod.
  if (target.labels !== undefined && !labelsInclude(entry.labels ?? pods.get(entry.pod ?? '') ?? {}, target.labels)) return false;
  return true;
}

function evaluateFault(expected: Extract<ExerciseCheck, {fault: unknown}>['fault'], decision: Decision): Omit<CheckResult, 'criterion'> {
  const fault = decision.fault;
  const actual = describeFault(decision);
  if (expected === 'none') {
    const none = !fault || ((fault.abort?.share ?? 0) === 0 && (fault.delay?.share ?? 0) === 0);
    return {passed: none, reason: none ? 'no fault is injected' : `a fault is injected: ${actual}`};
  }
  const problems: string[] = [];
  if (expected.abort) {
    const abort = fault?.abort;
    if (!abort || abort.status !== expected.abort.status || Math.abs(abort.share - expected.abort.share) > EPSILON) problems.push(`expected abort ${expected.abort.status} for ${percent(expected.abort.share)}`);
  }
  if (expected.delay) {
    const delay = fault?.delay;
    if (!delay || !sameDuration(delay.fixedDelay, expected.delay.fixedDelay) || Math.abs(delay.share - expected.delay.share) > EPSILON) problems.push(`expected delay ${expected.delay.fixedDelay} for ${percent(expected.delay.share)}`);
  }
  return problems.length ? {passed: false, reason: `${problems.join('; ')}, but ${actual}`} : {passed: true, reason: actual};
}

function describeFault(decision: Decision): string {
  if (decision.outcome !== 'routed') return `the request is not routed (${decision.summary})`;
  const parts: string[] = [];
  if (decision.fault?.abort) parts.push(`abort ${decision.fault.abort.status ?? decision.fault.abort.grpcStatus} for ${percent(decision.fault.abort.share)}`);
  if (decision.fault?.delay) parts.push(`delay ${decision.fault.delay.fixedDelay} for ${percent(decision.fault.delay.share)}`);
  return parts.length ? parts.join(' and ') : 'no fault is injected';
}

function evaluateRetries(expected: Extract<ExerciseCheck, {retries: unknown}>['retries'], decision: Decision): Omit<CheckResult, 'criterion'> {
  const r = decision.retries;
  const actual = decision.outcome !== 'routed' ? `the request is not routed (${decision.summary})`
    : r ? `${r.attempts} attempts${r.perTryTimeout ? `, ${r.perTryTimeout} per try` : ''} on ${r.retryOn}${r.from === 'mesh default' ? ' (mesh default)' : ''}` : 'retries are disabled';
  if (expected === 'disabled') return {passed: decision.outcome === 'routed' && r === null, reason: actual};
  const problems: string[] = [];
  if (!r || decision.outcome !== 'routed') problems.push('expected retries');
  else {
    if (expected.attempts !== undefined && r.attempts !== expected.attempts) problems.push(`expected ${expected.attempts} attempts`);
    if (expected.perTryTimeout !== undefined && !(r.perTryTimeout && sameDuration(r.perTryTimeout, expected.perTryTimeout))) problems.push(`expected ${expected.perTryTimeout} per try`);
    const conditions = r.retryOn.split(/[,\s]+/);
    const missing = (expected.retryOn ?? []).filter((c) => !conditions.includes(c));
    if (missing.length) problems.push(`retryOn lacks ${missing.join(', ')}`);
  }
  return problems.length ? {passed: false, reason: `${problems.join('; ')}: ${actual}`} : {passed: true, reason: actual};
}

function evaluateMtls(expected: {namespace: string; workload?: string; mode: MtlsMode}, world: World): Omit<CheckResult, 'criterion'> {
  let labels: Record<string, string> | undefined;
  if (expected.workload !== undefined) {
    const workload = world.workloads(expected.workload, expected.namespace)[0];
    if (!workload) return {passed: false, reason: `no workload ${expected.namespace}/${expected.workload} in the lab`};
    labels = workload.labels;
  }
  const actual = effectiveMtls(world, expected.namespace, labels);
  const by = actual.from ? `PeerAuthentication ${actual.from.namespace}/${actual.from.name} (${actual.from.level} level)` : "Istio's default";
  const subject = expected.workload ? `workload ${expected.namespace}/${expected.workload}` : `namespace ${expected.namespace}`;
  return {passed: actual.mode === expected.mode, reason: `${subject} is ${actual.mode}, set by ${by}`};
}

function sameDuration(a: string, b: string): boolean {
  const x = parseGoDuration(a);
  const y = parseGoDuration(b);
  return x !== undefined && y !== undefined && Math.abs(x - y) < 1;
}

function describeTarget(target: Target): string {
  const parts: string[] = [];
  if (target.host) parts.push(target.host);
  if (target.subset) parts.push(`subset ${target.subset}`);
  if (target.labels) parts.push(`pods with ${Object.entries(target.labels).map(([k, v]) => `${k}=${v}`).join(',')}`);
  if (target.status !== undefined) parts.push(`status ${target.status}`);
  return parts.join(' ') || 'a pod';
}

function describeDistribution(decision: Decision): string {
  if (decision.distribution.length === 0) return decision.summary;
  return decision.distribution.map((e) => `${percent(e.share)} ${answerText(e)}${e.subset ? ` ${e.subset}` : ''}`).join(', ');
}

/** The check in words when the author gave none. */
export function describeCheck(check: ExerciseCheck): string {
  if ('valid' in check) return 'the YAML is valid';
  if ('mtls' in check) return `mTLS is ${check.mtls.mode} for ${check.mtls.workload ? `workload ${check.mtls.namespace}/${check.mtls.workload}` : `namespace ${check.mtls.namespace}`}`;
  const request = `${check.request.send}${check.request.from ? ` from ${check.request.from}` : ''}${check.request.gateway ? ` via ${check.request.gateway}` : ''}`;
  if ('reaches' in check) return `${request} reaches ${describeTarget(check.reaches)}`;
  if ('never' in check) return `${request} never reaches ${describeTarget(check.never)}`;
  if ('share' in check) return `about ${percent(check.share.about)} of ${request} reach ${describeTarget(check.share)}`;
  if ('fault' in check) return check.fault === 'none' ? `${request} gets no fault` : `${request} gets a fault`;
  if ('timeout' in check) return `${request} has timeout ${check.timeout}`;
  if ('authorized' in check || 'denied' in check) return 'denied' in check && check.denied === 401 ? `Istio answers ${request} with 401` : describeLinkerdCheck(check as LinkerdCheck, request);
  if ('crosses' in check || 'routedBy' in check) return describeAmbientCheck(check, request);
  if ('worstCaseLatency' in check) return `${request} never waits more than ${check.worstCaseLatency.atMost}${check.request.upstream ? ` (pods: ${check.request.upstream})` : ''}`;
  if ('ejected' in check) return `${request}: a pod is ejected after ${check.ejected.after} consecutive errors, for ${check.ejected.for}`;
  if ('mirrored' in check) return `${check.mirrored.percent}% of ${request} is mirrored${check.mirrored.neverSeen ? ', never seen by users' : ''}`;
  if ('connection' in check) return `${request} connects with ${check.connection}`;
  if ('egress' in check) return `${request} is ${check.egress === 'allowed' ? 'allowed out of' : 'blocked from leaving'} the mesh`;
  if ('servedPerSecond' in check) {
    const {atMost, atLeast} = check.servedPerSecond;
    return `at ${check.request.rate ?? '?'} requests per second, ${request} is served ${[atLeast !== undefined ? `at least ${atLeast}` : '', atMost !== undefined ? `at most ${atMost}` : ''].filter(Boolean).join(' and ')} times per second`;
  }
  return `${request} has the expected retries`;
}
