/**
 * Linkerd's route annotations, read as Linkerd 2.20's policy controller reads them
 * (policy-controller/k8s/index/src/outbound/index.rs parse_timeouts and parse_duration;
 * outbound/index/http.rs parse_http_retry, convert_gateway_rule; outbound/index/grpc.rs
 * parse_grpc_retry):
 *
 * - `timeout.linkerd.io/request`, `/response`, `/idle`: durations with a unit (`ms`, `s`,
 *   `m`, `h`, `d`; `0` alone allowed), no fraction, no sign. The request annotation wins over
 *   the rule's `timeouts.request` (used only when the annotation is absent; `0` is none).
 * - `retry.linkerd.io/limit` (a u16, 0 means unset), `retry.linkerd.io/timeout` (0 unset),
 *   `retry.linkerd.io/http` (`5xx`, `gateway-error`, a code or a `lo-hi` range, comma
 *   separated) or for a GRPCRoute `retry.linkerd.io/grpc` (cancelled, deadline-exceeded,
 *   internal, resource-exhausted, unavailable). Any of them turns retries on, with a limit of
 *   1 unless given.
 * - A value the controller cannot parse makes it refuse the whole route: the error is kept.
 */
import {asObject, asString, type Obj} from '../../engine/istio/access';
import type {GatewayApiDecision} from '../decision';
import type {RouteKind} from './resources';

type LinkerdRouting = NonNullable<GatewayApiDecision['linkerd']>;

const UNIT_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** parse_duration: milliseconds, or an error in the controller's words. */
export function parseLinkerdDuration(text: string): number | {error: string} {
  const s = text.trim();
  if (s.startsWith('-')) return {error: `duration value cannot be negative: '${s}'`};
  const match = /^(.*\d)(\D*)$/.exec(s);
  if (!match) return {error: `${s} does not contain a timeout duration value`};
  const [, magnitude, unit] = match as unknown as [string, string, string];
  if (magnitude.includes('.')) return {error: 'fractional values not supported'};
  if (!/^\d+$/.test(magnitude)) return {error: `invalid digit found in string`};
  const value = Number(magnitude);
  if (unit === '' && value === 0) return 0;
  if (unit === '') return {error: `missing duration unit; did you mean '${magnitude}s' or '${magnitude}ms'?`};
  const mul = UNIT_MS[unit];
  if (mul === undefined) return {error: `invalid duration unit ${unit} (expected one of 'ms', 's', 'm', 'h', or 'd')`};
  return value * mul;
}

const GRPC_CONDITIONS = new Set(['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);

function httpCondition(cond: string): boolean {
  const code = (s: string): boolean => /^\d+$/.test(s) && Number(s) >= 100 && Number(s) < 600;
  if (/^(5xx|gateway-error)$/i.test(cond) || code(cond)) return true;
  const dash = cond.indexOf('-');
  return dash > 0 && code(cond.slice(0, dash)) && code(cond.slice(dash + 1)) && Number(cond.slice(0, dash)) <= Number(cond.slice(dash + 1));
}

export function linkerdRouting(kind: RouteKind, annotations: Obj | undefined, rule: Obj): LinkerdRouting {
  const errors: string[] = [];
  const read = (name: string): string | undefined => asString(annotations?.[name]);
  const duration = (name: string): {text: string; ms: number} | undefined => {
    const text = read(name);
    if (text === undefined) return undefined;
    const parsed = parseLinkerdDuration(text);
    if (typeof parsed !== 'number') {
      errors.push(`${name}: ${parsed.error}`);
      return undefined;
    }
    return {text: text.trim(), ms: parsed};
  };
  const timeouts: LinkerdRouting['timeouts'] = {};
  const response = duration('timeout.linkerd.io/response');
  const request = duration('timeout.linkerd.io/request');
  const idle = duration('timeout.linkerd.io/idle');
  if (response) timeouts.response = response.text;
  if (idle) timeouts.idle = idle.text;
  if (request) timeouts.request = request.text;
  else {
    // convert_gateway_rule: the rule's timeouts.request when no annotation sets one; zero means none (GEP-1742).
    const written = asString(asObject(rule.timeouts)?.request);
    const parsed = written === undefined ? undefined : parseLinkerdDuration(written);
    if (typeof parsed === 'number' && parsed > 0) timeouts.request = written;
  }

  const limitText = read('retry.linkerd.io/limit');
  let limit: number | undefined;
  if (limitText !== undefined) {
    if (/^\+?\d+$/.test(limitText) && Number(limitText) <= 65535) limit = Number(limitText) || undefined;
    else errors.push(`retry.linkerd.io/limit: ${JSON.stringify(limitText)} is not a number from 0 to 65535`);
  }
  const retryTimeout = duration('retry.linkerd.io/timeout');
  const conditionKey = kind === 'GRPCRoute' ? 'retry.linkerd.io/grpc' : 'retry.linkerd.io/http';
  const conditions = read(conditionKey);
  if (conditions !== undefined) {
    for (const cond of conditions.split(',')) {
      const ok = kind === 'GRPCRoute' ? GRPC_CONDITIONS.has(cond.toLowerCase()) : httpCondition(cond);
      if (!ok) errors.push(kind === 'GRPCRoute' ? `${conditionKey}: Unknown grpc retry condition: ${cond}` : `${conditionKey}: invalid retry condition: ${conditions}`);
    }
  }
  const retryOn = limit !== undefined || (retryTimeout && retryTimeout.ms > 0) || conditions !== undefined;
  return {
    timeouts,
    retry: retryOn ? {limit: limit ?? 1, timeout: retryTimeout && retryTimeout.ms > 0 ? retryTimeout.text : undefined, conditions} : undefined,
    errors,
  };
}
