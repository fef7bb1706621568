/**
 * A rule as cel-go's checker hands it to the cost estimator: cel-js's parse tree turned into
 * cel-go's expression kinds (common/ast: literal, ident, select, call, list, map,
 * comprehension), macros expanded as parser/macro.go expands them; type-check.ts types it.
 * Syntax cel-js lacks is parsed through go-syntax.ts's rewrite: optional list elements and map
 * entries become `optionalIndices`, a message construction a call of MESSAGE(name, fields map).
 */
import {Environment} from '@marcbachmann/cel-js';
import {bridgeGoSyntax, type BridgedSource, hasLeadingDot, LEADING_DOT_HAS, MESSAGE, OPTIONAL_LIST, OPTIONAL_MAP} from './go-syntax';

export type Literal = string | bigint | number | boolean | null | Uint8Array | {uint: bigint};

/**
 * `at`: where cel-go's parser places the node (parser.go): a call at its operator or opening
 * parenthesis, a selection at its dot, what a macro expands to at the macro's parenthesis; the
 * checker reports its issues there. An offset into the source, absent on trees built by hand.
 */
export type Expr = (
  | {kind: 'literal'; value: Literal}
  /** `leadingDot`: written `.name`, which cel-go's messages spell so (the name resolves as the plain one: go-syntax.ts). */
  | {kind: 'ident'; name: string; leadingDot?: true}
  | {kind: 'select'; operand: Expr; field: string; testOnly: boolean}
  | {kind: 'call'; fn: string; target?: Expr; args: Expr[]; leadingDot?: true}
  /** `optionalIndices`: the elements written `?e` (CEL.g4 optExpr), absent when none is. */
  | {kind: 'list'; elements: Expr[]; optionalIndices?: number[]}
  /** `optionalIndices`: the entries written `?k: v` (a message's `?f: v`). */
  | {kind: 'map'; entries: Array<[Expr, Expr]>; optionalIndices?: number[]}
  | {kind: 'comprehension'; iterRange: Expr; iterVar: string; iterVar2?: string; accuVar: string; accuInit: Expr; loopCondition: Expr; loopStep: Expr; result: Expr}
) & {at?: number};

/** parser.go's hidden accumulator name (AccuIdentName), and the legacy one. */
export const ACCUMULATOR = '@result';
export const LEGACY_ACCUMULATOR = '__result__';

interface AstNode {
  op: string;
  args: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  meta?: {macro?: unknown; alternate?: unknown};
  /** cel-js's offsets of the node's first character and past its last. */
  pos?: number;
  end?: number;
}

let parser: Environment | undefined;

/** The source being converted, read by `locate` (the conversion is synchronous). */
let text = '';
/** Whether `cel.bind` is a macro in the rule being converted (ParseOptions). */
let bindings = false;

export interface ParseOptions {
  /**
   * ext.Bindings' `cel.bind(v, init, e)` macro. Off for Kubernetes: its base environment
   * (apiserver pkg/cel/environment/base.go, 1.33 as every release since) does not include
   * ext.Bindings, so cel-go's checker sees a call of the undeclared `cel.bind`.
   */
  bindings?: boolean;
}

/**
 * Parses a rule (syntax only; no function is resolved) or throws cel-js's parse error; a rule
 * cel-js refuses is parsed again through go-syntax.ts's rewrite, its locations mapped back.
 */
export function parseRule(source: string, options: ParseOptions = {}): Expr {
  parser ??= new Environment({unlistedVariablesAreDyn: true, enableOptionalTypes: true});
  let ast: AstNode;
  let bridged: BridgedSource | undefined;
  try {
    ast = (parser.parse(source) as unknown as {ast: AstNode}).ast;
    text = source;
  } catch (error) {
    bridged = bridgeGoSyntax(source);
    if (!bridged) throw error;
    ast = (parser.parse(bridged.text) as unknown as {ast: AstNode}).ast;
    text = bridged.text;
  }
  bindings = options.bindings ?? false;
  try {
    const expr = convert(ast);
    if (bridged) relocate(expr, bridged, source);
    return expr;
  } finally {
    text = '';
    bindings = false;
  }
}

