/**
 * Analysis and the simulator read one cluster model: the same kinds run pods, labels are
 * written the same way, hosts match the same way. Each of these once had two copies that
 * disagreed; the tests ask both readers and compare their answers.
 */
import {describe, expect, it} from 'vitest';
import {Cluster} from '../../../src/engine/model/cluster';
import type {AnalysisResource} from '../../../src/engine/model/resource';
import * as ruleHosts from '../../../src/engine/istio/hosts';
import * as modelHosts from '../../../src/engine/model/hosts';
import {parseRequest, simulate, World} from '../../../src/simulator/index';

const TEMPLATE_LABELS = {app: 'batch', tier: 'jobs'};

/** One object of a kind with pods labelled TEMPLATE_LABELS, written as each kind holds its pod template. */
function objectOf(apiVersion: string, kind: string): Record<string, unknown> {
  const metadata = {name: `a-${kind.toLowerCase()}`, namespace: 'work'};
  const template = {metadata: {labels: TEMPLATE_LABELS}, spec: {containers: [{name: 'c', image: 'i'}]}};
  if (kind === 'Pod') return {apiVersion, kind, metadata: {...metadata, labels: TEMPLATE_LABELS}, spec: template.spec};
  if (kind === 'CronJob') return {apiVersion, kind, metadata, spec: {schedule: '* * * * *', jobTemplate: {spec: {template}}}};
  return {apiVersion, kind, metadata, spec: {selector: {matchLabels: TEMPLATE_LABELS}, template}};
}

function asAnalysisResource(value: Record<string, unknown>): AnalysisResource {
  const apiVersion = value.apiVersion as string;
  const metadata = value.metadata as {name: string; namespace: string};
  return {document: 0, pathPrefix: '', group: apiVersion.includes('/') ? apiVersion.split('/')[0]! : '', kind: value.kind as string,
    name: metadata.name, namespace: metadata.namespace, value};
}

const KINDS: Array<[apiVersion: string, kind: string, runsPods: boolean]> = [
  ['v1', 'Pod', true],
  ['v1', 'ReplicationController', true],
  ['apps/v1', 'Deployment', true],
  ['apps/v1', 'StatefulSet', true],
  ['apps/v1', 'DaemonSet', true],
  ['apps/v1', 'ReplicaSet', true],
  ['batch/v1', 'Job', true],
  // A CronJob runs nothing until its schedule fires a Job; a PodTemplate is only a template.
  ['batch/v1', 'CronJob', false],
  ['v1', 'PodTemplate', false],
];

describe('one list of the kinds that run pods', () => {
  it.each(KINDS)('%s %s: a workload for analysis exactly when the simulator runs its pods', (apiVersion, kind, runsPods) => {
    const value = objectOf(apiVersion, kind);
    const analysed = new Cluster([asAnalysisResource(value)]).workloadsMatching(TEMPLATE_LABELS, 'work');
    const simulated = new World([value]).podSets.filter((set) => set.namespace === 'work');
    expect(analysed.map((w) => w.name)).toEqual(runsPods ? [value.metadata && (value.metadata as {name: string}).name] : []);
    expect(simulated.map((set) => set.workload)).toEqual(analysed.map((w) => w.name));
    for (const set of simulated) expect(set.labels).toEqual(TEMPLATE_LABELS);
  });
});

