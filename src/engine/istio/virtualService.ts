/** ValidateVirtualService (istio/istio pkg/config/validation/validation.go, virtualservice.go). */
import {asArray, asObject, asString, isNonEmptyArray, isSet, numberOr, stringOr, type Obj} from './access';
import {
  isJwtClaimRoute, validateDestination, validateDuration, validateExportTo, validateGatewayNames, validateLabels,
  validatePort, validateRegex, validateStringMatch,
} from './common';
import {parseGoDuration} from './durations';
import {gatewayBoundDomainError, hostSubsetOf, hostsOverlap, ipSubnetError, isIpAddress, isIstioDns1123Label, wildcardDomainError} from './hosts';
import {re2Error} from './regex';
import {Report, at} from './report';

/** supportedCORSMethods: Go's net/http method names, case-sensitive, and `*`. */
const SUPPORTED_CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);
/** validHeaderNameRegex: RFC 7230 token characters (Go's `+-.` inside the class is a range, so `,` is in too). */
const TOKEN_HEADER_NAME = /^[!#$%&'*+,\-.^_`|~A-Za-z0-9]+$/;
/** The HTTP/2 pseudo headers a match may name (ValidateHTTPHeaderNameOrJwtClaimRoute). */
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx',
  'refused-stream', 'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);
/** The codes Go's net/http StatusText names. */
const GO_STATUS_CODES = new Set([100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511]);
const GRPC_STATUS = new Set(['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL',
  'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED']);

export function validateVirtualService(report: Report, spec: Obj, namespace: string): void {
  const hosts = asArray(spec.hosts);
  const gateways = asArray(spec.gateways);
  const isDelegate = hosts.length === 0;
  if (isDelegate) {
    if (gateways.length) report.error('/spec/gateways', 'delegate virtual service must have no gateways specified', 'key');
    if (isNonEmptyArray(spec.tls)) report.error('/spec/tls', 'delegate virtual service must have no tls route specified', 'key');
    if (isNonEmptyArray(spec.tcp)) report.error('/spec/tcp', 'delegate virtual service must have no tcp route specified', 'key');
  }
  let appliesToGateway = false;
  if (gateways.length) {
    validateGatewayNames(report, '/spec/gateways', gateways);
    appliesToGateway = !gateways.includes('mesh');
  }
  const appliesToMesh = !appliesToGateway;
  const isSniHost = asArray(spec.tls).some((route) => asArray(asObject(route)?.match).some((m) => isNonEmptyArray(asObject(m)?.sniHosts)));
  if (!appliesToGateway) {
    // JWT claim based routing needs a gateway (validation.go ValidateVirtualService).
    asArray(spec.http).forEach((route, i) => {
      asArray(asObject(route)?.match).forEach((match, j) => {
        for (const field of ['headers', 'withoutHeaders'] as const) {
          for (const key of Object.keys(asObject(asObject(match)?.[field]) ?? {})) {
            if (isJwtClaimRoute(key)) {
              report.error(at('/spec/http', i, 'match', j, field, key), `JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways: [${gateways.map(String).join(' ')}]`, 'key');
            }
          }
        }
      });
    });
  }

  let allHostsValid = true;
  hosts.forEach((host, i) => {
    if (typeof host !== 'string') return;
    // Gateway-bound hosts may be AUTO_PASSTHROUGH SNI names (outbound_.<port>_._.<host>) when a TLS route has sniHosts.
    const error = appliesToGateway ? gatewayBoundDomainError(isSniHost, host) : wildcardDomainError(host);
    if (error) {
      if (!isIpAddress(host)) {
        report.error(at('/spec/hosts', i), error);
        allHostsValid = false;
      }
    } else if (appliesToMesh && host === '*') {
      report.error(at('/spec/hosts', i), 'wildcard host * is not allowed for virtual services bound to the mesh gateway');
      allHostsValid = false;
    }
  });
  if (allHostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        const a = hosts[i];
        const b = hosts[j];
        if (typeof a === 'string' && typeof b === 'string' && hostsOverlap(a, b)) {
          report.error(at('/spec/hosts', j), `duplicate hosts in virtual service: ${a} & ${b}`);
        }
      }
    }
  }

  if (!isNonEmptyArray(spec.http) && !isNonEmptyArray(spec.tcp) && !isNonEmptyArray(spec.tls)) {
    report.error('/spec', 'http, tcp or tls must be provided in virtual service', 'key');
  }
  asArray(spec.http).forEach((route, i) => {
    const path = at('/spec/http', i);
    const http = asObject(route);
    if (!http) {
      if (route === null) report.error(path, 'http route may not be null');
      return;
    }
    validateHttpRoute(report, path, http, isDelegate);
  });
  asArray(spec.tls).forEach((route, i) => {
    const tls = asObject(route);
    // isGateway(context) in Go: true unless `mesh` is listed, so also with no gateways at all.
    if (tls) validateTlsRoute(report, at('/spec/tls', i), tls, hosts, !gateways.includes('mesh'));
  });
  asArray(spec.tcp).forEach((route, i) => {
    const tcp = asObject(route);
    if (!tcp) return;
    const path = at('/spec/tcp', i);
    asArray(tcp.match).forEach((match, j) => validateL4Match(report, at(path, 'match', j), match));
    if (!isNonEmptyArray(tcp.route)) report.error(path, 'TCP route is required', 'key');
    validateRouteDestinations(report, at(path, 'route'), tcp.route);
  });
  validateExportTo(report, '/spec/exportTo', namespace, spec.exportTo, false);
  analyzeUnreachableRules(report, '/spec/http', asArray(spec.http), true);
  analyzeUnreachableRules(report, '/spec/tcp', asArray(spec.tcp), false);
  analyzeUnreachableRules(report, '/spec/tls', asArray(spec.tls), false);
}

