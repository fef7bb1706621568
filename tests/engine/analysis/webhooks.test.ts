/**
 * istioctl's webhook/webhook.go (Analyzer, IST0139) and externalcontrolplane/externalcontrolplane.go
 * (ExternalControlPlaneAnalyzer, IST0163 and IST0164): Istio's admission webhook configurations.
 */
import {describe, expect, it} from 'vitest';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';
import {istioctlFindings} from '../support/findings';

const analyze = (text: string, analyzer: string) =>
  analyzeIstioctl({files: [{name: 'webhooks.yaml', text}], analyzers: [analyzer]}).messages.map((m) => `${m.code} ${m.origin} ${m.message}`);

const injector = (name: string, webhooks: string, labels = '') => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
${labels}webhooks:
${webhooks}`;

const hook = (name: string, selectors: string, clientConfig = 'service: {name: istiod, namespace: istio-system}') =>
  `- name: ${name}\n  clientConfig: {${clientConfig}}\n  admissionReviewVersions: [v1]\n  sideEffects: None\n${selectors}`;

const ISTIOD = '---\napiVersion: v1\nkind: Service\nmetadata: {name: istiod, namespace: istio-system}\nspec: {ports: [{port: 443}]}\n';

describe('Overlapping injection webhooks (IST0139)', () => {
  it('reports each webhook a label combination reaches along with another, naming the others', () => {
    const both = injector('default', hook('namespace.sidecar-injector.istio.io', '  namespaceSelector: {matchLabels: {istio-injection: enabled}}\n')) +
      '---\n' + injector('other', hook('object.sidecar-injector.istio.io', '  objectSelector: {matchLabels: {sidecar.istio.io/inject: "true"}}\n'));
    expect(analyze(both + ISTIOD, 'webhook.Analyzer')).toEqual([
      'IST0139 MutatingWebhookConfiguration default Webhook overlaps with others: [other/object.sidecar-injector.istio.io]. This may cause injection to occur twice.',
      'IST0139 MutatingWebhookConfiguration other Webhook overlaps with others: [default/namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.',
    ]);
  });

  it('tries the revisions the selectors name, and lets selectors that exclude each other be', () => {
    const tagged = injector('istio-sidecar-injector', [
      hook('rev.namespace.sidecar-injector.istio.io', '  namespaceSelector:\n    matchExpressions:\n    - {key: istio.io/rev, operator: In, values: [canary]}\n    - {key: istio-injection, operator: DoesNotExist}\n'),
      hook('namespace.sidecar-injector.istio.io', '  namespaceSelector:\n    matchExpressions:\n    - {key: istio-injection, operator: In, values: [enabled]}\n'),
    ].join(''));
    expect(analyze(tagged + ISTIOD, 'webhook.Analyzer')).toEqual([]);
  });

  it('takes a selector that does not convert as matching nothing, and ignores webhooks that are not Istio\'s', () => {
    const badOperator = '  namespaceSelector:\n    matchExpressions: [{key: istio-injection, operator: Equals, values: [enabled]}]\n';
    const pair = injector('a', hook('one.istio.io', badOperator)) + '---\n' + injector('b', hook('two.istio.io', ''));
    expect(analyze(pair + ISTIOD, 'webhook.Analyzer')).toEqual([]);
    const foreign = injector('a', hook('one.example.com', '')) + '---\n' + injector('b', hook('two.istio.io', ''));
    expect(analyze(foreign + ISTIOD, 'webhook.Analyzer')).toEqual([]);
  });

  it('reports a webhook whose service is missing, and not in validateYaml, where Services are unknown', () => {
    const config = injector('default', hook('sidecar-injector.istio.io', '', 'service: {name: istiod-canary, namespace: istio-system}'));
    expect(analyze(config, 'webhook.Analyzer')).toEqual([
      'IST0139 MutatingWebhookConfiguration default Injector refers to a control plane service that does not exist: istio-system/istiod-canary.',
    ]);
    expect(istioctlFindings(config)).toEqual([]);
  });
});

describe('Webhooks of an external control plane (IST0163, IST0164)', () => {
  const injectorAt = (url: string) => injector('istio-sidecar-injector-external', hook('namespace.sidecar-injector.istio.io', '', `url: "${url}"`));
  const external = (url: string) => analyze(injectorAt(url), 'externalcontrolplane.ExternalControlPlaneAnalyzer');

  it('takes a host name, and reports an IP address, IPv6 in brackets too', () => {
    expect(external('https://istiod.example.com:15017/inject')).toEqual([]);
    expect(external('https://[2001:db8::1]:15017/inject')).toEqual([
      'IST0164 MutatingWebhookConfiguration istio-sidecar-injector-external The address (https://[2001:db8::1]:15017/inject) that was provided for the webhook (namespace.sidecar-injector.istio.io) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.',
    ]);
  });

  it("reports a URL Go's url.Parse rejects", () => {
    for (const url of ['https://istiod:port/inject', 'https://[10.0.0.1]/inject', 'https://ist iod/inject', 'https://istiod/%zz', ':15017/inject']) {
      expect(external(url), url).toEqual([
        `IST0163 MutatingWebhookConfiguration istio-sidecar-injector-external The hostname (${url}) that was provided for the webhook (namespace.sidecar-injector.istio.io) to reach the ingress gateway on the external control plane cluster was provided in an invalid format. Traffic may not flow properly.`,
      ]);
    }
  });

  it('reports a webhook with neither URL nor service, and only in configurations named as Istio names them', () => {
    const blank = (name: string, kind = 'MutatingWebhookConfiguration') =>
      `apiVersion: admissionregistration.k8s.io/v1\nkind: ${kind}\nmetadata: {name: ${name}}\nwebhooks:\n- {name: validation.istio.io, clientConfig: {url: null}}\n`;
    expect(analyze(blank('istiod-default-validator', 'ValidatingWebhookConfiguration'), 'externalcontrolplane.ExternalControlPlaneAnalyzer')).toEqual([
      'IST0163 ValidatingWebhookConfiguration istiod-default-validator The hostname () that was provided for the webhook (validation.istio.io) to reach the ingress gateway on the external control plane cluster is blank. Traffic may not flow properly.',
    ]);
    expect(analyze(blank('my-validator', 'ValidatingWebhookConfiguration'), 'externalcontrolplane.ExternalControlPlaneAnalyzer')).toEqual([]);
    expect(analyze(blank('sidecar-injector'), 'externalcontrolplane.ExternalControlPlaneAnalyzer')).toEqual([]);
  });
});
