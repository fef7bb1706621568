/**
 * IP networks as Linkerd's policy reads them: a NetworkAuthentication's or ServerAuthorization's
 * `cidr` with its `except` list (policy-controller/core/src/network_match.rs NetworkMatch), and
 * the proxy's test of a client address (linkerd2-proxy server-policy authz/network.rs: in `net`
 * and in none of `except`). IPv4 and IPv6; a bare address is a /32 or /128.
 */

export interface IpNet {
  /** The address as bytes (4 or 16). */
  bytes: number[];
  prefix: number;
  text: string;
}

export interface NetworkMatch {
  net: IpNet;
  except: IpNet[];
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  let head = text;
  // A trailing dotted quad (::ffff:10.0.0.1) is the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    head = `${text.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out = part.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
    return out.every((g) => !Number.isNaN(g)) ? out : undefined;
  };
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...left, ...Array<number>(missing).fill(0), ...right].flatMap((g) => [g >> 8, g & 0xff]);
}

/** An address's bytes, or undefined when it is no IPv4 or IPv6 address. */
export function parseAddress(text: string): number[] | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** `a.b.c.d/n`, `x::/n`, or a bare address; undefined when malformed. */
export function parseNet(text: string): IpNet | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const bytes = parseAddress(address);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const prefixText = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= max ? {bytes, prefix, text} : undefined;
}

export function netContains(net: IpNet, address: number[]): boolean {
  if (net.bytes.length !== address.length) return false;
  for (let bit = 0; bit < net.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((net.bytes[byte]! & mask) !== (address[byte]! & mask)) return false;
  }
  return true;
}

/** linkerd2-proxy authz/network.rs Network::contains: in the net, in none of its exceptions. */
export function networkMatches(match: NetworkMatch, address: number[]): boolean {
  return netContains(match.net, address) && !match.except.some((e) => netContains(e, address));
}

export function formatNetworkMatch(match: NetworkMatch): string {
  return match.except.length ? `${match.net.text} except ${match.except.map((e) => e.text).join(', ')}` : match.net.text;
}
