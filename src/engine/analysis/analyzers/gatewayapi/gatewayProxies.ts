/**
 * The proxies a Gateway API Gateway configures, and the port they listen on for each listener,
 * as istiod 1.30.3 decides them (pilot/pkg/config/kube/gatewaycommon):
 *
 * - Only a class of istiod's gateway controller (istio.io/gateway-controller: the `istio` class or
 *   any GatewayClass naming it) programs gateway proxies that an Istio Gateway can share.
 *   classinfo.go: `istio-remote` (istio.io/unmanaged-gateway) has DisableRouteGeneration, so
 *   istiod writes no configuration for it; `istio-waypoint` (istio.io/mesh-controller) runs the
 *   waypoint template, whose pods run `proxy waypoint` and are built by listener_waypoint.go,
 *   never merged with Istio Gateways (push_context.go mergeGateways serves router proxies).
 *   `istio-east-west` (istio.io/eastwest-controller) and `istio-agentgateway`
 *   (istio.io/agentgateway-controller) exist only behind AMBIENT_ENABLE_MULTI_NETWORK and
 *   PILOT_ENABLE_AGENTGATEWAY, both off by default (features/ambient.go, experimental.go); even
 *   then the first runs the waypoint template and the second the agentgateway binary
 *   (files/agentgateway.yaml), so neither is modelled as proxies an Istio Gateway shares.
 * - Deployed manually (spec.addresses of type Hostname, extractGatewayServices): the pods behind
 *   the named Services. Deployed automatically (IsManaged): the pods of the kube-gateway
 *   template, whose labels deploymentcontroller.go configureIstioGateway and setLabelOverrides
 *   decide, with the `deployment` overlays of render: first the oldest ConfigMap of the system
 *   namespace labelled gateway.istio.io/defaults-for-class=<class>, then the ConfigMap the
 *   Gateway's spec.infrastructure.parametersRef names (a missing one: nothing is deployed).
 * - Ports: a listener binds the port its Service maps it to (model/gateway.go resolvePorts,
 *   the Service referenced directly). The kube-gateway template's Service sets no targetPort
 *   (extractServicePorts), and its pods may bind ports under 1024 (the template's
 *   net.ipv4.ip_unprivileged_port_start sysctl is 0), so there a listener binds its own port.
 *   An Istio Gateway's server port is read by legacy selection: the first Service of the pod
 *   with that port gives its targetPort, else the number itself. A named targetPort is the pod's
 *   container port of that name (the endpoint's port, kubernetes FindPort); a pod that declares
 *   none is no endpoint of that Service port, so the Service gives it no target there.
 */
import {asArray, asNumber, asObject, asString} from '../../../istio/access';
import type {Workload} from '../../../model/cluster';
import {CLUSTER_DOMAIN} from '../../../model/hosts';
import {labelsInclude, stringLabels, type Labels} from '../../../model/labels';
import {findPort} from '../../../model/find-port';
import type {AnalysisResource} from '../../../model/resource';
import {parseYaml} from '../../../yaml/index';
import type {AnalyzerContext} from '../../analyzer';
import {gatewayServices} from './gatewayServices';
import {controllerOf, GATEWAY_CONTROLLER} from './gatewayClasses';
import {listenerSetAdmission} from './listenerSetAdmission';
import {GATEWAY_GROUP, lookup} from './routes';

/** pkg/config/constants: the label the gateway controller's template stamps. */
const GATEWAY_CONTROLLER_LABEL = 'istio.io-gateway-controller';
/** gatewaycommon gateway_utils.go GatewayClassDefaults; istiod's system namespace at install defaults. */
const CLASS_DEFAULTS_LABEL = 'gateway.istio.io/defaults-for-class';
const SYSTEM_NAMESPACE = 'istio-system';

export type ApiGatewayProxies =
  | {service: AnalysisResource; selector: Labels; pods: readonly Workload[]}
  | {deployment: string; namespace: string; labels: Labels; listenerPorts: ReadonlySet<number>};

/** The proxies of a Gateway API Gateway that Istio Gateways may also configure (undefined when none can be told). */
export function proxiesOf(ctx: AnalyzerContext, gateway: AnalysisResource): ApiGatewayProxies[] | undefined {
  const className = asString(asObject(gateway.value.spec)?.gatewayClassName);
  if (!className || controllerOf(ctx, className) !== GATEWAY_CONTROLLER) return undefined;
  const services = manualServices(ctx, gateway);
  if (services === undefined) {
    const deployed = deployedProxies(ctx, gateway, className);
    return deployed ? [deployed] : undefined;
  }
  return services.map((service) => {
    const selector = stringLabels(asObject(service.value.spec)?.selector);
    // A Service without a selector has no pods of its own (its endpoints are written by hand): none here.
    const pods = Object.keys(selector).length === 0 ? [] : ctx.cluster.workloadsMatching(selector, service.namespace);
    return {service, selector, pods};
  });
}

