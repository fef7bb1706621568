/**
 * For every distinct CEL rule of Istio 1.30's CRDs: a `self` value that satisfies it and one
 * that violates it. Object values are partial: the document builder fills in required fields.
 * Keyed by message + rule, because the same rule text appears with different messages.
 */
import type {SchemaNode, ValidationRule} from '../../../src/engine/schema/schema-node';
import {childSchema} from '../../../src/engine/schema/schema-node';

export interface RuleFixture {
  pass: unknown;
  fail: unknown;
}

const selector = {matchLabels: {app: 'reviews'}};
const gatewayRef = {group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress'};
const endpoint = (address: string) => ({address});

const FIXTURES: Array<[message: string, rulePrefix: string, fixture: RuleFixture]> = [
  ['only one of targetRefs or selector can be set', '(has(self.selector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1', {pass: {selector}, fail: {selector, targetRefs: [gatewayRef]}}],
  ['exactly one of wasm or lua must be set', 'has(self.wasm) != has(self.lua)', {pass: {lua: {inlineCode: 'x'}}, fail: {}}],
  ['wildcard not allowed in label key match', 'self.all(key, !key.contains("*"))', {pass: {app: 'x'}, fail: {'app*': 'x'}}],
  ['key must not be empty', 'self.all(key, key.size() != 0)', {pass: {app: 'x'}, fail: {'': 'x'}}],
  ['wildcard not allowed in label value match', '!self.contains("*")', {pass: 'reviews', fail: 'rev*'}],
  ['cross namespace referencing is not currently supported', 'self.size() == 0', {pass: '', fail: 'other'}],
  ['url must have schema one of [http, https, file, oci]', 'isURL(self)', {pass: 'oci://ghcr.io/example/filter:1', fail: 'ftp://example.com/filter.wasm'}],
  ['value may only be set when valueFrom is INLINE', '(has(self.valueFrom)', {pass: {name: 'A', valueFrom: 'HOST'}, fail: {name: 'A', valueFrom: 'HOST', value: 'x'}}],
  ['only one of targetRefs or selector can be set', '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs)', {pass: {targetRef: gatewayRef}, fail: {selector, targetRef: gatewayRef}}],
  ['must be a valid duration greater than 1ms', "duration(self) >= duration('1ms')", {pass: '1.5s', fail: '0s'}],
  ['only one of targetRefs or workloadSelector can be set', '(has(self.workloadSelector)', {pass: {workloadSelector: {labels: {app: 'x'}}}, fail: {workloadSelector: {labels: {app: 'x'}}, targetRefs: [gatewayRef]}}],
  ['only support waypointMatch when context is WAYPOINT', 'has(self.context)', {pass: {context: 'WAYPOINT', waypoint: {}}, fail: {context: 'SIDECAR_INBOUND', waypoint: {}}}],
  ['port must be between 1-65535', '0 < self && self <= 65535', {pass: 8080, fail: 70000}],
  ['wildcard is not supported in selector', '!self.contains("*")', {pass: 'reviews', fail: '*'}],
  ['only one of credentialNames or tlsCertificates can be set', '(has(self.tlsCertificates)', {pass: {credentialNames: ['a']}, fail: {credentialNames: ['a'], tlsCertificates: [{}]}}],
  ['only one of credentialName or credentialNames can be set', '(has(self.credentialName)', {pass: {credentialName: 'a'}, fail: {credentialName: 'a', credentialNames: ['b']}}],
  ['only one of credentialName or tlsCertificates can be set', '(has(self.credentialNames)', {pass: {tlsCertificates: [{}]}, fail: {credentialNames: ['a'], tlsCertificates: [{}]}}],
  ['only one of WorkloadSelector or Endpoints can be set', '(has(self.workloadSelector)', {pass: {resolution: 'STATIC', endpoints: [endpoint('10.0.0.1')]}, fail: {resolution: 'STATIC', workloadSelector: {labels: {app: 'x'}}, endpoints: [endpoint('10.0.0.1')]}}],
  ['CIDR addresses are allowed only for NONE/STATIC resolution types', '!((has(self.addresses)', {pass: {addresses: ['10.0.0.0/8'], resolution: 'STATIC'}, fail: {addresses: ['10.0.0.0/8'], resolution: 'DNS'}}],
  ['NONE mode cannot set endpoints', '((has(self.resolution) ? self.resolution : "NONE") == "NONE")', {pass: {resolution: 'STATIC', endpoints: [endpoint('10.0.0.1')]}, fail: {endpoints: [endpoint('10.0.0.1')]}}],
  ['DNS_ROUND_ROBIN mode cannot have multiple endpoints', '((has(self.resolution) ? self.resolution : "") == "DNS_ROUND_ROBIN")', {pass: {resolution: 'DNS_ROUND_ROBIN', endpoints: [endpoint('a.example.com')]}, fail: {resolution: 'DNS_ROUND_ROBIN', endpoints: [endpoint('a.example.com'), endpoint('b.example.com')]}}],
  ['Address is required', 'has(self.address) || has(self.network)', {pass: {address: '10.0.0.1'}, fail: {labels: {app: 'x'}}}],
  ['UDS may not include ports', '(has(self.address) ? self.address : "").startsWith("unix://")', {pass: {address: 'unix:///var/run/app.sock'}, fail: {address: 'unix:///var/run/app.sock', ports: {http: 8080}}}],
  ['UDS must be an absolute path or abstract socket', 'self.startsWith("unix://") ? (self.substring(7, 8)', {pass: 'unix://@abstract', fail: 'unix://relative.sock'}],
  ['UDS may not be a dir', 'self.startsWith("unix://") ? !self.endsWith("/")', {pass: 'unix:///var/run/app.sock', fail: 'unix:///var/run/'}],
  ['port name must be valid', 'self.all(key, size(key) < 63', {pass: {'http-web': 8080}, fail: {'-http': 8080}}],
  ['hostname cannot be wildcard', 'self != "*"', {pass: '*.example.com', fail: '*'}],
  ['port number cannot be duplicated', 'self.all(l1, self.exists_one(', {pass: [{number: 80, name: 'http'}, {number: 443, name: 'https'}], fail: [{number: 80, name: 'http'}, {number: 80, name: 'http-alt'}]}],
  ['scheme must be one of [HTTP, HTTPS]', 'self in ["", "HTTP", "HTTPS"]', {pass: 'HTTPS', fail: 'FTP'}],
  ['Cannot set serviceAccounts with namespaces or principals', '(has(self.serviceAccounts)', {pass: {serviceAccounts: ['default/sleep']}, fail: {serviceAccounts: ['default/sleep'], namespaces: ['default']}}],
  ['portLevelMtls requires selector', 'has(self.portLevelMtls)', {pass: {selector, portLevelMtls: {'8080': {mode: 'DISABLE'}}}, fail: {portLevelMtls: {'8080': {mode: 'DISABLE'}}}}],
  ['port must be between 1-65535', 'self.all(key, 0 < int(key)', {pass: {'8080': {mode: 'DISABLE'}}, fail: {'0': {mode: 'DISABLE'}}}],
  ['only one of jwks or jwksUri can be set', '(has(self.jwksUri)', {pass: {issuer: 'https://issuer', jwksUri: 'https://issuer/jwks'}, fail: {issuer: 'https://issuer', jwksUri: 'https://issuer/jwks', jwks: '{}'}}],
  ['url must have scheme http:// or https://', 'url(self).getScheme()', {pass: 'https://issuer.example.com/jwks', fail: 'ftp://issuer.example.com/jwks'}],
  ['value must be set when operation is UPSERT', '((has(self.operation) ? self.operation : "") == "UPSERT")', {pass: {operation: 'UPSERT', value: 'request.host'}, fail: {operation: 'UPSERT', value: ''}}],
  ['value must not be set when operation is REMOVE', '((has(self.operation) ? self.operation : "") == "REMOVE")', {pass: {operation: 'REMOVE'}, fail: {operation: 'REMOVE', value: 'x'}}],
];

export function fixtureFor(rule: ValidationRule): RuleFixture | undefined {
  const matches = FIXTURES.filter(([message, prefix]) => message === rule.message && rule.rule.startsWith(prefix));
  // The longest prefix wins: two selector rules share a beginning.
  matches.sort((a, b) => b[1].length - a[1].length);
  return matches[0]?.[2];
}

export const FIXTURE_COUNT = FIXTURES.length;

/** A schema location that carries CEL rules, as a path of schema steps. */
export interface RuleLocation {
  steps: Array<{kind: 'property'; name: string} | {kind: 'items'} | {kind: 'map'}>;
  node: SchemaNode;
}

export function ruleLocations(root: SchemaNode): RuleLocation[] {
  const found: RuleLocation[] = [];
  const visit = (node: SchemaNode, steps: RuleLocation['steps']): void => {
    if (node['x-kubernetes-validations']?.length) found.push({steps, node});
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, [...steps, {kind: 'property', name}]);
    if (node.items) visit(node.items, [...steps, {kind: 'items'}]);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, [...steps, {kind: 'map'}]);
  };
  visit(root, []);
  return found;
}

