/**
 * The functions a CRD rule's environment declares, with their overloads' signatures, as cel-go's
 * checker resolves calls against them (the base environment a Kubernetes 1.33 API server compiles
 * a new rule in, that of 1.32: k8s.io/apiserver pkg/cel/environment/base.go): cel-go v0.23.2's standard library (common/stdlib/standard.go,
 * with CrossTypeNumericComparisons), optional types (cel/library.go optionalLib), ext.Strings
 * version 2 (ext/strings.go: no `reverse`, which is version 3), ext.Sets (ext/sets.go), and Kubernetes' libraries
 * (pkg/cel/library: lists.go, regex.go, urls.go, quantity.go, ip.go, cidr.go). A function not
 * listed here nor in UNMODELLED is undeclared, as cel-go's checker finds it; one in UNMODELLED is
 * left unjudged (type-check.ts), never refused.
 *
 * A signature is written `(arg, ...) -> result` for a global overload and `receiver.(arg, ...) ->
 * result` for a member one; single capital letters are type parameters.
 */

const NUMBERS = ['int', 'uint', 'double'];
const ORDERED = ['bool', 'int', 'uint', 'double', 'string', 'bytes', 'timestamp', 'duration'];
const sameTypes = (types: readonly string[], result: string) => types.map((type) => `(${type}, ${type}) -> ${result}`);
/** An operator over two values of one type giving that type. */
const closed = (types: readonly string[]) => types.map((type) => `(${type}, ${type}) -> ${type}`);
/** CrossTypeNumericComparisons: int, uint and double compared with each other. */
const crossNumeric = NUMBERS.flatMap((a) => NUMBERS.filter((b) => b !== a).map((b) => `(${a}, ${b}) -> bool`));
const ordering = [...sameTypes(ORDERED, 'bool'), ...crossNumeric];
const timeParts = ['timestamp.() -> int', 'timestamp.(string) -> int'];
const durationParts = ['duration.() -> int'];
/** lists.go: the element types each list function is declared for (comparable ones, summable ones). */
const COMPARABLE = ['int', 'uint', 'double', 'bool', 'duration', 'timestamp', 'string', 'bytes'];
const SUMMABLE = ['int', 'uint', 'double', 'duration'];

