/**
 * Linkerd 2.20's ServiceProfile webhook (linkerd-sp-validator.linkerd.io, controller/sp-validator
 * webhook.go AdmitSP), which denies with the error of pkg/profiles/profiles.go Validate:
 *
 * 1. `yaml.UnmarshalStrict` (sigs.k8s.io/yaml v1.6.0: encoding/json with DisallowUnknownFields)
 *    of the object into controller/gen/apis/serviceprofile/v1alpha2 types.go. The CRD lets through
 *    what those types cannot hold: unknown fields inside the conditions' `all`/`any`/`not` items
 *    (the CRD preserves them), `condition.not` and `opaquePorts` as the CRD's arrays (Go reads an
 *    object and a map), negative numbers into uint32s. encoding/json keeps its first error, in the
 *    order of the object's keys as the API server serialises them (sorted).
 * 2. Validate's checks on routes, conditions, response classes and the retry budget.
 *
 * Not read: metadata (the API server checked it), dstOverrides' weights (the CRD's pattern).
 */
import {parseGoDurationStrict} from '../../../go/time-duration';
import {joinPointer as at} from '../../../pointer';
import {deny, isObj, type Obj} from './deny';

type GoType =
  | {kind: 'struct'; name: string; fields: Record<string, () => GoType>}
  | {kind: 'slice'; of: () => GoType}
  | {kind: 'ptr'; to: () => GoType}
  | {kind: 'string' | 'bool' | 'uint32' | 'float32' | 'opaque'}
  | {kind: 'map'; type: string};

const string: GoType = {kind: 'string'};
const bool: GoType = {kind: 'bool'};
const uint32: GoType = {kind: 'uint32'};
const float32: GoType = {kind: 'float32'};
const opaque: GoType = {kind: 'opaque'};
const ptr = (to: () => GoType): GoType => ({kind: 'ptr', to});
const slice = (of: () => GoType): GoType => ({kind: 'slice', of});

const range: GoType = {kind: 'struct', name: 'Range', fields: {min: () => uint32, max: () => uint32}};
const requestMatch: GoType = {kind: 'struct', name: 'RequestMatch', fields: {
  all: () => slice(() => ptr(() => requestMatch)), not: () => ptr(() => requestMatch), any: () => slice(() => ptr(() => requestMatch)),
  pathRegex: () => string, method: () => string,
}};
const responseMatch: GoType = {kind: 'struct', name: 'ResponseMatch', fields: {
  all: () => slice(() => ptr(() => responseMatch)), not: () => ptr(() => responseMatch), any: () => slice(() => ptr(() => responseMatch)),
  status: () => ptr(() => range),
}};
const responseClass: GoType = {kind: 'struct', name: 'ResponseClass', fields: {condition: () => ptr(() => responseMatch), isFailure: () => bool}};
const routeSpec: GoType = {kind: 'struct', name: 'RouteSpec', fields: {
  name: () => string, condition: () => ptr(() => requestMatch), responseClasses: () => slice(() => ptr(() => responseClass)),
  isRetryable: () => bool, timeout: () => string,
}};
const retryBudget: GoType = {kind: 'struct', name: 'RetryBudget', fields: {retryRatio: () => float32, minRetriesPerSecond: () => uint32, ttl: () => string}};
const weightedDst: GoType = {kind: 'struct', name: 'WeightedDst', fields: {authority: () => string, weight: () => opaque}};
const spec: GoType = {kind: 'struct', name: 'ServiceProfileSpec', fields: {
  routes: () => slice(() => ptr(() => routeSpec)), retryBudget: () => ptr(() => retryBudget),
  dstOverrides: () => slice(() => ptr(() => weightedDst)), opaquePorts: () => ({kind: 'map', type: 'map[uint32]struct {}'}),
}};

const GO_TYPE_NAMES: Record<string, string> = {string: 'string', bool: 'bool', uint32: 'uint32', float32: 'float32'};

function typeName(type: GoType): string {
  if (type.kind === 'struct') return `v1alpha2.${type.name}`;
  if (type.kind === 'slice') return `[]${typeName(type.of())}`;
  if (type.kind === 'ptr') return `*${typeName(type.to())}`;
  if (type.kind === 'map') return type.type;
  return GO_TYPE_NAMES[type.kind] ?? type.kind;
}

/** What encoding/json calls a JSON value in UnmarshalTypeError.Value. */
function jsonValueName(value: unknown, withNumber: boolean): string {
  if (Array.isArray(value)) return 'array';
  if (isObj(value)) return 'object';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return withNumber ? `number ${String(value)}` : 'number';
}

class DecodeError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

interface Context {
  struct: string;
  fields: string[];
}

