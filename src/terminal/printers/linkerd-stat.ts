/**
 * `linkerd viz stat` (linkerd2 version-2.20 viz/cmd/stat.go) for Deployments, pods, namespaces,
 * Services and the other workload types (StatefulSets, DaemonSets, Jobs, ReplicaSets,
 * ReplicationControllers, CronJobs: ownerRows), answered from a state's model as the metrics API
 * (viz/metrics-api/stat_summary.go) builds its rows:
 * - Deployments, pods, namespaces (k8sResourceQuery): the objects of the type, MESHED as the pods
 *   IsMeshed counts over those GetPodsFor counts (Pending or Running, not terminating); a pod's row
 *   adds STATUS (k8s.GetPodStatus). Request figures come from the inbound traffic viz's Prometheus saw
 *   (cluster.linkerd.traffic, over the default 1m window): a Deployment's entry, a pod's own entry or
 *   its Deployment's when that Deployment has one pod, a namespace's entries summed (its percentiles
 *   from one workload's, or from cluster.linkerd.stateTraffic's namespaceLatencyMs).
 * - Services (serviceResourceQuery): one row per Service meshed clients sent requests to
 *   (cluster.linkerd.stateTraffic's services), MESHED `-`; no Kubernetes lookup, so a Service nobody
 *   called is "No traffic found.".
 * - `--to`/`--from` (buildRequestLabels, buildServiceRequestLabels): outbound metrics, the rows only the
 *   keys with metrics (getResultKeys), from cluster.linkerd.stateTraffic's Deployment-to-Deployment
 *   edges (outboundRows), grouped by Deployment, namespace, Service, or pod (a Deployment's one pod).
 * Laid out as renderStatStats lays it out: Go's tabwriter with padding 3 and AlignRight over
 * tab-terminated cells, NAME (and NAMESPACE under -A) padded on the right by hand, the first
 * column's left padding stripped (renderStats). A pod owner without a meshed pod is left out
 * (writeStatsToBuffer, without --unmeshed); nothing left prints `No traffic found.` on stderr.
 * `-o json` is printStatJSON's list. A named object the API server lacks is the lister's NotFound,
 * which stat prints as the StatSummary error and exits.
 */
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {goStructJsonIndent} from './output';
import {
  isMeshed, isPendingOrRunning, labelsOf, linkerdPodStatus, linkerdState, objectsOf, podDeployment,
  type LatencyPercentiles, type LinkerdEdgeTraffic, type LinkerdState, type LinkerdWorkloadTraffic,
} from './linkerd-model';

export type StatType = 'deployment' | 'pod' | 'namespace' | 'service' | OwnerType;
/** The other workload types viz stat's k8sResourceQuery answers (pkg/k8s resourceNames). */
export type OwnerType = 'statefulset' | 'daemonset' | 'job' | 'replicaset' | 'replicationcontroller' | 'cronjob';

/** One type the line names and its objects (buildStatSummaryRequests makes a request per name; the rows are keyed, so a type's requests merge). */
export interface StatTarget {
  type: StatType;
  /** Object names; empty for all of the namespace's. */
  names: string[];
  /**
   * The type is also named alone (`deploy/web deploy`): its request returns every object, whose rows
   * hold the named ones (writeStatsToBuffer keys rows by namespace/name, so none repeats), while each
   * named request still fails on an object the cluster lacks.
   */
  everyObject?: boolean;
}

export interface StatRequest {
  /** The types in the order the line names them, each once. */
  targets: StatTarget[];
  /** undefined: --all-namespaces. */
  namespace: string | undefined;
  output: 'table' | 'wide' | 'json';
  /**
   * --to or --from (BuildStatSummaryRequest's ToResource or FromResource): the other end of the
   * requests, a Deployment, pod or namespace (or, for --to, a Service) in its namespace
   * (--to-namespace, --from-namespace, else the request's; undefined under -A without them: any).
   */
  outbound?: {direction: 'to' | 'from'; type: 'deployment' | 'pod' | 'namespace' | 'service'; name: string; namespace: string | undefined};
}

