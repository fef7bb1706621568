/**
 * Validation must be cheap enough to run on every keystroke and over whole repositories:
 * well under 1 ms per chapter-sized resource once warm, and 20,000 resources in seconds.
 * Thresholds are generous multiples of what a laptop measures, so CI noise does not flake.
 */
import {describe, expect, it} from 'vitest';
import {validateResource} from '../../../src/engine/schema/index';

const chapterResources = [
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {name: 'reviews'},
    spec: {
      hosts: ['reviews'],
      http: [
        {match: [{headers: {'end-user': {exact: 'jason'}}}], route: [{destination: {host: 'reviews', subset: 'v2'}}], timeout: '10s', retries: {attempts: 3, perTryTimeout: '2s'}},
        {route: [{destination: {host: 'reviews', subset: 'v1'}, weight: 90}, {destination: {host: 'reviews', subset: 'v3'}, weight: 10}], fault: {delay: {fixedDelay: '7s', percentage: {value: 100}}}},
      ],
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: {name: 'reviews'},
    spec: {
      host: 'reviews',
      trafficPolicy: {connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1}}, outlierDetection: {consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m'}, tls: {mode: 'ISTIO_MUTUAL'}},
      subsets: [{name: 'v1', labels: {version: 'v1'}}, {name: 'v2', labels: {version: 'v2'}}, {name: 'v3', labels: {version: 'v3'}}],
    },
  },
  {apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: {name: 'default'}, spec: {mtls: {mode: 'STRICT'}}},
  {apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name: 'broken'}, spec: {hosts: ['reviews'], http: [{rout: [], match: [{headers: {x: {exact: true, prefix: 'a'}}}], timeout: '0s'}]}},
];

function validateAll(count: number): number {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const doc = chapterResources[i % chapterResources.length]!;
    validateResource(doc.apiVersion, doc.kind, doc);
  }
  return performance.now() - started;
}

describe('performance', () => {
  it('validates a chapter-sized resource in well under 1 ms once warm', () => {
    validateAll(200); // warm up: JIT, CEL rule cache
    const runs = 2000;
    const perResource = validateAll(runs) / runs;
    console.log(`schema validation: ${(perResource * 1000).toFixed(1)} µs per resource`);
    expect(perResource).toBeLessThan(0.5);
  });

  it('validates 20,000 resources in a few seconds at most', () => {
    const elapsed = validateAll(20_000);
    console.log(`schema validation: 20,000 resources in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(5_000);
  });
});
