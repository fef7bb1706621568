/**
 * linkerd.InjectionAnalyzer and the proxy injector's webhook selectors (charts/linkerd-control-plane
 * values.yaml proxyInjector namespaceSelector and objectSelector): a pod marked for injection is
 * never sent to the injector in a namespace labelled config.linkerd.io/admission-webhooks: disabled,
 * in kube-system or cert-manager, or when it carries linkerd.io/control-plane-component or
 * linkerd.io/cni-resource, so it runs without a proxy.
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const skipped = (text: string) => findings(text).filter((f) => f.code === 'linkerd-injection-skipped').map((f) => f.message);

const namespace = (name: string, labels = '{}') =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labels}\n  annotations: {linkerd.io/inject: enabled}\n`;
const deployment = (ns: string, labels = '{app: web}') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: app, image: app}]}
`;

describe('pods the API server never sends to the proxy injector', () => {
  it('are told in a namespace labelled config.linkerd.io/admission-webhooks: disabled', () => {
    expect(skipped(namespace('shop', '{config.linkerd.io/admission-webhooks: disabled}') + deployment('shop'))).toEqual([
      'Deployment shop/web is marked for Linkerd injection (linkerd.io/inject on namespace shop), but the proxy injector skips it: namespace shop is labelled '
        + 'config.linkerd.io/admission-webhooks: disabled, which the injector\'s webhook namespaceSelector excludes. Its pods run without a Linkerd proxy: no mTLS identity, no inbound policy',
    ]);
    expect(skipped(namespace('shop', '{config.linkerd.io/admission-webhooks: enabled}') + deployment('shop'))).toEqual([]);
  });

  it('are told in cert-manager, which the namespaceSelector names', () => {
    expect(skipped(namespace('cert-manager') + deployment('cert-manager'))).toEqual([expect.stringContaining('the injector\'s webhook namespaceSelector excludes namespace cert-manager')]);
  });

  it('are told when their labels match the objectSelector\'s exclusions', () => {
    expect(skipped(namespace('shop') + deployment('shop', '{app: web, linkerd.io/cni-resource: "true"}')))
      .toEqual([expect.stringContaining('its pods are labelled linkerd.io/cni-resource, which the injector\'s webhook objectSelector excludes')]);
  });
});
