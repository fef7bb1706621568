/** Selector and injection analysis: selectors matching no workload, STRICT mTLS without sidecars. */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, stringOr} from '../istio/access';
import {formatLabels, stringLabels} from '../model/cluster';
import type {AnalysisContext} from './context';
import {analyzeIngressGatewayPorts} from './gateways';
import {ROOT_NAMESPACE, SYSTEM_NAMESPACES, type AnalysisResource} from '../model/resource';
import {MAX_NAMED_RELATED, nameRelated, pushTo} from './related';


/**
 * IST0127 (authz/authorizationpolicies.go) for AuthorizationPolicy only: no other istioctl analyzer
 * reports it (a Telemetry selecting nothing is IST0101, see selectors.ts; PeerAuthentication and
 * RequestAuthentication selectors are not analyzed). Gateways and Sidecars whose selector finds no
 * pod are IST0101 "selector".
 */
export function analyzeSelector(ctx: AnalysisContext, resource: AnalysisResource): void {
  const spec = asObject(resource.value.spec) ?? {};
  if (resource.group === 'networking.istio.io' && resource.kind === 'Gateway') {
    analyzeIngressGatewayPorts(ctx, resource);
    return;
  }
  if (resource.group === 'networking.istio.io' && resource.kind === 'Sidecar') {
    // sidecar/selector.go: a Sidecar whose workloadSelector matches no pod of its namespace is IST0101 "selector".
    const selector = stringLabels(asObject(spec.workloadSelector)?.labels);
    if (Object.keys(selector).length === 0 || !ctx.knowsWorkloadsIn(resource.namespace)) return;
    if (ctx.cluster.workloadsMatching(selector, resource.namespace).length === 0) {
      ctx.report(resource, {path: '/spec/workloadSelector', at: 'key', severity: 'error', code: CODES.referencedResourceNotFound,
        message: `Referenced selector not found: ${JSON.stringify(formatLabels(selector))}`});
    }
    return;
  }
  if (resource.group !== 'security.istio.io' || resource.kind !== 'AuthorizationPolicy') return;
  const namespace = resource.namespace === ROOT_NAMESPACE ? undefined : resource.namespace;
  if (!ctx.knowsWorkloadsIn(namespace)) return;
  if (spec.selector === undefined || spec.selector === null) {
    // A namespace-wide policy (not in the root namespace) where no pod runs.
    if (namespace !== undefined && ctx.cluster.workloadsMatching({}, namespace).length === 0) {
      ctx.report(resource, {path: '/metadata/name', at: 'value', severity: 'warning', code: CODES.noMatchingWorkloadsFound,
        message: 'No matching workloads for this resource with the following labels: '});
    }
    return;
  }
  const selector = stringLabels(asObject(spec.selector)?.matchLabels);
  if (Object.keys(selector).length === 0) return;
  if (ctx.cluster.workloadsMatching(selector, namespace).length === 0) {
    ctx.report(resource, {path: '/spec/selector', at: 'key', severity: 'warning', code: CODES.noMatchingWorkloadsFound,
      message: `No matching workloads for this resource with the following labels: ${formatLabels(selector)}`});
  }
}

/** STRICT mTLS in a namespace whose pods get no sidecar: nothing there can speak mTLS. */
export function analyzeStrictMtls(ctx: AnalysisContext, pa: AnalysisResource): void {
  if (pa.namespace === ROOT_NAMESPACE) return;
  const spec = asObject(pa.value.spec) ?? {};
  if (stringOr(asObject(spec.mtls)?.mode) !== 'STRICT') return;
  const labels = ctx.cluster.namespaces.get(pa.namespace);
  if (!labels) return;
  const injected = labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined ||
    labels['istio.io/dataplane-mode'] === 'ambient';
  if (injected) return;
  ctx.report(pa, {
    path: '/spec/mtls/mode', at: 'value', severity: 'warning', code: CODES.strictMtlsWithoutInjection,
    message: `PeerAuthentication ${pa.namespace}/${pa.name} requires STRICT mTLS, but namespace ${JSON.stringify(pa.namespace)} is not labelled for sidecar injection ` +
      `(istio-injection=enabled or istio.io/rev=<revision>): its pods run without a proxy and cannot use mTLS. ` +
      `Run 'kubectl label namespace ${pa.namespace} istio-injection=enabled' and restart the workloads`,
  });
}


