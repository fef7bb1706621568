/**
 * Which ztunnel `istioctl ztunnel-config` asks, as istioctl 1.30.3's runConfigDump resolves it: a pod
 * argument (NAME.NAMESPACE, else -n, else istio-system) that is a ztunnel or a workload pod whose
 * node's ztunnel is asked about it alone, `--node`, or the DaemonSet's pods; and istioctl's errors.
 */
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {StateModel} from '../../../src/terminal/printers/model';
import {cluster, obj, print} from './ztunnel-support';

const ambient = (): StateModel => cluster({'istio.io/dataplane-mode': 'ambient'});

describe('ztunnel-config\'s pod argument and --node', () => {
  it('asks about a workload pod alone: its name and namespace filter the workloads, whatever --workload-namespace says', () => {
    const only = [
      'NAMESPACE POD NAME                   ADDRESS    NODE        WAYPOINT PROTOCOL',
      'default   reviews-v1-5d8b9c7f4-q8w2m 10.244.1.8 kind-worker None     HBONE',
      '',
    ].join('\n');
    expect(print('istioctl ztunnel-config workloads reviews-v1-5d8b9c7f4-q8w2m.default', ambient())).toBe(only);
    expect(print('istioctl zc w reviews-v1-5d8b9c7f4-q8w2m -n default --workload-namespace istio-system', ambient())).toBe(only);
  });

  it('looks a pod without a namespace up in istio-system (GetOrDefault(-n, the Istio namespace)), as istioctl does', () => {
    expect(print('istioctl zc w reviews-v1-5d8b9c7f4-q8w2m', ambient())).toBe('Error: failed to get pod reviews-v1-5d8b9c7f4-q8w2m.istio-system: pods "reviews-v1-5d8b9c7f4-q8w2m" not found\n');
  });

  it('asks a ztunnel named as the argument, or by --node, for everything it holds', () => {
    const all = print('istioctl zc w', ambient());
    expect(print('istioctl zc w ztunnel-4xk2p.istio-system', ambient())).toBe(all);
    expect(print('istioctl zc w --node kind-worker', ambient())).toBe(all);
    // Services and policies are not filtered by a workload pod.
    expect(print('istioctl zc svc productpage-v1-6f9c7b4d8-2kq9z.default', ambient())).toBe(print('istioctl zc svc', ambient()));
  });

  it('says when no ztunnel runs on the node, the pod has none, or the pod is not scheduled', () => {
    expect(print('istioctl zc w --node kind-worker9', ambient())).toBe('Error: no pods found\n');
    const elsewhere = {objects: [...ambient().objects, obj('', 'Pod', 'default', 'far-away', {spec: {nodeName: 'kind-worker2'}, status: {phase: 'Running', podIP: '10.244.2.3'}})]};
    expect(print('istioctl zc w far-away.default', elsewhere)).toBe('Error: failed to find ztunnel on node kind-worker2 for pod far-away.default: no pods found\n');
    const pending = {objects: [...ambient().objects, obj('', 'Pod', 'default', 'pending', {spec: {}, status: {phase: 'Pending'}})]};
    expect(print('istioctl zc w pending.default', pending)).toBe('Error: pod pending.default is not scheduled to a node\n');
  });

  it('asks the node\'s ztunnel podutils.ByLogging puts first when a rollout leaves two there: the running one, not the pending one', () => {
    const rolling = {objects: [...ambient().objects, obj('', 'Pod', 'istio-system', 'ztunnel-new9z', {metadata: {labels: {app: 'ztunnel'}}, spec: {nodeName: 'kind-worker'}, status: {phase: 'Pending'}})]};
    expect(print('istioctl zc w --node kind-worker', rolling)).toBe(print('istioctl zc w ztunnel-4xk2p.istio-system', rolling));
    const twoReady = {objects: [...ambient().objects, obj('', 'Pod', 'istio-system', 'ztunnel-new9z', {metadata: {labels: {app: 'ztunnel'}}, spec: {nodeName: 'kind-worker'}, status: {phase: 'Running', podIP: '10.244.1.40', conditions: [{type: 'Ready', status: 'True'}]}})]};
    expect(printFromModel('istioctl zc certs --node kind-worker', {namespace: 'default', placeholders: {}}, twoReady)).toMatchObject({kind: 'gap', reason: expect.stringContaining('lastTransitionTime')});
  });

  it('needs one ztunnel for certificates: several without a pod or --node is istioctl\'s error', () => {
    const two = {objects: [...ambient().objects, obj('', 'Pod', 'istio-system', 'ztunnel-9zz8y', {metadata: {labels: {app: 'ztunnel'}}, spec: {nodeName: 'kind-worker2'}, status: {phase: 'Running', podIP: '10.244.2.3'}})]};
    expect(print('istioctl zc certificates', two)).toBe('Error: ztunnel pod name or --node must be set\n');
  });

  it('refuses what it cannot know: a missing pod named like a ztunnel (a port-forward error), a namespace whose pods the model does not track', () => {
    const gap = (line: string, model: StateModel) => printFromModel(line, {namespace: 'default', placeholders: {}}, model);
    expect(gap('istioctl zc w ztunnel-gone', ambient())).toMatchObject({kind: 'gap', reason: expect.stringContaining('port-forward')});
    expect(gap('istioctl zc w curl.sleep', {...ambient(), held: ['/Pod/default', '/Pod/istio-system']})).toMatchObject({kind: 'gap', reason: expect.stringContaining('namespace sleep')});
    // validateArgs: a pod and --node together is an error istioctl prints after the command's whole usage.
    expect(gap('istioctl zc w reviews-v1-5d8b9c7f4-q8w2m.default --node kind-worker', ambient())).toMatchObject({kind: 'gap', reason: expect.stringContaining('at most one of --file, --node, or pod name must be passed')});
  });
});

