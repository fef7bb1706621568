/** Several DestinationRules for one host in one namespace: Istio merges them only partly (no istioctl analyzer says so). */
import {asObject, isSet, stringOr} from '../../../istio/access';
import {fqdn} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {pushTo} from '../../related';
import {KINDS} from '../kinds';

export const conflictingDestinationRulesAnalyzer: Analyzer = {
  name: 'meshdive.ConflictingDestinationRulesAnalyzer',
  inputs: [KINDS.DestinationRule],
  analyze(ctx) {
    const byHost = new Map<string, AnalysisResource[]>();
    for (const resource of ctx.definitions) {
      if (resource.group !== 'networking.istio.io' || resource.kind !== 'DestinationRule') continue;
      const spec = asObject(resource.value.spec) ?? {};
      const host = stringOr(spec.host);
      if (!host || isSet(spec.workloadSelector)) continue;
      pushTo(byHost, `${resource.namespace} ${fqdn(host, resource.namespace)}`, resource);
    }
    for (const rules of byHost.values()) {
      if (rules.length < 2) continue;
      const first = rules[0]!;
      for (const rule of rules.slice(1)) {
        ctx.report(rule, 'ConflictingDestinationRules',
          [`${rule.namespace}/${rule.name}`, fqdn(stringOr(asObject(rule.value.spec)?.host), rule.namespace), `${first.namespace}/${first.name}`], {path: '/spec/host'});
      }
    }
  },
};
