/**
 * Istio's authorization of one request at one enforcing proxy, in the order the proxy applies
 * it (istio.io "Authorization policy precedence"; istio 1.30.3
 * pilot/pkg/security/authz/builder/builder.go: the CUSTOM builder's ext_authz filters come
 * first, then the RBAC filters for AUDIT (log only), DENY and ALLOW):
 *
 * 0. RequestAuthentication (jwt.ts): a token no jwtRule accepts is a 401 before any policy.
 * 1. CUSTOM: a matching rule hands the request to the ext_authz provider the policy names,
 *    which decides (the simulator cannot run it: it says so, and what follows if it allows).
 *    A provider the mesh config does not define as ext_authz, or defines with errors, and
 *    several providers at one proxy (PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS is off by
 *    default), make istiod turn the enforced policies' rules into DENY rules (providers.ts;
 *    builder.go buildHTTP, getBadCustomDenyRules): a matching request is denied.
 * 2. DENY: any matching rule denies.
 * 3. ALLOW: once any ALLOW policy applies, a request no ALLOW rule matches is denied. A
 *    policy without rules (`spec: {}`) matches nothing, so it denies all; a rule `{}`
 *    matches everything (builder.go rbacPolicyMatchNever; model.go permissionAny).
 * 4. AUDIT: a match is logged, never decides.
 * A policy annotated `istio.io/dry-run: "true"` goes into the RBAC filter's shadow rules: it
 * is evaluated and reported ("would have"), and never decides; except CUSTOM, whose dry-run
 * policies still hand matching requests to the provider (builder.go buildHTTP's note). Denied HTTP requests get
 * 403 `RBAC: access denied`; on a TCP port the RBAC network filter closes the connection.
 *
 * ztunnel (ambient, L4) supports ALLOW and DENY only (ambient/authorization.go
 * convertAuthorizationPolicy: "ztunnel does not support the X action"), ignores dry-run
 * policies unless AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is set (off by default), sees
 * no HTTP (rules.ts), and denies by closing the connection.
 */
import type {TraceStep} from '../decision';
import type {Located, World} from '../world';
import {authenticateJwt, type JwtOutcome} from './jwt';
import {attachedPolicies, policyRef, ruleAt, type AttachTarget, type AuthzPolicy, type PolicyAction} from './policies';
import {evaluateRule, type AuthzContext, type Enforcer, type RuleVerdict} from './rules';
import {extAuthzProviders, providerProblem} from './providers';

export type {Enforcer} from './rules';

export interface PolicyVerdict {
  name: string;
  namespace: string;
  action: PolicyAction;
  provider?: string;
  dryRun: boolean;
  /** Why the policy attaches to this proxy. */
  because: string;
  /** Why this proxy ignores it (ztunnel and CUSTOM, AUDIT or dry-run). */
  ignored?: string;
  /** CUSTOM: why istiod cannot use its provider (its enforced rules become DENY rules). */
  providerProblem?: string;
  rules: RuleVerdict[];
  /** The first matching rule, if any. */
  matchedRule?: number;
  at?: Located;
}

export type IstioVerdict = 'allowed' | 'denied' | 'unauthenticated' | 'ext-authz';

export interface IstioAuthorization {
  enforcer: Enforcer;
  /** The proxy: `bookinfo/reviews-v1` (sidecar, ztunnel) or the waypoint's Gateway. */
  at: {kind: 'workload' | 'waypoint'; namespace: string; name: string};
  protocol: 'http' | 'tcp';
  port: number;
  peer: {principal?: string; description: string};
  jwt: Omit<JwtOutcome, 'trace'>;
  policies: PolicyVerdict[];
  verdict: IstioVerdict;
  /** HTTP status for HTTP requests it refuses (403, 401); undefined with `reset`. */
  status?: number;
  /** The connection is closed: TCP RBAC, or ztunnel. */
  reset: boolean;
  /** The ext_authz provider that decides (verdict `ext-authz`). */
  provider?: string;
  /** For `ext-authz`: what follows if the provider allows. */
  ifProviderAllows?: {verdict: 'allowed' | 'denied'; summary: string};
  decidedBy?: {name: string; namespace: string; action: PolicyAction; rule: number; at?: Located};
  /** Policies that matched in dry-run: what they would have done. */
  wouldHave: string[];
  audited: boolean;
  summary: string;
  trace: TraceStep[];
}

export interface AuthorizeOptions {
  enforcer: Enforcer;
  /** The end user's token claims, undefined: no token. */
  claims?: Record<string, unknown>;
  /** How the trace names the peer: `bookinfo/productpage-v1 (mTLS)`. */
  peerDescription?: string;
}

const DENIED_BODY = 'RBAC: access denied';

