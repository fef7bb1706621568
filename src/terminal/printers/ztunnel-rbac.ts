/**
 * Whether ztunnel 1.30.3 admits a connection to a workload, from the policies of its config dump
 * (./ztunnel-policies.ts): src/state.rs ProxyState::assert_rbac over src/rbac.rs Authorization::matches.
 *
 * - The policies checked are the Namespace-scoped ones of the workload's namespace, the Global ones
 *   (state/policy.rs by_namespace) and those the workload lists (`authorizationPolicies`).
 * - A matching DENY refuses; else, with ALLOW policies, one of them must match.
 * - The connection's source is the client's address, its destination the pod's address and application
 *   port (inbound.rs swaps 15008 for it). Its identity is the peer's certificate's over HBONE
 *   (`spiffe://TD/ns/NS/sa/SA`), none in plaintext (inbound_passthrough.rs: `src_identity: None`), where
 *   principal and namespace are empty strings: a principal never matches (matches_principal wants
 *   `spiffe://`), nor does a service account.
 */
import {cidrContains, parseCidr, type Cidr} from '../../engine/families/linkerd/admission/cidr';
import type {ZtunnelWorkload} from './ztunnel-dump';
import type {PolicyMatch, StringMatch, ZtunnelPolicy} from './ztunnel-policies';

/** A workload identity (identity.rs Identity::Spiffe). */
export interface PeerIdentity {
  trustDomain: string;
  namespace: string;
  serviceAccount: string;
}

export interface RbacConnection {
  srcIp: string;
  dstIp: string;
  dstPort: number;
  /** Undefined for plaintext. */
  identity?: PeerIdentity;
}

/** Why ztunnel refuses a connection: a DENY policy that matches it, or the ALLOW policies none of which does. */
export type Refusal = {deniedBy: ZtunnelPolicy} | {allowPolicies: ZtunnelPolicy[]};

/** rbac.rs StringMatch::matches. */
function stringMatches(match: StringMatch, value: string): boolean {
  if ('Exact' in match) return value === match.Exact;
  if ('Prefix' in match) return value.startsWith(match.Prefix);
  if ('Suffix' in match) return value.endsWith(match.Suffix);
  return value !== '';
}

/** rbac.rs matches_internal: any positive entry (when there are some), and no negative one. */
function either<T>(positive: readonly T[] | undefined, negative: readonly T[] | undefined, test: (entry: T) => boolean): boolean {
  return (!positive?.length || positive.some(test)) && !negative?.some(test);
}

/**
 * ipnet's IpNet::contains for the dump's `ip/length` (host bits ignored); an address of the other family
 * is outside, an IPv4-mapped IPv6 network included (ztunnel-policies.ts ipNets writes both families).
 */
function inNet(net: string, address: Cidr | undefined): boolean {
  const parsed = parseCidr(net);
  return parsed !== undefined && address !== undefined && cidrContains(parsed, address);
}

const isEmpty = (m: PolicyMatch): boolean => !Object.values(m).some((v) => Array.isArray(v) && v.length > 0);

/** rbac.rs Authorization::matches. */
export function policyMatches(policy: ZtunnelPolicy, conn: RbacConnection): boolean {
  const src = parseCidr(conn.srcIp);
  const dst = parseCidr(conn.dstIp);
  const {identity} = conn;
  // Identity's Display, without its scheme: matches_principal strips `spiffe://` and fails without it.
  const principal = identity && `${identity.trustDomain}/ns/${identity.namespace}/sa/${identity.serviceAccount}`;
  // An empty match matches nothing; an empty clause (no match at all) holds.
  const matches = (m: PolicyMatch): boolean => !isEmpty(m)
    && either(m.destinationIps, m.notDestinationIps, (net) => inNet(net, dst))
    && either(m.sourceIps, m.notSourceIps, (net) => inNet(net, src))
    && either(m.destinationPorts, m.notDestinationPorts, (p) => p === conn.dstPort)
    && either(m.serviceAccounts, m.notServiceAccounts, (sa) => sa.namespace === identity?.namespace && sa.serviceAccount === identity.serviceAccount)
    && either(m.principals, m.notPrincipals, (p) => principal !== undefined && stringMatches(p, principal))
    && either(m.namespaces, m.notNamespaces, (n) => stringMatches(n, identity?.namespace ?? ''));
  return policy.rules.some((rule) => rule.every((clause) => clause.length === 0 || clause.some(matches)));
}

/** assert_rbac for a connection to `workload`: undefined when ztunnel admits it. */
export function rbacRefusal(workload: ZtunnelWorkload, conn: RbacConnection, policies: readonly ZtunnelPolicy[]): Refusal | undefined {
  const applies = (p: ZtunnelPolicy): boolean => p.scope === 'Global'
    || (p.scope === 'Namespace' && p.namespace === workload.namespace)
    || workload.authorizationPolicies.includes(`${p.namespace}/${p.name}`);
  const applicable = policies.filter(applies);
  const deniedBy = applicable.find((p) => p.action === 'Deny' && policyMatches(p, conn));
  if (deniedBy) return {deniedBy};
  const allowPolicies = applicable.filter((p) => p.action === 'Allow');
  return allowPolicies.length === 0 || allowPolicies.some((p) => policyMatches(p, conn)) ? undefined : {allowPolicies};
}
