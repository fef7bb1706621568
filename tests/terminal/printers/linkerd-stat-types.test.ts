/**
 * `linkerd viz stat` of pods, namespaces and Services, and `-o json`, from a model, against linkerd
 * 2.20's golden files (viz/cmd/testdata, in ../shared/reference/linkerd-2.20/outputs) and the rows
 * viz/metrics-api/stat_summary.go builds: MESHED over the pods GetPodsFor counts, a pod's STATUS,
 * a namespace's sums, a Service's row from what meshed clients sent it.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {LinkerdStateTraffic, LinkerdWorkloadTraffic} from '../../../src/terminal/printers/linkerd-model';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {sharedFile} from '../../support/shared';
import {deploymentWithPods, modelOf} from './linkerd-support';

const outputs = sharedFile('reference/linkerd-2.20/outputs', "linkerd 2.20's golden CLI outputs");
const golden = (name: string): string => readFileSync(join(outputs.path, name), 'utf8');

const figures = {success: 120, failure: 0, latencyMs: {p50: 123, p95: 123, p99: 123}, tcpConnections: 123, readBytes: 120, writeBytes: 120};
const namespaceObject = (name: string): ModelObject => ({group: '', kind: 'Namespace', namespace: '', name, value: {metadata: {name}}});

function printed(line: string, model: StateModel, namespace = 'emojivoto'): ReturnType<typeof printFromModel> {
  return printFromModel(line, {namespace, placeholders: {}}, model);
}
function print(line: string, model: StateModel, namespace = 'emojivoto'): string {
  const result = printed(line, model, namespace);
  if (result?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(result)}`);
  return result.text;
}
const withStateTraffic = (model: StateModel, stateTraffic: LinkerdStateTraffic): StateModel => ({...model, linkerd: {...model.linkerd!, stateTraffic}});

/** A bare meshed pod named `name` (no owner), running. */
function barePod(namespace: string, name: string): ModelObject {
  const [pod] = deploymentWithPods(namespace, 'x', 1, 1).filter((o) => o.kind === 'Pod');
  return {...pod!, name, value: {...pod!.value, metadata: {name, namespace, labels: {'linkerd.io/control-plane-ns': 'linkerd'}}}};
}

describe.skipIf(!outputs.available)('viz stat of other types, as stat.go prints them', () => {
  it('pods: a STATUS column after NAME, MESHED 1/1 for a meshed running pod, figures from the pod\'s own traffic', () => {
    const model = modelOf([barePod('emojivoto', 'emoji')], [{namespace: 'emojivoto', pod: 'emoji', ...figures}]);
    expect(print('linkerd viz stat po/emoji', model)).toBe(golden('viz-stat_one_pod_output.golden'));
  });

  it('namespaces: a row per namespace with a meshed pod, MESHED over all its pods, its workloads\' requests summed', () => {
    const model = modelOf([namespaceObject('emoji'), ...deploymentWithPods('emoji', 'web', 2, 1)], [{namespace: 'emoji', deployment: 'web', ...figures}]);
    expect(print('linkerd viz stat ns', model)).toBe(golden('viz-stat_one_output.golden'));
    expect(print('linkerd viz stat namespace/emoji', model)).toBe(golden('viz-stat_one_output.golden'));
  });

  it('-o json: printStatJSON\'s list, success as a fraction, rates per second, the TCP figures', () => {
    const json = {...figures, success: 123, readBytes: 123, writeBytes: 123};
    const one = modelOf(deploymentWithPods('emojivoto1', 'emoji', 2, 1), [{namespace: 'emojivoto1', deployment: 'emoji', ...json}]);
    // The goldens were written with the namespace resource type; a Deployment's kind is "deployment".
    const asDeployment = (text: string): string => text.replaceAll('"kind": "namespace"', '"kind": "deployment"');
    expect(print('linkerd viz stat deploy/emoji -n emojivoto1 -o json', one)).toBe(asDeployment(golden('viz-stat_one_output_json.golden')));
    const two = modelOf([...deploymentWithPods('emojivoto1', 'emoji', 2, 1), ...deploymentWithPods('emojivoto2', 'emoji', 2, 1)],
      [{namespace: 'emojivoto1', deployment: 'emoji', ...json}, {namespace: 'emojivoto2', deployment: 'emoji', ...json}]);
    expect(print('linkerd viz stat deploy -A --output=json', two)).toBe(asDeployment(golden('viz-stat_all_output_json.golden')));
  });
});

