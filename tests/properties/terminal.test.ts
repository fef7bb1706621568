/**
 * The terminal lab ("Try it": line editor, then the recorded session's matcher) for any
 * keystrokes, control characters and long pasted lines included: no exception, bounded
 * time, and nothing the learner typed reaches the terminal as a control sequence. The
 * terminal receives only the editor's own sequences (erase line, cursor back, clear
 * screen, bell, CR LF) around printable text.
 */
import fc from 'fast-check';
import {readFileSync} from 'node:fs';
import {afterAll, describe, expect, it} from 'vitest';
import {parseYaml} from '../../src/engine/yaml/index';
import type {Scenario} from '../../src/terminal/scenario';
import {HOSTILE_KEYSTROKES} from './hostile-inputs';
import {callFace, CASE_TIME_BOUND_MS, LARGE_CASE_TIME_BOUND_MS, stopFaces} from './support/bounded';
import type {TerminalTranscript} from './support/faces';
import {expectSameAnswer, rawControlIn} from './support/invariants';
import {checkProperty, PROPERTY_TEST_TIMEOUT_MS} from './support/property';

afterAll(stopFaces);

const scenario = parseYaml(readFileSync('labs/sessions/traffic-not-routing/scenario.yaml', 'utf8')).documents[0]!.value as Scenario;

/** The sequences the line editor writes itself (line-editor.ts), and CR LF. */
const EDITOR_SEQUENCES = /\r\u001b\[2K|\u001b\[\d+D|\u001b\[2J\u001b\[3J\u001b\[H|\r\n|\u0007/g;

/** Everything written, less the editor's own sequences and the recorded outputs: what typed text became. */
function echoed(transcript: TerminalTranscript): string {
  return transcript.written.replace(EDITOR_SEQUENCES, '');
}

function checkTerminal(chunks: readonly string[], bound = CASE_TIME_BOUND_MS, again = true): TerminalTranscript {
  const transcript = callFace('terminal', [scenario, chunks], bound);
  expect(rawControlIn(echoed(transcript)), 'typed text reached the terminal as a control character').toBeUndefined();
  expect(scenario.states.map((s) => s.id)).toContain(transcript.state);
  for (const reply of transcript.replies) expect(['output', 'unknown', 'not-in-state', 'builtin']).toContain(reply.kind);
  const typed = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  // Each reply may list the session's commands (help, unknown command); beyond that, output follows input.
  const listing = scenario.commands.reduce((sum, c) => sum + c.run.length + 4, 0) + Math.max(0, ...scenario.commands.flatMap((c) => Object.values(c.outputs).map((o) => o.length)));
  expect(transcript.written.length, 'the terminal output grows faster than the input').toBeLessThanOrEqual(4 * typed + (transcript.replies.length + 1) * (2 * listing + 1024));
  if (again) expectSameAnswer(transcript, callFace('terminal', [scenario, chunks], bound), 'the terminal');
  return transcript;
}

/** The commands recorded in the state the terminal starts in (some, such as reading the access log, only in later states). */
const commands = scenario.commands.filter((c) => c.outputs[scenario.states[0]!.id] !== undefined).map((c) => c.run);
/** Pieces of what a learner types or pastes: commands, words, keys, escape sequences, C0 and C1 controls, odd Unicode. */
const piece = fc.oneof(
  {weight: 3, arbitrary: fc.constantFrom(...commands, 'k get po', 'help', 'hint', 'reset', 'clear', 'kubectl get vs -o yaml', 'kubectl describe pod <pod-name>')},
  {weight: 3, arbitrary: fc.string({maxLength: 12})},
  {weight: 2, arbitrary: fc.constantFrom('\r', '\n', '\r\n', '\t', '\u007f', '\b', '\u0003', '\u000c', '\u0001', '\u0005', '\u0015',
    '\u001b[A', '\u001b[B', '\u001b[C', '\u001b[D', '\u001b[H', '\u001b[F', '\u001b[3~', '\u001bOA', '\u001b', '\u001b[', '\u001b[200~', '\u001b]0;t\u0007')},
  {weight: 2, arbitrary: fc.constantFrom('\u009b', '\u009b2J', '\u0085', '\u008d', '\u0090', '\u009c', '\u009d', '\u0000', '\u001b[31m', '\u2028', '\ufeff', '\ud800', '🙂')},
  {weight: 1, arbitrary: fc.string({unit: 'binary', maxLength: 8})},
);
/** xterm's onData chunks: a key at a time, or pasted runs. */
const keystrokes = fc.array(fc.array(piece, {minLength: 1, maxLength: 6}).map((pieces) => pieces.join('')), {minLength: 1, maxLength: 12});

describe('the terminal for any keystrokes', () => {
  it('echoes no control character the learner typed or pasted, and answers every line', () => {
    checkProperty(fc.property(keystrokes, (chunks) => {
      checkTerminal(chunks);
    }), {numRuns: 100});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('answers a recorded command with its recorded output, however the line around it was edited', () => {
    checkProperty(fc.property(fc.constantFrom(...commands), fc.constantFrom('', '\u001b[D\u001b[C', '\u0001\u0005', ' '), (command, keys) => {
      const transcript = checkTerminal([command, keys, '\r']);
      expect(transcript.replies.map((r) => r.kind)).toEqual(['output']);
    }), {numRuns: 40});
  }, PROPERTY_TEST_TIMEOUT_MS);
});

describe('the terminal with the hostile keystrokes', () => {
  it.each(HOSTILE_KEYSTROKES.map((input) => [input.name, input] as const))('%s: no control character echoed, in bounded time', (_, input) => {
    checkTerminal(input.chunks, input.large ? LARGE_CASE_TIME_BOUND_MS : CASE_TIME_BOUND_MS, !input.large);
  }, LARGE_CASE_TIME_BOUND_MS + 10_000);

  it('answers a pasted 200 KB line as an unknown command, once', () => {
    const input = HOSTILE_KEYSTROKES[0]!;
    const transcript = checkTerminal(input.chunks, LARGE_CASE_TIME_BOUND_MS, false);
    expect(transcript.replies.map((r) => r.kind)).toEqual(['unknown']);
  }, LARGE_CASE_TIME_BOUND_MS + 10_000);
});
