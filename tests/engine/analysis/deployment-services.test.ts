/**
 * istioctl analyze, deployment/services.go (deployment.MultiServiceAnalyzer): Services of one
 * Deployment that disagree on a port's protocol (IST0116) or reach one targetPort through
 * different ports (IST0137).
 */
import {describe, expect, it} from 'vitest';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'deployment.MultiServiceAnalyzer';

const injected = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n---\n';
const deployment = (labels = '', templateMetadata = '{labels: {app: web}}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  namespace: shop
  name: web
${labels}spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: ${templateMetadata}
    spec:
      containers: [{name: web, image: nginx}]
---
`;
const service = (name: string, ports: string, selector = '{app: web}', namespace = 'shop') => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: ${selector}
  ports: ${ports}
---
`;
const codes = (text: string) => istioctlLines(text, ANALYZER).map((line) => /\[(IST\d+)\]/.exec(line)![1]);

describe('one port number served with different protocols (IST0116)', () => {
  it('names the Services as namespace/name, sorted, at the Deployment name', () => {
    const text = injected + deployment() + service('web-udp', '[{port: 53, protocol: UDP}]') + service('web-tcp', '[{port: 53}]');
    expect(istioctlLines(text, ANALYZER)).toEqual([
      'Warning [IST0116] (Deployment shop/web in.yaml:9) This deployment web is associated with multiple services using port 53 but different protocols: [shop/web-tcp shop/web-udp]',
    ]);
  });

  it('takes an unset protocol as TCP', () => {
    expect(codes(injected + deployment() + service('a', '[{port: 80, protocol: TCP}]') + service('b', '[{port: 80}]'))).toEqual([]);
  });
});

describe('one targetPort behind different ports (IST0137)', () => {
  it('names the Services, the targetPort quoted and the ports sorted', () => {
    const text = injected + deployment() + service('web-b', '[{port: 8080, targetPort: http}]') + service('web-a', '[{port: 80, targetPort: http}]');
    expect(istioctlLines(text, ANALYZER)).toEqual([
      'Warning [IST0137] (Deployment shop/web in.yaml:9) This deployment web is associated with multiple services [shop/web-a shop/web-b] using targetPort "http" but different ports: [80 8080].',
    ]);
  });

  it('takes an unset or zero targetPort as the port itself', () => {
    expect(codes(injected + deployment() + service('a', '[{port: 80}]') + service('b', '[{port: 8080, targetPort: 80}]'))).toEqual(['IST0137']);
    expect(codes(injected + deployment() + service('a', '[{port: 80, targetPort: 0}]') + service('b', '[{port: 80}]'))).toEqual([]);
  });
});

describe('which Deployments and Services count', () => {
  const conflicting = service('a', '[{port: 53, protocol: UDP}]') + service('b', '[{port: 53}]');

  it('only Deployments in the mesh: a proxy container, the inject label or annotation, or an injected namespace', () => {
    expect(codes(deployment() + conflicting)).toEqual([]);
    expect(codes(deployment('', '{labels: {app: web, sidecar.istio.io/inject: "true"}}') + conflicting)).toEqual(['IST0116']);
    expect(codes(deployment('', '{labels: {app: web}, annotations: {sidecar.istio.io/inject: "true"}}') + conflicting)).toEqual(['IST0116']);
    expect(codes(injected + deployment('', '{labels: {app: web, sidecar.istio.io/inject: "false"}}') + conflicting)).toEqual([]);
  });

  it('not waypoints, nor Services of another namespace or without a selector', () => {
    expect(codes(injected + deployment('  labels: {gateway.istio.io/managed: istio.io-mesh-controller}\n') + conflicting)).toEqual([]);
    expect(codes(injected + deployment() + service('a', '[{port: 53, protocol: UDP}]', '{app: web}', 'other') + service('b', '[{port: 53}]'))).toEqual([]);
    expect(codes(injected + deployment() + service('a', '[{port: 53, protocol: UDP}]', '{}') + service('b', '[{port: 53}]'))).toEqual([]);
  });
});
