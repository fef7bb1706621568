/**
 * `istioctl ztunnel-config workloads|services|policies|certificates|connections|all` (istioctl
 * 1.30.3) answered from a state's cluster model, through what ztunnel holds there (./ztunnel-dump.ts):
 * the summaries as istioctl/pkg/writer/ztunnel/configdump prints them (workload.go
 * PrintWorkloadSummary and waypointName, services.go PrintServiceSummary, policies.go
 * PrintPolicySummary, through tabwriter.Init(w, 0, 8, 1, ' ', 0); configdump.go PrintFullSummary for
 * `all`), the `-o json|yaml` dumps (./ztunnel-json.ts), the certificates (./ztunnel-certificates.ts)
 * and the recorded connections (./ztunnel-connections.ts). The command's flags, pod arguments
 * (./istioctl-pod-argument.ts) and `--node` follow istioctl/pkg/ztunnelconfig/ztunnelconfig.go.
 */
import {commandWords, readFlags} from './istioctl-proxies';
import {byteOrder} from './jsonpath';
import {field, heldKey, ModelGap, type ModelObject, type StateModel} from './model';
import {tabwrite} from './tabwriter';
import {inferPodFromTypedResource} from './istioctl-pod-argument';
import {firstPodByLogging} from './pod-by-logging';
import {printCertificates} from './ztunnel-certificates';
import {printConnectionsSummary, ztunnelConnections, ztunnelWorkloadStates} from './ztunnel-connections';
import {labelsOf, of, ztunnelDump, type ZtunnelDump, type ZtunnelPolicy, type ZtunnelService, type ZtunnelWorkload} from './ztunnel-dump';
import {printConnectionsDump, printPolicyDump, printServiceDump, printWorkloadDump} from './ztunnel-json';
import {isGoTrue} from '../../engine/go/strconv-bool';

export {ztunnelDump};
export type {ZtunnelDump, ZtunnelPolicy, ZtunnelService, ZtunnelWorkload} from './ztunnel-dump';

// ---------------------------------------------------------------- printing (configdump/*.go)

const tab = (rows: string[][]): string => tabwrite(`${rows.map((row) => row.join('\t')).join('\n')}\n`, 0, 1);

/** workload.go waypointName / serviceWaypointName: the Service whose hostname or address is the destination. */
function waypointName(destination: string | undefined, services: readonly ZtunnelService[]): string {
  if (destination === undefined) return 'None';
  for (const svc of services) {
    if (`${svc.namespace}/${svc.hostname}` === destination) return svc.name;
    if (svc.addresses.includes(destination)) return svc.name;
  }
  return 'NA';
}

export interface WorkloadFilter {
  namespace?: string;
  node?: string;
  address?: string;
  /** A workload pod named as the argument (TargetWorkload). */
  name?: string;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** WorkloadFilter.Verify: fields compared without regard to case. */
function verifyWorkload(filter: WorkloadFilter, workload: ZtunnelWorkload): boolean {
  if (filter.name && !same(workload.name, filter.name)) return false;
  if (filter.namespace && !same(workload.namespace, filter.namespace)) return false;
  if (filter.address && !workload.workloadIps.some((ip) => same(ip, filter.address!))) return false;
  if (filter.node && !same(workload.node, filter.node)) return false;
  return true;
}

/** The workloads a filter keeps, in the config dump's order: ztunnel serializes them by uid (state.rs). */
const workloadsShown = (dump: ZtunnelDump, filter: WorkloadFilter): ZtunnelWorkload[] =>
  dump.workloads.filter((w) => verifyWorkload(filter, w)).sort((a, b) => byteOrder(a.uid, b.uid));

/** ServiceFilter.Verify, then sorted by namespace, name, hostname (the summary and the dump alike). */
const servicesShown = (dump: ZtunnelDump, namespace: string): ZtunnelService[] => dump.services
  .filter((s) => namespace === '' || same(s.namespace, namespace))
  .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name) || byteOrder(a.hostname, b.hostname));

