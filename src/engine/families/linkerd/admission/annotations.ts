/**
 * The retry and timeout annotations on a route whose parent is a Service or an EgressNetwork,
 * which the webhook parses (admission.rs, outbound/index/http.rs parse_http_retry,
 * outbound/index/grpc.rs parse_grpc_retry, outbound/index.rs parse_timeouts).
 */
import {at, deny, str, type Obj} from './deny';
import {parseAnnotationDuration} from './durations';
import {parseUnsigned} from './rust';

const ANNOTATIONS = '/metadata/annotations';

function annotation(annotations: Obj, key: string): string | undefined {
  return str(annotations[key]);
}

function duration(annotations: Obj, key: string): void {
  const value = annotation(annotations, key);
  if (value === undefined) return;
  const parsed = parseAnnotationDuration(value);
  if ('error' in parsed) deny(at(ANNOTATIONS, key), parsed.error);
}

/** `retry.linkerd.io/limit` (a u16) and `retry.linkerd.io/timeout`, read first by both retry parsers. */
function retryLimitAndTimeout(annotations: Obj): void {
  const limit = annotation(annotations, 'retry.linkerd.io/limit');
  if (limit !== undefined) {
    const parsed = parseUnsigned(limit, 16);
    if ('error' in parsed) deny(at(ANNOTATIONS, 'retry.linkerd.io/limit'), parsed.error);
  }
  duration(annotations, 'retry.linkerd.io/timeout');
}

/** A status code between 100 and 599 (parse_http_retry's to_code). */
function statusCode(s: string): number | undefined {
  const parsed = parseUnsigned(s, 32);
  return 'value' in parsed && parsed.value >= 100n && parsed.value < 600n ? Number(parsed.value) : undefined;
}

function httpRetryCondition(condition: string): boolean {
  const lower = condition.toLowerCase();
  if (lower === '5xx' || lower === 'gateway-error' || statusCode(condition) !== undefined) return true;
  const dash = condition.indexOf('-');
  if (dash < 0) return false;
  const [start, end] = [statusCode(condition.slice(0, dash)), statusCode(condition.slice(dash + 1))];
  return start !== undefined && end !== undefined && start <= end;
}

export function parseHttpRetry(annotations: Obj): void {
  retryLimitAndTimeout(annotations);
  const conditions = annotation(annotations, 'retry.linkerd.io/http');
  if (conditions !== undefined && !conditions.split(',').every(httpRetryCondition)) {
    deny(at(ANNOTATIONS, 'retry.linkerd.io/http'), `invalid retry condition: ${conditions}`);
  }
}

const GRPC_RETRY_CONDITIONS = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

export function parseGrpcRetry(annotations: Obj): void {
  retryLimitAndTimeout(annotations);
  const conditions = annotation(annotations, 'retry.linkerd.io/grpc');
  if (conditions === undefined) return;
  const unknown = conditions.split(',').find((condition) => !GRPC_RETRY_CONDITIONS.includes(condition.toLowerCase()));
  if (unknown !== undefined) deny(at(ANNOTATIONS, 'retry.linkerd.io/grpc'), `Unknown grpc retry condition: ${unknown}`);
}

/** Written out, not built per route: a property read by a freshly built key has to look the key up first. */
const TIMEOUT_ANNOTATIONS = ['timeout.linkerd.io/response', 'timeout.linkerd.io/request', 'timeout.linkerd.io/idle'];

/** parse_timeouts: `timeout.linkerd.io/response`, `/request` and `/idle`. */
export function parseTimeouts(annotations: Obj): void {
  for (const key of TIMEOUT_ANNOTATIONS) duration(annotations, key);
}
