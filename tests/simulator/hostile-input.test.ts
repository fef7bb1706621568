/**
 * Hostile input to the simulator: regexes that make a backtracking engine run for hours
 * answer at once (Envoy matches with RE2, linear time), and user-chosen names that happen to
 * be Object.prototype's (`constructor`, `__proto__`, `toString`, `hasOwnProperty`) are
 * ordinary header, query parameter and label names.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {routeInProcess} from '../support/route-in-process';
import {re2FullMatcher, re2GlobalReplace, UnsupportedRegexError} from '../../src/simulator/regex';
import {labResources, reviewsVs, route, sharesBySubset} from './helpers';

/** Loose: a backtracking engine takes minutes to years on these inputs, RE2 milliseconds. */
const HANG_BOUND_MS = 5000;

function timed<T>(run: () => T): T {
  const started = Date.now();
  const result = run();
  expect(Date.now() - started).toBeLessThan(HANG_BOUND_MS);
  return result;
}

const MANY_STARS = `${'.*'.repeat(100)}!`;
const NESTED_PLUS = '/(a+)+b';
const FORTY_AS = `/${'a'.repeat(40)}`;

/** v2 for requests whose header/uri matches `match` (YAML under `- match:`), v1 otherwise. */
const matchOrV1 = (match: string): string => reviewsVs(`    - match:\n      - ${match}\n      route:\n      - destination: {host: reviews, subset: v2}\n    - route:\n      - destination: {host: reviews, subset: v1}\n`);

