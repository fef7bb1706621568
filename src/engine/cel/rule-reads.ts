/**
 * What a schema node's rules read of `self`, as paths, from cel-js's parsed trees. A rule's
 * verdict and cost depend only on what it reads, so two values that agree on those paths get
 * the same verdict: an HTTPRoute rule reads of its `filters` only which redirect or rewrite
 * fields are set, of its `backendRefs` their count and their own filters, of its `matches` the
 * first one's path type. Every route with the usual matches and filters then shares one
 * verdict, whatever services it sends to (passed-values.ts builds the key from the shape).
 *
 * The analysis is conservative: any use of a part of `self` other than selecting a field,
 * testing its presence, indexing a list by a constant, taking a list's size or iterating its
 * items with a macro reads that part whole (its value is keyed as it is written).
 */
import {PRESENCE_TEST} from './adapt-source';
import type {SchemaNode} from '../schema/schema-node';
import {isConvertedFormat} from './cel-value';

/** cel-js's tree node (parser.js ASTNode), as far as the analysis reads it. */
interface AstNode {
  op: string;
  args: unknown;
  readonly meta?: {alternate?: {op?: string}};
}

/** What the rules read of one value: all of it, some named fields (or only whether they are set), a list's size and items. */
interface Access {
  whole: boolean;
  /** Compared with `==`, `!=` or `in` with other parts read so, or with constants, and used in no other way. */
  compared: boolean;
  fields: Map<string, Access | 'presence'>;
  /** Items read (by a macro or a constant index); the size is read too then. */
  items?: Access;
  size: boolean;
}

const newAccess = (): Access => ({whole: false, compared: false, fields: new Map(), size: false});

/**
 * The part of a value a verdict depends on, against the schema node that types it: the value
 * as written (`whole`), nothing (`none`: only whether it is set, which the parent keys), named
 * fields of an object (each by presence, or by presence and its own shape), a list's size
 * and what is read of each item, a map's keys, or a string only compared (by what it equals).
 */
export type ReadShape =
  | {kind: 'whole'}
  | {kind: 'none'}
  | {kind: 'compared'; constants: ReadonlySet<string>}
  | {kind: 'fields'; node: SchemaNode; fields: ReadonlyArray<readonly [name: string, shape: ReadShape | 'presence']>}
  | {kind: 'items'; item: ReadShape}
  | {kind: 'keys'; node: SchemaNode};

const WHOLE: ReadShape = {kind: 'whole'};
const NONE: ReadShape = {kind: 'none'};

/** The shape read of `self` at `node` by rules parsed into `trees`; undefined for a tree missing (a rule that did not compile reads it whole). */
export function readShape(node: SchemaNode, trees: readonly (unknown | undefined)[]): ReadShape {
  const self = newAccess();
  const constants = new Set<string>();
  for (const tree of trees) {
    if (tree === undefined) return WHOLE;
    readWhole(visit(tree as AstNode, new Map([['self', self]])));
    collectStrings(tree as AstNode, constants);
  }
  return shapeOf(self, node, {kind: 'compared', constants});
}

/** Every string constant of a rule: a string compared with one of them is keyed as it is, any other by what it equals. */
function collectStrings(node: AstNode, into: Set<string>): void {
  if (node.op === 'value') {
    if (typeof node.args === 'string') into.add(node.args);
  } else for (const child of children(node)) collectStrings(child, into);
}

/** The value of an expression is used as it is: everything below it is read. */
function readWhole(access: Access | undefined): void {
  if (access) access.whole = true;
}

function fieldOf(access: Access, field: string): Access {
  const known = access.fields.get(field);
  if (known !== undefined && known !== 'presence') return known;
  const child = newAccess();
  access.fields.set(field, child);
  return child;
}

function itemsOf(access: Access): Access {
  access.size = true;
  return (access.items ??= newAccess());
}

const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null && typeof (value as AstNode).op === 'string';

/** Every child expression of a node (its args, through arrays), not its macro expansion. */
function children(node: AstNode): AstNode[] {
  if (node.op === 'value') return [];
  const found: AstNode[] = [];
  const collect = (arg: unknown): void => {
    if (isNode(arg)) found.push(arg);
    else if (Array.isArray(arg)) arg.forEach(collect);
  };
  collect(node.args);
  return found;
}

/** Reads an expression; returns the part of `self` it evaluates to, when it is one (the caller decides how it is used). */
function visit(node: AstNode, scope: ReadonlyMap<string, Access | undefined>): Access | undefined {
  switch (node.op) {
    case 'id':
      return scope.get(node.args as string);
    case '.': {
      const [operand, field] = node.args as [AstNode, string];
      const access = visit(operand, scope);
      return access && fieldOf(access, field);
    }
    case '[]': {
      const [operand, key] = node.args as [AstNode, AstNode];
      const access = visit(operand, scope);
      readWhole(visit(key, scope));
      if (!access) return undefined;
      if (key.op === 'value' && typeof key.args === 'bigint') return itemsOf(access);
      if (key.op === 'value' && typeof key.args === 'string') return fieldOf(access, key.args);
      readWhole(access);
      return undefined;
    }
    case '==':
    case '!=':
    case 'in':
      return visitComparison(node, scope);
    case 'call':
      return visitCall(node, scope);
    case 'rcall':
      return visitMethod(node, scope);
    default:
      for (const child of children(node)) readWhole(visit(child, scope));
      return undefined;
  }
}

