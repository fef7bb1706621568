/**
 * Whether a CustomResourceDefinition's x-kubernetes-validations rule (or its messageExpression)
 * compiles, as the API server compiles it at CRD create (apiextensions-apiserver v0.33
 * pkg/apiserver/schema/cel/compilation.go compileRule): a rule that does not parse or type-check
 * is refused with "compilation failed: " and cel-go's issues (`issues.String()`), one whose type
 * is not bool with "cel expression must evaluate to a bool"; a messageExpression likewise with
 * "messageExpression compilation failed: " and "messageExpression must evaluate to a string".
 *
 * Judged here:
 * - syntax errors as cel-go's parser reports them, all of them (cel/syntax-errors.ts: ANTLR's
 *   messages and recovery, reserved identifiers, literals, macro arguments, the parser's limits);
 *   syntax cel-go parses and cel-js (whose tree the checker reads) does not is parsed through
 *   cel/go-syntax.ts's rewrite (`.5`, `[?x]`, `{?k: v}`, `Msg{}`), so it is judged too;
 * - everything cel-go v0.23.2's checker reports (cel/type-check.ts): undeclared identifiers,
 *   undefined fields of the schema's objects, calls no overload fits (operators, `==` across types,
 *   the standard and Kubernetes libraries' functions; a function the environment does not
 *   declare; `cel.bind`, as Kubernetes' environment has no ext.Bindings), mixed list and map
 *   literals, optional items that are not optional, message constructions, macro bodies of the
 *   wrong type; `self` and `oldSelf`
 *   typed from the schema (`oldSelf` optional_type with optionalOldSelf). Calls to the few
 *   functions declared but not modelled (authz, format) are left unjudged; the semver library,
 *   which a new rule's environment (1.32's) lacks, is undeclared;
 * - a literal `duration` or `matches` argument Go refuses (cel/literal-checks.ts, the AST
 *   validators Kubernetes enables);
 * - a result whose type is not the one required (dyn is not bool, as OutputType() != BoolType).
 * Every issue is given, as cel-go's Errors.ToDisplayString writes them (cel/display-issues.ts).
 */
import {typeCheck, schemaCheckType, type CheckIssue, type CheckResult, type CheckType} from '../cel/type-check';
import type {DeclType} from '../cel/estimate-decl-type';
import type {Expr} from '../cel/estimate-expr';
import {literalIssues} from '../cel/literal-checks';
import {displayIssues} from '../cel/display-issues';
import {syntaxIssues} from '../cel/syntax-errors';

/**
 * `checked`: the type-check the estimator reads (cel-go's checked AST); absent for a tree too deep
 * to check. `expr` is absent for a rule cel-go parses and this engine's reading of cel-js's tree
 * does not (go-syntax.ts bridges the syntax it knows of): left unjudged rather than refused in
 * cel-js's words.
 */
export type CompiledExpression = {ok: true; expr?: Expr; checked?: CheckResult} | {ok: false; detail: string};

/**
 * Compiles one expression of a rule at a schema node whose declaration is `self`, as compileRule
 * does; `parsed` is the parse tree (or cel-js's parse error) of `source`. `optionalOldSelf`: the
 * rule's field, which declares `oldSelf` as optional_type of self's type (compilation.go prepareEnvSet).
 */
export function compileCrdExpression(source: string, parsed: Expr | {error: unknown}, self: DeclType, role: 'rule' | 'messageExpression', optionalOldSelf = false): CompiledExpression {
  const prefix = role === 'rule' ? 'compilation failed: ' : 'messageExpression compilation failed: ';
  const syntax = syntaxIssues(source);
  if (syntax.length > 0) return {ok: false, detail: prefix + displayIssues(source, syntax)};
  if ('error' in parsed) return {ok: true};
  const selfType = schemaCheckType(self);
  const oldSelfType: CheckType = optionalOldSelf ? {kind: 'opaque', name: 'optional_type', params: [selfType]} : selfType;
  let checked: CheckResult;
  try {
    checked = typeCheck(parsed, new Map([['self', selfType], ['oldSelf', oldSelfType]]));
  } catch {
    // a tree deeper than the call stack: left to the API server rather than guessed
    return {ok: true, expr: parsed};
  }
  // the AST validators run only on a rule that type-checks (cel/env.go Check)
  const issues = checked.issues.length > 0 ? checked.issues : literalIssues(parsed);
  if (issues.length > 0) return {ok: false, detail: prefix + displayIssues(source, issues)};
  const wanted = role === 'rule' ? 'bool' : 'string';
  if (checked.type.kind !== wanted && checked.type.kind !== 'unknown') {
    return {ok: false, detail: role === 'rule' ? 'cel expression must evaluate to a bool' : 'messageExpression must evaluate to a string'};
  }
  return {ok: true, expr: parsed, checked};
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
