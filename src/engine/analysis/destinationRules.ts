/** DestinationRule analysis: subsets that select no pod, and several rules for one host. */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, isSet, stringOr} from '../istio/access';
import {fqdn, formatLabels, stringLabels} from './cluster';
import type {AnalysisContext} from './context';
import type {AnalysisResource} from './model';

export function analyzeDestinationRuleSubsets(ctx: AnalysisContext, dr: AnalysisResource): void {
  const spec = asObject(dr.value.spec) ?? {};
  const host = stringOr(spec.host);
  if (!host || host.startsWith('*')) return;
  const service = ctx.cluster.serviceFor(host, dr.namespace);
  const selector = stringLabels(asObject(service?.value.spec)?.selector);
  // Pods behind the host: the Service's selector, or (with a cluster context) every workload of the host's namespace.
  const namespace = service?.namespace ?? (ctx.closedWorld ? namespaceOfHost(host, dr.namespace) : undefined);
  if (namespace === undefined || !ctx.knowsWorkloadsIn(namespace)) return;
  const pods = ctx.cluster.workloadsMatching(selector, namespace);
  const behind = service ? `behind service ${service.name}.${service.namespace} (selector ${formatLabels(selector)})` : `in namespace ${namespace}`;
  asArray(spec.subsets).forEach((value, i) => {
    const subset = asObject(value);
    const labels = stringLabels(subset?.labels);
    if (!subset || Object.keys(labels).length === 0) return;
    if (pods.some((pod) => Object.entries(labels).every(([k, v]) => pod.labels[k] === v))) return;
    ctx.report(dr, {
      path: at('/spec/subsets', i, 'labels'), at: 'key', severity: 'warning', code: CODES.subsetSelectsNoPods,
      message: `subset ${JSON.stringify(stringOr(subset.name))} selects no pods: no workload ${behind} has the labels ${formatLabels(labels)}`,
    });
  });
}

/** The namespace of an in-cluster host (short name or name.ns.svc.cluster.local); undefined for external hosts. */
function namespaceOfHost(host: string, namespace: string): string | undefined {
  if (!host.includes('.')) return namespace;
  const match = /^[^.]+\.([^.]+)\.svc\.cluster\.local\.?$/.exec(host);
  return match ? match[1] : undefined;
}

/** Several DestinationRules for one host in one namespace: Istio merges them only partly. */
export function analyzeConflictingDestinationRules(ctx: AnalysisContext): void {
  const byHost = new Map<string, AnalysisResource[]>();
  for (const resource of ctx.resources) {
    if (resource.group !== 'networking.istio.io' || resource.kind !== 'DestinationRule') continue;
    const spec = asObject(resource.value.spec) ?? {};
    const host = stringOr(spec.host);
    if (!host || isSet(spec.workloadSelector)) continue;
    const key = `${resource.namespace} ${fqdn(host, resource.namespace)}`;
    byHost.set(key, [...(byHost.get(key) ?? []), resource]);
  }
  for (const rules of byHost.values()) {
    if (rules.length < 2) continue;
    const first = rules[0]!;
    for (const rule of rules.slice(1)) {
      ctx.report(rule, {
        path: '/spec/host', at: 'value', severity: 'warning', code: CODES.conflictingDestinationRules,
        message: `DestinationRule ${rule.namespace}/${rule.name} configures host ${fqdn(stringOr(asObject(rule.value.spec)?.host), rule.namespace)}, ` +
          `as does DestinationRule ${first.namespace}/${first.name}: Istio merges them only partly (the first rule's traffic policy wins and subsets with the same name are dropped); keep one DestinationRule per host`,
      });
    }
  }
}

/**
 * IST0128 / IST0129 (destinationrule.CaCertificateAnalyzer): SIMPLE or MUTUAL TLS to the
 * upstream without caCertificates does not verify the server's certificate.
 */
export function analyzeCaCertificates(ctx: AnalysisContext, dr: AnalysisResource): void {
  const spec = asObject(dr.value.spec) ?? {};
  const policy = asObject(spec.trafficPolicy);
  const host = stringOr(spec.host);
  const unverified = (tls: Record<string, unknown> | undefined) => {
    const mode = stringOr(tls?.mode);
    return (mode === 'SIMPLE' || mode === 'MUTUAL') && stringOr(tls?.caCertificates) === '' ? mode : undefined;
  };
  const mode = unverified(asObject(policy?.tls));
  if (mode) {
    ctx.report(dr, {
      path: '/spec/trafficPolicy/tls/mode', at: 'value', severity: 'warning', code: CODES.noServerCertificateVerificationDestinationLevel,
      message: `DestinationRule ${dr.namespace}/${dr.name} in namespace ${dr.namespace} has TLS mode set to ${mode} but no caCertificates are set to validate server identity for host: ${host}`,
    });
  }
  asArray(policy?.portLevelSettings).forEach((value, i) => {
    const settings = asObject(value);
    const portMode = unverified(asObject(settings?.tls));
    if (!portMode) return;
    const number = asObject(settings?.port)?.number;
    ctx.report(dr, {
      path: at('/spec/trafficPolicy/portLevelSettings', i, 'tls', 'mode'), at: 'value', severity: 'warning', code: CODES.noServerCertificateVerificationPortLevel,
      message: `DestinationRule ${dr.namespace}/${dr.name} in namespace ${dr.namespace} has TLS mode set to ${portMode} but no caCertificates are set to validate server identity for host: ${host} at port ${typeof number === 'number' ? `number:${number}` : ''}`,
    });
  });
}
