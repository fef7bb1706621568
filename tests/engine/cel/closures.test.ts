/**
 * Compiled rules (src/engine/cel/closures.ts) against the interpreter they replace on the hot
 * path: for the same rule and the same `self`, the closures give cel-js's result and the cost
 * meter's charge (cost.ts, cel-go's runtime cost), or give the evaluation back to cel-js;
 * evaluateProgram's outcome is cel-js's in every case, errors and their wording included.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {compileClosure, evaluateProgram, runClosure, runsCompiled} from '../../../src/engine/cel/closures';
import {CelValueCache, toCelValue} from '../../../src/engine/cel/cel-value';
import {metered, PER_CALL_LIMIT, type Metered} from '../../../src/engine/cel/cost';
import {compileRule, errorSummary, isTransitionRule, type CelProgram} from '../../../src/engine/cel/rule-cache';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';
import {walkWithSchema} from '../../../src/engine/schema/walk';
import {sharedFile} from '../../support/shared';
import {seededRandom} from '../../../src/simulator/distribution';

function programOf(source: string): CelProgram {
  const compiled = compileRule(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.program;
}

/** What cel-js and the meter make of `rule` on `self`: the specification. */
function interpreted(program: CelProgram, self: unknown): Metered {
  return metered(() => program({self}));
}

/** An outcome as a comparable record: the value, or the error's first line, and the cost. */
function summary(outcome: Metered) {
  if ('result' in outcome) return {result: outcome.result, cost: outcome.cost};
  if ('error' in outcome) return {error: errorSummary(outcome.error), cost: outcome.cost};
  return {exceeded: true, cost: outcome.cost};
}

/** The closures' own answer on `self`: undefined when the rule is not compiled or they give up. */
function compiledOutcome(program: CelProgram, self: unknown) {
  interpreted(program, self); // cel-js checks the program on its first evaluation
  const closure = compileClosure((program as unknown as {ast: unknown}).ast);
  return closure && runClosure(closure, self);
}

/** The differential check: the closures agree with cel-js, or give up; evaluateProgram always agrees. */
function agree(source: string, self: unknown): 'compiled' | 'fell back' {
  const program = programOf(source);
  const expected = summary(interpreted(program, self));
  const fast = compiledOutcome(program, self);
  if (fast) expect({source, self, ...fast}).toEqual({source, self, ...expected});
  for (let i = 0; i < 2; i++) expect(summary(evaluateProgram(program, self))).toEqual(expected);
  return fast ? 'compiled' : 'fell back';
}

describe('rules the closures evaluate themselves, with the meter\'s charges', () => {
  it.each([
    ['field selection and equality', "self.mode == 'Terminate'", {mode: 'Terminate'}],
    ['a long string compared', "self.name == 'x'", {name: 'n'.repeat(95)}],
    ['ordering of ints and strings', "0 < self.port && self.port <= 65535 && self.a < 'b'", {port: 8080n, a: 'a'}],
    ['a ternary whose branch is a selection (free, as cel-go resolves it)', "(has(self.resolution) ? self.resolution : 'NONE') == 'NONE'", {resolution: 'STATIC'}],
    ['has() of a nested field', 'has(self.tls.mode)', {tls: {mode: 'Terminate'}}],
    ['the rewritten has() on an index', 'has(self.matches[0].path)', {matches: [{path: {}}]}],
    ['size of a map literal chosen by a ternary', '(((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0)', {selector: {matchLabels: {a: 'b'}}}],
    ['`in` a constant list', "self.protocol in ['HTTP', 'TCP', 'UDP']", {protocol: 'TCP'}],
    ['`in` a list read from self', 'self.name in self.names', {name: 'b', names: ['a', 'b', 'c']}],
    ['`in` a map', "'a' in self.labels", {labels: {a: 'x'}}],
    ['`in` the empty list, its operand never evaluated', 'self.missing in []', {}],
    ['string methods charged by size', "self.value.startsWith('/') && !self.value.contains('//') && !self.value.endsWith('/..')", {value: '/a/b/c/d/e/f/g/h/i/j/k/l/m'}],
    ['sums of ints', '(has(self.a) ? 1 : 0) + (has(self.b) ? 1 : 0) <= 1', {a: 'x'}],
    ['all, stopping at the first false', 'self.all(l, l.protocol != "UDP")', [{protocol: 'TCP'}, {protocol: 'UDP'}, {protocol: 'TCP'}]],
    ['exists, stopping at the first true', 'self.exists(l, l.protocol == "UDP")', [{protocol: 'TCP'}, {protocol: 'UDP'}, {protocol: 'TCP'}]],
    ['exists_one over every item', 'self.all(l1, self.exists_one(l2, l1.name == l2.name))', [{name: 'a'}, {name: 'b'}, {name: 'c'}]],
    ['a comprehension over a map\'s keys', 'self.all(key, key.size() != 0 && !key.contains("*"))', {a: '1', bb: '2'}],
    ['index by a comprehension variable (free, as an attribute qualifier)', 'self.all(k, self[k] != "")', {a: 'x', b: 'y'}],
    ['size() of strings counts code points', 'size(self.s) == 2 && self.t.size() == 1', {s: 'é😀', t: '😀'}],
    ['a string of astral characters ordered', "self.s < 'z'", {s: '😀'}],
    ['an empty all', 'self.all(x, x == 1)', []],
    ['matches (RE2), charged by text and pattern size', "self.type in ['Exact', 'PathPrefix'] ? self.value.matches('^(?:[-A-Za-z0-9/._~!$&()*+,;=:@]|[%][0-9a-fA-F]{2})+$') : true", {type: 'Exact', value: '/api/v2/%2Fx'}],
    ['matches (RE2) refusing a text', "self.matches('^[a-z]+$')", 'Shop-1'],
  ])('%s', (_name, source, self) => {
    expect(agree(source, self)).toBe('compiled');
  });
});

