/**
 * The API server's CEL cost limits on x-kubernetes-validations (k8s.io/apiserver pkg/apis/cel
 * config.go; apiextensions-apiserver pkg/apiserver/schema/cel/validation.go Validator.validate):
 * - each rule's evaluation may cost at most PerCallLimit, or cel-go cancels it ("operation
 *   cancelled: actual cost limit exceeded");
 * - all the rules of one object share RuntimeCELCostBudget; when a rule's cost exceeds what
 *   is left, or a schema node with rules is reached with nothing left, the object is refused and
 *   no further rule runs.
 *
 * cel-go counts a cost per evaluated step (interpreter/runtimecost.go CostTracker, as the API
 * server configures it in k8s.io/apiserver pkg/cel/environment base.go: OptOptimize,
 * PresenceTestHasCost(false), library.CostEstimator), and the meter here charges cel-js's tree
 * the same way:
 * - an identifier 1, each field selection or index 1; a constant, `&&`, `||` and `?:` nothing,
 *   and an identifier or selection chosen as a branch of `?:` or read as an index 1 less
 *   (planner.go planCallConditional, attributes.go: resolved as part of another attribute);
 * - `has(a.b.c)` its operand's identifier and inner selections, the test itself nothing (also
 *   when adapt-source.ts rewrites it as a call of PRESENCE_TEST);
 * - a call 1 (`optional.of(x)` too: a qualified name, not a selection), or what call-cost.ts charges from its arguments' sizes (strings, lists);
 * - a message construction 40, a list literal 10, a map literal 30 (optional items `[?a]`, `{?k: v}` included: one evalList or
 *   evalMap skipping absent items), nothing when all their items are constants, and a
 *   conversion of a constant nothing (decorators.go decOptimize folds them);
 *   `x in [constants]` costs its operand only, and `x in []` is the constant false, its operand
 *   never evaluated (maybeOptimizeSetMembership);
 * - a comprehension what the steps of parser/macro.go's expansion cost per item visited.
 */
import {PRESENCE_TEST} from './adapt-source';
import {MESSAGE, OPTIONAL_LIST, OPTIONAL_MAP} from './go-syntax';
import {callCharge, type CallCharge, LIST_CREATE_BASE_COST, MAP_CREATE_BASE_COST, operatorCharge, STRUCT_CREATE_BASE_COST, TYPE_CONVERSIONS} from './call-cost';

/** config.go PerCallLimit: the cost one evaluation may reach. */
export const PER_CALL_LIMIT = 1_000_000;
/** config.go RuntimeCELCostBudget: the cost all the rules of one object may reach together. */
export const RUNTIME_CEL_COST_BUDGET = 10_000_000;

/** validation.go's refusal when the object's budget runs out. */
export const OUT_OF_BUDGET = 'validation failed due to running out of cost budget, no further validation rules will be run';

/** validation.go's refusal when one rule's evaluation exceeds PerCallLimit, for the rule as ruleErrorString words it. */
export const callCostExceeded = (rule: string) =>
  `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${rule}`;

/** validation.go evalMessageExpression's refusal when the object's budget cannot pay for a messageExpression. */
export const MESSAGE_OUT_OF_BUDGET = 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run';

/** validation.go evalMessageExpression's refusal when a messageExpression exceeds PerCallLimit (its source %q-quoted). */
export const messageCallCostExceeded = (quotedSource: string) =>
  `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${quotedSource}`;

class CostLimitExceeded extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
  }
}

