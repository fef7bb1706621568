/**
 * The estimators the API server plugs into cel-go's (environment/base.go, with the sets library
 * and PresenceTestHasCost(false)): k8s.io/apiserver pkg/cel/library/cost.go EstimateCallCost,
 * ext/sets.go estimateSetsCost, and for a CRD's rules apiextensions-apiserver compilation.go's
 * sizeEstimator, which sizes a node by its path from `self` through the schema's declaration.
 */
import type {CallEstimate, CostEnvironment, Node} from './estimate-cost';
import type {DeclType} from './estimate-decl-type';
import {schemaCheckType, type CheckType} from './type-check';
import {add, ceilDivideAsFloat64, fixed, LIST_CREATE, MAX, multiply, REGEX_STRING_LENGTH, scale, STRING_TRAVERSAL, union, UNKNOWN, type Estimate} from './estimate-math';

/** A map's keys: apiservercel.StringType, whose MaxElements is left 0. */
const MAP_KEY: DeclType = {kind: 'string', maxElements: 0, minSerializedSize: 2};

/** compilation.go sizeEstimator.EstimateSize: the declared size at the path below `self` (its first step is `self` or `oldSelf`, skipped). */
function declaredSize(root: DeclType, path: readonly string[] | undefined): Estimate | undefined {
  if (!path || path.length === 0) return undefined;
  let node: DeclType | undefined = root;
  for (const step of path.slice(1)) {
    if (step === '@items' || step === '@values') node = node.elem;
    else if (step === '@keys') node = node.kind === 'map' ? MAP_KEY : undefined;
    else node = node.fields?.get(step);
    if (!node) return undefined;
  }
  return {min: 0n, max: BigInt(node.maxElements)};
}

type SizeEstimator = CostEnvironment['estimateSize'];

/** library/cost.go sizeEstimate, ext/sets.go estimateSize: the node's computed size, else the estimator's, else unknown. */
const sizeOf = (node: Node, estimateSize: SizeEstimator): Estimate => node.size ?? estimateSize({path: node.path, type: node.type}) ?? UNKNOWN;

/** ext/sets.go estimateSetsCost: both lists' sizes multiplied, by 1 or 2 for equivalent, plus the call. */
function setsEstimator(factor: number, estimateSize: SizeEstimator) {
  return (_target: Node | undefined, args: Node[]): CallEstimate | undefined => {
    if (args.length !== 2) return undefined;
    return {cost: add(scale(multiply(sizeOf(args[0]!, estimateSize), sizeOf(args[1]!, estimateSize)), factor), fixed(1n))};
  };
}

/** library/cost.go selectorCostEstimate. */
function selectorCost(length: Estimate): Estimate {
  const parse = scale(length, STRING_TRAVERSAL);
  const requirements = scale(scale(length, 0.5), 10 + 40);
  return add(add(fixed(LIST_CREATE), parse), requirements);
}

const NOMINAL = new Set(['serviceAccount', 'path', 'group', 'resource', 'subresource', 'namespace', 'name', 'allowed', 'reason', 'error', 'errored',
  'masked', 'prefixLength', 'family', 'isUnspecified', 'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast', 'format.named',
  'sign', 'asInteger', 'isInteger', 'asApproximateFloat', 'isGreaterThan', 'isLessThan', 'compareTo', 'add', 'sub', 'major', 'minor', 'patch',
  'getScheme', 'getHostname', 'getHost', 'getPort', 'getEscapedPath', 'getQuery']);

/**
 * library/cost.go CostEstimator.EstimateCallCost, by function name. cel-go always passes a
 * target (a pointer to a possibly empty node), so its `target != nil` tests always hold; the
 * functions that read the target itself are methods.
 */