describe('give the evaluation back to cel-js, whose error and cost stand', () => {
  it.each([
    ['a missing key', "self.mode == 'Terminate'", {}],
    ['a missing key inside has()', 'has(self.tls.mode)', {}],
    ['operands of two types', 'self.a == 1', {a: 'x'}],
    ['int overflow', 'self.a + 1 > 0', {a: 2n ** 63n - 1n}],
    ['a non-bool condition', 'self.a ? true : false', {a: 'x'}],
    ['an error that `||` absorbs', 'self.missing == "x" || true', {}],
    ['an error an `all` absorbs', 'self.all(x, x.a == "b")', [{}, {a: 'c'}]],
    ['an index out of range', 'self[3] == "x"', ['a']],
    ['a presence test on a list', 'has(self.items[0].x.y)', {items: [[1n]]}],
    ['a map whose first value is undefined (cel-js cannot type it)', 'size(self.m) == 1', {m: {a: undefined}}],
    ['a pattern RE2 refuses', "self.matches('(a{2}){600}')", 'aa'],
    ['a cost past PerCallLimit', 'self.all(a, self.all(b, a == b || a != b))', Array.from({length: 800}, (_, i) => `s${i}`)],
  ])('%s', (_name, source, self) => {
    expect(agree(source, self)).toBe('fell back');
  });

  it('the cost limit stops an evaluation the closures began', () => {
    const program = programOf('self.all(a, self.all(b, a == b || a != b))');
    const self = Array.from({length: 800}, (_, i) => `s${i}`);
    const outcome = evaluateProgram(program, self);
    expect(outcome).toMatchObject({exceeded: true});
    expect(outcome.cost).toBeGreaterThan(PER_CALL_LIMIT);
  });

  it('leaves a rule calling a function outside the compiled subset to cel-js', () => {
    const program = programOf("duration(self) >= duration('1ms')");
    interpreted(program, '10ms');
    expect(compileClosure((program as unknown as {ast: unknown}).ast)).toBeUndefined();
    expect(summary(evaluateProgram(program, '10ms'))).toEqual(summary(interpreted(program, '10ms')));
    expect(summary(evaluateProgram(program, 'x'))).toEqual(summary(interpreted(program, 'x')));
    expect(summary(interpreted(program, 'x'))).toMatchObject({error: expect.stringMatching(/duration/i)});
  });

  it('stops trying the closures of a rule whose values keep falling back to cel-js', () => {
    // A missing field is cel-js's "no such key" error: the closures hand every such value back.
    const failing = programOf("self.zz_fallback_missing == 'x'");
    const missing = {other: 'x'};
    for (let i = 0; i < 15; i++) expect(summary(evaluateProgram(failing, missing))).toEqual(summary(interpreted(failing, missing)));
    expect(runsCompiled(failing)).toBe(true);
    for (let i = 0; i < 4; i++) expect(summary(evaluateProgram(failing, missing))).toEqual(summary(interpreted(failing, missing)));
    expect(runsCompiled(failing)).toBe(false);
    expect(summary(evaluateProgram(failing, {zz_fallback_missing: 'x'}))).toEqual({result: true, cost: expect.any(Number)});
  });

  it('keeps the closures of a rule that falls back now and then', () => {
    const sometimes = programOf("self.zz_fallback_sometimes == 'x'");
    for (let i = 0; i < 40; i++) {
      const self = i % 3 === 0 ? {other: 'x'} : {zz_fallback_sometimes: 'x'};
      expect(summary(evaluateProgram(sometimes, self))).toEqual(summary(interpreted(sometimes, self)));
    }
    expect(runsCompiled(sometimes)).toBe(true);
  });

  it('compiles nothing before cel-js has checked the program', () => {
    const compiled = compileRule('self.zz_unchecked == "a"');
    if (!compiled.ok) throw new Error(compiled.error);
    expect(compileClosure((compiled.program as unknown as {ast: unknown}).ast)).toBeUndefined();
  });
});

