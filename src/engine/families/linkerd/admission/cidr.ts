/**
 * Linkerd's `Cidr` (policy-controller/k8s/api/src/policy/network.rs): a string read first as an
 * `ipnet::IpNet` (`addr/prefix`, host bits allowed and kept), else as a `std::net::IpAddr`, as
 * Rust parses them: IPv4 as exactly four decimal octets without leading zeros; IPv6 as hex
 * groups of 1 to 4 digits with at most one `::` standing for at least one group, an embedded
 * IPv4 address only at the end, no zone; a prefix of at most 2 (IPv4, ≤ 32) or 3 (IPv6, ≤ 128)
 * decimal digits. `contains` and `Display` are ipnet's and std's.
 */

export interface Cidr {
  v6: boolean;
  /** The address as written. */
  addr: bigint;
  /** The prefix length; undefined for a plain address (`Cidr::Addr`). */
  prefix?: number;
}

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;

export function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Reads up to `limit` groups (an IPv4 tail counts two), as core::net::parser's read_groups. */
function readGroups(parts: string[], limit: number): {groups: number[]; ipv4: boolean} | undefined {
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === parts.length - 1 && part.includes('.') && groups.length + 2 <= limit) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      return {groups, ipv4: true};
    }
    if (!HEX_GROUP.test(part) || groups.length >= limit) return undefined;
    groups.push(parseInt(part, 16));
  }
  return {groups, ipv4: false};
}

export function parseIpv6(s: string): bigint | undefined {
  let groups: number[];
  const gap = s.indexOf('::');
  if (gap < 0) {
    const head = readGroups(s.split(':'), 8);
    if (!head || head.groups.length !== 8) return undefined;
    groups = head.groups;
  } else {
    const headText = s.slice(0, gap);
    const tailText = s.slice(gap + 2);
    const head = headText === '' ? {groups: [], ipv4: false} : readGroups(headText.split(':'), 8);
    // An IPv4 part may not come before `::`; `::` stands for one group at least.
    if (!head || head.ipv4 || head.groups.length > 7) return undefined;
    const limit = 8 - (head.groups.length + 1);
    const tail = tailText === '' ? {groups: [], ipv4: false} : readGroups(tailText.split(':'), limit);
    if (!tail) return undefined;
    groups = [...head.groups, ...Array<number>(8 - head.groups.length - tail.groups.length).fill(0), ...tail.groups];
  }
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

function parsePrefix(s: string, digits: number, max: number): number | undefined {
  if (!new RegExp(`^[0-9]{1,${digits}}$`).test(s)) return undefined;
  const prefix = Number(s);
  return prefix <= max ? prefix : undefined;
}

/** `Cidr::from_str`: an IpNet first, then an IpAddr; undefined when neither parses. */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const [addrText, prefixText] = [s.slice(0, slash), s.slice(slash + 1)];
    const v4 = parseIpv4(addrText);
    if (v4 !== undefined) {
      const prefix = parsePrefix(prefixText, 2, 32);
      return prefix === undefined ? undefined : {v6: false, addr: v4, prefix};
    }
    const v6 = parseIpv6(addrText);
    if (v6 === undefined) return undefined;
    const prefix = parsePrefix(prefixText, 3, 128);
    return prefix === undefined ? undefined : {v6: true, addr: v6, prefix};
  }
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return {v6: false, addr: v4};
  const v6 = parseIpv6(s);
  return v6 === undefined ? undefined : {v6: true, addr: v6};
}

/** The network's first and last addresses (a plain address is its own /32 or /128). */
function range(cidr: Cidr): [bigint, bigint] {
  const bits = cidr.v6 ? 128 : 32;
  const prefix = cidr.prefix ?? bits;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const network = cidr.addr & ~hostMask & ((1n << BigInt(bits)) - 1n);
  return [network, network | hostMask];
}

/** network.rs Cidr::contains (ipnet's Contains: same family, other's range inside this one's). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.v6 !== inner.v6) return false;
  if (outer.prefix === undefined && inner.prefix === undefined) return outer.addr === inner.addr;
  const [outerStart, outerEnd] = range(outer);
  if (inner.prefix === undefined) return outerStart <= inner.addr && inner.addr <= outerEnd;
  const [innerStart, innerEnd] = range(inner);
  return outerStart <= innerStart && innerEnd <= outerEnd;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** std's Ipv6Addr Display: `::ffff:a.b.c.d` for a mapped address, else the longest run of two or more zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups = Array.from({length: 8}, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${formatIpv4(value & 0xffffffffn)}`;
  let [bestStart, bestLength] = [-1, 0];
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestLength < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** network.rs `impl Display for Cidr`. */
export function formatCidr(cidr: Cidr): string {
  const addr = cidr.v6 ? formatIpv6(cidr.addr) : formatIpv4(cidr.addr);
  return cidr.prefix === undefined ? addr : `${addr}/${cidr.prefix}`;
}
