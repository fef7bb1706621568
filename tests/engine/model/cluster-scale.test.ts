/**
 * The cluster model is built and asked in time linear in the resources, whatever their shape:
 * 20,000 ServiceEntries or DestinationRules for one host once took 9 s to index (each added
 * one copied the host's list) and every lookup of that host copied the list again.
 */
import {describe, expect, it} from 'vitest';
import {Cluster} from '../../../src/engine/model/cluster';
import type {AnalysisResource} from '../../../src/engine/model/resource';

const COUNT = 20_000;
/** Loose, for a loaded machine: the linear work takes tens of milliseconds on a quiet one, the quadratic took minutes on a loaded one. */
const BOUND_MS = 10_000;

function resource(group: string, kind: string, name: string, namespace: string, spec: Record<string, unknown>): AnalysisResource {
  return {document: 0, pathPrefix: '', group, kind, name, namespace, value: {apiVersion: `${group}/v1`, kind, metadata: {name, namespace}, spec}};
}

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('one host named by 20,000 resources', () => {
  it('indexes ServiceEntries and answers each lookup of the host without copying them all', () => {
    // The first is exported to its own namespace only: other namespaces see the second.
    const entries = Array.from({length: COUNT}, (_, i) => resource('networking.istio.io', 'ServiceEntry', `se-${i}`, `ns-${i % 50}`,
      {hosts: ['api.example.com'], ports: [{number: 443 + i, name: 'https'}], ...(i === 0 ? {exportTo: ['.']} : {})}));
    let cluster!: Cluster;
    const ms = timed(() => {
      cluster = new Cluster(entries);
      for (let i = 0; i < COUNT; i++) cluster.hostExists('api.example.com', `ns-${i % 50}`);
    });
    expect(ms).toBeLessThan(BOUND_MS);
    expect(cluster.portsOf('api.example.com', 'ns-0')).toEqual([443]);
    expect(cluster.portsOf('api.example.com', 'ns-7')).toEqual([444]);
    expect(cluster.destinationFor('api.example.com', 'ns-7')?.provider.name).toBe('se-1');
    expect(cluster.hostExists('other.example.com', 'ns-7')).toBe(false);
  });

  it('indexes DestinationRules, keeping them in input order', () => {
    const rules = Array.from({length: COUNT}, (_, i) => resource('networking.istio.io', 'DestinationRule', `dr-${i}`, `ns-${i % 50}`, {host: 'reviews.shop.svc.cluster.local'}));
    let cluster!: Cluster;
    expect(timed(() => (cluster = new Cluster(rules)))).toBeLessThan(BOUND_MS);
    const found = cluster.destinationRulesFor('reviews', 'shop');
    expect(found).toHaveLength(COUNT);
    expect(found.slice(0, 3).map((r) => r.name)).toEqual(['dr-0', 'dr-1', 'dr-2']);
  });
});
