/**
 * cel-go v0.23.2's type checker (checker/checker.go, checker/types.go, checker/errors.go) over a
 * rule's tree, for a CRD rule's environment: each node typed, each call resolved against its
 * function's overloads (check-declarations.ts) with type parameters unified as cel-go unifies
 * them, and every issue cel-go reports with its wording, at the node's location (Expr's `at`).
 *
 * A function the environment declares whose overloads are not written (isUnmodelled) is typed
 * `unknown`: it behaves as dyn and nothing depending on it is refused, so what is not modelled
 * never turns into a false refusal.
 */
import {DECLARATIONS, isUnmodelled, overloadId} from './check-declarations';
import type {DeclType} from './estimate-decl-type';
import type {Expr} from './estimate-expr';
import {CEL_RESERVED} from './escaping';
import {MESSAGE} from './go-syntax';
import {wellKnownMessage} from './well-known-messages';

type Kind = 'bool' | 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'null' | 'duration' | 'timestamp' | 'dyn' | 'error' | 'unknown'
  | 'list' | 'map' | 'type' | 'opaque' | 'struct' | 'param';

/** A cel-go type: `name` for a struct, an opaque type or a type parameter; `decl` for a schema object's fields. */
export interface CheckType {
  kind: Kind;
  name?: string;
  params: readonly CheckType[];
  decl?: DeclType;
  /** A protobuf wrapper (types.NewNullableType): its primitive's kind, and null fits too. */
  wrapper?: true;
}

const simple = (kind: Kind): CheckType => ({kind, params: []});
const DYN = simple('dyn');
const ERROR = simple('error');
const BOOL = simple('bool');
const INT = simple('int');
const UNKNOWN = simple('unknown');
const listOf = (elem: CheckType): CheckType => ({kind: 'list', params: [elem]});
const optionalOf = (value: CheckType): CheckType => ({kind: 'opaque', name: 'optional_type', params: [value]});

export interface CheckIssue {
  /** Offset into the source (undefined for a node without a location). */
  at: number | undefined;
  message: string;
}

/**
 * The CEL type of a schema declaration with the names compilation.go gives its objects
 * (types.go MaybeAssignTypeName: the root `selfType<nanoseconds>`, a field's object
 * `<parent>.<field>`, a list's items `.@idx`, a map's values `.@elem`). The nanoseconds, which no
 * other program can reproduce, are written `…`.
 */
export function schemaCheckType(decl: DeclType, name = 'selfType…'): CheckType {
  switch (decl.kind) {
    case 'object':
      return {kind: 'struct', name, params: [], decl};
    case 'map':
      return {kind: 'map', params: [simple('string'), schemaCheckType(decl.elem!, `${name}.@elem`)]};
    case 'list':
      return listOf(schemaCheckType(decl.elem!, `${name}.@idx`));
    default:
      return simple(decl.kind);
  }
}

/** checker/format.go FormatCELType. */
export function formatType(type: CheckType): string {
  if (type.wrapper) return `wrapper(${type.kind})`;
  switch (type.kind) {
    case 'error':
      return '!error!';
    case 'unknown':
      return 'dyn';
    case 'param': case 'struct':
      return type.name!;
    case 'list': case 'map': case 'type': case 'opaque': {
      const name = type.kind === 'opaque' ? type.name! : type.kind;
      return type.params.length === 0 ? name : `${name}(${type.params.map(formatType).join(', ')})`;
    }
  }
  return type.kind;
}

// ---- signatures ----

interface Overload {
  /** Its id as the cost estimators read it (check-declarations.ts overloadId). */
  id: string;
  receiver?: CheckType;
  args: CheckType[];
  result: CheckType;
  params: string[];
}

const SCALAR_NAMES = new Set<string>(['bool', 'int', 'uint', 'double', 'string', 'bytes', 'null', 'duration', 'timestamp', 'dyn']);

/** Reads one type of a signature, e.g. `map(A, list(string))`. */
function parseType(text: string, params: Set<string>): CheckType {
  const open = text.indexOf('(');
  const head = open < 0 ? text : text.slice(0, open);
  const inner = open < 0 ? [] : splitTop(text.slice(open + 1, -1)).map((part) => parseType(part, params));
  if (/^[A-Z]$/.test(head)) {
    params.add(head);
    return {kind: 'param', name: head, params: []};
  }
  if (head === 'list' || head === 'map' || head === 'type') return {kind: head, params: inner};
  if (SCALAR_NAMES.has(head)) return simple(head as Kind);
  return {kind: 'opaque', name: head, params: inner};
}

