/**
 * A typed `linkerd viz stat …` line (linkerd2 version-2.20 viz/cmd/stat.go NewCmdStat) read as the CLI
 * reads it, before it asks the metrics API anything:
 * - pflag over stat's flags and its parents' persistent ones (viz/cmd/root.go, cli/cmd/root.go), cobra's
 *   MinimumNArgs(1), viz's PersistentPreRunE (the -L namespace);
 * - buildStatSummaryRequests: viz/pkg/util BuildResources and BuildResource (`TYPE [NAME…]`,
 *   `TYPE/NAME…`, pkg/k8s CanonicalResourceNameFromFriendlyName, which is case-sensitive), then per
 *   target validate (validateConflictingFlags, validateNamespaceFlags, validateOutputFormat) and
 *   metrics-api/util BuildStatSummaryRequest (the time window, a name under -A).
 * A refused line is cobra's `Error: …` with stat's usage; a valid one the StatRequest the printer
 * answers (several types as one request per type), or undefined for what the model cannot answer (-l, --unmeshed,
 * a window other than 1m, kubeconfig and control-plane overrides, stat types it does not hold).
 */
import {parseGoDurationStrict} from '../../engine/go/time-duration';
import {cobraFailure, cobraHelp, parseCobraArgs, type CobraCommand, type CobraFlag} from './cobra';
import type {StatRequest, StatTarget, StatType} from './linkerd-stat';
import {ROOT_FLAGS, VIZ_FLAGS} from './linkerd-cli-commands';

/** pkg/k8s resourceNames: short, full and plural names of every type the CLI knows, in its order. */
const RESOURCE_NAMES: readonly (readonly [string, string, string])[] = [
  ['cj', 'cronjob', 'cronjobs'], ['ds', 'daemonset', 'daemonsets'], ['deploy', 'deployment', 'deployments'], ['job', 'job', 'jobs'],
  ['meshtlsauthn', 'meshtlsauthentication', 'meshtlsauthentications'], ['ns', 'namespace', 'namespaces'],
  ['netauthn', 'networkauthentication', 'networkauthentications'], ['networkauthn', 'networkauthentication', 'networkauthentications'],
  ['po', 'pod', 'pods'], ['rc', 'replicationcontroller', 'replicationcontrollers'], ['rs', 'replicaset', 'replicasets'],
  ['svc', 'service', 'services'], ['sp', 'serviceprofile', 'serviceprofiles'], ['saz', 'serverauthorization', 'serverauthorizations'],
  ['serverauthz', 'serverauthorization', 'serverauthorizations'], ['srvauthz', 'serverauthorization', 'serverauthorizations'],
  ['srv', 'server', 'servers'], ['ap', 'authorizationpolicy', 'authorizationpolicies'], ['httproute', 'httproute', 'httproutes'],
  ['authzpolicy', 'authorizationpolicy', 'authorizationpolicies'], ['sts', 'statefulset', 'statefulsets'], ['ln', 'link', 'links'],
  ['all', 'all', 'all'],
];

/** CanonicalResourceNameFromFriendlyName: the full name, or its error. */
export function canonicalResourceName(friendly: string): string | {error: string} {
  const found = RESOURCE_NAMES.find((names) => names.includes(friendly));
  return found ? found[1] : {error: `cannot find Kubernetes canonical name from friendly name [${friendly}]`};
}

/** The canonical types the printers answer viz stat for. */
const STAT_TYPES: ReadonlySet<string> = new Set<StatType>(['deployment', 'pod', 'namespace', 'service', 'statefulset', 'daemonset', 'job', 'replicaset', 'replicationcontroller', 'cronjob']);

