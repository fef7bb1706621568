import {describe, expect, it} from 'vitest';
import {LineEditor} from '../../src/terminal/line-editor';
import {normalizeCommand} from '../../src/terminal/normalize';
import {ScenarioSession} from '../../src/terminal/session';
import {MAX_LINE_LENGTH, showControls} from '../../src/terminal/user-input';
import {TINY} from './scenarios';

/**
 * What a learner can type or paste into the "Try it" terminal, however large or strange,
 * is answered quickly and never reaches xterm as control sequences.
 * Bounds are loose (seconds): the code that was quadratic took tens of seconds.
 */
const HANG_BOUND_MS = 5_000;
const SIZE = 200 * 1024;
const context = {namespace: 'default', placeholders: {'pod-name': 'web-5d9c7b8f6-abcde'}};

function timed<T>(run: () => T): {result: T; ms: number} {
  const start = performance.now();
  const result = run();
  return {result, ms: performance.now() - start};
}

const fill = (head: string, unit: string): string => head + unit.repeat(Math.ceil((SIZE - head.length) / unit.length));

/** Lines shaped to hit each step of normalisation: resource names, repeated flags, nested substitutions, jsonpath, labels. */
const LONG_LINES: Record<string, string> = {
  'one word': fill('', 'a'),
  'TYPE/NAME targets': fill('kubectl get ', 'po/x '),
  'a repeated flag': fill('kubectl get pods ', '-n x '),
  'nested process substitutions': fill('kubectl apply -f ', '<('),
  'jsonpath newlines': fill('kubectl get pods -o jsonpath=', '{"\\n"}'),
  'label assignments': fill('kubectl label ns default ', 'a=1 '),
  'pod names for istioctl': fill('istioctl pc routes ', 'deploy/x.y '),
  'names after kubectl get': fill('kubectl get pods ', 'x '),
  'spaces between words': `kubectl${' '.repeat(SIZE)}get pods`,
};