/** Splits at the commas outside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.trim() !== '') parts.push(text.slice(start).trim());
  return parts;
}

function parseOverload(fn: string, signature: string): Overload {
  const [call, result] = signature.split(' -> ') as [string, string];
  const params = new Set<string>();
  const member = /^(.+)\.\((.*)\)$/.exec(call);
  const args = member ? member[2]! : call.slice(1, -1);
  return {
    id: overloadId(fn, signature),
    ...(member ? {receiver: parseType(member[1]!, params)} : {}),
    args: splitTop(args).map((arg) => parseType(arg, params)),
    result: parseType(result, params),
    params: [...params],
  };
}

const overloadTable = new Map<string, Overload[]>();
function overloadsOf(fn: string): Overload[] | undefined {
  let table = overloadTable.get(fn);
  if (!table && Object.hasOwn(DECLARATIONS, fn)) {
    table = DECLARATIONS[fn]!.map((signature) => parseOverload(fn, signature));
    overloadTable.set(fn, table);
  }
  return table;
}

// ---- unification (checker/types.go) ----

/** Type parameters' bindings; only `set` and `get` are used, so a trial can be undone. */
interface Mapping {
  get(name: string): CheckType | undefined;
  set(name: string, type: CheckType): unknown;
}

/**
 * The checker's bindings with an undo log: cel-go copies its mapping for each trial assignment,
 * which is quadratic in a long rule; undoing a failed trial's bindings gives the same answers.
 */
class Bindings implements Mapping {
  private readonly map = new Map<string, CheckType>();
  private readonly log: Array<[string, CheckType | undefined]> = [];
  get(name: string): CheckType | undefined {
    return this.map.get(name);
  }
  set(name: string, type: CheckType): void {
    this.log.push([name, this.map.get(name)]);
    this.map.set(name, type);
  }
  /** Runs `attempt`; keeps its bindings when it succeeds, undoes them when it fails. */
  trial(attempt: () => boolean): boolean {
    const mark = this.log.length;
    if (attempt()) {
      if (mark === 0) this.log.length = 0;
      return true;
    }
    while (this.log.length > mark) {
      const [name, previous] = this.log.pop()!;
      if (previous === undefined) this.map.delete(name);
      else this.map.set(name, previous);
    }
    return false;
  }
}

const isDynOrError = (type: CheckType) => type.kind === 'dyn' || type.kind === 'error' || type.kind === 'unknown';

function exact(a: CheckType, b: CheckType): boolean {
  return a.kind === b.kind && a.name === b.name && a.params.length === b.params.length && a.params.every((param, i) => exact(param, b.params[i]!));
}

function isEqualOrLessSpecific(a: CheckType, b: CheckType): boolean {
  if (isDynOrError(a) || a.kind === 'param') return true;
  if (isDynOrError(b) || b.kind === 'param') return false;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'type') return true;
  if (a.kind === 'list' || a.kind === 'map' || a.kind === 'opaque') {
    return a.name === b.name && a.params.length === b.params.length && a.params.every((param, i) => isEqualOrLessSpecific(param, b.params[i]!));
  }
  return exact(a, b);
}

const mostGeneral = (a: CheckType, b: CheckType) => (isEqualOrLessSpecific(a, b) ? a : b);

function notReferencedIn(m: Mapping, param: CheckType, within: CheckType): boolean {
  if (exact(param, within)) return false;
  if (within.kind === 'param') {
    const bound = m.get(within.name!);
    return bound ? notReferencedIn(m, param, bound) : true;
  }
  return within.params.every((inner) => notReferencedIn(m, param, inner));
}

function validSubstitution(m: Mapping, t1: CheckType, t2: CheckType): [valid: boolean, hasSub: boolean] {
  if (exact(t1, t2)) return [true, true];
  const bound = m.get(t2.name!);
  if (bound) {
    if (exact(t1, bound)) return [true, true];
    if (assignable(m, t1, bound)) {
      const general = mostGeneral(t1, bound);
      if (notReferencedIn(m, t2, general)) m.set(t2.name!, general);
      return [true, true];
    }
    return [false, true];
  }
  if (notReferencedIn(m, t2, t1)) {
    m.set(t2.name!, t1);
    return [true, false];
  }
  return [false, false];
}

/** types.go isLegacyNullable, and the types null is assignable to. */
const nullable = (type: CheckType) => type.wrapper === true || ['opaque', 'struct', 'duration', 'timestamp', 'null'].includes(type.kind);