/** The stat window, viz stat's default `1m`. */
const WINDOW_SECONDS = 60;
const PADDING = 3;

/** Go's text/tabwriter with tabwriter.AlignRight: every cell ends with a tab, padding goes on the left. */
export function tabwriteRight(rows: readonly (readonly string[])[], padding: number): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length + padding)));
  return rows.map((row) => `${row.map((cell, i) => ' '.repeat(widths[i]! - [...cell].length) + cell).join('')}\n`).join('');
}

/** fmt's %.2f / %.1f: toFixed rounds the exact binary value's decimal expansion, as Go does. */
const fixed = (value: number, digits: number): string => value.toFixed(digits);

/** The request and TCP figures of one row over the window. */
interface Figures {
  success: number;
  failure: number;
  latencyMs: LatencyPercentiles;
  tcpConnections: number;
  readBytes: number;
  writeBytes: number;
}

interface StatRow {
  namespace: string;
  name: string;
  meshed: string;
  /** MeshedPodCount, which writeStatsToBuffer skips a pod owner's row without; undefined for a Service. */
  meshedPods?: number;
  status?: string;
  figures: Figures | undefined;
}

/** The lister's NotFound (`<resource>.<group> "NAME" not found`), as stat's RunE prints a StatSummary error: on stderr, no newline. */
const notFound = (resource: string, name: string): string =>
  `StatSummary API error: rpc error: code = NotFound desc = ${resource} "${name}" not found`;

const RESOURCE: Record<Exclude<StatType, 'service'>, string> = {
  deployment: 'deployment.apps', pod: 'pod', namespace: 'namespace', statefulset: 'statefulset.apps', daemonset: 'daemonset.apps',
  job: 'job.batch', replicaset: 'replicaset.apps', replicationcontroller: 'replicationcontroller', cronjob: 'cronjob.batch',
};

const KINDS: Record<Exclude<StatType, 'service'>, readonly [string, string]> = {
  deployment: ['apps', 'Deployment'], pod: ['', 'Pod'], namespace: ['', 'Namespace'], statefulset: ['apps', 'StatefulSet'], daemonset: ['apps', 'DaemonSet'],
  job: ['batch', 'Job'], replicaset: ['apps', 'ReplicaSet'], replicationcontroller: ['', 'ReplicationController'], cronjob: ['batch', 'CronJob'],
};

const figuresOf = (t: LinkerdWorkloadTraffic): Figures =>
  ({success: t.success, failure: t.failure, latencyMs: t.latencyMs, tcpConnections: t.tcpConnections, readBytes: t.readBytes ?? 0, writeBytes: t.writeBytes ?? 0});

/** getPodStats: meshed/total over the pods GetPodsFor returns. */
function meshedCount(pods: readonly ModelObject[]): {meshed: number; total: number} {
  const counted = pods.filter(isPendingOrRunning);
  return {meshed: counted.filter(isMeshed).length, total: counted.length};
}

function trafficOf(state: LinkerdState): readonly LinkerdWorkloadTraffic[] {
  if (state.traffic === undefined) throw new ModelGap('the model does not say what traffic viz\'s Prometheus saw in this state (cluster.linkerd.traffic)');
  return state.traffic;
}

function deploymentRows(state: LinkerdState, objects: readonly ModelObject[]): StatRow[] {
  const traffic = trafficOf(state);
  return objects.map((deployment) => {
    const pods = objectsOf(state.model, '', 'Pod', deployment.namespace).filter((pod) => podDeployment(pod, state.model) === deployment.name);
    const {meshed, total} = meshedCount(pods);
    const entry = traffic.find((t) => t.namespace === deployment.namespace && t.deployment === deployment.name && t.pod === undefined);
    return {namespace: deployment.namespace, name: deployment.name, meshed: `${meshed}/${total}`, meshedPods: meshed, figures: entry && figuresOf(entry)};
  });
}