function validateHttpRoute(report: Report, path: string, http: Obj, isDelegate: boolean): void {
  validateRouteConflicts(report, path, http, isDelegate);
  asArray(http.match).forEach((match, j) => validateHttpMatch(report, at(path, 'match', j), match));
  // Each check below passes over a field that is not set: its pointer is built only for a set one.
  if (http.headers !== undefined) validateHeaderOperations(report, at(path, 'headers'), http.headers);
  if (http.corsPolicy !== undefined) validateCorsPolicy(report, at(path, 'corsPolicy'), http.corsPolicy);
  if (http.fault !== undefined) validateFault(report, at(path, 'fault'), http.fault);
  const mirrorPercentage = asObject(http.mirrorPercentage);
  if (mirrorPercentage && typeof mirrorPercentage.value === 'number') {
    const value = mirrorPercentage.value;
    if (value > 100) report.error(at(path, 'mirrorPercentage', 'value'), `mirror_percentage must have a max value of 100 (it has ${value.toFixed(6)})`);
    if (value < 0) report.error(at(path, 'mirrorPercentage', 'value'), `mirror_percentage must have a min value of 0 (it has ${value.toFixed(6)})`);
  }
  if (isSet(http.mirrorPercent)) {
    const value = typeof http.mirrorPercent === 'number' ? http.mirrorPercent : numberOr(asObject(http.mirrorPercent)?.value);
    if (value > 100) report.error(at(path, 'mirrorPercent'), `mirror_percent must have a max value of 100 (it has ${value})`);
    report.warning(at(path, 'mirrorPercent'), 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead', 'key');
  }
  if (http.mirror !== undefined) validateDestination(report, at(path, 'mirror'), http.mirror);
  asArray(http.mirrors).forEach((mirror, j) => {
    const m = asObject(mirror);
    const mpath = at(path, 'mirrors', j);
    if (!m) return;
    if (!isSet(m.destination)) report.error(mpath, 'destination is required for mirrors', 'key');
    validateDestination(report, at(mpath, 'destination'), m.destination);
    const pct = asObject(m.percentage);
    if (pct && typeof pct.value === 'number') {
      if (pct.value > 100) report.error(at(mpath, 'percentage', 'value'), `mirror percentage must have a max value of 100 (it has ${pct.value.toFixed(6)})`);
      if (pct.value < 0) report.error(at(mpath, 'percentage', 'value'), `mirror percentage must have a min value of 0 (it has ${pct.value.toFixed(6)})`);
    }
  });
  if (http.redirect !== undefined) validateRedirect(report, at(path, 'redirect'), http.redirect);
  if (http.directResponse !== undefined) validateDirectResponse(report, at(path, 'directResponse'), http.directResponse);
  if (http.retries !== undefined) validateRetries(report, at(path, 'retries'), http.retries);
  if (http.rewrite !== undefined) validateRewrite(report, at(path, 'rewrite'), http.rewrite);
  validateAuthorityRewrite(report, path, http);
  validateRouteDestinations(report, at(path, 'route'), http.route, true);
  if (isSet(http.timeout)) validateDuration(report, at(path, 'timeout'), http.timeout);
}

/** validateAuthorityRewrite: the authority may be rewritten in one place only (rewrite.authority, then set, then add). */
function validateAuthorityRewrite(report: Report, path: string, http: Obj): void {
  let current = stringOr(asObject(http.rewrite)?.authority);
  const request = asObject(asObject(http.headers)?.request);
  for (const op of ['set', 'add'] as const) {
    for (const [name, value] of Object.entries(asObject(request?.[op]) ?? {})) {
      if (!isAuthorityHeader(name)) continue;
      if (current !== '') {
        report.error(at(path, 'headers', 'request', op, name), `authority header cannot be set multiple times: have ${JSON.stringify(current)}, attempting to set ${JSON.stringify(stringOr(value))}`, 'key');
        return;
      }
      current = stringOr(value);
    }
  }
}

function validateRouteConflicts(report: Report, path: string, http: Obj, isDelegate: boolean): void {
  const has = (field: string) => isSet(http[field]);
  const hasRoute = isNonEmptyArray(http.route);
  const name = stringOr(http.name);
  if (!isDelegate && has('delegate')) {
    if (has('redirect')) report.error(at(path, 'redirect'), `root HTTP route ${name} must not specify redirect`, 'key');
    if (has('route')) report.error(at(path, 'route'), `root HTTP route ${name} must not specify route`, 'key');
    return;
  }
  if (isDelegate && has('delegate')) report.error(at(path, 'delegate'), 'delegate HTTP route cannot contain delegate', 'key');
  if (has('redirect')) {
    if (hasRoute) report.error(at(path, 'route'), 'HTTP route cannot contain both route and redirect', 'key');
    if (has('fault')) report.error(at(path, 'fault'), 'HTTP route cannot contain both fault and redirect', 'key');
    if (has('rewrite')) report.error(at(path, 'rewrite'), 'HTTP route rule cannot contain both rewrite and redirect', 'key');
    if (has('directResponse')) report.error(at(path, 'directResponse'), 'HTTP route rule cannot contain both direct_response and redirect', 'key');
  } else if (has('directResponse')) {
    if (hasRoute) report.error(at(path, 'route'), 'HTTP route cannot contain both route and direct_response', 'key');
    if (has('fault')) report.error(at(path, 'fault'), 'HTTP route cannot contain both fault and direct_response', 'key');
    if (has('rewrite')) report.error(at(path, 'rewrite'), 'HTTP route rule cannot contain both rewrite and direct_response', 'key');
  } else if (!hasRoute) {
    report.error(has('route') ? at(path, 'route') : path, 'HTTP route, redirect or direct_response is required', has('route') ? 'key' : 'value');
  }
  if (has('mirror') && isNonEmptyArray(http.mirrors)) report.error(at(path, 'mirrors'), 'HTTP route cannot contain both mirror and mirrors', 'key');
}

function validateHttpMatch(report: Report, path: string, value: unknown): void {
  const match = asObject(value);
  if (!match) return;
  for (const [name, header] of Object.entries(asObject(match.headers) ?? {})) {
    const hpath = at(path, 'headers', name);
    if (header === null) report.error(hpath, `header match ${name} cannot be null`);
    validateMatchHeaderName(report, hpath, name);
    validateStringMatch(report, hpath, header, 'headers');
  }
  for (const [name, header] of Object.entries(asObject(match.withoutHeaders) ?? {})) {
    const hpath = at(path, 'withoutHeaders', name);
    validateMatchHeaderName(report, hpath, name);
    // `regex: "*"` is not a regex: Istio turns it into a presence match.
    if (asObject(header)?.regex !== '*') validateStringMatch(report, hpath, header, 'withoutHeaders');
  }
  const uri = asObject(match.uri);
  if (uri && typeof uri.regex === 'string') validateRegex(report, at(path, 'uri', 'regex'), uri.regex, 'uri');
  for (const field of ['scheme', 'method', 'authority'] as const) validateStringMatch(report, at(path, field), match[field], field);
  for (const [name, qp] of Object.entries(asObject(match.queryParams) ?? {})) validateStringMatch(report, at(path, 'queryParams', name), qp, 'queryParams');
  if (typeof match.port === 'number' && match.port !== 0) validatePort(report, at(path, 'port'), match.port);
  validateLabels(report, at(path, 'sourceLabels'), match.sourceLabels);
  validateGatewayNames(report, at(path, 'gateways'), match.gateways);
  const sourceNamespace = asString(match.sourceNamespace);
  if (sourceNamespace && !isIstioDns1123Label(sourceNamespace)) report.error(at(path, 'sourceNamespace'), `sourceNamespace match ${sourceNamespace} is invalid`);
}

/** ValidateHTTPHeaderNameOrJwtClaimRoute: a JWT claim, a known pseudo header or RFC 7230 token characters. */
function validateMatchHeaderName(report: Report, path: string, name: string): void {
  if (name === '') report.error(path, 'header name cannot be empty', 'key');
  else if (!isJwtClaimRoute(name) && !PSEUDO_HEADERS.has(name) && !TOKEN_HEADER_NAME.test(name)) {
    report.error(path, `header name ${name} is not a valid header name`, 'key');
  }
}

function validateHeaderOperations(report: Report, path: string, value: unknown): void {
  const headers = asObject(value);
  if (!headers) return;
  for (const direction of ['request', 'response'] as const) {
    const ops = asObject(headers[direction]);
    if (!ops) continue;
    for (const op of ['add', 'set'] as const) {
      for (const [name, headerValue] of Object.entries(asObject(ops[op]) ?? {})) {
        const hpath = at(path, direction, op, name);
        if (direction === 'request') validateAddSetRequestHeader(report, hpath, name);
        else validateHeaderOperationName(report, hpath, name);
        if (typeof headerValue === 'string' && /[\u0000-\u0008\u000A-\u001F\u007F]/.test(headerValue)) {
          report.error(hpath, `header value configuration ${headerValue} is invalid`);
        } else if (typeof headerValue === 'string') {
          const error = headerValueError(headerValue);
          if (error) report.error(hpath, `header value configuration: ${error}`);
        }
      }
    }
    asArray(ops.remove).forEach((name, i) => {
      if (typeof name === 'string') validateHeaderOperationName(report, at(path, direction, 'remove', i), name, 'value');
    });
  }
}

const isAuthorityHeader = (name: string) => name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';

function validateAddSetRequestHeader(report: Report, path: string, name: string): void {
  if (name === '') report.error(path, 'header name cannot be empty', 'key');
  else if ((name.startsWith(':') || name.toLowerCase() === 'host') && !isAuthorityHeader(name)) {
    report.error(path, `invalid header ${JSON.stringify(name)}: header cannot have ":" prefix`, 'key');
  }
}

function validateHeaderOperationName(report: Report, path: string, name: string, atWhat: 'key' | 'value' = 'key'): void {
  if (name === '') report.error(path, 'header name cannot be empty', atWhat);
  else if (name.toLowerCase() === 'host') report.error(path, `invalid header ${JSON.stringify(name)}: cannot set Host header`, atWhat);
  else if (name.startsWith(':')) report.error(path, `invalid header ${JSON.stringify(name)}: header cannot have ":" prefix`, atWhat);
}

function validateCorsPolicy(report: Report, path: string, value: unknown): void {
  const cors = asObject(value);
  if (!cors) return;
  asArray(cors.allowOrigins).forEach((origin, i) => {
    const o = asObject(origin);
    if (!o) return;
    const match = stringOr(o.exact) || stringOr(o.prefix) || stringOr(o.regex);
    if (match === '') report.error(at(path, 'allowOrigins', i), `'${match}' is not a valid match type for CORS allow origins`);
    else if (typeof o.regex === 'string') validateRegex(report, at(path, 'allowOrigins', i, 'regex'), o.regex, 'corsPolicy.allowOrigins');
  });
  asArray(cors.allowMethods).forEach((method, i) => {
    if (typeof method === 'string' && !SUPPORTED_CORS_METHODS.has(method)) report.error(at(path, 'allowMethods', i), `${JSON.stringify(method)} is not a supported HTTP method`);
  });
  for (const field of ['allowHeaders', 'exposeHeaders'] as const) {
    asArray(cors[field]).forEach((name, i) => {
      if (typeof name !== 'string' || name === '*') return;
      if (name === '') report.error(at(path, field, i), 'header name cannot be empty');
      else if (!TOKEN_HEADER_NAME.test(name)) report.error(at(path, field, i), `header name ${name} is not a valid header name`);
    });
  }
  if (isSet(cors.maxAge)) {
    validateDuration(report, at(path, 'maxAge'), cors.maxAge);
    // MaxAge.Nanos > 0: the duration has a fractional second (1500ms does, 1000ms does not).
    const nanos = typeof cors.maxAge === 'string' ? parseGoDuration(cors.maxAge) : undefined;
    if (nanos !== undefined && Math.round(nanos) % 1e9 !== 0) {
      report.error(at(path, 'maxAge'), 'max_age duration is accurate only to seconds precision');
    }
  }
}

function validatePercentage(report: Report, path: string, value: unknown): void {
  const pct = asObject(value);
  if (!pct || typeof pct.value !== 'number') return;
  const v = pct.value;
  if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) report.error(at(path, 'value'), `percentage ${v} is neither 0.0, nor in range [0.0001, 100.0]`);
}