/** The Services a manually deployed Gateway names (extractGatewayServices); undefined when it is deployed automatically (IsManaged). */
function manualServices(ctx: AnalyzerContext, gateway: AnalysisResource): AnalysisResource[] | undefined {
  const {managed, hosts} = gatewayServices(gateway, GATEWAY_CONTROLLER);
  if (managed) return undefined;
  const services: AnalysisResource[] = [];
  for (const host of hosts) {
    if (!host.endsWith(`.${CLUSTER_DOMAIN}`)) continue;
    const [name, namespace] = host.slice(0, -CLUSTER_DOMAIN.length - 1).split('.');
    const service = name && namespace ? lookup(ctx, '', 'Service', namespace, name) : undefined;
    if (service) services.push(service);
  }
  return services;
}

/** The Deployment istiod renders from the kube-gateway template for a Gateway of its gateway controller, with its pods' labels. */
function deployedProxies(ctx: AnalyzerContext, gateway: AnalysisResource, className: string): ApiGatewayProxies | undefined {
  const spec = asObject(gateway.value.spec) ?? {};
  const metadata = asObject(gateway.value.metadata) ?? {};
  const overlays = overlayLabels(ctx, gateway, className);
  if (overlays === undefined) return undefined;
  const annotations = stringLabels(metadata.annotations);
  // configureIstioGateway: DeploymentName from gateway.istio.io/name-override, else GetDefaultName (<name>-<class>).
  const deployment = annotations['gateway.istio.io/name-override'] || `${gateway.name}-${className}`;
  const infrastructure = asObject(spec.infrastructure)?.labels;
  // extractInfrastructureMetadata: spec.infrastructure.labels without the gateway.networking.k8s.io/ prefix, else the Gateway's own labels.
  const infra = infrastructure !== undefined && infrastructure !== null
    ? Object.fromEntries(Object.entries(stringLabels(infrastructure)).filter(([key]) => !key.startsWith('gateway.networking.k8s.io/')))
    : stringLabels(metadata.labels);
  // setLabelOverrides: with no ambient redirection label set, none, except for a class named like a waypoint or east-west gateway.
  const exempt = className.includes('waypoint') || className.includes('east-west');
  if (!exempt && !('istio.io/dataplane-mode' in infra) && !('istio.io/dataplane-mode' in stringLabels(metadata.labels))) infra['istio.io/dataplane-mode'] = 'none';
  const labels = {
    'sidecar.istio.io/inject': 'false',
    'service.istio.io/canonical-name': deployment,
    'service.istio.io/canonical-revision': 'latest',
    ...infra,
    'gateway.networking.k8s.io/gateway-name': gateway.name,
    'gateway.networking.k8s.io/gateway-class-name': className,
    'gateway.istio.io/managed': GATEWAY_CONTROLLER_LABEL,
    ...overlays,
  };
  // extractServicePorts: the Gateway's listeners, then those of the ListenerSets it accepts
  const listeners = [...asArray(spec.listeners), ...acceptedListenerSets(ctx, gateway).flatMap((set) => asArray(asObject(set.value.spec)?.listeners))];
  const listenerPorts = new Set(listeners.map((listener) => asNumber(asObject(listener)?.port)).filter((port): port is number => port !== undefined));
  return {deployment: `Deployment ${gateway.namespace}/${deployment}`, namespace: gateway.namespace, labels, listenerPorts};
}

const listenerSetsByParent = new WeakMap<AnalyzerContext, Map<string, AnalysisResource[]>>();

/**
 * The ListenerSets attached to the Gateway that it accepts, in input order (configureIstioGateway:
 * NamespaceAcceptedByAllowListeners); the ListenerSets are grouped by parent once per run.
 */
export function acceptedListenerSets(ctx: AnalyzerContext, gateway: AnalysisResource): AnalysisResource[] {
  let byParent = listenerSetsByParent.get(ctx);
  if (!byParent) {
    listenerSetsByParent.set(ctx, (byParent = new Map()));
    for (const set of ctx.resources(GATEWAY_GROUP, 'ListenerSet')) {
      const parentRef = asObject(asObject(set.value.spec)?.parentRef) ?? {};
      const key = `${asString(parentRef.namespace) || set.namespace}/${asString(parentRef.name)}`;
      const sets = byParent.get(key);
      if (sets) sets.push(set);
      else byParent.set(key, [set]);
    }
  }
  return (byParent.get(`${gateway.namespace}/${gateway.name}`) ?? []).filter((set) => listenerSetAdmission(ctx, set)?.accepted === true);
}

/**
 * The ConfigMaps whose overlays render applies to what istiod deploys for the Gateway, in order:
 * the oldest class defaults of the system namespace, then the parametersRef's; undefined when
 * istiod renders nothing (parametersRef to a missing ConfigMap, or to another kind:
 * fetchParameters) or the run cannot tell whether the ConfigMap exists.
 */
