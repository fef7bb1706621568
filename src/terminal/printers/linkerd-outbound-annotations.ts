/**
 * The annotations Linkerd 2.20's policy controller reads on a Service and on an outbound route
 * (policy-controller/k8s/index/src/outbound/index.rs parse_accrual_config, parse_timeouts,
 * parse_duration; index/http.rs parse_http_retry; index/grpc.rs parse_grpc_retry), each refused as
 * the controller refuses it: a value it cannot parse drops the setting (and, on a route, the route).
 */
import type {LinkerdAppProtocol} from '../../engine/model/linkerd-ports';

/** core/src/outbound.rs: the unified accrual's success-rate defaults. */
const SUCCESS_RATE_DEFAULTS = {threshold: 0.8, windowMs: 10_000, minRequests: 5};

export type AppProtocol = LinkerdAppProtocol;

export interface Backoff {
  minMs: number;
  maxMs: number;
  jitter: number;
}

export type Accrual = {kind: 'consecutive'; maxFailures: number; backoff: Backoff}
  | {kind: 'unified'; maxFailures: number; backoff: Backoff; threshold: number; windowMs: number; minRequests: number};

export interface Timeouts {
  responseMs?: number;
  requestMs?: number;
  idleMs?: number;
}

export interface Retry {
  limit: number;
  timeoutMs?: number;
  conditions?: {min: number; max: number}[];
}


