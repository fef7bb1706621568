/**
 * The worst-case cost cel-go estimates for a checked expression: a port of cel-go v0.23.2
 * checker/cost.go (the version Kubernetes 1.33 vendors), over estimate-expr.ts's tree and what
 * type-check.ts's checker gives it, as cost.go reads the checked AST: each node's type from the
 * type map, each call's overload ids from the reference map. What the environment adds (variables, a size estimator, call
 * estimators, the presence-test cost) comes in a CostEnvironment; the API server's is in
 * estimate-library.ts.
 */
import {ACCUMULATOR, LEGACY_ACCUMULATOR, type Expr} from './estimate-expr';
import {MESSAGE} from './go-syntax';
import {typeCheck, type CheckResult, type CheckType} from './type-check';
import {add, addSat, fixed, LIST_CREATE, MAP_CREATE, MAX, STRUCT_CREATE, multiply, mulSat, REGEX_STRING_LENGTH, scale, STRING_TRAVERSAL, union, UNKNOWN, type Estimate} from './estimate-math';

export type {Estimate} from './estimate-math';

/** checker.AstNode: what the estimators see of an argument or a target. */
export interface Node {
  path: readonly string[] | undefined;
  type: CheckType;
  expr: Expr | undefined;
  size: Estimate | undefined;
}

export interface CallEstimate {
  cost: Estimate;
  resultSize?: Estimate;
}

/** What cel-go's Cost is given besides the checked rule: the declarations, a checker.CostEstimator and the CostOptions. */
export interface CostEnvironment {
  variables: ReadonlyMap<string, CheckType>;
  /** CostEstimator.EstimateSize: a size for a node cel-go cannot size itself (by its path from a variable). */
  estimateSize(node: {path: readonly string[] | undefined; type: CheckType}): Estimate | undefined;
  /** CostEstimator.EstimateCallCost: the call's cost without its arguments', or undefined for cel-go's own. */
  estimateCallCost?(fn: string, overload: string, target: Node | undefined, args: Node[]): CallEstimate | undefined;
  /** OverloadCostEstimate options, by overload id. */
  overloadEstimators?: ReadonlyMap<string, (target: Node | undefined, args: Node[]) => CallEstimate | undefined>;
  /** PresenceTestHasCost: 1 by default in cel-go, 0 as the API server configures it. */
  presenceTestCost: bigint;
}

interface EntrySize {
  container: 'list' | 'map';
  key: Estimate;
  val: Estimate;
}

interface LocalVar {
  path: readonly string[] | undefined;
  size: Estimate | undefined;
  entry: EntrySize | undefined;
}

const unionEntries = (a: EntrySize | undefined, b: EntrySize | undefined): EntrySize | undefined =>
  a && b ? {container: a.container, key: union(a.key, b.key), val: union(a.val, b.val)} : undefined;

const isAccumulator = (name: string) => name === ACCUMULATOR || name === LEGACY_ACCUMULATOR;

function isScalar(type: CheckType): boolean {
  switch (type.kind) {
    case 'bool': case 'double': case 'duration': case 'int': case 'timestamp': case 'uint':
      return true;
    case 'opaque':
      return type.name === 'optional_type' && isScalar(type.params[0]!);
  }
  return false;
}

/** cost.go computeExprSize: a literal's or a list or map literal's own size. */
function exprSize(expr: Expr): Estimate | undefined {
  if (expr.kind === 'literal') {
    const value = expr.value;
    if (typeof value === 'string') return fixed(BigInt([...value].length));
    if (value instanceof Uint8Array) return fixed(BigInt(value.length));
    return fixed(1n);
  }
  if (expr.kind === 'list') return fixed(BigInt(expr.elements.length));
  if (expr.kind === 'map') return fixed(BigInt(expr.entries.length));
  return undefined;
}

class Coster {
  private readonly paths = new Map<Expr, readonly string[]>();
  private readonly sizes = new Map<Expr, Estimate>();
  private readonly entries = new Map<Expr, EntrySize>();
  private readonly locals = new Map<string, LocalVar[]>();

  constructor(private readonly checked: CheckResult, private readonly env: CostEnvironment) {}

