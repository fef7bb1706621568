/**
 * A share link puts a stranger's YAML in the reader's editor, and the routing diagram
 * draws its values. Whatever a value holds, Mermaid must read it as label text: no
 * directive (`%%{init: {themeCSS: …}}%%` restyles the diagram and fetches from outside),
 * no markup, no link, no class, no extra node, and never a page-wide label.
 */
import {describe, expect, it} from 'vitest';
import {label, MAX_LABEL_CHARS, routingDiagram} from '../../src/simulator/diagram';
import {MERMAID_SECURITY} from '../../src/theme/Mermaid/security';
import {labContext} from '../support/labs';
import {parseFlowchart, type ParsedFlowchart} from './diagram-mermaid';

const reviews = labContext('reviews');

/** The chapter's VirtualService with `value` as the header match (a JSON string is a YAML double-quoted scalar). */
function withHeaderValue(value: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - match:
    - headers:
        end-user: {exact: ${JSON.stringify(value)}}
    route:
    - destination: {host: reviews, subset: v2}
  - route:
    - destination: {host: reviews, subset: v1}
`;
}

async function drawn(yaml: string): Promise<{source: string; parsed: ParsedFlowchart}> {
  const diagram = routingDiagram(yaml, reviews.resources);
  if (diagram.kind !== 'diagram') throw new Error(`expected a diagram, got ${JSON.stringify(diagram)}`);
  return {source: diagram.source, parsed: await parseFlowchart(diagram.source)};
}

const DIRECTIVE = "%%{init: {'themeCSS':'.node{background-image:url(http://example.invalid/x.png)}'}}%%";
const PREFIX = 'rule 1: header end-user = ';

/** A label as drawn: at most MAX_LABEL_CHARS characters, the last an ellipsis when cut. */
function cut(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_LABEL_CHARS ? text : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

/** Values written to be drawn as they are: each must come out as exactly this text. */
const HOSTILE: Array<[string, string]> = [
  ['an init directive', DIRECTIVE],
  ['a directive split by the label around it', '%%{init: {"theme":"forest"}}%% and %%{wrap}%%'],
  ['an HTML element', '<img src=http://example.invalid/x.png onerror=alert(1)>'],
  ['a javascript: URL', 'javascript:alert(document.domain)'],
  ['a quote that ends the label and a new node', '"] --> evil["pwned'],
  ['Mermaid entity codes', '#lt;script#gt; #35; #quot;'],
  ['HTML entities', '&lt;b&gt;bold&lt;/b&gt; &#60;i&#62;'],
  ["Mermaid's own entity markers", 'ﬂ°60¶ß ﬂ°°lt¶ß'],
  ['a markdown string', '`**bold** [link](http://example.invalid)`'],
  ['class syntax', 'x"]:::problem'],
  ['a click statement', 'a"]\nclick v0h href "javascript:alert(1)"'],
  ['backslashes', String.raw`\" \\ \n`],
  ['braces and brackets', '{([|])} ; %'],
  ["Mermaid's style rewriting", 'style x:#f00;'],
  ['non-ASCII text', 'café ✓ 日本 👍'],
];

describe('hostile values in the routing diagram', () => {
  for (const [what, value] of HOSTILE) {
    it(`draws ${what} as text`, async () => {
      const {parsed} = await drawn(withHeaderValue(value));
      const benign = await drawn(withHeaderValue('jason'));
      expect(parsed.config).toEqual({});
      const rule = parsed.nodes.find((node) => node.id === 'v0r0');
      expect(rule?.text).toBe(cut(PREFIX + value.replace(/\n/g, ' ')));
      // The same nodes, edges and classes as for a plain value: nothing added, nothing linked.
      expect(parsed.nodes.map(({id, classes, link}) => ({id, classes, link}))).toEqual(benign.parsed.nodes.map(({id, classes, link}) => ({id, classes, link})));
      expect(parsed.edges.map(({start, end}) => `${start}->${end}`)).toEqual(benign.parsed.edges.map(({start, end}) => `${start}->${end}`));
      expect(parsed.classDefs).toEqual(['problem']);
      expect(parsed.tooltips).toBe(0);
    });
  }

  it('writes every label from letters, digits, a few signs and entity codes only', async () => {
    for (const [, value] of HOSTILE) {
      const {source} = await drawn(withHeaderValue(value));
      for (const [, text] of source.matchAll(/"([^"]*)"/g)) expect(text).toMatch(/^(?:[A-Za-z0-9 .,=*~/_+@!?'^$-]|#\d+;)*$/);
      expect(source).not.toMatch(/%%|<|&|`|url\(|javascript:/);
    }
  });

  it('draws control characters as spaces and drops bidi and zero-width controls', async () => {
    const {parsed} = await drawn(withHeaderValue('a\u0000b\u0007c\u001bd\u0085e\u2028f \u202Eevil\u202C \u2066x\u2069 z\u200Bw\uFEFF'));
    expect(parsed.nodes.find((node) => node.id === 'v0r0')?.text).toBe(`${PREFIX}a b c d e f evil x zw`);
    // YAML refuses a raw DEL, so only the label itself can be given one.
    expect(label('a\u007fb')).toBe('a b');
  });

  it('cuts a very long value, with an ellipsis', async () => {
    const {parsed, source} = await drawn(withHeaderValue(`${'A'.repeat(5000)}%%{init: {}}%%`));
    const text = parsed.nodes.find((node) => node.id === 'v0r0')!.text;
    expect([...text]).toHaveLength(MAX_LABEL_CHARS);
    expect(text).toBe(cut(`${PREFIX}${'A'.repeat(5000)}`));
    expect(text.endsWith('A…')).toBe(true);
    expect(source.length).toBeLessThan(5000);
  });

  it('never splits a character made of two UTF-16 units when cutting', async () => {
    const {parsed} = await drawn(withHeaderValue('👍'.repeat(200)));
    const text = parsed.nodes.find((node) => node.id === 'v0r0')!.text;
    expect([...text]).toHaveLength(MAX_LABEL_CHARS);
    expect(text).toBe(`${PREFIX}${'👍'.repeat(MAX_LABEL_CHARS - PREFIX.length - 1)}…`);
  });

  it('treats hostile URIs, redirects and query regexes the same way', async () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: ${JSON.stringify(DIRECTIVE)}}
    redirect: {uri: ${JSON.stringify('<a href="javascript:alert(1)">x</a>')}}
  - match:
    - queryParams:
        q: {regex: ${JSON.stringify('%%{init: {"themeCSS": "x"}}%%')}}
    route:
    - destination: {host: reviews, subset: v1}
`;
    const {parsed, source} = await drawn(yaml);
    expect(parsed.config).toEqual({});
    expect(source).not.toMatch(/%%|<|javascript:/);
    expect(parsed.nodes.map((node) => node.text)).toEqual(expect.arrayContaining([
      cut(`rule 1: uri ${DIRECTIVE}*`),
      'redirect <a href="javascript:alert(1)">x</a>',
    ]));
    expect(parsed.nodes.every((node) => node.link === undefined)).toBe(true);
  });
});

describe("the site's Mermaid settings", () => {
  it('keep a directive from restyling a diagram or widening the sanitiser', async () => {
    await parseFlowchart('flowchart LR\n  a["warm up"]');
    const {default: mermaid} = await import('mermaid');
    const directive = `%%{init: {"themeCSS": ".node{background-image:url(http://example.invalid/x.png)}", "fontFamily": "x;background:url(http://example.invalid/f)", "themeVariables": {"primaryColor": "#f00"}, "dompurifyConfig": {"ADD_TAGS": ["img"]}, "securityLevel": "loose"}}%%`;
    const config = async (settings: object) => {
      mermaid.initialize({startOnLoad: false, ...settings});
      await mermaid.parse(`${directive}\nflowchart LR\n  a["text"]`);
      return mermaid.mermaidAPI.getConfig();
    };
    // Mermaid on its own keeps securityLevel but takes the styling from the diagram.
    expect(await config({})).toMatchObject({themeCSS: expect.stringContaining('example.invalid'), fontFamily: expect.stringContaining('example.invalid'), securityLevel: 'strict'});
    const locked = await config(MERMAID_SECURITY);
    expect(locked.securityLevel).toBe('strict');
    expect(JSON.stringify(locked)).not.toContain('example.invalid');
    expect(locked.dompurifyConfig?.ADD_TAGS).toBeUndefined();
    expect(locked.themeVariables?.primaryColor).not.toBe('#f00');
  });
});
