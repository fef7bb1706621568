/**
 * `kubectl get -o yaml` and `-o json` (cli-runtime pkg/printers/yaml.go and json.go): the object
 * as the API server returned it, through sigs.k8s.io/yaml (JSON first, so map keys sorted as Go
 * sorts them; then go-yaml v2's block style, sequences under a key not indented) or
 * json.MarshalIndent with four spaces. Several objects are wrapped in a List. kubectl leaves
 * managedFields out unless --show-managed-fields.
 */
import {Emitter, scalarStyle} from '../../cli/analyze/go-yaml';
import {byteOrder, goNumber} from './jsonpath';
import {isRecord} from './model';

const INDENT = 2;

/** The List kubectl prints for several objects (or none). */
export function asList(items: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {apiVersion: 'v1', items, kind: 'List', metadata: {resourceVersion: ''}};
}

/** The object without metadata.managedFields, as kubectl prints it by default. */
export function withoutManagedFields(value: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(value.metadata) || !('managedFields' in value.metadata)) return value;
  const {managedFields: _dropped, ...metadata} = value.metadata;
  return {...value, metadata};
}

const codePoints = (text: string): number[] => [...text].map((ch) => ch.codePointAt(0)!);

function scalar(emitter: Emitter, value: unknown): void {
  if (typeof value === 'string') {
    const points = codePoints(value);
    const style = scalarStyle(points, value);
    if (style === 'plain') emitter.plain(points);
    else if (style === 'single') emitter.singleQuoted(points);
    else if (style === 'double') emitter.doubleQuoted(points);
    else emitter.literal(points);
    return;
  }
  const text = value === null || value === undefined ? 'null' : typeof value === 'number' ? goNumber(value) : String(value);
  emitter.plain(codePoints(text));
}

const isEmpty = (value: unknown): boolean => (Array.isArray(value) ? value.length === 0 : isRecord(value) && Object.keys(value).length === 0);

/** A node at `indent` (the indent its block children take), written after what the emitter holds. */
function node(emitter: Emitter, value: unknown, indent: number, inMapping: boolean): void {
  if (isEmpty(value)) {
    emitter.writeIndicator(Array.isArray(value) ? '[]' : '{}', true, false, false);
    return;
  }
  if (Array.isArray(value)) {
    // An indentless sequence under a mapping key (yaml_emitter_emit_block_sequence_item).
    const itemIndent = inMapping ? indent - INDENT : indent;
    for (const item of value) {
      emitter.indent = itemIndent;
      emitter.writeIndent();
      emitter.writeIndicator('-', true, false, true);
      child(emitter, item, itemIndent + INDENT, false);
    }
    return;
  }
  if (isRecord(value)) {
    for (const key of Object.keys(value).sort(yamlKeyOrder)) {
      emitter.indent = indent;
      emitter.writeIndent();
      scalar(emitter, key);
      emitter.writeIndicator(':', false, false, false);
      child(emitter, value[key], indent + INDENT, true);
    }
    return;
  }
  emitter.indent = indent;
  scalar(emitter, value);
}

function child(emitter: Emitter, value: unknown, indent: number, inMapping: boolean): void {
  node(emitter, value, indent, inMapping);
}

const isLetter = (ch: string): boolean => /^\p{L}$/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && /^\p{Nd}$/u.test(ch);

/**
 * go-yaml v2's order of string map keys (sorter.go keyList.Less), which JSONToYAML's re-marshalling
 * applies: rune by rune, letters by code point, a non-letter before a letter, runs of digits by
 * their value (`a2` before `a10`), then by length.
 */
export function yamlKeyOrder(left: string, right: string): number {
  if (left === right) return 0;
  return yamlKeyLess([...left], [...right]) ? -1 : 1;
}

function yamlKeyLess(a: string[], b: string[]): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] === b[i]) continue;
    const al = isLetter(a[i]!);
    const bl = isLetter(b[i]!);
    if (al && bl) return a[i]!.codePointAt(0)! < b[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (a[i] === '0' || b[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(a[j]); j--) {
        if (a[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; isDigit(a[ai]); ai++) an = an * 10 + (a[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; isDigit(b[bi]); bi++) bn = bn * 10 + (b[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return a[i]!.codePointAt(0)! < b[i]!.codePointAt(0)!;
  }
  return a.length < b.length;
}

/** sigs.k8s.io/yaml JSONToYAML of any JSON value (a top-level list too). */
export function jsonToYaml(value: unknown): string {
  const emitter = new Emitter();
  node(emitter, value, 0, false);
  emitter.indent = -1;
  emitter.writeIndent();
  return emitter.out;
}

/** sigs.k8s.io/yaml.Marshal of an unstructured object. */
export function goYaml(value: Record<string, unknown>): string {
  const emitter = new Emitter();
  node(emitter, value, 0, false);
  emitter.indent = -1;
  emitter.writeIndent();
  return emitter.out;
}

/** json.MarshalIndent(value, "", "    ") with Go's HTML-safe escapes, then kubectl's newline. */
export function goJsonIndent(value: unknown): string {
  const write = (v: unknown, depth: number): string => {
    const pad = '    '.repeat(depth + 1);
    const close = '    '.repeat(depth);
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((item) => pad + write(item, depth + 1)).join(',\n')}\n${close}]`;
    if (isRecord(v)) {
      const keys = Object.keys(v).sort(byteOrder);
      return keys.length === 0 ? '{}' : `{\n${keys.map((key) => `${pad}${goString(key)}: ${write(v[key], depth + 1)}`).join(',\n')}\n${close}}`;
    }
    if (typeof v === 'string') return goString(v);
    if (typeof v === 'number') return JSON.stringify(v);
    return v === null || v === undefined ? 'null' : String(v);
  };
  return `${write(value, 0)}\n`;
}

/**
 * json.MarshalIndent(value, "", indent) of Go structs: fields in the order given (a struct's
 * declaration order, `omitempty` fields already left out by the caller), Go's HTML-safe escapes.
 * A Go map is given as a JS Map: its keys are sorted as strings, as encoding/json sorts them
 * (numeric keys too: "15008" before "9080"), which a JS object's integer keys would not keep.
 */
export function goStructJsonIndent(value: unknown, indent: string): string {
  const write = (v: unknown, depth: number): string => {
    const pad = indent.repeat(depth + 1);
    const close = indent.repeat(depth);
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((item) => pad + write(item, depth + 1)).join(',\n')}\n${close}]`;
    if (v instanceof Map) {
      const keys = [...v.keys()].map(String).sort(byteOrder);
      const byKey = new Map([...v.entries()].map(([key, item]) => [String(key), item]));
      return keys.length === 0 ? '{}' : `{\n${keys.map((key) => `${pad}${goString(key)}: ${write(byKey.get(key), depth + 1)}`).join(',\n')}\n${close}}`;
    }
    if (isRecord(v)) {
      const keys = Object.keys(v).filter((key) => v[key] !== undefined);
      return keys.length === 0 ? '{}' : `{\n${keys.map((key) => `${pad}${goString(key)}: ${write(v[key], depth + 1)}`).join(',\n')}\n${close}}`;
    }
    if (typeof v === 'string') return goString(v);
    if (typeof v === 'number') return JSON.stringify(v);
    return v === null || v === undefined ? 'null' : String(v);
  };
  return write(value, 0);
}

function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