  cost(e: Expr): Estimate {
    switch (e.kind) {
      case 'literal':
        return fixed(0n);
      case 'ident': {
        const local = this.peek(e.name);
        const path = local ? local.path : [e.name];
        if (path) this.paths.set(e, path);
        return fixed(1n);
      }
      case 'select': {
        if (e.testOnly) return add(fixed(this.env.presenceTestCost), this.cost(e.operand));
        let sum = this.cost(e.operand);
        const kind = this.checked.typeOf(e.operand).kind;
        if (kind === 'map' || kind === 'struct') sum = add(sum, fixed(1n));
        this.paths.set(e, [...(this.path(e.operand) ?? []), e.field]);
        return sum;
      }
      case 'call':
        return this.costCall(e);
      case 'list': {
        let sum = fixed(0n);
        let item: Estimate = {min: e.elements.length === 0 ? 0n : MAX, max: 0n};
        for (const element of e.elements) {
          sum = add(sum, this.cost(element));
          item = union(item, this.sizeOrUnknown(element));
        }
        this.entries.set(e, {container: 'list', key: fixed(1n), val: item});
        return add(sum, fixed(LIST_CREATE));
      }
      case 'map': {
        let sum = fixed(0n);
        const empty = e.entries.length === 0;
        let key: Estimate = {min: empty ? 0n : MAX, max: 0n};
        let val: Estimate = {min: empty ? 0n : MAX, max: 0n};
        for (const [k, v] of e.entries) {
          sum = add(add(sum, this.cost(k)), this.cost(v));
          key = union(key, this.sizeOrUnknown(k));
          val = union(val, this.sizeOrUnknown(v));
        }
        this.entries.set(e, {container: 'map', key, val});
        return add(sum, fixed(MAP_CREATE));
      }
      case 'comprehension':
        return this.isBind(e) ? this.costBind(e) : this.costComprehension(e);
    }
  }

  private peek(name: string): LocalVar | undefined {
    return this.locals.get(name)?.at(-1);
  }

  private push(name: string, local: LocalVar): void {
    // pushed in place: a copy per push is quadratic in how deep one name is rebound
    const stack = this.locals.get(name);
    if (stack) stack.push(local);
    else this.locals.set(name, [local]);
  }

  private pop(name: string): void {
    this.locals.get(name)?.pop();
  }

  /** cost.go getPath: nil (undefined) for a node no variable leads to, as Go's nil slice. */
  private path(e: Expr): readonly string[] | undefined {
    if (e.kind === 'ident') {
      const local = this.peek(e.name);
      if (local) return local.path;
    }
    return this.paths.get(e);
  }

  private node(e: Expr): Node {
    let path = this.path(e);
    if (path && path.length > 0 && isAccumulator(path[0]!)) path = undefined;
    return {path, type: this.checked.typeOf(e), expr: e, size: this.computeSize(e)};
  }

  private computeSize(e: Expr): Estimate | undefined {
    const known = this.sizes.get(e);
    if (known) return known;
    const own = exprSize(e);
    if (own) return own;
    const declared = this.env.estimateSize({path: this.path(e), type: this.checked.typeOf(e)});
    if (declared) {
      this.sizes.set(e, declared);
      return declared;
    }
    if (isScalar(this.checked.typeOf(e))) return fixed(1n);
    if (e.kind === 'ident') return this.peek(e.name)?.size;
    return undefined;
  }

  private sizeOrUnknown(e: Expr | Node): Estimate {
    const size = 'kind' in e ? this.computeSize(e) : e.size;
    return size ?? UNKNOWN;
  }

  private computeEntry(e: Expr): EntrySize | undefined {
    const known = this.entries.get(e);
    if (known) return known;
    if (e.kind === 'ident') return this.peek(e.name)?.entry;
    return undefined;
  }

  private containerKind(range: Expr): string {
    return this.computeEntry(range)?.container ?? this.checked.typeOf(range).kind;
  }

