/**
 * The slice of Go's net/url that the Kubernetes CEL URL library relies on: `isURL(s)` and
 * `url(s)` accept exactly what url.ParseRequestURI accepts (an absolute URL or an absolute
 * path, no fragment), and `getScheme()` etc. read the parts url.Parse finds.
 */

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

function validEscapes(s: string): boolean {
  return !/%(?![0-9A-Fa-f]{2})/.test(s);
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

function parseAuthority(authority: string): {host: string; hostname: string; port: string} {
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? authority.slice(at + 1) : authority;
  let hostname = host;
  let port = '';
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) throw new UrlParseError('missing \']\' in host');
    hostname = host.slice(1, close);
    const rest = host.slice(close + 1);
    if (rest !== '' && !/^:\d*$/.test(rest)) throw new UrlParseError(`invalid port "${rest}" after host`);
    port = rest.slice(1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      port = host.slice(colon + 1);
      hostname = host.slice(0, colon);
      if (!/^\d*$/.test(port)) throw new UrlParseError(`invalid port ":${port}" after host`);
    }
    if (/[\s"<>\\^`{|}]/.test(hostname)) throw new UrlParseError(`invalid character in host name`);
  }
  return {host, hostname, port};
}

/** Go's url.ParseRequestURI (followed by url.Parse for the parts); throws UrlParseError. */
export function parseRequestUri(raw: string): ParsedUrl {
  if (hasControlOrSpaceIssue(raw)) throw new UrlParseError('invalid control character in URL');
  if (raw === '') throw new UrlParseError('empty url');
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
  if (!validEscapes(path)) throw new UrlParseError('invalid URL escape');
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
