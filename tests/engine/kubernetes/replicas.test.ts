import {describe, expect, it} from 'vitest';
import {problems} from '../helpers';

const deployment = (replicas: string, kind = 'Deployment', apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: reviews-v1, namespace: default}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews}}
    spec:
      containers: [{name: reviews, image: registry.istio.io/release/examples-bookinfo-reviews-v1:1.20.3}]
`;
const replicaErrors = (text: string) => problems(text).filter((p) => p.code === 'invalid-replicas').map(({at, message}) => ({at, message}));

describe("a workload's spec.replicas, as the API server decodes and validates it", () => {
  it('accepts a whole number from 0 to the int32 maximum, and null or no value (the default, 1)', () => {
    for (const replicas of ['0', '3', '2147483647', 'null', '~']) expect(replicaErrors(deployment(replicas)), replicas).toEqual([]);
  });

  it('refuses what JSON cannot decode into an int32, in json.Unmarshal\'s words', () => {
    expect(replicaErrors(deployment('1e20'))).toEqual([{
      at: '5:13',
      message: 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 100000000000000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    }]);
    expect(replicaErrors(deployment('2147483648'))[0]?.message).toContain('cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(replicaErrors(deployment('1.5'))[0]?.message).toContain('cannot unmarshal number 1.5 into');
    expect(replicaErrors(deployment('"3"'))[0]?.message).toContain('cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(replicaErrors(deployment('true'))[0]?.message).toContain('cannot unmarshal bool into');
  });

  it('refuses a negative count in validation', () => {
    expect(replicaErrors(deployment('-1'))).toEqual([{at: '5:13', message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'}]);
  });

  it('applies to StatefulSets, ReplicaSets and ReplicationControllers too, and to no other kind', () => {
    expect(replicaErrors(deployment('1e20', 'StatefulSet'))[0]?.message).toContain('StatefulSetSpec.spec.replicas');
    expect(replicaErrors(deployment('-2', 'ReplicaSet'))).toHaveLength(1);
    expect(replicaErrors(deployment('1.5', 'ReplicationController', 'v1'))[0]?.message).toContain('ReplicationControllerSpec.spec.replicas');
    expect(replicaErrors(deployment('1e20', 'DaemonSet'))).toEqual([]);
  });
});
