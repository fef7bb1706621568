/**
 * `istioctl ztunnel-config workloads|services|policies -o json|yaml`: istioctl 1.30.3 reads ztunnel's
 * config dump into istioctl/pkg/writer/ztunnel/configdump/api.go's structs and prints the filtered
 * slice with json.MarshalIndent(…, "", "    ") (PrintWorkloadDump, PrintServiceDump, PrintPolicyDump),
 * or that JSON through sigs.k8s.io/yaml JSONToYAML, then a newline (fmt.Fprintln). So the fields are
 * api.go's, in its declaration order: a field ztunnel's serde leaves out (an empty string, a default
 * locality, no application tunnel) comes back as Go's zero value unless its tag has `omitempty`, and
 * Go maps (a service's ports, its endpoints by workload uid) print with their keys sorted as strings.
 */
import {ModelGap} from './model';
import {goStructJsonIndent, jsonToYaml} from './output';
import {byteOrder} from './jsonpath';
import type {RecordedConnection, WorkloadState} from './ztunnel-connections';
import type {PortMap, ZtunnelService, ZtunnelWorkload} from './ztunnel-dump';
import type {PolicyMatch, ZtunnelPolicy} from './ztunnel-policies';

export type DumpFormat = 'json' | 'yaml';

/** `{key: value}` unless Go's omitempty drops the value (empty string, empty list, absent). */
function omitEmpty<T>(key: string, value: T | undefined): Record<string, T> {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return {};
  return {[key]: value};
}

/** A map[uint16]uint16 (or map[string]int): the last of a repeated service port wins, as in ztunnel's HashMap. */
const portMap = (ports: PortMap): Map<string, number> => new Map(ports.map(([from, to]) => [String(from), to]));

/** api.go ZtunnelWorkload. */
function workloadJson(w: ZtunnelWorkload): Record<string, unknown> {
  if ('unknown' in w.locality) throw new ModelGap(w.locality.unknown);
  const locality = w.locality;
  return {
    uid: w.uid,
    workloadIps: w.workloadIps,
    ...omitEmpty('waypoint', w.waypoint === undefined ? undefined : {destination: w.waypoint}),
    protocol: w.protocol,
    name: w.name,
    namespace: w.namespace,
    serviceAccount: w.serviceAccount,
    workloadName: w.workloadName,
    workloadType: w.workloadType,
    canonicalName: w.canonicalName,
    canonicalRevision: w.canonicalRevision,
    clusterId: 'Kubernetes',
    ...omitEmpty('trustDomain', w.trustDomain),
    locality: {...omitEmpty('region', locality.region), ...omitEmpty('zone', locality.zone), ...omitEmpty('subzone', locality.subzone)},
    node: w.node,
    status: w.status,
    hostname: w.hostname,
    capacity: 1,
    applicationTunnel: w.applicationTunnel ?? {protocol: ''},
    ...omitEmpty('authorizationPolicies', w.authorizationPolicies),
  };
}

/** api.go ZtunnelService and ZtunnelEndpoint (whose `service` ztunnel does not send). */
function serviceJson(s: ZtunnelService): Record<string, unknown> {
  if (typeof s.ipFamilies === 'object') throw new ModelGap(s.ipFamilies.unknown);
  return {
    name: s.name,
    namespace: s.namespace,
    hostname: s.hostname,
    vips: s.addresses,
    ports: portMap(s.ports),
    ...omitEmpty('loadBalancer', s.loadBalancer),
    ...omitEmpty('waypoint', s.waypoint === undefined ? undefined : {destination: s.waypoint}),
    endpoints: new Map(s.endpoints.map((e) => [e.workloadUid, {workloadUid: e.workloadUid, service: '', port: portMap(e.port)}])),
    ipFamilies: s.ipFamilies ?? '',
    // A Kubernetes Service is always canonical (services.go constructService).
    canonical: true,
  };
}

const MATCH_FIELDS: ReadonlyArray<keyof PolicyMatch> = [
  'namespaces', 'notNamespaces', 'principals', 'notPrincipals', 'sourceIps', 'notSourceIps',
  'destinationIps', 'notDestinationIps', 'destinationPorts', 'notDestinationPorts', 'serviceAccounts', 'notServiceAccounts',
];

/** api.go ZtunnelPolicy (ztunnel's dryRun is not read) and PolicyMatch, every field omitempty. */
function policyJson(p: ZtunnelPolicy): Record<string, unknown> {
  const match = (m: PolicyMatch): Record<string, unknown> => Object.assign({}, ...MATCH_FIELDS.map((key) => omitEmpty(key, m[key])));
  return {name: p.name, namespace: p.namespace, scope: p.scope, action: p.action, rules: p.rules.map((group) => group.map((rule) => rule.map(match)))};
}

function printDump(items: readonly Record<string, unknown>[], format: DumpFormat): string {
  const json = goStructJsonIndent(items, '    ');
  // JSONToYAML re-reads the JSON: its map keys are then sorted as go-yaml sorts them.
  return `${format === 'yaml' ? jsonToYaml(JSON.parse(json)) : json}\n`;
}

/** PrintWorkloadDump: the filtered workloads in the config dump's order (ztunnel sorts them by uid). */
export const printWorkloadDump = (workloads: readonly ZtunnelWorkload[], format: DumpFormat): string => printDump(workloads.map(workloadJson), format);

/** PrintServiceDump: the filtered services, sorted as the summary sorts them. */
export const printServiceDump = (services: readonly ZtunnelService[], format: DumpFormat): string => printDump(services.map(serviceJson), format);

/** PrintPolicyDump: the filtered policies, sorted as the summary sorts them. */
export const printPolicyDump = (policies: readonly ZtunnelPolicy[], format: DumpFormat): string => printDump(policies.map(policyJson), format);

/** api.go InboundConnection and OutboundConnection (the same four fields; ztunnel's null originalDst read as ""). */
const connectionJson = (c: RecordedConnection): Record<string, unknown> => ({src: c.src, originalDst: c.originalDst, actualDst: c.actualDst, protocol: c.protocol});

/** api.go WorkloadState: WorkloadInfo's trustDomain, which ztunnel's WorkloadInfo does not have, is Go's "". */
const workloadStateJson = (w: WorkloadState): Record<string, unknown> => ({
  state: w.state,
  connections: {inbound: w.inbound.map(connectionJson), outbound: w.outbound.map(connectionJson)},
  info: {name: w.name, namespace: w.namespace, trustDomain: '', serviceAccount: w.serviceAccount},
});

/**
 * connections.go PrintConnectionsDump: the workload states by namespace then name, kept by the
 * namespace and the workload's name (EqualFold); `--direction` and `--raw` shape the summary only.
 */
export function printConnectionsDump(states: readonly WorkloadState[], filter: {namespace?: string; workload?: string}, format: DumpFormat): string {
  const shown = states
    .filter((w) => (!filter.namespace || filter.namespace === w.namespace) && (!filter.workload || filter.workload.toLowerCase() === w.name.toLowerCase()))
    .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));
  return printDump(shown.map(workloadStateJson), format);
}
