/**
 * Cross-resource analysis, in the spirit of `istioctl analyze`: references between
 * the documents validated together and the cluster context (Services, workloads,
 * namespaces, DestinationRules, ServiceEntries, Gateways).
 */
import {CODES} from '../codes';
import {Cluster} from '../model/cluster';
import type {AnalysisContext} from './context';
import {analyzeCaCertificates, analyzeConflictingDestinationRules, analyzeDestinationRuleSubsets} from './destinationRules';
import {CONTEXT_DOCUMENT, type AnalysisFinding, type AnalysisResource} from '../model/resource';
import {analyzeConflictingGateways} from './gateways';
import {analyzeApplicationUid} from './applicationUid';
import {analyzeEnvoyFilters} from './envoyFilters';
import {analyzeDuplicateCertificates, analyzeGatewaySecrets} from './gatewayCredentials';
import {analyzeJwtClaimRoutes} from './jwtClaimRoutes';
import {analyzeConflictingSidecars, analyzeTelemetries} from './selectors';
import {analyzeServiceEntryAddresses} from './serviceEntries';
import {analyzeServicePortNames} from './services';
import {analyzeConflictingMeshGatewayHosts, analyzeVirtualService} from './virtualServices';
import {analyzeAuthorizationPolicyNamespaces, analyzeDefaultSidecars, analyzeNamespaceInjection, analyzeSelector, analyzeStrictMtls} from './workloads';

export {CONTEXT_DOCUMENT, type AnalysisFinding, type AnalysisResource} from '../model/resource';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod', 'WorkloadEntry']);

export interface AnalyzeOptions {
  /** True when a cluster context was given: then anything absent is really absent. */
  closedWorld: boolean;
  /** Companion resources (other inputs validated together): known like the input's own. */
  companions?: readonly AnalysisResource[];
}

export function analyze(input: readonly AnalysisResource[], contextResources: readonly AnalysisResource[], options: AnalyzeOptions): AnalysisFinding[] {
  const resources = [...contextResources, ...(options.companions ?? []), ...input];
  const cluster = new Cluster(resources);
  const inputKinds = new Set<string>();
  const workloadNamespaces = new Set<string>();
  for (const resource of [...input, ...(options.companions ?? [])]) {
    inputKinds.add(resource.kind);
    if (WORKLOAD_KINDS.has(resource.kind)) workloadNamespaces.add(resource.namespace);
  }
  const findings: AnalysisFinding[] = [];
  const ctx: AnalysisContext = {
    cluster,
    resources,
    knows: (kind) => options.closedWorld || inputKinds.has(kind),
    closedWorld: options.closedWorld,
    knowsWorkloadsIn: (namespace) => options.closedWorld || (namespace !== undefined && workloadNamespaces.has(namespace)),
    report: (resource, finding) => {
      if (resource.document !== CONTEXT_DOCUMENT) findings.push({...finding, path: resource.pathPrefix + finding.path, document: resource.document});
    },
  };
  for (const resource of input) {
    analyzeByKind(ctx, resource);
    analyzeSelector(ctx, resource);
  }
  analyzeConflictingDestinationRules(ctx);
  analyzeConflictingMeshGatewayHosts(ctx);
  analyzeConflictingGateways(ctx);
  analyzeDefaultSidecars(ctx);
  analyzeConflictingSidecars(ctx);
  analyzeTelemetries(ctx);
  analyzeDuplicateCertificates(ctx);
  analyzeEnvoyFilters(ctx);
  findings.push(...duplicateResources(input));
  return findings;
}

/** The checks of one resource's own kind; dispatching on group, then kind, builds no string per resource. */
function analyzeByKind(ctx: AnalysisContext, resource: AnalysisResource): void {
  const {group, kind} = resource;
  if (group === 'networking.istio.io') {
    if (kind === 'VirtualService') {
      analyzeVirtualService(ctx, resource);
      analyzeJwtClaimRoutes(ctx, resource);
    } else if (kind === 'Gateway') analyzeGatewaySecrets(ctx, resource);
    else if (kind === 'DestinationRule') {
      analyzeDestinationRuleSubsets(ctx, resource);
      analyzeCaCertificates(ctx, resource);
    } else if (kind === 'ServiceEntry') analyzeServiceEntryAddresses(ctx, resource);
  } else if (group === 'security.istio.io') {
    if (kind === 'PeerAuthentication') analyzeStrictMtls(ctx, resource);
    else if (kind === 'AuthorizationPolicy') analyzeAuthorizationPolicyNamespaces(ctx, resource);
  } else if (group === '') {
    if (kind === 'Namespace') analyzeNamespaceInjection(ctx, resource);
    else if (kind === 'Service') analyzeServicePortNames(ctx, resource);
    else if (kind === 'Pod') analyzeApplicationUid(ctx, resource);
  } else if (group === 'apps' && kind === 'Deployment') analyzeApplicationUid(ctx, resource);
}

/** kubectl apply of one file with the same object twice keeps only the last. */
function duplicateResources(input: readonly AnalysisResource[]): AnalysisFinding[] {
  const seen = new Map<string, AnalysisResource>();
  const findings: AnalysisFinding[] = [];
  for (const resource of input) {
    if (!resource.name) continue;
    const key = `${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`;
    const first = seen.get(key);
    if (first) {
      findings.push({
        document: resource.document, path: `${resource.pathPrefix}/metadata/name`, at: 'value', severity: 'warning', code: CODES.duplicateResource,
        message: `${resource.kind} ${resource.namespace}/${resource.name} is also defined in document ${first.document + 1}: kubectl apply keeps only the last definition`,
      });
    } else seen.set(key, resource);
  }
  return findings;
}
