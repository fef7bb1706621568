import {describe, expect, it} from 'vitest';
import {catalog, schemas} from '../../../src/engine/generated/schema-data.mjs';
import {collectFormats, createAjv} from '../../../scripts/schemas/create-ajv';
import type {GeneratedValidator} from '../../../src/engine/schema/ajv-error';
import {translateAjvErrors} from '../../../src/engine/schema/ajv-issues';
import {findKind, knownKinds, validateResource} from '../../../src/engine/schema/index';
import {errorsOf, issuesOf, resource, virtualService} from './helpers';

const reviewsRoute = {route: [{destination: {host: 'reviews', subset: 'v1'}}]};

/** The catalog holds the Gateway API's and Linkerd's CRDs too (tests/engine/gateway-api, tests/engine/linkerd). */
function istioKinds() {
  return knownKinds().filter((gvk) => gvk.group.endsWith('istio.io'));
}

function schemaOf(kind: string) {
  return schemas[catalog.find((e) => e.kind === kind && e.version === 'v1')!.schemaId]!;
}

describe('catalog', () => {
  it('knows the 33 served Istio group/version/kinds', () => {
    const keys = istioKinds().map((gvk) => `${gvk.group}/${gvk.version}/${gvk.kind}`);
    expect(keys).toHaveLength(33);
    expect(new Set(keys).size).toBe(33);
    expect(keys).toContain('networking.istio.io/v1/VirtualService');
    expect(keys).toContain('security.istio.io/v1beta1/PeerAuthentication');
    expect(keys).toContain('telemetry.istio.io/v1alpha1/Telemetry');
  });

  it('finds kinds by apiVersion and kind, and nothing else', () => {
    expect(findKind('networking.istio.io/v1beta1', 'Gateway')).toEqual({group: 'networking.istio.io', version: 'v1beta1', kind: 'Gateway'});
    expect(findKind('networking.istio.io/v2', 'Gateway')).toBeUndefined();
    expect(findKind('networking.istio.io/v1', 'gateway')).toBeUndefined();
    expect(findKind('v1', 'Service')).toBeUndefined();
  });

  it('returns undefined for kinds it does not know, so the caller can report them', () => {
    expect(validateResource('apps/v1', 'Deployment', {})).toBeUndefined();
    expect(validateResource('networking.istio.io/v1', 'VirtualServices', {})).toBeUndefined();
  });

  it.each(istioKinds().map((gvk) => [`${gvk.group}/${gvk.version}`, gvk.kind]))('accepts a minimal %s %s and rejects an unknown spec field', (apiVersion, kind) => {
    // Every served version validates against its own schema (strict about unknown fields).
    const minimal: Record<string, unknown> = {
      DestinationRule: {host: 'reviews'},
      ServiceEntry: {hosts: ['api.example.com']},
      WorkloadEntry: {address: '10.0.0.1'},
      WorkloadGroup: {template: {}},
      Gateway: {servers: [{port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['*']}]},
      Sidecar: {},
      WasmPlugin: {url: 'oci://ghcr.io/example/filter:1'},
      TrafficExtension: {lua: {inlineCode: 'function envoy_on_request(h) end'}},
    };
    const spec = minimal[kind] ?? {};
    expect(errorsOf(resource(apiVersion, kind, spec))).toEqual([]);
    const wrong = errorsOf(resource(apiVersion, kind, {...(spec as object), specialField: 1}));
    expect(wrong.map((issue) => [issue.code, issue.path, issue.at])).toEqual([['unknown-field', '/spec/specialField', 'key']]);
  });
});

