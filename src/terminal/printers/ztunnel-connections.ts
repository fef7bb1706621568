/**
 * `istioctl ztunnel-config connections` (istioctl 1.30.3 configdump/connections.go
 * PrintConnectionsSummary): the connections a ztunnel proxies for the workloads of its node, from its
 * config dump's `workloadstate`. Which connections are open is not in the cluster's objects: a session
 * records them per state as facts (scenario.yaml's `cluster.ztunnel.connections`), each for a pod
 * ztunnel captured; the printer names their addresses as istioctl does.
 */
import {byteOrder} from './jsonpath';
import {field, ModelGap, type ModelObject, type StateModel} from './model';
import {tabwrite} from './tabwriter';
import {capturedByZtunnel, type ZtunnelDump} from './ztunnel-dump';

/** One connection as ztunnel's admin dump lists it (WorkloadState.connections), for the pod it proxies. */
export interface RecordedConnection {
  /** The captured pod, NAME.NAMESPACE's parts. */
  pod: string;
  namespace: string;
  direction: 'inbound' | 'outbound';
  /**
   * `ip:port` strings as ztunnel prints them; an inbound originalDst is the host of the CONNECT's
   * Forwarded header (the connection's dest_service, a Service's hostname) or empty.
   */
  src: string;
  originalDst: string;
  actualDst: string;
  protocol: 'HBONE' | 'TCP';
}

export interface ConnectionsFilter {
  namespace?: string;
  direction?: string;
  raw?: boolean;
  /** The workload pod named as the argument (TargetWorkload): its name. */
  workload?: string;
}

/** net.SplitHostPort's success cases: `host:port`, `[v6]:port`; undefined otherwise. */
function splitHostPort(address: string): {host: string; port: string} | undefined {
  if (address.startsWith('[')) {
    const end = address.indexOf(']:');
    return end > 0 && !address.slice(end + 2).includes(':') ? {host: address.slice(1, end), port: address.slice(end + 2)} : undefined;
  }
  const colon = address.indexOf(':');
  if (colon < 0 || address.indexOf(':', colon + 1) >= 0) return undefined;
  return {host: address.slice(0, colon), port: address.slice(colon + 1)};
}

const joinHostPort = (host: string, port: string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * lookupIP: an address's IP named after the Service whose first VIP it is (its hostname), else the
 * workload whose first IP it is (`name.namespace`; later workloads in the dump's uid order win a
 * shared IP, as Go's map assignment does); `--raw`, or an address that is not `host:port`, as is.
 */
function addressNamer(dump: ZtunnelDump, raw: boolean): (address: string) => string {
  const services = new Map<string, string>();
  for (const service of dump.services) {
    const first = service.addresses[0];
    const ip = first === undefined ? '' : first.slice(first.indexOf('/') + 1);
    services.set(ip === '' ? 'None' : ip, service.hostname);
  }
  const workloads = new Map<string, string>();
  for (const workload of [...dump.workloads].sort((a, b) => byteOrder(a.uid, b.uid))) {
    workloads.set(workload.workloadIps[0] || 'None', `${workload.name}.${workload.namespace}`);
  }
  return (address) => {
    if (raw) return address;
    const split = splitHostPort(address);
    if (!split) return address;
    const name = services.get(split.host) ?? workloads.get(split.host);
    return name === undefined ? address : joinHostPort(name, split.port);
  };
}

/** The connections this ztunnel holds: those of pods on its node, which is where ztunnel proxies them. */
export function ztunnelConnections(ztunnel: ModelObject, model: StateModel): RecordedConnection[] {
  const recorded = model.ztunnelConnections;
  if (recorded === undefined) throw new ModelGap('the session does not record which connections the ztunnels proxied in this state (scenario.yaml\'s cluster.ztunnel.connections)');
  const node = field(ztunnel.value, 'spec', 'nodeName');
  const nodeOf = (c: RecordedConnection): unknown => model.objects.find((o) => o.group === '' && o.kind === 'Pod' && o.namespace === c.namespace && o.name === c.pod)?.value;
  return recorded.filter((c) => field(nodeOf(c), 'spec', 'nodeName') === node);
}

/** inpod/admin.rs ProxyState for one captured pod: its state, connections and WorkloadInfo. */
export interface WorkloadState {
  /** State::Up once the pod's proxy runs in its network namespace. */
  state: 'Up';
  name: string;
  namespace: string;
  serviceAccount: string;
  inbound: RecordedConnection[];
  outbound: RecordedConnection[];
}

/**
 * The config dump's `workloadState`: one entry per pod the ztunnel's node captured (with no
 * connections too), each holding the recorded connections of the state. A captured pod that is not
 * Running may be Pending or gone from ztunnel's state: a gap.
 */
export function ztunnelWorkloadStates(ztunnel: ModelObject, model: StateModel, dump: ZtunnelDump): WorkloadState[] {
  const connections = ztunnelConnections(ztunnel, model);
  const node = field(ztunnel.value, 'spec', 'nodeName');
  const captured = model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && field(o.value, 'spec', 'nodeName') === node && capturedByZtunnel(o.value));
  return captured.map((pod) => {
    if (field(pod.value, 'status', 'phase') !== 'Running') throw new ModelGap(`pod ${pod.namespace}/${pod.name} is captured but not Running: whether ztunnel still holds its proxy, and in which state, is not modelled`);
    const workload = dump.workloads.find((w) => w.workloadType === 'pod' && w.namespace === pod.namespace && w.name === pod.name);
    if (!workload) throw new ModelGap(`pod ${pod.namespace}/${pod.name} is not among ztunnel's workloads`);
    const own = connections.filter((c) => c.namespace === pod.namespace && c.pod === pod.name);
    return {
      state: 'Up', name: pod.name, namespace: pod.namespace, serviceAccount: workload.serviceAccount,
      inbound: own.filter((c) => c.direction === 'inbound'), outbound: own.filter((c) => c.direction === 'outbound'),
    };
  });
}

/** PrintConnectionsSummary: workloads by namespace then name, each one's inbound then outbound rows. */
export function printConnectionsSummary(connections: readonly RecordedConnection[], dump: ZtunnelDump, filter: ConnectionsFilter = {}): string {
  const name = addressNamer(dump, filter.raw === true);
  const shown = connections
    .filter((c) => (!filter.namespace || filter.namespace === c.namespace) && (!filter.workload || filter.workload.toLowerCase() === c.pod.toLowerCase()))
    .filter((c) => (c.direction === 'inbound' ? filter.direction !== 'outbound' : filter.direction !== 'inbound'));
  const workloads = [...new Set(shown.map((c) => `${c.namespace}\u0000${c.pod}`))].sort(byteOrder);
  const rows = workloads.flatMap((key) => {
    const [namespace, pod] = key.split('\u0000') as [string, string];
    const own = shown.filter((c) => c.namespace === namespace && c.pod === pod);
    const workload = `${pod}.${namespace}`;
    return [
      ...own.filter((c) => c.direction === 'inbound').map((c) => [workload, 'Inbound', name(c.actualDst), name(c.src), c.originalDst, c.protocol]),
      ...own.filter((c) => c.direction === 'outbound').map((c) => [workload, 'Outbound', name(c.src), name(c.actualDst), name(c.originalDst), c.protocol]),
    ];
  });
  const header = ['WORKLOAD', 'DIRECTION', 'LOCAL', 'REMOTE', 'REMOTE TARGET', 'PROTOCOL'];
  return tabwrite(`${[header, ...rows].map((row) => row.join('\t')).join('\n')}\n`, 0, 1);
}
