/**
 * From a route destination to the pods that answer: the Service (or ServiceEntry) behind
 * the host, the DestinationRule the client proxy uses for it, the subset's labels and the
 * endpoints they select, and the Envoy cluster name, which tells what fails:
 *
 * - no such host/port, or a subset no DestinationRule defines → the cluster does not exist:
 *   503 with response flag NC (cluster_not_found);
 * - the cluster exists but selects no pod → 503 UH (no_healthy_upstream).
 *
 * DestinationRule lookup (istio.io, "Cross-namespace configuration sharing",
 * https://istio.io/v1.3/docs/ops/traffic-management/deploy-guidelines/): the first of
 * 1. the client namespace, 2. the service namespace, 3. the root namespace (istio-system)
 * that holds a rule for the host exported to the client wins. Within a namespace an exact
 * host beats a wildcard (the most specific wildcard first); several rules for the same
 * host in one namespace are merged, the oldest first (subsets of the same name: the oldest
 * wins), as the deploy guidelines describe for merged destination rules.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {hostSubsetOf, hostSpecificity} from '../engine/model/hosts';
import {destinationRulesFor} from './destination-rule-lookup';
import {labelsInclude, locate, stringLabels, type Located, type PodSet, type RefusedWorkload, type World, type WorldResource} from './world';
import {rootNamespaceOf} from './egress/mesh-config';

export interface ResolvedBackend {
  /** FQDN of the destination host. */
  host: string;
  kind: 'service' | 'service-entry' | 'unknown';
  resource?: WorldResource;
  ports: number[];
}

export interface SubsetResolution {
  destinationRule?: {name: string; namespace: string; at?: Located};
  subsetAt?: Located;
  labels?: Record<string, string>;
  defined: boolean;
}

export function resolveBackend(world: World, host: string): ResolvedBackend {
  const service = world.serviceByFqdn(host);
  if (service) {
    return {host, kind: 'service', resource: service, ports: asArray(service.spec.ports).map((p) => asNumber(asObject(p)?.port)).filter((n): n is number => n !== undefined)};
  }
  const entries = world.serviceEntries
    .map((entry) => ({entry, match: asArray(entry.spec.hosts).filter((h): h is string => typeof h === 'string').filter((h) => hostSubsetOf(host, h)).sort((a, b) => hostSpecificity(b) - hostSpecificity(a))[0]}))
    .filter((e): e is {entry: WorldResource; match: string} => e.match !== undefined)
    .sort((a, b) => hostSpecificity(b.match) - hostSpecificity(a.match) || a.entry.order - b.entry.order);
  const entry = entries[0]?.entry;
  if (entry) {
    return {host, kind: 'service-entry', resource: entry, ports: asArray(entry.spec.ports).map((p) => asNumber(asObject(p)?.number)).filter((n): n is number => n !== undefined)};
  }
  return {host, kind: 'unknown', ports: []};
}

/** The DestinationRule(s) a client in `clientNamespace` applies to `host`, merged; undefined when none. */
export function destinationRuleFor(world: World, host: string, clientNamespace: string, serviceNamespace: string | undefined): WorldResource[] {
  return destinationRulesFor(world.destinationRules, host, clientNamespace, serviceNamespace, rootNamespaceOf(world));
}

export function resolveSubset(rules: readonly WorldResource[], subset: string | undefined): SubsetResolution {
  const first = rules[0];
  const destinationRule = first && {name: first.name, namespace: first.namespace, at: first.at};
  if (!subset) return {destinationRule, defined: true};
  for (const rule of rules) {
    const index = asArray(rule.spec.subsets).findIndex((s) => asString(asObject(s)?.name) === subset);
    if (index >= 0) {
      const definition = asObject(asArray(rule.spec.subsets)[index]) as Obj;
      return {destinationRule: {name: rule.name, namespace: rule.namespace, at: rule.at}, subsetAt: locate(rule, 'spec', 'subsets', index), labels: stringLabels(definition.labels), defined: true};
    }
  }
  return {destinationRule, defined: false};
}

/** Endpoints of a backend, narrowed to a subset's labels: per workload, a count and its first names. */
export function endpointsOf(world: World, backend: ResolvedBackend, subsetLabels: Record<string, string> | undefined): PodSet[] {
  if (backend.kind === 'service' && backend.resource) {
    const selector = asObject(backend.resource.spec.selector);
    // A Service without selector has hand-made Endpoints the lab cannot show: no pods.
    if (!selector) return [];
    const labels = stringLabels(selector);
    return world.podSets.filter((set) => set.count > 0 && set.namespace === backend.resource!.namespace && labelsInclude(set.labels, labels) && labelsInclude(set.labels, subsetLabels ?? {}));
  }
  if (backend.kind === 'service-entry' && backend.resource) {
    const namespace = backend.resource.namespace;
    const endpoints = asArray(backend.resource.spec.endpoints).map(asObject).filter((e): e is Obj => e !== undefined);
    if (endpoints.length === 0) {
      // DNS or NONE resolution without endpoints: the host itself is the endpoint.
      return subsetLabels && Object.keys(subsetLabels).length > 0 ? [] : [onePod(backend.host, namespace, {}, backend.host)];
    }
    return endpoints
      .filter((e) => labelsInclude(stringLabels(e.labels), subsetLabels ?? {}))
      .map((e) => onePod(asString(e.address) ?? backend.host, namespace, stringLabels(e.labels), backend.host));
  }
  return [];
}

/** Workloads the API server refused that the backend would otherwise select: why a destination may have no pods. */
export function refusedSelected(world: World, backend: ResolvedBackend, subsetLabels: Record<string, string> | undefined): RefusedWorkload[] {
  if (backend.kind !== 'service' || !backend.resource) return [];
  const selector = asObject(backend.resource.spec.selector);
  if (!selector) return [];
  const labels = stringLabels(selector);
  return world.refusedWorkloads.filter((w) => w.namespace === backend.resource!.namespace && labelsInclude(w.labels, labels) && labelsInclude(w.labels, subsetLabels ?? {}));
}

function onePod(name: string, namespace: string, labels: Record<string, string>, workload: string): PodSet {
  return {workload, namespace, labels, count: 1, named: [name]};
}

/** All the pods of some workloads, counted. */
export function countPods(sets: readonly PodSet[]): number {
  return sets.reduce((sum, set) => sum + set.count, 0);
}

/** Their names, at most `limit`: all in order when they fit, else a few from each workload in turn. */
export function podSample(sets: readonly PodSet[], limit: number): string[] {
  const all = sets.flatMap((set) => set.named);
  if (all.length <= limit) return all;
  const names: string[] = [];
  for (let round = 0; names.length < limit; round++) {
    for (const set of sets) if (round < set.named.length && names.length < limit) names.push(set.named[round]!);
  }
  return names;
}

/** Envoy's cluster name for a destination: outbound|port|subset|host. */
export function clusterName(host: string, port: number, subset: string | undefined): string {
  return `outbound|${port}|${subset ?? ''}|${host}`;
}
