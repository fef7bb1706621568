/**
 * The protocol Linkerd 2.20's policy controller gives a Service port (policy-controller
 * k8s/index/src/outbound/index.rs, the Service's apply): the port's `appProtocol` when it has one
 * (it wins over the opaque ports), else opaque when the port is in the Service's
 * `config.linkerd.io/opaque-ports`, else none (to_proto then picks by the routes attached).
 *
 * The annotation the controller reads is the one the proxy injector left on the Service (its
 * webhook mutates Services too, pkg/inject/inject.go CreateOpaquePortsPatch): the Service's own,
 * else its namespace's copied as written, else the chart's default opaque ports that the Service
 * exposes (a port without targetPort in the list, or a numeric targetPort in it; a named targetPort
 * never). When the injector writes nothing, the controller falls back to the default list itself
 * (`default_opaque_ports`), on the Service's port numbers; likewise for a list it cannot parse.
 */
import {asArray, asNumber, asObject, asString} from '../../engine/istio/access';
import {stringLabels} from '../../engine/model/labels';
import {linkerdAppProtocol, linkerdPortSet, type LinkerdAppProtocol} from '../../engine/model/linkerd-ports';
import type {World, WorldResource} from '../world';
import {DEFAULT_CLUSTER_INFO, type ClusterInfo} from './cluster-info';

export const OPAQUE_PORTS_ANNOTATION = 'config.linkerd.io/opaque-ports';

export interface LinkerdPortProtocol {
  /** undefined: the port declares nothing, and the routes decide. */
  protocol?: LinkerdAppProtocol;
  /** Why, for the trace. */
  because: string;
}

const formatPorts = (ports: ReadonlySet<number>): string => [...ports].sort((a, b) => a - b).join(',');

/** What the proxy injector writes on a Service that has no opaque-ports annotation, nor its namespace: the default ports it exposes. */
function injectedDefaultPorts(service: WorldResource, defaults: ReadonlySet<number>): Set<number> {
  const ports = new Set<number>();
  for (const entry of asArray(service.spec.ports).map((p) => asObject(p) ?? {})) {
    const port = asNumber(entry.port);
    if (port === undefined) continue;
    const target = entry.targetPort;
    if (target === undefined || target === 0 ? defaults.has(port) : typeof target === 'number' && defaults.has(target)) ports.add(port);
  }
  return ports;
}

/** The opaque ports the controller reads for the Service, and where they come from. */
function opaquePorts(world: World, service: WorldResource, cluster: ClusterInfo): {ports: ReadonlySet<number>; from: string} {
  const defaults = {ports: cluster.defaultOpaquePorts, from: `the chart's default opaque ports (${formatPorts(cluster.defaultOpaquePorts)})`};
  const own = stringLabels(asObject(service.metadata.annotations))[OPAQUE_PORTS_ANNOTATION];
  const namespace = world.ofKind('', 'Namespace').find((n) => n.name === service.namespace);
  const inherited = namespace ? stringLabels(asObject(namespace.metadata.annotations))[OPAQUE_PORTS_ANNOTATION] : undefined;
  const written = own !== undefined ? {text: own, from: `Service ${service.name}'s ${OPAQUE_PORTS_ANNOTATION} (${own})`}
    : inherited !== undefined ? {text: inherited, from: `namespace ${service.namespace}'s ${OPAQUE_PORTS_ANNOTATION} (${inherited}), which the proxy injector copies onto the Service`}
      : undefined;
  if (written) {
    const ports = linkerdPortSet(written.text);
    return ports ? {ports, from: written.from} : {ports: defaults.ports, from: `${defaults.from}: the controller ignores ${written.from}, which is not a port list`};
  }
  const injected = injectedDefaultPorts(service, cluster.defaultOpaquePorts);
  return injected.size > 0 ? {ports: injected, from: `the ${OPAQUE_PORTS_ANNOTATION} (${formatPorts(injected)}) the proxy injector writes on the Service from the chart's default opaque ports`} : defaults;
}

export function linkerdPortProtocol(world: World, service: WorldResource, port: number, cluster: ClusterInfo = DEFAULT_CLUSTER_INFO): LinkerdPortProtocol {
  const servicePort = asArray(service.spec.ports).map((p) => asObject(p) ?? {}).find((p) => p.port === port);
  const declared = asString(servicePort?.appProtocol);
  if (declared !== undefined) return {protocol: linkerdAppProtocol(declared), because: `appProtocol ${declared}`};
  const opaque = opaquePorts(world, service, cluster);
  return opaque.ports.has(port) ? {protocol: 'opaque', because: `port ${port} is opaque by ${opaque.from}`} : {because: `port ${port} declares no appProtocol and is not opaque`};
}