/**
 * injection/injection.go for Namespace documents in the input. IST0123: more than one of
 * istio-injection, istio.io/rev, istio.io/dataplane-mode (the last two count only when
 * istio-injection is absent or "enabled"). IST0102: neither a non-empty istio-injection nor an
 * istio.io/rev label, unless the namespace is ambient.
 */
export function analyzeNamespaceInjection(ctx: AnalysisContext, namespace: AnalysisResource): void {
  if (SYSTEM_NAMESPACES.has(namespace.name) || namespace.name === ROOT_NAMESPACE) return;
  const labels = stringLabels(asObject(namespace.value.metadata)?.labels);
  const injection = labels['istio-injection'];
  const present = injection === undefined ? [] : [`istio-injection=${injection}`];
  for (const key of ['istio.io/rev', 'istio.io/dataplane-mode']) {
    if (labels[key] !== undefined && (injection === undefined || injection === 'enabled')) present.push(`${key}=${labels[key]}`);
  }
  if (present.length > 1) {
    ctx.report(namespace, {path: '/metadata/labels', at: 'key', severity: 'warning', code: CODES.namespaceMultipleInjectionLabels,
      message: `The namespace has more than one type of injection labels [${present.join(' ')}], which may lead to undefined behavior. Make sure only one injection label exists.`});
  }
  if (labels['istio.io/dataplane-mode'] === 'ambient' || (injection ?? '') !== '' || labels['istio.io/rev'] !== undefined) return;
  ctx.report(namespace, {
    path: '/metadata/name', at: 'value', severity: 'info', code: CODES.namespaceNotInjected,
    message: `The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${namespace.name} istio-injection=enabled' to enable it, or 'kubectl label namespace ${namespace.name} istio-injection=disabled' to explicitly mark it as not needing injection.`,
  });
}

/** IST0111 (sidecar/defaultselector.go): more than one Sidecar without workloadSelector in a namespace. */
export function analyzeDefaultSidecars(ctx: AnalysisContext): void {
  const latest = new Map<string, AnalysisResource>();
  for (const resource of ctx.resources) {
    if (resource.group === 'networking.istio.io' && resource.kind === 'Sidecar') latest.set(`${resource.namespace}/${resource.name}`, resource);
  }
  const byNamespace = new Map<string, AnalysisResource[]>();
  for (const sidecar of latest.values()) {
    if (asObject(sidecar.value.spec)?.workloadSelector !== undefined && asObject(sidecar.value.spec)?.workloadSelector !== null) continue;
    pushTo(byNamespace, sidecar.namespace, sidecar);
  }
  for (const [namespace, sidecars] of byNamespace) {
    if (sidecars.length < 2) continue;
    const names = nameRelated(sidecars.slice(0, MAX_NAMED_RELATED).map((s) => s.name), ' ', sidecars.length);
    for (const sidecar of sidecars) {
      ctx.report(sidecar, {path: '/metadata/name', at: 'value', severity: 'error', code: CODES.multipleSidecarsWithoutWorkloadSelectors,
        message: `The Sidecars [${names}] in namespace ${JSON.stringify(namespace)} have no workload selector, which can lead to undefined behavior.`});
    }
  }
}

/** authz analyzer analyzeNamespaceNotFound: from.source.namespaces must name existing namespaces (IST0101). */
export function analyzeAuthorizationPolicyNamespaces(ctx: AnalysisContext, policy: AnalysisResource): void {
  if (!ctx.knows('Namespace')) return;
  asArray(asObject(policy.value.spec)?.rules).forEach((rule, i) => {
    asArray(asObject(rule)?.from).forEach((from, j) => {
      asArray(asObject(asObject(from)?.source)?.namespaces).forEach((namespace, k) => {
        // Namespace patterns (`*`, `prod-*`) are matched by Envoy, not looked up.
        if (typeof namespace !== 'string' || namespace === '' || namespace.includes('*') || ctx.cluster.namespaces.has(namespace)) return;
        ctx.report(policy, {path: at('/spec/rules', i, 'from', j, 'source', 'namespaces', k), at: 'value', severity: 'error',
          code: CODES.referencedResourceNotFound, message: `Referenced namespace not found: ${JSON.stringify(namespace)}`});
      });
    });
  });
}