describe('unknown fields', () => {
  it('names the field like kubectl and suggests the closest sibling', () => {
    const [issue, ...rest] = errorsOf(virtualService({hosts: ['reviews'], http: [{rout: []}]}));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({path: '/spec/http/0/rout', at: 'key', code: 'unknown-field', severity: 'error'});
    expect(issue!.message).toBe('unknown field "spec.http[0].rout", did you mean "route"?');
  });

  it('catches transpositions and case slips, and lists fields when nothing is close', () => {
    const messages = errorsOf(virtualService({hosts: ['reviews'], http: [{rotue: [], Timeout: '1s', zzzzzzzz: 1}]})).map((i) => i.message);
    expect(messages).toContain('unknown field "spec.http[0].rotue", did you mean "route"?');
    expect(messages).toContain('unknown field "spec.http[0].Timeout", did you mean "timeout"?');
    const far = messages.find((m) => m.includes('zzzzzzzz'))!;
    expect(far).not.toContain('did you mean');
    expect(far).toContain('known fields:');
    expect(far).toContain('route');
  });

  it('rejects unknown top-level fields but treats metadata as an open object', () => {
    const doc: Record<string, unknown> = {...virtualService({hosts: ['a']}), extra: true};
    (doc.metadata as Record<string, unknown>).whatever = {deep: 1};
    expect(errorsOf(doc).map((i) => i.path)).toEqual(['/extra']);
  });

  it('allows anything below x-kubernetes-preserve-unknown-fields (EnvoyFilter patch values, Wasm pluginConfig)', () => {
    const envoyFilter = resource('networking.istio.io/v1alpha3', 'EnvoyFilter', {
      configPatches: [{applyTo: 'HTTP_FILTER', patch: {operation: 'INSERT_BEFORE', value: {name: 'x', typed_config: {'@type': 'type.googleapis.com/x', anything: [1, {b: 2}]}}}}],
    });
    expect(errorsOf(envoyFilter)).toEqual([]);
    const wasm = resource('extensions.istio.io/v1alpha1', 'WasmPlugin', {url: 'oci://ghcr.io/x/y:1', pluginConfig: {free: {form: ['x']}}});
    expect(errorsOf(wasm)).toEqual([]);
  });

  it('reports map keys in brackets, like the API server', () => {
    const doc = virtualService({hosts: ['a'], http: [{match: [{headers: {'end-user': {exact: 'jason', exactly: 'x'}}}], ...reviewsRoute}]});
    const [issue] = errorsOf(doc);
    expect(issue!.message).toBe('unknown field "spec.http[0].match[0].headers[end-user].exactly", did you mean "exact"?');
    expect(issue!.path).toBe('/spec/http/0/match/0/headers/end-user/exactly');
  });

  it('escapes JSON pointer segments', () => {
    const doc = virtualService({hosts: ['a'], http: [{match: [{headers: {'a/b~c': {exact: 'x', 'bad/key': 1}}}], ...reviewsRoute}]});
    expect(errorsOf(doc).map((i) => i.path)).toEqual(['/spec/http/0/match/0/headers/a~1b~0c/bad~1key']);
  });
});