/** A pod's figures: its own entry, or its Deployment's when the Deployment runs only this pod. */
function podFigures(state: LinkerdState, pod: ModelObject): Figures | undefined {
  const traffic = trafficOf(state);
  const own = traffic.find((t) => t.namespace === pod.namespace && t.pod === pod.name);
  if (own) return figuresOf(own);
  const deployment = podDeployment(pod, state.model);
  const entry = deployment === undefined ? undefined : traffic.find((t) => t.namespace === pod.namespace && t.deployment === deployment && t.pod === undefined);
  if (!entry) return undefined;
  const siblings = objectsOf(state.model, '', 'Pod', pod.namespace).filter((p) => podDeployment(p, state.model) === deployment && isPendingOrRunning(p));
  if (siblings.length > 1 && entry.success + entry.failure > 0) {
    throw new ModelGap(`the model gives Deployment ${pod.namespace}/${deployment}'s traffic, not how its ${siblings.length} pods shared it (a traffic entry with pod: ${pod.name})`);
  }
  return figuresOf(entry);
}

function podRows(state: LinkerdState, objects: readonly ModelObject[]): StatRow[] {
  return objects.flatMap((pod) => {
    // GetPodsFor a pod: the pod itself while Pending or Running.
    const {meshed, total} = meshedCount([pod]);
    // An unmeshed pod's row is never shown; its figures are not asked.
    return [{namespace: pod.namespace, name: pod.name, meshed: `${meshed}/${total}`, meshedPods: meshed, status: linkerdPodStatus(pod), figures: meshed === 0 ? undefined : podFigures(state, pod)}];
  });
}

/** A namespace's entries: Deployments' and the pods' no Deployment entry covers. */
function namespaceEntries(traffic: readonly LinkerdWorkloadTraffic[], namespace: string, model: StateModel): LinkerdWorkloadTraffic[] {
  const inNamespace = traffic.filter((t) => t.namespace === namespace);
  const covered = new Set(inNamespace.filter((t) => t.pod === undefined && t.deployment !== undefined).map((t) => t.deployment));
  return inNamespace.filter((t) => {
    if (t.pod === undefined) return true;
    const pod = model.objects.find((o) => o.kind === 'Pod' && o.namespace === namespace && o.name === t.pod);
    return !covered.has(t.deployment ?? (pod && podDeployment(pod, model)));
  });
}

function namespaceRows(state: LinkerdState, objects: readonly ModelObject[]): StatRow[] {
  const traffic = trafficOf(state);
  return objects.flatMap((namespace) => {
    const {meshed, total} = meshedCount(objectsOf(state.model, '', 'Pod', namespace.name));
    // A Namespace object's own namespace is empty: the row's key is "/NAME".
    if (meshed === 0) return [{namespace: '', name: namespace.name, meshed: `${meshed}/${total}`, meshedPods: meshed, figures: undefined}];
    const entries = namespaceEntries(traffic, namespace.name, state.model);
    const sum = (pick: (t: LinkerdWorkloadTraffic) => number | undefined): number => entries.reduce((total, t) => total + (pick(t) ?? 0), 0);
    const requested = entries.filter((t) => t.success + t.failure > 0);
    let figures: Figures | undefined;
    if (requested.length > 0) {
      const latencyMs = state.stateTraffic?.namespaceLatencyMs?.[namespace.name] ?? (requested.length === 1 ? requested[0]!.latencyMs : undefined);
      if (!latencyMs) {
        throw new ModelGap(`the model gives namespace ${namespace.name}'s workloads their own percentiles, not those of their merged histograms (cluster.linkerd.stateTraffic.<state>.namespaceLatencyMs)`);
      }
      figures = {success: sum((t) => t.success), failure: sum((t) => t.failure), latencyMs, tcpConnections: sum((t) => t.tcpConnections), readBytes: sum((t) => t.readBytes), writeBytes: sum((t) => t.writeBytes)};
    }
    return [{namespace: '', name: namespace.name, meshed: `${meshed}/${total}`, meshedPods: meshed, figures}];
  });
}

