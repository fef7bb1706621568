import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../src/engine';
import {labContext} from '../support/labs';

const reviews = labContext('reviews');

const destinationRule = (name: string, subsets: string[]) =>
  [
    'apiVersion: networking.istio.io/v1beta1',
    'kind: DestinationRule',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  host: reviews',
    '  subsets:',
    ...subsets.flatMap((subset) => [`  - name: ${subset}`, '    labels:', `      version: ${subset}`]),
  ].join('\n');

describe('validating against a lab context, as kubectl apply would', () => {
  it('lets an edited resource replace the cluster\'s resource of the same name', () => {
    const result = validateYaml(destinationRule('reviews', ['v1', 'v2', 'v3']), {context: reviews.resources});
    expect(result.diagnostics).toEqual([]);
  });

  it('still warns about a second DestinationRule for the same host under another name', () => {
    const result = validateYaml(destinationRule('reviews-canary', ['v1']), {context: reviews.resources});
    expect(result.diagnostics.map((diagnostic) => diagnostic.severity)).toContain('warning');
  });

  it('judges the VirtualService against the edited DestinationRule, not the cluster\'s', () => {
    const virtualService = [
      'apiVersion: networking.istio.io/v1beta1',
      'kind: VirtualService',
      'metadata:',
      '  name: reviews',
      'spec:',
      '  hosts: [reviews]',
      '  http:',
      '  - route:',
      '    - destination: {host: reviews, subset: v3}',
    ].join('\n');
    const withoutV3 = `${destinationRule('reviews', ['v1', 'v2'])}\n---\n${virtualService}`;
    const result = validateYaml(withoutV3, {context: reviews.resources});
    const missing = result.diagnostics.find((diagnostic) => diagnostic.code === 'IST0101');
    // Lines count through the whole input: the DestinationRule's 13 lines and the separator come first.
    expect(missing).toMatchObject({severity: 'error', document: 1, range: {start: {line: 23}}});
  });
});

describe('reading a context as the cluster model reads documents', () => {
  const virtualService = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ratings}\nspec:\n  hosts: [ratings]\n  http:\n  - route:\n    - destination: {host: ratings}\n';
  const ratings = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'ratings'}, spec: {ports: [{name: 'http', port: 9080}]}};
  const codes = (context: unknown[]) => validateYaml(virtualService, {context}).diagnostics.map((d) => d.code);

  it("reads a List's items, and the items of a List inside it", () => {
    expect(codes([])).toContain('IST0101');
    expect(codes([{apiVersion: 'v1', kind: 'List', items: [ratings]}])).not.toContain('IST0101');
    expect(codes([{apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'v1', kind: 'List', items: [ratings]}]}])).not.toContain('IST0101');
  });
});
