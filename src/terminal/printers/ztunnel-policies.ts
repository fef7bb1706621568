/**
 * The authorization policies istiod 1.30.3 sends ztunnel, as ztunnel keeps them (its config dump's
 * `policies`), derived from a session's model:
 * - pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy and handleRule: an
 *   AuthorizationPolicy without targetRefs, ALLOW or DENY, not dry-run (AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY
 *   is off by default), its rules' L4 parts as groups of rules of matches;
 * - policies.go PolicyCollections: each PeerAuthentication with a selector and portLevelMtls outside the
 *   root namespace as convertPeerAuthentication merges it with the oldest namespace and mesh policies
 *   (`converted_peer_authentication_NAME`, model.GetAmbientPolicyConfigName), and, once any PeerAuthentication
 *   exists, the static `istio_converted_static_strict` DENY in the root namespace. The implicit
 *   `istio_allow_waypoint_*` policies need PILOT_AUTO_ALLOW_WAYPOINT_POLICY, off by default: none.
 * - the names a workload's `authorizationPolicies` lists (workloads.go buildWorkloadPolicies and
 *   convertedSelectorPeerAuthentications).
 * Rules are ztunnel's `rbac.rs` Authorization.rules (groups, then rules, then matches) with RbacMatch's
 * fields; istioctl re-reads them into configdump/api.go's PolicyMatch.
 */
import {composePeerAuthentication, type MtlsMode} from '../../engine/model/peer-authentication';
import {formatCidr, parseIpv6} from '../../engine/families/linkerd/admission/cidr';
import {byteOrder} from './jsonpath';
import {field, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {reading} from './peer-authentication';
import {rootNamespaceOf} from './root-namespace';
import {isGoTrue} from '../../engine/go/strconv-bool';

/** rbac.rs StringMatch as serde writes it (`Presence()` is a tuple variant with no fields: an empty array). */
export type StringMatch = {Exact: string} | {Prefix: string} | {Suffix: string} | {Presence: []};

export interface ServiceAccountMatch {
  namespace: string;
  serviceAccount: string;
}

/** rbac.rs RbacMatch: empty lists are not serialized. */
export interface PolicyMatch {
  namespaces?: StringMatch[];
  notNamespaces?: StringMatch[];
  principals?: StringMatch[];
  notPrincipals?: StringMatch[];
  sourceIps?: string[];
  notSourceIps?: string[];
  destinationIps?: string[];
  notDestinationIps?: string[];
  destinationPorts?: number[];
  notDestinationPorts?: number[];
  serviceAccounts?: ServiceAccountMatch[];
  notServiceAccounts?: ServiceAccountMatch[];
}

export interface ZtunnelPolicy {
  name: string;
  namespace: string;
  action: 'Allow' | 'Deny';
  scope: 'Global' | 'Namespace' | 'WorkloadSelector';
  /** Groups (OR) of rules (AND) of matches (OR). */
  rules: PolicyMatch[][][];
  /** The labels the policy selects workloads by (WorkloadAuthorization.LabelSelector); undefined: none. */
  selector?: Readonly<Record<string, string>>;
  /** What it was converted from: only AuthorizationPolicies are attached to workloads by selector. */
  origin: 'AuthorizationPolicy' | 'PeerAuthentication';
}

export const STATIC_STRICT_POLICY = 'istio_converted_static_strict';
const CONVERTED_PEER_AUTHENTICATION = 'converted_peer_authentication_';

const of = (model: StateModel, kind: string): ModelObject[] => model.objects.filter((o) => o.group === 'security.istio.io' && o.kind === kind);

/** A match with no principal at all: a connection without mTLS. */
const noPeerIdentity = (ports?: {destinationPorts?: number[]; notDestinationPorts?: number[]}): PolicyMatch => ({notPrincipals: [{Presence: []}], ...ports});

// ---------------------------------------------------------------- AuthorizationPolicies (authorization.go)

/** stringToMatch: `*` presence, `*x` suffix, `x*` prefix, else exact. */
function stringMatches(values: unknown): StringMatch[] {
  return list(values).filter((v): v is string => typeof v === 'string').map((v) => {
    if (v === '*') return {Presence: []};
    if (v.startsWith('*')) return {Suffix: v.slice(1)};
    if (v.endsWith('*')) return {Prefix: v.slice(0, -1)};
    return {Exact: v};
  });
}

/** stringToServiceAccountMatch: `ns/sa`, or `sa` in the policy's namespace. */
function serviceAccountMatches(values: unknown, namespace: string): ServiceAccountMatch[] {
  return list(values).filter((v): v is string => typeof v === 'string').map((v) => {
    const slash = v.indexOf('/');
    return slash >= 0 ? {namespace: v.slice(0, slash), serviceAccount: v.slice(slash + 1)} : {namespace, serviceAccount: v};
  });
}

/** stringToPort: decimal ports up to 65535, others dropped. */
function ports(values: unknown): number[] {
  return list(values).filter((v): v is string => typeof v === 'string' && /^[0-9]+$/.test(v) && Number(v) <= 65535).map(Number);
}

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/**
 * Go's netip.ParsePrefix / ParseAddr for an IPv6 value, as stringToIP reads it: the address (hex groups, one `::`
 * for at least one group, an IPv4 tail; the grammar Rust's parser shares, ../../engine/families/linkerd/admission/
 * cidr.ts parseIpv6), a zone allowed on a bare address only (AsSlice drops it), bits 0 to 128 without a sign or a
 * leading zero; undefined for what istiod skips.
 */
function goIpv6(address: string, bits: string | undefined): {addr: bigint; prefix: number} | undefined {
  let text = address;
  const zone = text.indexOf('%');
  if (zone >= 0) {
    if (bits !== undefined || zone === text.length - 1) return undefined;
    text = text.slice(0, zone);
  }
  const addr = parseIpv6(text);
  if (addr === undefined) return undefined;
  if (bits === undefined) return {addr, prefix: 128};
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits) || Number(bits) > 128) return undefined;
  return {addr, prefix: Number(bits)};
}

