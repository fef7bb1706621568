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
 * - a port with endpoints on a Service with no external address (status.loadBalancer.ingress, or
 *   spec.externalIPs: kube conversion.go ClusterExternalAddresses) that is of type LoadBalancer
 *   warns "address pending for hostname ..." once per hostname: AddressNotAssigned.
 * A managed Gateway (IsManaged) is served by the Service istiod's deployment controller generates,
 * `<name>-<class>` (the waypoint class: `<name>`): the one the run holds if it holds it; else, when
 * the whole cluster is the input, the one istiod will create (kube-gateway.yaml: the class's
 * DefaultServiceType, LoadBalancer for the gateway controller and ClusterIP for the waypoint's, or
 * the Gateway's networking.istio.io/service-type annotation, or a `service` overlay's spec.type),
 * with pods on every listener's port. A LoadBalancer there gets an address only if the cluster
 * assigns them: the run's LoadBalancer Services that show a status tell (one with an ingress
 * address: assigned; only pending ones: pending); none with a status, the run cannot tell.
 * What the run cannot tell leaves the status undecided: a managed Gateway without its Service in
 * an open world, a hostname outside cluster.local (a ServiceEntry's), a Service without a selector
 * (endpoints written by hand), pods the run does not hold in an open world, a LoadBalancer Service
 * written without a status (a manifest, not a cluster's read-back).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import {CLUSTER_DOMAIN} from '../../../model/hosts';
import {stringLabels} from '../../../model/labels';
import {findPort} from '../../../model/find-port';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {classInfoOf, MANAGED_LABEL} from './gatewayClasses';
import {overlayConfigMaps, overlayOf} from './gatewayProxies';
import {gatewayServices} from './gatewayServices';
import {knowsIn, lookup} from './routes';

const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';

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
  /** For a managed Gateway, the field that chose its Service's type (the annotation, else the class). */
  managedPath?: string;
  /** The first address whose Service is missing or in another namespace. */
  addressPath?: string;
}

/**
 * The False conditions for `gateway`'s Services asked for `ports` (`acceptedPrefix` before the
 * Accepted message: a ListenerSet's "Parent not accepted: "); undefined when both are True or the
 * run cannot tell.
 */
export function addressStatus(ctx: AnalyzerContext, gateway: AnalysisResource, controller: string, ports: readonly number[],
  acceptedPrefix = ''): AddressStatus | undefined {
  const services = gatewayServices(gateway, controller);
  const conditions: StatusCondition[] = [];
  if (services.error) conditions.push({type: 'Accepted', reason: services.error.reason, message: acceptedPrefix + services.error.message});
  if (services.hosts.length === 0) {
    conditions.push({type: 'Programmed', reason: 'UnsupportedAddress', message: 'Failed to assign to any requested addresses'});
    return {conditions, portsNotFound: new Set(), acceptedPath: services.error?.path};
  }
  const unique = [...new Set(ports)];
  const resolved = services.managed ? resolveManaged(ctx, gateway, services.hosts[0]!, unique) : resolveInstances(ctx, gateway.namespace, services.hosts, unique);
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
  const managedPath = !services.managed ? undefined
    : SERVICE_TYPE_ANNOTATION in stringLabels(asObject(gateway.value.metadata)?.annotations) ? at('/metadata/annotations', SERVICE_TYPE_ANNOTATION) : '/spec/gatewayClassName';
  const addressIndex = resolved.unusableHost === undefined ? -1 : services.hosts.indexOf(resolved.unusableHost);
  const addressPath = addressIndex < 0 ? undefined : at('/spec/addresses', services.addressIndexes?.[addressIndex] ?? addressIndex, 'value');
  return {conditions, portsNotFound, acceptedPath: services.error?.path, managedPath, addressPath};
}

/**
 * ResolveGatewayInstances for a managed Gateway's Service: the one the run holds, else, the whole
 * cluster being the input, the one istiod's deployment controller will create, whose pods serve
 * every listener's port; undefined when the run cannot tell.
 */
function resolveManaged(ctx: AnalyzerContext, gateway: AnalysisResource, host: string, ports: readonly number[]): Resolved | undefined {
  const name = host.slice(0, host.indexOf('.'));
  if (lookup(ctx, '', 'Service', gateway.namespace, name)) return resolveInstances(ctx, gateway.namespace, [host], ports);
  if (!ctx.closedWorld) return undefined;
  const type = deployedServiceType(ctx, gateway);
  if (type === undefined) return undefined;
  const internal = ports.map((port) => `${host}:${port}`).sort();
  const resolved: Resolved = {internal, warnings: [], allUsable: true, portsNotFound: new Set()};
  if (type !== 'LoadBalancer' || internal.length === 0) return resolved;
  const assigns = loadBalancersAssigned(ctx);
  if (assigns === undefined) return undefined;
  if (!assigns) resolved.warnings.push(pendingWarning(host));
  return resolved;
}

/** The type of the Service istiod deploys for a managed Gateway (kube-gateway.yaml `type`, then the `service` overlays); undefined when it deploys none or the run cannot tell. */
function deployedServiceType(ctx: AnalyzerContext, gateway: AnalysisResource): string | undefined {
  const className = asString(asObject(gateway.value.spec)?.gatewayClassName) ?? '';
  const info = classInfoOf(ctx, className);
  if (!info?.deploys || !info.serviceType) return undefined;
  const configMaps = overlayConfigMaps(ctx, gateway, className);
  if (configMaps === undefined) return undefined;
  let type: string = stringLabels(asObject(gateway.value.metadata)?.annotations)[SERVICE_TYPE_ANNOTATION] ?? info.serviceType;
  for (const map of configMaps) type = asString(asObject(overlayOf(map, 'service')?.spec)?.type) ?? type;
  return type;
}

const pendingWarning = (host: string) => `address pending for hostname ${JSON.stringify(host)}`;

/**
 * The Service's external addresses (kube conversion.go: a LoadBalancer's status.loadBalancer.ingress
 * IPs or hostnames, and spec.externalIPs); undefined for a LoadBalancer written without a status
 * and without externalIPs, whose address the run cannot tell.
 */
function externalAddresses(service: AnalysisResource): string[] | undefined {
  const spec = asObject(service.value.spec) ?? {};
  const external = asArray(spec.externalIPs).filter((ip): ip is string => typeof ip === 'string');
  if (spec.type !== 'LoadBalancer') return external;
  const status = asObject(service.value.status);
  const ingress = asArray(asObject(status?.loadBalancer)?.ingress).map((entry) => asObject(entry) ?? {})
    .map((entry) => asString(entry.ip) || asString(entry.hostname) || '').filter((address) => address !== '');
  if (!status && external.length === 0) return undefined;
  return [...ingress, ...external];
}

const assignedByRun = new WeakMap<AnalyzerContext, boolean | undefined>();

/**
 * Whether the cluster gives LoadBalancer Services an address, from those of its Services that
 * show a status: true if one has an ingress address, false if all are pending, undefined when none shows.
 */
function loadBalancersAssigned(ctx: AnalyzerContext): boolean | undefined {
  if (assignedByRun.has(ctx)) return assignedByRun.get(ctx);
  let verdict: boolean | undefined;
  for (const service of ctx.resources('', 'Service')) {
    if (asObject(service.value.spec)?.type !== 'LoadBalancer' || !asObject(service.value.status)) continue;
    const ingress = asArray(asObject(asObject(service.value.status)?.loadBalancer)?.ingress);
    verdict = verdict === true || ingress.length > 0;
  }
  assignedByRun.set(ctx, verdict);
  return verdict;
}

interface Resolved {
  internal: string[];
  warnings: string[];
  allUsable: boolean;
  /** The ports a "port not found" warning names. */
  portsNotFound: Set<number>;
  /** The first host whose Service is missing or in another namespace. */
  unusableHost?: string;
}

/** ResolveGatewayInstances over the Services the run holds; undefined when the run cannot tell. */
function resolveInstances(ctx: AnalyzerContext, namespace: string, hosts: readonly string[], ports: readonly number[]): Resolved | undefined {
  const internal = new Set<string>();
  const warnings: string[] = [];
  const portsNotFound = new Set<number>();
  const pending = new Set<string>();
  let unusable = false;
  let unusableHost: string | undefined;
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
      unusableHost ??= host;
      continue;
    }
    if (serviceNamespace !== namespace) {
      warnings.push(`hostname ${JSON.stringify(host)} not found in namespace ${JSON.stringify(namespace)}, but it was found in namespace(s) "${serviceNamespace}"`);
      unusable = true;
      unusableHost ??= host;
      continue;
    }
    const endpoints = endpointPorts(ctx, service);
    if (!endpoints) return undefined;
    const servicePorts = asArray(asObject(service.value.spec)?.ports).map((port) => asObject(port) ?? {});
    for (const port of ports) {
      if ((endpoints.get(port)?.size ?? 0) > 0) {
        internal.add(`${host}:${port}`);
        const external = externalAddresses(service);
        if (external === undefined) return undefined;
        if (external.length === 0 && asObject(service.value.spec)?.type === 'LoadBalancer' && !pending.has(host)) {
          warnings.push(pendingWarning(host));
          pending.add(host);
        }
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
  return {internal: [...internal].sort(), warnings: warnings.sort(), allUsable: !unusable, portsNotFound, unusableHost};
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
