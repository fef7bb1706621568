/**
 * One AuthorizationPolicy rule against one request, as istiod builds its Envoy RBAC policy
 * (istio 1.30.3 pilot/pkg/security/authz/model/model.go New, Generate; generator.go) and as
 * it converts it for ztunnel (pilot/pkg/serviceregistry/ambient/authorization.go handleRule):
 *
 * - AND across the fields of a `from` source, of a `to` operation and across `when`
 *   conditions; OR across `from` entries, across `to` entries and across a field's values.
 *   `notValues` hold when none of them matches. A rule without `from` (or `to`) has no
 *   condition there; an empty rule `{}` matches every request.
 * - A value istiod cannot turn into a matcher (an address that is no CIDR, a port that is no
 *   number, a header key without brackets), or an HTTP-only field on a TCP port (hosts,
 *   methods, paths, requestPrincipals, request.* keys): in an ALLOW policy the whole rule is
 *   skipped (it can never allow); in DENY, AUDIT and CUSTOM only that value or field is left
 *   out, so the rule matches more (model.go checkError).
 * - An unknown `when` key skips the rule whatever the action (model.New: "unknown attribute").
 * - ztunnel (L4): only ports, ipBlocks, namespaces, serviceAccounts, principals and the
 *   `when` keys source.ip, source.namespace, source.principal, destination.ip and
 *   destination.port exist. An ALLOW rule with any other field is dropped whole ("L7 policies
 *   never match for ALLOW"); a DENY rule keeps its L4 fields only, so it matches more.
 */
import {asArray, asObject, asString, type Obj} from '../../engine/istio/access';
import {netContains, parseNet} from '../linkerd/networks';
import {
  claimAt, claimMatches, claimPath, namespaceMatches, principalMatches, requestPrincipalMatches, serviceAccountMatches, trustDomainMatches,
} from './identity';
import type {PolicyAction} from './policies';
import {headerMatches, hostMatches, pathMatches, valueMatches} from './values';

/** What the enforcing proxy knows of the request. */
export interface AuthzContext {
  protocol: 'http' | 'tcp';
  method: string;
  /** Normalized path without the query. */
  path: string;
  authority: string;
  /** Lowercase names. */
  headers: Record<string, string>;
  /** destination.port: the port the workload receives on (the Service's targetPort). */
  port: number;
  sourceIp?: number[];
  remoteIp?: number[];
  destinationIp?: number[];
  /** The peer's identity, present only over Istio mTLS. */
  principal?: string;
  sni?: string;
  /** The end user's validated JWT claims (RequestAuthentication accepted the token). */
  claims?: Record<string, unknown>;
}

export type Enforcer = 'sidecar' | 'ztunnel' | 'waypoint' | 'gateway';

type Test = (value: string) => boolean | {invalid: string};

interface Field {
  /** How the rule names it: `from[0].source.principals`, `when[1] request.headers[x-user]`. */
  label: string;
  values: string[];
  notValues: string[];
  test: Test;
  /** What the request has for this field, in words. */
  actual: () => string;
  httpOnly: boolean;
  /** Kept by ztunnel's conversion. */
  l4: boolean;
}

