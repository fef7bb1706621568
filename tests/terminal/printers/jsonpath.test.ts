import {describe, expect, it, vi} from 'vitest';
import {JsonPathError, printJsonPath} from '../../../src/terminal/printers/jsonpath';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'reviews-v1-x', labels: {'kubernetes.io/metadata.name': 'x', app: 'reviews', html: '<b>&'}},
  spec: {
    initContainers: [{name: 'istio-init'}, {name: 'istio-proxy', restartPolicy: 'Always'}],
    containers: [{name: 'reviews', ports: [{containerPort: 9080}]}],
  },
  status: {conditions: [{type: 'Ready', status: 'True'}, {type: 'Initialized', status: 'False'}], ratio: 0.5, big: 1234567.5},
};

describe('kubectl -o jsonpath, as client-go\'s jsonpath prints it', () => {
  it('joins a path\'s several results with a space and adds no newline', () => {
    expect(printJsonPath('{.spec.initContainers[*].name}', pod)).toBe('istio-init istio-proxy');
    expect(printJsonPath('{.spec.containers[0].ports[0].containerPort}', pod)).toBe('9080');
  });

  it('prints maps and lists as json.Marshal: keys sorted by bytes, HTML characters escaped', () => {
    expect(printJsonPath('{.metadata.labels}', pod)).toBe('{"app":"reviews","html":"\\u003cb\\u003e\\u0026","kubernetes.io/metadata.name":"x"}');
    expect(printJsonPath('{.spec.containers[0].ports}', pod)).toBe('[{"containerPort":9080}]');
  });

  it('ranges, with quoted text (escapes read as Go reads them) between', () => {
    expect(printJsonPath('{range .spec.initContainers[*]}{.name}={.restartPolicy}{" "}{end}', pod)).toBe('istio-init= istio-proxy=Always ');
    expect(printJsonPath("{range .spec.initContainers[*]}{.name}{'\\n'}{end}", pod)).toBe('istio-init\nistio-proxy\n');
    expect(printJsonPath('name: {.metadata.name}', pod)).toBe('name: reviews-v1-x');
  });

  it('filters, escaped dots and bracketed keys', () => {
    expect(printJsonPath('{.status.conditions[?(@.type=="Ready")].status}', pod)).toBe('True');
    expect(printJsonPath('{.metadata.labels.kubernetes\\.io/metadata\\.name}', pod)).toBe('x');
    expect(printJsonPath("{.metadata.labels['kubernetes.io/metadata.name']}", pod)).toBe('x');
    expect(printJsonPath('{.spec.initContainers[-1:].name}', pod)).toBe('istio-proxy');
  });

  it('prints nothing for a missing field (kubectl allows missing keys)', () => {
    expect(printJsonPath('{.spec.nodeName}', pod)).toBe('');
    expect(printJsonPath('{.spec.containers[*].image}', pod)).toBe('');
  });

  it('prints floats as fmt does', () => {
    expect(printJsonPath('{.status.ratio} {.status.big}', pod)).toBe('0.5 1.2345675e+06');
  });

  it('fails on an unclosed action or range, and on an index out of range', () => {
    expect(() => printJsonPath('{.metadata.name', pod)).toThrow(JsonPathError);
    expect(() => printJsonPath('{range .spec.containers[*]}{.name}', pod)).toThrow(JsonPathError);
    expect(() => printJsonPath('{.spec.containers[3].name}', pod)).toThrow(/array index out of bounds/);
  });
});

describe('key order', () => {
  it('is Go\'s byte order: code points, so a character past the BMP sorts after U+FFFD, not between surrogates', () => {
    expect(printJsonPath('{.m}', {m: {'\u{1F600}': 1, '\uFFFD': 2, b: 3, B: 4}})).toBe('{"B":4,"b":3,"\uFFFD":2,"\u{1F600}":1}');
  });

  it('needs no Node Buffer: the page\'s terminal prints through it', () => {
    vi.stubGlobal('Buffer', undefined);
    try {
      expect(printJsonPath('{.m}', {m: {b: 1, a: 2}})).toBe('{"a":2,"b":1}');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
