/**
 * `meshdive analyze` prints messages as istioctl 1.30.3 does: the log lines of
 * istioctl/pkg/util/formatting/formatter.go, and JSON and YAML as Go's encoding/json and
 * sigs.k8s.io/yaml (go-yaml v2) write diag.Message's map. The first cases are formatter_test.go's
 * own messages, with the `?ref=istioctl-analyze` analyze sets on every documentation URL.
 */
import fc from 'fast-check';
import {load as yamlLoad} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {checkProperty} from '../properties/support/property';
import {goYamlList} from '../../src/cli/analyze/go-yaml';
import {printMessages, type PrintedMessage} from '../../src/cli/analyze/print';

const DOCS = 'https://istio.io/v1.30/docs/reference/config/analysis';

// formatter_test.go's two messages (MockResource: an origin without a reference).
const bubble: PrintedMessage = {code: 'B1', level: 'Error', message: 'Explosion accident: the bubble is too big', origin: 'SoapBubble', documentationUrl: `${DOCS}/b1/`};
const castle: PrintedMessage = {code: 'C1', level: 'Warning', message: 'Collapse danger: the castle is too old', origin: 'GrandCastle', documentationUrl: `${DOCS}/c1/`};

const reviews: PrintedMessage = {
  code: 'IST0101', level: 'Error', message: 'Referenced host+subset in destinationrule not found: "reviews+v4"',
  origin: 'VirtualService default/reviews', reference: 'vs.yaml:14', documentationUrl: `${DOCS}/ist0101/`,
};

describe('log output', () => {
  it('is one line per message: level, [code], (origin reference), text; then the newline Fprintln adds', () => {
    expect(printMessages([bubble, castle], 'log', false)).toBe(
      'Error [B1] (SoapBubble) Explosion accident: the bubble is too big\n' +
      'Warning [C1] (GrandCastle) Collapse danger: the castle is too old\n');
    expect(printMessages([reviews], 'log', false)).toBe(
      'Error [IST0101] (VirtualService default/reviews vs.yaml:14) Referenced host+subset in destinationrule not found: "reviews+v4"\n');
  });

  it('colours the level only (bold red errors, yellow warnings, plain info)', () => {
    expect(printMessages([bubble, castle, {...castle, level: 'Info'}], 'log', true)).toBe(
      '\u001b[1;31mError\u001b[0m [B1] (SoapBubble) Explosion accident: the bubble is too big\n' +
      '\u001b[33mWarning\u001b[0m [C1] (GrandCastle) Collapse danger: the castle is too old\n' +
      'Info\u001b[0m [C1] (GrandCastle) Collapse danger: the castle is too old\n');
  });

  it('is an empty line when there is nothing to print', () => {
    expect(printMessages([], 'log', false)).toBe('\n');
  });

  it('shows control characters from the input escaped, and keeps each message on one line', () => {
    const hostile = {...reviews, origin: 'VirtualService default/r\u001b[2J', message: 'host "a\nb\u202e"'};
    expect(printMessages([hostile], 'log', false)).toBe('Error [IST0101] (VirtualService default/r\\x1b[2J vs.yaml:14) host "a\\nb\\u202e"\n');
  });
});

describe('JSON output', () => {
  it('is json.MarshalIndent with tabs, keys in Go\'s sorted order, the doc reference on each URL', () => {
    expect(printMessages([bubble, reviews], 'json', false)).toBe(`[
\t{
\t\t"code": "B1",
\t\t"documentationUrl": "${DOCS}/b1/?ref=istioctl-analyze",
\t\t"level": "Error",
\t\t"message": "Explosion accident: the bubble is too big",
\t\t"origin": "SoapBubble"
\t},
\t{
\t\t"code": "IST0101",
\t\t"documentationUrl": "${DOCS}/ist0101/?ref=istioctl-analyze",
\t\t"level": "Error",
\t\t"message": "Referenced host+subset in destinationrule not found: \\"reviews+v4\\"",
\t\t"origin": "VirtualService default/reviews",
\t\t"reference": "vs.yaml:14"
\t}
]
`);
  });

  it('is [] for no messages', () => {
    expect(printMessages([], 'json', false)).toBe('[]\n');
  });

  it('escapes as Go does: <, > and & as \\u003c…, U+2028, control characters', () => {
    const text = JSON.parse(printMessages([{...bubble, message: 'a<b>&c\u2028\u0001\t'}], 'json', false).replace(/\\u2028/, '\\\\u2028'))[0].message;
    expect(text).toBe('a<b>&c\\u2028\u0001\t');
    expect(printMessages([{...bubble, message: 'a<b>&c\u2028\u0001\t'}], 'json', false)).toContain('"message": "a\\u003cb\\u003e\\u0026c\\u2028\\u0001\\t"');
  });
});