/** Maps every node's location in a rewritten source back to the rule's own, and marks the names written with a leading dot. */
function relocate(root: Expr, bridged: BridgedSource, source: string): void {
  const origin = bridged.origin;
  const seen = new Set<Expr>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null || !('kind' in value) || seen.has(value as Expr)) return;
    const expr = value as Expr;
    seen.add(expr);
    if (expr.at !== undefined) expr.at = origin[expr.at] ?? expr.at;
    if (bridged.leadingDots.size > 0 && expr.at !== undefined && (expr.kind === 'ident' || (expr.kind === 'call' && !expr.target))) {
      // an identifier is placed at its name, a global call at its parenthesis: the name ends before it
      const nameStart = expr.kind === 'ident' ? expr.at : nameBefore(source, expr.at);
      if (hasLeadingDot(bridged, source, nameStart)) expr.leadingDot = true;
    }
    for (const child of Object.values(expr)) visit(child);
  };
  visit(root);
}

/** Where the name ends before the parenthesis at `open` starts (`f` in `f (x)`). */
function nameBefore(source: string, open: number): number {
  let at = open;
  while (at > 0 && /\s/.test(source[at - 1]!)) at--;
  while (at > 0 && /[A-Za-z0-9_]/.test(source[at - 1]!)) at--;
  return at;
}

/** The offset of the first `token` at or after `from`, past blanks and closing parentheses (a parenthesised operand ends before them). */
function tokenAfter(from: number | undefined, token: RegExp): number | undefined {
  if (from === undefined) return undefined;
  const match = new RegExp(`^[\\s)]*(?=${token.source})`).exec(text.slice(from, from + 4096));
  return match ? from + match[0].length : undefined;
}

