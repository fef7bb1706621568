/**
 * Completion and hover for the YAML labs, answered from the same schemas that judge
 * the YAML: field names at the cursor's path, enum values, types, and the project's
 * field help. Pure: the editor's worker calls it, tests call it directly.
 */
import {describeSchemaAt, knownKinds} from '../schema/index';
import type {SchemaDescription} from '../schema/index';
import {afterSequenceMarkers, cursorContext, MAX_INSPECTED_COLUMNS, skipSpaces} from './cursor-context';

export interface Suggestion {
  label: string;
  kind: 'field' | 'value';
  /** Snippet text: `$0` marks where the cursor lands. */
  insertText: string;
  detail?: string;
  documentation?: string;
  /** Sort required fields first. */
  required?: boolean;
}

export interface HoverInfo {
  /** Markdown. */
  contents: string;
  line: number;
  startColumn: number;
  endColumn: number;
}

/** ObjectMeta: not in Istio's CRD schemas (the API server owns it), but every resource has it. */
const METADATA_FIELDS: Record<string, {type: string; help: string}> = {
  name: {type: 'string', help: 'The resource\'s name: a lowercase DNS-1123 subdomain, unique per kind in its namespace.'},
  namespace: {type: 'string', help: 'The namespace the resource lives in; `default` when left out.'},
  labels: {type: 'object', help: 'Key/value labels for selecting and organising resources.'},
  annotations: {type: 'object', help: 'Free-form key/value metadata for tools; not used for selection.'},
  generateName: {type: 'string', help: 'A prefix from which the API server generates a unique name when `name` is empty.'},
};

const ROOT_FIELDS: Record<string, {type: string; help: string}> = {
  apiVersion: {type: 'string', help: 'The API group and version, such as `networking.istio.io/v1`.'},
  kind: {type: 'string', help: 'The type of resource, such as `VirtualService`.'},
  metadata: {type: 'object', help: 'Name, namespace, labels and annotations of the resource.'},
  spec: {type: 'object', help: 'The desired configuration of the resource.'},
};

function typeLabel(description: SchemaDescription | undefined): string | undefined {
  if (!description?.type) return description?.isMap ? 'map' : undefined;
  const types = Array.isArray(description.type) ? description.type : [description.type];
  if (types.includes('integer') && types.includes('string')) return 'integer or string';
  if (description.isMap) return 'map';
  return types.join(' | ');
}

function fieldSnippet(name: string, type: string | undefined, isMap: boolean): string {
  if (type === 'object' || type === 'map' || isMap) return `${name}:\n  $0`;
  if (type === 'array') return `${name}:\n- $0`;
  return `${name}: $0`;
}

