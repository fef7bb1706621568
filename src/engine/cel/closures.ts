/**
 * Hot rules compiled once into a tree of JavaScript closures, so that evaluating a rule is a
 * call per node with no dispatch on the node's op, no context objects and no metering wrapper.
 *
 * cel-js (the interpreter) stays the specification. A closure tree is built from a program's
 * tree after cel-js has checked it (on its first evaluation), for the subset of CEL that the
 * CRDs' rules use: literals, `self` and comprehension variables, field selection and indexing,
 * `?:`, `&&`, `||`, `!`, comparisons, `+` and `-`, `in`, `has()` (both spellings, adapt-source.ts),
 * `size`, `contains`, `startsWith`, `endsWith`, `matches`, and the `all`, `exists` and `exists_one` macros.
 * A rule that uses anything else gets no closures: cel-js evaluates it, as before.
 *
 * Closures only follow the path on which nothing goes wrong. Any error (a missing key, an
 * operand of another type than the closures handle, an overflow), and any cost past
 * PerCallLimit, gives up and cel-js evaluates the rule again from the start: evaluation has no
 * side effects, so the result, the error's wording and the cost are then exactly cel-js's.
 *
 * Each closure charges what cost.ts charges for its node as cel-js runs it (cel-go's runtime
 * cost, interpreter/runtimecost.go): the differential tests in tests/engine/cel hold the two
 * to the same figures on every rule of the reference CRDs.
 */
import {actualSize, callCharge, LIST_CREATE_BASE_COST, MAP_CREATE_BASE_COST, operatorCharge} from './call-cost';
import {PRESENCE_TEST} from './adapt-source';
import {metered, PER_CALL_LIMIT, type Metered} from './cost';
import {parsedTree, type CelProgram} from './rule-cache';
import {re2Matches} from './kubernetes-library';

/** cel-js's tree node (parser.js ASTNode), as far as the closures read it. */
interface AstNode {
  op: string;
  args: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly meta: {macro?: {macroHasProps?: AstNode[]}; alternate?: AstNode};
  checkedType?: unknown;
}

/** A comprehension's expansion (macros.js), with the context cel-js's check gave its variable. */
interface Expansion {
  op: 'comprehension';
  args: {kind?: string; iterVarName: string; iterCtx?: {iterType?: {kind?: string}}};
}

/** Values of `self` (slot 0) and of the comprehension variables in scope, by slot. */
type Slots = unknown[];
type Closure = (slots: Slots) => unknown;

/** Thrown to give the evaluation back to cel-js; never seen outside this module. */
const GIVE_UP: unique symbol = Symbol('give up');
const giveUp = (): never => {
  throw GIVE_UP;
};

/** What the evaluation under way has cost so far. */
let spent = 0;

/** cel-js's int range (globals.js MAX_INT, MIN_INT): int64. */
const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);

/** A value of a type cel-js's debugType knows without a registered object type. */
function isPlainValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'bigint':
    case 'number':
    case 'boolean':
      return true;
    case 'object':
      return value === null || Array.isArray(value) || isRecord(value);
    default:
      return false;
  }
}

/** A map as toCelValue builds it: a plain object (operators.js fieldAccess, case Object). */
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && (value as object).constructor === Object;

const isAttribute = (node: AstNode) => node.op === 'id' || node.op === '.' || node.op === '[]' || node.op === '.?' || node.op === '[?]';

/** functions.js stringSize: code points as a for..of counts them. */
function stringSize(text: string): number {
  let count = 0;
  for (const _ of text) count++; // eslint-disable-line @typescript-eslint/no-unused-vars
  return count;
}

class Unsupported extends Error {}

/** Compile-time state: the variables in scope, by slot. */
class Scope {
  readonly names: string[] = ['self'];
  slotOf(name: string): number {
    const slot = this.names.lastIndexOf(name);
    if (slot === -1) throw new Unsupported(`variable ${name}`);
    return slot;
  }
}

/**
 * The closure tree for a checked program's tree, or undefined when the rule uses something
 * the closures do not handle (cel-js then evaluates it, as it always did).
 */
