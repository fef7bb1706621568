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

export function toCelValue(value: unknown, schema: SchemaNode | undefined, memo: WeakMap<object, unknown>): unknown {
  if (typeof value === 'number') {
    // int-or-string and untyped (preserved) numbers: whole numbers are CEL ints.
    if (isIntegerSchema(schema) || ((!schema || !schema.type) && Number.isInteger(value))) return BigInt(value);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const cached = memo.get(value);
  if (cached !== undefined) return cached;
  let converted: unknown;
  if (Array.isArray(value)) {
    converted = value.map((item) => toCelValue(item, schema?.items, memo));
  } else {
    const out: Record<string, unknown> = {};
    const preserve = schema === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true;
    for (const [key, child] of Object.entries(value)) {
      const childNode = schema ? childSchema(schema, key) : undefined;
      // Unknown fields are pruned by the API server before CEL runs; nulls on non-nullable fields too.
      if (!childNode && !preserve) continue;
      if (child === null && childNode && childNode.nullable !== true) continue;
      out[key] = toCelValue(child, childNode, memo);
    }
    converted = out;
  }
  memo.set(value, converted);
  return converted;
}
