/**
 * linkerd.InjectionAnalyzer: workloads the proxy injector leaves out of a namespace the run
 * treats as meshed, and linkerd.io/inject values it does not know (pkg/inject/report.go
 * disabledByAnnotation's truth table for the webhook, and its Reasons).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const CODES = new Set(['linkerd-workload-not-injected', 'linkerd-invalid-inject-annotation', 'linkerd-injection-skipped']);
const ours = (text: string, options = {}) => findings(text, options).filter((f) => CODES.has(f.code));

const namespace = (annotations = '{}') => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations: ${annotations}
`;
const deployment = (name: string, annotations = '{}') => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata:
      labels: {app: ${name}}
      annotations: ${annotations}
    spec: {containers: [{name: app, image: app}]}
`;
const server = `---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}, port: 8080}
`;

describe('a workload left unmeshed in a meshed namespace', () => {
  it('warns at its pod template when another workload of the namespace is injected', () => {
    const text = namespace() + deployment('web', '{linkerd.io/inject: enabled}') + deployment('worker');
    expect(ours(text)).toEqual([expect.objectContaining({
      at: '28:5', severity: 'warning', code: 'linkerd-workload-not-injected',
      message: expect.stringMatching(/^Deployment shop\/worker runs without a Linkerd proxy in namespace shop, which is meshed \(Deployment shop\/web is injected\): its pods get no mTLS identity/),
    })]);
  });

  it('counts Linkerd policy resources in the namespace as meshing it', () => {
    expect(ours(namespace() + deployment('web') + server).map((f) => f.message)).toEqual([expect.stringContaining('which is meshed (Server shop/web is there)')]);
  });

  it('respects an explicit opt-out (linkerd.io/inject: disabled)', () => {
    expect(ours(namespace() + deployment('web', '{linkerd.io/inject: enabled}') + deployment('worker', '{linkerd.io/inject: disabled}'))).toEqual([]);
  });

  it('takes a namespace annotated enabled or ingress as injecting its workloads', () => {
    expect(ours(namespace('{linkerd.io/inject: enabled}') + deployment('web') + server)).toEqual([]);
    expect(ours(namespace('{linkerd.io/inject: ingress}') + deployment('web') + server)).toEqual([]);
  });

  it('takes a pod that already runs linkerd-proxy as meshed', () => {
    const injected = deployment('web').replace('[{name: app, image: app}]', '[{name: app, image: app}, {name: linkerd-proxy, image: proxy}]');
    expect(ours(namespace() + injected + deployment('worker')).map((f) => f.message)).toEqual([expect.stringContaining('Deployment shop/worker runs without a Linkerd proxy')]);
  });

  it('says nothing of a namespace with no sign of Linkerd', () => {
    expect(ours(namespace() + deployment('web') + deployment('worker'))).toEqual([]);
  });

  it('says nothing when the namespace\'s annotations are unknown (open world without the Namespace)', () => {
    expect(ours(deployment('web', '{linkerd.io/inject: enabled}').slice(4) + deployment('worker'))).toEqual([]);
  });

  it('reads the namespace from the context in a closed world', () => {
    expect(ours(deployment('worker').slice(4), {context: namespace() + deployment('web', '{linkerd.io/inject: enabled}')}).map((f) => f.code)).toEqual(['linkerd-workload-not-injected']);
  });
});

describe('invalid linkerd.io/inject values', () => {
  it('warns at a pod template\'s annotation: the injector skips the pod', () => {
    expect(ours(namespace('{linkerd.io/inject: enabled}') + deployment('web', '{linkerd.io/inject: "true"}'))).toEqual([expect.objectContaining({
      at: '17:40', code: 'linkerd-invalid-inject-annotation',
      message: 'invalid value "true" for annotation "linkerd.io/inject" at workload: the proxy injector skips its pods (valid values: enabled, disabled, ingress)',
    })]);
  });

  it('warns at a namespace\'s annotation: every pod there is skipped, even one annotated enabled', () => {
    expect(ours(namespace('{linkerd.io/inject: Enabled}') + deployment('web', '{linkerd.io/inject: enabled}')).map(({at, message}) => ({at, message}))).toEqual([
      {at: '5:36', message: 'invalid value "Enabled" for annotation "linkerd.io/inject" at namespace: the proxy injector skips every pod of the namespace (valid values: enabled, disabled, ingress)'},
    ]);
  });
});

describe('a workload marked for injection that the injector skips (report.go Injectable)', () => {
  it('warns at hostNetwork: the injector leaves host-network pods alone', () => {
    const text = namespace('{linkerd.io/inject: enabled}') + deployment('agent').replace('spec: {containers:', 'spec: {hostNetwork: true, containers:');
    expect(ours(text)).toEqual([expect.objectContaining({
      at: '18:25', code: 'linkerd-injection-skipped',
      message: 'Deployment shop/agent is marked for Linkerd injection (linkerd.io/inject on namespace shop), but the proxy injector skips it: hostNetwork is enabled. ' +
        'Its pods run without a Linkerd proxy: no mTLS identity, no inbound policy',
    })]);
  });

  it('warns when another mesh\'s sidecar is already there', () => {
    const text = namespace() + deployment('web', '{linkerd.io/inject: enabled}').replace('[{name: app, image: app}]', '[{name: app, image: app}, {name: istio-proxy, image: proxyv2}]');
    expect(ours(text).map((f) => f.message)).toEqual([
      expect.stringContaining('(linkerd.io/inject: enabled on its pod template), but the proxy injector skips it: pod has a sidecar injected already'),
    ]);
  });

  it('says nothing of a host-network pod nobody marked', () => {
    expect(ours(namespace() + deployment('agent').replace('spec: {containers:', 'spec: {hostNetwork: true, containers:'))).toEqual([]);
  });
});
