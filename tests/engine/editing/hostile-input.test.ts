import {describe, expect, it} from 'vitest';
import {cursorContext} from '../../../src/engine/editing/cursor-context';
import {hoverAt, suggestionsAt} from '../../../src/engine/editing/suggestions';

/**
 * Completion and hover run in the YAML lab's worker on every keystroke; whatever the text,
 * they answer within seconds (loose bounds: the regexes they replace took 19 s on one line).
 */
const HANG_BOUND_MS = 5_000;

function timed<T>(run: () => T): {result: T; ms: number} {
  const start = performance.now();
  const result = run();
  return {result, ms: performance.now() - start};
}

const HEADER = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n';

/** Lines that made the cursor-context and hover regexes backtrack: dashes, spaces around keys, colons, quotes. */
const HOSTILE_LINES: Record<string, string> = {
  '60,000 "- "': '- '.repeat(60_000),
  '60,000 "- " then a key': `${'- '.repeat(60_000)}host`,
  '60,000 "-  "': '-  '.repeat(60_000),
  'dashes without spaces': '-'.repeat(120_000),
  'a key with 100,000 spaces before the colon': `name${' '.repeat(100_000)}x`,
  'a value of 100,000 spaces': `name:${' '.repeat(100_000)}x y`,
  '60,000 "a:"': 'a:'.repeat(60_000),
  '60,000 "- a"': '- a'.repeat(60_000),
  'an open quote': `"${'a '.repeat(60_000)}`,
};

describe.each(Object.entries(HOSTILE_LINES))('a line of %s', (_shape, line) => {
  const text = `${HEADER}  http:\n${line}\n`;
  const lineNumber = 5;
  const columns = [1, 3, 1_000, Math.floor(line.length / 2), line.length + 1];

  it('gives its cursor context within seconds, wherever the cursor is', () => {
    for (const column of columns) {
      const {result, ms} = timed(() => cursorContext(text, lineNumber, column));
      expect(ms, `column ${column}`).toBeLessThan(HANG_BOUND_MS);
      expect(result.apiVersion).toBe('networking.istio.io/v1');
    }
  });

  it('completes and hovers within seconds', () => {
    for (const column of columns) {
      expect(timed(() => suggestionsAt(text, lineNumber, column)).ms, `complete at ${column}`).toBeLessThan(HANG_BOUND_MS);
      expect(timed(() => hoverAt(text, lineNumber, column)).ms, `hover at ${column}`).toBeLessThan(HANG_BOUND_MS);
    }
  });
});

describe('many lines', () => {
  it('walks up 50,000 lines of dashes within seconds', () => {
    const text = `${HEADER}  http:\n${'  - - - \n'.repeat(50_000)}    ho`;
    const {ms} = timed(() => suggestionsAt(text, 50_005, 7));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
  });
});

describe('keys that look like regular expressions', () => {
  it('reads apiVersion and kind literally, whatever the other keys are', () => {
    const text = 'apiVersion.*: x\n(a+)+: y\napiVersion: v1\nkind: Pod\n[: z\nmetadata:\n  na';
    expect(cursorContext(text, 7, 5)).toMatchObject({apiVersion: 'v1', kind: 'Pod', pointer: '/metadata', mode: 'key', prefix: 'na'});
  });
});