export const DECLARATIONS: Readonly<Record<string, readonly string[]>> = {
  '_?_:_': ['(bool, A, A) -> A'],
  '_&&_': ['(bool, bool) -> bool'],
  '_||_': ['(bool, bool) -> bool'],
  '!_': ['(bool) -> bool'],
  '@not_strictly_false': ['(bool) -> bool'],
  '__not_strictly_false__': ['(bool) -> bool'],
  '_==_': ['(A, A) -> bool'],
  '_!=_': ['(A, A) -> bool'],
  '_+_': [...closed([...NUMBERS, 'string', 'bytes']), '(list(A), list(A)) -> list(A)', '(timestamp, duration) -> timestamp',
    '(duration, timestamp) -> timestamp', '(duration, duration) -> duration'],
  '_-_': [...closed(NUMBERS), '(timestamp, timestamp) -> duration', '(timestamp, duration) -> timestamp', '(duration, duration) -> duration'],
  '_*_': closed(NUMBERS),
  '_/_': closed(NUMBERS),
  '_%_': ['(int, int) -> int', '(uint, uint) -> uint'],
  '-_': ['(int) -> int', '(double) -> double'],
  '_[_]': ['(list(A), int) -> A', '(map(A, B), A) -> B', '(optional_type(list(A)), int) -> optional_type(A)', '(optional_type(map(A, B)), A) -> optional_type(B)'],
  '_[?_]': ['(list(A), int) -> optional_type(A)', '(map(A, B), A) -> optional_type(B)', '(optional_type(list(A)), int) -> optional_type(A)', '(optional_type(map(A, B)), A) -> optional_type(B)'],
  '@in': ['(A, list(A)) -> bool', '(A, map(A, B)) -> bool'],
  '_<_': ordering, '_<=_': ordering, '_>_': ordering, '_>=_': ordering,
  size: ['(string) -> int', '(bytes) -> int', '(list(A)) -> int', '(map(A, B)) -> int',
    'string.() -> int', 'bytes.() -> int', 'list(A).() -> int', 'map(A, B).() -> int'],
  contains: ['string.(string) -> bool'],
  startsWith: ['string.(string) -> bool'],
  endsWith: ['string.(string) -> bool'],
  matches: ['(string, string) -> bool', 'string.(string) -> bool'],
  int: ['(int) -> int', '(uint) -> int', '(double) -> int', '(string) -> int', '(timestamp) -> int'],
  uint: ['(uint) -> uint', '(int) -> uint', '(double) -> uint', '(string) -> uint'],
  double: ['(double) -> double', '(int) -> double', '(uint) -> double', '(string) -> double'],
  string: ['(string) -> string', '(bool) -> string', '(bytes) -> string', '(double) -> string', '(int) -> string', '(uint) -> string',
    '(timestamp) -> string', '(duration) -> string', '(net.IP) -> string', '(net.CIDR) -> string'],
  bytes: ['(bytes) -> bytes', '(string) -> bytes'],
  bool: ['(bool) -> bool', '(string) -> bool'],
  duration: ['(duration) -> duration', '(string) -> duration'],
  timestamp: ['(timestamp) -> timestamp', '(string) -> timestamp', '(int) -> timestamp'],
  dyn: ['(A) -> dyn'],
  type: ['(A) -> type(A)'],
  getFullYear: timeParts, getMonth: timeParts, getDayOfYear: timeParts, getDayOfMonth: timeParts, getDate: timeParts, getDayOfWeek: timeParts,
  getHours: [...timeParts, ...durationParts], getMinutes: [...timeParts, ...durationParts],
  getSeconds: [...timeParts, ...durationParts], getMilliseconds: [...timeParts, ...durationParts],
  // optional types
  'optional.of': ['(A) -> optional_type(A)'],
  'optional.ofNonZeroValue': ['(A) -> optional_type(A)'],
  'optional.none': ['() -> optional_type(A)'],
  value: ['optional_type(A).() -> A'],
  hasValue: ['optional_type(A).() -> bool'],
  or: ['optional_type(A).(optional_type(A)) -> optional_type(A)'],
  orValue: ['optional_type(A).(A) -> A'],
  // ext.Strings version 2
  charAt: ['string.(int) -> string'],
  indexOf: ['string.(string) -> int', 'string.(string, int) -> int', ...COMPARABLE.map((type) => `list(${type}).(${type}) -> int`)],
  lastIndexOf: ['string.(string) -> int', 'string.(string, int) -> int', ...COMPARABLE.map((type) => `list(${type}).(${type}) -> int`)],
  lowerAscii: ['string.() -> string'],
  upperAscii: ['string.() -> string'],
  replace: ['string.(string, string) -> string', 'string.(string, string, int) -> string'],
  split: ['string.(string) -> list(string)', 'string.(string, int) -> list(string)'],
  substring: ['string.(int) -> string', 'string.(int, int) -> string'],
  trim: ['string.() -> string'],
  join: ['list(string).() -> string', 'list(string).(string) -> string'],
  'strings.quote': ['(string) -> string'],
  format: ['string.(list(dyn)) -> string'],
  // ext.Sets
  'sets.contains': ['(list(A), list(A)) -> bool'],
  'sets.equivalent': ['(list(A), list(A)) -> bool'],
  'sets.intersects': ['(list(A), list(A)) -> bool'],
  // Kubernetes: lists.go
  isSorted: COMPARABLE.map((type) => `list(${type}).() -> bool`),
  sum: SUMMABLE.map((type) => `list(${type}).() -> ${type}`),
  min: COMPARABLE.map((type) => `list(${type}).() -> ${type}`),
  max: COMPARABLE.map((type) => `list(${type}).() -> ${type}`),
  // regex.go
  find: ['string.(string) -> string'],
  findAll: ['string.(string) -> list(string)', 'string.(string, int) -> list(string)'],
  // urls.go
  url: ['(string) -> kubernetes.URL'],
  isURL: ['(string) -> bool'],
  getScheme: ['kubernetes.URL.() -> string'], getHost: ['kubernetes.URL.() -> string'], getHostname: ['kubernetes.URL.() -> string'],
  getPort: ['kubernetes.URL.() -> string'], getEscapedPath: ['kubernetes.URL.() -> string'],
  getQuery: ['kubernetes.URL.() -> map(string, list(string))'],
  // quantity.go
  quantity: ['(string) -> kubernetes.Quantity'],
  isQuantity: ['(string) -> bool'],
  sign: ['kubernetes.Quantity.() -> int'],
  isInteger: ['kubernetes.Quantity.() -> bool'],
  asInteger: ['kubernetes.Quantity.() -> int'],
  asApproximateFloat: ['kubernetes.Quantity.() -> double'],
  add: ['kubernetes.Quantity.(kubernetes.Quantity) -> kubernetes.Quantity', 'kubernetes.Quantity.(int) -> kubernetes.Quantity'],
  sub: ['kubernetes.Quantity.(kubernetes.Quantity) -> kubernetes.Quantity', 'kubernetes.Quantity.(int) -> kubernetes.Quantity'],
  isGreaterThan: ['kubernetes.Quantity.(kubernetes.Quantity) -> bool'],
  isLessThan: ['kubernetes.Quantity.(kubernetes.Quantity) -> bool'],
  compareTo: ['kubernetes.Quantity.(kubernetes.Quantity) -> int'],
  // ip.go, cidr.go
  ip: ['(string) -> net.IP', 'net.CIDR.() -> net.IP'],
  isIP: ['(string) -> bool'],
  'ip.isCanonical': ['(string) -> bool'],
  family: ['net.IP.() -> int'],
  isUnspecified: ['net.IP.() -> bool'], isLoopback: ['net.IP.() -> bool'], isLinkLocalMulticast: ['net.IP.() -> bool'],
  isLinkLocalUnicast: ['net.IP.() -> bool'], isGlobalUnicast: ['net.IP.() -> bool'],
  cidr: ['(string) -> net.CIDR'],
  isCIDR: ['(string) -> bool'],
  containsIP: ['net.CIDR.(string) -> bool', 'net.CIDR.(net.IP) -> bool'],
  containsCIDR: ['net.CIDR.(string) -> bool', 'net.CIDR.(net.CIDR) -> bool'],
  masked: ['net.CIDR.() -> net.CIDR'],
  prefixLength: ['net.CIDR.() -> int'],
};