/** types.go internalIsAssignable: whether a value of t2 fits where t1 is wanted, binding type parameters in `m`. */
function assignable(m: Mapping, t1: CheckType, t2: CheckType): boolean {
  if (t2.kind === 'param') {
    const [valid, hasSub] = validSubstitution(m, t1, t2);
    if (valid) return true;
    if (hasSub) return false;
  }
  if (t1.kind === 'param') return validSubstitution(m, t2, t1)[0];
  if (isDynOrError(t1) || isDynOrError(t2)) return true;
  if (t1.kind === 'null') return nullable(t2);
  if (t2.kind === 'null') return nullable(t1);
  switch (t1.kind) {
    case 'type':
      return t2.kind === 'type';
    case 'opaque': case 'list': case 'map':
      return t1.kind === t2.kind && t1.name === t2.name && t1.params.length === t2.params.length && t1.params.every((param, i) => assignable(m, param, t2.params[i]!));
  }
  return t1.kind === t2.kind && t1.name === t2.name;
}

function substitute(m: Mapping, type: CheckType, paramToDyn: boolean): CheckType {
  if (type.kind === 'param') {
    const bound = m.get(type.name!);
    if (bound) return substitute(m, bound, paramToDyn);
    return paramToDyn ? DYN : type;
  }
  if (type.params.length === 0) return type;
  return {...type, params: type.params.map((param) => substitute(m, param, paramToDyn))};
}

// ---- the checker ----

/** Identifiers cel-go declares for its type names (checker/types.go, common/types), typed `type(T)`. */
const TYPE_NAMES: Record<string, CheckType> = Object.fromEntries(
  (['int', 'uint', 'double', 'bool', 'string', 'bytes', 'null_type', 'dyn', 'list', 'map', 'type', 'optional_type'] as const).map((name) => {
    const of = name === 'null_type' ? simple('null') : name === 'list' ? listOf(DYN) : name === 'map' ? {kind: 'map' as const, params: [DYN, DYN]}
      : name === 'type' ? simple('type') : name === 'optional_type' ? optionalOf(DYN) : simple(name);
    return [name, {kind: 'type' as const, params: [of]}];
  }),
);

/** A well-known message's type as well-known-messages.ts writes it: `unknown` unmodelled, `wrapper(T)`, a dotted name a message. */
function messageCheckType(text: string): CheckType {
  if (text === 'unknown') return UNKNOWN;
  const wrapped = /^wrapper\((\w+)\)$/.exec(text);
  if (wrapped) return {...simple(wrapped[1] as Kind), wrapper: true};
  if (text.includes('.')) return {kind: 'struct', name: text, params: []};
  return parseType(text, new Set());
}

/** types.Type DeclaredTypeName: a struct's or opaque type's name, else its kind's. */
function declaredTypeName(type: CheckType): string {
  if (type.kind === 'struct' || type.kind === 'opaque' || type.kind === 'param') return type.name!;
  return type.kind === 'null' ? 'null_type' : type.kind === 'unknown' ? 'dyn' : type.kind;
}

/** What the checker's reference map holds for a call: the function it names and the overloads it resolves to. */
export interface Reference {
  /** A function named by a qualified name (`ip.isCanonical`) has its target read as part of its name. */
  fn: string;
  qualified: boolean;
  /** Ids of every overload the arguments fit; none for a function left unjudged, an undeclared one or an optional selection. */
  overloads: readonly string[];
}

export interface CheckResult {
  issues: CheckIssue[];
  /** The expression's type, `unknown` when it depends on a function this checker does not declare. */
  type: CheckType;
  /** The type map: a node's type, its type parameters substituted (those left free as dyn), as checker.go Check leaves it. */
  typeOf(expr: Expr): CheckType;
  /** The reference map's entry for a call. */
  reference(expr: Expr): Reference | undefined;
}

