/**
 * A rule compiled as the API server compiles a CRD rule (kubernetes/crd-compile.ts over the
 * tree estimate-expr.ts parses), for tests that read the checker's verdict.
 */
import {parseRule, type Expr} from '../../../src/engine/cel/estimate-expr';
import {schemaDeclType, type JsonSchema} from '../../../src/engine/cel/estimate-decl-type';
import {compileCrdExpression} from '../../../src/engine/kubernetes/crd-compile';

export function compilerFor(schema: JsonSchema) {
  const self = schemaDeclType(schema, false)!;
  const compile = (rule: string) => {
    let parsed: Expr | {error: unknown};
    try {
      parsed = parseRule(rule);
    } catch (error) {
      parsed = {error};
    }
    return compileCrdExpression(rule, parsed, self, 'rule');
  };
  /** The compile verdict: the result type's kind ('bool') for a rule that compiles, the API server's detail otherwise, 'unjudged' when the tree is missing. */
  const verdict = (rule: string) => {
    const result = compile(rule);
    if (!result.ok) return result.detail;
    return result.expr && result.checked ? result.checked.type.kind : 'unjudged';
  };
  return {self, compile, verdict};
}
