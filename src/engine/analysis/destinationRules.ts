/** DestinationRule analysis: unknown hosts, subsets that select no pod, several rules for one host, unverified TLS. */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, isSet, stringOr} from '../istio/access';
import {CLUSTER_DOMAIN, fqdn, stringLabels} from '../model/cluster';
import type {AnalysisContext} from './context';
import type {AnalysisResource} from '../model/resource';

/** Labels istiod copies from a pod's Node onto its endpoints (label.LabelTopology*, LabelHostname). */
const NODE_TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone', 'kubernetes.io/hostname']);

/**
 * destinationrule/subset.go (PodNotSelectedAnalyzer). IST0174: no Service or ServiceEntry provides
 * the host. IST0173: no pod, in any namespace, has the provider's selector merged with the
 * subset's labels (a subset without labels needs a pod of the service). Silent where absence
 * means nothing: without a context, only hosts and workloads the input itself brings are known.
 */
export function analyzeDestinationRuleSubsets(ctx: AnalysisContext, dr: AnalysisResource): void {
  const spec = asObject(dr.value.spec) ?? {};
  const host = stringOr(spec.host);
  if (!host) return;
  const destination = ctx.cluster.destinationFor(host, dr.namespace);
  if (!destination) {
    const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
    if (ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) {
      ctx.report(dr, {path: '/spec/host', at: 'value', severity: 'warning', code: CODES.unknownDestinationRuleHost,
        message: `The host ${host} defined in the DestinationRule does not match any services in the mesh.`});
    }
    return;
  }
  const {provider, selector} = destination;
  if (!ctx.closedWorld && !(provider.kind === 'Service' && ctx.knowsWorkloadsIn(provider.namespace))) return;
  asArray(spec.subsets).forEach((value, i) => {
    const subset = asObject(value);
    if (!subset) return;
    const subsetLabels = stringLabels(subset.labels);
    // istioctl adds the labels of each pod's Node (region, zone, subzone, hostname) before
    // matching; a lab's cluster has no Nodes, so such a subset cannot be judged here.
    if (Object.keys(subsetLabels).some((key) => NODE_TOPOLOGY_LABELS.has(key))) return;
    const labels = {...selector, ...subsetLabels};
    if (ctx.cluster.workloadsMatching(labels).length > 0) return;
    ctx.report(dr, {
      path: at('/spec/subsets', i, 'name'), at: 'value', severity: 'error', code: CODES.destinationRuleSubsetNotSelectPods,
      message: `The Subset ${stringOr(subset.name)} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`,
    });
  });
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
