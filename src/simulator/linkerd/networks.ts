/**
 * IP networks as Linkerd's policy reads them: a NetworkAuthentication's or ServerAuthorization's
 * `cidr` with its `except` list (policy-controller/core/src/network_match.rs NetworkMatch), and
 * the proxy's test of a client address (linkerd2-proxy server-policy authz/network.rs: in `net`
 * and in none of `except`). IPv4 and IPv6; a bare address is a /32 or /128. Text is read by the
 * engine's reader of Linkerd's Cidr (`../../engine/families/linkerd/admission/cidr.ts`, Rust's
 * IpNet and IpAddr), the one the admission webhook's checks use.
 */
import {parseCidr, parseIpv4, parseIpv6} from '../../engine/families/linkerd/admission/cidr';

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

/** A parsed address as bytes (4 or 16), most significant first. */
function bytesOf(value: bigint, v6: boolean): number[] {
  const length = v6 ? 16 : 4;
  return Array.from({length}, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));
}

/** An address's bytes, or undefined when it is no IPv4 or IPv6 address (read as Rust's IpAddr reads it). */
export function parseAddress(text: string): number[] | undefined {
  const v6 = text.includes(':');
  const value = v6 ? parseIpv6(text) : parseIpv4(text);
  return value === undefined ? undefined : bytesOf(value, v6);
}

/** `a.b.c.d/n`, `x::/n`, or a bare address (its own /32 or /128); undefined when malformed. */
export function parseNet(text: string): IpNet | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  return {bytes: bytesOf(cidr.addr, cidr.v6), prefix: cidr.prefix ?? (cidr.v6 ? 128 : 32), text};
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
