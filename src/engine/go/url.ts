/**
 * Go's net/url as the Go releases that build istioctl 1.30.3 and the Kubernetes API server
 * have it (1.24.8+, 1.25.2+: a bracketed host must hold an IPv6 address): `url.Parse` (a URI
 * reference, relative ones included, `#` starting the fragment) and `url.ParseRequestURI` (an
 * absolute URL or an absolute path only, and no fragment: a `#` is one more character of
 * whichever part it falls in), with the parts and accessors their callers read. One port for
 * every reader: the Kubernetes CEL URL library (`isURL`, `url()`), istiod's WasmPlugin URL rule,
 * the external control plane analyzer's webhook URLs.
 *
 * Go strings are bytes: %-escapes decode to bytes read as UTF-8 here (an invalid sequence
 * becomes U+FFFD), and escaping writes a character's UTF-8 bytes.
 */
import {parseAddrFamily} from '../analysis/analyzers/annotations/goParse';

/** A parsed URL: Go's url.URL fields (Path and Fragment decoded, Raw* the written forms when they differ). */
export interface GoUrl {
  scheme: string;
  opaque: string;
  /** userinfo's username and, when a `:` was written, its password; undefined without `@`. */
  user?: {username: string; password?: string};
  /** host or host:port, unescaped. */
  host: string;
  path: string;
  rawPath: string;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

/**
 * A parse failure: `reason` is the error Go's url.Error wraps (the text after `parse "…": `),
 * `url` the text Go names in it. `message` is the reason, as callers print their own prefix.
 */
export class UrlParseError extends Error {
  constructor(readonly reason: string, readonly url = '') {
    super(reason);
  }
}

/** url.Parse: a URL or a relative reference; the fragment after the first `#`. */
export function parseUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const withoutFragment = hash < 0 ? raw : raw.slice(0, hash);
  const url = parse(withoutFragment, false);
  if (hash >= 0) {
    const written = raw.slice(hash + 1);
    if (written !== '') {
      const fragment = unescape(written, 'fragment', raw);
      url.fragment = fragment;
      url.rawFragment = escape(fragment, 'fragment') === written ? '' : written;
    }
  }
  return url;
}

/** url.ParseRequestURI: an absolute URL or an absolute path, as an HTTP request line carries it. */
export function parseRequestUri(raw: string): GoUrl {
  return parse(raw, true);
}

export function isRequestUri(raw: string): boolean {
  return succeeds(() => parseRequestUri(raw));
}

/** URL.Hostname(): the host without a valid port, and without the brackets of an IPv6 literal. */
export function urlHostname(url: GoUrl): string {
  return splitHostPort(url.host).hostname;
}

/** URL.Port(): the digits after the host's last `:` (none in an IPv6 literal's brackets). */
export function urlPort(url: GoUrl): string {
  return splitHostPort(url.host).port;
}

/** URL.EscapedPath(): RawPath when it is a valid escaping of Path, else Path escaped. */
export function escapedPath(url: GoUrl): string {
  if (url.rawPath !== '' && validEncoded(url.rawPath) && succeeds(() => unescape(url.rawPath, 'path', '') === url.path)) return url.rawPath;
  if (url.path === '*') return '*';
  return escape(url.path, 'path');
}

function succeeds(attempt: () => unknown): boolean {
  try {
    return attempt() !== false;
  } catch (error) {
    if (error instanceof UrlParseError) return false;
    throw error;
  }
}

type Encoding = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

function isAlphanumeric(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** shouldEscape: whether byte `c` must be %-escaped in the given part (RFC 3986, with Go's exceptions). */
function shouldEscape(c: number, mode: Encoding): boolean {
  if (isAlphanumeric(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'path') return ch === '?';
    if (mode === 'userPassword') return ch === '@' || ch === '/' || ch === '?' || ch === ':';
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** unescape: %XX decoded, with Go's checks (bad escapes; in a host, escaped ASCII and characters a host cannot hold). */
function unescape(s: string, mode: Encoding, url: string): string {
  let escapes = 0;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (s[i] === '%') {
      escapes++;
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) throw new UrlParseError(`invalid URL escape ${quote(s.slice(i, i + 3))}`, url);
      const triple = s.slice(i, i + 3);
      const byte = parseInt(s.slice(i + 1, i + 3), 16);
      // A host %-encodes non-ASCII bytes only, but %25 (RFC 6874); a zone may escape what a host could hold, or a space.
      if (mode === 'host' && byte < 0x80 && triple !== '%25') throw new UrlParseError(`invalid URL escape ${quote(triple)}`, url);
      if (mode === 'zone' && triple !== '%25' && byte !== 0x20 && shouldEscape(byte, 'host')) throw new UrlParseError(`invalid URL escape ${quote(triple)}`, url);
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) throw new UrlParseError(`invalid character ${quote(s[i]!)} in host name`, url);
      i++;
    }
  }
  return escapes === 0 ? s : decodePercent(s);
}

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** %XX sequences to their bytes, read as UTF-8 with the rest of the text. */
function decodePercent(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length;) {
    if (s[i] === '%') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      // A whole code point: a character outside the BMP is two UTF-16 units.
      const character = String.fromCodePoint(s.codePointAt(i)!);
      bytes.push(...encoder.encode(character));
      i += character.length;
    }
  }
  return utf8.decode(new Uint8Array(bytes));
}