/** PolicyFilter.Verify, then sorted by namespace, then name (the summary and the dump alike). */
const policiesShown = (dump: ZtunnelDump, namespace: string): ZtunnelPolicy[] => dump.policies
  .filter((p) => namespace === '' || same(p.namespace, namespace))
  .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));

/** PrintWorkloadSummary: sorted by namespace.name, then node. */
export function printWorkloadSummary(dump: ZtunnelDump, filter: WorkloadFilter = {}): string {
  const workloads = workloadsShown(dump, filter).sort((a, b) => byteOrder(`${a.namespace}.${a.name}`, `${b.namespace}.${b.name}`) || byteOrder(a.node, b.node));
  return tab([
    ['NAMESPACE', 'POD NAME', 'ADDRESS', 'NODE', 'WAYPOINT', 'PROTOCOL'],
    ...workloads.map((w) => [w.namespace, w.name, w.workloadIps.join(',') || w.hostname, w.node, waypointName(w.waypoint, dump.services), w.protocol]),
  ]);
}

/** PrintServiceSummary: ENDPOINTS counts the healthy workloads among the endpoints. */
export function printServiceSummary(dump: ZtunnelDump, namespace = ''): string {
  const byUid = new Map(dump.workloads.map((w) => [w.uid, w]));
  return tab([
    ['NAMESPACE', 'SERVICE NAME', 'SERVICE VIP', 'WAYPOINT', 'ENDPOINTS'],
    ...servicesShown(dump, namespace).map((s) => {
      const healthy = s.endpoints.filter((e) => byUid.get(e.workloadUid)?.status === 'Healthy').length;
      const ips = s.addresses.map((address) => address.slice(address.indexOf('/') + 1));
      return [s.namespace, s.name, ips.join(','), waypointName(s.waypoint, dump.services), `${healthy}/${s.endpoints.length}`];
    }),
  ]);
}

export function printPolicySummary(dump: ZtunnelDump, namespace = ''): string {
  return tab([['NAMESPACE', 'POLICY NAME', 'ACTION', 'SCOPE'], ...policiesShown(dump, namespace).map((p) => [p.namespace, p.name, p.action, p.scope])]);
}

// ---------------------------------------------------------------- the command line (ztunnelconfig.go)

interface CommonFlags {
  /** `-o`: short (the summary), json, yaml; another value is istioctl's error. */
  output: string;
  /** The positional `[<type>/]<name>[.<namespace>]`: a ztunnel pod or a workload pod. */
  pod?: string;
  /** `-n`: the namespace of a pod argument without one (istioctl's default: the Istio namespace). */
  namespace?: string;
  /** `--node`: the ztunnel on that node. */
  node?: string;
}

export type ZtunnelConfigRequest = CommonFlags & (
  | {what: 'workloads'; filter: WorkloadFilter}
  | {what: 'services'; serviceNamespace: string}
  | {what: 'policies'; policyNamespace: string}
  | {what: 'certificates'}
  | {what: 'connections'; workloadNamespace: string; direction: string; raw: boolean}
  | {what: 'all'; withHeaders: boolean});

const SUBCOMMANDS: Record<string, ZtunnelConfigRequest['what']> = {
  workload: 'workloads', workloads: 'workloads', w: 'workloads',
  service: 'services', services: 'services', s: 'services', svc: 'services',
  policy: 'policies', policies: 'policies', p: 'policies', pol: 'policies',
  certificate: 'certificates', certificates: 'certificates', certs: 'certificates', cert: 'certificates',
  connections: 'connections', cons: 'connections',
  all: 'all',
};

/** Each subcommand's own flags (ztunnelconfig.go), beside commonFlags.attach's and the root's `-n`. */
const OWN_FLAGS: Record<ZtunnelConfigRequest['what'], readonly string[]> = {
  workloads: ['--workload-namespace', '--workload-node', '--address'],
  services: ['--service-namespace'],
  policies: ['--policy-namespace'],
  certificates: [],
  connections: ['--workload-namespace', '--direction'],
  all: [],
};

