import {describe, expect, it} from 'vitest';
import {findPort} from '../../../src/engine/model/find-port';

const spec = {
  initContainers: [
    {name: 'istio-init', ports: [{name: 'init', containerPort: 1}]},
    {name: 'istio-proxy', restartPolicy: 'Always', ports: [{name: 'http-envoy-prom', containerPort: 15090}, {name: 'web', containerPort: 15021}]},
  ],
  containers: [
    {name: 'app', ports: [{name: 'dns', containerPort: 5353, protocol: 'UDP'}, {name: 'web', containerPort: 8080}]},
    {name: 'other', ports: [{name: 'web', containerPort: 9090}, {name: 'dns', containerPort: 5354, protocol: 'TCP'}]},
  ],
};

describe('FindPort (kubernetes pkg/api/v1/pod/util.go; istiod kube/controller/util.go)', () => {
  it('takes a numeric targetPort as it is, and the port itself without one (the API server\'s default)', () => {
    expect(findPort(spec, {port: 80, targetPort: 7000})).toBe(7000);
    expect(findPort(spec, {port: 80})).toBe(80);
  });

  it('looks a name up in the containers first, the first match of the Service port\'s protocol (TCP by default)', () => {
    expect(findPort(spec, {port: 80, targetPort: 'web'})).toBe(8080);
    expect(findPort(spec, {port: 53, targetPort: 'dns'})).toBe(5354);
    expect(findPort(spec, {port: 53, targetPort: 'dns', protocol: 'UDP'})).toBe(5353);
  });

  it('then in the native sidecars (restartPolicy Always), never in other init containers', () => {
    expect(findPort(spec, {port: 15090, targetPort: 'http-envoy-prom'})).toBe(15090);
    expect(findPort(spec, {port: 1, targetPort: 'init'})).toBeUndefined();
  });

  it('finds nothing for a name no container declares, or without a pod spec', () => {
    expect(findPort(spec, {port: 80, targetPort: 'missing'})).toBeUndefined();
    expect(findPort(undefined, {port: 80, targetPort: 'web'})).toBeUndefined();
  });
});