/** decode.go's UnmarshalTypeError wording: the innermost struct and the JSON field names from the root. */
function typeError(value: unknown, type: GoType, context: Context, path: string, withNumber = false): never {
  const into = context.struct || context.fields.length > 0
    ? `Go struct field ${context.struct}.${context.fields.join('.')}` : 'Go value';
  throw new DecodeError(path, `json: cannot unmarshal ${jsonValueName(value, withNumber)} into ${into} of type ${typeName(type)}`);
}

function decode(value: unknown, type: GoType, context: Context, path: string): void {
  if (value === null || value === undefined) return; // null leaves Go's zero value
  switch (type.kind) {
    case 'opaque': return;
    case 'ptr': return decode(value, type.to(), context, path);
    case 'string': if (typeof value !== 'string') typeError(value, type, context, path); return;
    case 'bool': if (typeof value !== 'boolean') typeError(value, type, context, path); return;
    case 'float32':
      if (typeof value !== 'number') typeError(value, type, context, path);
      if (Math.abs(value) > 3.4028234663852886e38) typeError(value, type, context, path, true);
      return;
    case 'uint32':
      if (typeof value !== 'number') typeError(value, type, context, path);
      // strconv.ParseUint on the literal: no sign, no fraction, no exponent, and it must fit.
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff || Object.is(value, -0)) typeError(value, type, context, path, true);
      return;
    case 'map':
      if (!isObj(value)) typeError(value, type, context, path);
      return;
    case 'slice':
      if (!Array.isArray(value)) typeError(value, type, context, path);
      value.forEach((item, i) => decode(item, type.of(), context, at(path, i)));
      return;
    case 'struct': {
      if (!isObj(value)) typeError(value, type, context, path);
      // encoding/json matches a key to a field exactly, else case-insensitively.
      const names = Object.keys(type.fields);
      for (const key of Object.keys(value).sort()) {
        const field = key in type.fields ? key : names.find((name) => name.toLowerCase() === key.toLowerCase());
        if (field === undefined) throw new DecodeError(at(path, key), `json: unknown field ${JSON.stringify(key)}`);
        decode(value[key], type.fields[field]!(), {struct: type.name, fields: [...context.fields, field]}, at(path, key));
      }
    }
  }
}

/** The value under a Go field, matched as encoding/json matched it (exactly, else ignoring case); null is Go's zero value. */
function field(object: Obj, name: string): unknown {
  if (name in object) return object[name] ?? undefined;
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (object[key] ?? undefined);
}

/** Where a field sits, for the finding: the key written, else the object. */
function fieldPath(object: Obj, path: string, name: string): string {
  const key = name in object ? name : Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? path : at(path, key);
}

const ERR_NIL_ALL = 'null condition "all"';
const ERR_NIL_ANY = 'null condition "any"';

/**
 * The `all` and `any` lists of a request or response match, each child judged by `judge` (both
 * Validate functions of profiles.go walk them alike): whether either list is set, or the first error.
 */
function conditionListsError(match: Obj, path: string, judge: (child: Obj, path: string) => [string, string] | undefined): {set: boolean} | [string, string] {
  let set = false;
  for (const [name, nil] of [['all', ERR_NIL_ALL], ['any', ERR_NIL_ANY]] as const) {
    const children = field(match, name);
    if (!Array.isArray(children)) continue;
    set = true;
    for (let i = 0; i < children.length; i++) {
      const child: unknown = children[i];
      const childPath = at(fieldPath(match, path, name), i);
      if (!isObj(child)) return [nil, childPath];
      const error = judge(child, childPath);
      if (error) return error;
    }
  }
  return {set};
}

/** profiles.go ValidateRequestMatch: some field set, recursively; the error and the field it is about. */
function requestMatchError(match: Obj, path: string): [string, string] | undefined {
  const lists = conditionListsError(match, path, requestMatchError);
  if (Array.isArray(lists)) return lists;
  let set = lists.set;
  if (field(match, 'method')) set = true;
  const not = field(match, 'not');
  if (isObj(not)) {
    set = true;
    const error = requestMatchError(not, fieldPath(match, path, 'not'));
    if (error) return error;
  }
  if (field(match, 'pathRegex')) set = true;
  return set ? undefined : ['A request match must have a field set', path];
}

const MIN_STATUS = 100;
const MAX_STATUS = 599;

