/**
 * The API server's CEL cost limits on x-kubernetes-validations (k8s.io/apiserver pkg/apis/cel
 * config.go; apiextensions-apiserver pkg/apiserver/schema/cel/validation.go Validator.validate):
 * - each rule's evaluation may cost at most PerCallLimit, or cel-go cancels it ("operation
 *   cancelled: actual cost limit exceeded");
 * - all the rules of one object share RuntimeCELCostBudget; when a rule's cost exceeds what
 *   is left, or a schema node with rules is reached with nothing left, the object is refused and
 *   no further rule runs.
 *
 * cel-go counts a cost per evaluated expression (interpreter/runtimecost.go: an identifier, a
 * field selection, a call; a constant costs nothing), plus traversal costs proportional to the
 * strings and lists some functions read. The meter here counts the first part, every evaluated
 * node of cel-js's tree but constants: a lower bound of cel-go's cost, so what it refuses the API
 * server refuses too, and the limit bounds the engine's time on a hostile manifest.
 */

/** config.go PerCallLimit: the cost one evaluation may reach. */
export const PER_CALL_LIMIT = 1_000_000;
/** config.go RuntimeCELCostBudget: the cost all the rules of one object may reach together. */
export const RUNTIME_CEL_COST_BUDGET = 10_000_000;

/** validation.go's refusal when the object's budget runs out. */
export const OUT_OF_BUDGET = 'validation failed due to running out of cost budget, no further validation rules will be run';

/** validation.go's refusal when one rule's evaluation exceeds PerCallLimit, for the rule as ruleErrorString words it. */
export const callCostExceeded = (rule: string) =>
  `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${rule}`;

class CostLimitExceeded extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
  }
}

interface AstNode {
  op: string;
  evaluate(ev: Evaluator, ast: AstNode, ctx: unknown): unknown;
}

interface Evaluator {
  run(ast: AstNode, ctx: unknown): unknown;
}

/** cel-js's programs carry their tree (`parse(...).ast`); every child is evaluated through the evaluator's run. */
interface MeteredEnvironment {
  parse(source: string): ((context: Record<string, unknown>) => unknown) & {ast: AstNode};
}

let cost = 0;
let limit = PER_CALL_LIMIT;
let exceeded = false;

/**
 * Counts the nodes the environment's one evaluator runs. The evaluator is private to the
 * environment, so it is caught as a program's root is evaluated; its `run` is then replaced by
 * one that counts (a run past the limit throws, and keeps throwing: cel-js's `&&`, `||` and
 * comprehensions catch errors as values, so the flag, not the throw, decides).
 */
export function meterEnvironment(environment: MeteredEnvironment): void {
  const probe = environment.parse('true');
  let caught: Evaluator | undefined;
  probe.ast.evaluate = (ev) => {
    caught = ev;
    return true;
  };
  probe({});
  if (!caught) throw new Error('CEL cost meter: the environment evaluated no tree');
  caught.run = function run(this: Evaluator, ast: AstNode, ctx: unknown) {
    if (ast.op !== 'value' && (++cost > limit || exceeded)) {
      exceeded = true;
      throw new CostLimitExceeded();
    }
    return ast.evaluate(this, ast, ctx);
  };
}

export type Metered = {result: unknown; cost: number} | {error: unknown; cost: number} | {exceeded: true; cost: number};

/** One evaluation, its cost counted (the root node included), stopped past PerCallLimit. */
export function metered(evaluate: () => unknown): Metered {
  cost = 1;
  limit = PER_CALL_LIMIT;
  exceeded = false;
  try {
    const result = evaluate();
    return exceeded ? {exceeded: true, cost} : {result, cost};
  } catch (error) {
    return exceeded ? {exceeded: true, cost} : {error, cost};
  } finally {
    exceeded = false;
  }
}