function serviceRows(state: LinkerdState, request: StatRequest, target: StatTarget): StatRow[] {
  const services = state.stateTraffic?.services;
  if (services === undefined) throw new ModelGap('the model does not say what meshed clients sent to Services in this state (cluster.linkerd.stateTraffic.<state>.services)');
  return services
    .filter((t) => (request.namespace === undefined || t.namespace === request.namespace) && (target.names.length === 0 || target.names.includes(t.service)))
    .map((t) => ({namespace: t.namespace, name: t.service, meshed: '-', figures: {...t, readBytes: t.readBytes ?? 0, writeBytes: t.writeBytes ?? 0}}));
}

/**
 * GetPodsFor a StatefulSet, DaemonSet, Job, ReplicaSet or ReplicationController: the namespace's pods its
 * selector's matchLabels (an RC's selector map) pick that it owns; a CronJob's are those of the Jobs it
 * owns. Ownership is by UID upstream; the model's ownerReferences name their owner instead.
 */
function ownedPods(model: StateModel, owner: ModelObject): ModelObject[] {
  const owns = (object: ModelObject): boolean => list(field(object.value, 'metadata', 'ownerReferences'))
    .some((ref) => field(ref, 'kind') === owner.kind && field(ref, 'name') === owner.name);
  if (owner.kind === 'CronJob') return objectsOf(model, 'batch', 'Job', owner.namespace).filter(owns).flatMap((job) => ownedPods(model, job));
  const selector = owner.kind === 'ReplicationController' ? field(owner.value, 'spec', 'selector') : field(owner.value, 'spec', 'selector', 'matchLabels');
  const wanted = stringMap(selector);
  // labels.Set(nil).AsSelector() selects everything; ownership still narrows it.
  return objectsOf(model, '', 'Pod', owner.namespace).filter((pod) => Object.entries(wanted).every(([key, value]) => labelsOf(pod)[key] === value) && owns(pod));
}

/**
 * Rows of the other workload types: MESHED over their pods; figures from their pods' own traffic
 * entries (one pod with requests gives its figures; several would need their merged histograms).
 */
function ownerRows(state: LinkerdState, objects: readonly ModelObject[]): StatRow[] {
  const traffic = trafficOf(state);
  return objects.flatMap((owner): StatRow[] => {
    const pods = ownedPods(state.model, owner);
    const {meshed, total} = meshedCount(pods);
    if (meshed === 0) return [{namespace: owner.namespace, name: owner.name, meshed: `${meshed}/${total}`, meshedPods: meshed, figures: undefined}];
    const names = new Set(pods.filter(isPendingOrRunning).map((pod) => pod.name));
    const entries = traffic.filter((t) => t.namespace === owner.namespace && t.pod !== undefined && names.has(t.pod));
    const requested = entries.filter((t) => t.success + t.failure > 0);
    if (requested.length > 1) throw new ModelGap(`the model gives ${owner.kind} ${owner.namespace}/${owner.name}'s pods their own percentiles, not those of their merged histograms`);
    const entry = requested[0] ?? entries[0];
    return [{namespace: owner.namespace, name: owner.name, meshed: `${meshed}/${total}`, meshedPods: meshed, figures: entry && figuresOf(entry)}];
  });
}

/** The model keeps track of the kind there (StateModel.held): otherwise an empty answer would be invented. */
function assertHeld(model: StateModel, group: string, kind: string, namespace: string | undefined): void {
  if (model.held === undefined) return;
  const held = namespace === undefined ? model.held.some((key) => key.startsWith(heldKey(group, kind, ''))) : model.held.includes(heldKey(group, kind, namespace));
  if (!held) throw new ModelGap(`the session's cluster model does not keep track of ${kind}s${namespace === undefined ? '' : ` in namespace ${namespace}`}: viz stat's answer would be invented`);
}

