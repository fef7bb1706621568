/**
 * Ambient mode as Istio 1.30.3 reads it from labels, shared by analysis and the simulator:
 * which data plane a workload runs (sidecar, ambient or none), which waypoint a Service or a
 * workload uses (`istio.io/use-waypoint`), and what traffic a waypoint accepts (`istio.io/waypoint-for`).
 */
import {labelSelectorMatches} from '../analysis/analyzers/injection/labelSelector';
import {ownValue} from './own';
import type {Labels} from './labels';
import {envBool} from '../go/strconv-bool';

export const DATAPLANE_MODE = 'istio.io/dataplane-mode';
export const USE_WAYPOINT = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
export const WAYPOINT_FOR = 'istio.io/waypoint-for';
export const WAYPOINT_CLASS = 'istio-waypoint';
/** label.GatewayManaged: the label istiod's deployment controller puts on what it generates. */
export const GATEWAY_MANAGED = 'gateway.istio.io/managed';
/** label.GatewayManaged's value on a waypoint's own Deployment and Service (constants.ManagedGatewayMeshControllerLabel). */
export const WAYPOINT_MANAGED = 'istio.io-mesh-controller';
/** The controller of the `istio-waypoint` class (constants.ManagedGatewayMeshController). */
export const MESH_CONTROLLER = 'istio.io/mesh-controller';

/** What a cluster shows of ambient mode being on, whoever reads it (the analyzers, the terminal's model). */
export interface AmbientEvidence {
  /** The literal `env` of istiod's containers, by name. */
  istiodEnv: ReadonlyMap<string, string>;
  /** istiod is in view with all of its settings: its env not setting a variable means the default. */
  istiodHeld: boolean;
  /**
   * Something only an ambient install makes: a ztunnel (the ambient profile's DaemonSet), a GatewayClass
   * of the mesh controller or an object istiod's mesh controller deployed (it runs only with ambient on).
   */
  ambientArtifacts: boolean;
}

/** Whether labels mark a ztunnel pod or an object a waypoint's deployment controller generated. */
export const isAmbientArtifact = (labels: Labels): boolean => ownValue(labels, 'app') === 'ztunnel' || ownValue(labels, GATEWAY_MANAGED) === WAYPOINT_MANAGED;

/**
 * Whether istiod runs with ambient on: features.EnableAmbient, PILOT_ENABLE_AMBIENT read by
 * env.Register as a bool (default false), which the ambient profile sets to "true"
 * (manifests/charts/istio-control/istio-discovery/files/profile-ambient.yaml) and every other
 * ambient feature needs (registerAmbient). istiod's own env decides when it sets the variable; else
 * what only an ambient install makes says it is on (a model may leave istiod's env out); else a held
 * istiod is at the default, off; otherwise undefined: the cluster cannot tell.
 */
export function ambientEnabled(evidence: AmbientEvidence): boolean | undefined {
  const flag = evidence.istiodEnv.get('PILOT_ENABLE_AMBIENT');
  if (flag !== undefined) return envBool(flag, false);
  if (evidence.ambientArtifacts) return true;
  return evidence.istiodHeld ? false : undefined;
}

export type DataplaneMode = 'sidecar' | 'ambient' | 'none';

/**
 * Whether a pod gets a sidecar, as util.inMesh reads it (pkg/config/analysis/analyzers/util/in_mesh.go):
 * the pod's `sidecar.istio.io/inject` label, then its annotation, decide alone when present ("true" or
 * not); otherwise the namespace's `istio-injection=enabled`, or a revision label (`istio.io/rev`),
 * which the injector's namespace selector also picks up unless `istio-injection` is set to another value.
 */
export function hasSidecar(namespaceLabels: Labels, podLabels: Labels, podAnnotations: Labels = {}): boolean {
  const podLabel = ownValue(podLabels, 'sidecar.istio.io/inject');
  if (podLabel !== undefined) return podLabel === 'true';
  const podAnnotation = ownValue(podAnnotations, 'sidecar.istio.io/inject');
  if (podAnnotation !== undefined) return podAnnotation === 'true';
  const injection = ownValue(namespaceLabels, 'istio-injection');
  if (injection !== undefined) return injection === 'enabled';
  return Boolean(ownValue(namespaceLabels, 'istio.io/rev'));
}

