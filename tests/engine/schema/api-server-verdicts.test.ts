/**
 * CRD schema verdicts as the API server gives them (apiextensions-apiserver structural schema, pruning with
 * unknown-field paths, kube-openapi validate): type, enum and unknown fields.
 */
import {describe, expect, it} from 'vitest';
import {errors} from '../support/findings';

const vs = (spec: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n${spec}`;

describe('type, enum and unknown-field verdicts, worded as the API server words them', () => {
  it('reports an unknown field with its full path, as strict field validation does', () => {
    // apiextensions-apiserver pruning with returnUnknownFieldPaths: unknown field "spec.http[0].rout"
    expect(errors(vs('  hosts: [r]\n  http:\n  - rout:\n    - destination: {host: r}\n'))).toEqual([expect.objectContaining({
      at: '8:5', code: 'unknown-field', message: expect.stringContaining('unknown field "spec.http[0].rout"'),
    })]);
  });

  it('rejects a string where a list is expected, at the value', () => {
    expect(errors(vs('  hosts: reviews\n'))).toEqual([expect.objectContaining({at: '6:10', code: 'type', message: 'spec.hosts: Invalid value: "string": spec.hosts in body must be of type array: "string"'})]);
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
    expect(errors(text)).toEqual([expect.objectContaining({code: 'type', message: expect.stringContaining('spec.trafficPolicy.tls.sni: Invalid value: "boolean": spec.trafficPolicy.tls.sni in body must be of type string: "boolean"')})]);
  });

  it('accepts a whole-number weight written as a float', () => {
    expect(errors(vs('  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r}\n      weight: 100.0\n'))).toEqual([]);
  });
});
