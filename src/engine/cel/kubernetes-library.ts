/**
 * The Kubernetes CEL extension functions that Istio's validation rules call, on top of
 * cel-js's standard library (which already has size, matches, startsWith, exists_one, int(),
 * duration(), lowerAscii, ...). The URL functions follow k8s.io/apiserver/pkg/cel/library/urls.go,
 * isIP its ip.go (the Gateway API's TLSRoute hostnames call it).
 */
import {Environment, Optional} from '@marcbachmann/cel-js';
import {MESSAGE, OPTIONAL_LIST, OPTIONAL_MAP} from './go-syntax';
import {constructMessage, EmptyMessage, type RuntimeClasses} from './well-known-messages';
import {registerTimestamps} from './timestamps';
import {registerDurations} from './durations';
import {RE2JS} from 're2js';
import {parseAddrFamily} from '../analysis/analyzers/annotations/goParse';
import {PRESENCE_TEST} from './adapt-source';
import {escapedPath, isRequestUri, parseRequestUri, UrlParseError, urlHostname, urlPort} from '../go/url';
import {CelUrl} from './cel-url';


function toUrl(value: string): CelUrl {
  try {
    return new CelUrl(parseRequestUri(value));
  } catch (error) {
    const reason = error instanceof UrlParseError ? error.message : String(error);
    throw new Error(`URL parse error during conversion from string: parse "${value}": ${reason}`);
  }
}

/**
 * ip.go's isIP: what netip.ParseAddr reads, without a zone and not an IPv4-mapped IPv6
 * address (`::ffff:1.2.3.4`), which the library refuses so that each address has one spelling.
 */
export function isKubernetesIp(value: string): boolean {
  const family = parseAddrFamily(value);
  if (family === 4) return true;
  if (family !== 6 || value.includes('%')) return false;
  return !isIpv4MappedIpv6(value);
}

/** The first 80 bits zero, the next 16 ones: `::ffff:a.b.c.d` in any of its spellings. */
function isIpv4MappedIpv6(address: string): boolean {
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? [Number.NaN, Number.NaN] : [Number.parseInt(group, 16)]));
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const all = [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
  return all.slice(0, 5).every((group) => group === 0) && all[5] === 0xffff;
}

/**
 * A JavaScript RegExp that finds exactly what the RE2 pattern finds in ASCII text, when the
 * pattern keeps to the syntax both read alike (no flags or other `(?` groups but `(?:`, no
 * `\s`, which JavaScript widens, no RE2-only or JavaScript-only escapes); else undefined.
 * RE2 (re2js) costs some microseconds a call and the rules run on every label key and host.
 */