describe('one way to write labels', () => {
  it('shows a client\'s pod labels sorted by key, as labels.Set.String() and istioctl\'s messages do', () => {
    const context = [
      {apiVersion: 'v1', kind: 'Service', metadata: {name: 'reviews', namespace: 'default'}, spec: {selector: {app: 'reviews'}, ports: [{port: 9080, name: 'http'}]}},
      {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'reviews', namespace: 'default'},
        spec: {template: {metadata: {labels: {app: 'reviews'}}}}},
      // Written version first: the order a YAML author chose is not the order Kubernetes prints.
      {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'client', namespace: 'default'},
        spec: {template: {metadata: {labels: {version: 'v2', app: 'client'}}}}},
    ];
    const decision = simulate(new World(context), {request: parseRequest('GET http://reviews/'), from: 'client'});
    const client = decision.trace.find((step) => step.message.startsWith('client: workload'));
    expect(client?.message).toContain('(pod labels app=client,version=v2)');
  });

  it('treats a label named __proto__ or constructor like any other, in analysis as in the simulator', () => {
    const labels = JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>;
    const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'odd', namespace: 'work', labels}, spec: {}};
    expect(new Cluster([asAnalysisResource(pod)]).workloadsMatching(labels, 'work').map((w) => w.name)).toEqual(['odd']);
    expect(new Cluster([asAnalysisResource(pod)]).workloadsMatching({constructor: 'z'}, 'work')).toEqual([]);
    expect(Object.keys(new World([pod]).podSets[0]!.labels).sort()).toEqual(['__proto__', 'constructor']);
  });
});

/** host.Name.Matches and SubsetOf cases from istio/istio pkg/config/host/name_test.go (1.30.3). */
const MATCHES: Array<[string, string, boolean]> = [
  ['', '', true], ['foo.com', 'foo.com', true], ['bar.com', 'foo.com', false], ['bar.foo.com', 'foo.com', false],
  ['*.com', 'foo.com', true], ['*.foo.com', 'bar.foo.com', true], ['*', 'foo.com', true], ['*', '*.com', true], ['*', '', true],
  ['*.com', '*.foo.com', true], ['foo.com', '*.foo.com', false], ['*.foo.bar.baz', 'baz', false], ['*.foo.bar.baz', '*.baz', true],
  ['foo.bar.baz', '*.baz', true], ['a.facebook.com', '*.facebook.COM', false],
];
const SUBSET_OF: Array<[string, string, boolean]> = [
  ['', '', true], ['foo.com', 'foo.com', true], ['bar.foo.com', 'foo.com', false], ['foo.com', '*.com', true],
  ['bar.foo.com', '*.foo.com', true], ['foo.com', '*', true], ['*.com', '*', true], ['', '*', true], ['*', '*', true],
  ['*.foo.com', '*.com', true], ['*.com', '*.foo.com', false], ['*.foo.com', 'foo.com', false], ['*.foo.bar.baz', 'baz', false],
  ['foo.bar.baz', '*.baz', true],
];

describe('one host matcher', () => {
  it.each(MATCHES)('Matches(%j, %j) is %s for the webhook rules and the model alike, either way round', (a, b, expected) => {
    expect(modelHosts.hostsOverlap(a, b)).toBe(expected);
    expect(modelHosts.hostsOverlap(b, a)).toBe(expected);
    expect(ruleHosts.hostsOverlap(a, b)).toBe(expected);
  });

  it.each(SUBSET_OF)('SubsetOf(%j, %j) is %s for the webhook rules and the model alike', (a, b, expected) => {
    expect(modelHosts.hostSubsetOf(a, b)).toBe(expected);
    expect(ruleHosts.hostSubsetOf(a, b)).toBe(expected);
  });

  it('routes a request by the same wildcard analysis finds a ServiceEntry with', () => {
    const entry = {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name: 'ext', namespace: 'default'},
      spec: {hosts: ['*.example.com'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}], resolution: 'DNS', location: 'MESH_EXTERNAL'}};
    const vs = {apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name: 'ext', namespace: 'default'},
      spec: {hosts: ['*.example.com'], http: [{route: [{destination: {host: 'api.example.com'}}]}]}};
    const cluster = new Cluster([asAnalysisResource(entry)]);
    for (const host of ['api.example.com', 'example.com', 'api.example.org']) {
      const decision = simulate(new World([entry, vs]), {request: parseRequest(`GET http://${host}/`)});
      expect(decision.route !== undefined, host).toBe(cluster.hostExists(host, 'default'));
    }
  });
});