function validateFault(report: Report, path: string, value: unknown): void {
  const fault = asObject(value);
  if (!fault) return;
  if (!isSet(fault.abort) && !isSet(fault.delay)) report.error(path, 'HTTP fault injection must have an abort and/or a delay');
  const abort = asObject(fault.abort);
  if (abort) {
    validatePercentage(report, at(path, 'abort', 'percentage'), abort.percentage);
    if (isSet(abort.grpcStatus)) {
      if (typeof abort.grpcStatus === 'string' && !GRPC_STATUS.has(abort.grpcStatus)) {
        report.error(at(path, 'abort', 'grpcStatus'), `gRPC status ${JSON.stringify(abort.grpcStatus)} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'`);
      }
    } else if (isSet(abort.http2Error)) {
      report.error(at(path, 'abort', 'http2Error'), 'HTTP/2 abort fault injection not supported yet', 'key');
    } else if (typeof abort.httpStatus === 'number') {
      validateHttpStatus(report, at(path, 'abort', 'httpStatus'), abort.httpStatus);
    } else if (!isSet(abort.httpStatus)) {
      report.warning(at(path, 'abort'), 'abort configured, but error type not set', 'key');
    }
  }
  const delay = asObject(fault.delay);
  if (delay) {
    validatePercentage(report, at(path, 'delay', 'percentage'), delay.percentage);
    if (isSet(delay.fixedDelay)) validateDuration(report, at(path, 'delay', 'fixedDelay'), delay.fixedDelay);
    if (isSet(delay.exponentialDelay)) {
      validateDuration(report, at(path, 'delay', 'exponentialDelay'), delay.exponentialDelay);
      report.error(at(path, 'delay', 'exponentialDelay'), 'exponentialDelay not supported yet', 'key');
    }
  }
}

