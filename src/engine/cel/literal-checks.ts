/**
 * The AST validators Kubernetes adds from 1.29 (environment/base.go: cel.ValidateDurationLiterals,
 * cel.ValidateRegexLiterals), which cel-go v0.23.2 runs on a rule that type-checks
 * (cel/validator.go formatValidator): a literal argument of `duration` that Go's
 * time.ParseDuration refuses, or of `matches` that Go's regexp.Compile refuses, is reported as
 * "invalid duration argument" / "invalid matches argument" at the literal. The first argument is
 * read, as the validator reads it: the pattern of `s.matches(p)`, the string of `matches(s, p)`.
 * ValidateTimestampLiterals (time.Parse with RFC 3339) is not ported: no timestamp is refused.
 */
import {RE2JS} from 're2js';
import {parseGoDurationStrict} from '../go/time-duration';
import type {Expr} from './estimate-expr';
import type {CheckIssue} from './type-check';

const VALID: Record<string, (literal: string) => boolean> = {
  duration: (literal) => !('error' in parseGoDurationStrict(literal)),
  matches: (literal) => {
    try {
      RE2JS.compile(literal);
      return true;
    } catch {
      return false;
    }
  },
};

/** Every literal argument the validators refuse, in the tree's order. */
export function literalIssues(root: Expr): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const pending: Expr[] = [root];
  while (pending.length > 0) {
    const expr = pending.pop()!;
    switch (expr.kind) {
      case 'select':
        pending.push(expr.operand);
        break;
      case 'call': {
        const valid = Object.hasOwn(VALID, expr.fn) ? VALID[expr.fn] : undefined;
        const first = expr.args[0];
        if (valid && first?.kind === 'literal' && typeof first.value === 'string' && !valid(first.value)) {
          issues.push({at: first.at, message: `invalid ${expr.fn} argument`});
        }
        pending.push(...expr.args, ...(expr.target ? [expr.target] : []));
        break;
      }
      case 'list':
        pending.push(...expr.elements);
        break;
      case 'map':
        pending.push(...expr.entries.flat());
        break;
      case 'comprehension':
        pending.push(expr.iterRange, expr.accuInit, expr.loopCondition, expr.loopStep, expr.result);
        break;
    }
  }
  return issues;
}
