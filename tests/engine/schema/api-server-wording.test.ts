/**
 * Every schema error worded as the 1.33 API server returns it. kube-openapi (c8a335a9a2ff, pinned by
 * apiextensions-apiserver v0.33) makes the error: pkg/validation/errors/schema.go and
 * validate/schema_messages.go; apiextensions-apiserver's kubeOpenAPIResultToFieldErrors
 * (pkg/apiserver/validation/validation.go) turns it into a field error; apimachinery v0.33's
 * field.Error.Error() (pkg/util/validation/field/errors.go) prints it. Each case names the upstream
 * function whose text it expects. Schemas are compiled here as the schema compiler compiles them
 * (scripts/schemas/create-ajv.ts), so each keyword is seen alone.
 */
import {describe, expect, it} from 'vitest';
import {createAjv} from '../../../scripts/schemas/create-ajv';
import {goBadValue, openApiName} from '../../../src/engine/schema/api-server-errors';
import {translateAjvErrors} from '../../../src/engine/schema/ajv-issues';
import type {AjvError} from '../../../src/engine/schema/ajv-error';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';
import {errorsOf, resource, virtualService} from './helpers';

const ajv = createAjv(new Set(['date-time', 'duration', 'byte', 'ipv4', 'ipv6', 'int32']), {standalone: false});

/** The messages for `spec` under a resource whose spec has the given schema. */
function messages(specSchema: SchemaNode, spec: unknown): string[] {
  const schema: SchemaNode = {type: 'object', properties: {spec: specSchema}};
  const validate = ajv.compile(schema);
  const resource = {spec};
  if (validate(resource)) return [];
  return translateAjvErrors(validate.errors as AjvError[], schema, resource).map((issue) => issue.message);
}

const object = (properties: Record<string, SchemaNode>, extra: Partial<SchemaNode> = {}): SchemaNode => ({type: 'object', properties, ...extra});

/** The error messages of a catalog resource, as validateResource gives them. */
const errorMessages = (doc: Record<string, unknown>): string[] => errorsOf(doc).map((issue) => issue.message);