const STAT_FLAGS: readonly CobraFlag[] = [
  {name: 'namespace', shorthand: 'n', type: 'string', usage: 'Namespace of the specified resource'},
  {name: 'time-window', shorthand: 't', type: 'string', usage: 'Stat window (for example: "15s", "1m", "10m", "1h"). Needs to be at least 15s.', defaultValue: '1m'},
  {name: 'to', type: 'string', usage: 'If present, restricts outbound stats to the specified resource name'},
  {name: 'to-namespace', type: 'string', usage: 'Sets the namespace used to lookup the "--to" resource; by default the current "--namespace" is used'},
  {name: 'from', type: 'string', usage: 'If present, restricts outbound stats from the specified resource name'},
  {name: 'from-namespace', type: 'string', usage: 'Sets the namespace used from lookup the "--from" resource; by default the current "--namespace" is used'},
  {name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If present, returns stats across all namespaces, ignoring the "--namespace" flag'},
  {name: 'output', shorthand: 'o', type: 'string', usage: 'Output format; one of: "table" or "json" or "wide"', defaultValue: 'table'},
  {name: 'selector', shorthand: 'l', type: 'string', usage: 'Selector (label query) to filter on, supports \'=\', \'==\', and \'!=\''},
  {name: 'unmeshed', type: 'bool', usage: 'If present, include unmeshed resources in the output'},
];

/** NewCmdStat's Long, as cobra's help prints it (right-trimmed). */
const STAT_LONG = `Display traffic stats about one or many resources.

  The RESOURCES argument specifies the target resource(s) to aggregate stats over:
  (TYPE [NAME] | TYPE/NAME)
  or (TYPE [NAME1] [NAME2]...)
  or (TYPE1/NAME1 TYPE2/NAME2...)

  Examples:
  * cronjob/my-cronjob
  * deploy
  * deploy/my-deploy
  * deploy/ po/
  * ds/my-daemonset
  * job/my-job
  * ns/my-ns
  * po/mypod1 rc/my-replication-controller
  * po mypod1 mypod2
  * rc/my-replication-controller
  * rs
  * rs/my-replicaset
  * sts/my-statefulset
  * ts/my-split
  * authority
  * au/my-authority
  * httproute/my-route
  * route/my-route
  * all

  Valid resource types include:
  * cronjobs
  * daemonsets
  * deployments
  * namespaces
  * jobs
  * pods
  * replicasets
  * replicationcontrollers
  * statefulsets
  * authorities (not supported in --from)
  * authorizationpolicies (not supported in --from)
  * httproutes (not supported in --from)
  * services (not supported in --from)
  * servers (not supported in --from)
  * serverauthorizations (not supported in --from)
  * all (all resource types, not supported in --from or --to)

This command will hide resources that have completed, such as pods that are in the Succeeded or Failed phases.
If no resource name is specified, displays stats about all resources of the specified RESOURCETYPE`;

/** NewCmdStat's Example, as cobra prints it (its last line keeps the source's two-space indent). */
const STAT_EXAMPLE = `  # Get all deployments in the test namespace.
  linkerd viz stat deployments -n test

  # Get the hello1 replication controller in the test namespace.
  linkerd viz stat replicationcontrollers hello1 -n test

  # Get all namespaces.
  linkerd viz stat namespaces

  # Get all inbound stats to the web deployment.
  linkerd viz stat deploy/web

  # Get all inbound stats to the pod1 and pod2 pods
  linkerd viz stat po pod1 pod2

  # Get all inbound stats to the pod1 pod and the web deployment
  linkerd viz stat po/pod1 deploy/web

  # Get all pods in all namespaces that call the hello1 deployment in the test namespace.
  linkerd viz stat pods --to deploy/hello1 --to-namespace test --all-namespaces

  # Get all pods in all namespaces that call the hello1 service in the test namespace.
  linkerd viz stat pods --to svc/hello1 --to-namespace test --all-namespaces

  # Get the web service. With Services, metrics are generated from the outbound metrics
  # of clients, and thus will not include unmeshed client request metrics.
  linkerd viz stat svc/web

  # Get the web services and metrics for any traffic coming to the service from the hello1 deployment
  # in the test namespace.
  linkerd viz stat svc/web --from deploy/hello1 --from-namespace test

  # Get the web services and metrics for all the traffic that reaches the web-pod1 pod
  # in the test namespace exclusively.
  linkerd viz stat svc/web --to pod/web-pod1 --to-namespace test

  # Get all services in all namespaces that receive calls from hello1 deployment in the test namespace.
  linkerd viz stat services --from deploy/hello1 --from-namespace test --all-namespaces

  # Get all namespaces that receive traffic from the default namespace.
  linkerd viz stat namespaces --from ns/default

  # Get all inbound stats to the test namespace.
  linkerd viz stat ns/test

  # Get all inbound stats to the emoji-grpc server
  linkerd viz stat server/emoji-grpc

  # Get all inbound stats to the web-public server authorization resource
  linkerd viz stat serverauthorization/web-public

  # Get all inbound stats to the web-get and web-delete HTTP route resources
  linkerd viz stat route/web-get route/web-delete

  # Get all inbound stats to the web-authz authorization policy resource
  linkerd viz stat authorizationpolicy/web-authz
  `;

export const VIZ_STAT: CobraCommand = {
  useLine: 'linkerd viz stat [flags] (RESOURCES)', name: 'stat', long: STAT_LONG, example: STAT_EXAMPLE, flags: STAT_FLAGS, parentFlags: [VIZ_FLAGS, ROOT_FLAGS],
};

/** A pb.Resource as viz/pkg/util builds it: canonical type, name ('' for all of the type). */
interface Resource {
  type: string;
  name: string;
}

function buildResource(type: string, name: string): Resource | {error: string} {
  const canonical = canonicalResourceName(type);
  return typeof canonical === 'string' ? {type: canonical, name} : canonical;
}

/** BuildResources: `TYPE NAME…` when the first argument is a type other than `all`, else each `TYPE[/NAME]`. */
function buildResources(args: readonly string[]): Resource[] | {error: string} {
  const first = args.length > 1 ? canonicalResourceName(args[0]!) : undefined;
  const typed = typeof first === 'string' && first !== 'all';
  const items = typed ? args.slice(1) : args;
  // validateResources
  if (new Set(items).size < items.length) return {error: 'cannot supply duplicate resources'};
  if (items.includes('all') && items.length > 1) return {error: '\'all\' can\'t be supplied alongside other resources'};
  const resources: Resource[] = [];
  for (const item of items) {
    const elems = item.split('/');
    if (!typed && elems.length > 2) return {error: `Invalid resource string: ${item}`};
    const resource = typed ? buildResource(args[0]!, item) : buildResource(elems[0]!, elems[1] ?? '');
    if ('error' in resource) return resource;
    resources.push(resource);
  }
  return resources;
}

/** The first error buildStatSummaryRequests returns for the line, or its targets. */
function statTargets(values: ReadonlyMap<string, string>, args: readonly string[], namespace: string, defaultNamespace: string): {targets: Resource[]; to?: Resource; from?: Resource} | {error: string} {
  const targets = buildResources(args);
  if ('error' in targets) return targets;
  const ends: {to?: Resource; from?: Resource} = {};
  for (const direction of ['to', 'from'] as const) {
    const text = values.get(direction) ?? '';
    if (text === '') continue;
    const end = buildResources([text]);
    if ('error' in end) return end;
    ends[direction] = end[0]!;
  }
  const all = values.get('all-namespaces') === 'true';
  const output = values.get('output') ?? 'table';
  for (const target of targets) {
    // validateConflictingFlags
    if (ends.to && ends.from) return {error: '--to and --from flags are mutually exclusive'};
    if (values.get('to-namespace') && values.get('from-namespace')) return {error: '--to-namespace and --from-namespace flags are mutually exclusive'};
    if (all && namespace !== defaultNamespace) return {error: '--all-namespaces and --namespace flags are mutually exclusive'};
    // validateNamespaceFlags
    if (target.type === 'namespace') {
      if (values.get('to-namespace')) return {error: '--to-namespace flag is incompatible with namespace resource type'};
      if (values.get('from-namespace')) return {error: '--from-namespace flag is incompatible with namespace resource type'};
      if (namespace !== defaultNamespace) return {error: '--namespace flag is incompatible with namespace resource type'};
    }
    if (output !== 'table' && output !== 'json' && output !== 'wide') return {error: '--output currently only supports table, json and wide'};
    // BuildStatSummaryRequest: ValidateTimeWindow, then a name across all namespaces.
    const window = values.get('time-window') ?? '1m';
    if (window !== '') {
      const parsed = parseGoDurationStrict(window);
      if ('error' in parsed) return parsed;
      if (parsed.nanos < 15_000_000_000n) return {error: 'metrics time window needs to be at least 15s'};
    }
    if (all && target.name !== '') return {error: 'stats for a resource cannot be retrieved by name across all namespaces'};
  }
  return {targets, ...ends};
}

export type StatLine = {request: StatRequest} | {failure: string} | {help: string} | undefined;

/**
 * `linkerd viz stat ARGS…` (the words after `stat`): the request, the CLI's failure text, or
 * undefined for a line the printers do not answer.
 */
export function parseVizStat(args: readonly string[], defaultNamespace: string): StatLine {
  const parsed = parseCobraArgs(VIZ_STAT, args);
  if (parsed === 'help') return {help: cobraHelp(VIZ_STAT)};
  if ('error' in parsed) return {failure: cobraFailure(VIZ_STAT, parsed.error)};
  const {values, positionals} = parsed;
  if (positionals.length === 0) return {failure: cobraFailure(VIZ_STAT, `requires at least 1 arg(s), only received ${positionals.length}`)};
  const controlPlane = values.get('linkerd-namespace') ?? 'linkerd';
  if (!/^[a-zA-Z0-9-]+$/.test(controlPlane)) return {failure: cobraFailure(VIZ_STAT, `${controlPlane} is not a valid namespace`)};
  // RunE: an empty --namespace is the kubeconfig's.
  const namespace = values.get('namespace') || defaultNamespace;
  const built = statTargets(values, positionals, namespace, defaultNamespace);
  if ('error' in built) return {failure: cobraFailure(VIZ_STAT, `error creating metrics request while making stats request: ${built.error}`)};
  return statRequest(values, built, namespace);
}

/** What the printer answers of a valid line: modelled types over the default window, no selector or cluster overrides. */
function statRequest(values: ReadonlyMap<string, string>, built: {targets: Resource[]; to?: Resource; from?: Resource}, namespace: string): StatLine {
  const answered = ['namespace', 'output', 'all-namespaces', 'to', 'to-namespace', 'from', 'from-namespace', 'time-window', 'verbose', 'unmeshed'];
  if ([...values.keys()].some((name) => !answered.includes(name)) || values.get('unmeshed') === 'true') return undefined;
  const window = values.get('time-window');
  if (window !== undefined && window !== '' && (parseGoDurationStrict(window) as {nanos: bigint}).nanos !== 60_000_000_000n) return undefined;
  if (built.targets.some((t) => !STAT_TYPES.has(t.type))) return undefined;
  // One request per target; writeStatsToBuffer keys rows by type and namespace/name, so requests of one
  // type merge, and one for every object of the type (`deploy/`) covers the named ones.
  const targets: StatTarget[] = [];
  for (const {type, name} of built.targets) {
    let target = targets.find((t) => t.type === type);
    if (!target) targets.push(target = {type: type as StatType, names: []});
    if (name !== '') target.names.push(name);
  }
  for (const target of targets) {
    if (target.names.length > 0 && built.targets.some((b) => b.type === target.type && b.name === '')) target.everyObject = true;
  }
  const all = values.get('all-namespaces') === 'true';
  const request: StatRequest = {targets, namespace: all ? undefined : namespace,
    output: (values.get('output') ?? 'table') as StatRequest['output']};
  const outbound = statOutbound(values, built, request);
  if (outbound === null) return undefined;
  return {request: outbound ? {...request, outbound} : request};
}

/**
 * --to/--from as BuildStatSummaryRequest makes them: the other end's namespace --to-namespace or
 * --from-namespace, else the request's (none under -A). undefined without either; null for what the
 * model does not answer: a namespace flag alone or with the other direction (a request for every
 * object of the stat'd type), an end without a name, an end other than a Deployment, pod, namespace
 * or (for --to) Service, a stat'd type the model's Deployment-to-Deployment edges do not group, and
 * --from svc, which the metrics API refuses.
 */
function statOutbound(values: ReadonlyMap<string, string>, built: {to?: Resource; from?: Resource}, request: StatRequest): StatRequest['outbound'] | null | undefined {
  const toNamespace = values.get('to-namespace') || undefined;
  const fromNamespace = values.get('from-namespace') || undefined;
  if (!built.to && !built.from && toNamespace === undefined && fromNamespace === undefined) return undefined;
  const direction = built.to ? 'to' : 'from';
  const end = built.to ?? built.from;
  const otherNamespace = direction === 'to' ? toNamespace : fromNamespace;
  if (!end || end.name === '' || (direction === 'to' ? fromNamespace : toNamespace) !== undefined) return null;
  const type = end.type;
  if (type !== 'deployment' && type !== 'pod' && type !== 'namespace' && !(type === 'service' && direction === 'to')) return null;
  if (request.targets.some(({type: t}) => t !== 'deployment' && t !== 'pod' && t !== 'namespace' && t !== 'service')) return null;
  return {direction, type, name: end.name, namespace: otherNamespace ?? request.namespace};
}