function evaluatePolicy(policy: AuthzPolicy, because: string, ctx: AuthzContext, enforcer: Enforcer): PolicyVerdict {
  const base = {name: policy.name, namespace: policy.namespace, action: policy.action, provider: policy.provider, dryRun: policy.dryRun, because, at: policy.at};
  if (enforcer === 'ztunnel' && (policy.action === 'CUSTOM' || policy.action === 'AUDIT')) return {...base, ignored: `ztunnel does not support the ${policy.action} action`, rules: []};
  if (enforcer === 'ztunnel' && policy.dryRun) return {...base, ignored: 'ztunnel ignores dry-run policies (AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is off)', rules: []};
  const rules = policy.rules.map((rule, i) => evaluateRule(rule, i, ctx, policy.action, enforcer, policy.namespace));
  const matched = rules.find((r) => r.outcome === 'matched');
  return {...base, rules, matchedRule: matched?.index};
}

function describeRules(policy: PolicyVerdict): string {
  if (policy.ignored) return `ignored: ${policy.ignored}`;
  if (policy.rules.length === 0) return 'no rules: matches no request';
  return policy.rules.map((r) => `rules[${r.index}] ${r.outcome === 'matched' ? 'matches' : r.outcome === 'skipped' ? 'is skipped' : 'does not match'}${r.reasons.length ? ` (${r.reasons.join('; ')})` : ''}${r.dropped.length ? ` [left out: ${r.dropped.join(', ')}]` : ''}`).join('; ');
}

function label(p: PolicyVerdict): string {
  return `${p.dryRun ? 'dry-run ' : ''}${p.action} ${p.namespace}/${p.name}`;
}

/**
 * The decision of every AuthorizationPolicy (and RequestAuthentication) at one enforcing proxy.
 * `target` says which proxy: a workload's sidecar or ztunnel, or a waypoint.
 */