/** parser.go's location of a node cel-js parsed: see Expr's `at`. */
function locate(node: AstNode): number | undefined {
  const args = node.args as AstNode[];
  switch (node.op) {
    case '.': case '.?': {
      // cel-js starts a selection at its field name; cel-go at the dot before it
      let at = (node.pos ?? 0) - 1;
      while (at > 0 && /[\s?]/.test(text[at]!)) at--;
      return text[at] === '.' ? at : node.pos;
    }
    case 'rcall':
      return tokenAfter((node.args as [string, AstNode])[1].end, /\.\s*[A-Za-z_][A-Za-z0-9_]*\s*\(/) !== undefined
        ? text.indexOf('(', (node.args as [string, AstNode])[1].end) : node.pos;
    case 'call': {
      const open = node.pos === undefined ? -1 : text.indexOf('(', node.pos);
      return open >= 0 ? open : node.pos;
    }
    case '[]': case '[?]':
      return tokenAfter(args[0]?.end, /\[/) ?? node.pos;
    case '?:':
      return tokenAfter(args[0]?.end, /\?/) ?? node.pos;
  }
  if (Object.hasOwn(BINARY, node.op)) return tokenAfter(args[0]?.end, new RegExp(node.op.replace(/[|&*+?]/g, '\\$&'))) ?? node.pos;
  return node.pos;
}

/** Places the nodes a macro or the conversion built (those without a location) at `at`, as parser.go's macro helper does. */
function placed(expr: Expr, at: number | undefined): Expr {
  if (expr.at !== undefined || at === undefined) return expr;
  expr.at = at;
  switch (expr.kind) {
    case 'select':
      placed(expr.operand, at);
      break;
    case 'call':
      if (expr.target) placed(expr.target, at);
      for (const arg of expr.args) placed(arg, at);
      break;
    case 'list':
      for (const element of expr.elements) placed(element, at);
      break;
    case 'map':
      for (const entry of expr.entries) entry.forEach((part) => placed(part, at));
      break;
    case 'comprehension':
      for (const part of [expr.iterRange, expr.accuInit, expr.loopCondition, expr.loopStep, expr.result]) placed(part, at);
      break;
  }
  return expr;
}

const BINARY: Record<string, string> = {
  '==': '_==_', '!=': '_!=_', '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_',
  '+': '_+_', '-': '_-_', '*': '_*_', '/': '_/_', '%': '_%_', '&&': '_&&_', '||': '_||_', in: '@in',
};

const call = (fn: string, args: Expr[], target?: Expr): Expr => ({kind: 'call', fn, args, ...(target ? {target} : {})});
const ident = (name: string): Expr => ({kind: 'ident', name});
const literal = (value: Literal): Expr => ({kind: 'literal', value});

function literalOf(value: unknown): Literal {
  if (value === null || typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return value;
  // cel-js's UnsignedInt keeps its value in `value`
  const unsigned = (value as {value?: unknown}).value;
  return {uint: typeof unsigned === 'bigint' ? unsigned : BigInt(Number(unsigned ?? 0))};
}

function convert(node: AstNode): Expr {
  return placed(convertNode(node), locate(node));
}

function convertNode(node: AstNode): Expr {
  const {op, args} = node;
  if (Object.hasOwn(BINARY, op)) return call(BINARY[op]!, (args as AstNode[]).map(convert));
  switch (op) {
    case 'value':
      return literal(literalOf(args));
    case 'id':
      return ident(args as string);
    case '.':
      return {kind: 'select', operand: convert(args[0]), field: args[1] as string, testOnly: false};
    case '.?':
      return call('_?._', [convert(args[0]), literal(args[1] as string)]);
    case '[]':
      return call('_[_]', [convert(args[0]), convert(args[1])]);
    case '[?]':
      return call('_[?_]', [convert(args[0]), convert(args[1])]);
    case '-_': {
      // a number literal carries its sign (parser/gen/CEL.g4: `sign=MINUS? tok=NUM_INT`), so `-1.0` is one literal
      const operand = args as AstNode;
      if (operand.op === 'value' && (typeof operand.args === 'bigint' || typeof operand.args === 'number')) return literal(-operand.args);
      return call(op, [convert(operand)]);
    }
    case '!_':
      return call(op, [convert(args as AstNode)]);
    case '?:':
      return call('_?_:_', (args as AstNode[]).map(convert));
    case 'list':
      return {kind: 'list', elements: (args as AstNode[]).map(convert)};
    case 'map':
      return {kind: 'map', entries: (args as AstNode[][]).map(([key, value]) => [convert(key!), convert(value!)] as [Expr, Expr])};
    case 'call': {
      const [name, callArgs] = args as [string, AstNode[]];
      const bridged = bridgedAggregate(name, callArgs);
      if (bridged) return bridged;
      // `.has(e)`: the global function `.has` (relocate marks the dot), never the macro
      if (name === LEADING_DOT_HAS) return call('has', callArgs.map(convert));
      if (name === 'has' && node.meta?.macro && callArgs.length === 1 && callArgs[0]!.op === '.') {
        // the presence test is the macro's node, at its parenthesis
        const {at: _dot, ...selection} = convert(callArgs[0]!) as Extract<Expr, {kind: 'select'}>;
        return {...selection, testOnly: true};
      }
      return call(name, callArgs.map(convert));
    }
    case 'rcall': {
      const [name, receiver, callArgs] = args as [string, AstNode, AstNode[]];
      if (node.meta?.macro || node.meta?.alternate) {
        const expanded = expandMacro(name, receiver, callArgs);
        if (expanded) return expanded;
      }
      // cel-js has no two-variable macros: its parse leaves them as calls
      const twoVariables = expandTwoVariableMacro(name, receiver, callArgs);
      if (twoVariables) return twoVariables;
      return call(name, callArgs.map(convert), convert(receiver));
    }
  }
  throw new Error(`cost estimate: unsupported expression ${op}`);
}

/** The list, map or message go-syntax.ts wrote as a call, as cel-go's parser builds it. */
function bridgedAggregate(name: string, args: AstNode[]): Expr | undefined {
  const indices = (node: AstNode | undefined) => ((node?.args ?? []) as AstNode[]).map((index) => Number(index.args));
  if ((name === OPTIONAL_LIST || name === OPTIONAL_MAP) && args.length === 2) {
    const aggregate = convert(args[0]!) as Extract<Expr, {kind: 'list' | 'map'}>;
    aggregate.optionalIndices = indices(args[1]);
    return aggregate;
  }
  if (name === MESSAGE && args.length === 3) {
    const fields = convert(args[1]!) as Extract<Expr, {kind: 'map'}>;
    // parser.go places a field initializer at its colon
    ((args[1]!.args ?? []) as AstNode[][]).forEach(([key], i) => {
      const colon = tokenAfter(key?.end, /:/);
      if (colon !== undefined) fields.entries[i]![0].at = colon;
    });
    const optional = indices(args[2]);
    if (optional.length > 0) fields.optionalIndices = optional;
    return call(MESSAGE, [convert(args[0]!), fields]);
  }
  return undefined;
}

/** parser/macro.go MakeAll, MakeExists, MakeExistsOne, MakeMap, MakeFilter, and cel.bind (ext/bindings.go) where it is on. */
function expandMacro(name: string, receiver: AstNode, args: AstNode[]): Expr | undefined {
  if (bindings && name === 'bind' && receiver.op === 'id' && receiver.args === 'cel' && args.length === 3 && args[0]!.op === 'id') {
    return {kind: 'comprehension', iterRange: {kind: 'list', elements: []}, iterVar: '#unused', accuVar: args[0]!.args as string,
      accuInit: convert(args[1]!), loopCondition: literal(false), loopStep: ident(args[0]!.args as string), result: convert(args[2]!)};
  }
  if (args[0]?.op !== 'id') return undefined;
  const iterVar = args[0].args as string;
  const iterRange = convert(receiver);
  const accu = () => ident(ACCUMULATOR);
  const loop = (accuInit: Expr, loopCondition: Expr, loopStep: Expr, result: Expr): Expr =>
    ({kind: 'comprehension', iterRange, iterVar, accuVar: ACCUMULATOR, accuInit, loopCondition, loopStep, result});
  if (args.length === 2) {
    const body = convert(args[1]!);
    switch (name) {
      case 'all':
        return loop(literal(true), call('@not_strictly_false', [accu()]), call('_&&_', [accu(), body]), accu());
      case 'exists':
        return loop(literal(false), call('@not_strictly_false', [call('!_', [accu()])]), call('_||_', [accu(), body]), accu());
      case 'exists_one':
        return loop(literal(0n), literal(true), call('_?_:_', [body, call('_+_', [accu(), literal(1n)]), accu()]), call('_==_', [accu(), literal(1n)]));
      case 'map':
        return loop({kind: 'list', elements: []}, literal(true), call('_+_', [accu(), {kind: 'list', elements: [body]}]), accu());
      case 'filter':
        return loop({kind: 'list', elements: []}, literal(true),
          call('_?_:_', [body, call('_+_', [accu(), {kind: 'list', elements: [ident(iterVar)]}]), accu()]), accu());
    }
  }
  if (args.length === 3 && name === 'map') {
    const step = call('_+_', [accu(), {kind: 'list', elements: [convert(args[2]!)]}]);
    return loop({kind: 'list', elements: []}, literal(true), call('_?_:_', [convert(args[1]!), step, accu()]), accu());
  }
  return undefined;
}

/** ext/comprehensions.go's function inserting into a map (transformMap, transformMapEntry). */
export const MAP_INSERT = 'cel.@mapInsert';

/**
 * ext/comprehensions.go (TwoVarComprehensions, served from Kubernetes 1.32): all, exists and
 * existsOne over (index or key, item or value), transformList, transformMap and transformMapEntry
 * with an optional filter.
 */
function expandTwoVariableMacro(name: string, receiver: AstNode, args: AstNode[]): Expr | undefined {
  if (args.length < 3 || args[0]!.op !== 'id' || args[1]!.op !== 'id') return undefined;
  const iterVar = args[0]!.args as string;
  const iterVar2 = args[1]!.args as string;
  const accu = () => ident(ACCUMULATOR);
  const loop = (accuInit: Expr, loopCondition: Expr, loopStep: Expr, result: Expr): Expr =>
    ({kind: 'comprehension', iterRange: convert(receiver), iterVar, iterVar2, accuVar: ACCUMULATOR, accuInit, loopCondition, loopStep, result});
  if (args.length === 3) {
    switch (name) {
      case 'all':
        return loop(literal(true), call('@not_strictly_false', [accu()]), call('_&&_', [accu(), convert(args[2]!)]), accu());
      case 'exists':
        return loop(literal(false), call('@not_strictly_false', [call('!_', [accu()])]), call('_||_', [accu(), convert(args[2]!)]), accu());
      case 'existsOne':
        return loop(literal(0n), literal(true), call('_?_:_', [convert(args[2]!), call('_+_', [accu(), literal(1n)]), accu()]), call('_==_', [accu(), literal(1n)]));
    }
  }
  if (args.length !== 3 && args.length !== 4) return undefined;
  const filter = args.length === 4 ? convert(args[2]!) : undefined;
  const transform = convert(args[args.length - 1]!);
  let step: Expr;
  let init: Expr;
  switch (name) {
    case 'transformList':
      step = call('_+_', [accu(), {kind: 'list', elements: [transform]}]);
      init = {kind: 'list', elements: []};
      break;
    case 'transformMap':
      step = call(MAP_INSERT, [accu(), ident(iterVar), transform]);
      init = {kind: 'map', entries: []};
      break;
    case 'transformMapEntry':
      step = call(MAP_INSERT, [accu(), transform]);
      init = {kind: 'map', entries: []};
      break;
    default:
      return undefined;
  }
  if (filter) step = call('_?_:_', [filter, step, accu()]);
  return loop(init, literal(true), step, accu());
}
