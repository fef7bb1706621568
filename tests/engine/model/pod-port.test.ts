/**
 * The engine's FindPort (kubernetes pkg/api/v1/pod/util.go), as src/engine/model/pod-port.ts reads
 * a Service port entry against a pod spec: the endpoints controller's choice of pod port.
 */
import {describe, expect, it} from 'vitest';
import {findPort} from '../../../src/engine/model/pod-port';

const pod = {
  initContainers: [
    {name: 'setup', ports: [{name: 'metrics', containerPort: 9000}]},
    {name: 'proxy', restartPolicy: 'Always', ports: [{name: 'admin', containerPort: 15000}]},
  ],
  containers: [{name: 'app', ports: [{name: 'http', containerPort: 8080}, {name: 'dns', containerPort: 5353, protocol: 'UDP'}, {name: 'http', containerPort: 9090}]}],
};

describe('the pod port behind a Service port', () => {
  it('is a numeric targetPort as written, whatever the pod declares, and the port itself without one', () => {
    expect(findPort(pod, {port: 80, targetPort: 7000})).toBe(7000);
    expect(findPort(pod, {port: 80})).toBe(80);
  });

  it('is the first container port of a named targetPort, of the Service port\'s protocol', () => {
    expect(findPort(pod, {port: 80, targetPort: 'http'})).toBe(8080);
    expect(findPort(pod, {port: 53, targetPort: 'dns'})).toBeUndefined();
    expect(findPort(pod, {port: 53, targetPort: 'dns', protocol: 'UDP'})).toBe(5353);
  });

  it('looks in sidecar containers (restartable init containers) after the containers, and nowhere else', () => {
    expect(findPort(pod, {port: 15000, targetPort: 'admin'})).toBe(15000);
    expect(findPort(pod, {port: 9000, targetPort: 'metrics'})).toBeUndefined();
    expect(findPort(undefined, {port: 80, targetPort: 'http'})).toBeUndefined();
  });
});