/**
 * stringToIP (authorization.go: netip.ParsePrefix when the value holds `/`, else ParseAddr at its full bit length;
 * values istiod cannot parse skipped), then ztunnel's IpNet::new over byte_to_ip (rbac.rs): `ip/length` with the host
 * bits as written, displayed as ipnet does (std's Ipv6Addr Display: RFC 5952 compression, `::ffff:a.b.c.d` for an
 * IPv4-mapped address, which stays IPv6: AsSlice gives its 16 bytes).
 */
function ipNets(values: unknown): string[] {
  return list(values).filter((v): v is string => typeof v === 'string' && v !== '').flatMap((v) => {
    const slash = v.lastIndexOf('/');
    const address = slash < 0 ? v : v.slice(0, slash);
    const bits = slash < 0 ? undefined : v.slice(slash + 1);
    if (address.includes(':')) {
      const net = goIpv6(address, bits);
      return net === undefined ? [] : [formatCidr({v6: true, ...net})];
    }
    if (!IPV4.test(address)) return [];
    if (bits === undefined) return [`${address}/32`];
    return /^(3[0-2]|[12]?[0-9])$/.test(bits) ? [`${address}/${Number(bits)}`] : [];
  });
}

/** Only the non-empty fields, in RbacMatch's order (serde skips empty lists). */
function match(fields: PolicyMatch): PolicyMatch {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => Array.isArray(value) && value.length > 0)) as PolicyMatch;
}

const L4_WHEN = ['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port'];