describe('YAML output', () => {
  it('is go-yaml v2\'s block list of sorted maps, quoting a text with ": " in single quotes, then Fprintln\'s newline', () => {
    expect(printMessages([bubble, castle], 'yaml', false)).toBe(`- code: B1
  documentationUrl: ${DOCS}/b1/?ref=istioctl-analyze
  level: Error
  message: 'Explosion accident: the bubble is too big'
  origin: SoapBubble
- code: C1
  documentationUrl: ${DOCS}/c1/?ref=istioctl-analyze
  level: Warning
  message: 'Collapse danger: the castle is too old'
  origin: GrandCastle

`);
  });

  it('is []\\n for no messages', () => {
    expect(goYamlList([])).toBe('[]\n');
    expect(printMessages([], 'yaml', false)).toBe('[]\n\n');
  });

  it('folds a long plain text at the first space past column 80, continuing 4 spaces in', () => {
    const message = 'The VirtualServices default/a,default/b associated with mesh gateway define the same host */reviews.default.svc.cluster.local ' +
      'which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.';
    expect(goYamlList([{message}])).toBe(`- message: The VirtualServices default/a,default/b associated with mesh gateway define
    the same host */reviews.default.svc.cluster.local which can lead to undefined
    behavior. This can be fixed by merging the conflicting VirtualServices into a
    single resource.
`);
  });

  it('folds a single-quoted text alike, and doubles its quotes', () => {
    const message = `Referenced host not found: "${'x'.repeat(60)}.svc" in the destination's route, so 503s are what the client's requests will get`;
    expect(goYamlList([{message}])).toBe(`- message: 'Referenced host not found: "${'x'.repeat(60)}.svc"
    in the destination''s route, so 503s are what the client''s requests will get'
`);
  });

  it('double-quotes what plain or single quotes cannot carry, or what would read back as another type', () => {
    expect(goYamlList([{a: 'tab\there', b: 'true', c: '10:3', d: '0x1F', e: '2026-12-04', f: 'emoji \u{1f600}', g: '', h: 'café', i: 'x:14'}])).toBe(
      '- a: "tab\\there"\n  b: "true"\n  c: "10:3"\n  d: "0x1F"\n  e: "2026-12-04"\n  f: "emoji \\U0001F600"\n  g: ""\n  h: café\n  i: x:14\n');
  });

  it('quotes texts that start with an indicator, or end in a space', () => {
    expect(goYamlList([{a: '*/reviews', b: '- item', c: 'trailing ', d: '# not a comment', e: 'a #b', f: 'a#b'}])).toBe(
      "- a: '*/reviews'\n  b: '- item'\n  c: 'trailing '\n  d: '# not a comment'\n  e: 'a #b'\n  f: a#b\n");
  });

  it('writes a text with newlines as a literal block', () => {
    expect(goYamlList([{message: 'line one\nline two'}, {message: 'ends\n'}])).toBe('- message: |-\n    line one\n    line two\n- message: |\n    ends\n');
  });
});

describe('every format, whatever the texts carry', () => {
  // Any code point but lone surrogates (UTF-8 input never decodes to one), with YAML's and Go's special characters more often.
  const text = fc.oneof(
    fc.string({unit: 'binary', maxLength: 120}).filter((t) => !/[\ud800-\udfff]/u.test(t)),
    fc.array(fc.constantFrom(' ', ':', '#', "'", '"', '-', '\n', '\t', '\\', '*', 'a', 'b', '0', '1', '.', '\u2028', '\u0085', '\ufeff', '\u{1f600}', 'é', '<', '&'), {maxLength: 140}).map((parts) => parts.join('')),
  );
  const message = fc.record({
    code: fc.constantFrom('IST0101', 'IST0102'), level: fc.constantFrom('Error' as const, 'Warning' as const, 'Info' as const),
    message: text, origin: text, reference: fc.option(text, {nil: undefined}), documentationUrl: fc.constant(`${DOCS}/ist0101/`),
  });

  it('YAML reads back as the same list (go-yaml\'s quoting and folding lose nothing)', () => {
    // But U+2028 and U+2029: go-yaml v2 writes them raw inside quotes, where YAML 1.1 readers (go-yaml too) fold them.
    const noLineSeparators = (messages: PrintedMessage[]) => messages.every((m) => !/[\u2028\u2029]/.test(`${m.message}${m.origin}${m.reference ?? ''}`));
    checkProperty(fc.property(fc.array(message, {maxLength: 3}).filter(noLineSeparators), (messages) => {
      // Less Fprintln's newline, which a text kept whole (|+) at the end would otherwise take in.
      const read = yamlLoad(printMessages(messages, 'yaml', false).slice(0, -1));
      expect(read).toEqual(messages.map((m) => withoutUndefined({...m, documentationUrl: `${m.documentationUrl}?ref=istioctl-analyze`})));
    }), {numRuns: 300});
  });

  it('JSON reads back as the same list', () => {
    checkProperty(fc.property(fc.array(message, {maxLength: 3}), (messages) => {
      expect(JSON.parse(printMessages(messages, 'json', false))).toEqual(messages.map((m) => withoutUndefined({...m, documentationUrl: `${m.documentationUrl}?ref=istioctl-analyze`})));
    }), {numRuns: 300});
  });

  it('log output is one line per message, without a raw control character', () => {
    checkProperty(fc.property(fc.array(message, {minLength: 1, maxLength: 3}), (messages) => {
      const lines = printMessages(messages, 'log', false).replace(/\n$/, '').split('\n');
      expect(lines).toHaveLength(messages.length);
      for (const line of lines) expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }), {numRuns: 300});
  });
});

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
