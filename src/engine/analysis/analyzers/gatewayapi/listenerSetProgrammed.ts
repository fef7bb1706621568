/**
 * A ListenerSet's own Accepted and Programmed conditions once its Gateway took it, as istiod
 * 1.30.3 writes them (pilot/pkg/config/kube/gateway gateway_collection.go ListenerSetCollection,
 * conversion.go reportListenerSetStatus and setProgrammedCondition, gatewaycommon/context.go
 * ResolveGatewayInstances):
 * - the parent Gateway's Services (extractGatewayServices): a managed Gateway's generated one; a
 *   manual Gateway's `Hostname` addresses (short names in its namespace). Another address type is
 *   skipped with "only Hostname is supported, ignoring [...]" (UnsupportedAddress), and the
 *   networking.istio.io/service-type annotation is "deprecated" (DeprecatedField); either sets
 *   Accepted False, "Parent not accepted: ...". With no Service left, Programmed is False,
 *   "Failed to assign to any requested addresses" (UnsupportedAddress).
 * - each Service, in the Gateway's namespace, asked for the ports of the ListenerSet's own
 *   entries (not the Gateway's): a port with endpoints assigns "<host>:<port>"; otherwise a warning:
 *   the hostname not found (or found in other namespaces), no instances at all, the port not found
 *   (with a hint when it is a pod port some Service port sends to), except on a managed Service
 *   that has the port (endpoints not synced yet). Warnings make Programmed False: AddressNotUsable
 *   when one says a hostname or port is not found, else AddressNotAssigned.
 * What the run cannot tell leaves the status undecided: a managed Gateway (its Service is istiod's
 * to write, with every listener's port), a hostname outside cluster.local (a ServiceEntry's), a
 * Service without a selector (endpoints written by hand), pods the run does not hold in an open
 * world. A LoadBalancer Service's "address pending" is not modelled: manifests carry no status.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import {CLUSTER_DOMAIN} from '../../../model/hosts';
import {stringLabels} from '../../../model/labels';
import {findPort} from '../../../model/find-port';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {knowsIn, lookup} from './routes';

/** gateway.istio.io/managed: the label istiod puts on the Services it generates. */
const MANAGED_LABEL = 'gateway.istio.io/managed';
const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';

export interface ListenerSetCondition {
  type: 'Accepted' | 'Programmed';
  reason: string;
  message: string;
}

export interface ListenerSetStatus {
  /** The conditions istiod sets to False, Accepted first. */
  conditions: ListenerSetCondition[];
  /** The field the status is about: the first entry on a port that was not found, else the parentRef. */
  path: string;
}

/** The False conditions of an accepted ListenerSet; undefined when both are True or the run cannot tell. */
export function listenerSetProgrammed(ctx: AnalyzerContext, listenerSet: AnalysisResource, gateway: AnalysisResource): ListenerSetStatus | undefined {
  const services = gatewayServices(gateway);
  if (!services) return undefined;
  const conditions: ListenerSetCondition[] = [];
  if (services.error) conditions.push({type: 'Accepted', reason: services.error.reason, message: `Parent not accepted: ${services.error.message}`});
  const parentPath = at('/spec/parentRef', 'name');
  if (services.hosts.length === 0) {
    conditions.push({type: 'Programmed', reason: 'UnsupportedAddress', message: 'Failed to assign to any requested addresses'});
    return {conditions, path: parentPath};
  }
  const entries = asArray(asObject(listenerSet.value.spec)?.listeners).map((entry) => asNumber(asObject(entry)?.port));
  const ports = [...new Set(entries.filter((port): port is number => port !== undefined))];
  const resolved = resolveInstances(ctx, gateway.namespace, services.hosts, ports);
  if (!resolved) return undefined;
  const {internal, warnings, allUsable, portsNotFound} = resolved;
  if (warnings.length > 0) {
    const joined = warnings.join('; ');
    conditions.push({
      type: 'Programmed', reason: allUsable ? 'AddressNotAssigned' : 'AddressNotUsable',
      message: internal.length > 0
        ? `Assigned to service(s) ${humanReadableJoin(internal)}, but failed to assign to all requested addresses: ${joined}`
        : `Failed to assign to any requested addresses: ${joined}`,
    });
  }
  if (conditions.length === 0) return undefined;
  const index = entries.findIndex((port) => port !== undefined && portsNotFound.has(port));
  return {conditions, path: index >= 0 ? at('/spec/listeners', index, 'port') : parentPath};
}