/** escape: every byte of the UTF-8 text that shouldEscape names, as %XX (upper-case hex). */
function escape(s: string, mode: Encoding): string {
  let out = '';
  for (const byte of encoder.encode(s)) {
    out += shouldEscape(byte, mode) ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** validEncoded (path mode): no byte that needs escaping, RFC 3986's sub-delims, `:`, `@`, `[`, `]` and `%` allowed. */
function validEncoded(s: string): boolean {
  for (const byte of encoder.encode(s)) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(byte))) continue;
    if (shouldEscape(byte, 'path')) return false;
  }
  return true;
}

/** strconv.Quote of the ASCII texts these errors name. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** getScheme: `scheme:` when the text starts with one; a leading `:` is an error. */
function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || raw[i] === '+' || raw[i] === '-' || raw[i] === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (raw[i] === ':') {
      if (i === 0) throw new UrlParseError('missing protocol scheme', raw);
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function emptyUrl(): GoUrl {
  return {scheme: '', opaque: '', host: '', path: '', rawPath: '', forceQuery: false, rawQuery: '', fragment: '', rawFragment: ''};
}

/** parse: the shared body of Parse (viaRequest false) and ParseRequestURI (true). */
function parse(raw: string, viaRequest: boolean): GoUrl {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlParseError('net/url: invalid control character in URL', raw);
  if (raw === '' && viaRequest) throw new UrlParseError('empty url', raw);
  const url = emptyUrl();
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  const [scheme, afterScheme] = getScheme(raw);
  url.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  const question = rest.indexOf('?');
  if (question === rest.length - 1 && question >= 0) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else if (question >= 0) {
    url.rawQuery = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      // A rootless path after a scheme is opaque (RFC 3986).
      url.opaque = rest;
      return url;
    }
    if (viaRequest) throw new UrlParseError('invalid URI for request', raw);
    // A relative reference's first segment cannot hold a colon: it would read as a scheme.
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) throw new UrlParseError('first path segment in URL cannot contain colon', raw);
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    parseAuthority(authority, url, raw);
  }
  const path = unescape(rest, 'path', raw);
  url.path = path;
  url.rawPath = escape(path, 'path') === rest ? '' : rest;
  return url;
}

/** parseAuthority: `userinfo@host`, split at the last `@`; the host first, then the userinfo. */
function parseAuthority(authority: string, url: GoUrl, raw: string): void {
  const at = authority.lastIndexOf('@');
  url.host = parseHost(at < 0 ? authority : authority.slice(at + 1), raw);
  if (at < 0) return;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlParseError('net/url: invalid userinfo', raw);
  const colon = userinfo.indexOf(':');
  url.user = colon < 0
    ? {username: unescape(userinfo, 'userPassword', raw)}
    : {username: unescape(userinfo.slice(0, colon), 'userPassword', raw), password: unescape(userinfo.slice(colon + 1), 'userPassword', raw)};
}

/** validOptionalPort: empty, or `:` and digits. */
const validOptionalPort = (port: string): boolean => /^(:[0-9]*)?$/.test(port);

/** parseHost: `host[:port]`, or a bracketed IPv6 literal (a zone after `%25`) and an optional port; unescaped. */
function parseHost(host: string, raw: string): string {
  const open = host.lastIndexOf('[');
  if (open !== -1) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new UrlParseError("missing ']' in host", raw);
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new UrlParseError(`invalid port ${quote(colonPort)} after host`, raw);
    const unescapedColonPort = unescape(colonPort, 'host', raw);
    // A `]` before the last `[` leaves a port holding `[`, refused above.
    const hostname = host.slice(open + 1, close);
    const zone = hostname.indexOf('%25');
    const unescaped = zone >= 0
      ? unescape(hostname.slice(0, zone), 'host', raw) + unescape(hostname.slice(zone), 'zone', raw)
      : unescape(hostname, 'host', raw);
    // Only an IPv6 address may be bracketed (RFC 3986), never IPv4 or a name.
    const family = parseAddrFamily(unescaped);
    if (typeof family === 'string') throw new UrlParseError(`invalid host: ${family}`, raw);
    if (family === 4) throw new UrlParseError('invalid IP-literal', raw);
    return `[${unescaped}]${unescapedColonPort}`;
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && !validOptionalPort(host.slice(colon))) throw new UrlParseError(`invalid port ${quote(host.slice(colon))} after host`, raw);
  return unescape(host, 'host', raw);
}

/** splitHostPort: the host without a valid `:port`, brackets removed; and the port's digits. */
function splitHostPort(host: string): {hostname: string; port: string} {
  let name = host;
  let port = '';
  const colon = name.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(name.slice(colon))) {
    port = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  return {hostname: name, port};
}
