/**
 * cel-go's cost arithmetic (checker/cost.go SizeEstimate and CostEstimate, common/cost.go's
 * factors): uint64 ranges in Go, so bigint here, saturating at 2^64-1 as cost.go's helpers do.
 */
export const MAX = 2n ** 64n - 1n;
const TWO_TO_64 = 2 ** 64;

export interface Estimate {
  min: bigint;
  max: bigint;
}

// common/cost.go
export const STRING_TRAVERSAL = 0.1;
export const REGEX_STRING_LENGTH = 0.25;
export const LIST_CREATE = 10n;
export const MAP_CREATE = 30n;
export const STRUCT_CREATE = 40n;

export const fixed = (value: bigint): Estimate => ({min: value, max: value});
export const UNKNOWN: Estimate = {min: 0n, max: MAX};
export const addSat = (x: bigint, y: bigint) => (x + y > MAX ? MAX : x + y);
export const mulSat = (x: bigint, y: bigint) => (x * y > MAX ? MAX : x * y);
export const add = (a: Estimate, b: Estimate): Estimate => ({min: addSat(a.min, b.min), max: addSat(a.max, b.max)});
export const multiply = (a: Estimate, b: Estimate): Estimate => ({min: mulSat(a.min, b.min), max: mulSat(a.max, b.max)});
export const union = (a: Estimate, b: Estimate): Estimate => ({min: b.min < a.min ? b.min : a.min, max: b.max > a.max ? b.max : a.max});

/** cost.go multiplyByCostFactor: through float64, rounded up, saturating. */
function byFactor(x: bigint, factor: number): bigint {
  const xf = Number(x);
  if (xf > 0 && factor > 0 && xf > TWO_TO_64 / factor) return MAX;
  const ceil = Math.ceil(xf * factor);
  return ceil >= TWO_TO_64 ? MAX : BigInt(ceil);
}
export const scale = (a: Estimate, factor: number): Estimate => ({min: byFactor(a.min, factor), max: byFactor(a.max, factor)});

/**
 * Go's uint64(math.Ceil(float64(x) / float64(y))), as library/cost.go counts replace's
 * replacements: a double's division, so not exact above 2^53 (2^53 + 1 is read as 2^53), and a
 * quotient beyond uint64 saturates (Go leaves that conversion to the platform; arm64 saturates).
 */
export function ceilDivideAsFloat64(x: bigint, y: bigint): bigint {
  const quotient = Math.ceil(Number(x) / Number(y));
  return quotient >= TWO_TO_64 ? MAX : BigInt(quotient);
}
