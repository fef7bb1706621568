/**
 * CRD rules name properties that are not CEL identifiers by their escaped names
 * (k8s.io/apiserver/pkg/cel/escaping.go), and read the property itself: the Gateway API's
 * parentRefs rules compare `p1.__namespace__`, which is each parentRef's `namespace`.
 */
import {describe, expect, it} from 'vitest';
import {adaptRuleSource} from '../../../src/engine/cel/adapt-source';
import {unescapeCelName} from '../../../src/engine/cel/escaping';
import {validateYaml} from '../../../src/engine/index';

describe('escaped property names (escaping.go Unescape)', () => {
  it.each([
    ['name', 'name'],
    ['__namespace__', 'namespace'],
    ['__in__', 'in'],
    ['x__dash__y', 'x-y'],
    ['a__dot__b__slash__c', 'a.b/c'],
    ['a__underscores__b', 'a__b'],
    ['single_underscore', 'single_underscore'],
  ])('%s names the property %s', (escaped, name) => {
    expect(unescapeCelName(escaped)).toBe(name);
  });

  it.each(['__foo__', 'x__namespace__', '__namespace__x'])('%s is no valid escape, so it names no property', (escaped) => {
    expect(unescapeCelName(escaped)).toBeUndefined();
  });

  it('reads an escaped selection by the property\'s own name, and has() of it as a presence test of that name', () => {
    expect(adaptRuleSource('has(p1.__namespace__) && p1.__namespace__ == "a"')).toBe('__has__(p1, "namespace") && p1["namespace"] == "a"');
    expect(adaptRuleSource("self.x__dash__y == 'a.__in__'")).toBe('self["x-y"] == \'a.__in__\'');
    expect(adaptRuleSource('self.plain_name.size() > 1.5')).toBe('self.plain_name.size() > 1.5');
  });
});

const route = (parentRefs: object[]): string => JSON.stringify({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'r', namespace: 'default'},
  spec: {parentRefs, rules: [{backendRefs: [{name: 'reviews', port: 9080}]}]},
});
const errors = (yaml: string): string[] => validateYaml(yaml).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

describe('HTTPRoute parentRefs, whose uniqueness rules compare each parentRef\'s namespace', () => {
  it('accepts the same Gateway name in two namespaces without sectionName', () => {
    expect(errors(route([{name: 'gw', namespace: 'a'}, {name: 'gw', namespace: 'b'}]))).toEqual([]);
  });

  it('refuses the same Gateway twice in one namespace without sectionName', () => {
    expect(errors(route([{name: 'gw', namespace: 'a'}, {name: 'gw', namespace: 'a'}])).join('\n')).toContain('sectionName must be unique');
  });

  it('accepts a namespace written once and left unset once, as the rule compares them as written', () => {
    // has(p1.__namespace__) differs between the two refs: they are not the same parent to the rule.
    expect(errors(route([{name: 'gw'}, {name: 'gw', namespace: 'default'}]))).toEqual([]);
  });
});
