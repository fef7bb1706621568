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
  /** Set by the API server when the field is missing (structural defaulting). */
  default?: unknown;
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

/** What the API server serves for one group/version/kind of a CRD. */
export interface ServedVersion {
  group: string;
  version: string;
  kind: string;
  plural: string;
  storage: boolean;
  deprecated: boolean;
  /** For a deprecated version, the warning the API server returns with every request (the CRD's own, or its default wording). */
  deprecationWarning?: string;
  /** With a status subresource the API server ignores `status` sent by clients (it is reset on create). */
  statusSubresource: boolean;
}

/** One served group/version/kind of the catalog, pointing at its (deduplicated) schema. */
export interface CatalogEntry extends ServedVersion {
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

/** Mutually exclusive fields (a protobuf oneof), as Istio's CRDs encode them in `oneOf`. */
export interface ExclusiveGroup {
  fields: string[];
  /** True for "at most one" (a `not: {anyOf: ...}` branch allows none); false for "exactly one". */
  allowsNone: boolean;
}

/**
 * Istio encodes protobuf oneofs as `oneOf: [{not: {anyOf: [required a, required b]}}, {required: [a]}, {required: [b]}]`.
 * A node can carry several (consistentHash has two, under allOf).
 */
export function exclusiveGroups(node: SchemaNode | undefined): ExclusiveGroup[] {
  if (!node) return [];
  const oneOfs = [node.oneOf, ...(node.allOf ?? []).map((part) => part.oneOf)];
  return oneOfs
    .filter((branches): branches is SchemaNode[] => branches !== undefined)
    .map((branches) => ({
      fields: branches.flatMap((branch) => (branch.required?.length === 1 ? branch.required : [])),
      allowsNone: branches.some((branch) => branch.not !== undefined),
    }))
    .filter((group) => group.fields.length > 1);
}
