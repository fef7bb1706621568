import {describe, expect, it} from 'vitest';
import {LineEditor, splitKeys} from '../../src/terminal/line-editor';

const editor = (candidates: string[] = []): LineEditor => new LineEditor('$ ', (line) => candidates.filter((c) => c.startsWith(line)));
const submitted = (e: LineEditor, data: string): string | undefined => e.feed(data).find((effect) => effect.submit !== undefined)?.submit;

describe('LineEditor', () => {
  it('echoes typing and submits on Enter', () => {
    const e = editor();
    expect(e.feed('ls')[0]!.write).toBe('ls');
    expect(submitted(e, '\r')).toBe('ls');
  });

  it('edits with backspace and arrows', () => {
    const e = editor();
    e.feed('kubectl get po');
    e.feed('\x7f');
    e.feed('\x1b[D\x1b[D');
    e.feed('X');
    expect(e.line).toBe('kubectl getX p');
  });

  it('walks the history with up and down, keeping the draft', () => {
    const e = editor();
    submitted(e, 'one\r');
    submitted(e, 'two\r');
    e.feed('dra');
    e.feed('\x1b[A');
    expect(e.line).toBe('two');
    e.feed('\x1b[A');
    expect(e.line).toBe('one');
    e.feed('\x1b[B\x1b[B');
    expect(e.line).toBe('dra');
  });

  it('cancels the line on Ctrl+C', () => {
    const e = editor();
    e.feed('kubectl ge');
    expect(e.feed('\x03')[0]!.write).toContain('^C');
    expect(e.line).toBe('');
  });

  it('clears the screen on Ctrl+L, keeping the line', () => {
    const e = editor();
    e.feed('abc');
    const [effect] = e.feed('\x0c');
    expect(effect!.clearScreen).toBe(true);
    expect(e.line).toBe('abc');
  });

  it('completes a unique candidate and lists ambiguous ones', () => {
    const e = editor(['kubectl get pods', 'kubectl get virtualservice']);
    e.feed('kubectl get v');
    e.feed('\t');
    expect(e.line).toBe('kubectl get virtualservice');
    const f = editor(['kubectl get pods', 'kubectl get virtualservice']);
    f.feed('kub');
    f.feed('\t');
    expect(f.line).toBe('kubectl get ');
    expect(f.feed('\t')[0]!.write).toContain('kubectl get pods\r\nkubectl get virtualservice');
  });

  it('splits pasted input into keys', () => {
    expect(splitKeys('ab\x1b[Ac\r\n')).toEqual(['ab', '\x1b[A', 'c', '\r']);
  });
});
