import {describe, expect, it} from 'vitest';
import {declaredDocuments, isLabYaml, labSummary, parseMeta, upgradeFor} from '../../src/labs/code-block-meta';

const VIRTUAL_SERVICE = 'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: reviews\n';

describe('parseMeta', () => {
  it('reads flags and key=value pairs, quoted or not', () => {
    const meta = parseMeta('static lab=reviews title="Two words" other=\'x y\'');
    expect(meta.get('static')).toBe(true);
    expect(meta.get('lab')).toBe('reviews');
    expect(meta.get('title')).toBe('Two words');
    expect(meta.get('other')).toBe('x y');
  });

  it('is empty without a meta string', () => {
    expect(parseMeta(undefined).size).toBe(0);
  });
});

describe('upgradeFor', () => {
  it('turns Istio YAML into a lab, with its context and id', () => {
    expect(upgradeFor('yaml', 'lab=reviews id=vs', VIRTUAL_SERVICE)).toEqual({kind: 'yaml-lab', context: 'reviews', id: 'vs'});
    expect(upgradeFor('yml', undefined, VIRTUAL_SERVICE)).toEqual({kind: 'yaml-lab', context: undefined, id: undefined});
  });

  it('leaves a block marked static alone', () => {
    expect(upgradeFor('yaml', 'static', VIRTUAL_SERVICE)).toEqual({kind: 'plain'});
  });

  it('leaves YAML of other APIs alone, and an Istio group mentioned only in a comment', () => {
    expect(upgradeFor('yaml', undefined, 'apiVersion: apps/v1\nkind: Deployment\n')).toEqual({kind: 'plain'});
    expect(upgradeFor('yaml', undefined, '# apiVersion: networking.istio.io/v1\nkind: Foo\n')).toEqual({kind: 'plain'});
    expect(upgradeFor('json', undefined, VIRTUAL_SERVICE)).toEqual({kind: 'plain'});
  });

  it('recognises every Istio API group, quoted or not', () => {
    for (const group of ['networking', 'security', 'telemetry', 'extensions']) {
      expect(isLabYaml(`apiVersion: "${group}.istio.io/v1"\nkind: X\n`)).toBe(true);
    }
  });

  it('turns a bash block with a session into a terminal', () => {
    expect(upgradeFor('bash', 'session=install', 'istioctl install')).toEqual({kind: 'terminal', session: 'install'});
    expect(upgradeFor('bash', undefined, 'istioctl install')).toEqual({kind: 'plain'});
  });
});

describe('what the API families make of a YAML block', () => {
  it('reads each document\'s top-level apiVersion and kind, not indented or commented ones', () => {
    const code = 'apiVersion: apps/v1 # the workload\nkind: Deployment\nspec:\n  kind: Nested\n---\n# kind: Commented\napiVersion: "networking.istio.io/v1"\nkind: VirtualService\n';
    expect(declaredDocuments(code)).toEqual([{apiVersion: 'apps/v1', kind: 'Deployment'}, {apiVersion: 'networking.istio.io/v1', kind: 'VirtualService'}]);
  });

  it('makes a lab of a block with any document of a family the labs teach', () => {
    expect(upgradeFor('yaml', undefined, `apiVersion: v1\nkind: Service\n---\n${VIRTUAL_SERVICE}`)).toMatchObject({kind: 'yaml-lab'});
    expect(upgradeFor('yaml', undefined, 'apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n')).toEqual({kind: 'plain'});
  });

  it('offers the request panel where the simulator routes, by apiVersion and kind together', () => {
    expect(labSummary(VIRTUAL_SERVICE)).toEqual({kinds: ['VirtualService'], family: 'Istio', judgedAs: 'Istio 1.30', routesRequests: true});
    expect(labSummary('apiVersion: networking.istio.io/v1\nkind: DestinationRule\n').routesRequests).toBe(false);
    // Only Istio's VirtualService is one the simulator routes through.
    expect(labSummary('apiVersion: networking.istio.io/v1\nkind: Gateway\n---\napiVersion: example.com/v1\nkind: VirtualService\n').routesRequests).toBe(false);
    expect(labSummary('apiVersion: security.istio.io/v1\n')).toEqual({kinds: [], family: 'Istio', judgedAs: 'Istio 1.30', routesRequests: false});
  });
});
