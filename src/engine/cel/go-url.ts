/**
 * The slice of Go's net/url that the Kubernetes CEL URL library relies on: `isURL(s)` and
 * `url(s)` accept exactly what url.ParseRequestURI accepts (an absolute URL or an absolute
 * path; a `#` is no fragment marker there, just a character of the host, userinfo or path
 * that those parts may or may not hold), and `getScheme()` etc. read the parts it finds.
 */
import {isIpAddress} from '../istio/hosts';

export interface ParsedUrl {
  scheme: string;
  host: string;
  hostname: string;
  port: string;
  path: string;
  rawQuery: string;
  opaque: string;
}

export class UrlParseError extends Error {}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

function hasControlOrSpaceIssue(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Splits "scheme:rest" the way Go's getScheme does; a leading ':' is an error. */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlParseError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

type Escaping = 'host' | 'zone' | 'userinfo' | 'path';

const HEX = /^[0-9A-Fa-f]$/;

/** Go's shouldEscape for the host and zone modes, the only ones whose unescape rejects bare characters. */
function hostNeedsEscape(c: string): boolean {
  if (/[A-Za-z0-9]/.test(c)) return false;
  return !"!$&'()*+,;=:[]<>\"-_.~".includes(c);
}

/** Go's url.unescape as a check: bad `%` escapes, and in hosts, ASCII that needs escaping. Returns the decoded text. */
function unescape(s: string, mode: Escaping): string {
  let out = '';
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !HEX.test(s[i + 1]!) || !HEX.test(s[i + 2]!)) throw new UrlParseError(`invalid URL escape "${s.slice(i, i + 3)}"`);
      const escape = s.slice(i, i + 3);
      const byte = parseInt(s.slice(i + 1, i + 3), 16);
      // In a host, %-encoding is for non-ASCII bytes only, and %25 for an IPv6 zone (RFC 6874).
      if (mode === 'host' && byte < 0x80 && escape !== '%25') throw new UrlParseError(`invalid URL escape "${escape}"`);
      if (mode === 'zone' && escape !== '%25' && byte !== 0x20 && byte < 0x80 && hostNeedsEscape(String.fromCharCode(byte))) {
        throw new UrlParseError(`invalid URL escape "${escape}"`);
      }
      out += String.fromCharCode(byte);
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && hostNeedsEscape(c)) throw new UrlParseError(`invalid character "${c}" in host name`);
    out += c;
    i++;
  }
  return out;
}

/** RFC 3986 userinfo, plus `@` (Go's validUserinfo); %-escapes are checked by unescape. */
const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

const validOptionalPort = (port: string): boolean => port === '' || /^:[0-9]*$/.test(port);

/** netip.ParseAddr accepting an IPv6 address (with an optional non-empty zone), not an IPv4 one. */
function isIpv6Literal(text: string): boolean {
  const zoneAt = text.indexOf('%');
  if (zoneAt === text.length - 1) return false;
  const address = zoneAt >= 0 ? text.slice(0, zoneAt) : text;
  return address.includes(':') && isIpAddress(address);
}

/** Go's parseHost (with the bracketed-host checks of Go 1.24.8/1.25.2): the host as written, or UrlParseError. */
function parseHost(host: string): void {
  const open = host.lastIndexOf('[');
  if (open !== -1) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new UrlParseError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new UrlParseError(`invalid port ${JSON.stringify(colonPort)} after host`);
    const hostname = host.slice(open + 1, Math.max(open + 1, close));
    const zone = hostname.indexOf('%25');
    const unescaped = zone >= 0 ? unescape(hostname.slice(0, zone), 'host') + unescape(hostname.slice(zone), 'zone') : unescape(hostname, 'host');
    if (!isIpv6Literal(unescaped)) throw new UrlParseError(`invalid host "${unescaped}"`);
    return;
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && !validOptionalPort(host.slice(colon))) throw new UrlParseError(`invalid port ${JSON.stringify(host.slice(colon))} after host`);
  unescape(host, 'host');
}

/** Go's parseAuthority: `userinfo@host`, split at the last `@`. */
function parseAuthority(authority: string): {host: string; hostname: string; port: string} {
  const at = authority.lastIndexOf('@');
  const host = authority.slice(at + 1);
  parseHost(host);
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!USERINFO.test(userinfo)) throw new UrlParseError('net/url: invalid userinfo');
    unescape(userinfo, 'userinfo');
  }
  return {host, ...splitHostPort(host)};
}

/** URL.Hostname() and URL.Port(): the host without brackets, and the digits after its last `:`. */
function splitHostPort(host: string): {hostname: string; port: string} {
  const colon = host.lastIndexOf(':');
  const close = host.lastIndexOf(']');
  const hasPort = colon !== -1 && colon > close;
  const name = hasPort ? host.slice(0, colon) : host;
  return {hostname: name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name, port: hasPort ? host.slice(colon + 1) : ''};
}

/** Go's url.ParseRequestURI (followed by url.Parse for the parts); throws UrlParseError. */
export function parseRequestUri(raw: string): ParsedUrl {
  if (hasControlOrSpaceIssue(raw)) throw new UrlParseError('invalid control character in URL');
  if (raw === '') throw new UrlParseError('empty url');
  if (raw === '*') return {scheme: '', host: '', hostname: '', port: '', path: '*', rawQuery: '', opaque: ''};
  const [scheme, afterScheme] = splitScheme(raw);
  let rest = afterScheme;
  let rawQuery = '';
  const queryAt = rest.indexOf('?');
  if (queryAt >= 0) {
    rawQuery = rest.slice(queryAt + 1);
    rest = rest.slice(0, queryAt);
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return {scheme: scheme.toLowerCase(), host: '', hostname: '', port: '', path: '', rawQuery, opaque: rest};
    throw new UrlParseError('invalid URI for request');
  }
  let authority = {host: '', hostname: '', port: ''};
  let path = rest;
  if (scheme !== '' && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const rawAuthority = end >= 0 ? rest.slice(2, end) : rest.slice(2);
    path = end >= 0 ? rest.slice(end) : '';
    authority = parseAuthority(rawAuthority);
  }
  unescape(path, 'path');
  return {scheme: scheme.toLowerCase(), ...authority, path, rawQuery, opaque: ''};
}

export function isRequestUri(raw: string): boolean {
  try {
    parseRequestUri(raw);
    return true;
  } catch {
    return false;
  }
}
