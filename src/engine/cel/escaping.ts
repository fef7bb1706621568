/**
 * How a CRD rule names a schema property that is not a plain CEL identifier
 * (k8s.io/apiserver/pkg/cel/escaping.go): a CEL reserved word is written `__namespace__`, and
 * `__`, `.`, `-`, `/` inside a name become `__underscores__`, `__dot__`, `__dash__`, `__slash__`
 * (`x-y` is `x__dash__y`). The Gateway API's parentRefs rules read `p1.__namespace__`.
 */

/** The CEL lexer's reserved words (escaping.go celReservedSymbols). */
export const CEL_RESERVED: ReadonlySet<string> = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

const ESCAPES: Record<string, string> = {underscores: '__', dot: '.', dash: '-', slash: '/'};

/**
 * The property an identifier in a rule names, as escaping.go's Unescape reads it; undefined for an
 * invalid escape (`__foo__`, or a reserved word inside a longer name), which names no property.
 */
export function unescapeCelName(escaped: string): string | undefined {
  if (!escaped.includes('__')) return escaped;
  let ok = true;
  const name = escaped.replace(/__[^_]+__/g, (sequence) => {
    const contents = sequence.slice(2, -2);
    const plain = ESCAPES[contents];
    if (plain !== undefined) return plain;
    if (CEL_RESERVED.has(contents) && sequence.length === escaped.length) return contents;
    ok = false;
    return '';
  });
  return ok ? name : undefined;
}
