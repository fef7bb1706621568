/**
 * The API server's estimated-cost check of a CustomResourceDefinition's x-kubernetes-validations
 * (apiextensions-apiserver validation.go, Kubernetes 1.33): a rule whose worst case, times how
 * often its node can occur, exceeds 10^7 is refused at the rule, and a schema whose rules
 * together exceed 10^8 is refused with its costliest rules named.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {costErrorMessage, estimateSchemaCost, STATIC_ESTIMATED_COST_LIMIT} from '../../../src/engine/kubernetes/crd-cost';
import type {JsonSchema} from '../../../src/engine/cel/estimate-decl-type';
import {parseYaml} from '../../../src/engine/yaml/index';
import {sharedFile} from '../../support/shared';
import {diagnose} from '../helpers';
import {widgetCrd} from './widget-crd';

const HINT = '(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)';
const RULE_AT = 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[hosts].x-kubernetes-validations[0].rule';

/** A CRD whose spec.hosts is the given schema, indented under `hosts:`. */
const crd = (hosts: string) => widgetCrd(`
        type: object
        properties:
          spec:
            type: object
            properties:
              hosts:
${hosts}`);
const costFindings = (text: string) => diagnose(text).filter((d) => d.code === 'crd-rule-cost').map(({at, message}) => ({at, message}));

describe("getCostErrorMessage's factor", () => {
  it('is written with six decimals below 1.5, one up to 100, and as "more than 100x" beyond', () => {
    expect(costErrorMessage('estimated rule cost', 12_000_000n, STATIC_ESTIMATED_COST_LIMIT)).toBe(`estimated rule cost exceeds budget by factor of 1.200000x ${HINT}`);
    expect(costErrorMessage('estimated rule cost', 25_000_000n, STATIC_ESTIMATED_COST_LIMIT)).toBe(`estimated rule cost exceeds budget by factor of 2.5x ${HINT}`);
    expect(costErrorMessage('estimated rule cost', 1_000_000_001n, STATIC_ESTIMATED_COST_LIMIT)).toBe(`estimated rule cost exceeds budget by factor of more than 100x ${HINT}`);
  });
});

describe('a CustomResourceDefinition validated as the API server creates it', () => {
  it('refuses a quadratic rule over an unbounded list at the rule, and the schema whose total it breaks', () => {
    const text = crd(`                type: array
                items: {type: string}
                x-kubernetes-validations:
                - rule: self.all(x, self.exists(y, x == y))
`);
    expect(costFindings(text)).toEqual([
      {at: '13:7', message: `spec.versions[0].schema.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x ${HINT}`},
      {at: '23:25', message: `${RULE_AT}: Forbidden: estimated rule cost exceeds budget by factor of more than 100x ${HINT}`},
      {at: '23:25', message: `${RULE_AT}: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`},
    ]);
  });

  it('sizes an unbounded list by the smallest item a 3 MiB request holds, and a string by four bytes per character', () => {
    // 1,048,575 strings of at most 10 characters (40 bytes): 2 + 14 per item (matches: ⌈4.1⌉ × ⌈8 × 0.25⌉ + 4)
    const text = crd(`                type: array
                items: {type: string, maxLength: 10}
                x-kubernetes-validations:
                - rule: self.all(x, x.matches('^[a-z]+$'))
`);
    expect(costFindings(text)).toEqual([{at: '23:25', message: `${RULE_AT}: Forbidden: estimated rule cost exceeds budget by factor of 1.468005x ${HINT}`}]);
    expect(costFindings(text.replace('type: array', 'type: array\n                maxItems: 100'))).toEqual([]);
  });

  it("multiplies a rule's cost by its ancestors' maxItems, or by the most its node fits in a request when one is unbounded", () => {
    // the rule costs 629,147 (an unbounded string matched): 16 occurrences exceed the limit, 15 do not
    const nested = (outer: number) => crd(`                type: array
                maxItems: ${outer}
                items:
                  type: array
                  maxItems: 4
                  items:
                    type: string
                    x-kubernetes-validations:
                    - rule: self.matches('^[a-z]+$')
`);
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[hosts].items.items.x-kubernetes-validations[0].rule';
    expect(costFindings(nested(4))).toEqual([{at: '28:29', message: `${at}: Forbidden: estimated rule cost exceeds budget by factor of 1.006635x ${HINT}`}]);
    expect(costFindings(nested(3))).toEqual([]);
    expect(costFindings(nested(4).replace(/\n {16}maxItems: 4/, ''))[0]?.message).toContain('by factor of more than 100x');
  });

  it('counts a messageExpression on its own, once, not times its occurrences', () => {
    const withMessage = (maxItems: string) => crd(`                type: array
                ${maxItems}
                items:
                  type: string
                  x-kubernetes-validations:
                  - rule: self.size() > 0
                    messageExpression: "'bad host ' + self + ' in ' + self"
`);
    // 1,258,297: three string concatenations of an unbounded string, under 10^7 once, over it 100,000 times
    expect(costFindings(withMessage('maxItems: 100000'))).toEqual([]);
    const joined = crd(`                type: array
                items: {type: string}
                x-kubernetes-validations:
                - rule: self.size() > 0
                  messageExpression: self.join(', ')
`);
    const at = RULE_AT.replace(/rule$/, 'messageExpression');
    expect(costFindings(joined)).toEqual([
      {at: '13:7', message: `spec.versions[0].schema.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x ${HINT}`},
      {at: '24:38', message: `${at}: Forbidden: estimated messageExpression cost exceeds budget by factor of more than 100x ${HINT}`},
      {at: '24:38', message: `${at}: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`},
    ]);
  });
});

