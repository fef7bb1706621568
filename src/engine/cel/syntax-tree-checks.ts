/**
 * What cel-go v0.23.2's parser refuses once ANTLR has built the parse tree (parser/parser.go's
 * Visit* methods, parser/macro.go and ext/comprehensions.go's expanders), over the tree
 * syntax-errors.ts builds: reserved identifiers as names, backquoted names and optional syntax
 * when off, int/uint/double literals out of range, string escapes Go's unescape refuses, macro
 * arguments that are not simple names, and the visitor's recursion limit, which stops the visit
 * ("max recursion depth exceeded", no location).
 */
import {T, type Token} from './syntax-lexer';
import type {CheckIssue} from './type-check';

export interface TreeCheckOptions {
  /** cel.OptionalTypes turns on parser.EnableOptionalSyntax (`a.?b`, `a[?b]`, `[?a]`, `{?k: v}`). */
  optionalSyntax: boolean;
  /** parser.EnableIdentEscapeSyntax (backquoted names), which Kubernetes 1.33 does not turn on. */
  identEscapes: boolean;
  maxRecursionDepth: number;
}

/** The parse tree syntax-errors.ts builds, as far as cel-go's visitor reads it (`at`: where the expression's id is placed). */
export type SyntaxNode =
  | {kind: 'ident'; at: number; name: string; reserved: boolean}
  | {kind: 'call'; at: number; start: number; name: string; target?: SyntaxNode; args: SyntaxNode[]; reserved: boolean; nested: boolean}
  | {kind: 'select'; at: number; operand?: SyntaxNode; escaped?: Token; optional?: boolean}
  | {kind: 'index'; at: number; operand?: SyntaxNode; index?: SyntaxNode; optional?: boolean}
  /** `?` before a list element, a map key or a message field (`at`: the question mark). */
  | {kind: 'opt'; at: number; value?: SyntaxNode}
  /** `entries`: children are key, value, key, value... of a map or message literal (`fieldsAt`: where a message's fields start). */
  | {kind: 'operator'; at: number; nested: boolean; children: Array<SyntaxNode | undefined>; entries?: 'map' | 'message'; fieldsAt?: number}
  | {kind: 'literal'; at: number; type: number; text: string}
  | {kind: 'error'; at: number};

/** Receiver macros by name and argument count: the message for a first argument that is not a name, and whether a second variable follows. */
const RECEIVER_MACROS: Record<string, {counts: number[]; notName: string; twoVar?: number[]}> = {
  all: {counts: [2], notName: 'argument must be a simple name', twoVar: [3]},
  exists: {counts: [2], notName: 'argument must be a simple name', twoVar: [3]},
  exists_one: {counts: [2], notName: 'argument must be a simple name', twoVar: [3]},
  existsOne: {counts: [2], notName: 'argument must be a simple name', twoVar: [3]},
  map: {counts: [2, 3], notName: 'argument is not an identifier'},
  filter: {counts: [2], notName: 'argument is not an identifier'},
  transformList: {counts: [], notName: 'argument must be a simple name', twoVar: [3, 4]},
  transformMap: {counts: [], notName: 'argument must be a simple name', twoVar: [3, 4]},
  transformMapEntry: {counts: [], notName: 'argument must be a simple name', twoVar: [3, 4]},
};

/** The location cel-go gives an argument expression (unnested). */
const located = (node: SyntaxNode | undefined) => node?.at ?? -1;

/** parser.go AccumulatorName: a macro's variable may not take the legacy accumulator's name. */
const LEGACY_ACCUMULATOR = '__result__';

/** Thrown when the visit nests too deep; the visit stops there. */
class DepthExceeded {}

/** The visitor's issues, appended to `issues` in the order cel-go reports them. */
export function treeIssues(root: SyntaxNode | undefined, issues: CheckIssue[], options: TreeCheckOptions): void {
  try {
    visitTree(root, issues, options);
  } catch (error) {
    if (!(error instanceof DepthExceeded)) throw error;
    issues.push({at: undefined, message: 'max recursion depth exceeded'});
  }
}

