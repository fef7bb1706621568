/**
 * The types and overloads cel-go's checker gives each node of a rule, as far as the cost
 * estimator reads them (checker/cost.go getType and GetOverloadIDs): the kind of a selection's
 * operand, a list's item type, and which overload of `+`, `==`, `[]`, `in`, `matches`... a call
 * resolves to. `self` and `oldSelf` have the schema node's declaration; what the checker would
 * leave open (an int-or-string, an unknown function's result) is `dyn`, whose calls resolve to
 * every overload that accepts it.
 */
import type {DeclType} from './estimate-decl-type';
import {ACCUMULATOR, LEGACY_ACCUMULATOR, type CelType, type Expr} from './estimate-expr';

export interface Checked {
  type(expr: Expr): CelType;
  overloads(expr: Expr): readonly string[];
}

const DYN: CelType = {kind: 'dyn'};
const BOOL: CelType = {kind: 'bool'};
const INT: CelType = {kind: 'int'};
const STRING: CelType = {kind: 'string'};
const listOf = (elem: CelType): CelType => ({kind: 'list', elem});

/** The CEL type of a schema declaration (apiserver pkg/cel types.go DeclType.CelType). */
export function declCelType(decl: DeclType): CelType {
  switch (decl.kind) {
    case 'object':
      return {kind: 'struct', name: 'object', decl};
    case 'map':
      return {kind: 'map', key: STRING, value: declCelType(decl.elem!), decl};
    case 'list':
      return {kind: 'list', elem: declCelType(decl.elem!), decl};
    default:
      return {kind: decl.kind} as CelType;
  }
}

/** Result types of the functions rules call (cel-go's standard library and ext, Kubernetes' libraries). */
const RESULTS: Record<string, CelType> = {
  size: INT, contains: BOOL, startsWith: BOOL, endsWith: BOOL, matches: BOOL, '!_': BOOL, '@not_strictly_false': BOOL,
  '_==_': BOOL, '_!=_': BOOL, '_<_': BOOL, '_<=_': BOOL, '_>_': BOOL, '_>=_': BOOL, '_&&_': BOOL, '_||_': BOOL, '@in': BOOL,
  lowerAscii: STRING, upperAscii: STRING, trim: STRING, replace: STRING, substring: STRING, charAt: STRING, join: STRING, format: STRING,
  reverse: STRING, 'strings.quote': STRING, find: STRING, findAll: listOf(STRING), split: listOf(STRING),
  indexOf: INT, lastIndexOf: INT, int: INT, uint: {kind: 'uint'}, double: {kind: 'double'}, string: STRING, bytes: {kind: 'bytes'}, bool: BOOL,
  duration: {kind: 'duration'}, timestamp: {kind: 'timestamp'}, type: {kind: 'type'},
  isURL: BOOL, isIP: BOOL, isCIDR: BOOL, isQuantity: BOOL, isSemver: BOOL, isSorted: BOOL, hasValue: BOOL,
  'sets.contains': BOOL, 'sets.equivalent': BOOL, 'sets.intersects': BOOL,
  url: {kind: 'opaque', name: 'net.URL', params: []}, ip: {kind: 'opaque', name: 'net.IP', params: []}, cidr: {kind: 'opaque', name: 'net.CIDR', params: []},
  quantity: {kind: 'struct', name: 'kubernetes.Quantity'}, semver: {kind: 'struct', name: 'kubernetes.Semver'},
  getScheme: STRING, getHost: STRING, getHostname: STRING, getPort: STRING, getEscapedPath: STRING, getQuery: {kind: 'map', key: STRING, value: listOf(STRING)},
  getHours: INT, getMinutes: INT, getSeconds: INT, getMilliseconds: INT, getDayOfMonth: INT, getDayOfWeek: INT, getDayOfYear: INT,
  getDate: INT, getFullYear: INT, getMonth: INT,
  'cel.@mapInsert': {kind: 'map', key: DYN, value: DYN},
};

const maybe = (type: CelType, kind: CelType['kind']) => type.kind === kind || type.kind === 'dyn';
const isNumeric = (type: CelType) => type.kind === 'int' || type.kind === 'uint' || type.kind === 'double';