describe('types', () => {
  it('treats a YAML 1.1 boolean (exact: yes) as a type error with a quoting hint', () => {
    const doc = virtualService({hosts: ['a'], http: [{match: [{headers: {'end-user': {exact: true}}}], ...reviewsRoute}]});
    const [issue, ...rest] = errorsOf(doc);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({path: '/spec/http/0/match/0/headers/end-user/exact', at: 'value', code: 'type'});
    // kube-openapi typeValidator: InvalidType(path, "body", "string", "boolean"), a field.TypeInvalid; then the project's hint.
    expect(issue!.message).toBe('spec.http[0].match[0].headers.end-user.exact: Invalid value: "boolean": spec.http[0].match[0].headers.end-user.exact in body must be of type string: "boolean" (YAML reads unquoted yes/no/on/off/true/false as booleans; quote the value to keep it a string)');
  });

  it('explains YAML 1.1 timestamps reaching a string field', () => {
    const doc = virtualService({hosts: ['a'], http: [{match: [{headers: {release: {exact: new Date('2026-01-31T00:00:00Z')}}}], ...reviewsRoute}]});
    const [issue] = errorsOf(doc);
    // A time.Time is a struct to schemaInfoForType: "object".
    expect(issue!.message).toBe('spec.http[0].match[0].headers.release.exact: Invalid value: "object": spec.http[0].match[0].headers.release.exact in body must be of type string: "object" (YAML 1.1 reads unquoted dates as timestamps; quote the value)');
  });

  it('rejects a string where an integer is expected and vice versa', () => {
    const doc = virtualService({hosts: 'reviews', http: [{route: [{destination: {host: 'reviews'}, weight: '50'}]}]});
    const issues = errorsOf(doc);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/spec/hosts', 'type'],
      ['/spec/http/0/route/0/weight', 'type'],
    ]);
    expect(issues[0]!.message).toBe('spec.hosts: Invalid value: "string": spec.hosts in body must be of type array: "string"');
    expect(issues[1]!.message).toBe('spec.http[0].route[0].weight: Invalid value: "string": spec.http[0].route[0].weight in body must be of type integer: "string"');
  });

  it('accepts int-or-string as either an integer or a string, nothing else', () => {
    // status.observedGeneration is the int-or-string field of every Istio kind. Checked with a validator
    // compiled here from the whole schema: validateResource drops status, as the API server does, and the
    // generated validators leave it out.
    const schema = schemaOf('VirtualService');
    const validate = createAjv(collectFormats(schema, new Set()), {standalone: false}).compile(schema) as unknown as GeneratedValidator;
    const base = resource('networking.istio.io/v1', 'VirtualService', {hosts: ['a']});
    for (const observed of [3, '3']) expect(validate({...base, status: {observedGeneration: observed}})).toBe(true);
    for (const [observed, found] of [[true, 'boolean'], [1.5, 'number'], [{}, 'object']] as const) {
      const doc = {...base, status: {observedGeneration: observed}};
      expect(validate(doc)).toBe(false);
      const [issue, anyOf, branch, ...rest] = translateAjvErrors(validate.errors!, schemaOf('VirtualService'), doc);
      expect(issue).toMatchObject({path: '/status/observedGeneration', code: 'type'});
      // ConvertJSONSchemaPropsWithPostProcess makes an int-or-string node's type ["integer", "string"]; typeValidator joins it with ",".
      // (a boolean also gets the project's quoting hint after the API server's text)
      expect(issue!.message.startsWith(`status.observedGeneration: Invalid value: "${found}": status.observedGeneration in body must be of type integer,string: "${found}"`)).toBe(true);
      // Istio's CRD keeps `anyOf: [{type: integer}, {type: string}]` beside it: the anyOf fails too, with its first branch's error.
      expect(anyOf!.message).toBe('<nil>: Invalid value: "": "status.observedGeneration" must validate at least one schema (anyOf)');
      expect(branch!.message).toBe(`status.observedGeneration: Invalid value: "${found}": status.observedGeneration in body must be of type integer: "${found}"`);
      expect(rest).toEqual([]);
    }
  });

  it('accepts null only where the schema is nullable; elsewhere warns that the API server drops it', () => {
    const wasm = (priority: unknown) => resource('extensions.istio.io/v1alpha1', 'WasmPlugin', {url: 'oci://x/y:1', priority});
    expect(issuesOf(wasm(null))).toEqual([]);
    expect(issuesOf(wasm(10))).toEqual([]);
    const issues = issuesOf(virtualService({hosts: ['a'], http: [{timeout: null, ...reviewsRoute}]}));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({path: '/spec/http/0/timeout', code: 'null-dropped', severity: 'warning'});
  });

  it('reports a required field whose null value is dropped as missing, at its key', () => {
    const issues = issuesOf(virtualService({hosts: ['a'], http: [{route: [{destination: {host: null}}]}]}));
    expect(issues.map((i) => [i.code, i.path, i.at])).toEqual([
      ['required', '/spec/http/0/route/0/destination/host', 'key'],
      ['cel-skipped', '', 'value'],
    ]);
  });
});

