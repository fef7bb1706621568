/**
 * Indentation inside flow collections and quoted scalars, as kubectl's YAML reader (go-yaml
 * v2) reads it: not checked there, where YAML 1.2 (js-yaml) wants every line deeper than the
 * block that holds the node.
 */
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../../src/engine/index';
import {locate, parseYaml} from '../../../src/engine/yaml/index';

function read(text: string) {
  const parsed = parseYaml(text);
  const [document] = parsed.documents;
  return {value: document!.value, problems: document!.problems.map((p) => `${p.code}@${parsed.lines.position(p.start).line}`), root: document!.root};
}

describe('a flow collection whose lines are no deeper than its key', () => {
  it('is read, with its closing bracket at the key\'s indentation (JSON style)', () => {
    expect(read('spec:\n  hosts: [\n    "a.example.com",\n  ]\n  exportTo: ["."]\n')).toMatchObject({
      value: {spec: {hosts: ['a.example.com'], exportTo: ['.']}}, problems: [],
    });
  });

  it('is read with entries at any indentation, mappings too', () => {
    expect(read('spec:\n  hosts: [a,\nb]\n  labels: {app: web,\nversion: v1}\n').value).toEqual({spec: {hosts: ['a', 'b'], labels: {app: 'web', version: 'v1'}}});
    expect(read('items:\n  - [x,\n  z]\n  - w\n').value).toEqual({items: [['x', 'z'], 'w']});
  });

  it('keeps every position as written', () => {
    const text = 'spec:\n  hosts: [\n  a, bb\n  ]\n';
    const {root} = read(text);
    const item = locate(root, '/spec/hosts/1')!;
    const list = locate(root, '/spec/hosts')!;
    expect(text.slice(item.value.start, item.value.end)).toBe('bb');
    expect(text.slice(list.value.start, list.value.end)).toBe('[\n  a, bb\n  ]');
  });

  it('still fails where go-yaml fails too: an unclosed bracket, an extra one', () => {
    expect(read('a: [b,\n  c\n').problems).toEqual(['yaml-unclosed-bracket@1']);
    expect(read('a: [b,\nc]]\nd: 1\n').problems).toHaveLength(1);
  });
});

describe('a quoted scalar whose lines are no deeper than its key', () => {
  it('is read, folded as usual', () => {
    expect(read('a: "x\ny"\nb: \'p\nq\'\n').value).toEqual({a: 'x y', b: 'p q'});
  });
});

describe('through validateYaml', () => {
  it('leaves a JSON-style ServiceEntry without a syntax error', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: ext\nspec:\n  hosts: [\n  "api.example.com"\n  ]\n' +
      '  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n';
    expect(validateYaml(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
