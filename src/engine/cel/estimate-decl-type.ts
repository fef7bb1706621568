/**
 * The CEL declaration of a CRD schema node with the sizes the API server's cost estimator reads
 * (k8s.io/apiserver pkg/cel/common/schemas.go SchemaDeclType, types.go, limits.go): each node's
 * largest element count (MaxElements: a string's bytes, a list's items, a map's entries) and the
 * smallest JSON it serialises to (MinSerializedSize), from which unbounded lists and maps get
 * their worst case: as many of the smallest item as a 3 MiB request holds.
 */
import {utf8Length} from './call-cost';
import {CEL_RESERVED} from './escaping';

/** k8s.io/apiserver pkg/apis/cel config.go MaxRequestSizeBytes. */
export const MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;

// limits.go
const MAX_DURATION_SIZE_JSON = 32;
const MAX_DATETIME_SIZE_JSON = 32;
const MIN_DURATION_SIZE_JSON = 3;
const JSON_DATE_SIZE = 12;
const MIN_DATETIME_SIZE_JSON = 21;
const MIN_STRING_SIZE = 2;
const MIN_BOOL_SIZE = 4;
const MIN_NUMBER_SIZE = 1;

export type DeclKind = 'object' | 'map' | 'list' | 'string' | 'bytes' | 'duration' | 'timestamp' | 'bool' | 'int' | 'double' | 'dyn';

export interface DeclType {
  kind: DeclKind;
  maxElements: number;
  minSerializedSize: number;
  /** An object's fields by their CEL (escaped) names. */
  fields?: ReadonlyMap<string, DeclType>;
  /** A list's items, a map's values. */
  elem?: DeclType;
}

/** The schema keywords SchemaDeclType reads, as a CRD writes them. */
export interface JsonSchema {
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  maxItems?: number;
  maxProperties?: number;
  maxLength?: number;
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-validations'?: Array<{rule?: string; messageExpression?: string; message?: string; reason?: string; fieldPath?: string; optionalOldSelf?: boolean}>;
}

/** escaping.go Escape: the CEL name of a property, or undefined when it has none (such a property is left out). */
export function escapeCelName(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[A-Za-z0-9_./-]*$/.test(name)) return undefined;
  return name.replace(/__|[-./]/g, (part) => ({'__': '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__'})[part]!);
}

const zeroIfNegative = (value: number) => Math.max(0, value);
const simple = (kind: DeclKind, minSerializedSize: number, maxElements = 0): DeclType => ({kind, maxElements, minSerializedSize});
const isMap = (schema: JsonSchema) => typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null;

/** schemas.go WithTypeAndObjectMeta: a resource's root always declares kind, apiVersion, metadata.name and metadata.generateName. */
function withTypeAndObjectMeta(schema: JsonSchema): JsonSchema {
  const props = schema.properties;
  const meta = props?.metadata;
  if (props?.kind?.type === 'string' && props.apiVersion?.type === 'string' && meta?.type === 'object' && meta.properties?.name?.type === 'string' && meta.properties.generateName?.type === 'string') {
    return schema;
  }
  const text: JsonSchema = {type: 'string'};
  return {...schema, properties: {...props, kind: text, apiVersion: text, metadata: {type: 'object', properties: {name: text, generateName: text}}}};
}

/** schemas.go estimateMaxStringLengthPerRequest. */
function maxStringLength(schema: JsonSchema): number {
  if (schema['x-kubernetes-int-or-string'] === true) return MAX_REQUEST_SIZE_BYTES - 2;
  if (schema.format === 'duration') return MAX_DURATION_SIZE_JSON;
  if (schema.format === 'date') return JSON_DATE_SIZE;
  if (schema.format === 'date-time') return MAX_DATETIME_SIZE_JSON;
  return MAX_REQUEST_SIZE_BYTES - 2;
}

/** schemas.go estimateMaxStringEnumLength: the longest value's bytes. */
function maxEnumLength(values: readonly unknown[]): number {
  let longest = 0;
  for (const value of values) if (typeof value === 'string') longest = Math.max(longest, utf8Length(value));
  return longest;
}

