/**
 * A run with nothing to validate. `kubectl apply -f` of an empty file, of empty stdin, or of
 * comments only fails ("error: no objects passed to apply", exit 1); passing it would let
 * `cat missing.yaml | meshdive validate -` succeed in CI. So when no input of the run holds an
 * object, each gets an error diagnostic (exit 1), like kubectl's; an empty file applied beside
 * others that hold objects is fine, for kubectl and here.
 */
import type {Diagnostic} from '../engine/index';

/**
 * Whether the YAML text holds no document content: only blank lines, comments, document
 * markers (`---`, `...`) and directives (`%YAML`). Stops at the first line of content, so a
 * manifest costs one line, not a scan.
 */
export function holdsNoObjects(text: string): boolean {
  const lines = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  for (let match = lines.exec(text); match && match[0] !== ''; match = lines.exec(text)) {
    const line = match[0].replace(/^\uFEFF/, '').trimEnd();
    if (line === '' || /^\s*#/.test(line) || /^(---|\.\.\.)(\s+#.*)?$/.test(line) || line.startsWith('%')) continue;
    return false;
  }
  return true;
}

export const NO_OBJECTS_CODE = 'no-objects';

export function noObjectsDiagnostic(): Diagnostic {
  return {
    severity: 'error', code: NO_OBJECTS_CODE, path: '', document: 0,
    message: 'no objects to validate: the input is empty or holds only comments and document markers (kubectl apply fails alike: "no objects passed to apply")',
    range: {start: {line: 1, column: 1}, end: {line: 1, column: 1}},
  };
}
