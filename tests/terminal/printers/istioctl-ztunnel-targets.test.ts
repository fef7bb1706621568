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

  it('asks a ztunnel named as the argument for everything it holds, and ignores the argument under --node', () => {
    const all = print('istioctl zc w', ambient());
    expect(print('istioctl zc w ztunnel-4xk2p.istio-system', ambient())).toBe(all);
    expect(print('istioctl zc w reviews-v1-5d8b9c7f4-q8w2m.default --node kind-worker', ambient())).toBe(all);
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

  it('needs one ztunnel for certificates: several without a pod or --node is istioctl\'s error', () => {
    const two = {objects: [...ambient().objects, obj('', 'Pod', 'istio-system', 'ztunnel-9zz8y', {metadata: {labels: {app: 'ztunnel'}}, spec: {nodeName: 'kind-worker2'}, status: {phase: 'Running', podIP: '10.244.2.3'}})]};
    expect(print('istioctl zc certificates', two)).toBe('Error: ztunnel pod name or --node must be set\n');
  });

  it('refuses what it cannot know: a missing pod named like a ztunnel (a port-forward error), a namespace whose pods the model does not track', () => {
    const gap = (line: string, model: StateModel) => printFromModel(line, {namespace: 'default', placeholders: {}}, model);
    expect(gap('istioctl zc w ztunnel-gone', ambient())).toMatchObject({kind: 'gap', reason: expect.stringContaining('port-forward')});
    expect(gap('istioctl zc w curl.sleep', {...ambient(), held: ['/Pod/default', '/Pod/istio-system']})).toMatchObject({kind: 'gap', reason: expect.stringContaining('namespace sleep')});
  });
});