/** index.rs parse_duration: one whole magnitude and a unit (ms, s, m, h, d; a bare 0); undefined for what it rejects. */
export function parseLinkerdDuration(text: string): number | undefined {
  const match = /^\+?(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const magnitude = Number(match[1]);
  if (!Number.isSafeInteger(magnitude)) return undefined;
  const unit = match[2];
  if (unit === undefined) return magnitude === 0 ? 0 : undefined;
  return magnitude * {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}[unit as 'ms'];
}

/** Rust's `str::parse::<u32>()` (an optional `+`, digits, in range). */
export function parseUnsigned(text: string, max: number): number | undefined {
  if (!/^\+?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

/** Rust's `str::parse::<f32>()`/`<f64>()` for decimal text (inf and NaN are refused by every check that follows). */
function parseFloatText(text: string): number | undefined {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * A float32 as encoding/json writes it: the shortest decimal that reads back as the same float32
 * (strconv.FormatFloat with bitSize 32), kept as the JavaScript number of that decimal.
 */
function float32(value: number): number {
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

/** parse_consecutive_params: max failures (7), penalties (1 s to 60 s) and jitter (0.5), or why they are refused. */
function consecutiveParams(annotations: Readonly<Record<string, string>>): {maxFailures: number; backoff: Backoff} | undefined {
  const get = (suffix: string): string | undefined => annotations[`balancer.linkerd.io/failure-accrual-consecutive-${suffix}`];
  const maxText = get('max-failures');
  const maxFailures = maxText === undefined ? 7 : parseUnsigned(maxText.trim(), 0xffffffff);
  const maxText2 = get('max-penalty');
  const maxMs = maxText2 === undefined ? 60_000 : parseLinkerdDuration(maxText2);
  const minText = get('min-penalty');
  const minMs = minText === undefined ? 1000 : parseLinkerdDuration(minText);
  const jitterText = get('jitter-ratio');
  const jitter = jitterText === undefined ? 0.5 : parseFloatText(jitterText.trim());
  if (maxFailures === undefined || maxMs === undefined || minMs === undefined || jitter === undefined) return undefined;
  if (minMs > maxMs || maxMs === 0 || !(jitter >= 0 && jitter <= 100)) return undefined;
  return {maxFailures, backoff: {minMs, maxMs, jitter: float32(jitter)}};
}

/** parse_accrual_config: none without `balancer.linkerd.io/failure-accrual`; an unparsable configuration is dropped (a warning). */
export function parseAccrual(annotations: Readonly<Record<string, string>>): Accrual | undefined {
  const mode = annotations['balancer.linkerd.io/failure-accrual'];
  if (mode !== 'consecutive' && mode !== 'unified') return undefined;
  const params = consecutiveParams(annotations);
  if (!params) return undefined;
  if (mode === 'consecutive') return {kind: 'consecutive', ...params};
  // parse_success_rate_params.
  const key = (suffix: string): string | undefined => annotations[`balancer.alpha.linkerd.io/failure-accrual-success-rate${suffix}`];
  const thresholdText = key('-threshold');
  const threshold = thresholdText === undefined ? SUCCESS_RATE_DEFAULTS.threshold : parseFloatText(thresholdText.trim());
  const windowText = key('-window');
  const windowMs = windowText === undefined ? SUCCESS_RATE_DEFAULTS.windowMs : parseLinkerdDuration(windowText);
  const minText = key('-min-requests');
  const minRequests = minText === undefined ? SUCCESS_RATE_DEFAULTS.minRequests : parseUnsigned(minText.trim(), 0xffffffff);
  if (threshold === undefined || windowMs === undefined || minRequests === undefined) return undefined;
  if (!(threshold >= 0 && threshold <= 1) || windowMs === 0) return undefined;
  if (threshold !== 0 && (windowMs < 10 || minRequests > 1_000_000)) return undefined;
  return {kind: 'unified', ...params, threshold, windowMs, minRequests};
}

/** parse_bool_annotation: strconv.ParseBool's tokens; an unknown one is refused (then the default, false). */
export function parseBool(text: string | undefined): boolean {
  return text !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text.trim());
}

/** index.rs LoadBiaserConfig: the penalty a 429 or 503 adds to an endpoint's RTT estimate, and the cap on a Retry-After hint. */
export interface LoadBiaser {
  penaltyMs: number;
  maxRetryAfterMs: number;
}

/**
 * parse_load_biaser_config: `balancer.alpha.linkerd.io/penalize-failures` turns it on, with
 * `load-biaser-penalty` (5 s, at most u32::MAX ms) and `load-biaser-max-retry-after` (300 s); any
 * value it refuses leaves the Service without it (the controller warns and uses the default, None).
 */
export function parseLoadBiaser(annotations: Readonly<Record<string, string>>): LoadBiaser | undefined {
  if (!parseBool(annotations['balancer.alpha.linkerd.io/penalize-failures'])) return undefined;
  const durationOr = (key: string, fallback: number): number | undefined => {
    const text = annotations[`balancer.alpha.linkerd.io/${key}`];
    return text === undefined ? fallback : parseLinkerdDuration(text);
  };
  const penaltyMs = durationOr('load-biaser-penalty', 5_000);
  const maxRetryAfterMs = durationOr('load-biaser-max-retry-after', 300_000);
  if (penaltyMs === undefined || penaltyMs > 0xffff_ffff || maxRetryAfterMs === undefined) return undefined;
  return {penaltyMs, maxRetryAfterMs};
}

/** What a route's annotation parser answers for a value it refuses: on a route this fails the conversion (the route is dropped); on a Service the setting is left at its default. */
export const INVALID = 'invalid';
type Parsed<T> = T | typeof INVALID;

/** parse_timeouts: response, request and idle; one unparsable value refuses them all. */
export function parseTimeouts(annotations: Readonly<Record<string, string>>): Parsed<Timeouts> {
  const timeouts: Timeouts = {};
  for (const [key, name] of [['response', 'responseMs'], ['request', 'requestMs'], ['idle', 'idleMs']] as const) {
    const text = annotations[`timeout.linkerd.io/${key}`];
    if (text === undefined) continue;
    const ms = parseLinkerdDuration(text);
    if (ms === undefined) return INVALID;
    timeouts[name] = ms;
  }
  return timeouts;
}

/** parse_http_retry and parse_grpc_retry share the limit (0 is none; 1 when only other keys are set) and the timeout (0 is none). */
function retryLimits(annotations: Readonly<Record<string, string>>): Parsed<{limit?: number; timeoutMs?: number}> {
  const limitText = annotations['retry.linkerd.io/limit'];
  const limit = limitText === undefined ? undefined : parseUnsigned(limitText, 0xffff);
  if (limitText !== undefined && limit === undefined) return INVALID;
  const timeoutText = annotations['retry.linkerd.io/timeout'];
  const timeoutMs = timeoutText === undefined ? undefined : parseLinkerdDuration(timeoutText);
  if (timeoutText !== undefined && timeoutMs === undefined) return INVALID;
  return {limit: limit === 0 ? undefined : limit, timeoutMs: timeoutMs === 0 ? undefined : timeoutMs};
}

export type GrpcRetryCondition = 'cancelled' | 'deadline-exceeded' | 'internal' | 'resource-exhausted' | 'unavailable';

export interface GrpcRetry {
  limit: number;
  timeoutMs?: number;
  conditions?: GrpcRetryCondition[];
}

const GRPC_CONDITIONS: readonly GrpcRetryCondition[] = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

/** index/grpc.rs parse_grpc_retry: `retry.linkerd.io/grpc` names status codes (ASCII case ignored); an unknown one refuses the retry. */
export function parseGrpcRetry(annotations: Readonly<Record<string, string>>): Parsed<GrpcRetry | undefined> {
  const limits = retryLimits(annotations);
  if (limits === INVALID) return INVALID;
  const text = annotations['retry.linkerd.io/grpc'];
  let conditions: GrpcRetryCondition[] | undefined;
  if (text !== undefined) {
    conditions = [];
    for (const condition of text.split(',')) {
      const known = GRPC_CONDITIONS.find((c) => c === condition.toLowerCase());
      if (!known) return INVALID;
      conditions.push(known);
    }
  }
  if (limits.limit === undefined && limits.timeoutMs === undefined && conditions === undefined) return undefined;
  return {limit: limits.limit ?? 1, timeoutMs: limits.timeoutMs, conditions};
}

/** index/http.rs to_code: a status code from 100 to 599. */
function statusCode(text: string): number | undefined {
  const code = parseUnsigned(text, 0xffffffff);
  return code !== undefined && code >= 100 && code < 600 ? code : undefined;
}

/** index/http.rs parse_http_retry: limit, timeout, and `retry.linkerd.io/http` status codes and ranges. */
export function parseHttpRetry(annotations: Readonly<Record<string, string>>): Parsed<Retry | undefined> {
  const limits = retryLimits(annotations);
  if (limits === INVALID) return INVALID;
  const conditionsText = annotations['retry.linkerd.io/http'];
  let conditions: {min: number; max: number}[] | undefined;
  if (conditionsText !== undefined) {
    conditions = [];
    for (const condition of conditionsText.split(',')) {
      if (condition.toLowerCase() === '5xx') conditions.push({min: 500, max: 599});
      else if (condition.toLowerCase() === 'gateway-error') conditions.push({min: 502, max: 504});
      else if (statusCode(condition) !== undefined) conditions.push({min: statusCode(condition)!, max: statusCode(condition)!});
      else {
        const dash = condition.indexOf('-');
        const start = dash < 0 ? undefined : statusCode(condition.slice(0, dash));
        const end = dash < 0 ? undefined : statusCode(condition.slice(dash + 1));
        if (start === undefined || end === undefined || start > end) return INVALID;
        conditions.push({min: start, max: end});
      }
    }
  }
  if (limits.limit === undefined && limits.timeoutMs === undefined && conditions === undefined) return undefined;
  return {limit: limits.limit ?? 1, timeoutMs: limits.timeoutMs, conditions};
}

/** A Service's setting: what the controller keeps when it refuses the annotation (a warning) is the default. */
export const orDefault = <T, D>(parsed: Parsed<T>, fallback: D): T | D => (parsed === INVALID ? fallback : parsed);