/** Type-checks `root` with its free variables declared by `variables`. */
export function typeCheck(root: Expr, variables: ReadonlyMap<string, CheckType>): CheckResult {
  const issues: CheckIssue[] = [];
  const types = new Map<Expr, CheckType>();
  const references = new Map<Expr, Reference>();
  const scopes: Array<Map<string, CheckType>> = [new Map(variables)];
  const mappings = new Bindings();
  let freeVars = 0;
  const report = (expr: Expr, message: string) => issues.push({at: expr.at, message});
  const typeOf = (expr: Expr) => types.get(expr) ?? DYN;
  const set = (expr: Expr, type: CheckType) => types.set(expr, type);
  const newTypeVar = (): CheckType => ({kind: 'param', name: `_var${freeVars++}`, params: []});
  const tryAssign = (t1: CheckType, t2: CheckType): boolean => {
    return mappings.trial(() => assignable(mappings, t1, t2));
  };
  const lookup = (name: string): CheckType | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = scopes[i]!.get(name);
      if (found) return found;
    }
    return TYPE_NAMES[name];
  };

  function check(expr: Expr): void {
    switch (expr.kind) {
      case 'literal': {
        const value = expr.value;
        set(expr, simple(value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'bigint' ? 'int' : typeof value === 'number' ? 'double'
          : typeof value === 'boolean' ? 'bool' : value instanceof Uint8Array ? 'bytes' : 'uint'));
        return;
      }
      case 'ident': {
        const found = lookup(expr.name);
        if (found) return void set(expr, found);
        report(expr, `undeclared reference to '${expr.leadingDot ? '.' : ''}${expr.name}' (in container '')`);
        return void set(expr, ERROR);
      }
      case 'select': {
        const field = selectField(expr, expr.operand, expr.field, false);
        return void set(expr, expr.testOnly ? BOOL : substitute(mappings, field, false));
      }
      case 'call':
        return checkCall(expr);
      case 'list': {
        let elem: CheckType | undefined;
        expr.elements.forEach((element, i) => {
          check(element);
          elem = joinTypes(element, elem, optionalItem(element, expr.optionalIndices, i));
        });
        return void set(expr, listOf(elem ?? newTypeVar()));
      }
      case 'map': {
        let key: CheckType | undefined;
        let value: CheckType | undefined;
        expr.entries.forEach(([k, v], i) => {
          check(k);
          key = joinTypes(k, key, typeOf(k));
          check(v);
          value = joinTypes(v, value, optionalItem(v, expr.optionalIndices, i));
        });
        return void set(expr, {kind: 'map', params: key ? [key, value!] : [newTypeVar(), newTypeVar()]});
      }
      case 'comprehension':
        return checkComprehension(expr);
    }
  }

  /**
   * checker.go checkCreateList, checkCreateMap, checkCreateStruct: the type an item gives its
   * aggregate; one written `?e` must be optional_type(T) (or dyn), and gives T.
   */
  function optionalItem(item: Expr, optionalIndices: readonly number[] | undefined, index: number): CheckType {
    const type = typeOf(item);
    if (!optionalIndices?.includes(index)) return type;
    const actual = substitute(mappings, type, false);
    if (actual.kind === 'opaque' && actual.name === 'optional_type') return actual.params[0]!;
    if (!isDynOrError(actual)) report(item, `expected type '${formatType(optionalOf(actual))}' but found '${formatType(actual)}'`);
    return actual;
  }

  /**
   * checker.go checkCreateStruct for `Name{fields}`. Kubernetes declares no message type a rule can
   * name (its schema types' names are not reproducible: schemaCheckType), so a name is undeclared,
   * a variable is not a type, a CEL type is not a message type; a protobuf well-known message
   * (well-known-messages.ts) has its CEL type, and each field the proto field's type, placed at
   * the field's colon as parser.go places the initializer.
   */
  function checkMessage(expr: Extract<Expr, {kind: 'call'}>): void {
    const name = expr.args[0]?.kind === 'literal' ? String(expr.args[0].value) : '';
    const fields = expr.args[1]?.kind === 'map' ? expr.args[1] : undefined;
    const found = lookup(name);
    const message = found ? undefined : wellKnownMessage(name);
    if (!found && !message) {
      report(expr, `undeclared reference to '${name}' (in container '')`);
      return void set(expr, ERROR);
    }
    if (found && found.kind !== 'type') report(expr, `'${declaredTypeName(found)}' is not a type`);
    else if (found) report(expr, `'${declaredTypeName(found.params[0]!)}' is not a message type`);
    set(expr, message ? messageCheckType(message.type) : ERROR);
    fields?.entries.forEach(([key, value], i) => {
      check(value);
      const valueType = optionalItem(value, fields.optionalIndices, i);
      if (!message || key.kind !== 'literal') return;
      const field = String(key.value);
      const declared = message.fields[field];
      if (declared === undefined) return void report(key, `undefined field '${field}'`);
      const fieldType = messageCheckType(declared);
      if (!tryAssign(fieldType, valueType)) {
        report(key, `expected type of field '${field}' is '${formatType(fieldType)}' but provided type is '${formatType(substitute(mappings, valueType, false))}'`);
      }
    });
  }

  /** checker.go joinTypes, with HomogeneousAggregateLiterals (Kubernetes' base environment): every element of a literal one type. */
  function joinTypes(expr: Expr, previous: CheckType | undefined, current: CheckType): CheckType {
    if (!previous) return current;
    if (tryAssign(previous, current)) return mostGeneral(previous, current);
    report(expr, `expected type '${formatType(previous)}' but found '${formatType(current)}'`);
    return ERROR;
  }

  /** checker.go checkSelectField. */
  function selectField(expr: Expr, operand: Expr, field: string, optional: boolean): CheckType {
    check(operand);
    let target = substitute(mappings, typeOf(operand), false);
    let isOptional = false;
    if (target.kind === 'opaque' && target.name === 'optional_type') {
      target = target.params[0]!;
      isOptional = true;
    }
    let result: CheckType = ERROR;
    if (target.kind === 'map') result = target.params[1]!;
    else if (target.kind === 'struct') {
      const fields = target.decl?.fields;
      // a reserved word's property is `__word__`, which selection also finds by the bare word (types.go recognizeKeywordAsFieldName, on from 1.31)
      const decl = fields?.get(field) ?? (CEL_RESERVED.has(field) ? fields?.get(`__${field}__`) : undefined);
      if (decl) result = schemaCheckType(decl, `${target.name}.${field}`);
      else report(expr, `undefined field '${field}'`);
    } else if (target.kind === 'param') {
      tryAssign(DYN, target);
      result = DYN;
    } else {
      if (!isDynOrError(target)) report(expr, `type '${formatType(target)}' does not support field selection`);
      result = target.kind === 'unknown' ? UNKNOWN : DYN;
    }
    return isOptional || optional ? optionalOf(result) : result;
  }

  /** The dotted name a target spells (`ip` in `ip.isCanonical(x)`), as containers.ToQualifiedName reads it. */
  function qualifiedName(expr: Expr): string | undefined {
    if (expr.kind === 'ident') return expr.name;
    if (expr.kind === 'select' && !expr.testOnly) {
      const operand = qualifiedName(expr.operand);
      return operand === undefined ? undefined : `${operand}.${expr.field}`;
    }
    return undefined;
  }

  function checkCall(expr: Extract<Expr, {kind: 'call'}>): void {
    if (expr.fn === MESSAGE) return checkMessage(expr);
    if (expr.fn === '_?._') {
      const field = expr.args[1]?.kind === 'literal' && typeof expr.args[1].value === 'string' ? expr.args[1].value : undefined;
      if (field === undefined) return void set(expr, ERROR);
      return void set(expr, substitute(mappings, selectField(expr, expr.args[0]!, field, true), false));
    }
    for (const arg of expr.args) check(arg);
    let target = expr.target;
    let fn = expr.fn;
    if (target) {
      // checker.go checkCall: `a.b.f(x)` is the function `a.b.f` when the environment declares
      // one (whatever `a` names), else `f` called on `a.b`, so an undeclared `math.greatest(1, 2)`
      // is two undeclared references, `math` and `greatest`
      const qualified = qualifiedName(target);
      if (qualified !== undefined && (overloadsOf(`${qualified}.${fn}`) || isUnmodelled(`${qualified}.${fn}`))) {
        fn = `${qualified}.${fn}`;
        target = undefined;
      } else {
        check(target);
      }
    }
    const overloads = overloadsOf(fn);
    let ids: readonly string[] = [];
    if (overloads) ids = resolve(expr, fn, overloads, target);
    else if (isUnmodelled(fn)) set(expr, UNKNOWN);
    else {
      report(expr, `undeclared reference to '${expr.leadingDot ? '.' : ''}${fn}' (in container '')`);
      set(expr, ERROR);
    }
    references.set(expr, {fn, qualified: fn !== expr.fn, overloads: ids});
  }

  /**
   * checker.go resolveOverload: every overload the arguments fit, their results joined (dyn when
   * they differ); returns the fitting overloads' ids.
   */
  function resolve(expr: Expr, fn: string, overloads: readonly Overload[], target: Expr | undefined): string[] {
    const argExprs = expr.kind === 'call' ? expr.args : [];
    const argTypes = [...(target ? [typeOf(target)] : []), ...argExprs.map(typeOf)];
    const ids = new Set<string>();
    if (argTypes.some((type) => type.kind === 'unknown') && fn !== '_&&_' && fn !== '_||_') {
      // what cel-go resolves here depends on a type this checker does not know: every overload
      // an unknown (as dyn) fits is referenced, nothing is bound and the result stays unknown
      mappings.trial(() => {
        matching(overloads, target, argTypes, (overload) => ids.add(overload.id));
        return false;
      });
      set(expr, UNKNOWN);
      return [...ids];
    }
    if (fn === '_&&_' || fn === '_||_') {
      let failed = false;
      argExprs.forEach((arg, i) => {
        if (!tryAssign(argTypes[i]!, BOOL)) {
          report(arg, `expected type 'bool' but found '${formatType(argTypes[i]!)}'`);
          failed = true;
        }
      });
      set(expr, failed ? ERROR : BOOL);
      return overloads.map((overload) => overload.id);
    }
    let result: CheckType | undefined;
    matching(overloads, target, argTypes, (overload, fnResult) => {
      ids.add(overload.id);
      if (result === undefined) result = fnResult;
      else if (result.kind !== 'dyn' && !exact(fnResult, result)) result = DYN;
    });
    if (result === undefined) {
      const shown = argTypes.map((type) => formatType(substitute(mappings, type, true)));
      const signature = target ? `${shown[0]}.(${shown.slice(1).join(', ')})` : `(${shown.join(', ')})`;
      report(expr, `found no matching overload for '${fn}' applied to '${signature}'`);
    }
    set(expr, result ?? ERROR);
    return [...ids];
  }

  /** Calls `found` with each overload the arguments fit, binding their type parameters, and its result. */
  function matching(overloads: readonly Overload[], target: Expr | undefined, argTypes: readonly CheckType[], found: (overload: Overload, result: CheckType) => void): void {
    for (const overload of overloads) {
      if ((target === undefined) !== (overload.receiver === undefined)) continue;
      const fresh = new Map(overload.params.map((param) => [param, newTypeVar()]));
      const candidates = [...(overload.receiver ? [overload.receiver] : []), ...overload.args].map((type) => substitute(fresh, type, false));
      if (candidates.length !== argTypes.length) continue;
      if (!mappings.trial(() => candidates.every((candidate, i) => assignable(mappings, argTypes[i]!, candidate)))) continue;
      found(overload, substitute(mappings, substitute(fresh, overload.result, false), false));
    }
  }

  /** checker.go checkComprehension. */
  function checkComprehension(expr: Extract<Expr, {kind: 'comprehension'}>): void {
    check(expr.iterRange);
    check(expr.accuInit);
    const range = substitute(mappings, typeOf(expr.iterRange), false);
    const accu = typeOf(expr.accuInit);
    scopes.push(new Map([[expr.accuVar, accu]]));
    let first: CheckType;
    let second: CheckType | undefined;
    const two = expr.iterVar2 !== undefined;
    switch (range.kind) {
      case 'list':
        first = two ? INT : range.params[0]!;
        second = two ? range.params[0] : undefined;
        break;
      case 'map':
        first = range.params[0]!;
        second = two ? range.params[1] : undefined;
        break;
      case 'dyn': case 'error': case 'param': case 'unknown':
        tryAssign(DYN, range);
        first = range.kind === 'unknown' ? UNKNOWN : DYN;
        second = two ? first : undefined;
        break;
      default:
        report(expr.iterRange, `expression of type '${formatType(range)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
        first = ERROR;
        second = two ? ERROR : undefined;
    }
    scopes.push(new Map([[expr.iterVar, first], ...(two ? [[expr.iterVar2!, second!] as const] : [])]));
    check(expr.loopCondition);
    assertType(expr.loopCondition, BOOL);
    check(expr.loopStep);
    assertType(expr.loopStep, accu);
    scopes.pop();
    check(expr.result);
    scopes.pop();
    set(expr, substitute(mappings, typeOf(expr.result), false));
  }

  function assertType(expr: Expr, wanted: CheckType): void {
    const actual = typeOf(expr);
    if (actual.kind === 'unknown') return;
    if (!tryAssign(wanted, actual)) report(expr, `expected type '${formatType(wanted)}' but found '${formatType(actual)}'`);
  }

  check(root);
  const final = new Map<Expr, CheckType>();
  const finalType = (expr: Expr): CheckType => {
    let type = final.get(expr);
    if (!type) final.set(expr, (type = substitute(mappings, typeOf(expr), true)));
    return type;
  };
  return {issues, type: finalType(root), typeOf: finalType, reference: (expr) => references.get(expr)};
}