describe('field errors of kube-openapi results (kubeOpenAPIResultToFieldErrors)', () => {
  it('RequiredFailCode: field.Required, named o.Path + "." + key', () => {
    expect(messages(object({hosts: {type: 'array', items: {type: 'string'}}}, {required: ['hosts']}), {})).toEqual(['spec.hosts: Required value']);
  });

  it('EnumFailCode: field.NotSupported with strconv.Quote\'d allowed values, the bad value as %q or %v', () => {
    const mode = object({mode: {type: 'string', enum: ['STRICT', 'PERMISSIVE']}});
    expect(messages(mode, {mode: 'strict'})).toEqual(['spec.mode: Unsupported value: "strict": supported values: "STRICT", "PERMISSIVE" (did you mean "STRICT"?)']);
    expect(messages(mode, {mode: 'OFF'})).toEqual(['spec.mode: Unsupported value: "OFF": supported values: "STRICT", "PERMISSIVE"']);
    // an integer enum: the allowed values are JSON-marshalled, then quoted
    expect(messages(object({code: {type: 'integer', enum: [200, 404]}}), {code: 500})).toEqual(['spec.code: Unsupported value: 500: supported values: "200", "404"']);
  });

  it('InvalidTypeCode: field.TypeInvalid with the JSON type found (typeValidator, typeFailWithData)', () => {
    expect(messages(object({port: {type: 'integer'}}), {port: '80'})).toEqual(['spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"']);
    expect(messages(object({hosts: {type: 'array', items: {type: 'string'}}}), {hosts: {a: 1}})).toEqual(['spec.hosts: Invalid value: "object": spec.hosts in body must be of type array: "object"']);
  });

  it('TooLongFailCode: field.TooLongMaxLength, which omits the value ("Too long: may not be more than N bytes")', () => {
    expect(messages(object({name: {type: 'string', maxLength: 3}}), {name: 'abcd'})).toEqual(['spec.name: Too long: may not be more than 3 bytes']);
  });

  it('TooShortFailCode goes to field.Invalid with the value (tooShortMessage)', () => {
    expect(messages(object({name: {type: 'string', minLength: 1}}), {name: ''})).toEqual(['spec.name: Invalid value: "": spec.name in body should be at least 1 chars long']);
  });

  it('PatternFailCode: field.Invalid with patternFail, the pattern in single quotes', () => {
    const hostnames = object({hostnames: {type: 'array', items: {type: 'string', pattern: '^[a-z]+$'}}});
    expect(messages(hostnames, {hostnames: ['ok', 'Foo']})).toEqual(['spec.hostnames[1]: Invalid value: "Foo": spec.hostnames[1] in body should match \'^[a-z]+$\'']);
  });

  it('stringValidator returns at its first failure: maxLength, then minLength, then pattern', () => {
    const name = object({name: {type: 'string', maxLength: 2, minLength: 2, pattern: '^[a-z]+$'}});
    expect(messages(name, {name: 'ABC'})).toEqual(['spec.name: Too long: may not be more than 2 bytes']);
    expect(messages(name, {name: 'A'})).toEqual(['spec.name: Invalid value: "A": spec.name in body should be at least 2 chars long']);
    expect(messages(name, {name: 'AB'})).toEqual(['spec.name: Invalid value: "AB": spec.name in body should match \'^[a-z]+$\'']);
  });

  it('MaxItemsFailCode: field.TooMany with the count found', () => {
    expect(messages(object({refs: {type: 'array', items: {type: 'string'}, maxItems: 2}}), {refs: ['a', 'b', 'c']})).toEqual(['spec.refs: Too many: 3: must have at most 2 items']);
  });

  it('MinItemsFailCode goes to field.Invalid with the count (minItemsFail)', () => {
    expect(messages(object({refs: {type: 'array', items: {type: 'string'}, minItems: 1}}), {refs: []})).toEqual(['spec.refs: Invalid value: 0: spec.refs in body should have at least 1 items']);
  });

  it('TooManyPropertiesCode: field.TooMany, worded in items as TooMany words it', () => {
    const labels = object({labels: {type: 'object', additionalProperties: {type: 'string'}, maxProperties: 1}});
    expect(messages(labels, {labels: {a: 'x', b: 'y'}})).toEqual(['spec.labels: Too many: 2: must have at most 1 items']);
  });

  it('TooFewPropertiesCode goes to field.Invalid with the count (tooFewProperties)', () => {
    const ports = object({portLevelMtls: {type: 'object', additionalProperties: {type: 'string'}, minProperties: 1}});
    expect(messages(ports, {portLevelMtls: {}})).toEqual(['spec.portLevelMtls: Invalid value: 0: spec.portLevelMtls in body should have at least 1 properties']);
  });

  it('MinFailCode and MaxFailCode: the bound as int64 for an integer value (MinimumInt), as float64 %v for a float (Minimum)', () => {
    const port = object({port: {type: 'integer', minimum: 1, maximum: 65535}});
    expect(messages(port, {port: 0})).toEqual(['spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1']);
    expect(messages(port, {port: 70000})).toEqual(['spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535']);
    const percent = object({value: {type: 'number', minimum: 0.5, maximum: 1e6}});
    expect(messages(percent, {value: 0.25})).toEqual(['spec.value: Invalid value: 0.25: spec.value in body should be greater than or equal to 0.5']);
    expect(messages(percent, {value: 1234567.5})).toEqual(['spec.value: Invalid value: 1.2345675e+06: spec.value in body should be less than or equal to 1e+06']);
  });

  it('a failed string format: FormatOf\'s InvalidType, a field.TypeInvalid with the value', () => {
    expect(messages(object({timeout: {type: 'string', format: 'duration'}}), {timeout: '5x'})).toEqual([
      'spec.timeout: Invalid value: "5x": spec.timeout in body must be of type duration: "5x"',
    ]);
    expect(messages(object({at: {type: 'string', format: 'date-time'}}), {at: 'yesterday'})).toEqual([
      'spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"',
    ]);
  });

  it('a scalar of another type in a field with a kept string format fails as that format (type.go\'s first check)', () => {
    expect(messages(object({at: {type: 'string', format: 'date-time'}}), {at: 5})).toEqual([
      'spec.at: Invalid value: "int64": spec.at in body must be of type date-time: "int64" (quote it to make it a string: "5")',
    ]);
    expect(messages(object({at: {type: 'string', format: 'date-time'}}), {at: true})).toEqual([
      'spec.at: Invalid value: "": spec.at in body must be of type date-time: "" (YAML reads unquoted yes/no/on/off/true/false as booleans; quote the value to keep it a string)',
    ]);
  });

  it('names map entries with a dot, as objectValidator does (o.Path + "." + key), and list items with [i]', () => {
    const labels = object({matchLabels: {type: 'object', additionalProperties: {type: 'string', maxLength: 3}}});
    expect(messages(labels, {matchLabels: {'app.kubernetes.io/name': 'long'}})).toEqual(['spec.matchLabels.app.kubernetes.io/name: Too long: may not be more than 3 bytes']);
    expect(openApiName({spec: {rules: [{to: [{}, {}]}]}}, '/spec/rules/0/to/1')).toBe('spec.rules[0].to[1]');
  });
});