/**
 * A workload's data plane. A pod with a sidecar is never captured by ztunnel (istio-cni skips pods
 * annotated `sidecar.istio.io/status`, cni/pkg/util/podutil.go podHasSidecar), so sidecar wins; else
 * `istio.io/dataplane-mode` on the pod (`ambient`, or `none` to opt out), then on the namespace.
 */
export function dataplaneMode(namespaceLabels: Labels, podLabels: Labels, podAnnotations: Labels = {}): DataplaneMode {
  return dataplaneModeOf('its namespace', namespaceLabels, podLabels, podAnnotations).mode;
}

/** dataplaneMode with the label that decided it, in words (`namespace` names the namespace). */
export function dataplaneModeOf(namespace: string, namespaceLabels: Labels, podLabels: Labels, podAnnotations: Labels = {}): {mode: DataplaneMode; because: string} {
  if (hasSidecar(namespaceLabels, podLabels, podAnnotations)) {
    if (ownValue(podLabels, 'sidecar.istio.io/inject') === 'true') return {mode: 'sidecar', because: 'the pod has sidecar.istio.io/inject=true'};
    if (ownValue(podAnnotations, 'sidecar.istio.io/inject') === 'true') return {mode: 'sidecar', because: 'the pod is annotated sidecar.istio.io/inject=true'};
    const injection = ownValue(namespaceLabels, 'istio-injection');
    return {mode: 'sidecar', because: injection === 'enabled' ? `namespace ${namespace} has istio-injection=enabled` : `namespace ${namespace} has istio.io/rev=${ownValue(namespaceLabels, 'istio.io/rev')}`};
  }
  const pod = ownValue(podLabels, DATAPLANE_MODE);
  if (pod === 'ambient') return {mode: 'ambient', because: `the pod has ${DATAPLANE_MODE}=ambient`};
  if (pod === 'none') return {mode: 'none', because: `the pod has ${DATAPLANE_MODE}=none`};
  if (ownValue(namespaceLabels, DATAPLANE_MODE) === 'ambient') return {mode: 'ambient', because: `namespace ${namespace} has ${DATAPLANE_MODE}=ambient`};
  const optedOut = ownValue(podLabels, 'sidecar.istio.io/inject') ?? ownValue(podAnnotations, 'sidecar.istio.io/inject');
  return {mode: 'none', because: optedOut !== undefined ? `the pod has sidecar.istio.io/inject=${optedOut}` : `namespace ${namespace} enables neither injection nor ambient`};
}

export interface WaypointRef {
  name: string;
  namespace: string;
}

/**
 * getUseWaypoint (pilot/pkg/serviceregistry/ambient/waypoints.go): `istio.io/use-waypoint` names a
 * waypoint in `istio.io/use-waypoint-namespace`, else in `defaultNamespace`; the value `none` opts out.
 */
export function useWaypointOf(labels: Labels, defaultNamespace: string): WaypointRef | 'none' | undefined {
  const name = ownValue(labels, USE_WAYPOINT);
  if (name === undefined) return undefined;
  if (name === 'none') return 'none';
  return {name, namespace: ownValue(labels, USE_WAYPOINT_NAMESPACE) ?? defaultNamespace};
}

/** Where a use-waypoint binding came from: the object's own label, or its namespace's. */
export interface WaypointBinding {
  waypoint: WaypointRef;
  from: 'own' | 'namespace';
}

/**
 * fetchWaypointForTarget: the object's own label first (`none` opts out even of the namespace's),
 * then its namespace's label, read with the object's namespace as the default.
 */
export function waypointBindingOf(objectLabels: Labels, namespaceLabels: Labels | undefined, namespace: string): WaypointBinding | undefined {
  const own = useWaypointOf(objectLabels, namespace);
  if (own === 'none') return undefined;
  if (own) return {waypoint: own, from: 'own'};
  const inherited = namespaceLabels ? useWaypointOf(namespaceLabels, namespace) : undefined;
  return inherited && inherited !== 'none' ? {waypoint: inherited, from: 'namespace'} : undefined;
}

export type TrafficType = 'service' | 'workload' | 'all' | 'none' | string;

/**
 * gatewayToWaypointTransform: `service` unless the GatewayClass's labels, then the Gateway's own,
 * say otherwise through `istio.io/waypoint-for`.
 */
export function waypointTrafficType(gatewayLabels: Labels, classLabels: Labels | undefined): TrafficType {
  return ownValue(gatewayLabels, WAYPOINT_FOR) ?? (classLabels ? ownValue(classLabels, WAYPOINT_FOR) : undefined) ?? 'service';
}

