/**
 * End-user authentication before authorization: the RequestAuthentications that attach to the
 * enforcing proxy (selected as AuthorizationPolicies are: policies.ts) become Envoy's
 * jwt_authn filter with one provider per jwtRule and the requirement "any provider, or no
 * token at all" (istio 1.30.3 pilot/pkg/security/authn/policy_applier.go
 * convertToEnvoyJwtConfig: RequiresAny {providers..., allow_missing}). So:
 * - no token: the request passes without a request principal (an ALLOW rule that needs
 *   `requestPrincipals: ["*"]` then denies it: 403);
 * - a token no provider accepts (its `iss` is no jwtRule's issuer, or its `aud` names none of
 *   the rule's `audiences`): 401, before any AuthorizationPolicy;
 * - an accepted token: request principal `iss/sub`, and its claims for request.auth.*.
 * Without any RequestAuthentication there is no jwt_authn filter: a token is ignored.
 * Tokens are not signed here: the reader gives the claims; signature and expiry are taken as valid.
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import type {TraceStep} from '../decision';
import type {Located, World, WorldResource} from '../world';
import {attachment, type AttachTarget, type AuthzPolicy} from './policies';

export class JwtClaimsError extends Error {
  override name = 'JwtClaimsError';
}

import {MAX_CLAIMS_BYTES} from './claims-limit';
import {rootNamespaceOf} from '../egress/mesh-config';

export {MAX_CLAIMS_BYTES};
const MAX_DEPTH = 16;

function depthOf(value: unknown, limit: number): number {
  // Iterative, so a hostile nesting cannot exhaust the stack.
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > limit) return max;
    if (v !== null && typeof v === 'object') for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return max;
}

/** `--jwt-claims` text: a JSON object of at most MAX_CLAIMS_BYTES, nested at most MAX_DEPTH deep; `iss` and `sub` strings when present. */
export function parseJwtClaims(text: string): Record<string, unknown> {
  if (text.length > MAX_CLAIMS_BYTES) throw new JwtClaimsError(`the JWT claims are ${text.length} characters long; at most ${MAX_CLAIMS_BYTES} are read`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JwtClaimsError(`the JWT claims are not JSON (${error instanceof Error ? error.message : String(error)}); write e.g. '{"iss":"https://issuer.example","sub":"alice"}'`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new JwtClaimsError('the JWT claims must be a JSON object, e.g. {"iss":"https://issuer.example","sub":"alice"}');
  if (depthOf(value, MAX_DEPTH) > MAX_DEPTH) throw new JwtClaimsError(`the JWT claims are nested more than ${MAX_DEPTH} levels deep`);
  const claims = value as Record<string, unknown>;
  for (const key of ['iss', 'sub']) {
    if (Object.prototype.hasOwnProperty.call(claims, key) && typeof claims[key] !== 'string') throw new JwtClaimsError(`the claim ${key} must be a string`);
  }
  return claims;
}

export interface JwtOutcome {
  /** `ignored`: no RequestAuthentication applies; `missing`: none given; `accepted`; `rejected`: 401. */
  outcome: 'none' | 'ignored' | 'missing' | 'accepted' | 'rejected';
  requestAuthentications: Array<{name: string; namespace: string; at?: Located}>;
  /** `iss/sub` of an accepted token. */
  requestPrincipal?: string;
  claims?: Record<string, unknown>;
  /** Envoy's 401 body for a rejected token. */
  error?: string;
  trace: TraceStep[];
}

interface JwtRule {
  issuer?: string;
  audiences: string[];
  owner: WorldResource;
  index: number;
}

function asPolicyLike(resource: WorldResource): AuthzPolicy {
  const spec = resource.spec;
  const selector = asObject(spec.selector);
  const refs = asArray(spec.targetRefs).length ? asArray(spec.targetRefs) : spec.targetRef !== undefined ? [spec.targetRef] : [];
  return {
    name: resource.name, namespace: resource.namespace, action: 'ALLOW', dryRun: false, rules: [], resource,
    selector: selector ? Object.fromEntries(Object.entries(asObject(selector.matchLabels) ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string> : undefined,
    targetRefs: refs.map(asObject).filter((r) => r !== undefined).map((r) => ({group: asString(r!.group) ?? '', kind: asString(r!.kind) ?? '', name: asString(r!.name) ?? '', namespace: asString(r!.namespace)})),
  };
}

function audiencesOf(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return asArray(aud).filter((a): a is string => typeof a === 'string');
}

export function authenticateJwt(world: World, target: AttachTarget, claims: Record<string, unknown> | undefined): JwtOutcome {
  const attached = world.ofKind('security.istio.io', 'RequestAuthentication')
    .filter((ra) => attachment(asPolicyLike(ra), target, rootNamespaceOf(world)) !== undefined)
    .sort((a, b) => (a.namespace === rootNamespaceOf(world) ? 0 : 1) - (b.namespace === rootNamespaceOf(world) ? 0 : 1) || a.order - b.order);
  const refs = attached.map((ra) => ({name: ra.name, namespace: ra.namespace, at: ra.at}));
  const trace: TraceStep[] = [];
  if (attached.length === 0) {
    if (claims) trace.push({message: 'RequestAuthentication: none applies here, so there is no JWT filter: the token is ignored (no request principal)'});
    return {outcome: claims ? 'ignored' : 'none', requestAuthentications: refs, trace};
  }
  const rules: JwtRule[] = attached.flatMap((ra) => asArray(ra.spec.jwtRules).map((r, index) => {
    const rule = asObject(r) ?? {};
    return {issuer: asString(rule.issuer), audiences: asArray(rule.audiences).filter((a): a is string => typeof a === 'string'), owner: ra, index};
  }));
  const names = attached.map((ra) => `${ra.namespace}/${ra.name}`).join(', ');
  if (!claims) {
    trace.push({message: `RequestAuthentication ${names}: the request carries no token, which it allows (allow_missing): no request principal`, at: attached[0]!.at});
    return {outcome: 'missing', requestAuthentications: refs, trace};
  }
  const iss = asString(claims.iss);
  const byIssuer = rules.filter((r) => r.issuer !== undefined && r.issuer === iss);
  if (byIssuer.length === 0) {
    const known = [...new Set(rules.map((r) => r.issuer).filter((i): i is string => i !== undefined))];
    trace.push({message: `RequestAuthentication ${names}: issuer ${JSON.stringify(iss ?? '')} is none of the jwtRules' issuers (${known.map((k) => JSON.stringify(k)).join(', ') || 'none'}): 401 Jwt issuer is not configured`, at: attached[0]!.at});
    return {outcome: 'rejected', requestAuthentications: refs, error: 'Jwt issuer is not configured', trace};
  }
  const audiences = audiencesOf(claims);
  const accepting = byIssuer.find((r) => r.audiences.length === 0 || r.audiences.some((a) => audiences.includes(a)));
  if (!accepting) {
    const rule = byIssuer[0]!;
    trace.push({message: `RequestAuthentication ${rule.owner.namespace}/${rule.owner.name} jwtRules[${rule.index}]: the token's aud ${JSON.stringify(audiences)} names none of ${JSON.stringify(rule.audiences)}: 401 Audiences in Jwt are not allowed`, at: rule.owner.at});
    return {outcome: 'rejected', requestAuthentications: refs, error: 'Audiences in Jwt are not allowed', trace};
  }
  const requestPrincipal = `${iss}/${asString(claims.sub) ?? ''}`;
  trace.push({message: `RequestAuthentication ${accepting.owner.namespace}/${accepting.owner.name} jwtRules[${accepting.index}] accepts the token (issuer ${iss}): request principal ${requestPrincipal}`, at: accepting.owner.at});
  return {outcome: 'accepted', requestAuthentications: refs, requestPrincipal, claims, trace};
}
