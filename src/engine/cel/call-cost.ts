/**
 * What cel-go charges for one call, from the values it was called with, as the API server
 * configures it (k8s.io/apiserver pkg/cel/environment base.go: StrictCostOpt's
 * library.CostEstimator first, then cel-go's own table):
 * - k8s.io/apiserver pkg/cel/library/cost.go CostEstimator.CallCost, by function name;
 * - cel-go interpreter/runtimecost.go CostTracker.costCall, by overload, else 1.
 * Sizes are runtimecost.go actualSize: a string's code points, a list's items, a map's
 * entries, a byte sequence's bytes, 1 for anything else.
 */
import {TIMESTAMP_CONVERSION} from './timestamps';
import {DURATION_CONVERSION} from './durations';

/** cel-go common/cost.go. */
export const STRING_TRAVERSAL_COST_FACTOR = 0.1;
export const REGEX_STRING_LENGTH_COST_FACTOR = 0.25;
export const LIST_CREATE_BASE_COST = 10;
export const MAP_CREATE_BASE_COST = 30;
/** common/cost.go StructCreateBaseCost: a message construction. */
export const STRUCT_CREATE_BASE_COST = 40;

/** runtimecost.go actualSize: types.String's Size counts code points (utf8.RuneCountInString). */
export function actualSize(value: unknown): number {
  if (typeof value === 'string') return codePoints(value);
  if (Array.isArray(value)) return value.length;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length;
  return 1;
}

function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) count--;
  }
  return count;
}

/** A string's UTF-8 length (Go's len): cost.go traversalCost's, and the estimator's sizes of literals. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit <= 0xdbff ? (i++, 4) : 3;
  }
  return bytes;
}

const traverse = (size: number, factor = 1) => Math.ceil(size * STRING_TRAVERSAL_COST_FACTOR * factor);

/** cost.go traversalCost: truncated (Go's uint64 conversion), each item of a list or map read. */
function traversalCost(value: unknown): number {
  if (typeof value === 'string') return Math.floor(utf8Length(value) * STRING_TRAVERSAL_COST_FACTOR);
  if (value instanceof Uint8Array) return Math.floor(value.length * STRING_TRAVERSAL_COST_FACTOR);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + traversalCost(item), 0);
  if (value instanceof Map) {
    let sum = 0;
    for (const [key, item] of value) sum += traversalCost(key) + traversalCost(item);
    return sum;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let sum = 0;
    for (const [key, item] of Object.entries(value)) sum += traversalCost(key) + traversalCost(item);
    return sum;
  }
  return 1;
}

/** runtimecost.go MatchesString (and cost.go find/findAll): string length times the pattern's. */
const regexCost = (text: unknown, pattern: unknown) =>
  Math.ceil((1 + actualSize(text)) * STRING_TRAVERSAL_COST_FACTOR) * Math.ceil(actualSize(pattern) * REGEX_STRING_LENGTH_COST_FACTOR);

export type CallCharge = (args: readonly unknown[], result: unknown) => number;

const firstArgTraversal: CallCharge = (args) => traverse(actualSize(args[0]));

/**
 * Functions whose cost depends on their arguments, by name; args[0] is the receiver of a
 * method call, as in cel-go. Every other function costs 1.
 */
const CALL_CHARGES: Record<string, CallCharge> = {
  // library/cost.go CallCost
  url: firstArgTraversal,
  lowerAscii: firstArgTraversal,
  upperAscii: firstArgTraversal,
  substring: firstArgTraversal,
  trim: firstArgTraversal,
  'jsonpatch.escapeKey': firstArgTraversal,
  replace: (args) => traverse(actualSize(args[0]), 2),
  split: (args) => traverse(actualSize(args[0]), 2),
  join: (_args, result) => traverse(actualSize(result), 2),
  find: (args) => regexCost(args[0], args[1]),
  findAll: (args) => regexCost(args[0], args[1]),
  cidr: firstArgTraversal,
  isIP: firstArgTraversal,
  isCIDR: firstArgTraversal,
  ip: firstArgTraversal,
  quantity: firstArgTraversal,
  isQuantity: firstArgTraversal,
  semver: firstArgTraversal,
  isSemver: firstArgTraversal,
  isSorted: (args) => traversalCost(args[0]),
  sum: (args) => traversalCost(args[0]),
  max: (args) => traversalCost(args[0]),
  min: (args) => traversalCost(args[0]),
  indexOf: (args) => traversalCost(args[0]),
  lastIndexOf: (args) => traversalCost(args[0]),
  includes: (args) => traversalCost(args[0]),
  // runtimecost.go costCall
  startsWith: firstArgTraversal,
  endsWith: firstArgTraversal,
  matches: (args) => regexCost(args[0], args[1]),
  // adapt-source.ts spells cel-go's matches so; the same call
  re2Matches: (args) => regexCost(args[0], args[1]),
  contains: (args) => traverse(actualSize(args[0])) * traverse(actualSize(args[1])),
  // StringToBytes, BytesToString; the other conversions cost 1
  string: (args) => (args[0] instanceof Uint8Array ? traverse(actualSize(args[0])) : 1),
  bytes: (args) => (typeof args[0] === 'string' ? traverse(actualSize(args[0])) : 1),
};

/** The charge for a call of `name`, or undefined when it costs a flat 1. */
export function callCharge(name: string): CallCharge | undefined {
  return Object.hasOwn(CALL_CHARGES, name) ? CALL_CHARGES[name] : undefined;
}

const isText = (value: unknown) => typeof value === 'string' || value instanceof Uint8Array;

/**
 * runtimecost.go costCall for the operators: equality of any two values and ordering of two
 * strings cost the smaller size's traversal; `+` of two strings both sizes' traversal (of two
 * lists, 1); `in` a list its size (a map, 1); the other operators 1.
 */
export function operatorCharge(op: string, left: unknown, right: unknown): number {
  switch (op) {
    case '==':
    case '!=':
      return traverse(Math.min(actualSize(left), actualSize(right)));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return isText(left) && isText(right) ? traverse(Math.min(actualSize(left), actualSize(right))) : 1;
    case '+':
      return isText(left) && isText(right) ? traverse(actualSize(left) + actualSize(right)) : 1;
    case 'in':
      return Array.isArray(right) ? right.length : 1;
    default:
      return 1;
  }
}

/** overloads.go IsTypeConversionFunction: folded to a constant on a constant argument (decorators.go maybeOptimizeConstUnary). */
export const TYPE_CONVERSIONS: ReadonlySet<string> = new Set(['bool', 'bytes', 'double', 'duration', DURATION_CONVERSION, 'dyn', 'int', 'string', 'timestamp', TIMESTAMP_CONVERSION, 'type', 'uint']);