export function kubernetesCallEstimate(fn: string, overload: string, target: Node | undefined, args: Node[], estimateSize: SizeEstimator): CallEstimate | undefined {
  const size = (node: Node): Estimate => sizeOf(node, estimateSize);
  if (NOMINAL.has(fn)) return {cost: fixed(1n)};
  switch (fn) {
    case 'check':
      return {cost: fixed(350000n)};
    case 'fieldSelector':
    case 'labelSelector':
      return args.length === 1 ? {cost: selectorCost(size(args[0]!))} : undefined;
    case 'isSorted': case 'sum': case 'max': case 'min': case 'indexOf': case 'lastIndexOf': {
      if (!target) return undefined;
      const element = listElement(target);
      if (element) {
        let perElement = fixed(1n);
        if (element.type.kind === 'string' || element.type.kind === 'bytes') perElement = add(perElement, scale(size(element), STRING_TRAVERSAL));
        return {cost: multiply(size(target), perElement)};
      }
      return {cost: scale(size(target), STRING_TRAVERSAL)};
    }
    case 'url':
    case 'jsonpatch.escapeKey':
      if (args.length === 1) {
        const sz = size(args[0]!);
        return {cost: scale(sz, STRING_TRAVERSAL), resultSize: sz};
      }
      return undefined;
    case 'lowerAscii': case 'upperAscii': case 'substring': case 'trim':
      if (target) {
        const sz = size(target);
        return {cost: scale(sz, STRING_TRAVERSAL), resultSize: sz};
      }
      return undefined;
    case 'replace':
      return target && args.length >= 2 ? replaceEstimate(size(target), size(args[0]!), size(args[1]!)) : undefined;
    case 'split':
      if (target) {
        const sz = size(target);
        const limit = args[1]?.expr;
        const max = limit?.kind === 'literal' && typeof limit.value === 'bigint' ? BigInt.asUintN(64, limit.value) : sz.max;
        return {cost: scale(sz, 2 * STRING_TRAVERSAL), resultSize: {min: 0n, max}};
      }
      return undefined;
    case 'join':
      if (target) {
        let sz: Estimate = fixed(0n);
        const listSize = size(target);
        const element = listElement(target);
        if (element) sz = multiply(listSize, size(element));
        if (args.length > 0) {
          const separators = {min: listSize.min > 0n ? listSize.min - 1n : 0n, max: listSize.max > 0n ? listSize.max - 1n : 0n};
          sz = add(sz, multiply(size(args[0]!), separators));
        }
        return {cost: scale(sz, STRING_TRAVERSAL), resultSize: sz};
      }
      return undefined;
    case 'find':
    case 'findAll':
      if (target && args.length >= 1) {
        const sz = size(target);
        const text = scale(add(sz, fixed(1n)), STRING_TRAVERSAL);
        const regex = scale(size(args[0]!), REGEX_STRING_LENGTH);
        return {cost: multiply(text, regex), resultSize: {min: 0n, max: sz.max}};
      }
      return undefined;
    case 'cidr': case 'isIP': case 'isCIDR': case 'quantity': case 'isQuantity': case 'semver': case 'isSemver':
      return args.length >= 1 ? {cost: scale(size(args[0]!), STRING_TRAVERSAL)} : undefined;
    case 'ip':
      if (args.length >= 1) return overload === 'cidr_ip' ? {cost: fixed(1n)} : {cost: scale(size(args[0]!), STRING_TRAVERSAL)};
      return {cost: fixed(1n)};
    case 'ip.isCanonical':
      return args.length >= 1 ? {cost: scale(size(args[0]!), 2 * STRING_TRAVERSAL)} : undefined;
    case 'containsIP':
    case 'containsCIDR': {
      if (args.length < 1) return undefined;
      const bytes: Estimate = {min: 4n, max: 16n};
      let cost = scale(add(bytes, bytes), STRING_TRAVERSAL);
      if (fn === 'containsCIDR') cost = add(add(cost, scale(bytes, STRING_TRAVERSAL)), fixed(1n));
      if (overload === 'cidr_contains_ip_string' || overload === 'cidr_contains_cidr_string') cost = add(cost, scale(size(args[0]!), STRING_TRAVERSAL));
      return {cost};
    }
    case '_==_':
      return equalityEstimate(args);
  }
  return undefined;
}

