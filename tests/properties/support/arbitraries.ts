/**
 * Generators shared by the faces' properties: YAML-ish text and its mutations, hostile
 * strings (control characters, markup, regexes that make backtracking engines hang,
 * names of Object.prototype's members), and Istio resources built from them.
 */
import fc from 'fast-check';
import {dump} from 'js-yaml';
import {readFileSync} from 'node:fs';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

/** Well-formed manifests to mutate: a canary split, a broken VirtualService, a cluster context. */
export const SEED_MANIFESTS = [fixture('reviews-canary.yaml'), fixture('broken.yaml'), fixture('context/cluster.yaml')];

/** Pieces of YAML syntax, with the characters that break it (NUL, a lone surrogate, CR, BOM). */
export const YAML_TOKENS = [':', '-', ' ', '  ', '\t', '"', "'", '[', ']', '{', '}', '&a', '*a', '\n', '\r', '\r\n', '#', '|', '>', '!', '!!int', '%', '@', '`',
  '?', ',', '<<: *a', '---\n', '...\n', '\u0000', '\ufeff', 'é', '\ud83d', '\\e', '"\\e[31m"', '\u009b'];

export type Mutation =
  | {kind: 'insert'; at: number; text: string}
  | {kind: 'delete'; at: number; length: number}
  | {kind: 'duplicateLine'; at: number}
  | {kind: 'swapLines'; at: number; other: number};

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...YAML_TOKENS)}),
  fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({min: 1, max: 8})}),
  fc.record({kind: fc.constant('duplicateLine' as const), at: fc.nat()}),
  fc.record({kind: fc.constant('swapLines' as const), at: fc.nat(), other: fc.nat()}),
);

/** Applies edits as a person typing would: characters in and out, lines duplicated and swapped. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const at = result.length ? m.at % result.length : 0;
    if (m.kind === 'insert') result = result.slice(0, at) + m.text + result.slice(at);
    else if (m.kind === 'delete') result = result.slice(0, at) + result.slice(at + m.length);
    else {
      const lines = result.split('\n');
      const i = m.at % lines.length;
      if (m.kind === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else {
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      result = lines.join('\n');
    }
  }
  return result;
}

/** A seed manifest with one to six edits. */
export const mutatedManifest: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...SEED_MANIFESTS), fc.array(mutation, {minLength: 1, maxLength: 6}))
  .map(([seed, mutations]) => mutate(seed, mutations));

/** Token soup: YAML syntax in random order. */
export const yamlSoup: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...YAML_TOKENS, 'a', 'key', 'apiVersion: v1', 'kind: Service', 'yes', '0755', '~'), {maxLength: 120})
  .map((tokens) => tokens.join(''));

/** Names of Object.prototype's members, and `__proto__`: keys that plain-object code mistakes for its own. */
export const OWN_KEY_TRAPS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'isPrototypeOf'];

/** Text that breaks printers and markup: control characters, quotes, angle brackets, Mermaid and HTML syntax. */
export const MARKUP_TRAPS = ['"', '<', '>', '<script>', '&', '#', '%%', '%%{init: {}}%%', '%%{', '}%%', 'click', 'javascript:alert(1)', '`', '|', '[', ']', '(', ')', '{', '}', ';', '\n', '\r', '\u2028',
  '\u001b[2J', '\u001b]0;title\u0007', '\u009b31m', '\u0007', '\u0000', '\u0085', '\ud800', 'é', '🙂', ':::problem', '-->', 'end'];

/** Short strings mixing ordinary letters with the traps. */
export const trapText: fc.Arbitrary<string> = fc
  .array(fc.oneof({weight: 3, arbitrary: fc.string({maxLength: 6})}, {weight: 2, arbitrary: fc.constantFrom(...MARKUP_TRAPS, ...OWN_KEY_TRAPS)}), {maxLength: 5})
  .map((parts) => parts.join(''));

/**
 * Regexes: RE2-compatible ones, ones RE2 refuses (lookaround, backreferences, repeat counts
 * above 1000) and ones that make a backtracking engine hang (nested quantifiers, long runs of `.*`).
 */
export const HANGING_REGEXES = ['(a+)+b', '/(a+)+b', '(a|a)*b', '(a|aa)+$', '(.*)*!', `${'.*'.repeat(100)}!`, '(x+x+)+y', '(\\w+\\s?)+$', '^(a?){30}a{30}$'];
/** Regexes the cluster accepts: the hanging ones too (RE2 has no trouble with them). */
export const ACCEPTED_REGEXES = [...HANGING_REGEXES, '(?i)jason', '^/api/v[0-9]+/.*$', '.*', 'a|b', '[a-z]+', '\\d{1,3}'];
export const regex: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HANGING_REGEXES, '(a{2}){600}', 'a{1001}', '(?=a)a', '(a)\\1', '(?i)jason', '^/api/v[0-9]+/.*$', '.*', '[', '(', '\\', '(?P<n>a)'),
  fc.array(fc.constantFrom('a', 'b', '.', '*', '+', '?', '(', ')', '|', '[a-z]', '\\d', '{2}', '{1,3}', '^', '$', '/', '(?i)', 'ä'), {maxLength: 12}).map((parts) => parts.join('')),
);