export function authorizeIstio(world: World, ctx: AuthzContext, target: AttachTarget, options: AuthorizeOptions): IstioAuthorization {
  const {enforcer} = options;
  const trace: TraceStep[] = [];
  const where = target.kind === 'waypoint' ? `waypoint ${target.namespace}/${target.gateway}` : `${enforcer} of ${target.namespace}/${target.name ?? 'the workload'}`;
  const at: IstioAuthorization['at'] = target.kind === 'waypoint' ? {kind: 'waypoint', namespace: target.namespace, name: target.gateway} : {kind: 'workload', namespace: target.namespace, name: target.name ?? ''};
  const peer = {principal: ctx.principal, description: options.peerDescription ?? (ctx.principal ?? 'a plaintext client')};

  // ztunnel never sees HTTP and runs no JWT filter; TCP ports get no jwt_authn either.
  const jwt = enforcer === 'ztunnel' || ctx.protocol === 'tcp'
    ? {outcome: 'none' as const, requestAuthentications: [], trace: [] as TraceStep[]}
    : authenticateJwt(world, target, options.claims);
  trace.push(...jwt.trace);
  const {trace: _jwtTrace, ...jwtOut} = jwt;
  const withClaims: AuthzContext = {...ctx, claims: jwt.outcome === 'accepted' ? jwt.claims : undefined};
  const result = (rest: Omit<IstioAuthorization, 'enforcer' | 'at' | 'protocol' | 'port' | 'peer' | 'jwt' | 'trace'>): IstioAuthorization =>
    ({enforcer, at, protocol: ctx.protocol, port: ctx.port, peer, jwt: jwtOut, ...rest, trace});
  if (jwt.outcome === 'rejected') {
    return result({policies: [], verdict: 'unauthenticated', status: 401, reset: false, wouldHave: [], audited: false, summary: `401 ${jwt.error} (RequestAuthentication at the ${where})`});
  }

  const attached = attachedPolicies(world, target);
  const policies = attached.map(({policy, because}) => evaluatePolicy(policy, because, withClaims, enforcer));
  markProviderProblems(world, policies);
  if (policies.length === 0) trace.push({message: `${where}: no AuthorizationPolicy applies`});
  for (const p of policies) trace.push({message: `${label(p)} applies (${p.because}): ${describeRules(p)}`, at: p.at});

  const active = (action: PolicyAction) => policies.filter((p) => p.action === action && !p.dryRun && !p.ignored);
  const matchOf = (p: PolicyVerdict) => ({name: p.name, namespace: p.namespace, action: p.action, rule: p.matchedRule!, at: ruleAt(policyFor(attached, p), p.matchedRule!)});
  const deniedOutcome = ctx.protocol === 'tcp' || enforcer === 'ztunnel'
    ? {status: undefined, reset: true, said: enforcer === 'ztunnel' ? 'connection reset by ztunnel' : 'connection reset (TCP RBAC)'}
    : {status: 403, reset: false, said: `403 ${DENIED_BODY}`};

  const wouldHave: string[] = [];
  for (const p of policies.filter((q) => q.dryRun && !q.ignored && q.action !== 'CUSTOM')) {
    if (p.action === 'DENY' && p.matchedRule !== undefined) wouldHave.push(`dry-run DENY ${policyRef2(p)} rules[${p.matchedRule}] would have denied`);
  }
  const dryAllow = policies.filter((q) => q.dryRun && !q.ignored && q.action === 'ALLOW');
  if (dryAllow.length) {
    const hit = dryAllow.find((p) => p.matchedRule !== undefined);
    wouldHave.push(hit ? `dry-run ALLOW ${policyRef2(hit)} rules[${hit.matchedRule}] would have allowed` : `dry-run ALLOW policies ${dryAllow.map(policyRef2).join(', ')} would have denied (none matches)`);
  }
  for (const w of wouldHave) trace.push({message: w});
  const audited = active('AUDIT').some((p) => p.matchedRule !== undefined);
  if (audited) trace.push({message: `AUDIT ${active('AUDIT').filter((p) => p.matchedRule !== undefined).map(policyRef2).join(', ')}: the request is logged (AUDIT never decides)`});

  const afterCustom = (): Pick<IstioAuthorization, 'verdict' | 'status' | 'reset' | 'decidedBy' | 'summary'> => {
    const deny = active('DENY').find((p) => p.matchedRule !== undefined);
    if (deny) return {verdict: 'denied', status: deniedOutcome.status, reset: deniedOutcome.reset, decidedBy: matchOf(deny), summary: `denied by DENY ${policyRef2(deny)} rules[${deny.matchedRule}]: ${deniedOutcome.said}`};
    const allows = active('ALLOW');
    if (allows.length === 0) return {verdict: 'allowed', reset: false, summary: 'no ALLOW policy: allowed'};
    const allow = allows.find((p) => p.matchedRule !== undefined);
    if (allow) return {verdict: 'allowed', reset: false, decidedBy: matchOf(allow), summary: `allowed by ALLOW ${policyRef2(allow)} rules[${allow.matchedRule}]`};
    return {verdict: 'denied', status: deniedOutcome.status, reset: deniedOutcome.reset,
      summary: `ALLOW policies exist (${allows.map(policyRef2).join(', ')}) and none matched: denied (${deniedOutcome.reset ? deniedOutcome.said : `RBAC: access denied, 403`})`};
  };

  // A dry-run CUSTOM policy still calls its provider: builder.go puts it in the RBAC filter's
  // enforced rules, whose match is what enables ext_authz ("dry-run CUSTOM policies still call ext_authz").
  const customs = policies.filter((p) => p.action === 'CUSTOM' && !p.ignored);
  const badMatch = customs.find((p) => p.providerProblem !== undefined && !p.dryRun && p.matchedRule !== undefined);
  if (badMatch) {
    const summary = `denied by CUSTOM ${policyRef2(badMatch)} rules[${badMatch.matchedRule}]: istiod cannot use its provider (${badMatch.providerProblem}), so it made the policy's rules DENY rules: ${deniedOutcome.said}`;
    trace.push({message: summary, at: badMatch.at});
    return result({policies, verdict: 'denied', status: deniedOutcome.status, reset: deniedOutcome.reset, decidedBy: matchOf(badMatch), wouldHave, audited, summary});
  }
  const custom = customs.find((p) => p.matchedRule !== undefined && p.providerProblem === undefined);
  const after = afterCustom();
  if (custom) {
    const provider = custom.provider ?? '(no provider)';
    const ifAllows = {verdict: after.verdict === 'allowed' ? 'allowed' as const : 'denied' as const, summary: after.summary};
    trace.push({message: `CUSTOM ${policyRef2(custom)} rules[${custom.matchedRule}] matches: the ext_authz provider ${provider} is asked and decides; if it allows, ${after.summary}`, at: custom.at});
    return result({policies, verdict: 'ext-authz', reset: false, provider, ifProviderAllows: ifAllows, decidedBy: matchOf(custom), wouldHave, audited,
      summary: `decided by ext_authz provider ${provider} (CUSTOM ${policyRef2(custom)} rules[${custom.matchedRule}]); if it allows: ${after.summary}`});
  }
  trace.push({message: `${where}: ${after.summary}`, at: after.decidedBy?.at});
  return result({policies, ...after, wouldHave, audited});
}

/**
 * Each CUSTOM policy's provider problem, if any: several providers at one proxy (every one is
 * refused without PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS, off by default), else the
 * provider's own (providers.ts).
 */
function markProviderProblems(world: World, policies: PolicyVerdict[]): void {
  const customs = policies.filter((p) => p.action === 'CUSTOM' && !p.ignored);
  if (customs.length === 0) return;
  const names = [...new Set(customs.map((p) => p.provider ?? ''))].sort();
  const table = extAuthzProviders(world);
  const several = names.length > 1
    ? `multiple CUSTOM authorization providers per workload requires PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS feature flag, found ${names.length} providers: [${names.join(' ')}]` : undefined;
  for (const p of customs) p.providerProblem = several ?? providerProblem(table, p.provider);
}

function policyRef2(p: PolicyVerdict): string {
  return `${p.namespace}/${p.name}`;
}

function policyFor(attached: ReturnType<typeof attachedPolicies>, p: PolicyVerdict): AuthzPolicy {
  return attached.find((a) => a.policy.name === p.name && a.policy.namespace === p.namespace)!.policy;
}

export {policyRef};
