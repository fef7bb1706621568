/** webhook/webhook.go (Analyzer): IST0139 on injection webhooks that overlap or name a missing Service. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';
import {labelSelector} from './labelSelector';

const MUTATING = {group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration'};
const REVISION_LABEL = 'istio.io/rev';

interface Webhook {
  /** `<configuration's full name>/<webhook name>`. */
  id: string;
  config: AnalysisResource;
  namespaceSelector: unknown;
  objectSelector: unknown;
  service: Record<string, unknown> | undefined;
}

/**
 * Istio's injection webhooks (those of a revision, or named `…istio.io`): every namespace and pod
 * label combination Istio uses (injection enabled, disabled or unset; each revision found) must
 * reach at most one of them, else each overlapping webhook is reported; a webhook's service must
 * exist (in a closed world, or where the input brings Services).
 */
export const webhookAnalyzer: Analyzer = {
  name: 'webhook.Analyzer',
  inputs: [MUTATING, KINDS.Service],
  reports: [MUTATING],
  analyze(ctx) {
    const webhooks: Webhook[] = [];
    const revisions = new Set<string>();
    for (const config of ctx.resources(MUTATING.group, MUTATING.kind)) {
      const hooks = asArray(config.value.webhooks).map((hook) => asObject(hook) ?? {});
      const found = revisionsOf(config, hooks);
      if (found.length === 0 && !hooks.some((hook) => stringOr(hook.name).endsWith('istio.io'))) continue;
      const fullName = config.namespace ? `${config.namespace}/${config.name}` : config.name;
      for (const hook of hooks) {
        const clientConfig = asObject(hook.clientConfig);
        webhooks.push({
          id: `${fullName}/${stringOr(hook.name)}`,
          config,
          namespaceSelector: hook.namespaceSelector,
          objectSelector: hook.objectSelector,
          service: asObject(clientConfig?.service),
        });
      }
      for (const revision of found) revisions.add(revision);
    }
    // resources[id] in Go: a later webhook of the same id stands for it.
    const byId = new Map(webhooks.map((webhook) => [webhook.id, webhook.config]));

    const namespaceLabels = labelCombinations('istio-injection', ['enabled', 'disabled'], revisions);
    const objectLabels = labelCombinations('sidecar.istio.io/inject', ['true', 'false'], revisions);
    const matchers = webhooks.map((webhook) => ({id: webhook.id, namespace: selectorMatcher(webhook.namespaceSelector), object: selectorMatcher(webhook.objectSelector)}));
    for (const namespace of namespaceLabels) {
      for (const object of objectLabels) {
        const matches = new Set(matchers.filter((m) => m.namespace(namespace) && m.object(object)).map((m) => m.id));
        if (matches.size < 2) continue;
        for (const match of matches) {
          const others = [...matches].filter((id) => id !== match).sort();
          ctx.report(byId.get(match)!, 'InvalidWebhook', [`Webhook overlaps with others: [${others.join(' ')}]. This may cause injection to occur twice.`]);
        }
      }
    }

    if (!ctx.knows('Service')) return;
    const services = new Set(ctx.resources('', 'Service').map((service) => `${service.namespace}/${service.name}`));
    for (const webhook of webhooks) {
      if (!webhook.service) continue;
      const namespace = stringOr(webhook.service.namespace);
      const name = stringOr(webhook.service.name);
      if (services.has(`${namespace}/${name}`)) continue;
      const fullName = namespace ? `${namespace}/${name}` : name;
      ctx.report(byId.get(webhook.id)!, 'InvalidWebhook', [`Injector refers to a control plane service that does not exist: ${fullName}.`]);
    }
  },
};

/** extractRevisions: the configuration's istio.io/rev label and every revision its selectors name. */
function revisionsOf(config: AnalysisResource, hooks: ReadonlyArray<Record<string, unknown>>): string[] {
  const revisions = new Set<string>();
  const labels = asObject(asObject(config.value.metadata)?.labels);
  if (labels && Object.prototype.hasOwnProperty.call(labels, REVISION_LABEL)) revisions.add(String(labels[REVISION_LABEL] ?? ''));
  for (const hook of hooks) {
    for (const selector of [asObject(hook.namespaceSelector), asObject(hook.objectSelector)]) {
      if (!selector) continue;
      const matchLabels = asObject(selector.matchLabels);
      if (matchLabels && Object.prototype.hasOwnProperty.call(matchLabels, REVISION_LABEL)) revisions.add(String(matchLabels[REVISION_LABEL] ?? ''));
      for (const expression of asArray(selector.matchExpressions)) {
        const expr = asObject(expression);
        if (expr?.key === REVISION_LABEL) for (const value of asArray(expr.values)) revisions.add(String(value ?? ''));
      }
    }
  }
  return [...revisions];
}

/** The label sets tried: unset, and each of the values; then each of those with each revision. */
function labelCombinations(key: string, values: readonly string[], revisions: ReadonlySet<string>): Array<Record<string, string>> {
  const bases = (): Array<Record<string, string>> => [{}, ...values.map((value) => ({[key]: value}))];
  const combinations = bases();
  for (const revision of revisions) for (const base of bases()) combinations.push({...base, [REVISION_LABEL]: revision});
  return combinations;
}

/** selectorMatches: no selector matches everything; one that does not convert matches nothing. */
function selectorMatcher(selector: unknown): (labels: Readonly<Record<string, string>>) => boolean {
  const object = asObject(selector);
  if (!object) return () => true;
  return labelSelector(object) ?? (() => false);
}