/** The rows the metrics API returns for one type of the request (unmeshed owners' included), or the StatSummary error for a named object the cluster lacks. */
function statRows(request: StatRequest, target: StatTarget, state: LinkerdState): StatRow[] | string {
  const type = target.type;
  if (type === 'service') return serviceRows(state, request, target);
  const [group, kind] = KINDS[type];
  const namespace = type === 'namespace' ? undefined : request.namespace;
  const objects = objectsOf(state.model, group, kind, namespace);
  const other = type !== 'deployment' && type !== 'pod' && type !== 'namespace';
  if (other) assertHeld(state.model, group, kind, namespace);
  for (const name of target.names) {
    if (!objects.some((o) => o.name === name)) return notFound(RESOURCE[type], name);
  }
  const chosen = objects.filter((o) => target.names.length === 0 || target.names.includes(o.name));
  if (type === 'deployment') return deploymentRows(state, chosen);
  if (type === 'pod') return podRows(state, chosen);
  if (type === 'namespace') return namespaceRows(state, chosen);
  return ownerRows(state, chosen);
}

/** An edge's client or destination end: the Deployment and its namespace. */
interface EdgeEnd {
  namespace: string;
  deployment: string;
}

const clientEnd = (e: LinkerdEdgeTraffic): EdgeEnd => ({namespace: e.namespace, deployment: e.from});
const destinationEnd = (e: LinkerdEdgeTraffic): EdgeEnd => ({namespace: e.toNamespace ?? e.namespace, deployment: e.to});
const edgeRequested = (e: LinkerdEdgeTraffic): boolean => e.success + e.failure > 0;

/**
 * The pod an edge end stands for (the `pod` label its proxy reports): the Deployment's one Pending or
 * Running pod. The model's edges are per Deployment, so a Deployment of several pods whose edge
 * carried requests does not say which pod saw them: a gap. undefined for a Deployment without pods.
 */
function endPod(state: LinkerdState, end: EdgeEnd, edge: LinkerdEdgeTraffic): ModelObject | undefined {
  const pods = objectsOf(state.model, '', 'Pod', end.namespace).filter((pod) => podDeployment(pod, state.model) === end.deployment && isPendingOrRunning(pod));
  if (pods.length > 1 && edgeRequested(edge)) {
    throw new ModelGap(`the model gives Deployment ${end.namespace}/${end.deployment}'s requests to and from other workloads, not how its ${pods.length} pods shared them (cluster.linkerd.stateTraffic.<state>.edges are per Deployment)`);
  }
  return pods.length === 1 ? pods[0] : undefined;
}

/**
 * Whether an edge end is the --to/--from resource, as QueryLabels/DstQueryLabels select it: the
 * `deployment`/`pod` label with the namespace label when the resource has a namespace (none under -A
 * without --to-namespace/--from-namespace), or the `namespace` label alone for a namespace.
 */
function endMatches(state: LinkerdState, end: EdgeEnd, edge: LinkerdEdgeTraffic, other: NonNullable<StatRequest['outbound']>): boolean {
  if (other.type === 'namespace') return end.namespace === other.name;
  if (other.namespace !== undefined && end.namespace !== other.namespace) return false;
  if (other.type === 'service') return edge.service === other.name;
  if (other.type === 'deployment') return end.deployment === other.name;
  // Only the named pod's own Deployment can stand for it (and only then is its pod count asked).
  const named = objectsOf(state.model, '', 'Pod', end.namespace).find((pod) => pod.name === other.name);
  return named !== undefined && podDeployment(named, state.model) === end.deployment && endPod(state, end, edge) === named;
}