/**
 * Functions the environment declares whose overloads are not written above: Kubernetes' authz and
 * format libraries (authz.go, format.go), cel-go's optional helpers (cel/library.go) and the
 * two-variable comprehensions' map insertion (ext/comprehensions.go). The semver library
 * (semverlib.go) is not declared: base.go introduces it in 1.33, and a 1.33 API server compiles a
 * new rule in the environment of its minimum compatibility version, 1.32
 * (environment.DefaultCompatibilityVersion; validation.go RuleEnv's NewExpressionsEnv), so
 * `isSemver(x)` is an undeclared reference there.
 */
const UNMODELLED = new Set([
  'allowed', 'check', 'error', 'errored', 'fieldSelector', 'group', 'labelSelector', 'name', 'namespace', 'path', 'reason', 'resource',
  'serviceAccount', 'subresource', 'validate',
  'optional.unwrap', 'unwrapOpt', 'first', 'last', 'optMap', 'optFlatMap', 'cel.@mapInsert',
]);

/** Whether `fn` is declared by the environment though its overloads are not in DECLARATIONS (format.go names every format `format.<name>`). */
export function isUnmodelled(fn: string): boolean {
  return UNMODELLED.has(fn) || fn.startsWith('format.');
}

/** Ids (common/overloads, ext/strings.go, ext/sets.go, Kubernetes' ip.go and cidr.go) of the overloads whose costs checker/cost.go or library/cost.go tell apart. */
/** less_string, greater_equals_bytes...: one cost, so one id each here. */
const ORDERING_IDS = {'(string, string) -> bool': 'compare_string', '(bytes, bytes) -> bool': 'compare_bytes'};

const COST_OVERLOAD_IDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '_+_': {'(string, string) -> string': 'add_string', '(bytes, bytes) -> bytes': 'add_bytes', '(list(A), list(A)) -> list(A)': 'add_list'},
  '_[_]': {'(list(A), int) -> A': 'index_list', '(map(A, B), A) -> B': 'index_map'},
  '@in': {'(A, list(A)) -> bool': 'in_list', '(A, map(A, B)) -> bool': 'in_map'},
  matches: {'string.(string) -> bool': 'matches_string'},
  contains: {'string.(string) -> bool': 'contains_string'},
  startsWith: {'string.(string) -> bool': 'starts_with_string'},
  endsWith: {'string.(string) -> bool': 'ends_with_string'},
  string: {'(bytes) -> string': 'bytes_to_string'},
  bytes: {'(string) -> bytes': 'string_to_bytes'},
  format: {'string.(list(dyn)) -> string': 'string_format'},
  'strings.quote': {'(string) -> string': 'strings_quote'},
  'sets.contains': {'(list(A), list(A)) -> bool': 'list_sets_contains_list'},
  'sets.intersects': {'(list(A), list(A)) -> bool': 'list_sets_intersects_list'},
  'sets.equivalent': {'(list(A), list(A)) -> bool': 'list_sets_equivalent_list'},
  ip: {'(string) -> net.IP': 'string_to_ip', 'net.CIDR.() -> net.IP': 'cidr_ip'},
  containsIP: {'net.CIDR.(string) -> bool': 'cidr_contains_ip_string', 'net.CIDR.(net.IP) -> bool': 'cidr_contains_ip_ip'},
  containsCIDR: {'net.CIDR.(string) -> bool': 'cidr_contains_cidr_string', 'net.CIDR.(net.CIDR) -> bool': 'cidr_contains_cidr'},
  '_==_': {'(A, A) -> bool': 'equals'},
  '_!=_': {'(A, A) -> bool': 'not_equals'},
  '_&&_': {'(bool, bool) -> bool': 'logical_and'},
  '_||_': {'(bool, bool) -> bool': 'logical_or'},
  '_?_:_': {'(bool, A, A) -> A': 'conditional'},
  '_<_': ORDERING_IDS, '_<=_': ORDERING_IDS, '_>_': ORDERING_IDS, '_>=_': ORDERING_IDS,
};
/**
 * The id of `fn`'s overload with `signature`, as far as the cost estimators tell overloads apart;
 * the overloads they cost alike share the function's name as their id.
 */
export function overloadId(fn: string, signature: string): string {
  return COST_OVERLOAD_IDS[fn]?.[signature] ?? fn;
}
