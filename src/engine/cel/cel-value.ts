/**
 * Builds the value a CEL rule sees as `self`. Kubernetes types CEL values by the schema:
 * integers are int64 (BigInt in cel-js), numbers are double, unknown fields have been pruned
 * before the rules run. Strings and booleans pass through untouched, so the common rules
 * (durations, wildcards) cost no conversion at all.
 */
import {childSchema, type SchemaNode} from '../schema/schema-node';

function isIntegerSchema(schema: SchemaNode | undefined): boolean {
  const type = schema?.type;
  return type === 'integer' || (Array.isArray(type) && type.includes('integer'));
}

/**
 * Conversions already made during one validation, per schema node: rules on a parent and
 * its children see the same subtree, and YAML aliases can put one object under two schemas.
 */
export class CelValueCache {
  // Plain maps, not WeakMaps: a cache lives for one validation, and WeakMap writes are slow.
  private readonly bySchema = new Map<SchemaNode | undefined, Map<object, unknown>>();

  get(schema: SchemaNode | undefined, value: object): unknown {
    return this.bySchema.get(schema)?.get(value);
  }

  set(schema: SchemaNode | undefined, value: object, converted: unknown): void {
    let forSchema = this.bySchema.get(schema);
    if (!forSchema) this.bySchema.set(schema, (forSchema = new Map()));
    forSchema.set(value, converted);
  }
}

export function toCelValue(value: unknown, schema: SchemaNode | undefined, memo: CelValueCache): unknown {
  if (typeof value === 'number') {
    // int-or-string and untyped (preserved) numbers: whole numbers are CEL ints.
    if (isIntegerSchema(schema) || ((!schema || !schema.type) && Number.isInteger(value))) return BigInt(value);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const cached = memo.get(schema, value);
  if (cached !== undefined) return cached;
  let converted: unknown;
  if (Array.isArray(value)) {
    converted = value.map((item) => toCelValue(item, schema?.items, memo));
  } else {
    const out: Record<string, unknown> = {};
    const preserve = schema === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      const childNode = schema ? childSchema(schema, key) : undefined;
      // Unknown fields are pruned by the API server before CEL runs; nulls on non-nullable fields too.
      if (!childNode && !preserve) continue;
      if (child === null && childNode && childNode.nullable !== true) continue;
      out[key] = toCelValue(child, childNode, memo);
    }
    converted = out;
  }
  memo.set(schema, value, converted);
  return converted;
}
