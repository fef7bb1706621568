/**
 * The shape of the imported JSON Schemas (schemas/<group>/<version>/<kind>.json): JSON Schema
 * plus the Kubernetes extensions the API server honours. Only what the engine reads is typed.
 */

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** One `x-kubernetes-validations` entry, kept as the CRD states it. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

export interface SchemaNode {
  type?: SchemaType | SchemaType[];
  format?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  nullable?: boolean;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  not?: SchemaNode;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: ValidationRule[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
}

/** One served group/version/kind of the catalog, pointing at its (deduplicated) schema. */
export interface CatalogEntry {
  group: string;
  version: string;
  kind: string;
  plural: string;
  storage: boolean;
  deprecated: boolean;
  schemaId: string;
}

/** The child schema for an object's property `key`, honouring additionalProperties (maps). */
export function childSchema(node: SchemaNode, key: string): SchemaNode | undefined {
  const property = node.properties?.[key];
  if (property) return property;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** True when `key` under `node` is a map entry rather than a named field. */
export function isMapEntry(node: SchemaNode, key: string): boolean {
  return node.properties?.[key] === undefined && typeof node.additionalProperties === 'object';
}

export function primaryType(node: SchemaNode): SchemaType | undefined {
  return Array.isArray(node.type) ? undefined : node.type;
}