describe('viz stat rows as stat_summary.go builds them', () => {
  it('MESHED counts Pending pods among the running ones (isPendingOrRunning), and meshed pods by the control plane label', () => {
    const objects = deploymentWithPods('emojivoto', 'web', 2, 1);
    const pending = objects.map((o) => (o.name.endsWith('p1abc') ? {...o, value: {...o.value, status: {phase: 'Pending'}}} : o));
    expect(print('linkerd viz stat deploy', modelOf(pending, []))).toMatch(/^NAME +MESHED[^\n]*\nweb +1\/2 /);
  });

  it('json without requests: nulls, no TCP fields; nothing to list is an empty list', () => {
    const model = modelOf(deploymentWithPods('emojivoto', 'web', 1, 1), []);
    expect(JSON.parse(print('linkerd viz stat deploy -o json', model))).toEqual([
      {namespace: 'emojivoto', kind: 'deployment', name: 'web', success: null, rps: null, latency_ms_p50: null, latency_ms_p95: null, latency_ms_p99: null},
    ]);
    expect(print('linkerd viz stat deploy -n other -o json', model)).toBe('[]\n');
  });

  it('a pod without its own entry takes its Deployment\'s when it is the Deployment\'s only pod; with several, their share is a gap', () => {
    const web: LinkerdWorkloadTraffic = {namespace: 'emojivoto', deployment: 'web', ...figures};
    expect(print('linkerd viz stat pods', modelOf(deploymentWithPods('emojivoto', 'web', 1, 1), [web]))).toMatch(/\nweb-5d8f9c7b6d-p0abc +Running +1\/1 +100\.00% +2\.0rps/);
    const shared = printed('linkerd viz stat pods', modelOf(deploymentWithPods('emojivoto', 'web', 2, 2), [web]));
    expect(shared).toEqual({kind: 'gap', reason: expect.stringContaining('not how its 2 pods shared it')});
  });

  it('a pod\'s STATUS follows GetPodStatus: a waiting app container\'s reason', () => {
    const [deployment, pod] = deploymentWithPods('emojivoto', 'web', 1, 1);
    const crashing = {...pod!, value: {...pod!.value, status: {phase: 'Running', containerStatuses: [{name: 'web', ready: false, state: {waiting: {reason: 'CrashLoopBackOff'}}}]}}};
    expect(print('linkerd viz stat po', modelOf([deployment!, crashing], []))).toMatch(/\nweb-5d8f9c7b6d-p0abc +CrashLoopBackOff +1\/1 +- /);
  });

  it('a namespace whose several workloads saw requests takes its percentiles from namespaceLatencyMs, else is a gap', () => {
    const objects = [namespaceObject('emojivoto'), ...deploymentWithPods('emojivoto', 'web', 1, 1), ...deploymentWithPods('emojivoto', 'emoji', 1, 1)];
    const model = modelOf(objects, [{namespace: 'emojivoto', deployment: 'web', ...figures}, {namespace: 'emojivoto', deployment: 'emoji', ...figures, success: 60, failure: 60, tcpConnections: 2}]);
    expect(printed('linkerd viz stat ns', model)).toEqual({kind: 'gap', reason: expect.stringContaining('namespaceLatencyMs')});
    const merged = withStateTraffic(model, {namespaceLatencyMs: {emojivoto: {p50: 5, p95: 90, p99: 120}}});
    expect(print('linkerd viz stat ns', merged)).toBe(
      'NAME        MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN\n' +
      'emojivoto      2/2    75.00%   4.0rps           5ms          90ms         120ms        125\n');
  });

  it('Services: rows from what meshed clients sent them, MESHED "-", in the namespace asked; an uncalled Service is "No traffic found."; no Service facts is a gap', () => {
    const model = modelOf(deploymentWithPods('emojivoto', 'web', 1, 1), []);
    expect(printed('linkerd viz stat svc', model)).toEqual({kind: 'gap', reason: expect.stringContaining('stateTraffic')});
    const called = withStateTraffic(model, {services: [
      {namespace: 'emojivoto', service: 'web-svc', success: 57, failure: 3, latencyMs: {p50: 2, p95: 8, p99: 10}, tcpConnections: 1},
      {namespace: 'other', service: 'api', success: 60, failure: 0, latencyMs: {p50: 1, p95: 1, p99: 1}, tcpConnections: 1},
    ]});
    expect(print('linkerd viz stat svc', called)).toBe(
      'NAME      MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN\n' +
      'web-svc        -    95.00%   1.0rps           2ms           8ms          10ms          1\n');
    expect(print('linkerd viz stat svc/nobody', called)).toBe('No traffic found.\n');
  });

  it('a named object the cluster lacks is the StatSummary API\'s NotFound, as the lister words it', () => {
    const model = modelOf(deploymentWithPods('emojivoto', 'web', 1, 1), []);
    expect(print('linkerd viz stat deploy/nope', model)).toBe('StatSummary API error: rpc error: code = NotFound desc = deployment.apps "nope" not found');
    expect(print('linkerd viz stat po nope', model)).toBe('StatSummary API error: rpc error: code = NotFound desc = pod "nope" not found');
  });
});


