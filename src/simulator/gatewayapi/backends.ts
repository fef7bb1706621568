/**
 * A rule's backendRefs → destinations with their exact shares, as the Gateway API asks and
 * the implementations answer:
 *
 * - Shares are relative weights (`weight` 1 by the CRD's default); a backend of weight 0
 *   receives nothing (Istio's buildHTTPDestination leaves it out).
 * - A backend that does not resolve (a missing Service, a port it lacks, a kind that is not
 *   a Service) keeps its share and answers 500 for it ("the proportion of requests that
 *   would otherwise have been routed to an invalid backend MUST receive a 500"): Istio sets
 *   Envoy's cluster_not_found_response_code to 500 for Gateway API routes (route.go
 *   applyHTTPRouteDestination), Linkerd puts a 500 failure injector in its place
 *   (policy-controller grpc/src/outbound/http.rs invalid_backend).
 * - A Service that selects no pod answers 503 (Envoy's UH: no healthy upstream).
 * - A backendRef's own RequestHeaderModifier and ResponseHeaderModifier change only the requests it
 *   receives (Istio: buildHTTPDestination's per-destination headers; Linkerd: convert_backend, which
 *   makes a backend with a RequestMirror, URLRewrite or ExtensionRef filter invalid: 500).
 * - Istio asks a ReferenceGrant for a backend in another namespace than the route's, but only for a
 *   route on a Gateway (route_collections.go passes enforceRefGrant = !mesh to convertHTTPRoute;
 *   conversion.go buildDestination); unpermitted, the backend is invalid (InvalidDestinationPermit).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {fqdn} from '../../engine/model/hosts';
import {linkerdReadsEgressNetwork, readsServiceIn} from '../../engine/model/service-reference';
import type {DestinationDecision, TraceStep} from '../decision';
import {clusterName, countPods, endpointsOf, podSample, resolveBackend} from '../destinations';
import {describePods, formatCount} from '../pods';
import {locate, NAMED_PODS_PER_WORKLOAD, type World} from '../world';
import {referencePermitted} from '../../engine/model/reference-grants';
import {GATEWAY_API_GROUP, LINKERD_POLICY_GROUP, type AnyGatewayRoute} from './resources';
import {FILTER_FIELDS, filtersOf, headerOperations, type Filter} from './filters';

export interface BackendRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  port?: number;
  weight: number;
  index: number;
  /** The backendRef's own filters (HTTPBackendRef.filters), applied only to the requests it receives. */
  filters?: readonly Filter[];
}

export function backendRefsOf(rule: Obj, route: AnyGatewayRoute): BackendRef[] {
  return asArray(rule.backendRefs).flatMap((value, index) => {
    const ref = asObject(value);
    const name = asString(ref?.name);
    if (!ref || name === undefined) return [];
    return [{
      group: asString(ref.group) ?? '',
      kind: asString(ref.kind) ?? 'Service',
      name,
      namespace: asString(ref.namespace) || route.resource.namespace,
      port: asNumber(ref.port),
      weight: asNumber(ref.weight) ?? 1,
      index,
      filters: filtersOf(ref),
    }];
  });
}

/**
 * A Linkerd route parented to an EgressNetwork (egress/linkerd.ts): the network, and the original
 * destination its own EgressNetwork backend forwards to.
 */
export interface EgressParent {
  namespace: string;
  name: string;
  host: string;
  port: number;
}

/** How the parent reads backends: Linkerd's EgressNetwork parent, Istio's Gateway parent (ReferenceGrants enforced). */
export interface BackendContext {
  egressParent?: EgressParent;
  enforceGrants?: boolean;
}