/**
 * schemas.go SchemaDeclType: undefined for a node CEL does not see (no type, a list without
 * items). `isResourceRoot` for a custom resource's root or an embedded resource.
 */
export function schemaDeclType(node: JsonSchema | undefined, isResourceRoot: boolean): DeclType | undefined {
  if (!node) return undefined;
  if (node['x-kubernetes-int-or-string'] === true) return simple('dyn', 1, MAX_REQUEST_SIZE_BYTES - 2);
  const schema = isResourceRoot ? withTypeAndObjectMeta(node) : node;
  switch (schema.type) {
    case 'array': {
      const items = schemaDeclType(schema.items, schema.items?.['x-kubernetes-embedded-resource'] === true);
      if (!items) return undefined;
      // estimateMaxArrayItemsFromMinSize: 2 bytes for [ and ], a comma per item
      const maxItems = schema.maxItems !== undefined ? zeroIfNegative(schema.maxItems) : Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (items.minSerializedSize + 1));
      return {kind: 'list', maxElements: maxItems, minSerializedSize: 2, elem: items};
    }
    case 'object': {
      if (isMap(schema)) {
        const values = schema.additionalProperties as JsonSchema;
        const elem = schemaDeclType(values, values['x-kubernetes-embedded-resource'] === true);
        if (!elem) return undefined;
        // estimateMaxAdditionalPropertiesFromMinSize: a key of 2 bytes, its quotes, colon and comma
        const maxProperties = schema.maxProperties !== undefined ? zeroIfNegative(schema.maxProperties) : Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (elem.minSerializedSize + 6));
        return {kind: 'map', maxElements: maxProperties, minSerializedSize: 2, elem};
      }
      const required = new Set(schema.required ?? []);
      const fields = new Map<string, DeclType>();
      let minSerializedSize = 2; // {}
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const field = schemaDeclType(prop, prop['x-kubernetes-embedded-resource'] === true);
        if (!field) continue;
        const escaped = escapeCelName(name);
        if (escaped !== undefined) fields.set(escaped, field);
        // a required property without a default is always serialised: "name": value,
        if (required.has(name) && prop.default === undefined) minSerializedSize += utf8Length(name) + field.minSerializedSize + 4;
      }
      return {kind: 'object', maxElements: 0, minSerializedSize, fields};
    }
    case 'string':
      switch (schema.format) {
        case 'byte':
          return simple('bytes', MIN_STRING_SIZE, schema.maxLength !== undefined ? zeroIfNegative(schema.maxLength) : maxStringLength(schema));
        case 'duration':
          return simple('duration', MIN_DURATION_SIZE_JSON, maxStringLength(schema));
        case 'date':
          return simple('timestamp', JSON_DATE_SIZE, maxStringLength(schema));
        case 'date-time':
          return simple('timestamp', MIN_DATETIME_SIZE_JSON, maxStringLength(schema));
      }
      // maxLength counts code points; a code point takes up to 4 bytes
      if (schema.maxLength !== undefined) return simple('string', MIN_STRING_SIZE, zeroIfNegative(schema.maxLength) * 4);
      return simple('string', MIN_STRING_SIZE, schema.enum && schema.enum.length > 0 ? maxEnumLength(schema.enum) : maxStringLength(schema));
    case 'boolean':
      return simple('bool', MIN_BOOL_SIZE);
    case 'number':
      return simple('double', MIN_NUMBER_SIZE);
    case 'integer':
      return simple('int', MIN_NUMBER_SIZE);
  }
  return undefined;
}

/**
 * apiextensions-apiserver compilation.go maxCardinality: how many times data of this smallest
 * size can repeat in one request (a comma between each).
 */
export function maxCardinality(minSerializedSize: number): bigint {
  return BigInt(Math.floor(MAX_REQUEST_SIZE_BYTES / (minSerializedSize + 1)));
}