/** handleRule: the rule's `to` matches, its `from` matches, one rule per `when`; an ALLOW rule with HTTP attributes never matches (no rules). */
function handleRule(action: 'Allow' | 'Deny', rule: Record<string, unknown>, policy: ModelObject): PolicyMatch[][] | undefined {
  let l7 = false;
  const toMatches = list(rule.to).map((to) => {
    const op = isRecord(to) && isRecord(to.operation) ? to.operation : {};
    if (['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'].some((key) => list(op[key]).length > 0)) l7 = true;
    return match({destinationPorts: ports(op.ports), notDestinationPorts: ports(op.notPorts)});
  });
  const fromMatches = list(rule.from).map((from) => {
    const src = isRecord(from) && isRecord(from.source) ? from.source : {};
    if (['remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals', 'notRequestPrincipals'].some((key) => list(src[key]).length > 0)) l7 = true;
    return match({
      namespaces: stringMatches(src.namespaces), notNamespaces: stringMatches(src.notNamespaces),
      principals: stringMatches(src.principals), notPrincipals: stringMatches(src.notPrincipals),
      sourceIps: ipNets(src.ipBlocks), notSourceIps: ipNets(src.notIpBlocks),
      serviceAccounts: serviceAccountMatches(src.serviceAccounts, policy.namespace),
      notServiceAccounts: serviceAccountMatches(src.notServiceAccounts, policy.namespace),
    });
  });
  const rules: PolicyMatch[][] = [];
  if (toMatches.length > 0) rules.push(toMatches);
  if (fromMatches.length > 0) rules.push(fromMatches);
  for (const when of list(rule.when)) {
    const condition = isRecord(when) ? when : {};
    const key = condition.key;
    if (typeof key !== 'string' || !L4_WHEN.includes(key)) l7 = true;
    const pick = (k: string, negated: boolean): unknown => (key === k ? (negated ? condition.notValues : condition.values) : undefined);
    rules.push([match({
      namespaces: stringMatches(pick('source.namespace', false)), notNamespaces: stringMatches(pick('source.namespace', true)),
      principals: stringMatches(pick('source.principal', false)), notPrincipals: stringMatches(pick('source.principal', true)),
      sourceIps: ipNets(pick('source.ip', false)), notSourceIps: ipNets(pick('source.ip', true)),
      destinationIps: ipNets(pick('destination.ip', false)), notDestinationIps: ipNets(pick('destination.ip', true)),
      destinationPorts: ports(pick('destination.port', false)), notDestinationPorts: ports(pick('destination.port', true)),
    })]);
  }
  return action === 'Allow' && l7 ? undefined : rules;
}

/** strconv.ParseBool's true spellings. */
const dryRun = (policy: ModelObject): boolean => isGoTrue(stringMap(field(policy.value, 'metadata', 'annotations'))['istio.io/dry-run']);

/** convertAuthorizationPolicy; undefined for what ztunnel is not sent. */
function convertAuthorizationPolicy(policy: ModelObject, rootNamespace: string): ZtunnelPolicy | undefined {
  const spec = isRecord(policy.value.spec) ? policy.value.spec : {};
  if (dryRun(policy)) return undefined;
  if (list(spec.targetRefs).length > 0 || isRecord(spec.targetRef)) return undefined;
  const action = spec.action === undefined || spec.action === 'ALLOW' ? 'Allow' : spec.action === 'DENY' ? 'Deny' : undefined;
  if (action === undefined) return undefined;
  const hasSelector = isRecord(spec.selector);
  const scope = hasSelector ? 'WorkloadSelector' : policy.namespace === rootNamespace ? 'Global' : 'Namespace';
  const rules = list(spec.rules).flatMap((rule) => {
    const converted = handleRule(action, isRecord(rule) ? rule : {}, policy);
    return converted === undefined ? [] : [converted];
  });
  // WorkloadAuthorization.LabelSelector: model.NewSelector(selector.matchLabels); without labels it selects by none.
  const labels = hasSelector ? stringMap(field(spec.selector, 'matchLabels')) : {};
  return {name: policy.name, namespace: policy.namespace, action, scope, rules, origin: 'AuthorizationPolicy', ...(Object.keys(labels).length > 0 ? {selector: labels} : {})};
}

// ---------------------------------------------------------------- PeerAuthentications (authorization.go, policies.go)

/**
 * getOldestPeerAuthn and convertedSelectorPeerAuthentications keep the first of two policies created in
 * the same second, in an order istiod's index does not define: a tie the model cannot settle is a gap.
 */
function older(a: ModelObject, b: ModelObject): number {
  const created = (pa: ModelObject): string => {
    const timestamp = field(pa.value, 'metadata', 'creationTimestamp');
    if (typeof timestamp !== 'string') throw new ModelGap(`the model does not say when PeerAuthentication ${pa.namespace}/${pa.name} was created, which decides between the policies of its level`);
    return timestamp;
  };
  const order = byteOrder(created(a), created(b));
  if (order === 0 && a !== b) throw new ModelGap(`PeerAuthentications ${a.namespace}/${a.name} and ${b.namespace}/${b.name} were created in the same second: which one istiod takes is not defined`);
  return order;
}