/** Each subcommand's switches. */
const OWN_SWITCHES: Partial<Record<ZtunnelConfigRequest['what'], readonly string[]>> = {connections: ['--raw'], all: ['--with-headers']};

const ISTIO_NAMESPACE = 'istio-system';

/**
 * `istioctl ztunnel-config|zc workloads|services|policies|certificates|connections|all
 * [[TYPE/]NAME[.NS]] [flags]`; undefined for what the printer does not follow (`log`, `--file`,
 * `--proxy-admin-port`, two arguments): the session refuses it.
 */
export function parseZtunnelConfig(line: string, placeholders: Readonly<Record<string, string>> = {}): ZtunnelConfigRequest | undefined {
  const words = commandWords(line, placeholders);
  if (!words) return undefined;
  const [program, command, sub, ...args] = words;
  if (program !== 'istioctl' || (command !== 'ztunnel-config' && command !== 'zc') || sub === undefined) return undefined;
  const what = SUBCOMMANDS[sub];
  if (what === undefined) return undefined;
  const known: Record<string, 'value' | 'switch'> = Object.fromEntries(['-n', '--namespace', '-o', '--output', '--node', ...OWN_FLAGS[what]].map((flag) => [flag, 'value' as const]));
  for (const flag of OWN_SWITCHES[what] ?? []) known[flag] = 'switch';
  const read = readFlags(args, known);
  if (!read || read.positional.length > 1) return undefined;
  const pod = read.positional[0];
  const {flags} = read;
  const on = (flag: string): boolean => isGoTrue(flags[flag]);
  const common: CommonFlags = {
    output: flags['-o'] ?? flags['--output'] ?? 'short',
    ...(pod !== undefined ? {pod} : {}),
    ...(flags['-n'] ?? flags['--namespace'] ? {namespace: flags['-n'] ?? flags['--namespace']} : {}),
    ...(flags['--node'] ? {node: flags['--node']} : {}),
  };
  switch (what) {
    case 'workloads': {
      const filter: WorkloadFilter = {};
      if (flags['--workload-namespace']) filter.namespace = flags['--workload-namespace'];
      if (flags['--workload-node']) filter.node = flags['--workload-node'];
      if (flags['--address']) filter.address = flags['--address'];
      return {what, filter, ...common};
    }
    case 'services': return {what, serviceNamespace: flags['--service-namespace'] ?? '', ...common};
    case 'policies': return {what, policyNamespace: flags['--policy-namespace'] ?? '', ...common};
    case 'certificates': return {what, ...common};
    case 'connections': return {what, workloadNamespace: flags['--workload-namespace'] ?? '', direction: flags['--direction'] ?? '', raw: on('--raw'), ...common};
    case 'all': return {what, withHeaders: on('--with-headers'), ...common};
  }
}

/** Whether the model holds every pod (or service) of the namespaces it knows: an unfiltered table needs them all. */
function holdsAll(model: StateModel, kind: 'Pod' | 'Service', namespace: string | undefined): void {
  if (model.held === undefined) return;
  const namespaces = namespace ? [namespace] : of(model, '', 'Namespace').map((n) => n.name);
  for (const ns of namespaces) {
    if (!model.held.includes(heldKey('', kind, ns))) {
      throw new ModelGap(`the model does not keep track of the ${kind === 'Pod' ? 'pods' : 'services'} of namespace ${ns}, which ztunnel knows too`);
    }
  }
}

/** The ztunnel asked, and the workload pod named in its place (TargetWorkload); or istioctl's error. */
type Resolved = {ztunnel: ModelObject; target?: {name: string; namespace: string}} | {error: string};

const ztunnelPods = (model: StateModel): ModelObject[] => of(model, '', 'Pod').filter((p) => p.namespace === ISTIO_NAMESPACE && labelsOf(p).app === 'ztunnel');