/** The smallest value of this schema that passes its type, required and enum checks. */
export function minimalValue(node: SchemaNode): unknown {
  if (node.enum) return node.enum[0];
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  const rules = node['x-kubernetes-validations'] ?? [];
  switch (type) {
    case 'object':
      return complete({}, node);
    case 'array':
      return Array.from({length: node.minItems ?? 0}, () => minimalValue(node.items ?? {}));
    case 'integer':
    case 'number':
      return Math.max(node.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      if (rules.some((rule) => rule.rule.includes('duration('))) return '1s';
      if (node.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'x'.repeat(Math.max(node.minLength ?? 1, 1));
    default:
      return {};
  }
}

/** Adds missing required fields (recursively) so a partial fixture becomes schema-valid. */
export function complete(value: unknown, node: SchemaNode): unknown {
  if (Array.isArray(value)) return value.map((item) => complete(item, node.items ?? {}));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childNode = childSchema(node, key);
    out[key] = childNode ? complete(child, childNode) : child;
  }
  for (const key of node.required ?? []) {
    const childNode = node.properties?.[key];
    if (!(key in out) && childNode) out[key] = minimalValue(childNode);
  }
  return out;
}

/**
 * A resource with `value` at `location` and every required field on the way filled in.
 * Returns the document and the JSON pointer of the value.
 */
export function documentWith(root: SchemaNode, location: RuleLocation, value: unknown, envelope: {apiVersion: string; kind: string}): {doc: unknown; pointer: string} {
  let pointer = '';
  const build = (node: SchemaNode, depth: number): unknown => {
    if (depth === location.steps.length) return complete(value, node);
    const step = location.steps[depth]!;
    if (step.kind === 'items') {
      pointer += '/0';
      return [build(node.items!, depth + 1)];
    }
    const key = step.kind === 'property' ? step.name : 'k1';
    pointer += `/${key}`;
    const child = step.kind === 'property' ? node.properties![step.name]! : (node.additionalProperties as SchemaNode);
    const inner = build(child, depth + 1);
    return complete({[key]: inner}, node);
  };
  const doc = build(root, 0) as Record<string, unknown>;
  return {doc: {...doc, ...envelope, metadata: {name: 'example'}}, pointer};
}