  private costCall(e: Extract<Expr, {kind: 'call'}>): Estimate {
    if (e.fn === MESSAGE && e.args[1]?.kind === 'map') {
      // cost.go costCreateStruct: StructCreateBaseCost and each field's value
      let sum = fixed(STRUCT_CREATE);
      for (const [, value] of e.args[1].entries) sum = add(sum, this.cost(value));
      return sum;
    }
    if (e.fn === 'dyn' && e.args.length === 1) {
      // maybeUnwrapDynCall
      const argCost = this.cost(e.args[0]!);
      this.copySizes(e, e.args[0]!);
      return add(fixed(1n), argCost);
    }
    const argCosts: Estimate[] = [];
    const args: Node[] = [];
    for (const arg of e.args) {
      argCosts.push(this.cost(arg));
      args.push(this.node(arg));
    }
    // a call the checker left without overloads (a function it leaves unjudged, an optional
    // selection) is costed as one overload named after its function
    const reference = this.checked.reference(e);
    const fn = reference?.fn ?? e.fn;
    const overloads = reference?.overloads.length ? reference.overloads : [fn];
    let sum = fixed(0n);
    let target: Node | undefined;
    // a qualified function name (ip.isCanonical) has no target: the checker read it as the name
    if (e.target && !reference?.qualified) {
      sum = add(sum, this.cost(e.target));
      target = this.node(e.target);
    }
    let fnCost: Estimate = {min: MAX, max: 0n};
    let resultSize: Estimate | undefined;
    for (const overload of overloads) {
      const estimate = this.functionCost(e, fn, overload, target, args, argCosts);
      fnCost = union(fnCost, estimate.cost);
      if (estimate.resultSize) resultSize = resultSize ? union(resultSize, estimate.resultSize) : estimate.resultSize;
      if ((overload === 'index_list' || overload === 'index_map') && e.args.length > 0) {
        resultSize = this.computeEntry(e.args[0]!)?.val;
        this.paths.set(e, [...(this.path(e.args[0]!) ?? []), overload === 'index_list' ? '@items' : '@values']);
      }
      resultSize ??= this.computeSize(e);
    }
    if (resultSize) this.sizes.set(e, resultSize);
    return add(sum, fnCost);
  }

  private copySizes(dst: Expr, src: Expr): void {
    const size = this.computeSize(src);
    if (size) this.sizes.set(dst, size);
    const entry = this.computeEntry(src);
    if (entry) this.entries.set(dst, entry);
  }

  private pushLocal(name: string, e: Expr): void {
    this.push(name, {path: this.path(e), size: this.computeSize(e), entry: this.computeEntry(e)});
  }

  private costComprehension(e: Extract<Expr, {kind: 'comprehension'}>): Estimate {
    let sum = add(this.cost(e.iterRange), this.cost(e.accuInit));
    this.pushLocal(e.accuVar, e.accuInit);
    const entry = this.computeEntry(e.iterRange);
    const list = this.containerKind(e.iterRange) === 'list';
    const rangePath = this.path(e.iterRange) ?? [];
    if (e.iterVar2 !== undefined) {
      // pushIterKey and pushIterValue: a list's indices and items, a map's keys and values
      this.push(e.iterVar, {path: [...rangePath, list ? '@indices' : '@keys'], size: entry?.key, entry: undefined});
      this.push(e.iterVar2, {path: [...rangePath, list ? '@items' : '@values'], size: entry?.val, entry: undefined});
    } else {
      // pushIterSingle: a list's items, a map's keys
      this.push(e.iterVar, {path: [...rangePath, list ? '@items' : '@keys'], size: list ? entry?.val : entry?.key, entry: undefined});
    }
    const loopCost = this.cost(e.loopCondition);
    const stepCost = this.cost(e.loopStep);
    this.pop(e.iterVar);
    if (e.iterVar2 !== undefined) this.pop(e.iterVar2);
    sum = add(sum, this.cost(e.result));
    this.pop(e.accuVar);
    const rangeCount = this.sizeOrUnknown(e.iterRange);
    sum = add(sum, multiply(rangeCount, add(stepCost, loopCost)));
    if (e.accuInit.kind === 'literal') {
      const size = this.computeSize(e.accuInit);
      if (size) this.sizes.set(e, size);
    } else if (e.accuInit.kind === 'list' || e.accuInit.kind === 'map') {
      this.sizes.set(e, rangeCount);
      const stepEntry = this.computeEntry(e.loopStep);
      if (stepEntry) this.entries.set(e, stepEntry);
    }
    return sum;
  }

  private isBind(e: Extract<Expr, {kind: 'comprehension'}>): boolean {
    return e.iterRange.kind === 'list' && e.iterRange.elements.length === 0 && e.loopCondition.kind === 'literal' && e.loopCondition.value === false
      && e.accuVar !== LEGACY_ACCUMULATOR;
  }

  private costBind(e: Extract<Expr, {kind: 'comprehension'}>): Estimate {
    let sum = add(this.cost(e.iterRange), this.cost(e.accuInit));
    this.pushLocal(e.accuVar, e.accuInit);
    sum = add(sum, this.cost(e.result));
    this.pop(e.accuVar);
    this.copySizes(e, e.result);
    return sum;
  }