/** The row key an edge end is grouped under for the stat'd type (GroupByLabelNames, DstGroupByLabelNames); undefined when no object stands for it. */
function endKey(state: LinkerdState, type: 'deployment' | 'pod' | 'namespace', end: EdgeEnd, edge: LinkerdEdgeTraffic): {namespace: string; name: string} | undefined {
  if (type === 'deployment') return {namespace: end.namespace, name: end.deployment};
  // A namespace's key has no namespace of its own (metricToKey over `namespace` alone).
  if (type === 'namespace') return {namespace: '', name: end.namespace};
  const pod = endPod(state, end, edge);
  return pod && {namespace: pod.namespace, name: pod.name};
}

interface EdgeGroup {
  namespace: string;
  name: string;
  edges: LinkerdEdgeTraffic[];
}

/** A row's figures: the client's, summed over its edges; several edges with requests would need their merged histograms. */
function edgeFigures(group: EdgeGroup): Figures {
  const requested = group.edges.filter(edgeRequested);
  if (requested.length > 1) throw new ModelGap(`${group.namespace}/${group.name}'s row sums ${requested.length} clients' or destinations' requests, whose merged latency histograms the model does not give`);
  const sum = (pick: (e: LinkerdEdgeTraffic) => number | undefined): number => group.edges.reduce((total, e) => total + (pick(e) ?? 0), 0);
  return {success: sum((e) => e.success), failure: sum((e) => e.failure), latencyMs: (requested[0] ?? group.edges[0]!).latencyMs,
    tcpConnections: sum((e) => e.tcpConnections), readBytes: sum((e) => e.readBytes), writeBytes: sum((e) => e.writeBytes)};
}

/**
 * The rows of a --to or --from request (buildRequestLabels: outbound metrics, from the stat'd objects
 * to the --to resource, or from the --from resource to the stat'd objects), only for keys with
 * metrics that name an object the API lists (getResultKeys, then k8sObjects), summed over the model's
 * edges: the client's figures. Services are grouped by dst_service (buildServiceRequestLabels).
 */
function outboundRows(request: StatRequest, target: StatTarget, outbound: NonNullable<StatRequest['outbound']>, state: LinkerdState): StatRow[] | string {
  const edges = state.stateTraffic?.edges;
  if (edges === undefined) throw new ModelGap('the model does not say what meshed clients sent to each workload in this state (cluster.linkerd.stateTraffic.<state>.edges)');
  const type = target.type;
  if (type !== 'service' && type !== 'deployment' && type !== 'pod' && type !== 'namespace') throw new ModelGap(`the model's edges are between Deployments, not ${type}s`);
  // The stat'd objects carry the namespace label unless they are namespaces or -A is given (QueryLabels' shouldAddNamespaceLabel).
  const inScope = (namespace: string): boolean => type === 'namespace' || request.namespace === undefined || namespace === request.namespace;
  const picked = (name: string): boolean => target.names.length === 0 || target.names.includes(name);
  const groups = new Map<string, EdgeGroup>();
  for (const edge of edges) {
    const [otherEnd, statEnd] = outbound.direction === 'from' ? [clientEnd(edge), destinationEnd(edge)] : [destinationEnd(edge), clientEnd(edge)];
    if (!endMatches(state, otherEnd, edge, outbound) || (type !== 'namespace' && type !== 'service' && !inScope(statEnd.namespace))) continue;
    const key = type === 'service' ? {namespace: destinationEnd(edge).namespace, name: edge.service} : endKey(state, type, statEnd, edge);
    if (!key) continue;
    const id = `${key.namespace}/${key.name}`;
    const group = groups.get(id) ?? {...key, edges: []};
    group.edges.push(edge);
    groups.set(id, group);
  }
  const chosen = [...groups.values()].filter((g) => inScope(type === 'namespace' ? g.name : g.namespace) && picked(g.name));
  if (type === 'service') return chosen.map((g) => ({namespace: g.namespace, name: g.name, meshed: '-', figures: edgeFigures(g)}));
  const [group, kind] = KINDS[type];
  const objects = objectsOf(state.model, group, kind, type === 'namespace' ? undefined : request.namespace);
  for (const name of target.names) {
    if (!objects.some((o) => o.name === name)) return notFound(RESOURCE[type], name);
  }
  return chosen.flatMap((g) => {
    const object = objects.find((o) => o.namespace === g.namespace && o.name === g.name);
    if (!object) return [];
    const pods = type === 'pod' ? [object] : type === 'namespace' ? objectsOf(state.model, '', 'Pod', object.name)
      : objectsOf(state.model, '', 'Pod', object.namespace).filter((pod) => podDeployment(pod, state.model) === object.name);
    const {meshed, total} = meshedCount(pods);
    // A row that is not shown (shownRow) is not asked for its figures.
    const figures = meshed === 0 && outbound.direction === 'to' ? undefined : edgeFigures(g);
    return [{namespace: g.namespace, name: g.name, meshed: `${meshed}/${total}`, meshedPods: meshed, ...(type === 'pod' ? {status: linkerdPodStatus(object)} : {}), figures}];
  });
}

