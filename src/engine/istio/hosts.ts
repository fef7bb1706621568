/**
 * Host and name syntax as Istio checks it (pkg/config/labels, validation/agent).
 * Istio's DNS-1123 label allows upper case, unlike Kubernetes'.
 */
import {memoizedVerdict, type VerdictMemo} from './verdict-memo';

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

export const isIstioDns1123Label = (value: string): boolean => value.length <= 63 && DNS1123_LABEL.test(value);
const isWildcardLabel = (value: string): boolean => value.length <= 63 && WILDCARD_LABEL.test(value);

function preconditions(name: string): string | undefined {
  if (name.length > 255) return `domain name ${JSON.stringify(name)} too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function dns1123Labels(domain: string): string | undefined {
  const parts = domain.split('.');
  const topLevel = parts[parts.length - 1]!;
  if (/^[+-]?[0-9]+$/.test(topLevel)) return `domain name ${JSON.stringify(domain)} invalid (top level domain ${JSON.stringify(topLevel)} cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i]!;
    if (i === parts.length - 1 && label === '') return undefined; // trailing dot, as in `istio.io.`
    if (!isIstioDns1123Label(label)) return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(label)} invalid)`;
  }
  return undefined;
}

/** Verdicts on host names, which repeat across a manifest (every route to `reviews` checks it again). */
const wildcardVerdicts: VerdictMemo = new Map();
const fqdnVerdicts: VerdictMemo = new Map();

/** agent.ValidateWildcardDomain: an FQDN or short name whose first label may be a wildcard. */
export function wildcardDomainError(domain: string): string | undefined {
  return memoizedVerdict(wildcardVerdicts, domain, checkWildcardDomain);
}

function checkWildcardDomain(domain: string): string | undefined {
  const pre = preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot === -1 ? domain : domain.slice(0, dot);
  if (!isWildcardLabel(first)) return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
  return dot === -1 ? undefined : dns1123Labels(domain.slice(dot + 1));
}

/**
 * agent.ValidateWildcardDomainForVirtualServiceBoundToGateway: with SNI, `outbound_.<PORT>_._.<HOSTNAME>`
 * (the names AUTO_PASSTHROUGH gateways route on) is accepted when the port has a digit and the host a letter.
 */
export function gatewayBoundDomainError(sni: boolean, domain: string): string | undefined {
  const pre = preconditions(domain);
  if (pre) return pre;
  if (!sni || !domain.startsWith('outbound_')) return wildcardDomainError(domain);
  const format = 'outbound_.<PORT>_._.<HOSTNAME>';
  const parts = domain.split('_');
  if (parts.length < 4) return `domain name ${domain} invalid, should follow '${format}' format`;
  const trimDots = (text: string) => text.replace(/^\.+|\.+$/g, '');
  const port = trimDots(parts[1]!);
  const hostname = trimDots(parts[3]!);
  if (!/[0-9]/.test(port)) return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(port)} invalid). should follow ${format} format`;
  if (!/[a-zA-Z]/.test(hostname)) return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(hostname)} invalid). should follow ${format} format`;
  return undefined;
}

export function fqdnError(fqdn: string): string | undefined {
  return memoizedVerdict(fqdnVerdicts, fqdn, checkFqdn);
}

function checkFqdn(fqdn: string): string | undefined {
  return preconditions(fqdn) ?? dns1123Labels(fqdn);
}

export function partialWildcardError(host: string): string | undefined {
  return host.includes('*') && host.length !== 1 && !host.startsWith('*.') ? `partial wildcard ${JSON.stringify(host)} not allowed` : undefined;
}

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

export function isIpAddress(value: string): boolean {
  if (IPV4.test(value)) return true;
  return isIpv6(value);
}

function isIpv6(value: string): boolean {
  const zoneless = value.split('%')[0]!;
  if (!/^[0-9a-fA-F:.]+$/.test(zoneless) || !zoneless.includes(':')) return false;
  const doubleColon = zoneless.split('::');
  if (doubleColon.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(doubleColon[0]!);
  const tail = doubleColon.length === 2 ? groups(doubleColon[1]!) : [];
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last && last.includes('.')) {
    if (!IPV4.test(last)) return false;
    count += 1;
    all.pop();
  }
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return doubleColon.length === 2 ? count < 8 : count === 8;
}

export function ipSubnetError(subnet: string): string | undefined {
  if ((subnet.match(/\//g) ?? []).length === 1) {
    const [address, bits] = subnet.split('/') as [string, string];
    const max = IPV4.test(address) ? 32 : isIpv6(address) ? 128 : -1;
    if (max < 0 || !/^[0-9]+$/.test(bits) || Number(bits) > max) return `${subnet} is not a valid CIDR block`;
    return undefined;
  }
  return isIpAddress(subnet) ? undefined : `${subnet} is not a valid IP`;
}

/**
 * labels.Instance.Validate (pkg/config/labels/instance.go): keys match tagRegexp, an optional DNS prefix
 * (Istio's labels, upper case allowed) and a qualified name; values only need the qualified-name
 * characters, with no length limit. Go words a bad value "invalid tag value".
 */
const DNS_LABEL_FMT = '[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?';
const TAG_KEY = new RegExp(`^(${DNS_LABEL_FMT}(?:\\.${DNS_LABEL_FMT})*/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$`);
const LABEL_VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function istioLabelErrors(labels: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const match = TAG_KEY.exec(key);
    if (!match) errors.push(`invalid tag key: ${JSON.stringify(key)}`);
    else if (match[1] && match[1].length - 1 > 253) errors.push(`invalid tag key: ${JSON.stringify(key)} (DNS prefix is too long)`);
    else if (match[2]!.length > 63) errors.push(`invalid tag key: ${JSON.stringify(key)} (name is too long)`);
    if (typeof value === 'string' && !LABEL_VALUE.test(value)) errors.push(`invalid tag value: ${JSON.stringify(value)}`);
  }
  return errors;
}

/** Host matching is the cluster model's (one matcher for the rules, analysis and the simulator). */
export {hostsOverlap, hostSubsetOf} from '../model/hosts';
