/**
 * Completion and hover (the lab editor's suggestionsAt and hoverAt) at any position of any
 * text, mutated manifests and hostile lines included: an answer in bounded time without an
 * exception, suggestions well-formed (a label, a kind, text to insert; no label twice;
 * required ones first), a hover that covers the position it was asked for, and the same
 * answer for the same question.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import type {HoverInfo, Suggestion} from '../../src/engine/editing/suggestions';
import {completionPositions, HOSTILE_YAML} from './hostile-inputs';
import {mutatedManifest, yamlSoup} from './support/arbitraries';
import {callFace, CASE_TIME_BOUND_MS, LARGE_CASE_TIME_BOUND_MS, stopFaces} from './support/bounded';
import {expectSameAnswer, linesOf} from './support/invariants';
import {checkProperty, PROPERTY_TEST_TIMEOUT_MS} from './support/property';

afterAll(stopFaces);

/** More than any schema object has fields: an answer beyond it lists something other than fields. */
const MAX_SUGGESTIONS = 500;

function suggestionsProblem(suggestions: readonly Suggestion[]): string | undefined {
  if (suggestions.length > MAX_SUGGESTIONS) return `${suggestions.length} suggestions`;
  const labels = new Set<string>();
  for (const [i, s] of suggestions.entries()) {
    if (typeof s.label !== 'string' || s.label === '') return `suggestion ${i} without a label`;
    if (s.kind !== 'field' && s.kind !== 'value') return `suggestion ${s.label}: kind ${s.kind}`;
    if (typeof s.insertText !== 'string' || s.insertText === '') return `suggestion ${s.label}: nothing to insert`;
    if (labels.has(s.label)) return `suggestion ${s.label} offered twice`;
    labels.add(s.label);
    if (i > 0 && !suggestions[i - 1]!.required && s.required) return `required ${s.label} after optional ${suggestions[i - 1]!.label}`;
  }
  return undefined;
}

/** A hover names the key under the cursor: on the asked line, its columns around the asked column. */
function hoverProblem(hover: HoverInfo | null, lines: readonly string[], line: number, column: number): string | undefined {
  if (hover === null) return undefined;
  if (hover.contents.trim() === '') return 'an empty hover';
  if (hover.line !== line) return `hover for line ${line} answers line ${hover.line}`;
  const length = lines[line - 1]?.length ?? 0;
  if (!(hover.startColumn >= 1 && hover.startColumn <= column && column <= hover.endColumn && hover.endColumn <= length + 1)) {
    return `hover columns ${hover.startColumn}-${hover.endColumn} for column ${column} of a line of ${length}`;
  }
  return undefined;
}

function checkCompletion(text: string, line: number, column: number, bound = CASE_TIME_BOUND_MS, again = true): void {
  const answer = callFace('completion', [text, line, column], bound);
  expect(suggestionsProblem(answer.suggestions)).toBeUndefined();
  expect(hoverProblem(answer.hover, linesOf(text), line, column)).toBeUndefined();
  if (again) expectSameAnswer(answer, callFace('completion', [text, line, column], bound), 'completion');
}

/** A text and a position inside it, as the editor asks: a line that exists, a column up to one past its end. */
const textAndPosition = (texts: fc.Arbitrary<string>) => texts.chain((text) => {
  const lines = linesOf(text);
  return fc.integer({min: 1, max: lines.length}).chain((line) =>
    fc.integer({min: 1, max: lines[line - 1]!.length + 1}).map((column) => ({text, line, column})));
});

describe('completion and hover at any position', () => {
  it('answers well-formed suggestions and hovers in mutated manifests', () => {
    checkProperty(fc.property(textAndPosition(mutatedManifest), ({text, line, column}) => checkCompletion(text, line, column)), {numRuns: 100});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('answers well-formed suggestions and hovers in YAML token soup', () => {
    checkProperty(fc.property(textAndPosition(yamlSoup), ({text, line, column}) => checkCompletion(text, line, column)), {numRuns: 100});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('answers well-formed suggestions and hovers in random text', () => {
    checkProperty(fc.property(textAndPosition(fc.string({unit: 'binary', maxLength: 200})), ({text, line, column}) => checkCompletion(text, line, column)), {numRuns: 80});
  }, PROPERTY_TEST_TIMEOUT_MS);
});

describe('completion and hover in the hostile inputs', () => {
  it.each(HOSTILE_YAML.map((input) => [input.name, input] as const))('%s: answers at the start, the end of the longest line and the end', (_, input) => {
    for (const {line, column} of completionPositions(input.text)) {
      checkCompletion(input.text, line, column, input.large ? LARGE_CASE_TIME_BOUND_MS : CASE_TIME_BOUND_MS, !input.large);
    }
  }, 3 * LARGE_CASE_TIME_BOUND_MS + 10_000);
});
