/**
 * Validation (validateYaml) on any text: it answers, in bounded time, with diagnostics
 * that point inside the text (each range's end at or after its start), sorted, bounded in
 * number and size by the input, and the same answer for the same text.
 */
import fc from 'fast-check';
import {dump} from 'js-yaml';
import {afterAll, describe, expect, it} from 'vitest';
import {parseYaml} from '../../src/engine/yaml/index';
import {resolvePlainScalar} from '../../src/engine/yaml/scalars';
import {HOSTILE_YAML} from './hostile-inputs';
import {mutatedManifest, yamlSoup} from './support/arbitraries';
import {callFace, CASE_TIME_BOUND_MS, LARGE_CASE_TIME_BOUND_MS, stopFaces} from './support/bounded';
import type {ValidateFaceOptions} from './support/faces';
import {expectSameAnswer, expectWellFormedDiagnostics, linesOf, rangeProblem} from './support/invariants';
import {checkProperty, PROPERTY_TEST_TIMEOUT_MS} from './support/property';

afterAll(stopFaces);

function validate(text: string, options: ValidateFaceOptions = {}, bound = CASE_TIME_BOUND_MS) {
  return callFace('validate', [text, options], bound);
}

/** Validates: well-formed diagnostics; validated again (except at full hostile size, to keep the suite lean), the same ones. */
function checkValidation(text: string, options: ValidateFaceOptions = {}, bound = CASE_TIME_BOUND_MS, again = true): void {
  const first = validate(text, options, bound);
  expectWellFormedDiagnostics(text, first.diagnostics, first.documents.length);
  const lines = linesOf(text);
  expect(first.documents.map((d) => rangeProblem(lines, d.range, `document ${d.index}`)).find(Boolean)).toBeUndefined();
  if (again) expectSameAnswer(first, validate(text, options, bound), 'validation');
}

describe('validation of any text', () => {
  it('answers well-formed diagnostics for random text (any UTF-16, lone surrogates and NUL included)', () => {
    checkProperty(fc.property(fc.string({unit: 'binary', maxLength: 400}), (text) => checkValidation(text)), {numRuns: 100});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('answers well-formed diagnostics for YAML token soup', () => {
    checkProperty(fc.property(yamlSoup, (text) => checkValidation(text)), {numRuns: 150});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('answers well-formed diagnostics for mutated manifests, alone and against a lab context', () => {
    checkProperty(fc.property(mutatedManifest, fc.constantFrom<ValidateFaceOptions>({}, {contextLab: 'reviews'}, {analysis: false}), (text, options) => checkValidation(text, options)), {numRuns: 150});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('reads back what a YAML dumper wrote (strings, numbers, booleans, null, nesting)', () => {
    // js-yaml's dumper leaves a few strings plain that go-yaml reads as numbers (`0_8` is 8 for
    // kubectl): those are not round-trippable by design, so random strings exclude them.
    const goString = (text: string) => resolvePlainScalar(text).tag === 'str';
    const key = fc.string({minLength: 1, maxLength: 8}).filter((k) => k !== '<<' && goString(k));
    const scalar = fc.oneof(fc.string({maxLength: 12}).filter(goString), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('yes', 'no', 'on', 'off', 'y', 'n', '0755', '0x1F', '1_000', '~', '1e3', '.inf', '2001-12-14'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({depthSize: 'small'}, scalar, fc.array(tie('node'), {maxLength: 4}), fc.dictionary(key, tie('node'), {maxKeys: 4})),
    })).node;
    checkProperty(fc.property(fc.dictionary(key, value, {maxKeys: 5}), (object) => {
      const text = dump(object);
      const parsed = parseYaml(text, {maxBytes: 1 << 20});
      expect(parsed.documents[0]!.problems).toEqual([]);
      expect(parsed.documents[0]!.value).toEqual(object);
    }), {numRuns: 150});
  }, PROPERTY_TEST_TIMEOUT_MS);
});

describe('validation of the hostile inputs', () => {
  it.each(HOSTILE_YAML.map((input) => [input.name, input] as const))('%s: well-formed diagnostics in bounded time', (_, input) => {
    checkValidation(input.text, {contextLab: 'reviews'}, input.large ? LARGE_CASE_TIME_BOUND_MS : CASE_TIME_BOUND_MS, !input.large);
  }, LARGE_CASE_TIME_BOUND_MS + 10_000);

  it('rejects `(a{2}){600}` as Go\'s regexp does: invalid repeat count', () => {
    const input = HOSTILE_YAML.find((i) => i.text.includes('(a{2}){600}'))!;
    const errors = validate(input.text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message).join('\n')).toContain('invalid repeat count');
  });

  it('reads a byte order mark after `---` as YAML 1.2 and kubectl (which decodes each document alone) do: skipped', () => {
    const input = HOSTILE_YAML.find((i) => i.text.includes('---\n\ufeff'))!;
    const summary = (text: string) => validate(text, {contextLab: 'reviews'}).diagnostics.map((d) => `${d.range.start.line} ${d.severity} ${d.code}: ${d.message}`);
    expect(summary(input.text)).toEqual(summary(input.text.replace('\ufeff', '')));
  });

  it('reports `constructor` and `__proto__` written as fields as unknown fields, as kubectl\'s strict decoding does', () => {
    const input = HOSTILE_YAML.find((i) => i.text.includes('constructor: {prefix: x}'))!;
    const errors = validate(input.text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.path)).toEqual(expect.arrayContaining(['/spec/__proto__', '/spec/http/0/match/0/constructor']));
    expect(errors.find((d) => d.path === '/spec/__proto__')?.message).toContain('unknown field');
  });

  it('keeps a `__proto__` key an ordinary key: the document\'s value has it as its own property', () => {
    const input = HOSTILE_YAML.find((i) => i.text.includes('__proto__: polluted'))!;
    const value = parseYaml(input.text).documents[0]!.value as {metadata: {labels: Record<string, unknown>}};
    expect(Object.entries(value.metadata.labels)).toEqual([['__proto__', 'polluted'], ['constructor', 'x']]);
    expect(Object.hasOwn(value.metadata.labels, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
  });
});
