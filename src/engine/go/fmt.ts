/**
 * Go's fmt printing of the values an unstructured object holds once decoded from JSON
 * (apimachinery's json decoding: whole numbers as int64, others as float64, objects as
 * map[string]interface{}, lists as []interface{}).
 */
import {goQuote} from '../analysis/messages';

/** %v of a number decoded from JSON: a whole number that fits an int64 is one, any other a float64. */
export function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? String(n) : goFloat(n);
}

/** %v of a float64: strconv's shortest 'g' form, the exponent (two digits at least) below 1e-4 and from 1e+06. */
export function goFloat(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return n === 0 ? '0' : n > 0 ? '+Inf' : Number.isNaN(n) ? 'NaN' : '-Inf';
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 6) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

/** %#v of a decoded JSON value: `map[string]interface {}{"a":1}` (keys sorted), `[]interface {}{"x"}`, `interface {}(nil)` inside them. */
export function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  if (typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${goQuote(key)}:${goSyntax((value as Record<string, unknown>)[key])}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return String(value);
}