export function overlayConfigMaps(ctx: AnalyzerContext, gateway: AnalysisResource, className: string): AnalysisResource[] | undefined {
  const configMaps: AnalysisResource[] = [];
  const defaults = ctx.resources('', 'ConfigMap')
    .filter((map) => map.namespace === SYSTEM_NAMESPACE && stringLabels(asObject(map.value.metadata)?.labels)[CLASS_DEFAULTS_LABEL] === className);
  const oldest = oldestOf(defaults);
  if (oldest) configMaps.push(oldest);
  const parametersRef = asObject(asObject(asObject(gateway.value.spec)?.infrastructure)?.parametersRef);
  if (parametersRef) {
    if ((asString(parametersRef.group) ?? '') !== '' || asString(parametersRef.kind) !== 'ConfigMap') return undefined;
    const params = lookup(ctx, '', 'ConfigMap', gateway.namespace, asString(parametersRef.name) ?? '');
    if (!params) return undefined;
    configMaps.push(params);
  }
  return configMaps;
}

/** The first document of the overlay a ConfigMap holds for one kind of deployed object (its `deployment`, `service`… key). */
export function overlayOf(configMap: AnalysisResource, key: string): Record<string, unknown> | undefined {
  const overlay = asString(asObject(configMap.value.data)?.[key]);
  return overlay ? asObject(parseYaml(overlay).documents[0]?.value) : undefined;
}

/** The pod labels the `deployment` overlays add (render's templateOverlays, merged in order); undefined when istiod renders nothing or the run cannot tell. */
function overlayLabels(ctx: AnalyzerContext, gateway: AnalysisResource, className: string): Labels | undefined {
  const configMaps = overlayConfigMaps(ctx, gateway, className);
  if (configMaps === undefined) return undefined;
  const labels: Labels = {};
  for (const map of configMaps) {
    const deployment = overlayOf(map, 'deployment');
    Object.assign(labels, stringLabels(asObject(asObject(asObject(deployment?.spec)?.template)?.metadata)?.labels));
  }
  return labels;
}

/** controllers.OldestObject: the earliest creationTimestamp, then the name. */
function oldestOf(maps: readonly AnalysisResource[]): AnalysisResource | undefined {
  const created = (map: AnalysisResource) => asString(asObject(map.value.metadata)?.creationTimestamp) ?? '';
  return [...maps].sort((a, b) => created(a).localeCompare(created(b)) || a.name.localeCompare(b.name))[0];
}

/**
 * A Service port's target on a pod: its targetPort, the port itself when unset, a named one
 * resolved on the pod's containers (FindPort; undefined when the pod declares none, or when no pod
 * is known).
 */
function targetOf(port: Record<string, unknown>, pod: Workload | undefined): number | undefined {
  const target = port.targetPort;
  if (typeof target === 'string' && /^\d+$/.test(target)) return Number(target);
  if (typeof target === 'string' && !pod) return undefined;
  return findPort(pod?.podSpec, port);
}

const servicePorts = (service: AnalysisResource) => asArray(asObject(service.value.spec)?.ports).map((port) => asObject(port) ?? {});

/**
 * The port `pod` of the proxies binds for a listener on `port` (resolvePorts, the Service
 * referenced directly); undefined when it binds none or the run cannot tell (a named targetPort
 * and no pod).
 */
export function listenerBindPort(proxy: ApiGatewayProxies, port: number, pod?: Workload): number | undefined {
  if ('deployment' in proxy) return port;
  const entry = servicePorts(proxy.service).find((candidate) => asNumber(candidate.port) === port);
  return entry && targetOf(entry, pod);
}

/**
 * The port proxies bind for an Istio Gateway server on `number` (resolvePorts, legacy selection):
 * the first Service of theirs exposing that port to the pod gives its targetPort, else the number
 * itself. `labels` are the pods' labels, `pod` the pod when the run holds it; undefined when a
 * named targetPort leaves it open (no pod to resolve it on).
 */
export function serverBindPort(ctx: AnalyzerContext, proxy: ApiGatewayProxies, labels: Labels, namespace: string, number: number, pod?: Workload): number | undefined {
  // The generated Service of an automatically deployed Gateway maps each listener port to itself.
  if ('deployment' in proxy && proxy.listenerPorts.has(number)) return number;
  for (const service of ctx.resources('', 'Service')) {
    if (service.namespace !== namespace) continue;
    const selector = stringLabels(asObject(service.value.spec)?.selector);
    if (Object.keys(selector).length === 0 || !labelsInclude(labels, selector)) continue;
    const entry = servicePorts(service).find((candidate) => asNumber(candidate.port) === number);
    if (!entry) continue;
    const target = targetOf(entry, pod);
    // a named targetPort the pod does not declare: the pod is no endpoint there (no ServiceTarget)
    if (target !== undefined) return target;
    if (!pod) return undefined;
  }
  return number;
}
