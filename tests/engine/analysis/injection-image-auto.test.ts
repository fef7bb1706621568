/**
 * istioctl analyze, injection/image-auto.go (ImageAutoAnalyzer): `image: auto` proxies that no
 * injection will fill in (IST0146 on Deployments, IST0147 on Pods).
 */
import {describe, expect, it} from 'vitest';
import {istioctlFindings} from '../support/findings';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'injection.ImageAutoAnalyzer';

const webhooks = (selectors: string, name = 'namespace.sidecar-injector.istio.io') => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector}
webhooks:
- name: ${name}
${selectors}---
`;
const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${labels}}
---
`;
const deployment = (podLabels = '{app: gw}', image = 'auto') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: gw, namespace: shop}
spec:
  selector: {matchLabels: {app: gw}}
  template:
    metadata: {labels: ${podLabels}}
    spec:
      containers:
      - {name: istio-proxy, image: ${image}}
`;
const codes = (text: string) => istioctlLines(text, ANALYZER).map((line) => /\[(IST\d+)\]/.exec(line)![1]);

describe('`image: auto` on a Pod (IST0147)', () => {
  it('is an error whatever the webhooks, since the pod was not injected', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: gw, namespace: shop}\nspec:\n  containers:\n  - {name: istio-proxy, image: auto}\n';
    expect(istioctlLines(webhooks('') + pod, ANALYZER)).toEqual([
      'Error [IST0147] (Pod shop/gw in.yaml:7) Pod gw contains `image: auto` but does not match any Istio injection webhook selectors.',
    ]);
    expect(istioctlLines(pod.replace('containers', 'initContainers'), ANALYZER)).toEqual([]);
  });
});

describe('`image: auto` on a Deployment (IST0146)', () => {
  it('warns when no Istio webhook selects its namespace and pod template', () => {
    const selectors = '  namespaceSelector: {matchLabels: {istio-injection: enabled}}\n';
    expect(istioctlLines(webhooks(selectors) + namespace('{team: a}') + deployment(), ANALYZER)).toEqual([
      'Warning [IST0146] (Deployment shop/gw in.yaml:12) Deployment gw contains `image: auto` but does not match any Istio injection webhook selectors.',
    ]);
    expect(codes(webhooks(selectors) + namespace('{istio-injection: enabled}') + deployment())).toEqual([]);
  });

  it('matches selectors as Kubernetes does: absent selects all, matchExpressions, object selector on the template labels', () => {
    expect(codes(webhooks('') + deployment())).toEqual([]);
    const notIn = '  namespaceSelector:\n    matchExpressions:\n    - {key: istio-injection, operator: NotIn, values: [disabled]}\n';
    expect(codes(webhooks(notIn) + namespace('{}') + deployment())).toEqual([]);
    expect(codes(webhooks(notIn) + namespace('{istio-injection: disabled}') + deployment())).toEqual(['IST0146']);
    const objectSelector = '  objectSelector:\n    matchExpressions:\n    - {key: sidecar.istio.io/inject, operator: Exists}\n';
    expect(codes(webhooks(objectSelector) + deployment('{app: gw, sidecar.istio.io/inject: "true"}'))).toEqual([]);
    expect(codes(webhooks(objectSelector) + deployment())).toEqual(['IST0146']);
  });

  it('ignores webhooks not named …istio.io, and a selector that does not convert matches nothing', () => {
    expect(codes(webhooks('', 'injector.example.com') + deployment())).toEqual(['IST0146']);
    const badOperator = '  namespaceSelector:\n    matchExpressions:\n    - {key: team, operator: Equals, values: [a]}\n';
    expect(codes(webhooks(badOperator) + namespace('{team: a}') + deployment())).toEqual(['IST0146']);
    const existsWithValues = '  objectSelector:\n    matchExpressions:\n    - {key: app, operator: Exists, values: [gw]}\n';
    expect(codes(webhooks(existsWithValues) + deployment())).toEqual(['IST0146']);
  });

  it('is silent for other images, and in manifests to apply that bring no webhooks', () => {
    expect(codes(deployment('{app: gw}', 'proxyv2:1.30.3'))).toEqual([]);
    expect(istioctlFindings(deployment())).toEqual([]);
  });

  it('in manifests to apply, needs the namespace too: one not brought may carry the labels the webhooks select', () => {
    const selectors = '  namespaceSelector: {matchLabels: {istio-injection: enabled}}\n';
    const imageAuto = (text: string) => istioctlFindings(text).map((f) => f.code).filter((code) => code === 'IST0146');
    expect(imageAuto(webhooks(selectors) + deployment())).toEqual([]);
    expect(imageAuto(webhooks(selectors) + namespace('{team: a}') + deployment())).toEqual(['IST0146']);
  });
});
