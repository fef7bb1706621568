/**
 * Mesh identities a policy accepts (policy-controller/core/src/identity_match.rs): `*` is any
 * identity, `*.suffix` any identity ending in `.suffix`, anything else one exact name. The
 * proxy compares them with the client's TLS identity (linkerd2-proxy server-policy authz.rs
 * Suffix::contains: `name.ends_with(".suffix")`; an empty suffix contains every name).
 */
export type IdentityMatch = {exact: string} | {suffix: string[]};

/** IdentityMatch::from_str (infallible: `**.x` is an exact name). */
export function parseIdentityMatch(text: string): IdentityMatch {
  if (text === '*') return {suffix: []};
  if (text.startsWith('*.')) return {suffix: text.split('.').slice(1)};
  return {exact: text};
}

export function identityMatches(match: IdentityMatch, identity: string): boolean {
  if ('exact' in match) return match.exact === identity;
  return match.suffix.length === 0 || identity.endsWith(`.${match.suffix.join('.')}`);
}

export function formatIdentityMatch(match: IdentityMatch): string {
  return 'exact' in match ? match.exact : ['*', ...match.suffix].join('.');
}