/** Header names: ordinary, hop-by-hop, pseudo-headers, own-key traps, odd text. */
export const headerName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('end-user', 'x-test', 'user-agent', 'cookie', 'host', 'constructor', '__proto__', 'tostring', 'hasownproperty'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
);

/** A header or query value: short text, traps, or long runs that feed backtracking. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  trapText,
  fc.constantFrom('jason', 'a'.repeat(40), 'a'.repeat(40) + 'c', ' '.repeat(30), 'x'.repeat(2_000)),
);

/**
 * Istio resources from generated values. A configuration the cluster refuses stops at
 * validation, so most generated labs use only values it accepts (ordinary and hostile
 * alike: hanging regexes, own-key header names, control characters in values, replica
 * counts); `refused` labs also draw, now and then, values the cluster refuses.
 */
function labArbitraries(refused: boolean) {
  /** `usual`, or with `refused` now and then `bad`. */
  const sometimes = <T>(usual: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    refused ? fc.oneof({weight: 6, arbitrary: usual}, {weight: 1, arbitrary: bad}) : usual;

  const value = sometimes(headerValue.filter((v) => v !== ''), fc.constant(''));
  const stringMatch: fc.Arbitrary<Record<string, string>> = fc.oneof(
    fc.record({exact: value}),
    fc.record({prefix: value}),
    fc.record({regex: sometimes(fc.constantFrom(...ACCEPTED_REGEXES), regex)}),
  );
  const name = sometimes(headerName, fc.constantFrom(':authority', 'Host', 'x-\u001b[31m', 'toString', 'a b', ''));
  const labelKey = sometimes(fc.constantFrom('app', 'version', 'constructor', 'tostring'), fc.constantFrom(...OWN_KEY_TRAPS));

  const httpMatch = fc.record({
    uri: stringMatch,
    method: fc.constantFrom({exact: 'GET'}, {exact: 'POST'}, {regex: 'GET|POST'}, {prefix: 'P'}),
    headers: mapOf(name, fc.oneof(stringMatch, fc.constant({})), 3),
    queryParams: mapOf(fc.constantFrom('q', 'page', 'constructor', '__proto__'), stringMatch, 2),
    withoutHeaders: mapOf(name, stringMatch, 2),
    ignoreUriCase: fc.boolean(),
    port: sometimes(fc.constantFrom(9080, 80), fc.constantFrom(0, 70000)),
    sourceLabels: mapOf(labelKey, fc.constantFrom('productpage', 'v1', 'x'), 2),
  }, {requiredKeys: []});

  const destination = fc.record({
    destination: fc.record({
      host: sometimes(fc.constantFrom('reviews', 'reviews.default.svc.cluster.local', 'ratings', 'nowhere'), fc.constantFrom('REVIEWS', '*.example.com', '')),
      subset: sometimes(fc.constantFrom('v1', 'v2', 'v3', 'v7'), fc.constantFrom('__proto__', 'constructor')),
      port: fc.record({number: fc.constantFrom(9080, 80)}),
    }, {requiredKeys: ['host']}),
    weight: sometimes(fc.integer({min: 0, max: 100}), fc.constantFrom(-1, 1e20, 0.5, 2 ** 31)),
  }, {requiredKeys: ['destination']});

  const percentage = sometimes(fc.constantFrom(0, 10, 50, 100, 33.3), fc.constantFrom(150, -5));
  /** What a rule does: route to destinations (most often), redirect, or answer directly. */
  const action = fc.oneof(
    {weight: 8, arbitrary: fc.record({
      route: fc.array(destination, {minLength: 1, maxLength: 3}),
      fault: fc.record({
        abort: fc.record({httpStatus: fc.constantFrom(503, 500, 418), percentage: fc.record({value: percentage})}),
        delay: fc.record({fixedDelay: fc.constantFrom('5s', '1ms', '0.5s'), percentage: fc.record({value: percentage})}),
      }, {requiredKeys: []}).filter((fault) => refused || Object.keys(fault).length > 0),
      timeout: fc.constantFrom('1s', '0.5s', '10ms'),
      retries: fc.oneof(fc.record({attempts: fc.constantFrom(1, 3, 1000), perTryTimeout: fc.constantFrom('1s', '2s')}, {requiredKeys: ['attempts']}), fc.constant({attempts: 0})),
    }, {requiredKeys: ['route']})},
    {weight: 1, arbitrary: fc.record({redirect: fc.record({uri: trapText.map((t) => `/${t}`), authority: fc.constantFrom('example.com', 'reviews:9080')}, {requiredKeys: []})})},
    {weight: 1, arbitrary: fc.record({directResponse: fc.record({status: fc.constantFrom(200, 404, 503)})})},
  );
  const httpRoute = fc.tuple(fc.record({name: trapText, match: fc.array(httpMatch, {maxLength: 3})}, {requiredKeys: []}), action)
    .map(([rule, then]) => ({...rule, ...then}));

  const virtualService = fc.record({
    name: fc.constantFrom('reviews', 'reviews-b', 'reviews-c'),
    hosts: fc.uniqueArray(sometimes(fc.constantFrom('reviews', 'ratings', 'bookinfo.example.com'), fc.constantFrom('*', '*.svc.cluster.local', 'reviews.default.svc.cluster.local')), {minLength: 1, maxLength: 2}),
    gateways: fc.option(fc.constantFrom(['mesh'], ['bookinfo-gateway'], ['mesh', 'bookinfo-gateway']), {nil: undefined, freq: 3}),
    http: fc.array(httpRoute, {minLength: 1, maxLength: 4}),
  }).map(({name, hosts, gateways, http}) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name, namespace: 'default'},
    spec: {hosts, ...(gateways ? {gateways} : {}), http},
  }));

  const subsetName = sometimes(fc.constantFrom('v1', 'v2', 'v3', 'v7'), fc.constantFrom('__proto__', 'constructor'));
  const destinationRule = fc.uniqueArray(fc.tuple(subsetName, fc.constantFrom('v1', 'v2', 'v3', 'v9')), {minLength: 1, maxLength: 4, selector: ([subset]) => subset}).map((subsets) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: {name: 'reviews', namespace: 'default'},
    spec: {host: 'reviews', subsets: subsets.map(([subset, version]) => ({name: subset, labels: {version}}))},
  }));

  /** A Deployment that replaces one of the lab's reviews Deployments, with a hostile replica count. */
  const deployment = fc.record({
    version: fc.constantFrom('v1', 'v2'),
    replicas: fc.constantFrom(0, 1, 3, 100_000_000, 1e20, -1, 2.5, 2 ** 31),
  }).map(({version, replicas}) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: `reviews-${version}`, namespace: 'default', labels: {app: 'reviews', version}},
    spec: {replicas, selector: {matchLabels: {app: 'reviews', version}}, template: {metadata: {labels: {app: 'reviews', version}}, spec: {containers: [{name: 'reviews', image: 'reviews'}]}}},
  }));

  return fc
    .tuple(fc.uniqueArray(virtualService, {minLength: 1, maxLength: 3, selector: (vs) => vs.metadata.name}), fc.option(destinationRule, {nil: undefined}), fc.option(deployment, {nil: undefined}))
    .map(([services, rule, workload]) => [...services, ...(rule ? [rule] : []), ...(workload ? [workload] : [])].map((document) => dump(document, {lineWidth: -1})).join('---\n'));
}

