/**
 * The Accepted and Programmed conditions istiod 1.30.3 writes on a Gateway, and on a ListenerSet
 * its Gateway took, from the Gateway's Services (pilot/pkg/config/kube/gateway conversion.go
 * reportGatewayStatus, reportListenerSetStatus and setProgrammedCondition, gatewaycommon/context.go
 * ResolveGatewayInstances):
 * - Accepted False with extractGatewayServices' soft or hard failure (gatewayServices.ts); on a
 *   ListenerSet, "Parent not accepted: ...". With no Service left, Programmed is False, "Failed to
 *   assign to any requested addresses" (UnsupportedAddress).
 * - each Service, in the Gateway's namespace, asked for the ports of the servers: the Gateway's own
 *   listeners and its accepted ListenerSets' entries (GatewayCollection), a ListenerSet's own entries
 *   (ListenerSetCollection). A port with endpoints assigns "<host>:<port>"; otherwise a warning: the
 *   hostname not found (or found in other namespaces), no instances at all, the port not found
 *   (with a hint when it is a pod port some Service port sends to), except on a managed Service
 *   that has the port (endpoints not synced yet). Warnings make Programmed False: AddressNotUsable
 *   when one says a hostname or port is not found, else AddressNotAssigned.
 * What the run cannot tell leaves the status undecided: a managed Gateway (its Service and pods are
 * istiod's deployment controller's to write, with every listener's port, whatever the run holds), a
 * hostname outside cluster.local (a ServiceEntry's), a Service without a selector (endpoints written
 * by hand), pods the run does not hold in an open world. A LoadBalancer Service's "address pending"
 * is not modelled: manifests carry no status.
 */
import {asArray, asNumber, asObject, type Obj} from '../../../istio/access';
import {CLUSTER_DOMAIN} from '../../../model/hosts';
import {stringLabels} from '../../../model/labels';
import {findPort} from '../../../model/find-port';
import type {AnalysisResource} from '../../../model/resource';
import type {AnalyzerContext} from '../../analyzer';
import {gatewayServices} from './gatewayServices';
import {knowsIn, lookup} from './routes';

/** gateway.istio.io/managed: the label istiod puts on the Services it generates. */
const MANAGED_LABEL = 'gateway.istio.io/managed';

export interface StatusCondition {
  type: 'Accepted' | 'Programmed';
  reason: string;
  message: string;
}

export interface AddressStatus {
  /** The conditions istiod sets to False, Accepted first. */
  conditions: StatusCondition[];
  /** The ports a "port not found" warning names. */
  portsNotFound: ReadonlySet<number>;
  /** The Gateway's field that makes it not Accepted (an address or annotation), if any. */
  acceptedPath?: string;
}

/**
 * The False conditions for `gateway`'s Services asked for `ports` (`acceptedPrefix` before the
 * Accepted message: a ListenerSet's "Parent not accepted: "); undefined when both are True or the
 * run cannot tell.
 */
export function addressStatus(ctx: AnalyzerContext, gateway: AnalysisResource, controller: string, ports: readonly number[],
  acceptedPrefix = ''): AddressStatus | undefined {
  const services = gatewayServices(gateway, controller);
  if (services.managed) return undefined;
  const conditions: StatusCondition[] = [];
  if (services.error) conditions.push({type: 'Accepted', reason: services.error.reason, message: acceptedPrefix + services.error.message});
  if (services.hosts.length === 0) {
    conditions.push({type: 'Programmed', reason: 'UnsupportedAddress', message: 'Failed to assign to any requested addresses'});
    return {conditions, portsNotFound: new Set(), acceptedPath: services.error?.path};
  }
  const resolved = resolveInstances(ctx, gateway.namespace, services.hosts, [...new Set(ports)]);
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
  return conditions.length === 0 ? undefined : {conditions, portsNotFound, acceptedPath: services.error?.path};
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