// ---- every rule of the reference CRDs, on their example documents and on generated values ----

const crdFiles = [
  ['istio-1.30.3/crd-all.gen.yaml', "Istio 1.30.3's CRDs"],
  ['gateway-api-v1.5.1/standard-install.yaml', "the Gateway API's standard CRDs"],
  ['gateway-api-v1.5.1/experimental-install.yaml', "the Gateway API's experimental CRDs"],
  ['linkerd-2.20/crds.yaml', "Linkerd 2.20's CRDs"],
].map(([path, what]) => sharedFile(`reference/${path}`, what!));
const exampleDirs = [
  ['istio-1.30.3/crd-tests', "Istio's CRD validation suite"],
  ['gateway-api-v1.5.1/examples', "the Gateway API's examples"],
  ['gateway-api-v1.5.1/invalid-examples', "the Gateway API's invalid examples"],
].map(([path, what]) => sharedFile(`reference/${path}`, what!));

interface Crd {
  spec: {names: {kind: string}; group: string; versions: {name: string; schema?: {openAPIV3Schema?: SchemaNode}}[]};
}

function crdsOf(path: string): Crd[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => document.toJS() as Crd | null)
    .filter((crd): crd is Crd => crd?.spec?.versions !== undefined);
}

const hasRules = (node: SchemaNode) => (node['x-kubernetes-validations']?.length ?? 0) > 0;

/** Every schema node carrying rules, depth first. */
function ruleNodes(node: SchemaNode, found: SchemaNode[] = []): SchemaNode[] {
  if (hasRules(node)) found.push(node);
  for (const child of Object.values(node.properties ?? {})) ruleNodes(child, found);
  if (node.items) ruleNodes(node.items, found);
  if (typeof node.additionalProperties === 'object') ruleNodes(node.additionalProperties, found);
  return found;
}

/** A small deterministic generator (the simulator's mulberry32), so a failure names a reproducible value. */
const random = seededRandom;

/** Strings the CRDs' rules compare with, so that generated values take both sides of their tests. */
const STRINGS = ['', 'a', 'b', '*', '*.example.com', 'example.com', '/', '/a', '/a/b', '//', '/./', '%2F', '#', 'HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP', 'Terminate', 'Passthrough', 'PathPrefix', 'Exact', 'RegularExpression', 'ReplacePrefixMatch', 'ReplaceFullPath', 'RequestRedirect', 'URLRewrite', 'RequestMirror', 'Gateway', 'Service', 'ListenerSet', 'gateway.networking.k8s.io', 'core', 'default', '1s', '10ms', 'GET', 'é😀', 'n'.repeat(70)];
const INTEGERS = [0, 1, 2, 80, 443, 8080, 65535, 65536, -1];