function sameInJavaScript(pattern: string): RegExp | undefined {
  if (!/^[\x20-\x7e]*$/.test(pattern)) return undefined;
  if (/\(\?(?!:)|\[\[:|\\[^.$^*+?()[\]{}|\\/dDwWbB-]/.test(pattern)) return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** Per pattern: its RE2 program, a JavaScript twin if one reads it alike, and verdicts on texts seen. */
const patterns = new Map<string, {program: RE2JS; twin: RegExp | undefined; verdicts: Map<string, boolean>}>();
const MAX_PATTERNS = 1024;
const MAX_VERDICTS = 4096;
const ASCII = /^[\x00-\x7f]*$/;

/** cel-go's `matches`: RE2 (Go's regexp) syntax, true when the pattern matches anywhere in the string. */
export function re2Matches(text: string, pattern: string): boolean {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    try {
      // RE2 first: a pattern RE2 refuses is an error even where JavaScript would read it.
      compiled = {program: RE2JS.compile(pattern), twin: undefined, verdicts: new Map()};
    } catch (error) {
      throw new Error(`invalid matches argument: ${error instanceof Error ? error.message : String(error)}`);
    }
    compiled.twin = sameInJavaScript(pattern);
    if (patterns.size < MAX_PATTERNS) patterns.set(pattern, compiled);
  }
  if (compiled.twin && ASCII.test(text)) return compiled.twin.test(text);
  let verdict = compiled.verdicts.get(text);
  if (verdict === undefined) {
    verdict = compiled.program.matcher(text).find();
    if (compiled.verdicts.size < MAX_VERDICTS) compiled.verdicts.set(text, verdict);
  }
  return verdict;
}

/**
 * `has(e.f)` for any operand `e` (adapt-source.ts rewrites it so), as cel-go's attributes.go
 * refQualify answers a presence test: a map has the key; a list refuses a string index; any
 * other value has no field (the API server leaves EnableErrorOnBadPresenceTest off).
 */
export function presenceTest(operand: unknown, field: string): boolean {
  if (operand instanceof Map) return operand.get(field) !== undefined;
  if (Array.isArray(operand)) throw new Error("unsupported index type 'string' in list");
  if (typeof operand === 'object' && operand !== null) return Object.hasOwn(operand, field) && (operand as Record<string, unknown>)[field] !== undefined;
  return false;
}

/** interpreter's optional list elements (go-syntax.ts OPTIONAL_LIST): an absent one is left out, a present one unwrapped. */
function optionalList(list: unknown[], optional: unknown[]): unknown[] {
  const indices = new Set(optional.map(Number));
  return list.flatMap((item, i) => (!indices.has(i) ? [item] : present(item) ? [(item as Optional).value()] : []));
}

/** Likewise for map entries (OPTIONAL_MAP), counted in the literal's order. */
function optionalMap(map: Map<unknown, unknown> | Record<string, unknown>, optional: unknown[]): Map<unknown, unknown> | Record<string, unknown> {
  const indices = new Set(optional.map(Number));
  const entries = (map instanceof Map ? [...map.entries()] : Object.entries(map))
    .flatMap(([key, value], i) => (!indices.has(i) ? [[key, value]] : present(value) ? [[key, (value as Optional).value()]] : []));
  return map instanceof Map ? new Map(entries as Array<[unknown, unknown]>) : Object.fromEntries(entries);
}

/** An optional item's value must be an optional (cel-go: "no such overload" otherwise, which the checker refuses first). */
function present(item: unknown): boolean {
  if (!(item instanceof Optional)) throw new Error('no such overload: optional element is not an optional value');
  return item.hasValue();
}

/** cel-js's uint class (not exported), taken from a value it builds. */
function runtimeClasses(environment: Environment): RuntimeClasses {
  const Uint = (environment.evaluate('0u') as object).constructor as new (value: bigint) => unknown;
  const Type = (environment.evaluate('int') as object).constructor as abstract new () => unknown;
  return {
    uint: (value) => new Uint(value),
    uintValue: (value) => (value instanceof Uint ? (value as unknown as {value: bigint}).value : undefined),
    optional: (value) => (value instanceof Optional ? (value.hasValue() ? {present: true, value: value.value()} : {present: false}) : undefined),
    isType: (value) => value instanceof Type,
  };
}

export function createKubernetesEnvironment(): Environment {
  // Kubernetes' base environment has cel.OptionalTypes from 1.28 (apiserver pkg/cel/environment/base.go)
  const environment = new Environment({unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false, enableOptionalTypes: true});
  let classes: RuntimeClasses | undefined;
  environment
    // `google.protobuf.Int64Value{value: 1}` (go-syntax.ts MESSAGE): built as cel-go's registry builds it
    .registerFunction(`${MESSAGE}(string, map, list): dyn`, (name: string, fields: Map<unknown, unknown>, optional: unknown[]) =>
      constructMessage(name, fields, optional, classes!))
    // an Empty is an object value (pb/type.go does not unwrap it); proto.Equal holds for any two
    .registerType(EmptyMessage.typeName, EmptyMessage)
    .registerOperator(`${EmptyMessage.typeName} == ${EmptyMessage.typeName}`, () => true)
    .registerVariable('self', 'dyn')
    .registerType('net.URL', CelUrl)
    .registerFunction('url(string): net.URL', toUrl)
    .registerFunction('isURL(string): bool', isRequestUri)
    .registerFunction('isIP(string): bool', isKubernetesIp)
    .registerFunction('string.re2Matches(string): bool', re2Matches)
    .registerFunction(`${PRESENCE_TEST}(dyn, string): bool`, presenceTest)
    .registerFunction(`${OPTIONAL_LIST}(list, list): list`, optionalList)
    .registerFunction(`${OPTIONAL_MAP}(map, list): map`, optionalMap)
    .registerFunction('net.URL.getScheme(): string', (u: CelUrl) => u.parts.scheme)
    .registerFunction('net.URL.getHost(): string', (u: CelUrl) => u.parts.host)
    .registerFunction('net.URL.getHostname(): string', (u: CelUrl) => urlHostname(u.parts))
    .registerFunction('net.URL.getPort(): string', (u: CelUrl) => urlPort(u.parts))
    .registerFunction('net.URL.getEscapedPath(): string', (u: CelUrl) => escapedPath(u.parts));
  // timestamps and durations to the nanosecond, in place of cel-js's (timestamps.ts, durations.ts)
  registerDurations(environment);
  registerTimestamps(environment);
  // before rule-cache.ts meters the environment, so that building these is no rule's cost
  classes = runtimeClasses(environment);
  return environment;
}
