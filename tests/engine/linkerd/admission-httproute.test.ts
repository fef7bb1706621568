/**
 * Linkerd's own HTTPRoute (policy.linkerd.io) as its webhook judges it: admission.rs
 * `impl Validate<HttpRouteSpec>` (EgressNetwork parents, the outbound annotations, the rules'
 * matches, filters and timeouts), with k8s/index routes/http.rs and k8s/api duration.rs.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest, verdict} from './admission-support';

const route = (rules: string, parent = '{name: web, kind: Service, group: core, port: 80}', annotations = '') =>
  manifest('policy.linkerd.io/v1beta3', 'HTTPRoute', `  parentRefs: [${parent}]\n  rules:\n${rules}`, annotations);
const match = (m: string) => route(`  - matches: [${m}]\n`);
const timeouts = (t: string) => route(`  - timeouts: {${t}}\n`);

describe('policy.linkerd.io HTTPRoute matches (routes/http.rs try_match)', () => {
  it('accepts absolute paths, regexes Rust compiles, and header values', () => {
    expect(verdict(match('{path: {type: Exact, value: /api}, headers: [{name: x-user, value: "jason"}]}'))).toEqual([]);
    expect(verdict(match('{path: {type: RegularExpression, value: "/api/v[0-9]+"}, queryParams: [{type: RegularExpression, name: q, value: "^a+$"}]}'))).toEqual([]);
  });

  it('refuses a relative path, quoted with Rust escapes (the CRD has no pattern)', () => {
    expect(verdict(match('{path: {type: PathPrefix, value: api}}'))).toEqual([{
      at: '9:48', path: '/spec/rules/0/matches/0/path/value', severity: 'error', code: 'linkerd-admission',
      message: 'HttpPathMatch paths must be absolute (begin with `/`); "api" is not an absolute path',
    }]);
  });

  it('refuses a regex that does not compile, in path, header and query matches', () => {
    expect(denial(match('{path: {type: RegularExpression, value: "/(api"}}'))?.message).toMatch(/^regex parse error: missing closing \)/);
    expect(denial(match('{headers: [{type: RegularExpression, name: x, value: "a(?=b)"}]}'))?.path).toBe('/spec/rules/0/matches/0/headers/0/value');
    expect(denial(match('{queryParams: [{type: RegularExpression, name: q, value: "[z-a]"}]}'))?.path).toBe('/spec/rules/0/matches/0/queryParams/0/value');
  });

  it("refuses a brace that is no counted repetition, which Rust's regex crate never reads as a literal (rust-lang/regex#545)", () => {
    expect(denial(match('{path: {type: RegularExpression, value: "/users/{id}"}}'))).toEqual({
      path: '/spec/rules/0/matches/0/path/value', message: 'regex parse error: repetition quantifier expects a valid decimal',
    });
    expect(denial(match('{headers: [{type: RegularExpression, name: x, value: "{{v}}"}]}'))?.message).toBe('regex parse error: repetition operator missing expression');
    expect(denial(match('{path: {type: RegularExpression, value: "/a{2,3}/\\\\{id\\\\}/[{}]"}}'))).toBeUndefined();
  });

  it('refuses an exact header value with a control character (http::HeaderValue)', () => {
    expect(denial(match('{headers: [{name: x, value: "a\\u0001b"}]}'))).toEqual({path: '/spec/rules/0/matches/0/headers/0/value', message: 'failed to parse header value'});
  });
});

describe('policy.linkerd.io HTTPRoute filters (Validate<HttpRouteSpec> validate_filter)', () => {
  const filter = (f: string) => route(`  - filters: [${f}]\n`);

  it('accepts header modifiers and redirects with absolute paths', () => {
    expect(verdict(filter('{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-a, value: b}], remove: [x-b]}}'))).toEqual([]);
    expect(verdict(filter('{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /v2}}}'))).toEqual([]);
  });

  it('refuses a filter without the field its type names (serde, the enum tagged by type)', () => {
    expect(denial(filter('{type: RequestRedirect}'))).toEqual({path: '/spec/rules/0/filters/0', message: 'missing field `requestRedirect`'});
  });

  it('refuses a redirect path that is relative, or names neither replacement', () => {
    expect(denial(filter('{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: v2}}}'))).toEqual({
      path: '/spec/rules/0/filters/0/requestRedirect/path/replacePrefixMatch',
      message: `RequestRedirect filters may only contain absolute paths (starting with '/'); "v2" is not an absolute path`,
    });
    expect(denial(filter('{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath}}}'))).toEqual({
      path: '/spec/rules/0/filters/0/requestRedirect/path', message: 'RequestRedirect filter must contain either replace_full_path or replace_prefix_match',
    });
  });
});

describe('policy.linkerd.io HTTPRoute timeouts (validate_timeouts, duration.rs K8sDuration)', () => {
  it('accepts a backend timeout within the request timeout, Go duration syntax included', () => {
    expect(verdict(timeouts('request: 1m30s, backendRequest: 500ms'))).toEqual([]);
    expect(verdict(timeouts('request: "0", backendRequest: 0s'))).toEqual([]);
  });

  it('refuses a backend timeout above the request timeout, each shown as Rust debug-prints a Duration', () => {
    expect(denial(timeouts('request: 1.5s, backendRequest: 2m'))).toEqual({
      path: '/spec/rules/0/timeouts/backendRequest', message: 'backendRequest timeout (120s) must not be greater than request timeout (1.5s)',
    });
    expect(denial(timeouts('request: 250ms, backendRequest: 300ms'))?.message).toBe('backendRequest timeout (300ms) must not be greater than request timeout (250ms)');
  });

  it('refuses negative timeouts, the backend one first', () => {
    expect(denial(timeouts('request: -1s, backendRequest: -2s'))).toEqual({path: '/spec/rules/0/timeouts/backendRequest', message: 'backendRequest timeout must not be negative'});
    expect(denial(timeouts('request: -1s'))).toEqual({path: '/spec/rules/0/timeouts/request', message: 'request timeout must not be negative'});
  });

  it("refuses units K8sDuration does not know, in its parser's words", () => {
    expect(denial(timeouts('request: 1d'))).toEqual({
      path: '/spec/rules/0/timeouts/request', message: "invalid unit: expected one of 'ns', 'us', '\u00b5s', 'ms', 's', 'm', or 'h'",
    });
  });
});

describe('policy.linkerd.io HTTPRoute parents and backends (Validate<HttpRouteSpec>)', () => {
  it('does not look at backends: a Service backend without a port is admitted (only the Gateway API kinds are checked)', () => {
    expect(denial(route('  - backendRefs: [{name: web}]\n'))).toBeUndefined();
  });

  it('refuses an EgressNetwork parent without a port', () => {
    expect(denial(route('  - {}\n', '{name: internet, kind: EgressNetwork, group: policy.linkerd.io}')))
      .toEqual({path: '/spec/parentRefs/0', message: 'cannot target an EgressNetwork without specifying a port'});
  });

  it('parses the retry and timeout annotations only under a Service or EgressNetwork parent (the CRD defaults a parent to a policy.linkerd.io Gateway)', () => {
    const bad = '    retry.linkerd.io/limit: "many"\n';
    expect(denial(route('  - {}\n', undefined, bad))).toEqual({path: '/metadata/annotations/retry.linkerd.io~1limit', message: 'invalid digit found in string'});
    expect(denial(route('  - {}\n', '{name: web-http, kind: Server}', bad))).toBeUndefined();
    expect(denial(route('  - {}\n', '{name: web, kind: Service}', bad))).toBeUndefined();
  });
});
