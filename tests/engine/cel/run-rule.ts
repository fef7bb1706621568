/**
 * A rule run as the engine runs it at validation (rule-cache.ts's program, metered by cost.ts),
 * for tests that read its result, error or cost.
 */
import {compileRule} from '../../../src/engine/cel/rule-cache';
import {metered} from '../../../src/engine/cel/cost';

/** The rule's result, error or exceeded limit, with its cost. */
export function outcome(rule: string, self: unknown = {}) {
  const compiled = compileRule(rule);
  if (!compiled.ok) throw new Error(compiled.error);
  return metered(() => compiled.program({self}));
}

/** The rule's result; its error thrown. */
export function evaluate(rule: string, self: unknown = {}): unknown {
  const result = outcome(rule, self);
  if ('error' in result) throw result.error;
  if ('exceeded' in result) throw new Error('exceeded');
  return result.result;
}

/** The message of the error the rule fails with. */
export function failure(rule: string, self: unknown = {}): string {
  const result = outcome(rule, self);
  return 'error' in result ? (result.error as Error).message : `no error: ${String('result' in result ? result.result : '')}`;
}
