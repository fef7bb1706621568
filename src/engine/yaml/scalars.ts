/**
 * Plain-scalar resolution as kubectl performs it: sigs.k8s.io/yaml decodes with
 * go-yaml v2 (YAML 1.1 flavoured) into interface{} and converts the result to JSON.
 * Mirrors go-yaml v2 resolve.go, so `exact: yes` becomes the boolean true and
 * `mode: 0755` the integer 493, exactly as the API server would receive them.
 */

const BOOLEANS: Record<string, boolean> = {
  y: true, Y: true, yes: true, Yes: true, YES: true,
  true: true, True: true, TRUE: true,
  on: true, On: true, ON: true,
  n: false, N: false, no: false, No: false, NO: false,
  false: false, False: false, FALSE: false,
  off: false, Off: false, OFF: false,
};

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};

/** go-yaml's yamlStyleFloat: the only float spellings accepted after int parsing fails. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseFloat for the spellings a plain scalar starting with '.' can take. */
const GO_DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9]+)?$/;

export type ResolvedTag = 'str' | 'bool' | 'int' | 'float' | 'null';

export interface ResolvedScalar {
  tag: ResolvedTag;
  value: string | number | boolean | null;
}

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint after go-yaml removed underscores; undefined on syntax error. */
function parseGoInteger(text: string): number | undefined {
  let sign = 1;
  let digits = text;
  if (digits.startsWith('+') || digits.startsWith('-')) {
    if (digits[0] === '-') sign = -1;
    digits = digits.slice(1);
  }
  if (digits === '') return undefined;
  let base = 10;
  if (/^0[xX]/.test(digits)) { base = 16; digits = digits.slice(2); }
  else if (/^0[oO]/.test(digits)) { base = 8; digits = digits.slice(2); }
  else if (/^0[bB]/.test(digits)) { base = 2; digits = digits.slice(2); }
  else if (digits.length > 1 && digits[0] === '0') { base = 8; digits = digits.slice(1); }
  const alphabet = {16: /^[0-9a-fA-F]+$/, 10: /^[0-9]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/}[base]!;
  if (!alphabet.test(digits)) return undefined;
  const magnitude = base === 10 ? Number(digits) : parseIntegerInBase(digits, base);
  // Beyond uint64 Go fails both ParseInt and ParseUint; the float fallback then applies.
  if (magnitude > 18446744073709551615) return undefined;
  if (sign < 0 && magnitude > 9223372036854775808) return undefined;
  return sign * magnitude;
}

function parseIntegerInBase(digits: string, base: number): number {
  let value = 0;
  for (const ch of digits) value = value * base + parseInt(ch, base);
  return value;
}

/** Resolves a plain (unquoted, untagged) scalar the way go-yaml v2 does. */
/** First characters that can start anything but a string (go-yaml's resolve_table). */
const NON_STRING_FIRST = new Set([...'yYnNtTfFoO~.+-0123456789']);

export function resolvePlainScalar(text: string): ResolvedScalar {
  const first = text[0];
  if (first === undefined) return {tag: 'null', value: null};
  if (!NON_STRING_FIRST.has(first)) return {tag: 'str', value: text};
  if (NULLS.has(text)) return {tag: 'null', value: null};
  if (Object.hasOwn(BOOLEANS, text)) return {tag: 'bool', value: BOOLEANS[text]!};
  if (Object.hasOwn(SPECIAL_FLOATS, text)) return {tag: 'float', value: SPECIAL_FLOATS[text]!};
  if (first === '.') {
    if (GO_DOT_FLOAT.test(text)) return {tag: 'float', value: Number(text.replace(/_/g, ''))};
    return {tag: 'str', value: text};
  }
  const isDigitOrSign = (first >= '0' && first <= '9') || first === '+' || first === '-';
  if (!isDigitOrSign) return {tag: 'str', value: text};
  // Timestamps (2006-01-02) would resolve first, but go-yaml v2 keeps them as strings in interface{}.
  const plain = text.replace(/_/g, '');
  const integer = parseGoInteger(plain);
  if (integer !== undefined) return {tag: 'int', value: integer};
  if (YAML_STYLE_FLOAT.test(plain)) return {tag: 'float', value: Number(plain)};
  const binary = /^(-?)0b([01]+)$/.exec(plain);
  if (binary) return {tag: 'int', value: (binary[1] ? -1 : 1) * parseIntegerInBase(binary[2]!, 2)};
  return {tag: 'str', value: text};
}

/**
 * Resolves a scalar carrying an explicit tag (`!!int "5"`, `!!str 5`). Returns an
 * error message where go-yaml would fail ("cannot decode !!str `abc` as a !!int").
 */
export function resolveTaggedScalar(text: string, tag: string, plain: boolean): ResolvedScalar | {error: string} {
  const shortTag = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
  switch (shortTag) {
    case '!!str':
    case '!!binary':
    case '!!timestamp':
      return {tag: 'str', value: text};
    case '!!int':
    case '!!float':
    case '!!bool':
    case '!!null': {
      const resolved = resolvePlainScalar(text);
      const wanted = shortTag.slice(2) as ResolvedTag;
      if (resolved.tag === wanted || (wanted === 'float' && resolved.tag === 'int')) return resolved;
      return {error: `cannot decode !!${resolved.tag} \`${text}\` as a ${shortTag}`};
    }
    case '!':
      return {tag: 'str', value: text};
    default:
      // go-yaml v2 ignores unknown local tags (`!custom`) and resolves the text as usual.
      return plain ? resolvePlainScalar(text) : {tag: 'str', value: text};
  }
}

/** sigs.k8s.io/yaml turns non-string keys into strings; null and non-finite keys it cannot convert. */
export function keyToString(resolved: ResolvedScalar): string | undefined {
  const {value} = resolved;
  if (value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  return String(value);
}