/** fetchWaypointForService / fetchWaypointForWorkload: what a waypoint of a traffic type may be bound to. */
export function waypointServes(trafficType: TrafficType, target: 'service' | 'workload'): boolean {
  return trafficType === target || trafficType === 'all';
}

/** annotation.AmbientWaypointInboundBinding: how a waypoint takes inbound traffic (`PROTOCOL` or `PROTOCOL/PORT`). */
export const WAYPOINT_INBOUND_BINDING = 'ambient.istio.io/waypoint-inbound-binding';

export interface InboundBinding {
  protocol: 'NONE' | 'PROXY';
  /** strconv.ParseUint's result: 0 when absent or unparsable. */
  port: number;
}

/**
 * makeInboundBinding: the Gateway's annotation, else its GatewayClass's, as `NONE|PROXY[/PORT]`;
 * any other value is ignored (istiod logs a warning).
 */
export function inboundBindingOf(gatewayAnnotations: Labels, classAnnotations: Labels | undefined): InboundBinding | undefined {
  const value = ownValue(gatewayAnnotations, WAYPOINT_INBOUND_BINDING) ?? (classAnnotations ? ownValue(classAnnotations, WAYPOINT_INBOUND_BINDING) : undefined);
  if (value === undefined) return undefined;
  const parts = value.split('/');
  if (parts.length > 2 || (parts[0] !== 'NONE' && parts[0] !== 'PROXY')) return undefined;
  const port = parts[1] !== undefined && /^[0-9]+$/.test(parts[1]) && Number(parts[1]) <= 0xffffffff ? Number(parts[1]) : 0;
  return {protocol: parts[0], port};
}

/** constants.WaypointSandwichListenerProxyProtocol: the listener a PROXY binding without port is bound to. */
const PROXY_LISTENER_PROTOCOL = 'istio.io/PROXY';

/** The Gateway's listeners, as far as attachment reads them. */
interface WaypointListener {
  port?: unknown;
  protocol?: unknown;
  allowedRoutes?: {namespaces?: {from?: unknown; selector?: unknown}};
}

/**
 * makeAllowedRoutes (waypoints.go): the `allowedRoutes.namespaces` of the listener the inbound
 * binding names (by port, else the `istio.io/PROXY` listener of a PROXY binding), else of the HBONE
 * listener on 15008, else Same. A listener without `allowedRoutes.namespaces` admits its own namespace.
 */
export function waypointAllowedRoutes(listeners: readonly unknown[], binding: InboundBinding | undefined): {from: string; selector?: unknown} {
  const all = listeners.filter((l): l is WaypointListener => typeof l === 'object' && l !== null);
  const bound = binding === undefined ? undefined
    : binding.port !== 0 ? all.find((l) => l.port === binding.port)
      : binding.protocol === 'PROXY' ? all.find((l) => l.protocol === PROXY_LISTENER_PROTOCOL) : undefined;
  const listener = bound ?? all.find((l) => l.protocol === 'HBONE' && l.port === 15008);
  const namespaces = listener?.allowedRoutes?.namespaces;
  if (typeof namespaces !== 'object' || namespaces === null) return {from: 'Same'};
  return {from: typeof namespaces.from === 'string' ? namespaces.from : 'Same', selector: namespaces.selector};
}

/**
 * Waypoint.AllowsAttachmentFromNamespace: whether an object of `namespace` may use the waypoint
 * (fetchWaypointForTarget reports AttachmentDenied otherwise, and the object gets no waypoint).
 * All admits every namespace; Selector those whose labels its selector matches (a missing selector,
 * which LabelSelectorAsSelector reads as Nothing, none); Same, or anything else, its own. The API
 * server labels every namespace `kubernetes.io/metadata.name`.
 */
export function waypointAdmitsNamespace(gatewaySpec: unknown, gatewayNamespace: string, binding: InboundBinding | undefined, namespace: string, namespaceLabels: Labels | undefined): boolean {
  const spec = typeof gatewaySpec === 'object' && gatewaySpec !== null ? gatewaySpec as {listeners?: unknown} : {};
  const {from, selector} = waypointAllowedRoutes(Array.isArray(spec.listeners) ? spec.listeners : [], binding);
  if (from === 'All') return true;
  if (from === 'Selector') {
    if (selector === undefined || selector === null) return false;
    return labelSelectorMatches(selector, {...namespaceLabels, 'kubernetes.io/metadata.name': namespace});
  }
  return namespace === gatewayNamespace;
}