describe('a rule that does not compile', () => {
  it('costs nothing (the API server refuses it as a compile error, at cost 0), and the others are still estimated', () => {
    const schema: JsonSchema = {type: 'object', properties: {hosts: {type: 'array', items: {type: 'string'},
      'x-kubernetes-validations': [{rule: 'self.all(x, '}, {rule: 'self.all(x, self.exists(y, x == y))'}]}}};
    const estimate = estimateSchemaCost(schema, '', 'spec.validation.openAPIV3Schema');
    expect(estimate.estimated.map(({cost}) => cost === 0n)).toEqual([true, false]);
    expect(estimate.findings.filter((f) => f.code === 'crd-rule-cost').map((f) => f.path))
      .toEqual(['/properties/hosts/x-kubernetes-validations/1/rule', '/properties/hosts/x-kubernetes-validations/1/rule', '']);
  });
});

const SOURCES = [
  sharedFile('reference/istio-1.30.3/crd-all.gen.yaml', "Istio 1.30.3's CRDs"),
  sharedFile('reference/gateway-api-v1.5.1/standard-install.yaml', "Gateway API v1.5.1's standard CRDs"),
  sharedFile('reference/gateway-api-v1.5.1/experimental-install.yaml', "Gateway API v1.5.1's experimental CRDs"),
  sharedFile('reference/linkerd-2.20/crds.yaml', "Linkerd 2.20's CRDs"),
];

interface Crd {
  metadata: {name: string};
  spec: {versions: Array<{name: string; schema?: {openAPIV3Schema?: JsonSchema}}>};
}

describe.skipIf(SOURCES.some((s) => !s.available))("the meshes' own CRDs, which every cluster of 1.33 accepts", () => {
  const crds = SOURCES.flatMap((source) => parseYaml(readFileSync(source.path, 'utf8'), {maxBytes: 64 * 1024 * 1024}).documents
    .map((d) => d.value as Crd & {kind?: string}).filter((value) => value?.kind === 'CustomResourceDefinition'));

  it('estimate every rule and stay within both limits', () => {
    let rules = 0;
    for (const crd of crds) {
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (!schema) continue;
        const estimate = estimateSchemaCost(schema, '', `${crd.metadata.name} ${version.name}`);
        expect(estimate.estimated.filter((rule) => rule.cost === undefined), crd.metadata.name).toEqual([]);
        expect(estimate.findings, crd.metadata.name).toEqual([]);
        rules += estimate.estimated.length;
      }
    }
    // Istio's 362 rules, the Gateway API's 283 + 334
    expect(rules).toBe(362 + 283 + 334);
  });
});

/** The cost cases of apiextensions-apiserver validation_test.go (TestValidateCustomResourceDefinitionValidation), Kubernetes 1.33. */
describe("the API server's own cost cases, by the fields they forbid", () => {
  const ROOT = 'spec.validation.openAPIV3Schema';
  const forbiddenAt = (schema: JsonSchema) => estimateSchemaCost(schema, '', ROOT).findings.map((f) => f.message.slice(0, f.message.indexOf(': Forbidden: ')));
  const doubleNested = (key: JsonSchema, limits: {maxItems?: number; maxProperties?: number} = {}): JsonSchema => ({type: 'object', properties: {value: {
    type: 'array', ...(limits.maxItems !== undefined && {maxItems: limits.maxItems}),
    items: {type: 'object', ...(limits.maxProperties !== undefined && {maxProperties: limits.maxProperties}),
      additionalProperties: {type: 'object', required: ['key'], properties: {key}}},
    'x-kubernetes-validations': [{rule: 'self.all(x, x.all(y, x[y].key == x[y].key))'}],
  }}});
  const rule = `${ROOT}.properties[value].x-kubernetes-validations[0].rule`;

  it('forbids a double-nested rule with no limit set, or with only the innermost string bounded', () => {
    expect(forbiddenAt(doubleNested({type: 'string'}))).toEqual([rule, rule, ROOT]);
    expect(forbiddenAt(doubleNested({type: 'string', maxLength: 10}))).toEqual([rule, rule, ROOT]);
  });

  it('allows it with three limits set, or with numbers under an outermost array of 4', () => {
    expect(forbiddenAt(doubleNested({type: 'string', maxLength: 10}, {maxItems: 10, maxProperties: 10}))).toEqual([]);
    expect(forbiddenAt(doubleNested({type: 'number'}, {maxItems: 4}))).toEqual([]);
  });

  it('counts a field of the root object once', () => {
    expect(forbiddenAt({type: 'object', properties: {value: {type: 'integer', 'x-kubernetes-validations': [{rule: 'self < 1024'}]}}})).toEqual([]);
  });

  it('names the rules of at least 1% of the total limit when the total exceeds it, not the cheaper ones', () => {
    const keyword = {type: 'string', maxLength: 5000, 'x-kubernetes-validations': [{rule: "self.contains('keyword')"}]};
    expect(forbiddenAt({type: 'object', properties: {
      list: {type: 'array', maxItems: 100000, items: keyword},
      map: {type: 'object', maxProperties: 1000, additionalProperties: keyword},
      field: {type: 'integer', 'x-kubernetes-validations': [{rule: 'self > 50 && self < 100'}]},
    }})).toEqual([
      `${ROOT}.properties[list].items.x-kubernetes-validations[0].rule`,
      `${ROOT}.properties[list].items.x-kubernetes-validations[0].rule`,
      `${ROOT}.properties[map].additionalProperties.x-kubernetes-validations[0].rule`,
      ROOT,
    ]);
  });
});