const hasRequests = (figures: Figures | undefined): figures is Figures => figures !== undefined && figures.success + figures.failure > 0;

/** pkg/k8s AllResources' order of the types the printers answer: printStatTables prints one table per type in it. */
const TABLE_ORDER: readonly StatType[] = ['cronjob', 'daemonset', 'deployment', 'job', 'namespace', 'pod', 'replicaset', 'replicationcontroller', 'service', 'statefulset'];

/** ShortNameFromCanonicalResourceName, for getNamePrefix's `SHORT/`. */
const SHORT_NAMES: Record<StatType, string> = {
  cronjob: 'cj', daemonset: 'ds', deployment: 'deploy', job: 'job', namespace: 'ns', pod: 'po', replicaset: 'rs', replicationcontroller: 'rc', service: 'svc', statefulset: 'sts',
};

/** writeStatsToBuffer: without --unmeshed, a pod owner's row without meshed pods is skipped, except under --from (the client reports). */
const shownRow = (request: StatRequest, row: StatRow): boolean => !(row.meshedPods === 0 && request.outbound?.direction !== 'from');

interface StatTable {
  type: StatType;
  rows: StatRow[];
}

/**
 * One StatSummary request per type named (the line's order); the first error (a named object the
 * cluster lacks) is what stat prints. Upstream the requests run concurrently and the first error to
 * arrive wins: with several, the line's order is this model's choice.
 */
export function printVizStat(request: StatRequest, model: StateModel): string {
  const state = linkerdState(model);
  const returned: StatTable[] = [];
  const rowsOf = (target: StatTarget): StatRow[] | string => (request.outbound ? outboundRows(request, target, request.outbound, state) : statRows(request, target, state));
  for (const target of request.targets) {
    const rows = rowsOf(target);
    if (typeof rows === 'string') return rows;
    // The named requests answered (none failed: k8sResourceQuery looks each object up, with --to/--from too): the one for
    // every object of the type brings all the rows, the named ones' among them.
    const every = target.everyObject && target.names.length > 0 ? rowsOf({type: target.type, names: []}) : rows;
    if (typeof every === 'string') return every;
    returned.push({type: target.type, rows: every});
  }
  // writeStatsToBuffer prefixes names (for their width) when the API returned rows of several types, shown or not.
  const prefixWidths = returned.filter((t) => t.rows.length > 0).length > 1;
  const tables = TABLE_ORDER.flatMap((type) => {
    const rows = returned.filter((t) => t.type === type).flatMap((t) => t.rows).filter((row) => shownRow(request, row));
    // sortStatsKeys: by "namespace/name".
    rows.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
    return rows.length > 0 ? [{type, rows}] : [];
  });
  if (request.output === 'json') return printStatJson(tables);
  if (tables.length === 0) return 'No traffic found.\n';
  const shown = tables.flatMap((t) => t.rows.map((row) => ({row, type: t.type})));
  const widths = {
    name: Math.max(4, ...shown.map(({row, type}) => (prefixWidths ? `${SHORT_NAMES[type]}/` : '').length + row.name.length)),
    namespace: Math.max(9, ...shown.map(({row}) => row.namespace.length)),
  };
  // printStatTables: a blank line between tables (which ends the tabwriter's column blocks), names prefixed when several print.
  const text = tables.map((t) => statTableLines(request, t, widths, tables.length > 1 ? `${SHORT_NAMES[t.type]}/` : '')).join('\n');
  // renderStats: strip the first column's left padding on every line.
  return text.split('\n').map((line) => line.slice(PADDING)).join('\n');
}