describe('numbers', () => {
  const wasm = (priority: unknown) => resource('extensions.istio.io/v1alpha1', 'WasmPlugin', {url: 'oci://x/y:1', priority});

  it('enforces int32 bounds for int32 fields', () => {
    expect(errorsOf(wasm(2147483647))).toEqual([]);
    expect(errorsOf(wasm(-2147483648))).toEqual([]);
    for (const outside of [2147483648, -2147483649]) {
      const [issue] = errorsOf(wasm(outside));
      expect(issue).toMatchObject({path: '/spec/priority', code: 'format'});
      expect(issue!.message).toContain('32-bit integer');
    }
  });

  it('enforces uint32 bounds (minimum 0, maximum 4294967295)', () => {
    const port = (number: number) => virtualService({hosts: ['a'], http: [{route: [{destination: {host: 'a', port: {number}}}]}]});
    expect(errorsOf(port(4294967295))).toEqual([]);
    expect(errorsOf(port(4294967296)).map((i) => i.code)).toEqual(['maximum']);
    const [negative] = errorsOf(port(-1));
    expect(negative).toMatchObject({code: 'minimum', path: '/spec/http/0/route/0/destination/port/number'});
    // MinimumNativeType -> MinimumInt for an int64 value: ExceedsMinimumInt, a field.Invalid with the value.
    expect(negative!.message).toBe('spec.http[0].route[0].destination.port.number: Invalid value: -1: spec.http[0].route[0].destination.port.number in body should be greater than or equal to 0');
  });

  it('does not require route weights to add up to 100 (they are relative)', () => {
    const doc = virtualService({hosts: ['a'], http: [{route: [{destination: {host: 'a', subset: 'v1'}, weight: 1}, {destination: {host: 'a', subset: 'v2'}, weight: 3}]}]});
    expect(issuesOf(doc)).toEqual([]);
  });
});

describe('enums', () => {
  it('lists the supported values and suggests the closest one', () => {
    const pa = resource('security.istio.io/v1', 'PeerAuthentication', {mtls: {mode: 'strict'}});
    const [issue] = errorsOf(pa);
    expect(issue).toMatchObject({path: '/spec/mtls/mode', code: 'enum'});
    expect(issue!.message).toBe('spec.mtls.mode: Unsupported value: "strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT" (did you mean "STRICT"?)');
  });

  it.each(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'])('accepts PeerAuthentication mode %s', (mode) => {
    expect(issuesOf(resource('security.istio.io/v1', 'PeerAuthentication', {mtls: {mode}}))).toEqual([]);
  });
});

describe('required fields', () => {
  it('reports the missing field at the object that lacks it', () => {
    const doc = virtualService({hosts: ['a'], http: [{route: [{weight: 100}]}]});
    const [issue] = errorsOf(doc);
    expect(issue).toMatchObject({path: '/spec/http/0/route/0', at: 'value', code: 'required'});
    expect(issue!.message).toBe('spec.http[0].route[0].destination: Required value');
  });

  it('anchors on the key of a mapping that lacks a field', () => {
    const doc = virtualService({hosts: ['a'], http: [{route: [{destination: {subset: 'v1'}}]}]});
    const [issue] = errorsOf(doc);
    expect(issue).toMatchObject({path: '/spec/http/0/route/0/destination', at: 'key', code: 'required'});
    expect(issue!.message).toBe('spec.http[0].route[0].destination.host: Required value');
  });

  it('requires spec on kinds whose CRD says so', () => {
    const doc = {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name: 'x'}};
    expect(errorsOf(doc).map((i) => [i.path, i.code])).toEqual([['', 'required']]);
  });
});