function validateHttpStatus(report: Report, path: string, status: number): void {
  if (status < 200 || status > 600) report.error(path, `HTTP status ${status} is not in range 200-599`);
}

function validateRedirect(report: Report, path: string, value: unknown): void {
  const redirect = asObject(value);
  if (!redirect) return;
  if (!stringOr(redirect.uri) && !stringOr(redirect.authority) && !isSet(redirect.port) && !isSet(redirect.derivePort) && !stringOr(redirect.scheme)) {
    report.error(path, 'redirect must specify URI, authority, scheme, or port');
    return;
  }
  const code = redirect.redirectCode;
  if (typeof code === 'number' && code !== 0 && (code < 300 || code > 399)) {
    report.error(at(path, 'redirectCode'), `${code} is not a valid redirect code, must be 3xx`);
    return;
  }
  const scheme = stringOr(redirect.scheme);
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    report.error(at(path, 'scheme'), 'invalid redirect scheme, must be "http" or "https"');
    return;
  }
  if (typeof redirect.port === 'number' && redirect.port > 0) validatePort(report, at(path, 'port'), redirect.port);
}

function validateDirectResponse(report: Report, path: string, value: unknown): void {
  const direct = asObject(value);
  if (!direct) return;
  const body = asObject(direct.body);
  const size = body ? stringOr(body.string).length + Math.floor((stringOr(body.bytes).length * 3) / 4) : 0;
  if (size > 1024 * 1024) report.error(at(path, 'body'), 'large direct_responses may impact control plane performance, must be less than 1MB');
  else if (size > 100 * 1024) report.warning(at(path, 'body'), 'large direct_responses may impact control plane performance');
  if (typeof direct.status === 'number') validateHttpStatus(report, at(path, 'status'), direct.status);
}