/** PodOnNodeFromDaemonset: the first by podutils.ByLogging of the ztunnel DaemonSet's pods (selector app=ztunnel) on the node. */
function ztunnelOnNode(node: string, model: StateModel): ModelObject | undefined {
  if (model.held !== undefined && !model.held.includes(heldKey('', 'Pod', ISTIO_NAMESPACE))) throw new ModelGap(`the model does not keep track of the pods of namespace ${ISTIO_NAMESPACE}, where the ztunnels run`);
  return firstPodByLogging(ztunnelPods(model).filter((p) => field(p.value, 'spec', 'nodeName') === node));
}

/** runConfigDump's enforceSinglePod: the content is specific to one ztunnel. */
const SINGLE_POD: ReadonlySet<ZtunnelConfigRequest['what']> = new Set(['certificates', 'connections']);

/**
 * runConfigDump: `--node` names the node's ztunnel; else the pod argument
 * (InferPodInfoFromTypedResource: `[TYPE/]NAME[.NS]`, else `-n`, else the Istio namespace), which,
 * unless it is a ztunnel (IsZtunnelPod: label app=ztunnel), is a workload pod whose node's ztunnel is
 * asked about it; else daemonset/ztunnel's pods: the one a command about a single ztunnel needs
 * (certificates, connections), else the first by podutils.ByLogging.
 */
function resolveZtunnel(request: ZtunnelConfigRequest, model: StateModel): Resolved {
  if (request.node !== undefined && request.pod !== undefined) {
    // validateArgs prints the command's usage (with every flag and the root's) before the error.
    throw new ModelGap('istioctl prints its usage before "at most one of --file, --node, or pod name must be passed", which is not modelled');
  }
  if (request.node !== undefined) {
    const ztunnel = ztunnelOnNode(request.node, model);
    return ztunnel ? {ztunnel} : {error: 'no pods found'};
  }
  if (request.pod === undefined) {
    const all = ztunnelPods(model);
    if (all.length === 0) throw new ModelGap('the model runs no ztunnel pod (the ambient profile\'s DaemonSet in istio-system): istioctl ztunnel-config has no ztunnel to ask');
    if (request.namespace !== undefined && request.namespace !== ISTIO_NAMESPACE) throw new ModelGap(`istioctl would look for daemonset/ztunnel in namespace ${request.namespace}, whose error the model does not give`);
    if (SINGLE_POD.has(request.what) && all.length !== 1) return {error: 'ztunnel pod name or --node must be set'};
    // Only `all` prints what differs between ztunnels (certificates, connections): the others may ask any.
    return {ztunnel: request.what === 'all' ? firstPodByLogging(all)! : all[0]!};
  }
  const argument = inferPodFromTypedResource(request.pod, request.namespace ?? ISTIO_NAMESPACE, model);
  if ('error' in argument) return argument;
  const {name, namespace} = argument;
  const pod = of(model, '', 'Pod').find((p) => p.namespace === namespace && p.name === name);
  if (pod === undefined && model.held !== undefined && !model.held.includes(heldKey('', 'Pod', namespace))) {
    throw new ModelGap(`the model does not keep track of the pods of namespace ${namespace}`);
  }
  // IsZtunnelPod: a pod it cannot get is a ztunnel when its name starts with ztunnel; asking it would then fail to connect.
  if (pod === undefined && name.startsWith('ztunnel')) throw new ModelGap(`istioctl would port-forward to pod ${name}.${namespace}, which does not exist: the error text is not modelled`);
  if (pod !== undefined && (labelsOf(pod).app ?? (name.startsWith('ztunnel') ? 'ztunnel' : '')) === 'ztunnel') return {ztunnel: pod};
  if (pod === undefined) return {error: `failed to get pod ${name}.${namespace}: pods "${name}" not found`};
  const node = field(pod.value, 'spec', 'nodeName');
  if (typeof node !== 'string' || node === '') return {error: `pod ${name}.${namespace} is not scheduled to a node`};
  const ztunnel = ztunnelOnNode(node, model);
  if (!ztunnel) return {error: `failed to find ztunnel on node ${node} for pod ${name}.${namespace}: no pods found`};
  return {ztunnel, target: {name, namespace}};
}

