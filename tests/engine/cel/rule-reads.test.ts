import {describe, expect, it} from 'vitest';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import {readKey as sharedKey} from '../../../src/engine/cel/passed-values';
import {compileRule, parsedTree} from '../../../src/engine/cel/rule-cache';
import {readShape, type ReadShape} from '../../../src/engine/cel/rule-reads';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

const str: SchemaNode = {type: 'string'};
const pathModifier: SchemaNode = {type: 'object', properties: {type: str, replacePrefixMatch: str, replaceFullPath: str}};
const filter: SchemaNode = {
  type: 'object',
  properties: {type: str, requestRedirect: {type: 'object', properties: {path: pathModifier, hostname: str}}, urlRewrite: {type: 'object', properties: {path: pathModifier}}},
};
const backendRef: SchemaNode = {type: 'object', properties: {name: str, port: {type: 'integer'}, weight: {type: 'integer'}, filters: {type: 'array', items: filter}}};
const match: SchemaNode = {type: 'object', properties: {path: {type: 'object', properties: {type: str, value: str}}, method: str}};

/** Two of Gateway API v1.5.1's HTTPRoute rules on `spec.rules[*]` (standard-install.yaml). */
const REDIRECT_WITH_BACKENDS = "(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters) || self.filters.all(f, !has(f.requestRedirect))): true";
const BACKEND_PREFIX_REWRITE =
  "(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true";
const routeRule: SchemaNode = {
  type: 'object',
  properties: {matches: {type: 'array', items: match}, filters: {type: 'array', items: filter}, backendRefs: {type: 'array', items: backendRef}},
  'x-kubernetes-validations': [
    {rule: REDIRECT_WITH_BACKENDS, message: 'RequestRedirect filter must not be used together with backendRefs'},
    {rule: BACKEND_PREFIX_REWRITE, message: 'Within backendRefs, When using URLRewrite filter with path.type ReplacePrefixMatch, exactly one PathPrefix match must be specified to use this filter'},
  ],
};

const shapeOf = (node: SchemaNode, ...rules: string[]): ReadShape =>
  readShape(
    node,
    rules.map((rule) => {
      const compiled = compileRule(rule);
      return compiled.ok ? parsedTree(compiled.program) : undefined;
    }),
  );

/** A shape as nested plain data, for readable expectations. */
function outline(shape: ReadShape): unknown {
  switch (shape.kind) {
    case 'fields':
      return Object.fromEntries(shape.fields.map(([name, read]) => [name, read === 'presence' ? read : outline(read)]));
    case 'items':
      return {items: outline(shape.item)};
    default:
      return shape.kind;
  }
}

describe('readShape', () => {
  it('follows fields, presence tests, list sizes and macro variables down to what is read by value', () => {
    expect(outline(shapeOf(routeRule, REDIRECT_WITH_BACKENDS, BACKEND_PREFIX_REWRITE))).toEqual({
      backendRefs: {items: {filters: {items: {urlRewrite: {path: {replacePrefixMatch: 'presence', type: 'compared'}}}}}},
      filters: {items: {requestRedirect: 'presence'}},
      matches: {items: {path: {type: 'compared'}}},
    });
    expect(outline(shapeOf(match, "has(self.path) != has(self.method)"))).toEqual({method: 'presence', path: 'presence'});
  });

  it('reads escaped names (`__namespace__`) as the property they name', () => {
    const ref: SchemaNode = {type: 'object', properties: {namespace: str, name: str}};
    const refs: SchemaNode = {type: 'array', items: ref};
    expect(outline(shapeOf(refs, 'self.all(p1, self.exists_one(p2, p1.name == p2.name && (has(p1.__namespace__) ? p1.__namespace__ == p2.__namespace__ : true)))'))).toEqual({
      items: {name: 'compared', namespace: 'compared'},
    });
  });

  it('reads whole what is used in any other way, or what the schema does not type as read', () => {
    const labels: SchemaNode = {type: 'object', additionalProperties: str};
    const list: SchemaNode = {type: 'array', items: str};
    expect(shapeOf(labels, 'has(self.app)')).toEqual({kind: 'whole'});
    expect(shapeOf(list, "!('*' in self && self.size() > 1)")).toEqual({kind: 'whole'});
    expect(shapeOf(list, 'self.all(h, h.startsWith("a"))')).toEqual({kind: 'items', item: {kind: 'whole'}});
    expect(shapeOf(routeRule, 'self.matches[0] == self.matches[1]')).toEqual({kind: 'fields', node: routeRule, fields: [['matches', {kind: 'items', item: {kind: 'whole'}}]]});
    expect(outline(shapeOf(routeRule, 'self.filters.map(f, f).size() > 0'))).toEqual({filters: {items: 'whole'}});
    expect(shapeOf(match, 'size(self.method) > 0 && self.method.size() < 9')).toEqual({kind: 'fields', node: match, fields: [['method', {kind: 'whole'}]]});
    expect(shapeOf(match, 'self.missing == 1')).toEqual({kind: 'whole'});
    expect(shapeOf(match, 'self.nope(')).toEqual({kind: 'whole'}); // does not compile
  });

  it('reads by value what is compared with computed values, ordered, or tested for membership in a list that is read', () => {
    expect(outline(shapeOf(match, "self.method == self.path.value + 'x'"))).toEqual({method: 'whole', path: {value: 'whole'}});
    expect(outline(shapeOf(match, "self.method < 'b' || self.method in [self.path.value]"))).toEqual({method: 'whole', path: {value: 'whole'}});
    expect(outline(shapeOf(match, "self.method in ['GET', 'PUT'] && self.path.value != ''"))).toEqual({method: 'compared', path: {value: 'compared'}});
    expect(outline(shapeOf(routeRule, 'self.filters == self.matches'))).toEqual({filters: 'whole', matches: 'whole'});
  });

  it('treats what filter() keeps as the list itself, and ranges over computed lists without reading self', () => {
    expect(outline(shapeOf(routeRule, "self.filters.filter(f, f.type == 'CORS')[0].requestRedirect.hostname == 'x'"))).toEqual({
      filters: {items: {requestRedirect: {hostname: 'compared'}, type: 'compared'}},
    });
    expect(outline(shapeOf(routeRule, "['a'].all(x, x == 'a') && has(self.filters)"))).toEqual({filters: 'presence'});
  });
});