/** cel-js's tree node (parser.js ASTNode): `args` by op, `meta` its macro or the comprehension it expands to. */
interface AstNode {
  op: string;
  args: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  left?: AstNode;
  right?: AstNode;
  readonly meta: {macro?: {macroHasProps?: unknown[]}; alternate?: AstNode};
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

function charge(amount: number): void {
  if ((cost += amount) > limit || exceeded) {
    exceeded = true;
    throw new CostLimitExceeded();
  }
}

/** Flat charges by op; the ops left out are charged by runCharged. */
const FLAT: Record<string, number> = {
  value: 0, id: 1, '.': 1, '.?': 1, '&&': 0, '||': 0,
  '!_': 1, '-_': 1, '-': 1, '*': 1, '/': 1, '%': 1,
  // macro.go's accumulator steps: `__result__ + 1` (exists_one), the accumulator as the `?:` branch left as it was
  accuInc: 2, accuValue: 0,
};

/** The fields of the message being constructed (go-syntax.ts MESSAGE's map), no literal of cel-go's. */
let fieldsLiteral: AstNode | undefined;
/** The `?:` whose branches are being evaluated: an identifier or selection chosen there costs 1 less. */
let conditional: AstNode | undefined;
/** The index being evaluated of a `[]` in progress: an identifier or selection there costs 1 less. */
let index: AstNode | undefined;

/**
 * An attribute (identifier, selection, index) that cel-go resolves as part of another attribute
 * instead of observing it on its own: a `?:` branch (planner.go planCallConditional) or an index
 * (attributes.go: an attribute qualifier, observed once as evalWatchAttrQual).
 */
function isFreeAttribute(ast: AstNode): boolean {
  if (ast === index) return isAttribute(ast);
  return conditional !== undefined && (ast === conditional.left || ast === conditional.right) && isAttribute(ast);
}

/** Values of the arguments of the sized call being evaluated, caught as each argument's run returns. */
interface Frame {
  nodes: readonly AstNode[];
  values: unknown[];
}
let frame: Frame | undefined;

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
    const flat = FLAT[ast.op];
    let value: unknown;
    if (flat === undefined) value = runCharged(this, ast, ctx);
    else {
      if (flat !== 0 || exceeded) charge(flat === 1 && (isFreeAttribute(ast) || isFunctionNamespace(ast)) ? 0 : flat);
      value = evaluateNode(this, ast, ctx);
    }
    if (frame !== undefined) {
      const index = frame.nodes.indexOf(ast);
      if (index !== -1) frame.values[index] = value;
    }
    return value;
  };
}

/**
 * cel-js evaluates a program's root itself, not through the evaluator's run; meterProgram
 * sends it there, and the root is then evaluated as parsed (ASTNode.evaluate: its expansion,
 * its macro, or its operator).
 */
let root: AstNode | undefined;

function evaluateNode(ev: Evaluator, ast: AstNode, ctx: unknown): unknown {
  if (ast !== root) return ast.evaluate(ev, ast, ctx);
  const meta = ast.meta as {alternate?: AstNode; macro?: AstNode; evaluate: AstNode['evaluate']};
  if (meta.alternate) return meta.alternate.evaluate(ev, meta.alternate, ctx);
  if (meta.macro) return meta.macro.evaluate(ev, meta.macro, ctx);
  return meta.evaluate(ev, ast, ctx);
}

/** A program of the metered environment, its root charged as every other node. */
export function meterProgram(program: {ast: unknown}): void {
  (program.ast as AstNode).evaluate = function evaluateRoot(ev, ast, ctx) {
    const outer = root;
    root = ast;
    try {
      return ev.run(ast, ctx);
    } finally {
      root = outer;
    }
  };
}

/**
 * cel-js reads `optional.of(x)` as a method of a constant named `optional`; cel-go's checker
 * resolves `optional.of` as one qualified function name, so no identifier is evaluated.
 */
const isFunctionNamespace = (ast: AstNode) => ast.op === 'id' && ast.args === 'optional';

const isAttribute = (ast: AstNode) => ast.op === 'id' || ast.op === '.' || ast.op === '[]' || ast.op === '.?' || ast.op === '[?]';

const allConstant = (nodes: readonly AstNode[]) => nodes.every((node) => node.op === 'value');