describe('the traffic facts a scenario gives', () => {
  it('refuses a workload entry that names neither a Deployment nor a pod', async () => {
    const {stateModels, ClusterModelError} = await import('../../../src/terminal/cluster-state');
    const scenario = {
      session: 's', title: 't', namespace: 'default', prompt: '$ ', placeholders: {}, states: [{id: 'a', description: 'a'}], walkthrough: [], commands: [],
      cluster: {files: [], linkerd: {cliVersion: 'version-2.20', certificates: {}, traffic: {a: [{namespace: 'emojivoto', success: 1, failure: 0, latencyMs: {p50: 1, p95: 1, p99: 1}, tcpConnections: 0}]}}},
    };
    expect(() => stateModels(scenario as never, () => '')).toThrow(ClusterModelError);
    expect(() => stateModels(scenario as never, () => '')).toThrow(/names neither a deployment nor a pod/);
  });
});

describe('viz stat of the other workload types (StatefulSets, DaemonSets, Jobs, ReplicaSets, ReplicationControllers, CronJobs)', () => {
  const owned = (pod: ModelObject, kind: string, name: string, labels: Record<string, string>): ModelObject =>
    ({...pod, value: {...pod.value, metadata: {...(pod.value.metadata as object), labels: {...labels, 'linkerd.io/control-plane-ns': 'linkerd'}, ownerReferences: [{kind, name, controller: true}]}}});
  const statefulSet: ModelObject = {group: 'apps', kind: 'StatefulSet', namespace: 'emojivoto', name: 'db', value: {metadata: {name: 'db', namespace: 'emojivoto'}, spec: {selector: {matchLabels: {app: 'db'}}}}};
  const pods = [owned(barePod('emojivoto', 'db-0'), 'StatefulSet', 'db', {app: 'db'}), owned(barePod('emojivoto', 'db-1'), 'StatefulSet', 'db', {app: 'db'}),
    // Selected by the labels but owned by another object: GetPodsFor leaves it out.
    owned(barePod('emojivoto', 'db-stray'), 'ReplicaSet', 'other', {app: 'db'})];

  it('a row per object with a meshed pod: MESHED over the pods its selector picks that it owns, figures from its one pod with requests', () => {
    const model = modelOf([statefulSet, ...pods], [{namespace: 'emojivoto', pod: 'db-0', ...figures}, {namespace: 'emojivoto', pod: 'db-1', ...figures, success: 0}]);
    expect(print('linkerd viz stat sts', model)).toBe(
      'NAME   MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN\n' +
      'db        2/2   100.00%   2.0rps         123ms         123ms         123ms        123\n');
    expect(print('linkerd viz stat statefulsets/db -o json', model)).toContain('"kind": "statefulset"');
  });

  it('two pods with requests would need their merged histograms: a gap; a name the cluster lacks is the lister\'s NotFound', () => {
    const model = modelOf([statefulSet, ...pods], [{namespace: 'emojivoto', pod: 'db-0', ...figures}, {namespace: 'emojivoto', pod: 'db-1', ...figures}]);
    expect(printed('linkerd viz stat sts/db', model)).toMatchObject({kind: 'gap', reason: expect.stringMatching(/merged histograms/)});
    expect(print('linkerd viz stat sts/nothing', model)).toBe('StatSummary API error: rpc error: code = NotFound desc = statefulset.apps "nothing" not found');
  });

  it('a CronJob\'s pods are those of the Jobs it owns; a type the model does not keep track of is a gap, not "No traffic found."', () => {
    const cronJob: ModelObject = {group: 'batch', kind: 'CronJob', namespace: 'emojivoto', name: 'report', value: {metadata: {name: 'report', namespace: 'emojivoto'}}};
    const job: ModelObject = {group: 'batch', kind: 'Job', namespace: 'emojivoto', name: 'report-1', value: {metadata: {name: 'report-1', namespace: 'emojivoto', ownerReferences: [{kind: 'CronJob', name: 'report'}]}, spec: {selector: {matchLabels: {job: 'report-1'}}}}};
    const model = modelOf([cronJob, job, owned(barePod('emojivoto', 'report-1-abcde'), 'Job', 'report-1', {job: 'report-1'})], []);
    expect(print('linkerd viz stat cj', model)).toBe('NAME     MESHED   SUCCESS   RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN\nreport      1/1         -     -             -             -             -          -\n');
    const held: StateModel = {...model, held: ['batch/CronJob/emojivoto']};
    expect(printed('linkerd viz stat ds', held)).toMatchObject({kind: 'gap', reason: expect.stringMatching(/does not keep track of DaemonSets in namespace emojivoto/)});
  });
});
