import {describe, expect, it} from 'vitest';
import {parseGet, printGet} from '../../../src/terminal/printers/get';
import {printFromModel} from '../../../src/terminal/printers/index';
import {MODEL, reviewsPod} from './support/model';

const get = (line: string, model = MODEL): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};

describe('kubectl get pods, as printers.go prints pods', () => {
  it('prints NAME READY STATUS RESTARTS AGE, sorted by name, native sidecars counted, the last restart\'s age beside the count', () => {
    expect(get('kubectl get pods')).toBe([
      'NAME                          READY   STATUS    RESTARTS     AGE',
      'reviews-v1-84d5b6f7c9-t6wzm   2/2     Running   1 (5m ago)   10m',
      'reviews-v2-5c757d5846-wf8fq   2/2     Running   0            90s',
      '',
    ].join('\n'));
  });

  it('-o wide adds IP, NODE, NOMINATED NODE and READINESS GATES', () => {
    expect(get('kubectl get po -o wide')).toBe([
      'NAME                          READY   STATUS    RESTARTS     AGE   IP            NODE          NOMINATED NODE   READINESS GATES',
      'reviews-v1-84d5b6f7c9-t6wzm   2/2     Running   1 (5m ago)   10m   10.244.1.9    kind-worker   <none>           <none>',
      'reviews-v2-5c757d5846-wf8fq   2/2     Running   0            90s   10.244.2.15   kind-worker   <none>           <none>',
      '',
    ].join('\n'));
  });

  it('-A puts NAMESPACE first and sorts by namespace; a waiting container\'s reason is the status', () => {
    expect(get('k get pods -A')).toBe([
      'NAMESPACE      NAME                          READY   STATUS             RESTARTS     AGE',
      'default        reviews-v1-84d5b6f7c9-t6wzm   2/2     Running            1 (5m ago)   10m',
      'default        reviews-v2-5c757d5846-wf8fq   2/2     Running            0            90s',
      'istio-system   istiod-7d4b9c6f8-k5xrt        0/1     ImagePullBackOff   0            10m',
      '',
    ].join('\n'));
  });

  it('-l selects and --show-labels adds LABELS, sorted', () => {
    expect(get('kubectl get pods --show-labels -l app=reviews,version!=v1')).toBe([
      'NAME                          READY   STATUS    RESTARTS   AGE   LABELS',
      'reviews-v2-5c757d5846-wf8fq   2/2     Running   0          90s   app=reviews,version=v2',
      '',
    ].join('\n'));
    expect(get('kubectl get pods -l "version in (v1, v3)" -o name')).toBe('pod/reviews-v1-84d5b6f7c9-t6wzm\n');
  });

  it('prints the names asked for, in that order, then NotFound for a missing one', () => {
    expect(get('kubectl get pod reviews-v2-5c757d5846-wf8fq pod-x reviews-v1-84d5b6f7c9-t6wzm')).toBe([
      'NAME                          READY   STATUS    RESTARTS     AGE',
      'reviews-v2-5c757d5846-wf8fq   2/2     Running   0            90s',
      'reviews-v1-84d5b6f7c9-t6wzm   2/2     Running   1 (5m ago)   10m',
      'Error from server (NotFound): pods "pod-x" not found',
      '',
    ].join('\n'));
    expect(get('kubectl get pods/pod-x')).toBe('Error from server (NotFound): pods "pod-x" not found\n');
  });

  it('says "No resources found" on stderr as get.go does: in the namespace unless -A', () => {
    expect(get('kubectl get pods -n kube-system')).toBe('No resources found in kube-system namespace.\n');
    expect(get('kubectl get pods -l app=none -A')).toBe('No resources found\n');
    expect(get('kubectl get pods -l app=none -o json')).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });

  it('refuses a name across all namespaces, and a name with a selector, in kubectl\'s words', () => {
    expect(get('kubectl get pod x -A')).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
    expect(get('kubectl get pod x -l app=reviews')).toBe('error: name cannot be provided when a selector is specified\n');
  });

  it('reads a pod still initialising, and one being deleted', () => {
    const initialising = reviewsPod('p-1', 'v1', '2026-11-24T22:09:00Z');
    const status = initialising.value.status as Record<string, unknown>;
    status.conditions = [];
    status.initContainerStatuses = [{name: 'istio-init', ready: false, restartCount: 0, state: {waiting: {reason: 'PodInitializing'}}}];
    status.containerStatuses = [{name: 'reviews', ready: false, restartCount: 0, state: {waiting: {reason: 'PodInitializing'}}}];
    status.phase = 'Pending';
    const deleting = reviewsPod('p-2', 'v1', '2026-11-24T22:09:00Z');
    (deleting.value.metadata as Record<string, unknown>).deletionTimestamp = '2026-11-24T22:09:30Z';
    expect(get('kubectl get pods', {objects: [initialising, deleting], now: MODEL.now})).toBe([
      'NAME   READY   STATUS        RESTARTS   AGE',
      'p-1    0/2     Init:0/2      0          60s',
      'p-2    2/2     Terminating   0          60s',
      '',
    ].join('\n'));
  });
});

describe('what the pods printer cannot print without inventing', () => {
  it('is a gap: a state without a clock, a pod without status or creation time', () => {
    const line = 'kubectl get pods';
    expect(printFromModel(line, {namespace: 'default', placeholders: {}}, {objects: MODEL.objects})).toEqual({kind: 'gap', reason: expect.stringMatching(/no clock/)});
    const bare = reviewsPod('p', 'v1', '2026-11-24T22:09:00Z');
    delete bare.value.status;
    expect(printFromModel(line, {namespace: 'default', placeholders: {}}, {objects: [bare], now: MODEL.now})).toEqual({kind: 'gap', reason: expect.stringMatching(/status/)});
  });

  it('leaves lines it does not cover to the session: other verbs, flags, outputs and several types', () => {
    for (const line of ['kubectl describe pod x', 'kubectl get pods -w', 'kubectl get pods -o custom-columns=N:.metadata.name', 'kubectl get pods,svc', 'kubectl get pods | grep x', 'kubectl get widgets']) {
      expect(parseGet(line, 'default')).toBeUndefined();
    }
    expect(printGet(parseGet('kubectl get pods -n=default --output=name', 'default')!, MODEL)).toBe('pod/reviews-v1-84d5b6f7c9-t6wzm\npod/reviews-v2-5c757d5846-wf8fq\n');
  });
});

describe('a pod\'s IP', () => {
  it('is podIPs\' first, else the single podIP the v1 API also carries', () => {
    const pod = reviewsPod('p', 'v1', '2026-11-24T22:09:00Z');
    const status = pod.value.status as Record<string, unknown>;
    status.podIPs = [];
    status.podIP = '10.244.3.3';
    expect(get('kubectl get pods -o wide', {objects: [pod], now: MODEL.now})).toContain(' 10.244.3.3 ');
    delete status.phase;
    expect(printFromModel('kubectl get pods', {namespace: 'default', placeholders: {}}, {objects: [pod], now: MODEL.now})).toEqual({kind: 'gap', reason: expect.stringMatching(/status\.phase/)});
  });
});