/** A copy of the key's tokens (readKey reuses its array for the next key). */
const readKey = (shape: Parameters<typeof sharedKey>[0], value: unknown) => sharedKey(shape, value)?.slice();

describe('readKey', () => {
  const shape = shapeOf(routeRule, REDIRECT_WITH_BACKENDS, BACKEND_PREFIX_REWRITE);
  const rule = (service: string, extra: Record<string, unknown> = {}) => ({
    matches: [{path: {type: 'PathPrefix', value: `/${service}`}, method: 'GET'}],
    filters: [{type: 'RequestHeaderModifier'}],
    backendRefs: [{name: `${service}-v1`, port: 8080, weight: 90}, {name: `${service}-v2`, port: 8080, weight: 10}],
    ...extra,
  });

  it('is the same for route rules that differ only in what the rules do not read', () => {
    expect(readKey(shape, rule('shop'))).toBeDefined();
    expect(readKey(shape, rule('shop'))).toEqual(readKey(shape, rule('cart')));
  });

  it('differs where a read presence, size, item or value differs', () => {
    const base = readKey(shape, rule('shop'));
    expect(readKey(shape, rule('shop', {filters: [{type: 'RequestRedirect', requestRedirect: {}}]}))).not.toEqual(base);
    expect(readKey(shape, rule('shop', {filters: [{type: 'RequestHeaderModifier'}, {type: 'RequestHeaderModifier'}]}))).not.toEqual(base);
    expect(readKey(shape, rule('shop', {matches: [{path: {type: 'Exact', value: '/'}}]}))).not.toEqual(base);
    expect(readKey(shape, rule('shop', {matches: [{method: 'GET'}]}))).not.toEqual(base);
    expect(readKey(shape, rule('shop', {matches: []}))).not.toEqual(base);
    const {backendRefs: _, ...noBackends} = rule('shop'); // eslint-disable-line @typescript-eslint/no-unused-vars
    expect(readKey(shape, noBackends)).not.toEqual(base);
    expect(readKey(shape, rule('shop', {backendRefs: [{name: 'a', filters: [{urlRewrite: {path: {type: 'ReplacePrefixMatch'}}}]}]}))).not.toEqual(
      readKey(shape, rule('shop', {backendRefs: [{name: 'a', filters: [{urlRewrite: {path: {type: 'ReplaceFullPath'}}}]}]})),
    );
  });

  it('keys a value of another type than its shape reads whole, apart from values of the read type', () => {
    expect(readKey(shape, rule('shop', {filters: {0: {}}}))).not.toEqual(readKey(shape, rule('shop', {filters: [{}]})));
    expect(readKey(shape, rule('shop', {matches: 'x'}))).not.toEqual(readKey(shape, rule('shop', {matches: ['x']})));
  });

  it('gives up on a list too long to key', () => {
    expect(readKey(shape, rule('shop', {filters: Array.from({length: 3000}, () => ({}))}))).toBeUndefined();
  });
});