/** Control characters an echo must never pass to xterm: C0 (but the editor's own), DEL and C1. */
const RAW_CONTROL = /[\x00-\x1f\x7f-\x9f]/;
/** The editor's own sequences: erase the line, move the cursor back, new line, bell. */
const EDITOR_SEQUENCES = /\r\x1b\[2K|\x1b\[\d+D|\r\n|\x07|\x1b\[2J\x1b\[3J\x1b\[H/g;
const echoOf = (editor: LineEditor, data: string): string => editor.feed(data).map((effect) => effect.write).join('');

describe('a very long command line', () => {
  it.each(Object.entries(LONG_LINES))('normalises a 200 KB line of %s within seconds', (_shape, line) => {
    const {ms} = timed(() => normalizeCommand(line, context));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
  });

  it.each(Object.entries(LONG_LINES))('answers a 200 KB line of %s quickly, saying it is too long', (_shape, line) => {
    const {result: reply, ms} = timed(() => new ScenarioSession(TINY).run(line));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
    expect(reply.kind).toBe('unknown');
    expect(reply.text).toContain('too long');
    // The answer does not echo the line back.
    expect(reply.text.length).toBeLessThan(2_000);
  });

  it('keeps at most MAX_LINE_LENGTH characters of a pasted line, rings the bell for the rest, and answers on Enter', () => {
    const session = new ScenarioSession(TINY);
    const editor = new LineEditor('$ ', (line) => session.complete(line));
    const {result: effects, ms} = timed(() => {
      const pasted = editor.feed(`\x1b[200~${LONG_LINES['TYPE/NAME targets']}\x1b[201~`);
      return [...pasted, ...editor.feed('\r')];
    });
    const submitted = effects.find((effect) => effect.submit !== undefined)!.submit!;
    expect(submitted.length).toBe(MAX_LINE_LENGTH);
    expect(effects.map((effect) => effect.write).join('')).toContain('\x07');
    const answer = timed(() => session.run(submitted));
    expect(ms + answer.ms).toBeLessThan(HANG_BOUND_MS);
    expect(answer.result.kind).toBe('unknown');
  });

  it('still answers a long line that means a recorded command', () => {
    const session = new ScenarioSession(TINY);
    expect(session.run(`kubectl get ${' '.repeat(MAX_LINE_LENGTH - 30)}pods`)).toMatchObject({kind: 'output', text: 'web 1/1\n'});
  });

  it('offers no completion for a line longer than the terminal reads, quickly', () => {
    const session = new ScenarioSession(TINY);
    const {result, ms} = timed(() => session.complete(`kubectl${' '.repeat(SIZE)}get p`));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
    expect(result).toEqual([]);
  });
});

describe('control characters from the learner', () => {
  const C0 = Array.from({length: 0x20}, (_, code) => String.fromCharCode(code));
  const C1 = Array.from({length: 0x20}, (_, code) => String.fromCharCode(0x80 + code));
  const SEQUENCES = [
    '\x1b[2J', // erase the screen
    '\x1b[31m', // red
    '\x1b]0;title\x07', // OSC: window title
    '\x1bP1$r\x1b\\', // DCS
    '\x1bc', // RIS: full reset
    '\u009b2J', // C1 CSI: erase the screen
    '\u009b31m',
    '\u009d0;title\u009c', // C1 OSC ... ST
  ];

  it('shows C1 controls as visible escapes, the way cat -v does', () => {
    expect(showControls('a\u009b2Jb')).toBe('aM-^[2Jb');
    expect(showControls('\x1b[31m\x7f\u0080')).toBe('^[[31m^?M-^@');
    expect(showControls('kubectl get pods')).toBe('kubectl get pods');
  });

  it.each(SEQUENCES)('never echoes %j raw, typed or pasted', (sequence) => {
    for (const data of [sequence, `a${sequence}b`, `\x1b[200~a${sequence}b\x1b[201~`]) {
      const editor = new LineEditor('$ ', () => []);
      const echo = echoOf(editor, data).replace(EDITOR_SEQUENCES, '');
      expect(echo, JSON.stringify(data)).not.toMatch(RAW_CONTROL);
      expect(editor.line, JSON.stringify(data)).not.toMatch(RAW_CONTROL);
    }
  });

  it('shows a C1 CSI typed in a line and submits it as visible text', () => {
    const editor = new LineEditor('$ ', () => []);
    expect(echoOf(editor, 'kubectl \u009b2J')).toBe('kubectl M-^[2J');
    expect(editor.feed('\r')[0]!.submit).toBe('kubectl M-^[2J');
  });

  it('shows escape sequences in pasted text as ^[, like readline with bracketed paste', () => {
    const editor = new LineEditor('$ ', () => []);
    expect(echoOf(editor, '\x1b[200~kubectl \x1b[2J get\x1b[201~')).toBe('kubectl ^[[2J get');
  });

  it('reads a bracketed paste: line ends submit each line, other keys are text', () => {
    const editor = new LineEditor('$ ', () => []);
    const effects = editor.feed('\x1b[200~kubectl get pods\rkubectl\tget\x03 vs\x1b[201~');
    expect(effects.filter((effect) => effect.submit !== undefined).map((effect) => effect.submit)).toEqual(['kubectl get pods']);
    // A pasted Ctrl+C does not cancel the line, a pasted tab does not complete.
    expect(editor.line).toBe('kubectl get^C vs');
  });

  it('drops control keys it does not handle, whichever are typed', () => {
    for (const key of [...C0, '\x7f', ...C1]) {
      const editor = new LineEditor('$ ', () => []);
      editor.feed('ab');
      const echo = echoOf(editor, key).replace(EDITOR_SEQUENCES, '');
      expect(echo, JSON.stringify(key)).not.toMatch(RAW_CONTROL);
      expect(editor.line, JSON.stringify(key)).not.toMatch(RAW_CONTROL);
    }
  });

  it('answers a line with control characters without writing them back', () => {
    for (const sequence of SEQUENCES) {
      const reply = new ScenarioSession(TINY).run(`kubectl get ${sequence}`);
      expect(reply.kind).toBe('unknown');
      expect(reply.text.replace(/\n/g, ''), JSON.stringify(sequence)).not.toMatch(RAW_CONTROL);
    }
  });
});