describe('a typed pod argument, TYPE/NAME[.NAMESPACE] (handlers.go InferPodInfoFromTypedResource)', () => {
  const reviews = (replicas: ReadonlyArray<{name: string; readySince?: string; created: string; restarts?: number; ready?: boolean}>): StateModel => {
    const base = ambient().objects.filter((o) => !(o.kind === 'Pod' && o.name.startsWith('reviews')));
    const pods = replicas.map((r, i) => obj('', 'Pod', 'default', r.name, {
      metadata: {labels: {app: 'reviews', version: 'v1'}, annotations: {'ambient.istio.io/redirection': 'enabled'}, creationTimestamp: r.created},
      spec: {nodeName: 'kind-worker'},
      status: {phase: 'Running', podIP: `10.244.1.${20 + i}`, conditions: [{type: 'Ready', status: r.ready === false ? 'False' : 'True', ...(r.readySince ? {lastTransitionTime: r.readySince} : {})}], containerStatuses: [{name: 'reviews', restartCount: r.restarts ?? 0}]},
    }));
    const deployment = obj('apps', 'Deployment', 'default', 'reviews-v1', {spec: {selector: {matchLabels: {app: 'reviews', version: 'v1'}}}});
    const service = obj('', 'Service', 'default', 'external', {spec: {clusterIP: '10.96.10.30', ports: [{port: 80}]}});
    return {objects: [...base, ...pods, deployment, service]};
  };
  const row = (text: string): string | undefined => text.split('\n')[1]?.split(/ +/)[1];

  it('resolves deploy/NAME.NAMESPACE and deployment/NAME -n NAMESPACE to the pod its selector picks', () => {
    const model = reviews([{name: 'reviews-v1-aaa', created: '2026-11-25T09:00:00Z', readySince: '2026-11-25T09:01:00Z'}]);
    expect(row(print('istioctl zc workloads deploy/reviews-v1.default', model))).toBe('reviews-v1-aaa');
    expect(row(print('istioctl zc workloads deployment/reviews-v1 -n default', model))).toBe('reviews-v1-aaa');
    expect(row(print('istioctl zc workloads pod/reviews-v1-aaa.default', model))).toBe('reviews-v1-aaa');
  });

  it('picks among several pods as podutils.ByLogging sorts them: ready first, then ready longest, then most restarts', () => {
    const ready = reviews([
      {name: 'reviews-v1-late', created: '2026-11-25T09:00:00Z', readySince: '2026-11-25T09:05:00Z'},
      {name: 'reviews-v1-early', created: '2026-11-25T09:02:00Z', readySince: '2026-11-25T09:03:00Z'},
      {name: 'reviews-v1-unready', created: '2026-11-25T08:00:00Z', ready: false},
    ]);
    expect(row(print('istioctl zc w deploy/reviews-v1.default', ready))).toBe('reviews-v1-early');
    const restarts = reviews([
      {name: 'reviews-v1-calm', created: '2026-11-25T09:00:00Z', readySince: '2026-11-25T09:03:00Z'},
      {name: 'reviews-v1-flaky', created: '2026-11-25T09:01:00Z', readySince: '2026-11-25T09:03:00Z', restarts: 4},
    ]);
    expect(row(print('istioctl zc w deploy/reviews-v1.default', restarts))).toBe('reviews-v1-flaky');
  });

  it('gives istioctl\'s errors: an object not found, a Service without a selector, a selector no pod matches', () => {
    const model = reviews([]);
    expect(print('istioctl zc w deploy/ratings-v1.default', model)).toBe('Error: failed retrieving: deployments.apps "ratings-v1" not found in the "default" namespace\n');
    expect(print('istioctl zc w svc/external.default', model)).toBe('Error: "svc/external" does not refer to a pod: invalid service \'external\': Service is defined without a selector\n');
    expect(print('istioctl zc w deploy/reviews-v1.default', model)).toBe('Error: no pods match "deploy/reviews-v1"\n');
  });

  it('refuses what it cannot decide: pods that tie, a time the model leaves out, a kind it does not follow', () => {
    const gap = (line: string, model: StateModel) => printFromModel(line, {namespace: 'default', placeholders: {}}, model);
    const tie = reviews([{name: 'reviews-v1-a', created: '2026-11-25T09:00:00Z', readySince: '2026-11-25T09:01:00Z'}, {name: 'reviews-v1-b', created: '2026-11-25T09:00:00Z', readySince: '2026-11-25T09:01:00Z'}]);
    expect(gap('istioctl zc w deploy/reviews-v1.default', tie)).toMatchObject({kind: 'gap', reason: expect.stringContaining('tie in podutils.ByLogging')});
    const untimed = reviews([{name: 'reviews-v1-a', created: '2026-11-25T09:00:00Z'}, {name: 'reviews-v1-b', created: '2026-11-25T09:00:00Z', readySince: '2026-11-25T09:01:00Z'}]);
    expect(gap('istioctl zc w deploy/reviews-v1.default', untimed)).toMatchObject({kind: 'gap', reason: expect.stringContaining('lastTransitionTime')});
    expect(gap('istioctl zc w gateway/waypoint.default', reviews([]))).toMatchObject({kind: 'gap'});
  });
});