function visitTree(root: SyntaxNode | undefined, issues: CheckIssue[], options: TreeCheckOptions): void {
  const report = (at: number, message: string) => issues.push({at: at < 0 ? undefined : at, message});
  const unsupported = (at: number, syntax: string) => report(at, `unsupported syntax '${syntax}'`);
  const visit = (node: SyntaxNode | undefined, depth: number): void => {
    if (!node) return;
    // parser.go checkAndIncrementRecursionDepth: ?:, relations and arithmetic, selections, member calls, indexes
    const counted = (node.kind === 'operator' && node.nested) || node.kind === 'select' || node.kind === 'index' || (node.kind === 'call' && node.nested);
    const here = counted ? depth + 1 : depth;
    if (here > options.maxRecursionDepth) throw new DepthExceeded();
    switch (node.kind) {
      case 'ident':
        if (node.reserved) report(node.at, `reserved identifier: ${node.name.replace(/^\./, '')}`);
        return;
      case 'select':
        visit(node.operand, here);
        if (node.escaped && !options.identEscapes) report(node.escaped.at, "unsupported syntax: '`'");
        if (node.optional && !options.optionalSyntax) unsupported(node.at, '.?');
        return;
      case 'index':
        visit(node.operand, here);
        visit(node.index, here);
        if (node.optional && !options.optionalSyntax) unsupported(node.at, '[?');
        return;
      case 'opt':
        visit(node.value, here);
        if (!options.optionalSyntax) unsupported(node.at, '?');
        return;
      case 'operator':
        if (node.entries) return visitEntries(node, here);
        for (const child of node.children) visit(child, here);
        return;
      case 'literal':
        return checkLiteral(node, report);
      case 'error':
        return;
      case 'call':
        if (node.reserved) return void report(node.start, `reserved identifier: ${node.name.replace(/^\./, '')}`);
        visit(node.target, here);
        for (const arg of node.args) visit(arg, here);
        return checkMacro(node, report);
    }
  };
  /** VisitMapInitializerList and VisitIFieldInitializerList: an entry refused for its key is not visited further. */
  const visitEntries = (node: Extract<SyntaxNode, {kind: 'operator'}>, depth: number) => {
    for (let i = 0; i < node.children.length; i += 2) {
      const key = node.children[i];
      if (key?.kind === 'opt' && !options.optionalSyntax) {
        unsupported(key.at, '?');
        continue;
      }
      const name = key?.kind === 'opt' ? key.value : key;
      if (node.entries === 'message') {
        // a backquoted field name is reported where the field list starts
        if (name?.kind === 'select' && name.escaped && !options.identEscapes) {
          report(node.fieldsAt!, "unsupported syntax: '`'");
          continue;
        }
      } else {
        visit(name, depth);
      }
      visit(node.children[i + 1], depth);
    }
  };
  visit(root, 0);
}

/** The name an argument spells, when it is a plain identifier (macro.go extractIdent). */
const nameOf = (node: SyntaxNode | undefined) => (node?.kind === 'ident' && !node.reserved ? node.name : undefined);

function checkMacro(node: Extract<SyntaxNode, {kind: 'call'}>, report: (at: number, message: string) => void): void {
  const [first, second] = node.args;
  if (!node.target) {
    if (node.name === 'has' && node.args.length === 1 && (first?.kind !== 'select' || first.optional)) report(located(first), 'invalid argument to has() macro');
    return;
  }
  const macro = Object.hasOwn(RECEIVER_MACROS, node.name) ? RECEIVER_MACROS[node.name]! : undefined;
  if (!macro) return;
  const overwrites = 'iteration variable overwrites accumulator variable';
  if (macro.counts.includes(node.args.length)) {
    const name = nameOf(first);
    if (name === undefined) report(located(first), macro.notName);
    else if (name === LEGACY_ACCUMULATOR) report(located(first), overwrites);
    return;
  }
  if (macro.twoVar?.includes(node.args.length)) {
    const names = [nameOf(first), nameOf(second)];
    if (names[0] === undefined) return report(located(first), 'argument must be a simple name');
    if (names[1] === undefined) return report(located(second), 'argument must be a simple name');
    if (names[0] === names[1]) return report(located(second), `duplicate variable name: ${names[0]}`);
    if (names[0] === LEGACY_ACCUMULATOR) return report(located(first), overwrites);
    if (names[1] === LEGACY_ACCUMULATOR) report(located(second), overwrites);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** VisitInt, VisitUint, VisitDouble, VisitString, VisitBytes: the literal's value as Go reads it. */
function checkLiteral(node: Extract<SyntaxNode, {kind: 'literal'}>, report: (at: number, message: string) => void): void {
  const text = node.text;
  switch (node.type) {
    case T.NUM_INT: {
      const negative = text.startsWith('-');
      const digits = negative ? text.slice(1) : text;
      const value = BigInt(digits.startsWith('0x') ? digits : digits.replace(/^0+(?=\d)/, ''));
      const signed = negative ? -value : value;
      if (signed < INT64_MIN || signed > INT64_MAX) report(node.at, 'invalid int literal');
      return;
    }
    case T.NUM_UINT:
      if (BigInt(text.slice(0, -1).replace(/^0+(?=\d)/, '')) > 2n ** 64n - 1n) report(node.at, 'invalid uint literal');
      return;
    case T.NUM_FLOAT:
      if (!Number.isFinite(Number(text))) report(node.at, 'invalid double literal');
      return;
    case T.STRING: case T.BYTES: {
      const error = unescapeError(node.type === T.BYTES ? text.slice(1) : text, node.type === T.BYTES);
      if (error) report(node.at, error);
    }
  }
}

/** parser/unescape.go: the error Go's unescape gives a quoted literal the lexer accepted, if any. */
function unescapeError(quoted: string, isBytes: boolean): string | undefined {
  if (/^[rR]/.test(quoted)) return undefined;
  for (let i = 0; i < quoted.length; i++) {
    if (quoted[i] !== '\\') continue;
    const c = quoted[i + 1];
    if ((c === 'u' || c === 'U') && isBytes) return 'unable to unescape string';
    if (c === 'u' || c === 'U') {
      const n = c === 'u' ? 4 : 8;
      const value = parseInt(quoted.slice(i + 2, i + 2 + n), 16);
      if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return 'invalid unicode code point';
      i += 1 + n;
    } else if (c !== undefined && c >= '0' && c <= '3') {
      i += 3;
    } else {
      i++;
    }
  }
  return undefined;
}