/**
 * An equality, or membership in a list of constants, between parts of `self` and constants:
 * its result depends only on which of those parts are equal and on the constants they equal,
 * and its cost (call-cost.ts operatorCharge) only on each string's size. Any other operand
 * (a computed value, a list that is read) reads the parts whole.
 */
function visitComparison(node: AstNode, scope: ReadonlyMap<string, Access | undefined>): undefined {
  const [left, right] = node.args as [AstNode, AstNode];
  const operands = node.op === 'in' ? [left] : [left, right];
  const constant = node.op === 'in' ? right.op === 'list' && (right.args as AstNode[]).every((item) => item.op === 'value') : true;
  const accesses = operands.map((operand) => visit(operand, scope));
  const comparable = constant && operands.every((operand, i) => accesses[i] !== undefined || operand.op === 'value');
  for (const access of accesses) if (access) comparable ? (access.compared = true) : readWhole(access);
  if (node.op === 'in' && !constant) readWhole(visit(right, scope));
  return undefined;
}

/** has(e.f) (the macro, or its rewriting by adapt-source.ts) reads whether f is set; size(e) reads a list's size. */
function visitCall(node: AstNode, scope: ReadonlyMap<string, Access | undefined>): undefined {
  const [name, argNodes] = node.args as [string, AstNode[]];
  let operand: AstNode | undefined;
  let field: string | undefined;
  if (name === 'has' && argNodes.length === 1 && argNodes[0]!.op === '.') [operand, field] = argNodes[0]!.args as [AstNode, string];
  else if (name === PRESENCE_TEST && argNodes.length === 2 && argNodes[1]!.op === 'value' && typeof argNodes[1]!.args === 'string') [operand, field] = [argNodes[0]!, argNodes[1]!.args];
  if (operand && field !== undefined) {
    const access = visit(operand, scope);
    if (access && !access.fields.has(field)) access.fields.set(field, 'presence');
    return undefined;
  }
  if (name === 'size' && argNodes.length === 1) {
    const access = visit(argNodes[0]!, scope);
    if (access) access.size = true;
    return undefined;
  }
  for (const child of argNodes) readWhole(visit(child, scope));
  return undefined;
}

/**
 * `e.size()`, and the macros over a list's items (`all`, `exists`, `exists_one`, `filter`,
 * `map`), whose variable then names each item. `filter` evaluates to some of the items
 * themselves, so what is read of its result is read of the list.
 */
function visitMethod(node: AstNode, scope: ReadonlyMap<string, Access | undefined>): Access | undefined {
  const [name, receiverNode, argNodes] = node.args as [string, AstNode, AstNode[]];
  const receiver = visit(receiverNode, scope);
  if (name === 'size' && argNodes.length === 0) {
    if (receiver) receiver.size = true;
    return undefined;
  }
  const variable = argNodes[0];
  if (node.meta?.alternate?.op === 'comprehension' && variable?.op === 'id') {
    const inner = new Map(scope).set(variable.args as string, receiver && itemsOf(receiver));
    for (const child of argNodes.slice(1)) readWhole(visit(child, inner));
    return name === 'filter' ? receiver : undefined;
  }
  readWhole(receiver);
  for (const child of argNodes) readWhole(visit(child, scope));
  return undefined;
}

/** A map of any keys (no named properties), with nothing unknown kept: its keys are all a macro ranges over. */
const isMap = (node: SchemaNode): boolean =>
  node.type === 'object' && node.properties === undefined && typeof node.additionalProperties === 'object' && node['x-kubernetes-preserve-unknown-fields'] !== true;

/**
 * The access against the schema: fields only on an object with those properties (pruning and
 * nullability are the schema's, see passed-values.ts), items and size only on a list; anything
 * else (a map's keys, a string's size, a field the schema lacks) reads the value whole.
 */
function shapeOf(access: Access, node: SchemaNode | undefined, compared: ReadShape): ReadShape {
  const structural = access.size || access.items !== undefined || access.fields.size > 0;
  if (access.whole || (access.compared && structural)) return WHOLE;
  // a string by what it equals (passed-values.ts); anything else by its value, a timestamp, duration or bytes too
  // (cel-value.ts: two spellings of one instant, "1h" and "60m", are equal)
  if (access.compared) return node?.type === 'string' && !isConvertedFormat(node.format) ? compared : WHOLE;
  if (node === undefined) return structural ? WHOLE : NONE;
  if (access.size || access.items) {
    if (access.fields.size > 0) return WHOLE;
    // a map's size and macros read its keys alone (`self.all(key, !key.contains("*"))` on matchLabels)
    if (isMap(node)) return {kind: 'keys', node};
    if (node.type !== 'array' || node.items === undefined) return WHOLE;
    return {kind: 'items', item: access.items ? shapeOf(access.items, node.items, compared) : NONE};
  }
  if (access.fields.size === 0) return NONE;
  const properties = node.properties;
  if (node.type !== 'object' || properties === undefined || node['x-kubernetes-preserve-unknown-fields'] === true) return WHOLE;
  const fields: [string, ReadShape | 'presence'][] = [];
  for (const [field, read] of access.fields) {
    if (!Object.hasOwn(properties, field)) return WHOLE;
    fields.push([field, read === 'presence' ? read : shapeOf(read, properties[field], compared)]);
  }
  fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {kind: 'fields', node, fields};
}
