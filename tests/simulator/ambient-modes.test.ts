/**
 * Each workload's data plane from labels (src/engine/model/ambient.ts, simulator/ambient/modes.ts):
 * sidecar injection wins (istio-cni skips pods with a sidecar), then istio.io/dataplane-mode on the pod,
 * then on the namespace.
 */
import {describe, expect, it} from 'vitest';
import {dataplaneMode} from '../../src/engine/model/ambient';
import {showsAmbient, workloadMode} from '../../src/simulator/ambient/modes';
import {World} from '../../src/simulator/world';
import {documents, labResources} from './helpers';

describe('a workload\'s data-plane mode', () => {
  it.each([
    ['namespace ambient', {'istio.io/dataplane-mode': 'ambient'}, {}, {}, 'ambient'],
    ['namespace ambient, pod opts out', {'istio.io/dataplane-mode': 'ambient'}, {'istio.io/dataplane-mode': 'none'}, {}, 'none'],
    ['namespace unlabelled, pod opts in', {}, {'istio.io/dataplane-mode': 'ambient'}, {}, 'ambient'],
    ['namespace injection and ambient: sidecar wins', {'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient'}, {}, {}, 'sidecar'],
    ['namespace revision label', {'istio.io/rev': 'stable'}, {}, {}, 'sidecar'],
    ['namespace injection disabled, pod label inject=true', {'istio-injection': 'disabled'}, {'sidecar.istio.io/inject': 'true'}, {}, 'sidecar'],
    ['namespace injection, pod label inject=false, namespace ambient', {'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient'}, {'sidecar.istio.io/inject': 'false'}, {}, 'ambient'],
    ['pod annotation inject=true in an ambient namespace', {'istio.io/dataplane-mode': 'ambient'}, {}, {'sidecar.istio.io/inject': 'true'}, 'sidecar'],
    ['pod label decides over its annotation', {}, {'sidecar.istio.io/inject': 'false'}, {'sidecar.istio.io/inject': 'true'}, 'none'],
    ['nothing labelled', {}, {}, {}, 'none'],
    ['namespace injection set to another value', {'istio-injection': 'disabled', 'istio.io/rev': 'stable'}, {}, {}, 'none'],
  ])('%s', (_case, namespace, pod, annotations, mode) => {
    expect(dataplaneMode(namespace, pod, annotations)).toBe(mode);
  });
});

describe('the lab\'s workloads', () => {
  const world = new World(labResources('ambient-bookinfo'));

  it.each([
    ['bookinfo', 'productpage-v1', 'ambient'],
    ['bookinfo', 'reviews-v2', 'ambient'],
    ['bookinfo', 'waypoint', 'none'],
    ['legacy', 'legacy-client', 'none'],
    ['bookinfo', undefined, 'ambient'],
  ])('%s/%s runs %s', (namespace, workload, mode) => {
    expect(workloadMode(world, namespace, workload)).toBe(mode);
  });

  it('a lab shows ambient mode only when something is labelled for it or a waypoint exists', () => {
    expect(showsAmbient(world)).toBe(true);
    expect(showsAmbient(new World(labResources('bookinfo')))).toBe(false);
    const relabelled = documents('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels: {istio.io/dataplane-mode: ambient}\n');
    expect(showsAmbient(new World(labResources('bookinfo'), [relabelled]))).toBe(true);
  });
});
