/**
 * The AST validators Kubernetes adds from 1.29 (environment/base.go: cel.ValidateDurationLiterals,
 * cel.ValidateTimestampLiterals, cel.ValidateRegexLiterals), which cel-go v0.23.2 runs on a rule
 * that type-checks (cel/validator.go formatValidator): the first argument of `duration`,
 * `timestamp` or `matches`, when a literal, is tried as the call would try it, and a refusal is
 * reported as "invalid duration argument" (and so on) at the literal. For `duration` and
 * `timestamp` that is evaluating the conversion (evalCall): Go's time.ParseDuration; a string Go's
 * time.Parse(time.RFC3339) reads, or an int of Unix seconds, between years 1 and 9999
 * (common/types string.go and int.go, celErrTimestampOverflow). For `matches` it is Go's
 * regexp.Compile of the pattern of `s.matches(p)`, or of the string of `matches(s, p)`, as the
 * validator reads argument 0 either way.
 */
import {RE2JS} from 're2js';
import {durationFromString} from './durations';
import {timestampFromInt, timestampFromString} from './timestamps';
import type {Expr, Literal} from './estimate-expr';
import type {CheckIssue} from './type-check';

/** Whether the conversion, run on the literal, succeeds (durations.ts, timestamps.ts: cel-go's conversions). */
function converts(convert: () => unknown): boolean {
  try {
    convert();
    return true;
  } catch {
    return false;
  }
}

const VALID: Record<string, (literal: Literal) => boolean> = {
  duration: (literal) => typeof literal !== 'string' || converts(() => durationFromString(literal)),
  timestamp: (literal) => {
    if (typeof literal === 'bigint') return converts(() => timestampFromInt(literal));
    return typeof literal !== 'string' || converts(() => timestampFromString(literal));
  },
  matches: (literal) => {
    if (typeof literal !== 'string') return true;
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
        if (valid && first?.kind === 'literal' && !valid(first.value)) {
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