const OUTPUTS = ['short', 'json', 'yaml'];

export function printZtunnelConfig(request: ZtunnelConfigRequest, model: StateModel): string {
  const resolved = resolveZtunnel(request, model);
  if ('error' in resolved) return `Error: ${resolved.error}\n`;
  if (!OUTPUTS.includes(request.output)) return `Error: output format "${request.output}" not supported\n`;
  const short = request.output === 'short';
  const format = request.output === 'yaml' ? 'yaml' : 'json';
  const dump = ztunnelDump(model);
  if (request.what === 'certificates') return printCertificates(resolved.ztunnel, dump, model, short ? 'short' : format);
  if (request.what === 'connections') {
    const filter = {namespace: request.workloadNamespace, direction: request.direction, raw: request.raw, ...(resolved.target ? {workload: resolved.target.name, namespace: resolved.target.namespace} : {})};
    if (short) return printConnectionsSummary(ztunnelConnections(resolved.ztunnel, model), dump, filter);
    // Every captured pod of the node has a state, with connections or without: the model must hold them all.
    holdsAll(model, 'Pod', filter.namespace || undefined);
    return printConnectionsDump(ztunnelWorkloadStates(resolved.ztunnel, model, dump), filter, format);
  }
  if (request.what === 'all') {
    // PrintFullDump prints ztunnel's /config_dump as it came (admin.rs ConfigDump): beside the workloads,
    // services, policies and workload states, its build info, its whole Config and the certificates' PEM.
    if (!short) throw new ModelGap('the whole config dump -o json|yaml prints (ztunnel\'s build info and configuration, the certificates\' PEM) is not modelled');
    return printFullSummary(resolved.ztunnel, dump, model, request.withHeaders);
  }
  switch (request.what) {
    case 'workloads': {
      // A workload pod named as the argument filters by its name and namespace (TargetWorkload).
      const filter: WorkloadFilter = resolved.target ? {...request.filter, ...resolved.target} : request.filter;
      if (!filter.address && !filter.node) holdsAll(model, 'Pod', filter.namespace);
      else holdsAll(model, 'Pod', undefined);
      return short ? printWorkloadSummary(dump, filter) : printWorkloadDump(workloadsShown(dump, filter), format);
    }
    case 'services': {
      const namespace = request.serviceNamespace;
      holdsAll(model, 'Service', namespace || undefined);
      holdsAll(model, 'Pod', namespace || undefined);
      return short ? printServiceSummary(dump, namespace) : printServiceDump(servicesShown(dump, namespace), format);
    }
    case 'policies':
      return short ? printPolicySummary(dump, request.policyNamespace) : printPolicyDump(policiesShown(dump, request.policyNamespace), format);
  }
}

/**
 * configdump.go PrintFullSummary: a blank line before each section (headed `------ NAME ------` and a
 * blank line with `--with-headers`), every section unfiltered, whatever pod was named.
 */
function printFullSummary(ztunnel: ModelObject, dump: ZtunnelDump, model: StateModel, withHeaders: boolean): string {
  holdsAll(model, 'Pod', undefined);
  holdsAll(model, 'Service', undefined);
  const sections: Array<[string, () => string]> = [
    ['WORKLOAD INFO', () => printWorkloadSummary(dump)],
    ['SERVICE INFO', () => printServiceSummary(dump)],
    ['POLICY INFO', () => printPolicySummary(dump)],
    ['SECRET INFO', () => printCertificates(ztunnel, dump, model, 'short')],
    ['CONNECTIONS INFO', () => printConnectionsSummary(ztunnelConnections(ztunnel, model), dump)],
  ];
  return sections.map(([title, print]) => `\n${withHeaders ? `------ ${title} ------\n\n` : ''}${print()}`).join('');
}
