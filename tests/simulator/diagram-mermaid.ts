/**
 * Reads a generated diagram with Mermaid's own parser, in node: what Mermaid takes from the
 * source (directives, nodes, their text, classes, links, edges), not what the source
 * looks like. Mermaid passes label text through DOMPurify, which needs a DOM that node
 * lacks and then has no functions at all: here it returns text unchanged, so the texts
 * read are what Mermaid parsed. Sanitising is the browser's part (tests/e2e/hostile-share.e2e.ts).
 */
import DOMPurify from 'dompurify';

const purify = DOMPurify as unknown as Record<string, unknown>;
if (!DOMPurify.isSupported) {
  for (const name of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks']) purify[name] ??= () => undefined;
  purify.sanitize ??= (text: string) => text;
}

export interface ParsedNode {
  id: string;
  /** The text Mermaid draws, its entity codes decoded as the browser would. */
  text: string;
  classes: string[];
  link?: string;
}

export interface ParsedFlowchart {
  /** Configuration taken from the source itself (`%%{init: …}%%` directives, front matter). */
  config: object;
  nodes: ParsedNode[];
  edges: Array<{start: string; end: string; text: string}>;
  classDefs: string[];
  tooltips: number;
}

/**
 * Mermaid marks entity codes `#60;` as `ﬂ°°60¶ß` and named ones `#lt;` as `ﬂ°lt¶ß` while
 * parsing, and makes them `&#60;` / `&lt;` in the SVG: the browser draws the first as `<`.
 * A named one is left as `&lt;`, so a test comparing texts sees it.
 */
function decodeEntities(text: string): string {
  return text.replace(/ﬂ°°(\d+)¶ß|ﬂ°(\w+)¶ß/g, (_, code: string | undefined, name: string) => (code ? String.fromCodePoint(Number(code)) : `&${name};`));
}

interface FlowDb {
  getVertices(): Map<string, {id: string; text: string; classes: string[]; link?: string}>;
  getEdges(): Array<{start: string; end: string; text: string}>;
  getClasses(): Map<string, unknown>;
  tooltips: Map<string, string>;
}

export async function parseFlowchart(source: string): Promise<ParsedFlowchart> {
  const {default: mermaid} = await import('mermaid');
  const result = await mermaid.parse(source);
  const config: object = result ? result.config : {};
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db as unknown as FlowDb;
  return {
    config,
    nodes: [...db.getVertices().values()].map((v) => ({id: v.id, text: decodeEntities(v.text), classes: v.classes, ...(v.link === undefined ? {} : {link: v.link})})),
    edges: db.getEdges().map((e) => ({start: e.start, end: e.end, text: decodeEntities(e.text)})),
    classDefs: [...db.getClasses().keys()],
    tooltips: db.tooltips.size,
  };
}