describe('combinators (validate/schema_props.go), errors that are not *errors.Validation: field.Invalid(nil, "", ...)', () => {
  // Istio's protobuf oneof: at most one of the fields.
  const atMostOne: SchemaNode = object({exact: {type: 'string'}, prefix: {type: 'string'}, regex: {type: 'string'}}, {
    oneOf: [{not: {anyOf: [{required: ['exact']}, {required: ['prefix']}, {required: ['regex']}]}}, {required: ['exact']}, {required: ['prefix']}, {required: ['regex']}],
  });
  // Linkerd's: exactly one.
  const exactlyOne: SchemaNode = object({identities: {type: 'array', items: {type: 'string'}}, identityRefs: {type: 'array', items: {type: 'string'}}}, {
    oneOf: [{required: ['identities']}, {required: ['identityRefs']}],
  });

  it('MustValidateOnlyOneSchemaError counts the valid branches ("Found N valid alternatives")', () => {
    expect(messages(object({uri: atMostOne}), {uri: {exact: '/a', prefix: '/b'}})).toEqual([
      '<nil>: Invalid value: "": "spec.uri" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ]);
    expect(messages(object({uri: atMostOne}), {uri: {exact: '/a', prefix: '/b', regex: 'c'}})).toEqual([
      '<nil>: Invalid value: "": "spec.uri" must validate one and only one schema (oneOf). Found 3 valid alternatives',
    ]);
    expect(messages(object({uri: atMostOne}), {uri: {}})).toEqual([]);
  });

  it('"Found none valid" brings the best failing branch\'s errors: the first on a tie', () => {
    expect(messages(exactlyOne, {})).toEqual([
      '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid',
      'spec.identities: Required value',
    ]);
  });

  it('allOf adds its own error after its branches\' (MustValidateAllSchemasError, ". None validated" when none did)', () => {
    const hash = object({a: {type: 'string'}, b: {type: 'string'}, c: {type: 'string'}, d: {type: 'string'}}, {
      allOf: [
        {oneOf: [{not: {anyOf: [{required: ['a']}, {required: ['b']}]}}, {required: ['a']}, {required: ['b']}]},
        {oneOf: [{not: {anyOf: [{required: ['c']}, {required: ['d']}]}}, {required: ['c']}, {required: ['d']}]},
      ],
    });
    expect(messages(object({hash}), {hash: {a: 'x', b: 'y'}})).toEqual([
      '<nil>: Invalid value: "": "spec.hash" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.hash" must validate all the schemas (allOf)',
    ]);
    expect(messages(object({hash}), {hash: {a: 'x', b: 'y', c: 'z', d: 'w'}})).toEqual([
      '<nil>: Invalid value: "": "spec.hash" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.hash" must validate all the schemas (allOf). None validated',
    ]);
  });

  it('anyOf (MustValidateAtLeastOneSchemaError) brings its best failure; a branch with more checks wins over the first', () => {
    // The Gateway API's address: type IPAddress with an IP value, or another type.
    const address = object({type: {type: 'string'}, value: {type: 'string'}}, {
      oneOf: [
        {properties: {type: {enum: ['IPAddress']}, value: {anyOf: [{format: 'ipv4'}, {format: 'ipv6'}]}}},
        {properties: {type: {not: {enum: ['IPAddress']}}}},
      ],
    });
    expect(messages(object({addresses: {type: 'array', items: address}}), {addresses: [{type: 'IPAddress', value: '1.2.3.4:80'}]})).toEqual([
      '<nil>: Invalid value: "": "spec.addresses[0]" must validate one and only one schema (oneOf). Found none valid',
      '<nil>: Invalid value: "": "spec.addresses[0].value" must validate at least one schema (anyOf)',
      'spec.addresses[0].value: Invalid value: "1.2.3.4:80": spec.addresses[0].value in body must be of type ipv4: "1.2.3.4:80"',
    ]);
    expect(messages(object({addresses: {type: 'array', items: address}}), {addresses: [{type: 'IPAddress', value: '::1'}, {type: 'Hostname', value: 'x'}]})).toEqual([]);
  });

  it('not: MustNotValidateSchemaError', () => {
    expect(messages(object({type: {type: 'string', not: {enum: ['Forbidden']}}}), {type: 'Forbidden'})).toEqual([
      '<nil>: Invalid value: "": "spec.type" must not validate the schema (not)',
    ]);
  });
});

describe('field.Error\'s bad value (ErrorBody)', () => {
  it('quotes strings as strconv.Quote does, prints numbers and booleans with %v and objects with %#v', () => {
    expect(goBadValue('a"b\n\u0007')).toBe('"a\\"b\\n\\a"');
    expect(goBadValue(3)).toBe('3');
    expect(goBadValue(0.000012)).toBe('1.2e-05');
    expect(goBadValue(false)).toBe('false');
    // apimachinery v0.33.13 ErrorBody: a nil value becomes the string "null", then %q quotes it
    expect(goBadValue(null)).toBe('"null"');
    expect(goBadValue({b: [1, 'x'], a: null})).toBe('map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}}');
  });
});

describe('a property named like a combinator', () => {
  it('is a field, not a branch: Linkerd\'s ServiceProfile condition "not" reports its own errors', () => {
    const condition = object({not: {type: 'array', items: {type: 'object'}}});
    expect(messages(object({condition}), {condition: {not: 'x'}})).toEqual([
      'spec.condition.not: Invalid value: "string": spec.condition.not in body must be of type array: "string"',
    ]);
  });
});

describe('int-or-string (x-kubernetes-int-or-string)', () => {
  // apiextensions-apiserver's ConvertJSONSchemaPropsWithPostProcess (pkg/apiserver/validation/validation.go)
  // sets the node's type to ["integer", "string"]; a CRD's anyOf next to it is converted and kept as well.
  const intOrString: SchemaNode = {type: ['integer', 'string'], 'x-kubernetes-int-or-string': true};
  const withAnyOf: SchemaNode = {...intOrString, anyOf: [{type: 'integer'}, {type: 'string'}]};
  const yamlBoolHint = ' (YAML reads unquoted yes/no/on/off/true/false as booleans; quote the value to keep it a string)';

  it('a value of neither type fails typeValidator once, the type list joined with "," (Linkerd\'s Server port has no anyOf)', () => {
    for (const [value, found, hint] of [[true, 'boolean', yamlBoolHint], [{}, 'object', ''], [[80], 'array', ''], [1.5, 'number', ' (quote it to make it a string: "1.5")']] as const) {
      expect(messages(object({port: intOrString}), {port: value}), found).toEqual([
        `spec.port: Invalid value: "${found}": spec.port in body must be of type integer,string: "${found}"${hint}`,
      ]);
    }
    for (const value of [8080, 'http', 2.0]) expect(messages(object({port: intOrString}), {port: value})).toEqual([]);
  });

  it('with the CRD\'s anyOf: the type error, then schemaPropsValidator\'s anyOf and its first branch (a tie on MatchCount), in that order', () => {
    for (const [value, found] of [[false, 'boolean'], [{a: 1}, 'object'], [['1'], 'array'], [0.5, 'number']] as const) {
      const [typeError, ...rest] = messages(object({weight: withAnyOf}), {weight: value});
      expect(typeError!.startsWith(`spec.weight: Invalid value: "${found}": spec.weight in body must be of type integer,string: "${found}"`), typeError).toBe(true);
      expect(rest).toEqual([
        '<nil>: Invalid value: "": "spec.weight" must validate at least one schema (anyOf)',
        `spec.weight: Invalid value: "${found}": spec.weight in body must be of type integer: "${found}"`,
      ]);
    }
    expect(messages(object({weight: withAnyOf}), {weight: '5'})).toEqual([]);
  });

  it('string checks apply to a string only (stringValidator.Applies), number checks to a number only (numberValidator.Applies)', () => {
    const quantity = object({weight: {...withAnyOf, pattern: '^[0-9]+m?$'}});
    expect(messages(quantity, {weight: 'abc'})).toEqual(['spec.weight: Invalid value: "abc": spec.weight in body should match \'^[0-9]+m?$\'']);
    expect(messages(quantity, {weight: 7})).toEqual([]);
    const bounded = object({port: {...intOrString, maximum: 10, maxLength: 1}});
    expect(messages(bounded, {port: 11})).toEqual(['spec.port: Invalid value: 11: spec.port in body should be less than or equal to 10']);
    expect(messages(bounded, {port: '11'})).toEqual(['spec.port: Too long: may not be more than 1 bytes']);
  });

  it('an enum: basicCommonValidator\'s EnumFail after the type error, integers listed as their JSON', () => {
    const port = object({port: {...intOrString, enum: [80, 'http']}});
    expect(messages(port, {port: 443})).toEqual(['spec.port: Unsupported value: 443: supported values: "80", "http"']);
    expect(messages(port, {port: 'https'})).toEqual(['spec.port: Unsupported value: "https": supported values: "80", "http" (did you mean "http"?)']);
    expect(messages(port, {port: true})).toEqual([
      `spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"${yamlBoolHint}`,
      'spec.port: Unsupported value: true: supported values: "80", "http"',
    ]);
    expect(messages(port, {port: 80})).toEqual([]);
  });

  it('in the catalog: Linkerd\'s Server port (no anyOf) and ServiceProfile weight (anyOf and a quantity pattern)', () => {
    const server = (port: unknown) => resource('policy.linkerd.io/v1beta3', 'Server', {podSelector: {matchLabels: {app: 'web'}}, port});
    expect(errorMessages(server({name: 'http'}))).toEqual(['spec.port: Invalid value: "object": spec.port in body must be of type integer,string: "object"']);
    expect(errorMessages(server('http'))).toEqual([]);
    const profile = (weight: unknown) => resource('linkerd.io/v1alpha2', 'ServiceProfile', {routes: [], dstOverrides: [{authority: 'web.default.svc.cluster.local:80', weight}]});
    expect(errorMessages(profile([1]))).toEqual([
      'spec.dstOverrides[0].weight: Invalid value: "array": spec.dstOverrides[0].weight in body must be of type integer,string: "array"',
      '<nil>: Invalid value: "": "spec.dstOverrides[0].weight" must validate at least one schema (anyOf)',
      'spec.dstOverrides[0].weight: Invalid value: "array": spec.dstOverrides[0].weight in body must be of type integer: "array"',
    ]);
    expect(errorMessages(profile('half'))[0]).toMatch(/^spec\.dstOverrides\[0\]\.weight: Invalid value: "half": spec\.dstOverrides\[0\]\.weight in body should match '/);
    expect(errorMessages(profile('500m'))).toEqual([]);
  });
});

describe('formats on values that are not strings (validate/type.go typeValidator, validate/formats.go formatValidator)', () => {
  const at = object({at: {type: 'string', format: 'date-time'}});

  it('a list under a kept string format is not type-checked, and formatValidator.Applies only to strings: no error', () => {
    expect(messages(at, {at: ['2024-01-01T00:00:00Z']})).toEqual([]);
    expect(messages(at, {at: ['not a date']})).toEqual([]);
    // the same list where the format is stripped (a number format) or absent fails the type as usual
    expect(messages(object({at: {type: 'string'}}), {at: ['x']})).toEqual(['spec.at: Invalid value: "array": spec.at in body must be of type string: "array"']);
  });

  it('an object, number or boolean fails as the format, named by the format its Go type implies ("" for an object or bool)', () => {
    expect(messages(at, {at: {}})).toEqual(['spec.at: Invalid value: "": spec.at in body must be of type date-time: ""']);
    expect(messages(at, {at: 1.5})).toEqual(['spec.at: Invalid value: "float64": spec.at in body must be of type date-time: "float64" (quote it to make it a string: "1.5")']);
  });

  it('items.format: each item alone; a nested list passes, a null item fails the items\' type, not the format', () => {
    expect(messages(object({ips: {type: 'array', items: {type: 'string', format: 'ipv4'}}}), {ips: ['1.2.3.4', 'x', 5, ['y'], {}, null]})).toEqual([
      'spec.ips[1]: Invalid value: "x": spec.ips[1] in body must be of type ipv4: "x"',
      'spec.ips[2]: Invalid value: "int64": spec.ips[2] in body must be of type ipv4: "int64" (quote it to make it a string: "5")',
      'spec.ips[4]: Invalid value: "": spec.ips[4] in body must be of type ipv4: ""',
      'spec.ips[5]: Invalid value: "null": spec.ips[5] in body must be of type string: "null" (a null list item is kept, unlike a null field, and fails the item\'s type)',
    ]);
  });

  it('a format-only branch (no type) refuses a number that Ajv would let through: the Gateway API\'s address value', () => {
    const gateway = (value: unknown) => resource('gateway.networking.k8s.io/v1', 'Gateway', {
      gatewayClassName: 'istio', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}], addresses: [{type: 'IPAddress', value}],
    });
    // schemaPropsValidator (the items' oneOf) runs before objectValidator (the value's own type).
    expect(errorMessages(gateway(5))).toEqual([
      '<nil>: Invalid value: "": "spec.addresses[0]" must validate one and only one schema (oneOf). Found none valid',
      '<nil>: Invalid value: "": "spec.addresses[0].value" must validate at least one schema (anyOf)',
      'spec.addresses[0].value: Invalid value: "int64": spec.addresses[0].value in body must be of type ipv4: "int64"',
      'spec.addresses[0].value: Invalid value: "integer": spec.addresses[0].value in body must be of type string: "integer" (quote it to make it a string: "5")',
    ]);
    // a list passes both format-only branches; only the value's `type: string` fails
    expect(errorMessages(gateway(['1.2.3.4']))).toEqual(['spec.addresses[0].value: Invalid value: "array": spec.addresses[0].value in body must be of type string: "array"']);
  });

  it('in the catalog: VirtualService\'s body bytes (byte) and Linkerd HTTPRoute\'s backendRequest timeout (duration)', () => {
    const bytes = (value: unknown) => virtualService({hosts: ['a'], http: [{directResponse: {status: 200, body: {bytes: value}}}]});
    expect(errorMessages(bytes(['aGk=']))).toEqual([]);
    expect(errorMessages(bytes({}))).toEqual(['spec.http[0].directResponse.body.bytes: Invalid value: "": spec.http[0].directResponse.body.bytes in body must be of type byte: ""']);
    const route = (timeout: unknown) => resource('policy.linkerd.io/v1beta3', 'HTTPRoute', {parentRefs: [{name: 'web', kind: 'Server', group: 'policy.linkerd.io'}], rules: [{timeouts: {backendRequest: timeout}}]});
    expect(errorMessages(route(['1s']))).toEqual([]);
    expect(errorMessages(route(5))).toEqual([
      'spec.rules[0].timeouts.backendRequest: Invalid value: "int64": spec.rules[0].timeouts.backendRequest in body must be of type duration: "int64" (quote it to make it a string: "5")',
    ]);
  });
});

describe('null (SchemaValidator.Validate with nil data runs the type and enum validators only)', () => {
  it('a null list item fails the items\' type and their enum, the bad value printed as "null" (apimachinery v0.33 ErrorBody)', () => {
    expect(messages(object({modes: {type: 'array', items: {type: 'string', enum: ['A', 'B']}}}), {modes: ['A', null]})).toEqual([
      'spec.modes[1]: Invalid value: "null": spec.modes[1] in body must be of type string: "null" (a null list item is kept, unlike a null field, and fails the item\'s type)',
      'spec.modes[1]: Unsupported value: "null": supported values: "A", "B"',
    ]);
  });

  it('a null list item meets no combinator: only its type fails', () => {
    const item: SchemaNode = object({a: {type: 'string'}, b: {type: 'string'}}, {oneOf: [{required: ['a']}, {required: ['b']}]});
    expect(messages(object({refs: {type: 'array', items: item}}), {refs: [null]})).toEqual([
      'spec.refs[0]: Invalid value: "null": spec.refs[0] in body must be of type object: "null" (a null list item is kept, unlike a null field, and fails the item\'s type)',
    ]);
  });

  it('a null field the schema does not allow is dropped (PruneNonNullableNullsWithoutDefaults): a warning, no enum or format error', () => {
    const issues = (spec: unknown, schema: SchemaNode) => {
      const whole: SchemaNode = {type: 'object', properties: {spec: schema}};
      const validate = ajv.compile(whole);
      validate({spec});
      return translateAjvErrors(validate.errors as AjvError[], whole, {spec}).map((issue) => [issue.severity, issue.code]);
    };
    expect(issues({mode: null}, object({mode: {type: 'string', enum: ['A']}}))).toEqual([['warning', 'null-dropped']]);
    expect(issues({at: null}, object({at: {type: 'string', format: 'date-time'}}))).toEqual([['warning', 'null-dropped']]);
  });
});