/** extractGatewayServices for a manual Gateway; undefined for a managed one (IsManaged). */
function gatewayServices(gateway: AnalysisResource): {hosts: string[]; error?: {reason: string; message: string}} | undefined {
  const addresses = asArray(asObject(gateway.value.spec)?.addresses).map((address) => asObject(address) ?? {});
  if (addresses.length === 0) return undefined;
  if (addresses.length === 1 && (asString(addresses[0]!.type) ?? 'IPAddress') === 'IPAddress') return undefined;
  const hosts: string[] = [];
  const skipped: string[] = [];
  for (const address of addresses) {
    const type = asString(address.type);
    const value = asString(address.value) ?? '';
    if (type !== undefined && type !== 'Hostname') {
      skipped.push(value);
      continue;
    }
    hosts.push(value.includes('.') ? value : `${value}.${gateway.namespace}.${CLUSTER_DOMAIN}`);
  }
  if (skipped.length > 0) return {hosts, error: {reason: 'UnsupportedAddress', message: `only Hostname is supported, ignoring [${skipped.join(' ')}]`}};
  const annotations = stringLabels(asObject(gateway.value.metadata)?.annotations);
  if (SERVICE_TYPE_ANNOTATION in annotations) {
    return {hosts, error: {reason: 'DeprecatedField', message: `annotation ${SERVICE_TYPE_ANNOTATION} is deprecated, use Spec.Infrastructure.Routeability`}};
  }
  return {hosts};
}

interface Resolved {
  internal: string[];
  warnings: string[];
  allUsable: boolean;
  /** The ports a "port not found" warning names. */
  portsNotFound: Set<number>;
}

/** ResolveGatewayInstances over the Services the run holds; undefined when the run cannot tell. */
function resolveInstances(ctx: AnalyzerContext, namespace: string, hosts: readonly string[], ports: readonly number[]): Resolved | undefined {
  const internal = new Set<string>();
  const warnings: string[] = [];
  const portsNotFound = new Set<number>();
  let unusable = false;
  const suffix = `.${CLUSTER_DOMAIN}`;
  for (const host of hosts) {
    if (!host.endsWith(suffix)) return undefined;
    const parts = host.slice(0, -suffix.length).split('.');
    if (parts.length !== 2) return undefined;
    const [name, serviceNamespace] = parts as [string, string];
    const service = lookup(ctx, '', 'Service', serviceNamespace, name);
    if (!service) {
      if (!knowsIn(ctx, '', 'Service', serviceNamespace)) return undefined;
      warnings.push(`hostname ${JSON.stringify(host)} not found`);
      unusable = true;
      continue;
    }
    if (serviceNamespace !== namespace) {
      warnings.push(`hostname ${JSON.stringify(host)} not found in namespace ${JSON.stringify(namespace)}, but it was found in namespace(s) "${serviceNamespace}"`);
      unusable = true;
      continue;
    }
    const endpoints = endpointPorts(ctx, service);
    if (!endpoints) return undefined;
    const servicePorts = asArray(asObject(service.value.spec)?.ports).map((port) => asObject(port) ?? {});
    for (const port of ports) {
      if ((endpoints.get(port)?.size ?? 0) > 0) {
        internal.add(`${host}:${port}`);
        continue;
      }
      if ([...endpoints.values()].every((set) => set.size === 0)) {
        warnings.push(`no instances found for hostname ${JSON.stringify(host)}`);
        continue;
      }
      const hint = [...endpoints].filter(([, set]) => set.has(port)).map(([servicePort]) => String(servicePort)).sort();
      if (hint.length > 0) {
        warnings.push(`port ${port} not found for hostname ${JSON.stringify(host)} (hint: the service port should be specified, not the workload port. `
          + `Did you mean one of these ports: [${hint.join(' ')}]?)`);
        portsNotFound.add(port);
        unusable = true;
        continue;
      }
      const managed = MANAGED_LABEL in stringLabels(asObject(service.value.metadata)?.labels);
      if (!managed || !servicePorts.some((entry) => asNumber(entry.port) === port)) {
        warnings.push(`port ${port} not found for hostname ${JSON.stringify(host)}`);
        portsNotFound.add(port);
        unusable = true;
      }
    }
  }
  return {internal: [...internal].sort(), warnings: warnings.sort(), allUsable: !unusable, portsNotFound};
}

/**
 * The Service's endpoints by Service port: the pod ports (FindPort) of the pods its selector
 * picks; undefined when the run cannot tell (no selector, or no pod in an open world).
 */
function endpointPorts(ctx: AnalyzerContext, service: AnalysisResource): Map<number, Set<number>> | undefined {
  const spec = asObject(service.value.spec) ?? {};
  const selector = stringLabels(spec.selector);
  if (Object.keys(selector).length === 0) return undefined;
  const pods = ctx.cluster.workloadsMatching(selector, service.namespace);
  if (pods.length === 0 && !ctx.closedWorld) return undefined;
  const endpoints = new Map<number, Set<number>>();
  for (const entry of asArray(spec.ports).map((port) => asObject(port) ?? {}) as Obj[]) {
    const servicePort = asNumber(entry.port);
    if (servicePort === undefined) continue;
    const podPorts = new Set<number>();
    for (const pod of pods) {
      const podPort = findPort(pod.podSpec, entry);
      if (podPort !== undefined) podPorts.add(podPort);
    }
    endpoints.set(servicePort, podPorts);
  }
  return endpoints;
}

/** conversion.go humanReadableJoin. */
function humanReadableJoin(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}