describe('readKey of a map whose rules read its keys', () => {
  const labels: SchemaNode = {type: 'object', additionalProperties: str, 'x-kubernetes-validations': [{rule: 'self.all(key, !key.contains("*"))'}, {rule: 'self.all(key, key.size() != 0)'}]};
  const shape = shapeOf(labels, 'self.all(key, !key.contains("*"))', 'self.all(key, key.size() != 0)');

  it('reads the keys alone, in order, as the map shows them to CEL', () => {
    expect(shape).toEqual({kind: 'keys', node: labels});
    expect(readKey(shape, {app: 'a-1', tier: 'web'})).toEqual(readKey(shape, {app: 'a-2', tier: 'db'}));
    expect(readKey(shape, {app: 'a-1', tier: 'web'})).not.toEqual(readKey(shape, {tier: 'web', app: 'a-1'}));
    expect(readKey(shape, {app: 'a-1'})).not.toEqual(readKey(shape, {'ap*': 'a-1'}));
    // a null value is pruned (the field is not nullable): the key is not in the map CEL sees
    expect(readKey(shape, {app: 'a-1', x: null})).toEqual(readKey(shape, {app: 'a-1'}));
    expect(readKey(shape, ['app'])).not.toEqual(readKey(shape, {app: 'x'}));
  });

  it('keeps verdicts those of a fresh evaluation', () => {
    const selector = {type: 'object', properties: {matchLabels: labels}} satisfies SchemaNode;
    for (let i = 0; i < 3; i++) {
      expect(evaluateRules(selector, {matchLabels: {app: `a-${i}`}})).toEqual([]);
      expect(evaluateRules(selector, {matchLabels: {'a*': `a-${i}`}})).toHaveLength(1);
      expect(evaluateRules(selector, {matchLabels: {'': `a-${i}`, app: 'x'}})).toHaveLength(1);
    }
  });
});

describe('readKey of compared strings', () => {
  const ref: SchemaNode = {type: 'object', properties: {namespace: str, name: str, sectionName: str}};
  const refs: SchemaNode = {type: 'array', items: ref, 'x-kubernetes-validations': [{rule: "self.all(p1, self.exists_one(p2, p1.name == p2.name && (has(p1.sectionName) ? p1.sectionName == p2.sectionName : p1.name != '')))"}]};
  const shape = shapeOf(refs, refs['x-kubernetes-validations']![0]!.rule);

  it('is the same for lists whose strings are equal and unequal in the same places', () => {
    expect(readKey(shape, [{name: 'gw-1', sectionName: 'a'}, {name: 'gw-1', sectionName: 'b'}])).toEqual(readKey(shape, [{name: 'gw-2', sectionName: 'x'}, {name: 'gw-2', sectionName: 'y'}]));
  });

  it('differs where an equality differs, where a string is a constant of the rule, or where comparing it costs more', () => {
    const base = readKey(shape, [{name: 'gw-1'}, {name: 'gw-1'}]);
    expect(readKey(shape, [{name: 'gw-1'}, {name: 'gw-2'}])).not.toEqual(base);
    expect(readKey(shape, [{name: ''}, {name: ''}])).not.toEqual(base);
    expect(readKey(shape, [{name: 'a-name-longer-than-ten'}, {name: 'a-name-longer-than-ten'}])).not.toEqual(base);
    expect(readKey(shape, [{name: 1}, {name: 1}])).not.toEqual(base);
  });

  it('keeps verdicts those of a fresh evaluation', () => {
    const gateway = {type: 'object', properties: {refs}} satisfies SchemaNode;
    for (let i = 0; i < 300; i++) {
      expect(evaluateRules(gateway, {refs: [{name: `gw-${i}`, sectionName: 'a'}, {name: `gw-${i}`, sectionName: 'b'}]})).toEqual([]);
      expect(evaluateRules(gateway, {refs: [{name: `gw-${i}`, sectionName: 'a'}, {name: `gw-${i}`, sectionName: 'a'}]})).toHaveLength(1);
      expect(evaluateRules(gateway, {refs: [{name: `gw-${i}`}, {name: `gw-${i}`}]})).toHaveLength(1);
      expect(evaluateRules(gateway, {refs: [{name: `gw-${i}`}, {name: `other-${i}`}]})).toEqual([]);
      expect(evaluateRules(gateway, {refs: [{name: ''}]})).toHaveLength(1);
    }
  });
});

describe('verdicts remembered by what the rules read', () => {
  const route: SchemaNode = {type: 'object', properties: {rules: {type: 'array', items: routeRule}}};

  it('stay those of a fresh evaluation for every route rule, whatever was judged before', () => {
    const rewrite = (type: string) => ({name: 'x', port: 80, filters: [{type: 'URLRewrite', urlRewrite: {path: {type, replacePrefixMatch: '/'}}}]});
    for (let i = 0; i < 3; i++) {
      const ok = {matches: [{path: {type: 'PathPrefix', value: '/'}}], backendRefs: [{name: `svc-${i}`, port: 80}, rewrite('ReplacePrefixMatch')]};
      expect(evaluateRules(route, {rules: [ok]})).toEqual([]);
      const twoMatches = {...ok, matches: [{path: {type: 'PathPrefix', value: '/'}}, {method: 'GET'}]};
      expect(evaluateRules(route, {rules: [twoMatches]}).map((issue) => issue.message)).toEqual([expect.stringContaining('Within backendRefs')]);
      const redirect = {...ok, filters: [{type: 'RequestRedirect', requestRedirect: {hostname: `h${i}`}}]};
      expect(evaluateRules(route, {rules: [redirect]}).map((issue) => issue.message)).toEqual([expect.stringContaining('RequestRedirect filter')]);
      expect(evaluateRules(route, {rules: [{...ok, backendRefs: [rewrite('ReplaceFullPath')]}]})).toEqual([]);
      expect(evaluateRules(route, {rules: [{...ok, matches: [{path: {type: 'Exact', value: '/'}}]}]})).toHaveLength(1);
    }
  });
});