function childPointer(pointer: string, key: string): string {
  return `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function fieldSuggestions(apiVersion: string | undefined, kind: string | undefined, pointer: string, siblings: Set<string>): Suggestion[] {
  const fixed = pointer === '' ? ROOT_FIELDS : pointer === '/metadata' ? METADATA_FIELDS : undefined;
  if (fixed) {
    return Object.entries(fixed)
      .filter(([name]) => !siblings.has(name))
      .map(([name, field]) => ({label: name, kind: 'field' as const, insertText: fieldSnippet(name, field.type, false), detail: field.type, documentation: field.help, required: name !== 'generateName' && name !== 'annotations' && name !== 'labels' && name !== 'namespace'}));
  }
  if (!apiVersion || !kind) return [];
  const parent = describeSchemaAt(apiVersion, kind, pointer);
  if (!parent || parent.isMap) return [];
  // Among mutually exclusive fields (exact | prefix | regex), once one is set the others are not offered.
  const excluded = new Set(parent.exclusiveFields.filter((group) => group.some((name) => siblings.has(name))).flat());
  return parent.properties
    .filter((name) => !siblings.has(name) && !excluded.has(name))
    .map((name) => {
      const child = describeSchemaAt(apiVersion, kind, childPointer(pointer, name));
      const type = typeLabel(child);
      return {
        label: name,
        kind: 'field' as const,
        insertText: fieldSnippet(name, type, child?.isMap ?? false),
        detail: type,
        documentation: child?.help,
        required: parent.required.includes(name),
      };
    });
}

function valueSuggestions(apiVersion: string | undefined, kind: string | undefined, pointer: string, key: string): Suggestion[] {
  if (pointer === '' && key === 'apiVersion') {
    const versions = new Set(knownKinds().filter((gvk) => !kind || gvk.kind === kind).map((gvk) => `${gvk.group}/${gvk.version}`));
    return [...versions].sort().map((value) => ({label: value, kind: 'value' as const, insertText: value, detail: kind ? `serves ${kind}` : undefined}));
  }
  if (pointer === '' && key === 'kind') {
    const kinds = new Set(knownKinds().filter((gvk) => !apiVersion || `${gvk.group}/${gvk.version}` === apiVersion).map((gvk) => gvk.kind));
    return [...kinds].sort().map((value) => ({label: value, kind: 'value' as const, insertText: value}));
  }
  if (!apiVersion || !kind) return [];
  const field = describeSchemaAt(apiVersion, kind, childPointer(pointer, key));
  if (!field) return [];
  if (field.enum) {
    return field.enum.map((value) => ({label: String(value), kind: 'value' as const, insertText: String(value), detail: typeLabel(field), documentation: field.help}));
  }
  if (field.type === 'boolean') {
    return ['true', 'false'].map((value) => ({label: value, kind: 'value' as const, insertText: value, detail: 'boolean'}));
  }
  return [];
}

/** Completion items at a 1-based line and column. */
export function suggestionsAt(text: string, line: number, column: number): Suggestion[] {
  const context = cursorContext(text, line, column);
  const suggestions =
    context.mode === 'key'
      ? fieldSuggestions(context.apiVersion, context.kind, context.pointer, new Set(context.siblings))
      : valueSuggestions(context.apiVersion, context.kind, context.pointer, context.key ?? '');
  return suggestions.sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false) || a.label.localeCompare(b.label));
}

/** Help for the key under the cursor: its type, allowed values and what it does. */
export function hoverAt(text: string, line: number, column: number): HoverInfo | undefined {
  const key = hoveredKey(text.split(/\r?\n/)[line - 1] ?? '');
  if (!key) return undefined;
  const startColumn = key.start + 1;
  const endColumn = startColumn + key.name.length;
  if (column < startColumn || column > endColumn) return undefined;
  return fieldHover(text, line, key.name, startColumn, endColumn);
}

/** The `key:` a line starts with (after indentation and `- ` markers), scanned within the inspected columns. */
function hoveredKey(source: string): {name: string; start: number} | undefined {
  const line = source.slice(0, MAX_INSPECTED_COLUMNS);
  const start = afterSequenceMarkers(line);
  let end = start;
  while (end < line.length && /[\w.-]/.test(line[end]!)) end++;
  if (end === start || line[skipSpaces(line, end)] !== ':') return undefined;
  return {name: line.slice(start, end), start};
}

/** Hover for `key` as the schema (or the fixed root and metadata fields) describes it. */
function fieldHover(text: string, line: number, key: string, startColumn: number, endColumn: number): HoverInfo | undefined {
  const context = cursorContext(text, line, startColumn);
  const fixed = context.pointer === '' ? ROOT_FIELDS[key] : context.pointer === '/metadata' ? METADATA_FIELDS[key] : undefined;
  let type: string | undefined;
  let help: string | undefined;
  let values: unknown[] | undefined;
  let required = false;
  if (fixed) {
    ({type, help} = fixed);
  } else {
    if (!context.apiVersion || !context.kind) return undefined;
    const field = describeSchemaAt(context.apiVersion, context.kind, childPointer(context.pointer, key));
    if (!field) return undefined;
    type = typeLabel(field);
    help = field.help;
    values = field.enum;
    required = describeSchemaAt(context.apiVersion, context.kind, context.pointer)?.required.includes(key) ?? false;
  }
  const lines = [`**${key}**${type ? ` \`${type}\`` : ''}${required ? ' (required)' : ''}`];
  if (help) lines.push(help);
  if (values) lines.push(`One of: ${values.map((value) => `\`${String(value)}\``).join(', ')}`);
  return {contents: lines.join('\n\n'), line, startColumn, endColumn};
}