export function resolveBackendRefs(world: World, route: AnyGatewayRoute, ruleIndex: number, refs: readonly BackendRef[], mesh: 'istio' | 'linkerd', trace: TraceStep[], {egressParent, enforceGrants}: BackendContext = {}): DestinationDecision[] {
  const weighted = refs.filter((ref) => ref.weight > 0);
  const total = weighted.reduce((sum, ref) => sum + ref.weight, 0);
  for (const ref of refs) {
    if (ref.weight <= 0) trace.push({message: `backendRefs[${ref.index}] ${ref.name} has weight 0: it receives nothing`, at: locate(route.resource, 'spec', 'rules', ruleIndex, 'backendRefs', ref.index)});
  }
  return weighted.map((ref) => {
    const at = locate(route.resource, 'spec', 'rules', ruleIndex, 'backendRefs', ref.index);
    const host = fqdn(ref.name, ref.namespace);
    const port = ref.port ?? 0;
    const share = ref.weight / total;
    const base: DestinationDecision = {host, port, weight: refs.length > 1 ? ref.weight : undefined, share, cluster: clusterName(host, port, undefined), status: 200, pods: [], podCount: 0, workloads: [], at};
    const invalid = (problem: string): DestinationDecision => {
      trace.push({message: `backendRefs[${ref.index}]: ${problem}: its ${formatShare(share)} of requests get 500`, at});
      return {...base, status: 500, flags: mesh === 'istio' ? 'NC' : undefined, problem};
    };
    // An EgressNetwork backend as outbound/http.rs convert_backend serves it: a missing one, and one on a Service
    // parent or on another EgressNetwork than the route's parent, are invalid backends; the parent's own forwards
    // its share to the original destination, beside the rule's Service backends, by weight (RandomAvailable).
    if (mesh === 'linkerd' && linkerdReadsEgressNetwork(ref.group, ref.kind)) {
      const exists = world.ofKind(LINKERD_POLICY_GROUP, 'EgressNetwork').some((n) => n.namespace === ref.namespace && n.name === ref.name);
      if (!exists) return invalid(`EgressNetwork ${ref.namespace}/${ref.name} does not exist: "EgressNetwork not found ${ref.name}"`);
      if (!egressParent) return invalid(`EgressNetwork ${ref.namespace}/${ref.name} on a Service parent: "EgressNetwork backends attach to EgressNetwork parents only"`);
      if (egressParent.name !== ref.name || egressParent.namespace !== ref.namespace) {
        return invalid(`EgressNetwork ${ref.namespace}/${ref.name} is not the route's parent: "Route with EgressNetwork backend needs to have the same EgressNetwork as a parent"`);
      }
      const destination = egressParent.host;
      trace.push({message: `backendRefs[${ref.index}] EgressNetwork ${ref.name}${refs.length > 1 ? ` weight ${ref.weight} (${formatShare(share)})` : ''} → forwarded to the original destination, ${destination}:${egressParent.port}`, at});
      // The external host stands for its own endpoint, as a DNS ServiceEntry's does (destinations.ts endpointsOf).
      return {...base, host: destination, port: egressParent.port, cluster: `${destination}:${egressParent.port}`, pods: [destination], podCount: 1,
        workloads: [{workload: destination, namespace: '', labels: {}, count: 1, named: [destination]}]};
    }
    if (enforceGrants && !referencePermitted(world.ofKind(GATEWAY_API_GROUP, 'ReferenceGrant'), {group: GATEWAY_API_GROUP, kind: route.kind, namespace: route.resource.namespace}, ref)) {
      return invalid(`backendRef ${ref.name}/${ref.namespace} not accessible to a ${route.kind} in namespace "${route.resource.namespace}" (missing a ReferenceGrant?)`);
    }
    const unsupported = mesh === 'linkerd' ? ref.filters?.find((f) => LINKERD_REFUSED_BACKEND_FILTERS.has(f.type)) : undefined;
    if (unsupported) return invalid(`unsupported backend filter: ${unsupported.type} filter is not supported`);
    if (!readsServiceIn(mesh)(ref.group, ref.kind)) return invalid(`${ref.kind} ${ref.namespace}/${ref.name} is not a Service backend this simulator routes to`);
    const backend = resolveBackend(world, host);
    if (backend.kind !== 'service') return invalid(`no Service ${ref.namespace}/${ref.name}`);
    if (ref.port === undefined) return invalid(`no port for Service ${ref.namespace}/${ref.name}`);
    if (!backend.ports.includes(ref.port)) return invalid(`Service ${ref.namespace}/${ref.name} has no port ${ref.port} (ports: ${backend.ports.join(', ') || 'none'})`);
    const workloads = endpointsOf(world, backend, undefined);
    const podCount = countPods(workloads);
    if (podCount === 0) {
      trace.push({message: `backendRefs[${ref.index}] ${host}:${port}: the Service selects no pod: 503`, at});
      return {...base, status: 503, flags: mesh === 'istio' ? 'UH' : undefined, problem: `${host} has no pods`};
    }
    const pods = podSample(workloads, NAMED_PODS_PER_WORKLOAD);
    trace.push({message: `backendRefs[${ref.index}] ${host}:${port}${refs.length > 1 ? ` weight ${ref.weight} (${formatShare(share)})` : ''} → ${formatCount(podCount)} pod${podCount === 1 ? '' : 's'}: ${describePods(pods, podCount)}`, at});
    return {...base, pods, podCount, workloads, ...headersOf(ref, route, ruleIndex, trace)};
  });
}

/** linkerd2 version-2.20 outbound/index/http.rs convert_gateway_backend_filter: what makes a backend invalid. */
const LINKERD_REFUSED_BACKEND_FILTERS = new Set(['RequestMirror', 'URLRewrite', 'ExtensionRef']);

/** A backendRef's header modifiers, for the requests (and their responses) that backend receives. */
function headersOf(ref: BackendRef, route: AnyGatewayRoute, ruleIndex: number, trace: TraceStep[]): Pick<DestinationDecision, 'requestHeaders' | 'responseHeaders'> {
  const out: Pick<DestinationDecision, 'requestHeaders' | 'responseHeaders'> = {};
  for (const filter of ref.filters ?? []) {
    const at = locate(route.resource, 'spec', 'rules', ruleIndex, 'backendRefs', ref.index, 'filters', filter.index);
    const field = filter.type === 'RequestHeaderModifier' ? 'requestHeaders' : filter.type === 'ResponseHeaderModifier' ? 'responseHeaders' : undefined;
    if (!field) {
      trace.push({message: `backendRefs[${ref.index}] filter ${filter.type} is not simulated`, at});
      continue;
    }
    out[field] = headerOperations(asObject(filter.spec[FILTER_FIELDS[filter.type]!]));
    trace.push({message: `backendRefs[${ref.index}] ${filter.type}: only the requests this backend receives`, at});
  }
  return out;
}

function formatShare(share: number): string {
  const value = share * 100;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}