/**
 * cel-go overload ids (common/overloads) where checker/cost.go or library/cost.go tells them
 * apart; any other call resolves to one overload named after its function.
 */
function overloadsOf(fn: string, target: CelType | undefined, args: readonly CelType[]): string[] {
  const [a = DYN, b = DYN] = args;
  switch (fn) {
    case '_==_':
      return ['equals'];
    case '_!=_':
      return ['not_equals'];
    case '_<_': case '_<=_': case '_>_': case '_>=_': {
      const ids: string[] = [];
      if (maybe(a, 'string') && maybe(b, 'string')) ids.push('compare_string');
      if (maybe(a, 'bytes') && maybe(b, 'bytes')) ids.push('compare_bytes');
      if (ids.length === 0 || a.kind === 'dyn' || b.kind === 'dyn') ids.push('compare_other');
      return ids;
    }
    case '_+_': {
      const ids: string[] = [];
      if (maybe(a, 'string') && maybe(b, 'string')) ids.push('add_string');
      if (maybe(a, 'bytes') && maybe(b, 'bytes')) ids.push('add_bytes');
      if (maybe(a, 'list') && maybe(b, 'list')) ids.push('add_list');
      if (ids.length === 0 || (a.kind === 'dyn' && b.kind === 'dyn') || (isNumeric(a) || isNumeric(b))) ids.push('add_other');
      return ids;
    }
    case '_[_]': {
      const ids: string[] = [];
      if (maybe(a, 'list')) ids.push('index_list');
      if (maybe(a, 'map') || a.kind === 'struct') ids.push('index_map');
      return ids.length ? ids : ['index_other'];
    }
    case '@in': {
      const ids: string[] = [];
      if (maybe(b, 'list')) ids.push('in_list');
      if (maybe(b, 'map')) ids.push('in_map');
      return ids.length ? ids : ['in_other'];
    }
    case '_&&_':
      return ['logical_and'];
    case '_||_':
      return ['logical_or'];
    case '_?_:_':
      return ['conditional'];
    case 'matches':
      return target && maybe(target, 'string') ? ['matches_string'] : ['matches'];
    case 'contains':
      return target && maybe(target, 'string') ? ['contains_string'] : ['contains'];
    case 'startsWith':
      return ['starts_with_string'];
    case 'endsWith':
      return ['ends_with_string'];
    case 'string':
      return a.kind === 'bytes' ? ['bytes_to_string'] : ['to_string'];
    case 'bytes':
      return a.kind === 'string' ? ['string_to_bytes'] : ['to_bytes'];
    case 'format':
      return target ? ['string_format'] : ['format'];
    case 'strings.quote':
      return ['strings_quote'];
    case 'sets.contains':
      return ['list_sets_contains_list'];
    case 'sets.intersects':
      return ['list_sets_intersects_list'];
    case 'sets.equivalent':
      return ['list_sets_equivalent_list'];
    case 'ip':
      return target ? ['cidr_ip'] : ['string_to_ip'];
    case 'containsIP':
      return [a.kind === 'string' ? 'cidr_contains_ip_string' : 'cidr_contains_ip_ip'];
    case 'containsCIDR':
      return [a.kind === 'string' ? 'cidr_contains_cidr_string' : 'cidr_contains_cidr'];
  }
  return [fn];
}

function resultType(fn: string, target: CelType | undefined, args: readonly CelType[]): CelType {
  const [a = DYN, b = DYN, c = DYN] = args;
  switch (fn) {
    case '_[_]':
      return a.kind === 'list' ? a.elem : a.kind === 'map' ? a.value : DYN;
    case '_?_:_':
      return b.kind === c.kind ? b : DYN;
    case '_+_': case '_-_': case '_*_': case '_/_': case '_%_':
      return a.kind === b.kind ? a : a.kind === 'timestamp' || b.kind === 'timestamp' ? {kind: 'timestamp'} : DYN;
    case '-_':
      return a;
    case 'dyn':
      return DYN;
    case '_[?_]':
      return {kind: 'opaque', name: 'optional_type', params: [a.kind === 'list' ? a.elem : a.kind === 'map' ? a.value : DYN]};
    case 'value': case 'orValue':
      return target?.kind === 'opaque' && target.name === 'optional_type' ? target.params[0] ?? DYN : DYN;
    case 'sum': case 'min': case 'max':
      return target?.kind === 'list' ? target.elem : DYN;
  }
  return RESULTS[fn] ?? DYN;
}

