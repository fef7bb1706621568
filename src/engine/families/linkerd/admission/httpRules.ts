/**
 * What Linkerd's index makes of a route's matches and filters (k8s/index routes/http.rs and
 * routes/grpc.rs), which the webhook runs to refuse what its proxies could not be given:
 * header names as the `http` crate's HeaderName, values as HeaderValue, regexes compiled,
 * paths absolute, a redirect's path modifier and status code.
 */
import {goRegexpError} from '../../../istio/regex';
import {at, deny, isObj, list, obj, str, type Obj, type Path} from './deny';
import {rustDebug} from './rust';
import {rustBraceError} from './rustRegex';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const MAX_HEADER_NAME_LENGTH = 1 << 16;

/** `s.parse::<http::HeaderName>()`. */
export function headerName(value: unknown, path: Path): void {
  const name = str(value) ?? '';
  if (!HEADER_NAME.test(name) || name.length >= MAX_HEADER_NAME_LENGTH) deny(path, 'invalid HTTP header name');
}

/** `s.parse::<http::HeaderValue>()`: visible bytes and tabs (any non-ASCII byte too), no other control character. */
export function headerValue(value: unknown, path: Path): void {
  if (NOT_A_HEADER_VALUE.test(str(value) ?? '')) deny(path, 'failed to parse header value');
}

/** A control character other than a tab, or DEL. */
const NOT_A_HEADER_VALUE = /[\0-\x08\n-\x1f\x7f]/;

/**
 * `s.parse::<regex::Regex>()`. Rust's regex crate reads RE2's syntax but never takes `{` as a
 * literal (rustRegex.ts): that error in regex-syntax's words, else what RE2 refuses with RE2's
 * reason, under Rust's "regex parse error" heading.
 */
export function regex(value: unknown, path: Path): void {
  const pattern = str(value) ?? '';
  const error = rustBraceError(pattern) ?? goRegexpError(pattern)?.replace(/^error parsing regexp: /, '');
  if (error) deny(path, `regex parse error: ${error}`);
}

const absolutePathError = (value: string) => `HttpPathMatch paths must be absolute (begin with \`/\`); ${rustDebug(value)} is not an absolute path`;

/** routes/http.rs try_match: path, headers, query params. */
export function httpMatch(match: Obj, path: Path): void {
  if (isObj(match.path)) {
    const value = str(match.path.value) ?? '/';
    const type = str(match.path.type) ?? 'PathPrefix';
    if (type === 'RegularExpression') regex(value, at(path, 'path', 'value'));
    else if (!value.startsWith('/')) deny(at(path, 'path', 'value'), absolutePathError(value));
  }
  const headers = list(match.headers);
  for (let i = 0; i < headers.length; i++) headerMatch(obj(headers[i]), at(path, 'headers', i));
  const params = list(match.queryParams);
  for (let i = 0; i < params.length; i++) {
    const query = obj(params[i]);
    if (str(query.type) === 'RegularExpression') regex(query.value, at(path, 'queryParams', i, 'value'));
  }
}

/** routes/{http,grpc}.rs header_match: the name a HeaderName; the value a HeaderValue, or a regex. */
export function headerMatch(header: Obj, path: Path): void {
  headerName(header.name, at(path, 'name'));
  if (str(header.type) === 'RegularExpression') regex(header.value, at(path, 'value'));
  else headerValue(header.value, at(path, 'value'));
}

/** routes/http.rs request_header_modifier / response_header_modifier. */
export function headerModifier(modifier: Obj, path: Path): void {
  headersToWrite(modifier, 'add', path);
  headersToWrite(modifier, 'set', path);
  const remove = list(modifier.remove);
  for (let i = 0; i < remove.length; i++) headerName(remove[i], at(path, 'remove', i));
}

function headersToWrite(modifier: Obj, field: 'add' | 'set', path: Path): void {
  const headers = list(modifier[field]);
  for (let i = 0; i < headers.length; i++) {
    const header = obj(headers[i]);
    headerName(header.name, at(path, field, i, 'name'));
    headerValue(header.value, at(path, field, i, 'value'));
  }
}

/** routes/http.rs req_redirect: the path modifier (path_modifier) and the status code. */
export function requestRedirect(redirect: Obj, path: Path): void {
  if (isObj(redirect.path)) {
    const modifier = redirect.path;
    const full = str(modifier.replaceFullPath);
    const prefix = str(modifier.replacePrefixMatch);
    const given = full ?? prefix;
    if (given === undefined) deny(at(path, 'path'), 'RequestRedirect filter must contain either replace_full_path or replace_prefix_match');
    if (!given.startsWith('/')) {
      deny(at(path, 'path', full !== undefined ? 'replaceFullPath' : 'replacePrefixMatch'),
        `RequestRedirect filters may only contain absolute paths (starting with '/'); ${rustDebug(given)} is not an absolute path`);
    }
  }
  const status = redirect.statusCode;
  if (typeof status === 'number') {
    if (status < 0 || status > 65535) deny(at(path, 'statusCode'), 'out of range integral type conversion attempted');
    if (status < 100 || status > 999) deny(at(path, 'statusCode'), 'invalid status code');
  }
}
