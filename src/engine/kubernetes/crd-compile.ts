/**
 * Whether a CustomResourceDefinition's x-kubernetes-validations rule (or its messageExpression)
 * compiles, as the API server compiles it at CRD create (apiextensions-apiserver
 * pkg/apiserver/schema/cel/compilation.go compileRule): a rule that does not parse or type-check
 * is refused with "compilation failed: " and cel-go's issues, one whose result is not a bool with
 * "cel expression must evaluate to a bool"; a messageExpression likewise with
 * "messageExpression compilation failed: " and "messageExpression must evaluate to a string".
 *
 * Judged here, without cel-go's checker, only what is certain:
 * - syntax errors (cel-js's parser, with optional syntax as Kubernetes enables it);
 * - identifiers the environment does not declare (a CRD rule declares `self` and `oldSelf`, and
 *   cel-go its type names), cel-go's "undeclared reference to 'x' (in container '')";
 * - arithmetic or comparison of two different scalar types that cel-go has no overload for;
 * - a result whose type is known and is not the one required.
 * After "compilation failed: " cel-go writes `ERROR: <input>:line:column: message` and a source
 * excerpt; the line and column are cel-go's, but a syntax error's message is cel-js's (cel-go's
 * is ANTLR's, e.g. "mismatched input '<EOF>' expecting ..."), and an operator's is cel-go's
 * "found no matching overload for '_+_' applied to '(int, string)'" rebuilt from cel-js's. The
 * excerpt is left out (a finding is one line), and only the first issue is given where cel-go
 * lists them all.
 */
import {adaptRuleSource, skipString, startsString} from '../cel/adapt-source';
import {check, declCelType} from '../cel/estimate-check';
import type {DeclType} from '../cel/estimate-decl-type';
import type {CelType, Expr} from '../cel/estimate-expr';
import {createKubernetesEnvironment} from '../cel/kubernetes-library';

export type CompiledExpression = {ok: true; expr: Expr} | {ok: false; detail: string};

/** Identifiers cel-go's checker declares in every environment: its type names (checker/types.go, common/types). */
const DECLARED_TYPES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn']);

/**
 * Qualified functions whose namespace estimate-expr.ts reads as a receiver: cel-go resolves
 * `ip.isCanonical(...)` as one function (Kubernetes' IP library, library/ip.go) before the operand.
 */
const QUALIFIED_FUNCTIONS = new Set(['ip.isCanonical']);

/** `ERROR: <input>:line:column: message`, cel-go's common/errors.go ToDisplayString (the column 1-based). */
function located(source: string, offset: number | undefined, message: string): string {
  if (offset === undefined || offset < 0 || offset > source.length) return `ERROR: <input>: ${message}`;
  const before = source.slice(0, offset).split('\n');
  return `ERROR: <input>:${before.length}:${before.at(-1)!.length + 1}: ${message}`;
}

/** The first free identifier the environment does not declare, in cel-go's checker order (operands before the call). */
function undeclaredIdentifier(root: Expr): string | undefined {
  const scope: string[] = ['self', 'oldSelf'];
  const visit = (expr: Expr): string | undefined => {
    switch (expr.kind) {
      case 'literal':
        return undefined;
      case 'ident':
        return scope.includes(expr.name) || DECLARED_TYPES.has(expr.name) ? undefined : expr.name;
      case 'select':
        return visit(expr.operand);
      case 'call':
        if (expr.target?.kind === 'ident' && QUALIFIED_FUNCTIONS.has(`${expr.target.name}.${expr.fn}`)) return firstOf(expr.args);
        return (expr.target && visit(expr.target)) ?? firstOf(expr.args);
      case 'list':
        return firstOf(expr.elements);
      case 'map':
        return firstOf(expr.entries.flat());
      case 'comprehension': {
        const outer = visit(expr.iterRange) ?? visit(expr.accuInit);
        if (outer) return outer;
        const bound = [expr.accuVar, expr.iterVar, ...(expr.iterVar2 !== undefined ? [expr.iterVar2] : [])];
        scope.push(...bound);
        const inner = visit(expr.loopCondition) ?? visit(expr.loopStep) ?? visit(expr.result);
        scope.length -= bound.length;
        return inner;
      }
    }
  };
  const firstOf = (exprs: Expr[]) => {
    for (const expr of exprs) {
      const found = visit(expr);
      if (found) return found;
    }
    return undefined;
  };
  return visit(root);
}

/** Where `name` is first written as an identifier (not in a string, not after a dot). */
function identifierOffset(source: string, name: string): number | undefined {
  for (let i = 0; i < source.length; ) {
    if (startsString(source, i)) {
      i = skipString(source, i);
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256));
    if (!word) {
      i++;
      continue;
    }
    if (word[0] === name && !/\.\s*$/.test(source.slice(Math.max(0, i - 16), i))) return i;
    i += word[0].length;
  }
  return undefined;
}

