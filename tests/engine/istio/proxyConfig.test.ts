/**
 * A ProxyConfig: the CRD schema, then validation.go ValidateProxyConfig.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const proxyConfig = (spec: string) => resource('networking.istio.io/v1beta1', 'ProxyConfig', spec);

describe("a ProxyConfig's concurrency and image (validation.go)", () => {
  it('ProxyConfig: accepts concurrency and image type; a negative concurrency meets the CRD minimum before validateConcurrency', () => {
    expect(findings(proxyConfig('  selector:\n    matchLabels: {app: reviews}\n  concurrency: 2\n  image:\n    imageType: distroless\n'))).toEqual([]);
    expect(findings(proxyConfig('  concurrency: -1\n'))).toEqual([
      {at: '7:16', severity: 'error', code: 'minimum', message: 'spec.concurrency: Invalid value: -1: spec.concurrency in body should be greater than or equal to 0'},
    ]);
  });
});