  /** cost.go functionCost: the overloads' own estimators, then the environment's, then cel-go's own. */
  private functionCost(e: Expr, fn: string, overload: string, target: Node | undefined, args: Node[], argCosts: Estimate[]): CallEstimate {
    const argSum = () => argCosts.reduce(add, fixed(0n));
    const custom = this.env.overloadEstimators?.get(overload)?.(target, args) ?? this.env.estimateCallCost?.(fn, overload, target, args);
    if (custom) return {cost: add(custom.cost, argSum()), ...(custom.resultSize ? {resultSize: custom.resultSize} : {})};
    const size = (node: Node) => node.size ?? UNKNOWN;
    switch (overload) {
      case 'string_format':
        if (target) return {cost: add(scale(size(target), STRING_TRAVERSAL), argSum())};
        break;
      case 'string_to_bytes':
        if (args.length === 1) {
          const sz = size(args[0]!);
          return {cost: add(scale(sz, STRING_TRAVERSAL), argSum()), resultSize: {min: sz.min, max: mulSat(sz.max, 4n)}};
        }
        break;
      case 'bytes_to_string':
        if (args.length === 1) {
          const sz = size(args[0]!);
          return {cost: add(scale(sz, STRING_TRAVERSAL), argSum()), resultSize: {min: sz.min / 4n, max: sz.max}};
        }
        break;
      case 'strings_quote':
        if (args.length === 1) {
          const sz = size(args[0]!);
          return {cost: add(scale(sz, STRING_TRAVERSAL), argSum()), resultSize: {min: addSat(sz.min, 2n), max: addSat(mulSat(sz.max, 2n), 2n)}};
        }
        break;
      case 'starts_with_string':
      case 'ends_with_string':
        if (args.length === 1) return {cost: add(scale(size(args[0]!), STRING_TRAVERSAL), argSum())};
        break;
      case 'in_list':
        if (args.length === 2) return {cost: add(scale(size(args[1]!), 1), argSum())};
        break;
      case 'matches_string':
        if (target && args.length === 1) {
          const text = scale(add(size(target), fixed(1n)), STRING_TRAVERSAL);
          const regex = scale(size(args[0]!), REGEX_STRING_LENGTH);
          return {cost: add(multiply(text, regex), argSum())};
        }
        break;
      case 'contains_string':
        if (target && args.length === 1) {
          return {cost: add(multiply(scale(size(target), STRING_TRAVERSAL), scale(size(args[0]!), STRING_TRAVERSAL)), argSum())};
        }
        break;
      case 'logical_or':
      case 'logical_and': {
        const [lhs, rhs] = argCosts as [Estimate, Estimate];
        return {cost: {min: lhs.min, max: add(lhs, rhs).max}};
      }
      case 'conditional': {
        const resultSize = union(size(args[1]!), size(args[2]!));
        const entry = unionEntries(this.computeEntry(args[1]!.expr!), this.computeEntry(args[2]!.expr!));
        if (entry) this.entries.set(e, entry);
        return {cost: add(argCosts[0]!, union(argCosts[1]!, argCosts[2]!)), resultSize};
      }
      case 'add_string':
      case 'add_bytes':
      case 'add_list':
        if (args.length === 2) {
          const resultSize = add(size(args[0]!), size(args[1]!));
          const entry = unionEntries(this.computeEntry(args[0]!.expr!), this.computeEntry(args[1]!.expr!));
          if (entry) this.entries.set(e, entry);
          if (overload === 'add_list') return {cost: add(fixed(1n), argSum()), resultSize};
          return {cost: add(scale(resultSize, STRING_TRAVERSAL), argSum()), resultSize};
        }
        break;
      case 'compare_string':
      case 'compare_bytes':
      case 'equals':
      case 'not_equals': {
        const lhs = size(args[0]!);
        const rhs = size(args[1]!);
        const smallestMax = rhs.max < lhs.max ? rhs.max : lhs.max;
        return {cost: add(scale({min: smallestMax > 0n ? 1n : 0n, max: smallestMax}, STRING_TRAVERSAL), argSum())};
      }
    }
    return {cost: add(fixed(1n), argSum())};
  }
}

/**
 * checker.Cost: the range of a rule's cost in an environment, read from its type-check (checked
 * with the environment's variables when not given).
 */
export function estimateCost(rule: Expr, env: CostEnvironment, checked: CheckResult = typeCheck(rule, env.variables)): Estimate {
  return new Coster(checked, env).cost(rule);
}
