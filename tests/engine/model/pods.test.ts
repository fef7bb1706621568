import {describe, expect, it} from 'vitest';
import {podName, workloadPods} from '../../../src/engine/model/pods';

const job = (spec: Record<string, unknown>) => workloadPods({group: 'batch', kind: 'Job', name: 'migrate', namespace: 'db',
  value: {spec: {...spec, template: {metadata: {labels: {app: 'migrate'}}}}}});

describe('the pods a workload runs, as counts', () => {
  it('runs a Job\'s parallelism (default 1), never more pods than completions it needs', () => {
    expect(job({})?.pods).toEqual({count: 1});
    expect(job({parallelism: 4})?.pods).toEqual({count: 4});
    expect(job({parallelism: 4, completions: 2})?.pods).toEqual({count: 2});
    expect(job({completions: 5})?.pods).toEqual({count: 1});
    expect(job({parallelism: 0})?.pods).toEqual({count: 0});
  });

  it('refuses a parallelism the API server would not decode, naming the field', () => {
    expect(job({parallelism: '2'})?.pods).toEqual({field: 'parallelism', refused: 'spec.parallelism must be an integer, not a string'});
    expect(job({parallelism: -1})?.pods).toMatchObject({field: 'parallelism', refused: expect.stringContaining('greater than or equal to 0')});
  });

  it('reads a ReplicationController\'s replicas and a DaemonSet as one pod (one node)', () => {
    const template = {metadata: {labels: {app: 'x'}}};
    expect(workloadPods({group: '', kind: 'ReplicationController', name: 'rc', namespace: 'n', value: {spec: {replicas: 3, template}}})?.pods).toEqual({count: 3});
    expect(workloadPods({group: 'apps', kind: 'DaemonSet', name: 'ds', namespace: 'n', value: {spec: {replicas: 9, template}}})?.pods).toEqual({count: 1});
    expect(workloadPods({group: 'apps', kind: 'ControllerRevision', name: 'cr', namespace: 'n', value: {}})).toBeUndefined();
  });

  it('names pods as their controllers do: a hash per template for Deployments, a suffix only for Jobs and ReplicationControllers', () => {
    expect(podName('Job', 'migrate', 'db', 0)).toMatch(/^migrate-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(podName('ReplicationController', 'rc', 'n', 0)).toMatch(/^rc-[a-z0-9]{5}$/);
    expect(podName('Deployment', 'web', 'n', 0)).toMatch(/^web-[a-z0-9]{10}-[a-z0-9]{5}$/);
    expect(podName('StatefulSet', 'db', 'n', 2)).toBe('db-2');
  });
});