export function compileClosure(ast: unknown): Closure | undefined {
  const root = ast as AstNode;
  if (root.checkedType === undefined) return undefined; // not checked: cel-js checks it on first evaluation
  try {
    return compile(root, new Scope(), false);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/**
 * `free`: the node is an attribute cel-go resolves as part of another one (a `?:` branch, an
 * index), which cost.ts charges nothing for itself (isFreeAttribute).
 */
function compile(node: AstNode, scope: Scope, free: boolean): Closure {
  const attributeCharge = free && isAttribute(node) ? 0 : 1;
  switch (node.op) {
    case 'value': {
      const value = node.args as unknown;
      if (typeof value === 'object' && value !== null) throw new Unsupported('object constant');
      return () => value;
    }
    case 'id': {
      if (node.meta.alternate) throw new Unsupported('constant');
      const slot = scope.slotOf(node.args as string);
      return attributeCharge === 0 ? (slots) => slots[slot] : (slots) => (spent++, slots[slot]);
    }
    case '.':
      return compileSelection(node, scope, attributeCharge);
    case '[]':
      return compileIndex(node, scope, attributeCharge);
    case '?:':
      return compileConditional(node, scope);
    case '&&':
    case '||':
      return compileLogical(node, scope);
    case '!_': {
      const operand = compile(node.args as AstNode, scope, false);
      return (slots) => {
        spent++;
        const value = operand(slots);
        return typeof value === 'boolean' ? !value : giveUp();
      };
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '+':
    case '-':
      return compileBinary(node, scope);
    case 'in':
      return compileMembership(node, scope);
    case 'list':
      return compileList(node, scope);
    case 'map':
      if ((node.args as unknown[]).length !== 0) throw new Unsupported('map literal');
      // an empty map literal is a constant (decorators.go folds it): no charge
      return () => ({});
    case 'call':
      return compileCall(node, scope);
    case 'rcall':
      return compileMethod(node, scope);
    default:
      throw new Unsupported(node.op);
  }
}

/** `e.f` on a map (operators.js fieldAccess): a present key's value, else cel-js's "No such key". */
function compileSelection(node: AstNode, scope: Scope, charge: number): Closure {
  const operand = compile(node.args[0] as AstNode, scope, false);
  const field = node.args[1] as string;
  return (slots) => {
    spent += charge;
    const record = operand(slots);
    if (!isRecord(record) || !Object.hasOwn(record, field)) return giveUp();
    const value = record[field];
    return isPlainValue(value) ? value : giveUp();
  };
}

/** `e[i]`: a list by an int in range, a map by a present string key. */
function compileIndex(node: AstNode, scope: Scope, charge: number): Closure {
  const operand = compile(node.args[0] as AstNode, scope, false);
  const key = compile(node.args[1] as AstNode, scope, true);
  return (slots) => {
    spent += charge;
    const container = operand(slots);
    const at = key(slots);
    let value: unknown;
    if (Array.isArray(container) && typeof at === 'bigint' && at >= 0n && at < BigInt(container.length)) value = container[Number(at)];
    else if (isRecord(container) && typeof at === 'string' && Object.hasOwn(container, at)) value = container[at];
    else return giveUp();
    return value !== undefined && isPlainValue(value) ? value : giveUp();
  };
}

function compileConditional(node: AstNode, scope: Scope): Closure {
  const [conditionNode, leftNode, rightNode] = node.args as [AstNode, AstNode, AstNode];
  const condition = compile(conditionNode, scope, false);
  const left = compile(leftNode, scope, true);
  const right = compile(rightNode, scope, true);
  return (slots) => {
    const chosen = condition(slots);
    if (chosen === true) return left(slots);
    return chosen === false ? right(slots) : giveUp();
  };
}

/** `&&` and `||`, each side a bool; the right side runs only when the left does not decide. */
function compileLogical(node: AstNode, scope: Scope): Closure {
  const left = compile(node.args[0] as AstNode, scope, false);
  const right = compile(node.args[1] as AstNode, scope, false);
  const decisive = node.op === '||';
  return (slots) => {
    const first = left(slots);
    if (first === decisive) return first;
    if (first !== !decisive) return giveUp();
    const second = right(slots);
    return typeof second === 'boolean' ? second : giveUp();
  };
}

/**
 * The operators cost.ts charges from their operands (runSized, operatorCharge), on operands of
 * one type each: equality of strings, bools or ints (overloads.js: `===`), ordering of strings
 * or ints, `+` of strings or ints and `-` of ints (with cel-js's overflow check).
 */
function compileBinary(node: AstNode, scope: Scope): Closure {
  const op = node.op;
  const left = compile(node.args[0] as AstNode, scope, false);
  const right = compile(node.args[1] as AstNode, scope, false);
  const apply = BINARY[op]!;
  return (slots) => {
    const a = left(slots);
    const b = right(slots);
    const kind = typeof a;
    if (kind !== typeof b || (kind !== 'string' && kind !== 'bigint' && kind !== 'boolean')) return giveUp();
    // an int or a bool has size 1 (runtimecost.go actualSize): every operator here then costs 1
    spent += kind === 'string' ? stringOperatorCharge(op, a as string, b as string) : 1;
    return apply(a as Primitive, b as Primitive);
  };
}

/**
 * operatorCharge on two strings, without counting code points when both are at most 10 UTF-16
 * units long: a non-empty one then has 1 to 10 code points, and ceil(n * 0.1) is 1 for all of them.
 */
function stringOperatorCharge(op: string, a: string, b: string): number {
  if (op === '+') return a.length + b.length <= 10 ? (a.length + b.length > 0 ? 1 : 0) : operatorCharge(op, a, b);
  if (a.length <= 10 && b.length <= 10) return a.length > 0 && b.length > 0 ? 1 : 0;
  return operatorCharge(op, a, b);
}

type Primitive = string | bigint | boolean;
const checkedInt = (value: bigint) => (value <= MAX_INT && value >= MIN_INT ? value : giveUp());
const BINARY: Record<string, (a: Primitive, b: Primitive) => unknown> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => (typeof a === 'boolean' ? giveUp() : a < b),
  '<=': (a, b) => (typeof a === 'boolean' ? giveUp() : a <= b),
  '>': (a, b) => (typeof a === 'boolean' ? giveUp() : a > b),
  '>=': (a, b) => (typeof a === 'boolean' ? giveUp() : a >= b),
  '+': (a, b) => (typeof a === 'string' ? a + (b as string) : typeof a === 'bigint' ? checkedInt(a + (b as bigint)) : giveUp()),
  '-': (a, b) => (typeof a === 'bigint' ? checkedInt(a - (b as bigint)) : giveUp()),
};

/**
 * `x in list`: against a literal list of constants a set lookup costing its operand only, and
 * against `[]` the constant false, its operand never evaluated (cost.ts runCharged 'in'); against
 * any other list or a map, the operator's charge. Only strings are looked up (isEqual: a string
 * equals nothing but the same string); anything else gives up.
 */
function compileMembership(node: AstNode, scope: Scope): Closure {
  const [leftNode, rightNode] = node.args as [AstNode, AstNode];
  if (rightNode.op === 'list' && (rightNode.args as AstNode[]).length === 0) return () => false;
  const left = compile(leftNode, scope, false);
  const items = rightNode.op === 'list' ? (rightNode.args as AstNode[]) : undefined;
  if (items && items.every((item) => item.op === 'value')) {
    if (!items.every((item) => typeof item.args === 'string')) throw new Unsupported('constant list of other than strings');
    const members = new Set(items.map((item) => item.args as string));
    return (slots) => {
      const value = left(slots);
      return typeof value === 'string' ? members.has(value) : giveUp();
    };
  }
  const right = compile(rightNode, scope, false);
  return (slots) => {
    const value = left(slots);
    const container = right(slots);
    if (typeof value !== 'string') return giveUp();
    if (Array.isArray(container)) {
      let found = false;
      for (const item of container) {
        if (typeof item !== 'string') return giveUp();
        if (item === value) found = true;
      }
      spent += container.length;
      return found;
    }
    if (!isRecord(container)) return giveUp();
    spent += 1;
    return Object.hasOwn(container, value) && container[value] !== undefined;
  };
}

function compileList(node: AstNode, scope: Scope): Closure {
  const items = (node.args as AstNode[]).map((item) => compile(item, scope, false));
  const charge = (node.args as AstNode[]).every((item) => item.op === 'value') ? 0 : LIST_CREATE_BASE_COST;
  return (slots) => {
    spent += charge;
    const list = new Array<unknown>(items.length);
    for (let i = items.length - 1; i >= 0; i--) list[i] = items[i]!(slots);
    return list;
  };
}

/**
 * Whether cel-js can type a value passed to a function as dyn (operators.js callFn,
 * evaluator.js debugTypeDeep): a list by its first item, a map by its first value, down to a
 * scalar. A map whose first value is undefined is an "Unsupported type" error there.
 */
function deeplyTyped(value: unknown): boolean {
  for (;;) {
    if (Array.isArray(value)) {
      if (value[0] === undefined) return true;
      value = value[0];
    } else if (isRecord(value)) {
      let first: unknown;
      let any = false;
      for (const key in value) {
        first = value[key];
        any = true;
        break;
      }
      if (!any) return true;
      value = first;
    } else return isPlainValue(value);
  }
}

/** `size` of a string (code points), a list or a map, as an int. */
function sizeOf(value: unknown): bigint {
  if (typeof value === 'string') return BigInt(stringSize(value));
  if (!deeplyTyped(value)) return giveUp();
  if (Array.isArray(value)) return BigInt(value.length);
  if (isRecord(value)) return BigInt(Object.keys(value).length);
  return giveUp();
}

/** A field's presence on a map as cel-js's has() and presenceTest answer it: present and not undefined. */
function present(record: unknown, field: string): boolean {
  if (isRecord(record)) return deeplyTyped(record) ? Object.hasOwn(record, field) && record[field] !== undefined : giveUp();
  // a scalar has no fields (kubernetes-library.ts presenceTest; registry.js fieldLazy is undefined)
  return typeof record === 'string' || typeof record === 'bigint' || typeof record === 'number' || typeof record === 'boolean' || record === null ? false : giveUp();
}

function compileCall(node: AstNode, scope: Scope): Closure {
  const [name, argNodes] = node.args as [string, AstNode[]];
  const macro = node.meta.macro;
  if (name === 'has' && macro) return compileHasMacro(macro.macroHasProps, scope);
  if (name === PRESENCE_TEST && argNodes.length === 2 && argNodes[1]!.op === 'value' && typeof argNodes[1]!.args === 'string') {
    // the rewritten has(e.f): the test itself is free, its operand charged as it runs
    const operand = compile(argNodes[0]!, scope, false);
    const field = argNodes[1]!.args as string;
    return (slots) => present(operand(slots), field);
  }
  if (name === 'size' && argNodes.length === 1) {
    const operand = compile(argNodes[0]!, scope, false);
    return (slots) => {
      spent++;
      return sizeOf(operand(slots));
    };
  }
  throw new Unsupported(`function ${name}`);
}

/**
 * cel-js's has() macro on `v.f1.f2...`: the variable is read (and charged), then each field
 * but the last must be present ("No such key" otherwise, so give up), and the last one's
 * presence is the answer. cost.ts charges each selection but the last.
 */
function compileHasMacro(props: AstNode[] | undefined, scope: Scope): Closure {
  if (!props || props.length < 2 || props[props.length - 1]!.op !== 'id' || props.slice(0, -1).some((prop) => prop.op !== '.')) throw new Unsupported('has() argument');
  const slot = scope.slotOf(props[props.length - 1]!.args as string);
  const fields = props.slice(0, -1).map((prop) => prop.args[1] as string).reverse();
  const charge = 1 + Math.max(0, props.length - 2);
  const last = fields.length - 1;
  return (slots) => {
    spent += charge;
    let value = slots[slot];
    for (let i = 0; i < last; i++) {
      if (!isRecord(value)) return giveUp();
      value = Object.hasOwn(value, fields[i]!) ? value[fields[i]!] : undefined;
      if (value === undefined) return giveUp(); // "No such key" before the last field
    }
    return present(value, fields[last]!);
  };
}

const STRING_METHODS: Record<string, (text: string, argument: string) => boolean> = {
  contains: (text, argument) => text.includes(argument),
  startsWith: (text, argument) => text.startsWith(argument),
  endsWith: (text, argument) => text.endsWith(argument),
  // `matches` (adapt-source.ts); a pattern RE2 refuses is cel-js's error to word
  re2Matches: (text, pattern) => {
    try {
      return re2Matches(text, pattern);
    } catch {
      return giveUp();
    }
  },
};

function compileMethod(node: AstNode, scope: Scope): Closure {
  const [name, receiverNode, argNodes] = node.args as [string, AstNode, AstNode[]];
  const expansion = node.meta.alternate as unknown as Expansion | undefined;
  if (expansion?.op === 'comprehension') return compileQuantifier(name, receiverNode, argNodes, expansion, scope);
  const receiver = compile(receiverNode, scope, false);
  if (name === 'size' && argNodes.length === 0) {
    return (slots) => {
      spent++;
      return sizeOf(receiver(slots));
    };
  }
  const method = Object.hasOwn(STRING_METHODS, name) ? STRING_METHODS[name] : undefined;
  if (method && argNodes.length === 1) {
    const argument = compile(argNodes[0]!, scope, false);
    const charge = callCharge(name)!;
    return (slots) => {
      const text = receiver(slots);
      const other = argument(slots);
      if (typeof text !== 'string' || typeof other !== 'string') return giveUp();
      spent += charge([text, other], undefined);
      return method(text, other);
    };
  }
  throw new Unsupported(`method ${name}`);
}

/**
 * `all`, `exists` and `exists_one` over a list's items or a map's keys, charged as cost.ts
 * charges cel-js's expansion (runComprehension, countConditions): the result read (2 for
 * exists_one, else 1); for all/exists, before each item the loop condition (2 for all, 3 for
 * exists) and, when the loop goes on, 1; for exists_one, 2 per item the predicate holds for.
 * `all` stops after the first false, `exists` after the first true (each paying the condition
 * that stops it), `exists_one` visits every item.
 */
function compileQuantifier(name: string, receiverNode: AstNode, argNodes: AstNode[], expansion: Expansion, scope: Scope): Closure {
  if (name !== 'all' && name !== 'exists' && name !== 'exists_one') throw new Unsupported(`macro ${name}`);
  if (expansion.args.iterCtx?.iterType?.kind !== 'dyn') throw new Unsupported('typed comprehension range');
  const range = compile(receiverNode, scope, false);
  const variable = argNodes[0]!.args as string;
  scope.names.push(variable);
  const slot = scope.names.length - 1;
  let predicate: Closure;
  try {
    predicate = compile(argNodes[1]!, scope, false);
  } finally {
    scope.names.pop();
  }
  const items = (slots: Slots): readonly unknown[] => {
    const value = range(slots);
    if (Array.isArray(value)) return value;
    return isRecord(value) ? Object.keys(value) : giveUp();
  };
  const test = (slots: Slots): boolean => {
    const verdict = predicate(slots);
    return typeof verdict === 'boolean' ? verdict : giveUp();
  };
  if (name === 'exists_one') {
    return (slots) => {
      spent += 2;
      const list = items(slots);
      let count = 0;
      for (let i = 0; i < list.length; i++) {
        slots[slot] = item(list, i);
        if (test(slots)) {
          spent += 2;
          count++;
        }
        if (spent > PER_CALL_LIMIT) giveUp();
      }
      return count === 1;
    };
  }
  const decisive = name === 'exists'; // the verdict that ends the loop
  const condition = decisive ? 3 : 2;
  return (slots) => {
    spent += 1;
    const list = items(slots);
    for (let i = 0; i < list.length; i++) {
      spent += condition + 1;
      slots[slot] = item(list, i);
      if (test(slots) === decisive) {
        if (i + 1 < list.length) spent += condition; // the next item's condition ends the loop
        return decisive;
      }
      if (spent > PER_CALL_LIMIT) giveUp();
    }
    return !decisive;
  };
}

/** A comprehension's item, of a type its variable (dyn) accepts (registry.js setIterValue). */
const item = (list: readonly unknown[], i: number): unknown => (isPlainValue(list[i]) ? list[i] : giveUp());

/** The closure's result and cost for `self`, or undefined when cel-js must evaluate the rule. */
export function runClosure(closure: Closure, self: unknown, slots: Slots = [self]): {result: unknown; cost: number} | undefined {
  if (!isPlainValue(self)) return undefined;
  spent = 0;
  slots[0] = self;
  try {
    const result = closure(slots);
    return spent > PER_CALL_LIMIT ? undefined : {result, cost: spent};
  } catch (error) {
    if (error === GIVE_UP || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** A program's closures, their slots, and how often they ran and handed the rule back to cel-js. */
interface Compiled {
  closure: Closure;
  slots: Slots;
  runs: number;
  fallbacks: number;
}

/** Per program: its closures, null when the rule is not compiled or its closures are given up. */
const compiledPrograms = new WeakMap<CelProgram, Compiled | null>();

/**
 * After this many runs, closures that handed back more than half of them are dropped: a rule
 * whose values keep meeting errors or unhandled types would pay for both evaluations each time.
 */
const FALLBACK_TRIAL_RUNS = 16;

/**
 * A rule's evaluation on `self`, its cost metered as cost.ts meters cel-js's: through the
 * program's closures once cel-js has checked it, else (or when they give up) by cel-js.
 */
export function evaluateProgram(program: CelProgram, self: unknown): Metered {
  const compiled = compiledPrograms.get(program);
  if (compiled) {
    compiled.runs++;
    const fast = runClosure(compiled.closure, self, compiled.slots);
    if (fast) return fast;
    if (++compiled.fallbacks * 2 > compiled.runs && compiled.runs >= FALLBACK_TRIAL_RUNS) compiledPrograms.set(program, null);
  }
  const outcome = metered(() => program({self}));
  if (compiled === undefined) {
    const ast = parsedTree(program) as AstNode | undefined;
    if (ast?.checkedType !== undefined) {
      const closure = compileClosure(ast);
      compiledPrograms.set(program, closure ? {closure, slots: [undefined], runs: 0, fallbacks: 0} : null);
    }
  }
  return outcome;
}

/** Whether a program runs through closures now (for tests: compiled, and not given up). */
export function runsCompiled(program: CelProgram): boolean {
  return Boolean(compiledPrograms.get(program));
}