/** The ops whose charge depends on their arguments or shape. */
function runCharged(ev: Evaluator, ast: AstNode, ctx: unknown): unknown {
  switch (ast.op) {
    case '?:': {
      const outer = conditional;
      conditional = ast;
      try {
        return evaluateNode(ev, ast, ctx);
      } finally {
        conditional = outer;
      }
    }
    case '[]':
    case '[?]': {
      // 1 for the index step; the index itself, when an attribute, is not charged on its own
      charge(isFreeAttribute(ast) ? 0 : 1);
      const outer = index;
      index = isAttribute(ast.args[1]) ? ast.args[1] : undefined;
      try {
        return evaluateNode(ev, ast, ctx);
      } finally {
        index = outer;
      }
    }
    case 'list':
      charge(allConstant(ast.args) ? 0 : LIST_CREATE_BASE_COST);
      return evaluateNode(ev, ast, ctx);
    case 'map':
      if (ast === fieldsLiteral) return evaluateNode(ev, ast, ctx);
      charge((ast.args as AstNode[][]).every(([key, item]) => key!.op === 'value' && item!.op === 'value') ? 0 : MAP_CREATE_BASE_COST);
      return evaluateNode(ev, ast, ctx);
    case 'accuPush':
      // `__result__ + [x]`: the concatenation 1, the accumulator 1, the list 10 unless folded
      charge(2 + (ast.args.op === 'value' ? 0 : LIST_CREATE_BASE_COST));
      return evaluateNode(ev, ast, ctx);
    case 'in':
      if (ast.args[1].op === 'list' && (ast.args[1].args as AstNode[]).length === 0) return false; // folded to the constant false
      if (ast.args[1].op === 'list' && allConstant(ast.args[1].args) && (ast.args[1].args as AstNode[]).every((item) => isPrimitive(item.args))) {
        // decorators.go maybeOptimizeSetMembership: a set lookup, not a call (the constant list is folded: see 'list')
        return evaluateNode(ev, ast, ctx);
      }
      return runSized(ev, ast, ctx, ast.args, undefined);
    case '==': case '!=': case '<': case '<=': case '>': case '>=': case '+': {
      return runSized(ev, ast, ctx, ast.args, undefined);
    }
    case 'call': {
      const [name, args] = ast.args as [string, AstNode[]];
      const macro = ast.meta.macro;
      if (macro && name === 'has') {
        // The presence test is free (PresenceTestHasCost(false)); its operand's identifier is charged as it runs, and each selection but the last.
        const value = evaluateNode(ev, ast, ctx);
        charge(Math.max(0, (macro.macroHasProps?.length ?? 2) - 2));
        return value;
      }
      if (TYPE_CONVERSIONS.has(name) && args.length === 1 && args[0]!.op === 'value') return evaluateNode(ev, ast, ctx);
      // a rewritten has(): the presence test is free, as above; its operand is charged as it runs
      if (name === PRESENCE_TEST) return evaluateNode(ev, ast, ctx);
      // `[?a]` and `{?k: v}` (go-syntax.ts): cel-go's evalList/evalMap with optional indices, charged as the literal is (10, 30); the wrapping call is not cel-go's
      if (name === OPTIONAL_LIST || name === OPTIONAL_MAP) return evaluateNode(ev, ast, ctx);
      if (name === MESSAGE) {
        // `Msg{f: v}`: one struct construction (40, never folded: decOptimize folds lists and maps only); its fields' map is the rewrite's
        charge(STRUCT_CREATE_BASE_COST);
        const outer = fieldsLiteral;
        fieldsLiteral = args[1];
        try {
          return evaluateNode(ev, ast, ctx);
        } finally {
          fieldsLiteral = outer;
        }
      }
      const sized = callCharge(name);
      if (!sized) {
        charge(1);
        return evaluateNode(ev, ast, ctx);
      }
      return runSized(ev, ast, ctx, args, sized);
    }
    case 'rcall': {
      const [name, receiver, args] = ast.args as [string, AstNode, AstNode[]];
      const expansion = ast.meta.alternate;
      if (expansion?.op === 'comprehension') return runComprehension(ev, ast, expansion, name, ctx);
      const sized = callCharge(name);
      if (!sized) {
        charge(1);
        return evaluateNode(ev, ast, ctx);
      }
      return runSized(ev, ast, ctx, receiverAndArgs(ast, receiver, args), sized);
    }
    default:
      charge(1);
      return evaluateNode(ev, ast, ctx);
  }
}

/** types.IsPrimitiveType without bytes: what maybeOptimizeSetMembership puts in its set. */
const isPrimitive = (value: unknown) => ['string', 'boolean', 'number', 'bigint'].includes(typeof value);

/** A method call's receiver and arguments, as cel-go passes them to its cost functions (cel-js keeps the list from its check). */
function receiverAndArgs(ast: AstNode, receiver: AstNode, args: AstNode[]): readonly AstNode[] {
  const kept = (ast as {receiverWithArgs?: AstNode[]}).receiverWithArgs;
  return kept && kept[0] === receiver && kept.length === args.length + 1 ? kept : [receiver, ...args];
}

/** Frames reused by depth: sized calls nest only as deep as a rule's tree. */
const framePool: Frame[] = [];
let frameDepth = 0;

