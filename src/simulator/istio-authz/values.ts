/**
 * How AuthorizationPolicy values match, as istiod turns them into Envoy matchers. Values are
 * never regexes: `*` alone is presence (any non-empty value), `*x` a suffix, `x*` a prefix,
 * anything else exact (pilot/pkg/security/authz/matcher/string.go StringMatcherWithPrefix,
 * header.go HeaderMatcher and HostMatcher). Hosts compare without case (HostMatcher sets
 * ignore_case); everything else with case. Paths may carry the `{*}`/`{**}` templates of
 * Envoy's uri_template matcher (matcher/template.go; pkg/config/security ContainsPathTemplate).
 */

/** One value against one string: presence, prefix, suffix or exact (StringMatcherWithPrefix with no prefix). */
export function valueMatches(pattern: string, actual: string | undefined, ignoreCase = false): boolean {
  if (actual === undefined) return false;
  const a = ignoreCase ? actual.toLowerCase() : actual;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  // `*` is generated as the regex `.+`: a present, non-empty value.
  if (p === '*') return a.length > 0;
  if (p.startsWith('*')) return a.endsWith(p.slice(1));
  if (p.endsWith('*')) return a.startsWith(p.slice(0, -1));
  return a === p;
}

/**
 * A header value (HeaderMatcher): `*` is Envoy's present_match, which also holds for a header
 * sent empty; the other forms as valueMatches. An absent header matches nothing.
 */
export function headerMatches(pattern: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return pattern === '*' ? true : valueMatches(pattern, actual);
}

/** `hosts`: HostMatcher on `:authority`, case-insensitive; `reviews` does not cover `reviews:9080`. */
export function hostMatches(pattern: string, authority: string): boolean {
  return pattern === '*' ? true : valueMatches(pattern, authority, true);
}

const MATCH_ONE = '{*}';
const MATCH_ANY = '{**}';

export function isPathTemplate(value: string): boolean {
  return value.includes(MATCH_ONE) || value.includes(MATCH_ANY);
}

/**
 * A path (permission url_path: the path without its query string). A template compares segment
 * by segment: `{*}` is exactly one non-empty segment, `{**}` zero or more segments
 * (Envoy uri_template: `*` one path segment, `**` the rest of the path, any later literal
 * segments included), other segments literally.
 */
export function pathMatches(pattern: string, path: string): boolean {
  if (!isPathTemplate(pattern)) return valueMatches(pattern, path);
  const want = pattern.split('/');
  const got = path.split('/');
  const anyAt = want.indexOf(MATCH_ANY);
  const segmentMatches = (w: string, g: string): boolean => (w === MATCH_ONE ? g.length > 0 : w === g);
  if (anyAt < 0) return want.length === got.length && want.every((w, i) => segmentMatches(w, got[i]!));
  const head = want.slice(0, anyAt);
  const tail = want.slice(anyAt + 1);
  if (got.length < head.length + tail.length) return false;
  const gotTail = got.slice(got.length - tail.length);
  return head.every((w, i) => segmentMatches(w, got[i]!)) && tail.every((w, i) => segmentMatches(w, gotTail[i]!));
}

/**
 * The path Envoy's RBAC filter compares: without query or fragment, with `.` and `..` segments
 * removed as Istio's default path normalization (meshConfig pathNormalization BASE, RFC 3986
 * section 5.2.4) removes them before any filter runs.
 */
export function normalizedPath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] || '/';
  const out: string[] = [];
  const segments = bare.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    if (s === '.') {
      if (i === segments.length - 1) out.push('');
    } else if (s === '..') {
      out.pop();
      if (i === segments.length - 1) out.push('');
    } else {
      out.push(s);
    }
  }
  return `/${out.join('/')}`;
}