function fieldType(operand: CelType, field: string): CelType {
  if (operand.kind === 'struct' && operand.fields) return operand.fields.get(field) ?? DYN;
  if (operand.kind === 'struct' && operand.decl?.fields) {
    const decl = operand.decl.fields.get(field);
    return decl ? declCelType(decl) : DYN;
  }
  if (operand.kind === 'map') return operand.value;
  return DYN;
}

/** Types every node of `root`, its free identifiers declared by `variables`. */
export function check(root: Expr, variables: ReadonlyMap<string, CelType>): Checked {
  const types = new Map<Expr, CelType>();
  const overloads = new Map<Expr, string[]>();
  const scopes = new Map<string, CelType[]>([...variables].map(([name, type]) => [name, [type]]));
  const push = (name: string, type: CelType) => scopes.set(name, [...(scopes.get(name) ?? []), type]);
  const pop = (name: string) => scopes.get(name)?.pop();

  function visit(expr: Expr): CelType {
    let type: CelType;
    switch (expr.kind) {
      case 'literal': {
        const value = expr.value;
        type = value === null ? {kind: 'null'} : typeof value === 'string' ? STRING : typeof value === 'bigint' ? INT : typeof value === 'number' ? {kind: 'double'}
          : typeof value === 'boolean' ? BOOL : value instanceof Uint8Array ? {kind: 'bytes'} : {kind: 'uint'};
        break;
      }
      case 'ident':
        type = scopes.get(expr.name)?.at(-1) ?? DYN;
        break;
      case 'select': {
        const operand = visit(expr.operand);
        type = expr.testOnly ? BOOL : fieldType(operand, expr.field);
        break;
      }
      case 'call': {
        const target = expr.target ? visit(expr.target) : undefined;
        const args = expr.args.map(visit);
        overloads.set(expr, overloadsOf(expr.fn, target, args));
        type = expr.fn === '_?._' ? {kind: 'opaque', name: 'optional_type', params: [fieldType(args[0]!, (expr.args[1] as {value?: unknown}).value as string)]} : resultType(expr.fn, target, args);
        break;
      }
      case 'list': {
        const items = expr.elements.map(visit);
        type = listOf(items.length > 0 && items.every((item) => item.kind === items[0]!.kind) ? items[0]! : DYN);
        break;
      }
      case 'map': {
        const keys = expr.entries.map(([key, value]) => [visit(key), visit(value)] as const);
        type = {kind: 'map', key: keys[0]?.[0] ?? DYN, value: keys.length > 0 && keys.every(([, v]) => v.kind === keys[0]![1].kind) ? keys[0]![1] : DYN};
        break;
      }
      case 'comprehension': {
        const range = visit(expr.iterRange);
        const accu = visit(expr.accuInit);
        push(expr.accuVar, accu);
        if (expr.iterVar2 !== undefined) {
          push(expr.iterVar, range.kind === 'list' ? INT : range.kind === 'map' ? range.key : DYN);
          push(expr.iterVar2, range.kind === 'list' ? range.elem : range.kind === 'map' ? range.value : DYN);
        } else {
          push(expr.iterVar, range.kind === 'list' ? range.elem : range.kind === 'map' ? range.key : DYN);
        }
        visit(expr.loopCondition);
        const step = visit(expr.loopStep);
        pop(expr.iterVar);
        if (expr.iterVar2 !== undefined) pop(expr.iterVar2);
        // the accumulator of map/filter grows from an empty list to the step's list
        if ((expr.accuVar === ACCUMULATOR || expr.accuVar === LEGACY_ACCUMULATOR) && accu.kind === 'list' && step.kind === 'list') {
          pop(expr.accuVar);
          push(expr.accuVar, step);
        }
        type = visit(expr.result);
        pop(expr.accuVar);
        break;
      }
    }
    types.set(expr, type);
    return type;
  }
  visit(root);
  return {type: (expr) => types.get(expr) ?? DYN, overloads: (expr) => overloads.get(expr) ?? []};
}
