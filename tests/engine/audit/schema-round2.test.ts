/**
 * Audit round 2: CRD schema verdicts as the API server gives them (apiextensions-apiserver structural
 * schema + kube-openapi validate), for values as kubectl sends them (YAML -> go-yaml v2 -> JSON).
 */
import {describe, expect, it} from 'vitest';
import {findings} from './helpers';

const se = (port: string) =>
  `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: se\nspec:\n  hosts: [a.example.com]\n  resolution: DNS\n  ports:\n  - name: http\n    protocol: HTTP\n    number: ${port}\n`;
const vs = (spec: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n${spec}`;
const errors = (text: string) => findings(text).filter((f) => f.severity === 'error');

describe('numbers for integer fields', () => {
  // kube-openapi validate/type.go: isFloatInt (swag.IsFloat64AJSONInteger) accepts a whole float for "integer";
  // kubectl also re-encodes float64 80 as 80 before sending.
  it.each(['80', '80.0', '1e2', '0x50', '0o120', '0120', '1_0', '80 # trailing comment', '!!float 80'])('accepts %s', (port) => {
    expect(errors(se(port))).toEqual([]);
  });

  it.each([['80.5', 'expected integer, got number'], ['"80"', 'expected integer, got string'], ['1:20', 'expected integer, got string'],
    ['!!str 80', 'expected integer, got string']])('rejects %s', (port, message) => {
    expect(errors(se(port))).toEqual([expect.objectContaining({code: 'type', message: `spec.ports[0].number: ${message}`})]);
  });

  it('rejects .inf: JSON cannot carry it, so kubectl fails converting YAML to JSON', () => {
    // sigs.k8s.io/yaml yamlToJSONTarget -> json.Marshal: unsupported value: +Inf
    expect(errors(se('.inf')).map((f) => f.code)).toContain('yaml-non-finite-number');
  });
});

describe('type, enum and unknown-field verdicts', () => {
  it('reports an unknown field with its full path, as strict field validation does', () => {
    // apiextensions-apiserver pruning with returnUnknownFieldPaths: unknown field "spec.http[0].rout"
    expect(errors(vs('  hosts: [r]\n  http:\n  - rout:\n    - destination: {host: r}\n'))).toEqual([expect.objectContaining({
      at: '8:5', code: 'unknown-field', message: expect.stringContaining('unknown field "spec.http[0].rout"'),
    })]);
  });

  it('rejects a string where a list is expected, at the value', () => {
    expect(errors(vs('  hosts: reviews\n'))).toEqual([expect.objectContaining({at: '6:10', code: 'type', message: 'spec.hosts: expected array, got string'})]);
  });

  it('rejects a duration written as a bare number', () => {
    expect(errors(vs('  hosts: [r]\n  http:\n  - timeout: 5\n    route:\n    - destination: {host: r}\n'))[0]).toMatchObject({at: '8:14', code: 'type'});
  });

  it('rejects an enum value in the wrong case, with the supported values', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n  trafficPolicy:\n    loadBalancer: {simple: round_robin}\n';
    expect(errors(text)).toEqual([expect.objectContaining({
      code: 'enum', message: expect.stringContaining('spec.trafficPolicy.loadBalancer.simple: Unsupported value: "round_robin": supported values:'),
    })]);
  });

  it('reads sni: yes as a boolean (YAML 1.1) and rejects it for a string field', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n  trafficPolicy:\n    tls: {mode: SIMPLE, sni: on}\n';
    expect(errors(text)).toEqual([expect.objectContaining({code: 'type', message: expect.stringContaining('expected string, got boolean')})]);
  });

  it('accepts a whole-number weight written as a float', () => {
    expect(errors(vs('  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r}\n      weight: 100.0\n'))).toEqual([]);
  });
});
