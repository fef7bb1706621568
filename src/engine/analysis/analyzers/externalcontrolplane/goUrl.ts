/**
 * Go 1.25's url.Parse as far as the external control plane analyzer needs it: whether a webhook
 * URL parses, and its Hostname(). The failures are Go's: control characters, a leading ':'
 * (missing scheme), a colon in a scheme-less first segment, bad %-escapes, a bad port, a bad
 * bracketed host (which must be an IPv6 address since Go 1.25.2), characters a host cannot hold,
 * and bad userinfo.
 */
import {parseAddrFamily} from '../annotations/goParse';

/** The URL's Hostname(), or undefined when url.Parse returns an error. */
export function goUrlHostname(rawUrl: string): string | undefined {
  const hash = rawUrl.indexOf('#');
  const url = hash < 0 ? rawUrl : rawUrl.slice(0, hash);
  const fragment = hash < 0 ? '' : rawUrl.slice(hash + 1);
  const host = parseWithoutFragment(url);
  if (host === undefined || !validEscapes(fragment)) return undefined;
  return hostname(host);
}

/** The URL's host (possibly empty), or undefined on an error. */
function parseWithoutFragment(raw: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return undefined;
  if (raw === '*') return '';
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(raw);
  if (raw.startsWith(':')) return undefined;
  let rest = scheme ? raw.slice(scheme[0].length) : raw;
  const hasScheme = scheme !== null;
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  if (!rest.startsWith('/')) {
    if (hasScheme) return ''; // opaque
    if (rest.split('/')[0]!.includes(':')) return undefined;
  }
  let host = '';
  if ((hasScheme || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const parsed = parseAuthority(authority);
    if (parsed === undefined) return undefined;
    host = parsed;
  }
  return validEscapes(rest) ? host : undefined;
}

function parseAuthority(authority: string): string | undefined {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (host === undefined || at < 0) return host;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return undefined;
  return validEscapes(userinfo) ? host : undefined;
}

function parseHost(host: string): string | undefined {
  const open = host.lastIndexOf('[');
  if (open !== -1) {
    const close = host.lastIndexOf(']');
    if (close < 0) return undefined;
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort) || !validHostEscapes(colonPort, 'host')) return undefined;
    const name = host.slice(open + 1, close);
    const zone = name.indexOf('%25');
    const unescaped = zone >= 0
      ? validHostEscapes(name.slice(0, zone), 'host') && validHostEscapes(name.slice(zone), 'zone') ? unescape(name.slice(0, zone)) + unescape(name.slice(zone)) : undefined
      : validHostEscapes(name, 'host') ? unescape(name) : undefined;
    if (unescaped === undefined || parseAddrFamily(unescaped) !== 6) return undefined;
    return `[${unescaped}]${colonPort}`;
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && !validOptionalPort(host.slice(colon))) return undefined;
  return validHostEscapes(host, 'host') ? unescape(host) : undefined;
}

/** validOptionalPort: empty, or ':' and digits. */
const validOptionalPort = (port: string) => /^(:[0-9]*)?$/.test(port);

/** unescape's check of %-escapes: '%' and two hex digits. */
function validEscapes(s: string): boolean {
  return !/%(?![0-9a-fA-F]{2})/.test(s);
}

/** Characters a host (or zone) may hold unescaped (shouldEscape's encodeHost cases); non-ASCII passes. */
const HOST_CHARACTER = /[A-Za-z0-9!$&'()*+,;=:[\]<>"\-_.~]/;

/** unescape in encodeHost/encodeZone mode: valid escapes, only non-ASCII escaped in a host, and no character a host cannot hold. */
function validHostEscapes(s: string, mode: 'host' | 'zone'): boolean {
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) return false;
      const triple = s.slice(i, i + 3);
      const byte = parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === 'host' && byte < 0x80 && triple !== '%25') return false;
      if (mode === 'zone' && triple !== '%25' && byte !== 0x20 && (byte >= 0x80 || !HOST_CHARACTER.test(String.fromCharCode(byte)))) return false;
      i += 3;
    } else {
      if (c.charCodeAt(0) < 0x80 && !HOST_CHARACTER.test(c)) return false;
      i++;
    }
  }
  return true;
}

/** %XX to its character (the bytes this analyzer compares are ASCII or kept as they are). */
function unescape(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** URL.Hostname (splitHostPort): the host without its port and brackets. */
function hostname(host: string): string {
  let name = host;
  const colon = name.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(name.slice(colon))) name = name.slice(0, colon);
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  return name;
}
