/**
 * kubectl's `-o jsonpath=TEMPLATE`: client-go's util/jsonpath (parser.go, jsonpath.go) as
 * kubectl's JSONPathPrinter runs it (cli-runtime pkg/printers/jsonpath.go): missing keys allowed
 * (they print nothing), text outside braces printed as it is, several results of one action
 * joined by a space, maps and lists printed as Go's json.Marshal writes them, and nothing added
 * at the end (no newline unless the template asks for one).
 *
 * Supported: fields (`.a.b`, `['a.b']`, `\.` in a name, `*`), `..` recursion, `[n]`, `[a:b:c]`,
 * `[*]`, filters `[?(@.x == "y")]` (==, !=, <, <=, >, >=, or a path alone: it exists), `@`, `$`,
 * quoted text (`{"\n"}`, `{'x'}`), `range` … `end`. Go walks maps in random order where a
 * template ranges over a map's values; here keys are taken sorted, the order kubectl prints
 * most of the time for small maps is not defined either.
 */
import {goNumber} from '../../engine/go/fmt';

// A number of an unstructured object as fmt.Sprint (and go-yaml's FormatFloat 'g', -1) writes it.
export {goNumber};

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

type Step =
  | {kind: 'field'; name: string}
  | {kind: 'wildcard'}
  | {kind: 'recursive'}
  | {kind: 'index'; start?: number; end?: number; step?: number; single: boolean}
  | {kind: 'keys'; names: string[]}
  | {kind: 'filter'; left: Operand; op?: string; right?: Operand};

type Operand = {kind: 'path'; steps: Step[]} | {kind: 'literal'; value: unknown};

type Node =
  | {kind: 'text'; text: string}
  | {kind: 'path'; steps: Step[]}
  | {kind: 'range'; steps: Step[]; body: Node[]};

const TERMINATORS = new Set([' ', '\t', '\n', '.', ',', '[', ']', '$', '@', '{', '}', '(', ')', '=', '!', '<', '>']);

/** The parsed template; throws JsonPathError where kubectl's parser fails. */
export function parseJsonPath(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({kind: 'text', text: template.slice(i)});
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({kind: 'text', text: template.slice(i, open)});
    const close = actionEnd(template, open + 1);
    const inside = template.slice(open + 1, close).trim();
    i = close + 1;
    if (inside === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
      continue;
    }
    const range = /^range\s+(.*)$/s.exec(inside);
    if (range) {
      const path = readPath(range[1]!.trim());
      const node: Node = {kind: 'range', ...path, body: []};
      stack[stack.length - 1]!.push(node);
      stack.push(node.body);
      continue;
    }
    stack[stack.length - 1]!.push(...readAction(inside));
  }
  if (stack.length > 1) throw new JsonPathError('unclosed action'); // a range without its end
  return root;
}

/** Where the action opened before `from` closes: the first `}` outside quotes. */
function actionEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  throw new JsonPathError('unclosed action');
}

/** An action's contents: quoted text, or a path (several, separated by spaces, are walked in turn by Go; one path here). */
function readAction(inside: string): Node[] {
  const quote = inside[0];
  if ((quote === '"' || quote === "'") && inside.endsWith(quote) && inside.length >= 2) return [{kind: 'text', text: unquote(inside)}];
  if (inside === '') return [];
  return [{kind: 'path', ...readPath(inside)}];
}

/** parser.go's UnquoteExtend: Go's strconv.Unquote, single quotes read as double quotes. */
function unquote(quoted: string): string {
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    const simple: Record<string, string> = {n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v'};
    if (next !== undefined && simple[next] !== undefined) out += simple[next];
    else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + length);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new JsonPathError('invalid syntax');
      out += String.fromCodePoint(parseInt(hex, 16));
      i += length;
    } else throw new JsonPathError('invalid syntax');
  }
  return out;
}