function validateRetries(report: Report, path: string, value: unknown): void {
  const retries = asObject(value);
  if (!retries) return;
  const attempts = numberOr(retries.attempts);
  if (attempts < 0) report.error(at(path, 'attempts'), 'attempts cannot be negative');
  if (attempts === 0 && (isSet(retries.perTryTimeout) || stringOr(retries.retryOn) !== '' || isSet(retries.retryRemoteLocalities))) {
    report.error(isSet(retries.attempts) ? at(path, 'attempts') : path, 'http retry policy configured when attempts are set to 0 (disabled)');
  }
  if (isSet(retries.perTryTimeout)) validateDuration(report, at(path, 'perTryTimeout'), retries.perTryTimeout);
  if (isSet(retries.backoff)) validateDuration(report, at(path, 'backoff'), retries.backoff);
  const retryOn = stringOr(retries.retryOn);
  if (retryOn) {
    for (const policy of retryOn.split(',')) {
      // validateHTTPRetry: a number counts only when Go's http.StatusText knows it.
      const isStatus = /^[+-]?[0-9]+$/.test(policy) && GO_STATUS_CODES.has(Number(policy));
      if (!isStatus && !RETRY_ON.has(policy)) report.error(at(path, 'retryOn'), `${JSON.stringify(policy)} is not a valid retryOn policy`);
    }
  }
}