export interface RuleVerdict {
  index: number;
  /** `skipped`: istiod left the rule out of the proxy's config (it never matches). */
  outcome: 'matched' | 'not-matched' | 'skipped';
  /** Why it did not match or was skipped; for a match, what held. */
  reasons: string[];
  /** Fields left out of the rule (DENY/AUDIT/CUSTOM leniency, ztunnel's L4 view). */
  dropped: string[];
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

function formatIp(bytes: number[] | undefined): string {
  if (!bytes) return 'none';
  return bytes.length === 4 ? bytes.join('.') : bytes.reduce<string[]>((out, b, i) => (i % 2 ? out : [...out, ((b << 8) | bytes[i + 1]!).toString(16)]), []).join(':');
}

function ipTest(address: number[] | undefined): Test {
  return (value) => {
    const net = parseNet(value);
    if (!net) return {invalid: `${JSON.stringify(value)} is not an IP address or CIDR`};
    return address !== undefined && netContains(net, address);
  };
}

function portTest(port: number): Test {
  return (value) => {
    if (!/^[0-9]+$/.test(value) || Number(value) > 65535) return {invalid: `invalid port ${JSON.stringify(value)}`};
    return Number(value) === port;
  };
}

const peer = (ctx: AuthzContext) => () => (ctx.principal ? `peer ${ctx.principal}` : 'no peer identity (plaintext)');
const jwtSays = (ctx: AuthzContext, what: string, value: unknown) => () => (ctx.claims ? `${what} ${JSON.stringify(value) ?? 'absent'}` : 'no validated JWT');

function sourceFields(source: Obj, where: string, ctx: AuthzContext, policyNamespace: string): Field[] {
  const field = (key: string, notKey: string, rest: Omit<Field, 'label' | 'values' | 'notValues'>): Field[] => {
    const values = strings(source[key]);
    const notValues = strings(source[notKey]);
    return values.length || notValues.length ? [{label: `${where}.${values.length ? key : notKey}`, values, notValues, ...rest}] : [];
  };
  const requestClaims = ctx.claims && {iss: asString(ctx.claims.iss), sub: asString(ctx.claims.sub)};
  return [
    ...field('principals', 'notPrincipals', {test: (v) => principalMatches(v, ctx.principal), actual: peer(ctx), httpOnly: false, l4: true}),
    ...field('requestPrincipals', 'notRequestPrincipals', {
      test: (v) => requestPrincipalMatches(v, requestClaims), httpOnly: true, l4: false,
      actual: () => (requestClaims ? `request principal ${requestClaims.iss ?? ''}/${requestClaims.sub ?? ''}` : 'no request principal (no validated JWT)'),
    }),
    ...field('namespaces', 'notNamespaces', {test: (v) => namespaceMatches(v, ctx.principal), actual: peer(ctx), httpOnly: false, l4: true}),
    ...field('serviceAccounts', 'notServiceAccounts', {test: (v) => serviceAccountMatches(v, policyNamespace, ctx.principal), actual: peer(ctx), httpOnly: false, l4: true}),
    // ztunnel's conversion has no trust domain match: the field is left out there.
    ...field('trustDomains', 'notTrustDomains', {test: (v) => trustDomainMatches(v, ctx.principal), actual: peer(ctx), httpOnly: false, l4: false}),
    ...field('ipBlocks', 'notIpBlocks', {test: ipTest(ctx.sourceIp), actual: () => `source.ip ${formatIp(ctx.sourceIp)}`, httpOnly: false, l4: true}),
    ...field('remoteIpBlocks', 'notRemoteIpBlocks', {test: ipTest(ctx.remoteIp), actual: () => `remote.ip ${formatIp(ctx.remoteIp)}`, httpOnly: false, l4: false}),
  ];
}

function operationFields(operation: Obj, where: string, ctx: AuthzContext): Field[] {
  const field = (key: string, notKey: string, rest: Omit<Field, 'label' | 'values' | 'notValues'>): Field[] => {
    const values = strings(operation[key]);
    const notValues = strings(operation[notKey]);
    return values.length || notValues.length ? [{label: `${where}.${values.length ? key : notKey}`, values, notValues, ...rest}] : [];
  };
  return [
    ...field('hosts', 'notHosts', {test: (v) => hostMatches(v, ctx.authority), actual: () => `host ${ctx.authority}`, httpOnly: true, l4: false}),
    ...field('ports', 'notPorts', {test: portTest(ctx.port), actual: () => `port ${ctx.port}`, httpOnly: false, l4: true}),
    ...field('methods', 'notMethods', {test: (v) => headerMatches(v, ctx.method), actual: () => `method ${ctx.method}`, httpOnly: true, l4: false}),
    ...field('paths', 'notPaths', {test: (v) => pathMatches(v, ctx.path), actual: () => `path ${ctx.path}`, httpOnly: true, l4: false}),
  ];
}

const L4_WHEN = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

/** A `when` condition as a field, or a reason the whole rule is skipped (unknown attribute). */
function whenField(condition: Obj, where: string, ctx: AuthzContext, policyNamespace: string): Field | {unknown: string} {
  const key = asString(condition.key) ?? '';
  const base = {label: `${where} ${key}`, values: strings(condition.values), notValues: strings(condition.notValues), l4: L4_WHEN.has(key)};
  const bracketed = (prefix: string) => key.slice(prefix.length);
  switch (key) {
    case 'source.ip': return {...base, test: ipTest(ctx.sourceIp), actual: () => `source.ip ${formatIp(ctx.sourceIp)}`, httpOnly: false};
    case 'remote.ip': return {...base, test: ipTest(ctx.remoteIp), actual: () => `remote.ip ${formatIp(ctx.remoteIp)}`, httpOnly: false};
    case 'source.namespace': return {...base, test: (v) => namespaceMatches(v, ctx.principal), actual: peer(ctx), httpOnly: false};
    case 'source.principal': return {...base, test: (v) => principalMatches(v, ctx.principal), actual: peer(ctx), httpOnly: false};
    case 'source.serviceAccount': return {...base, test: (v) => serviceAccountMatches(v, policyNamespace, ctx.principal), actual: peer(ctx), httpOnly: false};
    case 'source.trustDomain': return {...base, test: (v) => trustDomainMatches(v, ctx.principal), actual: peer(ctx), httpOnly: false};
    case 'destination.ip': return {...base, test: ipTest(ctx.destinationIp), actual: () => `destination.ip ${formatIp(ctx.destinationIp)}`, httpOnly: false};
    case 'destination.port': return {...base, test: portTest(ctx.port), actual: () => `destination.port ${ctx.port}`, httpOnly: false};
    case 'connection.sni': return {...base, test: (v) => valueMatches(v, ctx.sni), actual: () => (ctx.sni ? `SNI ${ctx.sni}` : 'no SNI (plaintext)'), httpOnly: false};
    case 'request.auth.principal': {
      const claims = ctx.claims && {iss: asString(ctx.claims.iss), sub: asString(ctx.claims.sub)};
      return {...base, test: (v) => requestPrincipalMatches(v, claims), actual: jwtSays(ctx, 'iss/sub', claims && `${claims.iss}/${claims.sub}`), httpOnly: true};
    }
    case 'request.auth.audiences': return {...base, test: (v) => ctx.claims !== undefined && claimMatches(v, ctx.claims.aud), actual: jwtSays(ctx, 'aud', ctx.claims?.aud), httpOnly: true};
    case 'request.auth.presenter': return {...base, test: (v) => ctx.claims !== undefined && claimMatches(v, ctx.claims.azp), actual: jwtSays(ctx, 'azp', ctx.claims?.azp), httpOnly: true};
    default: break;
  }
  if (key.startsWith('request.headers')) {
    const suffix = bracketed('request.headers');
    const name = suffix.startsWith('[') && suffix.endsWith(']') ? suffix.slice(1, -1).toLowerCase() : undefined;
    const value = name === undefined ? undefined : Object.prototype.hasOwnProperty.call(ctx.headers, name) ? ctx.headers[name] : undefined;
    return {
      ...base, httpOnly: true,
      test: (v) => (name === undefined ? {invalid: `expecting format [<NAME>], but found ${suffix}`} : headerMatches(v, value)),
      actual: () => (value === undefined ? `no header ${name}` : `header ${name}: ${value}`),
    };
  }
  if (key.startsWith('request.auth.claims')) {
    const path = claimPath(bracketed('request.auth.claims'));
    const claim = path && claimAt(ctx.claims, path);
    return {
      ...base, httpOnly: true,
      test: (v) => (path === undefined ? {invalid: `expecting format [<NAME>], but found ${bracketed('request.auth.claims')}`} : ctx.claims !== undefined && claimMatches(v, claim)),
      actual: jwtSays(ctx, `claim ${path?.join('.') ?? key}`, claim),
    };
  }
  if (key.startsWith('experimental.envoy.filters.')) {
    // Another filter's dynamic metadata: nothing the simulator runs writes any, so no value matches.
    return {...base, test: () => false, actual: () => 'no such filter metadata in the simulation', httpOnly: false};
  }
  return {unknown: `unknown attribute ${key}`};
}

/** A field's values after istiod's generation, or why it left the field or the whole rule out. */
function generate(field: Field, action: PolicyAction, enforcer: Enforcer, protocol: 'http' | 'tcp'):
  {values: string[]; notValues: string[]} | {dropped: string} | {skipRule: string} {
  const lenient = action !== 'ALLOW';
  if (enforcer === 'ztunnel' && !field.l4) {
    if (field.label.endsWith('trustDomains') || field.label.endsWith('notTrustDomains')) return {dropped: `${field.label} (ztunnel's policy has no trust domain match)`};
    return lenient ? {dropped: `${field.label} (ztunnel sees no HTTP: left out of the DENY rule)`} : {skipRule: `${field.label} is an HTTP attribute: ztunnel drops an ALLOW rule with HTTP attributes (it needs a waypoint)`};
  }
  if (enforcer !== 'ztunnel' && protocol === 'tcp' && field.httpOnly) {
    return lenient ? {dropped: `${field.label} (HTTP only, left out on a TCP port)`} : {skipRule: `${field.label} is HTTP only: on a TCP port istiod skips the ALLOW rule`};
  }
  const keep = (list: string[]): string[] | {invalid: string} => {
    const out: string[] = [];
    for (const v of list) {
      const r = field.test(v);
      if (typeof r === 'object') {
        if (!lenient && enforcer !== 'ztunnel') return r;
        continue;
      }
      out.push(v);
    }
    return out;
  };
  const values = keep(field.values);
  if (!Array.isArray(values)) return {skipRule: `${field.label}: ${values.invalid}`};
  const notValues = keep(field.notValues);
  if (!Array.isArray(notValues)) return {skipRule: `${field.label}: ${notValues.invalid}`};
  if (values.length === 0 && notValues.length === 0) return {dropped: `${field.label} (no value istiod can use)`};
  return {values, notValues};
}

function fieldHolds(field: Field, values: string[], notValues: string[]): {holds: boolean; why: string} {
  const hit = values.find((v) => field.test(v) === true);
  if (values.length && hit === undefined) return {holds: false, why: `${field.label} ${JSON.stringify(values)}: ${field.actual()} matches none`};
  const notHit = notValues.find((v) => field.test(v) === true);
  if (notHit !== undefined) return {holds: false, why: `${field.label} ${JSON.stringify(notValues)}: ${field.actual()} matches ${JSON.stringify(notHit)}`};
  return {holds: true, why: values.length ? `${field.label} ${JSON.stringify(hit)} (${field.actual()})` : `${field.label} excludes ${field.actual()}`};
}

/** An entry (a source, an operation, or all `when`s) holds when every field holds. */
function entryHolds(fields: Field[], action: PolicyAction, enforcer: Enforcer, protocol: 'http' | 'tcp', dropped: string[]):
  {holds: boolean; why: string[]} | {skipRule: string} {
  const why: string[] = [];
  let holds = true;
  for (const field of fields) {
    const generated = generate(field, action, enforcer, protocol);
    if ('skipRule' in generated) return generated;
    if ('dropped' in generated) {
      dropped.push(generated.dropped);
      continue;
    }
    const result = fieldHolds(field, generated.values, generated.notValues);
    if (!result.holds) {
      // Keep checking for fields that skip the rule; report the first failure.
      if (holds) why.splice(0, why.length, result.why);
      holds = false;
    } else if (holds) {
      why.push(result.why);
    }
  }
  return {holds, why};
}

export function evaluateRule(rule: Obj, index: number, ctx: AuthzContext, action: PolicyAction, enforcer: Enforcer, policyNamespace: string): RuleVerdict {
  const dropped: string[] = [];
  const skipped = (reason: string): RuleVerdict => ({index, outcome: 'skipped', reasons: [reason], dropped});
  const whenFields: Field[] = [];
  for (const [i, c] of asArray(rule.when).entries()) {
    const field = whenField(asObject(c) ?? {}, `when[${i}]`, ctx, policyNamespace);
    if ('unknown' in field) return skipped(`when[${i}]: ${field.unknown} (istiod skips the rule)`);
    whenFields.push(field);
  }
  const froms = asArray(rule.from).map((f, i) => sourceFields(asObject(asObject(f)?.source) ?? {}, `from[${i}].source`, ctx, policyNamespace));
  const tos = asArray(rule.to).map((t, i) => operationFields(asObject(asObject(t)?.operation) ?? {}, `to[${i}].operation`, ctx));
  const reasons: string[] = [];
  let matched = true;
  const part = (name: string, entries: Field[][]): RuleVerdict | undefined => {
    if (entries.length === 0) return undefined;
    const failures: string[] = [];
    let any: string[] | undefined;
    for (const fields of entries) {
      const result = entryHolds(fields, action, enforcer, ctx.protocol, dropped);
      if ('skipRule' in result) return skipped(result.skipRule);
      if (result.holds) any ??= result.why;
      else failures.push(...result.why);
    }
    if (any) reasons.push(any.length ? `${name}: ${any.join(', ')}` : `${name}: holds`);
    else {
      matched = false;
      reasons.push(`${name} fails: ${failures.join('; ')}`);
    }
    return undefined;
  };
  const early = part('from', froms) ?? part('to', tos) ?? part('when', whenFields.length ? [whenFields] : []);
  if (early) return early;
  if (matched && reasons.length === 0) reasons.push('an empty rule matches every request');
  return {index, outcome: matched ? 'matched' : 'not-matched', reasons: matched ? reasons : reasons.filter((r) => r.includes(' fails: ')), dropped};
}