describe('oneOf (protobuf oneofs)', () => {
  it('reports StringMatch exact|prefix|regex set together as kube-openapi does: three valid branches', () => {
    const doc = virtualService({hosts: ['a'], http: [{match: [{uri: {exact: '/a', prefix: '/b', regex: '.*'}}], ...reviewsRoute}]});
    const issues = errorsOf(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({path: '/spec/http/0/match/0/uri', code: 'one-of'});
    // schemaPropsValidator: MustValidateOnlyOneSchemaError, not a *errors.Validation, so kubeOpenAPIResultToFieldErrors
    // makes it field.Invalid(nil, "", err.Error()): the field is "<nil>".
    expect(issues[0]!.message).toBe('<nil>: Invalid value: "": "spec.http[0].match[0].uri" must validate one and only one schema (oneOf). Found 3 valid alternatives');
  });

  it('allows an empty or single-choice StringMatch', () => {
    for (const uri of [{}, {exact: '/a'}, {prefix: '/a'}, {regex: '/a.*'}]) {
      expect(issuesOf(virtualService({hosts: ['a'], http: [{match: [{uri}], ...reviewsRoute}]}))).toEqual([]);
    }
  });

  it('handles several oneOfs under allOf (consistentHash)', () => {
    const dr = resource('networking.istio.io/v1', 'DestinationRule', {
      host: 'a',
      trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: 'x', useSourceIp: true, ringHash: {}, maglev: {}}}},
    });
    // Each allOf branch's oneOf fails alike (one text, kept once as field.ErrorList.ToAggregate keeps it), then allOf's own error.
    expect(errorsOf(dr).map((i) => i.message)).toEqual([
      '<nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer.consistentHash" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer.consistentHash" must validate all the schemas (allOf). None validated',
    ]);
  });

  it('reports simple and consistentHash set together', () => {
    const dr = resource('networking.istio.io/v1', 'DestinationRule', {host: 'a', trafficPolicy: {loadBalancer: {simple: 'ROUND_ROBIN', consistentHash: {useSourceIp: true}}}});
    expect(errorsOf(dr).map((i) => i.message)).toEqual(['<nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
  });
});

describe('status', () => {
  it('is ignored like the API server does, with one note instead of its problems', () => {
    const doc = {...virtualService({hosts: ['a']}), status: {observedGeneration: true, conditions: 'x'}};
    const issues = issuesOf(doc);
    expect(issues).toEqual([expect.objectContaining({path: '/status', code: 'status-ignored', severity: 'info', at: 'key'})]);
  });

  it('is dropped before validation (PrepareForCreate): its CEL rules do not run, its defaults are not filled in', () => {
    // The Gateway API's Gateway: status defaults to Pending conditions, and status.addresses carries a CEL rule.
    const gateway = {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'g'}, spec: {gatewayClassName: 'istio', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}};
    expect(validateResource(gateway.apiVersion, gateway.kind, gateway)).toEqual([]);
    const addresses = [{type: 'Hostname', value: 'Not a host!'}]; // fails the rule on status.addresses[]
    const issues = validateResource(gateway.apiVersion, gateway.kind, {...gateway, status: {addresses}})!;
    expect(issues.map((issue) => issue.code)).toEqual(['status-ignored']);
  });

  it('has no part in the generated validators of kinds with a status subresource', () => {
    const entry = catalog.find((e) => e.kind === 'VirtualService' && e.version === 'v1')!;
    expect(entry.statusSubresource).toBe(true);
    expect(schemas[entry.schemaId]!.properties!.status).toBeDefined(); // describe and field help still read it
  });
});

describe('list types', () => {
  it('rejects duplicate keys in x-kubernetes-list-type=map lists', () => {
    const wasm = resource('extensions.istio.io/v1alpha1', 'WasmPlugin', {url: 'oci://x/y:1', match: [{ports: [{number: 80}, {number: 80}]}]});
    const issues = errorsOf(wasm);
    expect(issues.map((i) => [i.path, i.code])).toEqual([['/spec/match/0/ports/1', 'duplicate']]);
    expect(issues[0]!.message).toContain('number: 80');
  });
});

describe('CEL gating', () => {
  it('skips CEL rules when blocking errors exist, as the API server does', () => {
    const doc = virtualService({hosts: ['a'], http: [{timeout: '0s', route: [{destination: {host: 'a'}, weight: 'x'}]}]});
    const issues = issuesOf(doc);
    expect(issues.map((i) => i.code)).toEqual(['type', 'cel-skipped']);
    expect(issues[1]!.severity).toBe('info');
  });

  it('runs CEL rules alongside non-blocking errors such as unknown fields', () => {
    const doc = virtualService({hosts: ['a'], http: [{timeout: '0s', rout: [], ...reviewsRoute}]});
    expect(issuesOf(doc).map((i) => i.code)).toEqual(['unknown-field', 'cel']);
  });
});