/** PeerAuthByNamespace: the policies with no selector at all (Spec.GetSelector() == nil). */
const withoutSelector = (policy: ModelObject): boolean => field(policy.value, 'spec', 'selector') === undefined || field(policy.value, 'spec', 'selector') === null;

function oldest(policies: readonly ModelObject[]): ModelObject | undefined {
  return policies.reduce<ModelObject | undefined>((held, policy) => (held === undefined || older(policy, held) < 0 ? policy : held), undefined);
}

const convertedName = (policy: ModelObject): string => `${CONVERTED_PEER_AUTHENTICATION}${policy.name}`;

/**
 * convertPeerAuthentication: a workload policy with port-level modes as a DENY policy, given the oldest
 * namespace-wide and mesh-wide policies; undefined when its ports add nothing to the inherited mode.
 */
function convertPeerAuthentication(policy: ModelObject, nsPol: ModelObject | undefined, rootPol: ModelObject | undefined): ZtunnelPolicy | undefined {
  const own = reading(policy);
  const nsMode = nsPol ? reading(nsPol).mode : undefined;
  const rootMode = rootPol ? reading(rootPol).mode : undefined;
  const rules: PolicyMatch[][] = [];
  const groups: PolicyMatch[][][] = [];
  if (own.mode === 'STRICT') rules.push([noPeerIdentity()]);
  let foundNonStrict = false;
  // maps.SeqStable: ports in ascending order.
  const portModes = [...(own.portLevel ?? [])].sort((a, b) => a[0] - b[0]);
  for (const [port, mode] of portModes) {
    if (mode === 'STRICT') {
      // Go's `a || b && c || d` binds as `a || (b && c) || d`: kept as written.
      const inherited = own.mode === 'STRICT'
        || (own.mode === undefined && nsPol !== undefined && nsMode === 'STRICT')
        || ((nsPol === undefined || nsMode === undefined) && rootPol !== undefined && rootMode === 'STRICT');
      if (inherited) continue;
      groups.push([[noPeerIdentity({destinationPorts: [port]})]]);
    } else if (mode === 'PERMISSIVE' || mode === 'DISABLE') {
      if (own.mode === 'PERMISSIVE' || own.mode === 'DISABLE') continue;
      if (own.mode === undefined && ((nsPol !== undefined && nsMode !== 'STRICT') || (nsPol === undefined && rootPol !== undefined && rootMode !== 'STRICT') || (nsPol === undefined && rootPol === undefined))) continue;
      foundNonStrict = true;
      rules.push([{notDestinationPorts: [port]}]);
    }
  }
  if (own.mode === 'STRICT' && !foundNonStrict) return undefined;
  if (rules.length === 0 && groups.length === 0) return undefined;
  const mergeStrict = (rootPol !== undefined && rootMode === 'STRICT' && (nsPol === undefined || nsMode === undefined || nsMode === 'STRICT'))
    || (nsPol !== undefined && nsMode === 'STRICT');
  if (mergeStrict && foundNonStrict) rules.push([noPeerIdentity()]);
  if (rules.length > 0) groups.push(rules);
  const selector = Object.keys(own.selector).length > 0 ? {selector: own.selector} : {};
  return {name: convertedName(policy), namespace: policy.namespace, action: 'Deny', scope: 'WorkloadSelector', rules: groups, origin: 'PeerAuthentication', ...selector};
}

/** PeerAuthDerivedPolicies and DefaultPolicy. */
function peerAuthenticationPolicies(model: StateModel, rootNamespace: string): ZtunnelPolicy[] {
  const policies = of(model, 'PeerAuthentication');
  if (policies.length === 0) return [];
  const rootPol = oldest(policies.filter((p) => p.namespace === rootNamespace && withoutSelector(p)));
  const converted = policies.flatMap((policy) => {
    if (policy.namespace === rootNamespace || withoutSelector(policy) || (reading(policy).portLevel ?? []).length === 0) return [];
    const nsPol = oldest(policies.filter((p) => p.namespace === policy.namespace && withoutSelector(p)));
    const result = convertPeerAuthentication(policy, nsPol, rootPol);
    return result ? [result] : [];
  });
  // DefaultPolicy: any PeerAuthentication at all sends the static STRICT policy (LabelSelector{}: attached by name only).
  const strict: ZtunnelPolicy = {name: STATIC_STRICT_POLICY, namespace: rootNamespace, action: 'Deny', scope: 'WorkloadSelector', rules: [[[noPeerIdentity()]]], origin: 'PeerAuthentication'};
  return [...converted, strict];
}