function validateRewrite(report: Report, path: string, value: unknown): void {
  const rewrite = asObject(value);
  if (!rewrite) return;
  const uri = stringOr(rewrite.uri);
  const regexRewrite = asObject(rewrite.uriRegexRewrite);
  if (uri && isSet(rewrite.uriRegexRewrite)) {
    report.error(path, 'rewrite may only contain one of URI or UriRegexRewrite');
    return;
  }
  if (!uri && !isSet(rewrite.uriRegexRewrite) && !stringOr(rewrite.authority)) {
    report.error(path, 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified');
    return;
  }
  if (regexRewrite) {
    if (!stringOr(regexRewrite.match) || !stringOr(regexRewrite.rewrite)) {
      report.error(at(path, 'uriRegexRewrite'), 'UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified');
    } else {
      // validateStringRegexp (no empty check here), wrapped by errors.Join("UriRegexRewrite has errors", err)
      const where = JSON.stringify('HTTPRewrite.UriRegexRewrite.Match');
      const error = re2Error(stringOr(regexRewrite.match));
      if (error) {
        const detail = error.startsWith('regex is too large') ? `${where}: ${error}` : `${where}: ${error}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`;
        report.error(at(path, 'uriRegexRewrite', 'match'), `UriRegexRewrite has errors\n${detail}`);
      }
    }
  }
}

/** validateHTTPRouteDestinations / validateRouteDestinations. Weights are relative: no sum-to-100 rule. */
function validateRouteDestinations(report: Report, path: string, value: unknown, isHttp = false): void {
  const routes = asArray(value);
  let totalWeight = 0;
  routes.forEach((entry, i) => {
    const rpath = at(path, i);
    if (entry === null) {
      report.error(rpath, 'weight may not be nil');
      return;
    }
    const route = asObject(entry);
    if (!route) return;
    if (!isSet(route.destination)) report.error(rpath, 'destination is required');
    if (isHttp) validateHeaderOperations(report, at(rpath, 'headers'), route.headers);
    validateDestination(report, at(rpath, 'destination'), route.destination);
    const weight = numberOr(route.weight);
    if (weight < 0) report.error(at(rpath, 'weight'), `weight ${weight} < 0`);
    totalWeight += weight;
  });
  if (routes.length > 1 && totalWeight === 0) report.error(path, 'total destination weight = 0', 'key');
}

function validateL4Match(report: Report, path: string, value: unknown): void {
  const match = asObject(value);
  if (!match) {
    if (value === null) report.error(path, 'tcp match may not be nil');
    return;
  }
  asArray(match.destinationSubnets).forEach((subnet, i) => {
    const error = typeof subnet === 'string' ? ipSubnetError(subnet) : undefined;
    if (error) report.error(at(path, 'destinationSubnets', i), error);
  });
  if (typeof match.port === 'number' && match.port !== 0) validatePort(report, at(path, 'port'), match.port);
  validateLabels(report, at(path, 'sourceLabels'), match.sourceLabels);
  validateGatewayNames(report, at(path, 'gateways'), match.gateways);
}

function validateTlsRoute(report: Report, path: string, tls: Obj, hosts: unknown[], isGateway: boolean): void {
  const matches = asArray(tls.match);
  if (matches.length === 0) report.error(path, 'TLS route must have at least one match condition', 'key');
  matches.forEach((value, i) => {
    const mpath = at(path, 'match', i);
    const match = asObject(value);
    if (!match) {
      if (value === null) report.error(mpath, 'TLS match may not be null');
      return;
    }
    const sniHosts = asArray(match.sniHosts);
    if (sniHosts.length === 0) report.error(mpath, 'TLS match must have at least one SNI host', 'key');
    sniHosts.forEach((sni, j) => {
      if (typeof sni === 'string') validateSniHost(report, at(mpath, 'sniHosts', j), sni, hosts, isGateway);
    });
    validateL4Match(report, mpath, {...match, sniHosts: undefined});
  });
  if (!isNonEmptyArray(tls.route)) report.error(path, 'TLS route is required', 'key');
  validateRouteDestinations(report, at(path, 'route'), tls.route);
}

function validateSniHost(report: Report, path: string, sni: string, hosts: unknown[], isGateway: boolean): void {
  const error = isGateway ? gatewayBoundDomainError(true, sni) : wildcardDomainError(sni);
  if (error) {
    if (isIpAddress(sni)) report.warning(path, `using an IP address (${JSON.stringify(sni)}) goes against SNI spec and most clients do not support this`);
    else report.error(path, error);
    return;
  }
  const stringHosts = hosts.filter((h): h is string => typeof h === 'string');
  if (!stringHosts.some((host) => hostSubsetOf(sni, host))) {
    report.error(path, `SNI host ${JSON.stringify(sni)} is not a compatible subset of any of the virtual service hosts: [${stringHosts.join(', ')}]`);
  }
}

/** The webhook's unreachable-rule warnings (IST0130 / IST0131 in istioctl analyze). */
function analyzeUnreachableRules(report: Report, path: string, routes: unknown[], isHttp: boolean): void {
  const seen = new Map<string, number>();
  let emptyMatchAt = -1;
  const routeName = (route: Obj, index: number) => (isHttp && stringOr(route.name) ? JSON.stringify(route.name) : `#${index}`);
  const prefixMatches: PrefixMatch[] = [];
  let totalMatches = 0;
  for (const route of routes) totalMatches += asArray(asObject(route)?.match).length;
  routes.forEach((value, i) => {
    const route = asObject(value);
    if (!route) return;
    const matches = asArray(route.match);
    if (matches.length === 0) {
      if (emptyMatchAt >= 0) {
        report.unreachableRule(at(path, i), routeName(route, i), 'only the last rule can have no matches');
      }
      emptyMatchAt = i;
      return;
    }
    if (emptyMatchAt >= 0) {
      // Go reports this once per match; istioctl analyze de-duplicates the identical messages.
      report.unreachableRule(at(path, i), routeName(route, i), 'route without matches defined before');
      return;
    }
    // A lone match condition can neither repeat nor shadow another: no key to build.
    if (totalMatches < 2) return;
    let duplicates = 0;
    matches.forEach((match, j) => {
      const key = canonicalMatch(match);
      const previous = seen.get(key);
      if (previous !== undefined) {
        const matchName = isHttp && stringOr(asObject(match)?.name) ? JSON.stringify(asObject(match)!.name) : `#${j}`;
        report.ineffectiveMatch(at(path, i, 'match', j), routeName(route, i), matchName, routeName(asObject(routes[previous]) ?? {}, previous));
        duplicates++;
      } else {
        seen.set(key, i);
        const prefixMatch = isHttp ? genPrefixMatch(routeName(route, i), match, j, at(path, i, 'match', j)) : undefined;
        if (prefixMatch) prefixMatches.push(prefixMatch);
      }
    });
    if (duplicates === matches.length) {
      report.unreachableRule(at(path, i), routeName(route, i), 'all matches used by prior rules');
    }
  });
  // Overlapping URI prefixes: an earlier `/api` shadows a later `/api/v2` with the same other conditions.
  prefixMatches.forEach((a, i) => {
    for (const b of prefixMatches.slice(i + 1)) {
      if (b.prefix === a.prefix || !covers(a, b)) continue;
      report.ineffectiveMatch(b.path, b.route, `${b.match} of prefix ${b.prefix}`, `${a.match} of prefix ${a.prefix} on ${a.route}`);
    }
  });
}

/** genMatchHTTPRoutes: a URI-prefix match reduced to what coveredValidation compares. */
interface PrefixMatch {
  route: string;
  match: string;
  path: string;
  prefix: string;
  port: number;
  method: string;
  authority: string;
  headers: Map<string, string>;
  queryParams: Map<string, string>;
  withoutHeaders: Map<string, string>;
}

const exactOrPrefix = (value: unknown): string => {
  const sm = asObject(value);
  const exact = stringOr(sm?.exact);
  if (exact) return `exact:${exact}`;
  const prefix = stringOr(sm?.prefix);
  return prefix ? `prefix:${prefix}` : '';
};

function genPrefixMatch(route: string, value: unknown, index: number, path: string): PrefixMatch | undefined {
  const match = asObject(value);
  const prefix = stringOr(asObject(match?.uri)?.prefix);
  if (!match || !prefix) return undefined;
  const toMap = (field: unknown) => new Map(Object.entries(asObject(field) ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]));
  return {
    route, path, prefix,
    match: stringOr(match.name) ? JSON.stringify(match.name) : `#${index}`,
    port: numberOr(match.port),
    method: exactOrPrefix(match.method) || 'exact:GET', // no method counts as GET there
    authority: exactOrPrefix(match.authority),
    headers: toMap(match.headers),
    queryParams: toMap(match.queryParams),
    withoutHeaders: toMap(match.withoutHeaders),
  };
}

