/**
 * The routing diagram (Mermaid source drawn from the lab's YAML) for any text in names,
 * hosts, header names and values, regexes, subsets and redirects: every line is one of the
 * forms the diagram draws, labels are quoted and carry no quote, angle bracket, line break
 * or control character, and nothing Mermaid reads as a directive (`%%{`), a click handler
 * or a `javascript:` URL appears anywhere. The source grows with the input, no faster.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {HOSTILE_YAML} from './hostile-inputs';
import {ACCEPTED_REGEXES, headerName, labYaml, trapText} from './support/arbitraries';
import {callFace, CASE_TIME_BOUND_MS, LARGE_CASE_TIME_BOUND_MS, stopFaces} from './support/bounded';
import {expectSameAnswer} from './support/invariants';
import {checkProperty, PROPERTY_TEST_TIMEOUT_MS} from './support/property';

afterAll(stopFaces);

const ID = '[A-Za-z][A-Za-z0-9_]*';
/** A label: quoted, without the characters that end it, open markup or break the line. */
const LABEL = '"[^"<>\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*"';
/** The lines routingDiagram writes: the header, the class, nodes of four shapes, edges with and without a label. */
const LINE_FORMS = [
  /^flowchart LR$/,
  /^ {2}classDef problem [a-z0-9#:,-]+$/,
  new RegExp(`^ {2}${ID}(?:\\(\\[${LABEL}\\]\\)|\\{${LABEL}\\}|\\[${LABEL}\\]|\\[/${LABEL}/\\])(?::::problem)?$`),
  new RegExp(`^ {2}${ID} -->(?:\\|${LABEL}\\|)? ${ID}$`),
];

/** What is wrong with a Mermaid source, or undefined. */
function sourceProblem(source: string): string | undefined {
  for (const forbidden of ['%%', 'javascript:']) {
    if (source.toLowerCase().includes(forbidden)) return `the source contains ${JSON.stringify(forbidden)}`;
  }
  const line = source.split('\n').find((l) => !LINE_FORMS.some((form) => form.test(l)));
  return line === undefined ? undefined : `a line the diagram does not draw (a label broken out of, or a click/directive line): ${JSON.stringify(line)}`;
}

function checkDiagram(text: string, bound = CASE_TIME_BOUND_MS, again = true) {
  const diagram = callFace('diagram', [text, 'reviews'], bound);
  if (diagram.kind === 'diagram') {
    expect(sourceProblem(diagram.source)).toBeUndefined();
    expect(diagram.source.length, 'the diagram grows faster than the YAML').toBeLessThanOrEqual(16 * text.length + 16 * 1024);
  } else if (diagram.kind === 'invalid') {
    expect(diagram.message.trim(), 'an invalid diagram without a reason').not.toBe('');
  }
  if (again) expectSameAnswer(diagram, callFace('diagram', [text, 'reviews'], bound), 'the diagram');
  return diagram;
}

/**
 * A VirtualService whose drawn texts are generated, where Istio accepts any text (header,
 * URI and query values, regexes, route names, redirect URIs), so that it is drawn.
 */
const nonEmpty = trapText.filter((text) => text.trim() !== '');
const markupRegex = fc.constantFrom(...ACCEPTED_REGEXES, '<script>', '"', '%%\\{init.*', 'javascript:.*', 'a"]-->b', '.*%%.*');
const labelledVs = fc.record({header: headerName, value: nonEmpty, uri: nonEmpty, regex: markupRegex, query: nonEmpty, name: trapText, redirect: nonEmpty, subset: fc.constantFrom('v1', 'v2', 'v7')})
  .map((t) => JSON.stringify({
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name: 'reviews', namespace: 'default'},
    spec: {
      hosts: ['reviews'],
      http: [
        {name: t.name, match: [{headers: {[t.header]: {exact: t.value}}, uri: {prefix: t.uri}, queryParams: {q: {exact: t.query}}}, {headers: {[t.header]: {regex: t.regex}}}],
          route: [{destination: {host: 'reviews', subset: t.subset}, weight: 50}, {destination: {host: 'reviews', subset: 'v1'}, weight: 50}]},
        {match: [{uri: {exact: t.uri}}], redirect: {uri: t.redirect}},
        {route: [{destination: {host: 'reviews', subset: t.subset}}]},
      ],
    },
  }));

describe('the routing diagram of any text', () => {
  it('draws only its own line forms, with safe labels, whatever the names, hosts, headers, regexes and subsets say', () => {
    // JSON is YAML: every generated string reaches the diagram as written, valid or not for Istio.
    let drawn = 0;
    checkProperty(fc.property(labelledVs, (text) => {
      if (checkDiagram(text).kind === 'diagram') drawn++;
    }), {numRuns: 80});
    // The property is about drawn diagrams: most generated VirtualServices must be valid.
    expect(drawn).toBeGreaterThan(40);
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('draws only its own line forms for generated labs', () => {
    checkProperty(fc.property(labYaml, (text) => {
      checkDiagram(text);
    }), {numRuns: 40});
  }, PROPERTY_TEST_TIMEOUT_MS);
});

describe('the routing diagram of the hostile inputs', () => {
  it.each(HOSTILE_YAML.map((input) => [input.name, input] as const))('%s: a safe diagram in bounded time', (_, input) => {
    checkDiagram(input.text, input.large ? LARGE_CASE_TIME_BOUND_MS : CASE_TIME_BOUND_MS, !input.large);
  }, LARGE_CASE_TIME_BOUND_MS + 10_000);

  it('draws the `%%{init}%%` header value as text, without the directive', () => {
    const input = HOSTILE_YAML.find((i) => i.text.includes('%%{init'))!;
    const diagram = checkDiagram(input.text);
    expect(diagram.kind).toBe('diagram');
    const source = (diagram as {source: string}).source;
    expect(source).not.toContain('%%');
    expect(source).toContain('themeCSS');
  });

  it('draws a Deployment of 100,000,000 replicas with at most a few pods, in bounded time', () => {
    const input = HOSTILE_YAML.find((i) => i.text.includes('replicas: 100000000'))!;
    const diagram = checkDiagram(input.text);
    expect(diagram.kind).toBe('diagram');
    expect((diagram as {source: string}).source.split('\n').filter((line) => line.includes('[/"')).length).toBeLessThanOrEqual(8);
  });
});