function readPath(text: string): {steps: Step[]} {
  const reader = {text, at: 0};
  const path = readSteps(reader);
  skipSpaces(reader);
  if (reader.at < text.length) throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(text[reader.at])}`);
  return path;
}

interface Reader {
  text: string;
  at: number;
}

function skipSpaces(r: Reader): void {
  while (r.text[r.at] === ' ' || r.text[r.at] === '\t') r.at++;
}

function readSteps(r: Reader): {steps: Step[]} {
  const steps: Step[] = [];
  if (r.text[r.at] === '$' || r.text[r.at] === '@') r.at++;
  for (;;) {
    const c = r.text[r.at];
    if (c === '.') {
      if (r.text[r.at + 1] === '.') {
        steps.push({kind: 'recursive'});
        r.at += 2;
      } else r.at++;
      const name = readName(r);
      if (name === '*') steps.push({kind: 'wildcard'});
      else if (name !== '') steps.push({kind: 'field', name});
    } else if (c === '[') {
      steps.push(readBracket(r));
    } else return {steps};
  }
}

function readName(r: Reader): string {
  let name = '';
  while (r.at < r.text.length) {
    const c = r.text[r.at]!;
    if (c === '\\' && r.text[r.at + 1] === '.') {
      name += '.';
      r.at += 2;
      continue;
    }
    if (TERMINATORS.has(c) && !(c === '*' && name === '')) break;
    name += c;
    r.at++;
  }
  return name;
}

function readBracket(r: Reader): Step {
  const close = bracketEnd(r.text, r.at);
  const inside = r.text.slice(r.at + 1, close).trim();
  r.at = close + 1;
  if (inside.startsWith('?(') && inside.endsWith(')')) return readFilter(inside.slice(2, -1));
  if (inside === '*') return {kind: 'wildcard'};
  if (/^['"]/.test(inside)) {
    const names = [...inside.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => unquote(m[0]));
    return {kind: 'keys', names};
  }
  const parts = inside.split(':').map((part) => part.trim());
  if (parts.length > 3 || parts.some((part) => part !== '' && !/^-?\d+$/.test(part))) throw new JsonPathError(`invalid array index ${inside}`);
  const number = (part: string | undefined): number | undefined => (part === undefined || part === '' ? undefined : Number(part));
  if (parts.length === 1) return {kind: 'index', start: number(parts[0]), single: true};
  return {kind: 'index', start: number(parts[0]), end: number(parts[1]), step: number(parts[2]), single: false};
}

function bracketEnd(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated array');
}

function readFilter(text: string): Step {
  const r: Reader = {text, at: 0};
  skipSpaces(r);
  const left = readOperand(r);
  skipSpaces(r);
  const op = /^(==|!=|<=|>=|<|>)/.exec(text.slice(r.at))?.[1];
  if (!op) {
    if (r.at < text.length) throw new JsonPathError(`unrecognized filter: ${text}`);
    return {kind: 'filter', left};
  }
  r.at += op.length;
  skipSpaces(r);
  const right = readOperand(r);
  return {kind: 'filter', left, op, right};
}

function readOperand(r: Reader): Operand {
  const rest = r.text.slice(r.at);
  const quoted = /^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/.exec(rest);
  if (quoted) {
    r.at += quoted[0].length;
    return {kind: 'literal', value: unquote(quoted[0])};
  }
  const number = /^-?\d+(\.\d+)?/.exec(rest);
  if (number) {
    r.at += number[0].length;
    return {kind: 'literal', value: Number(number[0])};
  }
  const bool = /^(true|false)\b/.exec(rest);
  if (bool) {
    r.at += bool[0].length;
    return {kind: 'literal', value: bool[0] === 'true'};
  }
  return {kind: 'path', ...readSteps(r)};
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function walk(values: unknown[], steps: readonly Step[]): unknown[] {
  let current = values;
  for (const step of steps) current = current.flatMap((value) => apply(value, step));
  return current;
}

function apply(value: unknown, step: Step): unknown[] {
  switch (step.kind) {
    case 'field':
      return isMap(value) && step.name in value ? [value[step.name]] : [];
    case 'keys':
      return isMap(value) ? step.names.filter((name) => name in value).map((name) => value[name]) : [];
    case 'wildcard':
      if (Array.isArray(value)) return value;
      return isMap(value) ? Object.keys(value).sort().map((key) => value[key]) : [];
    case 'recursive':
      return descendants(value);
    case 'index':
      return Array.isArray(value) ? slice(value, step) : [];
    case 'filter':
      return Array.isArray(value) ? value.filter((item) => matches(item, step)) : [];
  }
}

/** evalRecursive: the value and everything under it, depth first. */
function descendants(value: unknown): unknown[] {
  const children = Array.isArray(value) ? value : isMap(value) ? Object.keys(value).sort().map((key) => value[key]) : [];
  if (children.length === 0) return [];
  return [value, ...children.flatMap(descendants)];
}

/** evalArray: Python-style bounds, a single index out of range is an error. */
function slice(list: unknown[], step: Extract<Step, {kind: 'index'}>): unknown[] {
  const length = list.length;
  if (step.single) {
    if (step.start === undefined) return list;
    const index = step.start < 0 ? step.start + length : step.start;
    if (index < 0 || index >= length) throw new JsonPathError(`array index out of bounds: index ${step.start}, length ${length}`);
    return [list[index]];
  }
  const clamp = (n: number): number => Math.min(length, Math.max(0, n < 0 ? n + length : n));
  const start = clamp(step.start ?? 0);
  const end = clamp(step.end ?? length);
  const by = step.step ?? 1;
  if (by <= 0) throw new JsonPathError('step must be > 0');
  const out: unknown[] = [];
  for (let i = start; i < end; i += by) out.push(list[i]);
  return out;
}

function matches(item: unknown, filter: Extract<Step, {kind: 'filter'}>): boolean {
  const resolve = (operand: Operand): unknown[] => (operand.kind === 'literal' ? [operand.value] : walk([item], operand.steps));
  const left = resolve(filter.left);
  if (!filter.op) return left.length > 0;
  const right = resolve(filter.right!);
  if (left.length === 0 || right.length === 0) return false;
  const [a, b] = [left[0], right[0]];
  switch (filter.op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    default: {
      if (typeof a !== 'number' || typeof b !== 'number') return false;
      return filter.op === '<' ? a < b : filter.op === '<=' ? a <= b : filter.op === '>' ? a > b : a >= b;
    }
  }
}

/** json.Marshal's string: HTML-safe escapes as Go writes them. */
function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.Marshal of an unstructured value: map keys sorted, no spaces. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const map = value as Record<string, unknown>;
  return `{${Object.keys(map).sort(byteOrder).map((key) => `${goJsonString(key)}:${goJson(map[key])}`).join(',')}}`;
}

/** Go sorts map keys by their UTF-8 bytes, which is code point order (no Buffer: this runs in the page too). */
export function byteOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const difference = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return x.length - y.length;
}

/** PrintResults: maps and lists as JSON, other values as fmt prints them. */
export function text(value: unknown): string {
  if (isMap(value) || Array.isArray(value)) return goJson(value);
  if (typeof value === 'number') return goNumber(value);
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}

/** Each path starts at the current data (`$` and `@` alike, as client-go reads them): the object, or a range's item. */
function run(nodes: readonly Node[], data: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'path') out += walk([data], node.steps).map(text).join(' ');
    else for (const item of walk([data], node.steps)) out += run(node.body, item);
  }
  return out;
}

/** What `kubectl get … -o jsonpath=TEMPLATE` prints for this data (one object, or a List). */
export function printJsonPath(template: string, data: unknown): string {
  return run(parseJsonPath(template), data);
}

/** FindResults of one path (`.spec.hosts`, as a CRD's printer column writes it): the values it finds, in order. */
export function findResults(path: string, data: unknown): unknown[] {
  const nodes = parseJsonPath(`{${path}}`);
  const node = nodes[0];
  if (nodes.length !== 1 || node?.kind !== 'path') throw new JsonPathError(`not a path: ${path}`);
  return walk([data], node.steps);
}