/** Every policy ztunnel holds. */
export function ztunnelPolicies(model: StateModel): ZtunnelPolicy[] {
  const rootNamespace = rootNamespaceOf(model);
  const fromAuthorization = of(model, 'AuthorizationPolicy').flatMap((policy) => {
    const converted = convertAuthorizationPolicy(policy, rootNamespace);
    return converted ? [converted] : [];
  });
  return [...fromAuthorization, ...peerAuthenticationPolicies(model, rootNamespace)];
}

// ---------------------------------------------------------------- a workload's policies (workloads.go buildWorkloadPolicies)

/**
 * convertedSelectorPeerAuthentications: the static STRICT policy when the workload's effective mode is
 * STRICT, and its workload policy's converted form when port-level modes make exceptions; sorted.
 */
function peerAuthenticationKeys(model: StateModel, namespace: string, labels: Readonly<Record<string, string>>, rootNamespace: string): string[] {
  const policies = of(model, 'PeerAuthentication');
  const {levels} = composePeerAuthentication(policies, reading, {namespace, labels}, rootNamespace, older);
  const modeOfLevel = (level: 'mesh' | 'namespace' | 'workload'): MtlsMode | undefined => (levels[level] ? reading(levels[level]!).mode : undefined);
  let strict = modeOfLevel('mesh') === 'STRICT';
  if (levels.namespace && modeOfLevel('namespace') !== undefined) strict = modeOfLevel('namespace') === 'STRICT';
  let portPolicy: string | undefined;
  const workload = levels.workload;
  if (workload) {
    const own = reading(workload);
    if (own.mode === 'STRICT') strict = true;
    if (own.mode === 'PERMISSIVE' || own.mode === 'DISABLE') strict = false;
    const portModes = (own.portLevel ?? []).map(([, mode]) => mode);
    const key = `${workload.namespace}/${convertedName(workload)}`;
    if (own.portLevel !== undefined) {
      if (own.mode === 'STRICT') {
        if (portModes.some((m) => m === 'PERMISSIVE' || m === 'DISABLE')) [portPolicy, strict] = [key, false];
      } else if (own.mode === 'PERMISSIVE' || own.mode === 'DISABLE') {
        if (portModes.includes('STRICT')) portPolicy = key;
      } else if (strict) {
        if (portModes.includes('PERMISSIVE')) [portPolicy, strict] = [key, false];
      } else if (portModes.includes('STRICT')) portPolicy = key;
    }
  }
  return [...new Set([...(strict ? [`${rootNamespace}/${STATIC_STRICT_POLICY}`] : []), ...(portPolicy ? [portPolicy] : [])])].sort(byteOrder);
}

/**
 * buildWorkloadPolicies: the AuthorizationPolicies with a selector, of the root namespace or the
 * workload's, that select it (AuthzDerivedPolicies, namespace/name, sorted), then the PeerAuthentication
 * keys (fetchPeerAuthentications' selection).
 */
export function workloadPolicyNames(model: StateModel, policies: readonly ZtunnelPolicy[], namespace: string, labels: Readonly<Record<string, string>>): string[] {
  const rootNamespace = rootNamespaceOf(model);
  const selected = policies
    .filter((p) => p.origin === 'AuthorizationPolicy' && p.selector !== undefined && (p.namespace === rootNamespace || p.namespace === namespace)
      && Object.entries(p.selector).every(([key, value]) => labels[key] === value))
    .map((p) => `${p.namespace}/${p.name}`)
    .sort(byteOrder);
  return [...selected, ...peerAuthenticationKeys(model, namespace, labels, rootNamespace)];
}