/** profiles.go ValidateResponseMatch: some field set, recursively, and a sane status range. */
function responseMatchError(match: Obj, path: string): [string, string] | undefined {
  const lists = conditionListsError(match, path, responseMatchError);
  if (Array.isArray(lists)) return lists;
  let set = lists.set;
  const status = field(match, 'status');
  if (isObj(status)) {
    const statusPath = fieldPath(match, path, 'status');
    const min = Number(field(status, 'min') ?? 0);
    const max = Number(field(status, 'max') ?? 0);
    if (min !== 0 && (min < MIN_STATUS || min > MAX_STATUS)) {
      return [`Range minimum must be between ${MIN_STATUS} and ${MAX_STATUS}, inclusive`, fieldPath(status, statusPath, 'min')];
    } else if (max !== 0 && (max < MIN_STATUS || max > MAX_STATUS)) {
      return [`Range maximum must be between ${MIN_STATUS} and ${MAX_STATUS}, inclusive`, fieldPath(status, statusPath, 'max')];
    } else if (max !== 0 && min !== 0 && max < min) {
      return ['Range maximum cannot be smaller than minimum', fieldPath(status, statusPath, 'max')];
    }
    set = true;
  }
  const not = field(match, 'not');
  if (isObj(not)) {
    set = true;
    const error = responseMatchError(not, fieldPath(match, path, 'not'));
    if (error) return error;
  }
  return set ? undefined : ['A response match must have a field set', path];
}

/** Go's %f of a float32: six decimals. */
const goFloat = (value: number) => Math.fround(value).toFixed(6);

/** AdmitSP: denies (deny.ts) with Validate's first error, at the field it is about. */
export function validateServiceProfile(specValue: unknown, name: string): void {
  try {
    decode(specValue, spec, {struct: 'ServiceProfile', fields: ['spec']}, '/spec');
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    deny(error.path, `failed to validate ServiceProfile: error unmarshaling JSON: while decoding JSON: ${error.message}`,
      error.message.startsWith('json: unknown field') ? 'key' : 'value');
  }
  if (!isObj(specValue)) return;
  const quoted = JSON.stringify(name);
  const routes = field(specValue, 'routes');
  const routesPath = fieldPath(specValue, '/spec', 'routes');
  if (Array.isArray(routes)) {
    routes.forEach((route: unknown, i) => {
      const routePath = at(routesPath, i);
      if (!isObj(route)) deny(routePath, `ServiceProfile ${quoted} has a null route`);
      if (!field(route, 'name')) deny(fieldPath(route, routePath, 'name'), `ServiceProfile ${quoted} has a route with no name`);
      const timeout = field(route, 'timeout');
      if (typeof timeout === 'string' && timeout !== '') {
        const parsed = parseGoDurationStrict(timeout);
        if ('error' in parsed) deny(fieldPath(route, routePath, 'timeout'), `ServiceProfile ${quoted} has a route with an invalid timeout: ${parsed.error}`);
      }
      const condition = field(route, 'condition');
      if (!isObj(condition)) deny(fieldPath(route, routePath, 'condition'), `ServiceProfile ${quoted} has a route with no condition`);
      const requestError = requestMatchError(condition, fieldPath(route, routePath, 'condition'));
      if (requestError) deny(requestError[1], `ServiceProfile ${quoted} has a route with an invalid condition: ${requestError[0]}`);
      const classes = field(route, 'responseClasses');
      if (!Array.isArray(classes)) return;
      classes.forEach((responseClass: unknown, j) => {
        const classPath = at(fieldPath(route, routePath, 'responseClasses'), j);
        if (!isObj(responseClass)) deny(classPath, `ServiceProfile ${quoted} has a null response class`);
        const classCondition = field(responseClass, 'condition');
        if (!isObj(classCondition)) deny(fieldPath(responseClass, classPath, 'condition'), `ServiceProfile ${quoted} has a response class with no condition`);
        const responseError = responseMatchError(classCondition, fieldPath(responseClass, classPath, 'condition'));
        if (responseError) deny(responseError[1], `ServiceProfile ${quoted} has a response class with an invalid condition: ${responseError[0]}`);
      });
    });
  }
  const budget = field(specValue, 'retryBudget');
  if (!isObj(budget)) return;
  const budgetPath = fieldPath(specValue, '/spec', 'retryBudget');
  const ratio = Number(field(budget, 'retryRatio') ?? 0);
  if (ratio < 0) deny(fieldPath(budget, budgetPath, 'retryRatio'), `ServiceProfile ${quoted} RetryBudget RetryRatio must be non-negative: ${goFloat(ratio)}`);
  const ttl = field(budget, 'ttl');
  if (typeof ttl !== 'string' || ttl === '') deny(fieldPath(budget, budgetPath, 'ttl'), `ServiceProfile ${quoted} RetryBudget missing TTL field`);
  const parsed = parseGoDurationStrict(ttl);
  if ('error' in parsed) deny(fieldPath(budget, budgetPath, 'ttl'), `ServiceProfile ${quoted} RetryBudget: ${parsed.error}`);
}
