/**
 * linkerd.DefaultInboundDenyAnalyzer: meshed pods whose default inbound policy is `deny` on
 * ports no Server selects. The default comes from the pod's config.linkerd.io/default-inbound-policy
 * annotation, copied from the namespace by the proxy injector when the pod has none (pkg/inject
 * AppendNamespaceAnnotations), else the cluster's all-unauthenticated (policy-controller/k8s/
 * index/src/inbound/workload.rs Settings::from_metadata, index.rs default_inbound_server).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const ours = (text: string, options = {}) => findings(text, options).filter((f) => f.code === 'linkerd-default-deny-uncovered');
const invalid = (text: string, options = {}) => findings(text, options).filter((f) => f.code === 'linkerd-invalid-default-inbound-policy');

const namespace = (annotations: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations: ${annotations}
`;
const web = (annotations = '{}', ports = '[{name: http, containerPort: 8080}, {name: admin, containerPort: 9990}]') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations: ${annotations}
    spec:
      containers:
      - name: web
        image: web
        ports: ${ports}
`;
const server = (port: string) => `---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: web-${port}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  port: ${port}
  accessPolicy: all-authenticated
`;

describe('a meshed namespace whose default inbound policy is deny', () => {
  const denyNamespace = namespace('{linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: deny}');

  it('warns at each workload\'s first uncovered port when no Server selects it', () => {
    expect(ours(web() + server('http'), {context: denyNamespace})).toEqual([expect.objectContaining({
      at: '16:81', severity: 'warning',
      message: 'Deployment shop/web has default inbound policy deny (annotation config.linkerd.io/default-inbound-policy on namespace shop) and no Server selects port 9990 (admin): ' +
        'every connection there is refused (HTTP 403; other TCP connections closed), kubelet probes excepted. An AuthorizationPolicy alone does not help: ' +
        'add a Server selecting the port and an AuthorizationPolicy targeting it',
    })]);
  });

  it('is satisfied when Servers select every declared port, by name or number', () => {
    expect(ours(web() + server('http') + server('9990'), {context: denyNamespace})).toEqual([]);
  });

  it('speaks of any port when the pods declare none and no Server selects them', () => {
    const text = web('{}', '[]') + server('http').replace('{app: web}', '{app: other}');
    expect(ours(text, {context: denyNamespace}).map((f) => f.message)).toEqual([expect.stringContaining('no Server selects any of its ports')]);
  });

  it('reports on the namespace\'s annotation when the workload is the cluster\'s and the namespace the input\'s', () => {
    expect(ours(denyNamespace, {context: web() + server('http')})).toEqual([expect.objectContaining({
      at: '5:87', message: expect.stringContaining('Deployment shop/web has default inbound policy deny'),
    })]);
  });

  it('lets the pod\'s own annotation override the namespace\'s, as the injector copies only what the pod lacks', () => {
    expect(ours(web('{config.linkerd.io/default-inbound-policy: all-authenticated}') + server('http'), {context: denyNamespace})).toEqual([]);
  });

  it('leaves unmeshed pods alone: without a proxy no policy applies', () => {
    expect(ours(web('{linkerd.io/inject: disabled}') + server('http'), {context: denyNamespace})).toEqual([]);
  });

  it('says nothing in an open world that brings no Server', () => {
    expect(ours(denyNamespace + '---\n' + web())).toEqual([]);
  });
});

describe('a pod template annotated deny', () => {
  it('warns at the annotation', () => {
    const text = web('{linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: deny}') + server('http');
    expect(ours(text, {context: namespace('{}')})).toEqual([expect.objectContaining({
      at: '11:91', message: expect.stringContaining('(annotation config.linkerd.io/default-inbound-policy on its pod template) and no Server selects port 9990 (admin)'),
    })]);
  });

  it('takes any other valid default as allowing, and the cluster default (all-unauthenticated) without annotation', () => {
    for (const value of ['all-authenticated', 'cluster-unauthenticated', 'audit']) {
      expect(ours(web(`{linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: ${value}}`) + server('http'), {context: namespace('{}')})).toEqual([]);
    }
    expect(ours(web('{linkerd.io/inject: enabled}') + server('http'), {context: namespace('{}')})).toEqual([]);
  });
});

describe('a default inbound policy the controller cannot parse', () => {
  it('warns at the annotation of a namespace or a pod template (DefaultPolicy::from_str), and counts it as no deny', () => {
    const text = namespace('{linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: Deny}') + '---\n' + web('{config.linkerd.io/default-inbound-policy: allow}') + server('http');
    expect(invalid(text).map(({at, message}) => ({at, message}))).toEqual([
      {at: '5:87', message: expect.stringMatching(/^invalid value "Deny" for annotation "config.linkerd.io\/default-inbound-policy" at namespace shop: the policy controller ignores it/)},
      {at: '17:63', message: expect.stringContaining('invalid value "allow" for annotation "config.linkerd.io/default-inbound-policy" at the pod template of Deployment shop/web')},
    ]);
    expect(ours(text)).toEqual([]);
  });
});