/** Objects with keys taken from generated names, own-key traps included (Object.fromEntries keeps `__proto__` an own key). */
function mapOf<V>(key: fc.Arbitrary<string>, value: fc.Arbitrary<V>, maxKeys: number): fc.Arbitrary<Record<string, V>> {
  return fc.array(fc.tuple(key, value), {maxLength: maxKeys}).map((entries) => Object.fromEntries(entries));
}

/** A lab's YAML: one to three VirtualServices, perhaps a DestinationRule and a Deployment, as a reader would write them (one in four with values the cluster refuses). */
export const labYaml: fc.Arbitrary<string> = fc.oneof({weight: 3, arbitrary: labArbitraries(false)}, {weight: 1, arbitrary: labArbitraries(true)});

/** A request from the lab's request panel. */
export const labRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'get', 'DELETE', ''),
  host: fc.oneof({weight: 4, arbitrary: fc.constantFrom('reviews', 'reviews:9080', 'REVIEWS', 'reviews.default.svc.cluster.local')}, {weight: 1, arbitrary: fc.constantFrom('reviews:80', 'ratings', 'nowhere', '', 'reviews:99999')}),
  path: fc.oneof(fc.constantFrom('/', '/reviews/1', `/${'a'.repeat(40)}`, '/api/v1/x?q=1&page=2', '?q=a', ''), trapText),
  headers: mapOf(headerName, headerValue, 3),
});