const SCALARS = new Set(['int', 'uint', 'double', 'string', 'bool']);
const NUMBERS = new Set(['int', 'uint', 'double']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const COMPARISON = new Set(['<', '<=', '>', '>=']);

let typer: ReturnType<typeof createKubernetesEnvironment> | undefined;

/**
 * cel-js's checker, `self` declared dyn, read only for an operator over two different scalar
 * types: cel-go has no such overload either (comparisons across numbers excepted,
 * CrossTypeNumericComparisons). Its other verdicts are left out: it lacks much of the Kubernetes
 * library, and refuses some of what cel-go accepts (`b'a' < b'b'`, a duration plus a timestamp).
 */
function operatorMismatch(source: string): string | undefined {
  typer ??= createKubernetesEnvironment();
  const adapted = adaptRuleSource(source);
  let error: {message?: string; node?: {pos?: number; args?: Array<{end?: number}>}} | undefined;
  try {
    error = typer.check(adapted).error as typeof error;
  } catch {
    return undefined;
  }
  const mismatch = /^no such overload: (\w+) (\S+) (\w+)$/.exec(error?.message?.split('\n')[0] ?? '');
  if (!mismatch) return undefined;
  const [, left, op, right] = mismatch as unknown as [string, string, string, string];
  if (left === right || !SCALARS.has(left) || !SCALARS.has(right)) return undefined;
  if (!ARITHMETIC.has(op) && !(COMPARISON.has(op) && !(NUMBERS.has(left) && NUMBERS.has(right)))) return undefined;
  // cel-go places a call at its operator; cel-js's node starts at the left operand. Its offsets
  // are into the adapted source: kept only when adapting changed nothing.
  const offset = adapted === source ? operatorOffset(source, op, error?.node) : undefined;
  return located(source, offset, `found no matching overload for '_${op}_' applied to '(${left}, ${right})'`);
}

function operatorOffset(source: string, op: string, node: {pos?: number; args?: Array<{end?: number}>} | undefined): number | undefined {
  const leftEnd = node?.args?.[0]?.end;
  if (typeof leftEnd !== 'number') return node?.pos;
  const at = leftEnd + (/^\s*/.exec(source.slice(leftEnd))?.[0].length ?? 0);
  return source.startsWith(op, at) ? at : node?.pos;
}

/** What does not depend on the schema, by source: a CRD repeats its rules (Istio's 362 are 36 distinct ones). */
const sourceIssues = new Map<string, string | null>();
const MAX_SOURCES = 4096;

function sourceIssue(source: string, parsed: Expr): string | undefined {
  let issue = sourceIssues.get(source);
  if (issue === undefined) {
    const undeclared = undeclaredIdentifier(parsed);
    issue = undeclared !== undefined
      ? located(source, identifierOffset(source, undeclared), `undeclared reference to '${undeclared}' (in container '')`)
      : operatorMismatch(source) ?? null;
    if (sourceIssues.size < MAX_SOURCES) sourceIssues.set(source, issue);
  }
  return issue ?? undefined;
}

/** Result kinds estimate-check.ts knows for certain; `dyn`, optionals and opaque types are left to the API server. */
const KNOWN_RESULTS = new Set(['bool', 'int', 'uint', 'double', 'string', 'bytes', 'null', 'duration', 'timestamp', 'list', 'map', 'struct']);

/**
 * Compiles one expression of a rule at a schema node whose declaration is `self`, as compileRule
 * does; `parsed` is the parse tree (or cel-js's parse error) of `source`.
 */
export function compileCrdExpression(source: string, parsed: Expr | {error: unknown}, self: DeclType, role: 'rule' | 'messageExpression'): CompiledExpression {
  const prefix = role === 'rule' ? 'compilation failed: ' : 'messageExpression compilation failed: ';
  if ('error' in parsed) {
    const error = parsed.error as {message?: string; node?: {pos?: number}};
    const message = (error?.message ?? String(error)).split('\n')[0];
    return {ok: false, detail: prefix + located(source, error?.node?.pos, `Syntax error: ${message}`)};
  }
  const issue = sourceIssue(source, parsed);
  if (issue) return {ok: false, detail: prefix + issue};
  const selfType: CelType = declCelType(self);
  const result = check(parsed, new Map([['self', selfType], ['oldSelf', selfType]])).type(parsed);
  const wanted = role === 'rule' ? 'bool' : 'string';
  if (result.kind !== wanted && KNOWN_RESULTS.has(result.kind)) {
    return {ok: false, detail: role === 'rule' ? 'cel expression must evaluate to a bool' : 'messageExpression must evaluate to a string'};
  }
  return {ok: true, expr: parsed};
}

/** Go's %#v of apiextensions.ValidationRule, the value field.Invalid prints (strings quoted as Go's %q quotes ASCII). */
export function goValidationRule(rule: Record<string, unknown>): string {
  const text = (value: unknown) => JSON.stringify(typeof value === 'string' ? value : '');
  // Go prints a set pointer as its address, which no other program can reproduce
  const pointer = (type: string, value: unknown) => `(*${type})(${value === undefined || value === null ? 'nil' : '0x…'})`;
  return `apiextensions.ValidationRule{Rule:${text(rule.rule)}, Message:${text(rule.message)}, MessageExpression:${text(rule.messageExpression)}, `
    + `Reason:${pointer('apiextensions.FieldValueErrorReason', rule.reason)}, FieldPath:${text(rule.fieldPath)}, OptionalOldSelf:${pointer('bool', rule.optionalOldSelf)}}`;
}

/** compilation.go UsesOldSelf: whether the checked rule refers to `oldSelf` (a transition rule), not shadowed by a macro's variable. */
export function referencesOldSelf(root: Expr): boolean {
  const visit = (expr: Expr): boolean => {
    switch (expr.kind) {
      case 'literal':
        return false;
      case 'ident':
        return expr.name === 'oldSelf';
      case 'select':
        return visit(expr.operand);
      case 'call':
        return (expr.target !== undefined && visit(expr.target)) || expr.args.some(visit);
      case 'list':
        return expr.elements.some(visit);
      case 'map':
        return expr.entries.flat().some(visit);
      case 'comprehension': {
        if (visit(expr.iterRange) || visit(expr.accuInit)) return true;
        const shadowed = expr.accuVar === 'oldSelf' || expr.iterVar === 'oldSelf' || expr.iterVar2 === 'oldSelf';
        return !shadowed && (visit(expr.loopCondition) || visit(expr.loopStep) || visit(expr.result));
      }
    }
  };
  return visit(root);
}