function generate(node: SchemaNode | undefined, next: () => number, depth: number): unknown {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  if (!node) return pick(STRINGS);
  if (node.enum && next() < 0.8) return pick(node.enum);
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (node['x-kubernetes-int-or-string']) return next() < 0.5 ? pick(INTEGERS) : pick(STRINGS);
  switch (type) {
    case 'string':
      return pick(STRINGS);
    case 'integer':
      return pick(INTEGERS);
    case 'number':
      return pick([0, 0.5, 1, 2.5]);
    case 'boolean':
      return next() < 0.5;
    case 'array': {
      const list: unknown[] = [];
      const length = depth > 4 ? 0 : Math.floor(next() * 4);
      for (let i = 0; i < length; i++) list.push(i > 0 && next() < 0.3 ? list[0] : generate(node.items, next, depth + 1));
      return list;
    }
    default: {
      if (depth > 5) return {};
      const record: Record<string, unknown> = {};
      const required = new Set(node.required ?? []);
      for (const [field, child] of Object.entries(node.properties ?? {})) {
        if (next() < (required.has(field) ? 0.9 : 0.55)) record[field] = generate(child, next, depth + 1);
      }
      if (typeof node.additionalProperties === 'object') {
        const count = Math.floor(next() * 3);
        for (let i = 0; i < count; i++) record[pick(['a', 'b', 'x.y/z', '', '*'])] = generate(node.additionalProperties, next, depth + 1);
      }
      return record;
    }
  }
}

/** Compares every rule of `node` on `value`, as evaluateRules prepares it; tallies what the closures did. */
function compareAt(node: SchemaNode, value: unknown, tally: {compiled: number; fellBack: number; rules: Set<string>}): void {
  if (value === null && node.nullable !== true) return;
  const self = toCelValue(value, node, new CelValueCache());
  for (const rule of node['x-kubernetes-validations']!) {
    if (isTransitionRule(rule.rule) || !compileRule(rule.rule).ok) continue;
    const verdict = agree(rule.rule, self);
    if (verdict === 'compiled') {
      tally.compiled++;
      tally.rules.add(rule.rule);
    } else tally.fellBack++;
  }
}

describe.skipIf(crdFiles.some((file) => !file.available))('every rule of the reference CRDs', () => {
  const crds = crdFiles.flatMap((file) => crdsOf(file.path));
  const schemas = crds.flatMap((crd) =>
    crd.spec.versions.flatMap((version) => (version.schema?.openAPIV3Schema ? [{crd, version: version.name, schema: version.schema.openAPIV3Schema}] : [])),
  );

  it('agrees with cel-js on generated values at every node that carries rules', () => {
    const tally = {compiled: 0, fellBack: 0, rules: new Set<string>()};
    const all = new Set<string>();
    let seed = 1;
    for (const {schema} of schemas) {
      for (const node of ruleNodes(schema)) {
        for (const rule of node['x-kubernetes-validations']!) all.add(rule.rule);
        const next = random(seed++);
        for (let sample = 0; sample < 12; sample++) compareAt(node, generate(node, next, 0), tally);
      }
    }
    console.log(`closures: ${tally.compiled} evaluations compiled, ${tally.fellBack} given to cel-js; ${tally.rules.size} of ${all.size} distinct rules compiled`);
    expect(all.size).toBeGreaterThan(100);
    // Most rules are in the compiled subset, and most of their evaluations stay there.
    expect(tally.rules.size).toBeGreaterThan(all.size / 2);
    expect(tally.compiled).toBeGreaterThan(tally.fellBack);
  });

  it.skipIf(exampleDirs.some((dir) => !dir.available))('agrees with cel-js on the suites\' and examples\' documents', () => {
    const byKind = new Map(schemas.map(({crd, version, schema}) => [`${crd.spec.group}/${version}/${crd.spec.names.kind}`, schema]));
    const tally = {compiled: 0, fellBack: 0, rules: new Set<string>()};
    const files = exampleDirs.flatMap((dir) => readdirSync(dir.path, {recursive: true, encoding: 'utf8'}).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(dir.path, name)));
    for (const file of files) {
      for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const resource = document.toJS() as {apiVersion?: string; kind?: string} | null;
        const schema = resource?.apiVersion && resource.kind ? byKind.get(`${resource.apiVersion}/${resource.kind}`) : undefined;
        if (!schema) continue;
        walkWithSchema(schema, resource, '', hasRules, (node, value) => compareAt(node, value, tally));
      }
    }
    console.log(`closures on documents: ${tally.compiled} evaluations compiled, ${tally.fellBack} given to cel-js`);
    expect(files.length).toBeGreaterThan(50);
    expect(tally.compiled).toBeGreaterThan(100);
  });

});