/** printSingleStatTable's lines, through the tabwriter. */
function statTableLines(request: StatRequest, table: StatTable, widths: {name: number; namespace: number}, prefix: string): string {
  const all = request.namespace === undefined;
  const wide = request.output === 'wide';
  const pod = table.type === 'pod';
  const header = [
    ...(all ? ['NAMESPACE'.padEnd(widths.namespace)] : []), 'NAME'.padEnd(widths.name), ...(pod ? ['STATUS'] : []),
    'MESHED', 'SUCCESS', 'RPS', 'LATENCY_P50', 'LATENCY_P95', 'LATENCY_P99', 'TCP_CONN', ...(wide ? ['READ_BYTES/SEC', 'WRITE_BYTES/SEC'] : []),
  ];
  const lines = table.rows.map((row) => {
    const f = row.figures;
    const requests = hasRequests(f) ? f.success + f.failure : 0;
    const cells = !hasRequests(f)
      ? ['-', '-', '-', '-', '-', '-', ...(wide ? ['-', '-'] : [])]
      : [
          `${fixed((f.success / requests) * 100, 2)}%`, `${fixed(requests / WINDOW_SECONDS, 1)}rps`,
          `${f.latencyMs.p50}ms`, `${f.latencyMs.p95}ms`, `${f.latencyMs.p99}ms`, String(f.tcpConnections),
          ...(wide ? [`${fixed(f.readBytes / WINDOW_SECONDS, 1)}B/s`, `${fixed(f.writeBytes / WINDOW_SECONDS, 1)}B/s`] : []),
        ];
    return [...(all ? [row.namespace.padEnd(widths.namespace)] : []), `${prefix}${row.name}`.padEnd(widths.name), ...(pod ? [row.status ?? ''] : []), row.meshed, ...cells];
  });
  return tabwriteRight([header, ...lines], PADDING);
}

/**
 * printStatJSON: one list over the tables in AllResources' order, jsonStats in field order (names
 * never prefixed); success as a fraction and the rates per second, null without requests (the TCP
 * fields then left out); `meshed` is never set, so never printed.
 */
function printStatJson(tables: readonly StatTable[]): string {
  const entries = tables.flatMap(({type, rows}) => rows.map((row) => {
    const f = row.figures;
    const requests = hasRequests(f) ? f.success + f.failure : 0;
    return {
      namespace: row.namespace, kind: type, name: row.name,
      success: hasRequests(f) ? f.success / requests : null,
      rps: hasRequests(f) ? requests / WINDOW_SECONDS : null,
      latency_ms_p50: hasRequests(f) ? f.latencyMs.p50 : null,
      latency_ms_p95: hasRequests(f) ? f.latencyMs.p95 : null,
      latency_ms_p99: hasRequests(f) ? f.latencyMs.p99 : null,
      ...(hasRequests(f) ? {tcp_open_connections: f.tcpConnections, tcp_read_bytes_rate: f.readBytes / WINDOW_SECONDS, tcp_write_bytes_rate: f.writeBytes / WINDOW_SECONDS} : {}),
    };
  }));
  return `${goStructJsonIndent(entries, '  ')}\n`;
}
