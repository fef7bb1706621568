/** What the schema says about one location: for completion, hovers and field help. */
import {lookupFieldHelp, helpPathFor} from './field-help';
import {schemaAt} from './pointer';
import {exclusiveGroups, type SchemaNode, type SchemaType} from './schema-node';

export interface SchemaDescription {
  /** JSON type(s); `['integer', 'string']` for int-or-string. Undefined when anything goes. */
  type?: SchemaType | SchemaType[];
  format?: string;
  /** Named child fields of an object, sorted. */
  properties: string[];
  required: string[];
  enum?: unknown[];
  /** True when the object is a map: its keys are free-form (labels, headers). */
  isMap: boolean;
  /** True when unknown fields are kept (e.g. Envoy patches); no completion can be complete there. */
  preservesUnknownFields: boolean;
  nullable: boolean;
  /** Groups of mutually exclusive fields (protobuf oneofs), e.g. [["exact", "prefix", "regex"]]. */
  exclusiveFields: string[][];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** The rule messages of the x-kubernetes-validations at this location. */
  rules: string[];
  /** The help key (kind-relative schema path) and the project's help text, if any. */
  helpPath: string;
  help?: string;
}

export function describeNode(helpKey: string, root: SchemaNode, pointer: string): SchemaDescription | undefined {
  const node = schemaAt(root, pointer);
  if (!node) return undefined;
  const helpPath = helpPathFor(root, pointer);
  const description: SchemaDescription = {
    type: node.type,
    format: node.format,
    properties: Object.keys(node.properties ?? {}).sort(),
    required: [...(node.required ?? [])],
    enum: node.enum ? [...node.enum] : undefined,
    isMap: typeof node.additionalProperties === 'object',
    preservesUnknownFields: node['x-kubernetes-preserve-unknown-fields'] === true,
    nullable: node.nullable === true,
    exclusiveFields: exclusiveGroups(node).map((group) => group.fields),
    minimum: node.minimum,
    maximum: node.maximum,
    minLength: node.minLength,
    maxLength: node.maxLength,
    pattern: node.pattern,
    rules: (node['x-kubernetes-validations'] ?? []).map((rule) => rule.message ?? rule.rule),
    helpPath,
    help: lookupFieldHelp(helpKey, helpPath),
  };
  for (const key of Object.keys(description) as (keyof SchemaDescription)[]) {
    if (description[key] === undefined) delete description[key];
  }
  return description;
}