describe('regexes that backtrack without bound in JavaScript', () => {
  it(`matches a header regex of 100 ".*" and "!" in linear time`, () => {
    const yaml = matchOrV1(`headers: {x-note: {regex: ${JSON.stringify(MANY_STARS)}}}`);
    const miss = timed(() => route({yaml, request: `GET http://reviews:9080/ -H 'x-note: ${'x'.repeat(60)}'`}));
    expect(sharesBySubset(miss)).toEqual({v1: 1});
    const hit = timed(() => route({yaml, request: `GET http://reviews:9080/ -H 'x-note: ${'x'.repeat(60)}!'`}));
    expect(sharesBySubset(hit)).toEqual({v2: 1});
  });

  it('matches /(a+)+b against a path of 40 a\'s in linear time', () => {
    const yaml = matchOrV1(`uri: {regex: ${JSON.stringify(NESTED_PLUS)}}`);
    expect(sharesBySubset(timed(() => route({yaml, request: `GET http://reviews:9080${FORTY_AS}`})))).toEqual({v1: 1});
    expect(sharesBySubset(timed(() => route({yaml, request: `GET http://reviews:9080${FORTY_AS}b`})))).toEqual({v2: 1});
  });

  it('matches the whole value with RE2 semantics, not JavaScript\'s', () => {
    expect(re2FullMatcher('a|ab').test('ab')).toBe(true);
    expect(re2FullMatcher('(?i)abc').test('ABC')).toBe(true);
    expect(re2FullMatcher('\\Aab\\z').test('ab')).toBe(true);
    expect(re2FullMatcher('(?s)a.b').test('a\nb')).toBe(true);
    expect(re2FullMatcher('a.b').test('a\nb')).toBe(false);
    expect(re2FullMatcher('\\pL+').test('Grüße')).toBe(true);
    expect(() => re2FullMatcher('a(?=b)')).toThrow(UnsupportedRegexError);
    expect(() => re2FullMatcher('(a{2}){600}')).toThrow(/invalid repeat count/);
  });

  it('refuses a program larger than Envoy loads (re2.max_program_size.error_level 32768)', () => {
    expect(() => re2FullMatcher('(?:[a-z]{1000}){1}'.repeat(40))).toThrow(/Envoy refuses more than 32768/);
  });

  it('rewrites in linear time with a hostile uriRegexRewrite', () => {
    const yaml = reviewsVs(`    - rewrite:\n        uriRegexRewrite: {match: ${JSON.stringify('(a+)+b')}, rewrite: /x}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    const decision = timed(() => route({yaml, request: `GET http://reviews:9080${FORTY_AS}`}));
    expect(decision.rewrite?.path).toBe(FORTY_AS);
  });
});

describe('meshdive route with hostile regexes', () => {
  const work = mkdtempSync(join(tmpdir(), 'meshdive-hostile-'));

  async function meshdiveRoute(yaml: string, request: string): Promise<{status: number; stdout: string; stderr: string}> {
    const file = join(work, `vs-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, yaml);
    const started = Date.now();
    const result = await routeInProcess(['--request', request, '--context', 'labs/contexts/reviews.yaml', '--format', 'json', file]);
    expect(Date.now() - started).toBeLessThan(HANG_BOUND_MS);
    return result;
  }

  it.each([
    {match: `headers: {x-note: {regex: ${JSON.stringify(MANY_STARS)}}}`, request: `GET http://reviews:9080/ -H 'x-note: ${'x'.repeat(60)}'`, subset: 'v1'},
    {match: `headers: {x-note: {regex: ${JSON.stringify(MANY_STARS)}}}`, request: `GET http://reviews:9080/ -H 'x-note: ${'x'.repeat(60)}!'`, subset: 'v2'},
    {match: `uri: {regex: ${JSON.stringify(NESTED_PLUS)}}`, request: `GET http://reviews:9080${FORTY_AS}`, subset: 'v1'},
    {match: `uri: {regex: ${JSON.stringify(NESTED_PLUS)}}`, request: `GET http://reviews:9080${FORTY_AS}b`, subset: 'v2'},
  ])('answers $match for $subset quickly', async ({match, request, subset}) => {
    const result = await meshdiveRoute(matchOrV1(match), request);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const {decision} = JSON.parse(result.stdout) as {decision: {destinations: Array<{subset?: string}>}};
    expect(decision.destinations.map((d) => d.subset)).toEqual([subset]);
  });
});

describe('regexRewrite substitutes as RE2::GlobalReplace', () => {
  const rewritten = (match: string, rewrite: string, path: string): string | undefined => {
    const yaml = reviewsVs(`    - rewrite:\n        uriRegexRewrite: {match: ${JSON.stringify(match)}, rewrite: ${JSON.stringify(rewrite)}}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    return route({yaml, request: `GET http://reviews:9080${path}`}).rewrite?.path;
  };

  it('writes groups as \\1, leaving the query alone', () => {
    expect(rewritten('^/service/([^/]+)(/.*)$', '\\2/instance/\\1', '/service/foo/v1/api?x=1')).toBe('/v1/api/instance/foo');
    expect(rewritten('/v1/', '/v2/', '/v1/a/v1/b')).toBe('/v2/a/v2/b');
    expect(rewritten('^/(.*)', '/\\0', '/x')).toBe('//x');
  });

  it('keeps $ and a \\\\ as written', () => {
    expect(rewritten('^/a', '/$1\\\\', '/a')).toBe('/$1\\');
  });

  it('replaces nothing when the substitution names a group the regex lacks', () => {
    expect(rewritten('^/(a)', '/\\2', '/a')).toBe('/a');
  });

  it('skips an empty match right after a match, as RE2 does', () => {
    expect(re2GlobalReplace('a*', 'baaac', '-')).toBe('-b-c-');
    expect(re2GlobalReplace('x*', '😀a', '-')).toBe('-😀-a-');
    expect(re2GlobalReplace('^/a', '/a/a', '/b')).toBe('/b/a');
  });
});

describe('Object.prototype names are ordinary names', () => {
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

  it.each(names)('header %s: a presence match needs the header', (name) => {
    const yaml = matchOrV1(`headers: {${JSON.stringify(name)}: {}}`);
    expect(sharesBySubset(route({yaml, request: 'GET http://reviews:9080/'}))).toEqual({v1: 1});
    expect(sharesBySubset(route({yaml, request: `GET http://reviews:9080/ -H '${name}: yes'`}))).toEqual({v2: 1});
  });

  it.each(names)('header %s: exact, prefix and regex compare the header value', (name) => {
    for (const matcher of ['{exact: abc}', '{prefix: ab}', '{regex: "a.c"}']) {
      const yaml = matchOrV1(`headers: {${JSON.stringify(name)}: ${matcher}}`);
      expect(sharesBySubset(route({yaml, request: 'GET http://reviews:9080/'}))).toEqual({v1: 1});
      expect(sharesBySubset(route({yaml, request: `GET http://reviews:9080/ -H '${name}: abc'`}))).toEqual({v2: 1});
      expect(sharesBySubset(route({yaml, request: `GET http://reviews:9080/ -H '${name}: xyz'`}))).toEqual({v1: 1});
    }
  });

  it.each(names)('withoutHeaders %s: a missing header does not count as present', (name) => {
    const yaml = matchOrV1(`withoutHeaders: {${JSON.stringify(name)}: {}}`);
    expect(sharesBySubset(route({yaml, request: 'GET http://reviews:9080/'}))).toEqual({v2: 1});
    expect(sharesBySubset(route({yaml, request: `GET http://reviews:9080/ -H '${name}: yes'`}))).toEqual({v1: 1});
  });

  it.each(names)('query parameter %s', (name) => {
    const yaml = matchOrV1(`queryParams: {${JSON.stringify(name)}: {exact: abc}}`);
    expect(sharesBySubset(route({yaml, request: 'GET http://reviews:9080/'}))).toEqual({v1: 1});
    expect(sharesBySubset(route({yaml, request: `GET http://reviews:9080/?${name}=abc`}))).toEqual({v2: 1});
  });

  it('parses -H with those names into own headers', async () => {
    const {parseRequest} = await import('../../src/simulator/request');
    const request = parseRequest(`GET http://reviews:9080/ ${names.map((n) => `-H '${n}: v-${n}'`).join(' ')}`);
    for (const name of names) expect(Object.getOwnPropertyDescriptor(request.headers, name.toLowerCase())?.value).toBe(`v-${name}`);
    expect(Object.getPrototypeOf(request.headers)).toBe(Object.prototype);
  });

  it.each(names)('sourceLabels %s: the client needs that label', (name) => {
    const client = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'client', namespace: 'default'},
      spec: {selector: {matchLabels: {app: 'client'}}, template: {metadata: {labels: JSON.parse(`{"app": "client", ${JSON.stringify(name)}: "yes"}`)}}},
    };
    const other = {...client, metadata: {name: 'other', namespace: 'default'}, spec: {selector: {matchLabels: {app: 'other'}}, template: {metadata: {labels: {app: 'other'}}}}};
    const context = [...labResources('reviews'), client, other];
    const yaml = matchOrV1(`sourceLabels: {${JSON.stringify(name)}: "yes"}`);
    expect(sharesBySubset(route({context, yaml, request: 'GET http://reviews:9080/', from: 'default/client'}))).toEqual({v2: 1});
    const decision = route({context, yaml, request: 'GET http://reviews:9080/', from: 'default/other'});
    expect(sharesBySubset(decision)).toEqual({v1: 1});
    expect(decision.trace.map((s) => s.message).join('\n')).toContain(`sourceLabels need ${name}=yes on the client`);
  });

  it.each(names)('subset label %s selects the pods that carry it', (name) => {
    const context = labResources('reviews').map((r) => {
      const resource = r as {kind: string; metadata: {name: string}; spec: {template: {metadata: {labels: Record<string, string>}}}};
      if (resource.kind !== 'Deployment' || resource.metadata.name !== 'reviews-v3') return resource;
      const labels = JSON.parse(`{"app": "reviews", "version": "v3", ${JSON.stringify(name)}: "yes"}`) as Record<string, string>;
      return {...resource, spec: {...resource.spec, template: {...resource.spec.template, metadata: {labels}}}};
    });
    const rule = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-odd, namespace: default}
spec:
  host: reviews
  subsets:
  - name: odd
    labels: {${JSON.stringify(name)}: "yes"}
---
`;
    const yaml = rule + reviewsVs(`    - route:\n      - destination: {host: reviews, subset: odd}\n`);
    const decision = route({context: context.filter((r) => (r as {kind: string}).kind !== 'DestinationRule'), yaml, request: 'GET http://reviews:9080/'});
    expect(decision.destinations[0]!.pods.every((pod) => pod.startsWith('reviews-v3-'))).toBe(true);
    expect(decision.destinations[0]!.pods.length).toBeGreaterThan(0);
  });
});
