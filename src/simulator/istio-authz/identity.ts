/**
 * The peer and end-user identities AuthorizationPolicy fields test, as istiod builds their
 * matchers (istio 1.30.3 pilot/pkg/security/authz/model/generator.go). Peer fields match the
 * certificate's URI SAN `spiffe://<principal>` through Envoy RBAC's `authenticated` principal,
 * which never matches a connection without TLS: on plaintext every one of them is false.
 */
import {valueMatches} from './values';

/** `cluster.local/ns/NS/sa/SA`, as the SPIFFE id without `spiffe://` (pkg/spiffe). */
export function principalOf(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** A `*`-glob (only `*`, matching any run of characters), tested without regexes: literal parts in order. */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

/** `principals` / `source.principal`: StringMatcherWithPrefix(value, "spiffe://"). */
export function principalMatches(pattern: string, principal: string | undefined): boolean {
  return principal !== undefined && valueMatches(pattern, principal);
}

/** A workload principal's parts: `TD/ns/NS/sa/SA`, the only form a Kubernetes pod's certificate carries (pkg/spiffe). */
function principalParts(principal: string): {domain: string; namespace: string; serviceAccount: string} | undefined {
  const parts = principal.split('/');
  if (parts.length !== 5 || parts[1] !== 'ns' || parts[3] !== 'sa') return undefined;
  return {domain: parts[0]!, namespace: parts[2]!, serviceAccount: parts[4]!};
}

/**
 * `namespaces` / `source.namespace`: srcNamespaceGenerator's regex `.*\/ns/<glob>/.*` over the
 * SPIFFE id, `*` in the value standing for any text. For a pod's principal that is the glob
 * against its namespace segment (names hold no `/`), tested here without regexes.
 */
export function namespaceMatches(pattern: string, principal: string | undefined): boolean {
  const parts = principal === undefined ? undefined : principalParts(principal);
  return parts !== undefined && globMatches(pattern, parts.namespace);
}

/** `serviceAccounts`: serviceAccountRegex, `sa` or `ns/sa` (the policy's namespace when elided). */
export function serviceAccountMatches(value: string, policyNamespace: string, principal: string | undefined): boolean {
  const parts = principal === undefined ? undefined : principalParts(principal);
  if (!parts) return false;
  const slash = value.indexOf('/');
  const [ns, sa] = slash < 0 ? [policyNamespace, value] : [value.slice(0, slash), value.slice(slash + 1)];
  return parts.namespace === ns && parts.serviceAccount === sa;
}

/** `trustDomains`: srcTrustDomainGenerator (`*` any, a glob with one `*` inside the trust domain, else exact). */
export function trustDomainMatches(pattern: string, principal: string | undefined): boolean {
  if (principal === undefined) return false;
  const domain = principal.split('/', 1)[0]!;
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return domain === pattern;
  const star = pattern.indexOf('*');
  return globMatches(`${pattern.slice(0, star)}*${pattern.slice(star + 1).replace(/\*/g, '')}`, domain) && !domain.includes('/');
}

/**
 * `requestPrincipals` (`iss/sub`, split at the last `/` since issuers are URLs):
 * requestPrincipalGenerator. `*` needs both claims present; `*x` without `/` is any issuer
 * with a subject ending in x; `x*` without `/` an issuer starting with x; with `/`, the issuer
 * side and the subject side each as written (`*` on either side: present).
 */
export function requestPrincipalMatches(value: string, claims: {iss?: string; sub?: string} | undefined): boolean {
  if (!claims) return false;
  const present = (s: string | undefined) => s !== undefined && s.length > 0;
  const {iss, sub} = claims;
  const idx = value.lastIndexOf('/');
  const found = idx >= 0;
  const wantIss = found ? value.slice(0, idx) : value;
  const wantSub = found ? value.slice(idx + 1) : '';
  if (value === '*') return present(iss) && present(sub);
  if (value.startsWith('*')) {
    if (found) return (wantIss === '*' ? present(iss) : iss !== undefined && iss.endsWith(wantIss.slice(1))) && sub === wantSub;
    return present(iss) && sub !== undefined && sub.endsWith(value.slice(1));
  }
  if (value.endsWith('*')) {
    if (found) return iss === wantIss && (wantSub === '*' ? present(sub) : sub !== undefined && sub.startsWith(wantSub.slice(0, -1)));
    return iss !== undefined && iss.startsWith(value.slice(0, -1)) && present(sub);
  }
  return iss === wantIss && sub === wantSub;
}

/**
 * A JWT claim (request.auth.claims, audiences, presenter): MetadataListValueMatcherForJWTClaims
 * with the extended form, so a string claim matches as a string and a list claim when any of
 * its strings matches. Numbers, booleans and objects match no string value.
 */
export function claimMatches(pattern: string, claim: unknown): boolean {
  if (typeof claim === 'string') return valueMatches(pattern, claim);
  if (Array.isArray(claim)) return claim.some((c) => typeof c === 'string' && valueMatches(pattern, c));
  return false;
}

/** `[a][b]` → ['a', 'b']; `[a]` → ['a']; anything else undefined (util.go extractNameInNestedBrackets). */
export function claimPath(suffix: string): string[] | undefined {
  const path: string[] = [];
  let i = 0;
  while (i < suffix.length) {
    if (suffix[i] !== '[') break;
    const end = suffix.indexOf(']', i + 1);
    const open = suffix.indexOf('[', i + 1);
    if (end < 0 || (open >= 0 && open < end)) break;
    path.push(suffix.slice(i + 1, end));
    i = end + 1;
  }
  if (i === suffix.length && path.length > 0) return path;
  // Fallback of extractNameInNestedBrackets: the whole text in one pair of brackets.
  return suffix.startsWith('[') && suffix.endsWith(']') && suffix.length >= 2 ? [suffix.slice(1, -1)] : undefined;
}

export function claimAt(claims: Record<string, unknown> | undefined, path: readonly string[]): unknown {
  let value: unknown = claims;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