/** library/cost.go `_==_`: O(1) for IPs, CIDRs, quantities and semvers; a URL by its size. */
function equalityEstimate(args: Node[]): {cost: Estimate} | undefined {
  if (args.length !== 2) return undefined;
  const [lhs, rhs] = args as [Node, Node];
  const name = lhs.type.kind === 'opaque' || lhs.type.kind === 'struct' ? lhs.type.name : undefined;
  const rhsName = rhs.type.kind === 'opaque' || rhs.type.kind === 'struct' ? rhs.type.name : undefined;
  if (name === undefined || name !== rhsName) return undefined;
  if (name === 'net.IP' || name === 'net.CIDR' || name === 'kubernetes.Quantity' || name === 'kubernetes.Semver') return {cost: fixed(1n)};
  if (name === 'kubernetes.URL') {
    // as library/cost.go reads it: both sizes taken from the right-hand side
    const size = rhs.size ? union(rhs.size, rhs.size) : fixed(1n);
    return {cost: scale({min: 1n, max: size.max}, STRING_TRAVERSAL)};
  }
  return undefined;
}

/** library/cost.go `replace`: the longest and shortest results, and a traversal of the string twice. */
function replaceEstimate(sz: Estimate, toReplace: Estimate, replaceWith: Estimate): {cost: Estimate; resultSize: Estimate} {
  const count: Estimate = {min: 0n, max: 0n};
  const retained: Estimate = {min: 0n, max: 0n};
  if (toReplace.min === 0n) {
    count.max = sz.max < MAX ? sz.max + 1n : sz.max;
    retained.max = sz.max;
  } else if (replaceWith.max <= toReplace.min) {
    count.max = 0n;
    retained.max = sz.max;
  } else {
    count.max = ceilDivideAsFloat64(sz.max, toReplace.min);
  }
  if (toReplace.max === 0n) {
    count.min = sz.min < MAX ? sz.min + 1n : sz.min;
    retained.min = sz.min;
  } else if (toReplace.max <= replaceWith.min) {
    count.min = 0n;
    retained.min = sz.min;
  } else {
    count.min = ceilDivideAsFloat64(sz.min, toReplace.max);
  }
  return {cost: scale(sz, 2 * STRING_TRAVERSAL), resultSize: add(multiply(count, replaceWith), retained)};
}

/** library/cost.go listElementNode: the items of a list target, by path when it has one. */
function listElement(list: Node): Node | undefined {
  if (list.type.kind !== 'list') return undefined;
  return {path: list.path ? [...list.path, '@items'] : undefined, type: list.type.params[0]!, expr: undefined, size: undefined};
}

/**
 * The environment a CRD's rules are estimated in (apiextensions-apiserver compilation.go
 * Compile): `self` and `oldSelf` declared as the schema node, the Kubernetes library's estimator
 * over the schema's sizes, the sets library's, presence tests free.
 */
export function crdRuleEnvironment(self: DeclType): CostEnvironment {
  let env = environments.get(self);
  if (!env) environments.set(self, (env = newCrdRuleEnvironment(self)));
  return env;
}

const environments = new WeakMap<DeclType, CostEnvironment>();

function newCrdRuleEnvironment(self: DeclType): CostEnvironment {
  const type = schemaCheckType(self);
  return kubernetesEnvironment(new Map([['self', type], ['oldSelf', type]]), ({path}) => declaredSize(self, path));
}

/**
 * The API server's CEL environment for estimates (environment/base.go): the Kubernetes
 * library's CostEstimator over `estimateSize`, the sets library's estimators, presence tests free.
 */
export function kubernetesEnvironment(variables: ReadonlyMap<string, CheckType>, estimateSize: SizeEstimator): CostEnvironment {
  return {
    variables,
    estimateSize,
    estimateCallCost: (fn, overload, target, args) => kubernetesCallEstimate(fn, overload, target, args, estimateSize),
    overloadEstimators: new Map([
      ['list_sets_contains_list', setsEstimator(1, estimateSize)],
      ['list_sets_intersects_list', setsEstimator(1, estimateSize)],
      ['list_sets_equivalent_list', setsEstimator(2, estimateSize)],
    ]),
    presenceTestCost: 0n,
  };
}