/**
 * A call or operator whose charge is computed from its arguments' values and its result:
 * `sized` for a call, operatorCharge for an operator.
 */
function runSized(ev: Evaluator, ast: AstNode, ctx: unknown, nodes: readonly AstNode[], sized: CallCharge | undefined): unknown {
  charge(1); // the step itself, so a call past the limit stops before it runs; its size-based charge replaces it below
  const outer = frame;
  const own = (framePool[frameDepth] ??= {nodes, values: []});
  own.nodes = nodes;
  // Cleared in place: truncating with `length = 0` is a runtime call in V8, and this runs for every `==`.
  for (let i = 0; i < nodes.length; i++) own.values[i] = undefined;
  frameDepth++;
  frame = own;
  let result: unknown;
  try {
    result = evaluateNode(ev, ast, ctx);
  } finally {
    frame = outer;
    frameDepth--;
  }
  const values = own.values;
  charge((sized ? sized(values, result) : operatorCharge(ast.op, values[0], values[1])) - 1);
  return result;
}

/**
 * parser/macro.go's expansions, charged as cel-go's fold evaluates them: `all` tests
 * `@not_strictly_false(__result__)` (2) before each item and reads `__result__` in its step (1);
 * `exists` tests `@not_strictly_false(!__result__)` (3), and reads it (1); `exists_one`,
 * `filter` and `map` test a constant. The result reads `__result__` (1), or compares it with 1
 * for `exists_one` (2). The per-item steps of the others are charged as their nodes run.
 */
function runComprehension(ev: Evaluator, ast: AstNode, expansion: AstNode, name: string, ctx: unknown): unknown {
  const loop = expansion.args as {condition?: (accu: unknown) => boolean; kind?: string};
  if ((name === 'all' || name === 'exists') && loop.kind === 'quantifier') countConditions(expansion as Comprehension, loop, name === 'all' ? 2 : 3);
  charge(name === 'exists_one' ? 2 : 1);
  return evaluateNode(ev, ast, ctx);
}

/** cel-js's comprehension node: `handle(items, args, ev, ctx)` folds the evaluated range (operators.js). */
type Comprehension = AstNode & {handle: (items: unknown, ...rest: unknown[]) => unknown};

interface QuantifierMeter {
  /** The conditions still to be charged in the fold under way: one per item. */
  unvisited: number;
  /** The handle installed here, undefined until the first fold. */
  handle: Comprehension['handle'] | undefined;
}
const quantifierMeters = new WeakMap<object, QuantifierMeter>();

/**
 * Charges an `all`/`exists` condition as cel-go's foldIterable tests it: before each item. cel-js's
 * iterateQuantifier tests it once more after the last item when a predicate failed, to decide
 * whether to rethrow; cel-go has no such test (the error is the accumulator), so that one is free.
 * The fold's range is caught through the node's handle (reinstalled if cel-js checks the tree again).
 */
function countConditions(expansion: Comprehension, loop: {condition?: (accu: unknown) => boolean}, test: number): void {
  let meter = quantifierMeters.get(loop);
  if (!meter) {
    const original = loop.condition!;
    const own: QuantifierMeter = {unvisited: 0, handle: undefined};
    loop.condition = (accu) => {
      if (own.unvisited-- <= 0) return original(accu);
      charge(test);
      const go = original(accu);
      if (go) charge(1);
      return go;
    };
    quantifierMeters.set(loop, (meter = own));
  }
  if (expansion.handle !== meter.handle) {
    const fold = expansion.handle;
    const own = meter;
    own.handle = expansion.handle = (items, ...rest) => {
      own.unvisited = rangeSize(items);
      return fold(items, ...rest);
    };
  }
}

/** How many items a comprehension visits: a list's, a map's keys (operators.js toIterable). */
function rangeSize(items: unknown): number {
  if (Array.isArray(items)) return items.length;
  if (items instanceof Map || items instanceof Set) return items.size;
  return typeof items === 'object' && items !== null ? Object.keys(items).length : 0;
}
export type Metered = {result: unknown; cost: number} | {error: unknown; cost: number} | {exceeded: true; cost: number};

/** One evaluation, its cost counted, stopped past PerCallLimit. */
export function metered(evaluate: () => unknown): Metered {
  cost = 0;
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