/** coveredValidation: does the earlier prefix match `a` take every request the later `b` would? */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  const sameMaps = (x: Map<string, string>, y: Map<string, string>) => x.size === y.size &&
    [...x].every(([k, v]) => y.has(k) && (v === y.get(k) || v.startsWith(y.get(k)!)));
  return sameMaps(a.headers, b.headers) && sameMaps(a.queryParams, b.queryParams) && sameMaps(a.withoutHeaders, b.withoutHeaders);
}

/** Match identity ignoring its name and key order, like the webhook's asJSON comparison. */
function canonicalMatch(match: unknown): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    const obj = asObject(value);
    if (!obj) return value;
    return Object.fromEntries(Object.keys(obj).filter((k) => k !== 'name').sort().map((k) => [k, sorted(obj[k])]));
  };
  return JSON.stringify(sorted(match));
}

/**
 * validateHeaderValue (header_value_validator.go, a port of Envoy's header_parser.cc):
 * `%` starts a %VARIABLE% or %VAR(["args"])% expression and `%%` is a literal percent.
 */
function headerValueError(value: string): string | undefined {
  type State = 'literal' | 'name' | 'array' | 'delimiter' | 'string-start' | 'string' | 'args-end' | 'var-end';
  let state: State = 'literal';
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos]!;
    const hasNext = pos + 1 < value.length;
    switch (state) {
      case 'literal':
        if (ch !== '%') break;
        if (!hasNext) return 'invalid header configuration. Un-escaped %';
        if (value[pos + 1] === '%') pos++;
        else state = 'name';
        break;
      case 'name':
        if (ch === '%') state = 'literal';
        else if (ch === '(') state = 'array';
        break;
      case 'array':
        if (ch === '[') state = 'string-start';
        else if (ch !== ' ') state = 'string';
        break;
      case 'delimiter':
        if (ch === ',') state = 'string-start';
        else if (ch === ']') state = 'args-end';
        else if (ch !== ' ') return "invalid header configuration. Expecting ',', ']', or whitespace";
        break;
      case 'string-start':
        if (ch === '"') state = 'string';
        else if (ch !== ' ') return 'invalid header configuration. Expecting \'"\'';
        break;
      case 'string':
        if (ch === '\\') {
          if (!hasNext) return 'invalid header configuration. Un-terminated backslash in JSON string';
          pos++;
        } else if (ch === ')') state = 'var-end';
        else if (ch === '"') state = 'delimiter';
        break;
      case 'args-end':
        if (ch === ')') state = 'var-end';
        else if (ch !== ' ') return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'";
        break;
      case 'var-end':
        if (ch === '%') state = 'literal';
        else if (ch !== ' ') return "invalid header configuration. Expecting '%' or whitespace after";
        break;
    }
  }
  return state === 'literal' ? undefined : `invalid header configuration. Un-terminated variable expression '${value}'`;
}
