/** injection/image-auto.go (ImageAutoAnalyzer): IST0146, IST0147. */
import {asObject} from '../../../istio/access';
import {stringLabels, type Labels} from '../../../model/labels';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';
import {PROXY_CONTAINER} from './injectorConfig';
import {labelSelectorMatches} from './labelSelector';

/** The image `istioctl kube-inject` and the injector template replace: only injection makes it real. */
const MANUAL_INJECTION_IMAGE = 'auto';

/**
 * A container (not an init container) named istio-proxy with `image: auto`. IST0147 on every such
 * Pod: a pod exists already, so it was not injected. IST0146 on such a Deployment when no Istio
 * webhook (of a MutatingWebhookConfiguration, named `…istio.io`) selects both its namespace's
 * labels and its pod template's labels.
 */
export const imageAutoAnalyzer: Analyzer = {
  name: 'injection.ImageAutoAnalyzer',
  inputs: [KINDS.Namespace, KINDS.Pod, KINDS.Deployment, KINDS.MutatingWebhookConfiguration],
  reports: [KINDS.Pod, KINDS.Deployment],
  analyze(ctx) {
    const webhooks: Record<string, unknown>[] = [];
    for (const configuration of ctx.resources('admissionregistration.k8s.io', 'MutatingWebhookConfiguration')) {
      for (const webhook of arrayOfObjects(configuration.value.webhooks)) {
        if (typeof webhook.name === 'string' && webhook.name.endsWith('istio.io')) webhooks.push(webhook);
      }
    }
    for (const pod of ctx.resources('', 'Pod')) {
      if (hasAutoImage(asObject(pod.value.spec))) ctx.report(pod, 'ImageAutoWithoutInjectionError', ['Pod', pod.name]);
    }
    // Without the cluster's webhooks, whether a Deployment gets injected cannot be known.
    if (!ctx.knows('MutatingWebhookConfiguration')) return;
    const namespaces = new Map(ctx.resources('', 'Namespace').map((ns) => [ns.name, ns] as const));
    for (const deployment of ctx.resources('apps', 'Deployment')) {
      const template = asObject(asObject(deployment.value.spec)?.template);
      if (!hasAutoImage(asObject(template?.spec))) continue;
      const namespace = namespaces.get(deployment.namespace || 'default');
      // A namespace the manifests do not bring may carry the labels a webhook selects.
      if (!namespace && !ctx.closedWorld) continue;
      const namespaceLabels = namespace ? labelsOf(namespace.value.metadata) : {};
      const podLabels = labelsOf(template?.metadata);
      const injected = webhooks.some((w) => labelSelectorMatches(w.namespaceSelector, namespaceLabels) && labelSelectorMatches(w.objectSelector, podLabels));
      if (!injected) ctx.report(deployment, 'ImageAutoWithoutInjectionWarning', ['Deployment', deployment.name]);
    }
  },
};

function hasAutoImage(spec: Record<string, unknown> | undefined): boolean {
  return arrayOfObjects(spec?.containers).some((c) => c.name === PROXY_CONTAINER && c.image === MANUAL_INJECTION_IMAGE);
}

const labelsOf = (metadata: unknown): Labels => stringLabels(asObject(metadata)?.labels);

function arrayOfObjects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((v) => asObject(v) ?? {}) : [];
}

