/**
 * Whether istiod 1.30 takes a ListenerSet (gateway-api v1.5.1 apis/v1 listenerset_types.go),
 * in the order of pilot/pkg/config/kube/gateway gateway_collection.go ListenerSetCollection:
 * 1. its parentRef (group gateway.networking.k8s.io and kind Gateway by default, namespace the
 *    ListenerSet's) names a Gateway that exists; otherwise istiod writes no status at all;
 * 2. that Gateway's class is istiod's (gatewaycommon FetchGatewayClass: the GatewayClass, or
 *    one of the built-in class names; ClassInfos by its controllerName), else left alone;
 * 3. the class supports ListenerSet (classinfo.go SupportsListenerSet: the gateway controller
 *    yes, the waypoint and remote controllers no): otherwise conversion.go
 *    reportUnsupportedListenerSet;
 * 4. the Gateway's `allowedListeners` admits the ListenerSet's namespace (gatewaycommon
 *    NamespaceAcceptedByAllowListeners: None by default, Same, All, or a selector over the
 *    namespace's labels): otherwise reportNotAllowedListenerSet.
 * A refused ListenerSet holds no listener: Accepted and Programmed are False, reason NotAllowed.
 */
import {asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {AnalyzerContext} from '../../analyzer';
import {labelSelectorMatches} from '../injection/labelSelector';
import {GATEWAY_GROUP, knowsIn, lookup} from './routes';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** pkg/config/constants ManagedGatewayController and ManagedGatewayMeshController (the waypoint class's). */
export const GATEWAY_CONTROLLER = 'istio.io/gateway-controller';
export const MESH_CONTROLLER = 'istio.io/mesh-controller';

/**
 * classinfo.go GetClassInfos with istiod's default features (PILOT_MULTI_NETWORK_DISCOVER_GATEWAY_API
 * and PILOT_ENABLE_AMBIENT_WAYPOINTS on; agentgateway and ambient multi-network off): controller
 * name to SupportsListenerSet.
 */
const SUPPORTS_LISTENER_SET = new Map<string, boolean>([
  [GATEWAY_CONTROLLER, true],
  ['istio.io/unmanaged-gateway', false],
  [MESH_CONTROLLER, false],
]);

/** classinfo.go GetBuiltinGatewayClasses: class names istiod serves without a GatewayClass object. */
const BUILTIN_CLASSES = new Map<string, string>([
  ['istio', GATEWAY_CONTROLLER],
  ['istio-remote', 'istio.io/unmanaged-gateway'],
  ['istio-waypoint', MESH_CONTROLLER],
]);

/** How istiod words a refusal on the ListenerSet's conditions (conversion.go). */
export const notAllowedMessage = "The parent Gateway does not allow this reference; check the 'spec.allowedRoutes'";
export const unsupportedMessage = (className: string) => `The ${JSON.stringify(className)} GatewayClass does not support ListenerSet`;

export type ListenerSetAdmission =
  | {accepted: true}
  /** istiod sets Accepted=False and Programmed=False, reason NotAllowed, with `condition` as message. */
  | {accepted: false; refusal: 'class' | 'namespace'; reason: string; condition: string}
  /** No Gateway by that name: istiod writes no status, and the ListenerSet serves nothing. */
  | {accepted: false; refusal: 'gateway'; reason: string};

const decisions = new WeakMap<AnalysisResource, ListenerSetAdmission | undefined>();

/** The decision for a ListenerSet, once per run; undefined when it is not istiod's or the run cannot tell. */
export function listenerSetAdmission(ctx: AnalyzerContext, listenerSet: AnalysisResource): ListenerSetAdmission | undefined {
  if (decisions.has(listenerSet)) return decisions.get(listenerSet);
  const decision = decide(ctx, listenerSet);
  decisions.set(listenerSet, decision);
  return decision;
}

function decide(ctx: AnalyzerContext, listenerSet: AnalysisResource): ListenerSetAdmission | undefined {
  const parentRef = asObject(asObject(listenerSet.value.spec)?.parentRef);
  const name = asString(parentRef?.name);
  if (!parentRef || !name) return undefined;
  if ((asString(parentRef.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (asString(parentRef.kind) ?? 'Gateway') !== 'Gateway') return undefined;
  const namespace = asString(parentRef.namespace) || listenerSet.namespace;
  const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', namespace, name);
  const gatewayName = `Gateway ${namespace}/${name}`;
  if (!gateway) {
    return knowsIn(ctx, GATEWAY_GROUP, 'Gateway', namespace)
      ? {accepted: false, refusal: 'gateway', reason: `its parentRef names ${gatewayName}, which does not exist`} : undefined;
  }
  const className = asString(asObject(gateway.value.spec)?.gatewayClassName);
  const controller = className === undefined ? undefined : controllerOf(ctx, className);
  const supports = controller === undefined ? undefined : SUPPORTS_LISTENER_SET.get(controller);
  if (supports === undefined) return undefined; // another controller's Gateway, or a class the run does not hold
  if (!supports) {
    return {accepted: false, refusal: 'class', condition: unsupportedMessage(className!),
      reason: `${gatewayName} is of GatewayClass ${JSON.stringify(className)} (controller ${controller}), which does not support ListenerSet`};
  }
  const refused = namespaceRefusal(ctx, listenerSet, gateway, gatewayName);
  if (refused === false) return undefined;
  return refused === undefined ? {accepted: true} : {accepted: false, refusal: 'namespace', reason: refused, condition: notAllowedMessage};
}

/**
 * The class controller of a Gateway istiod builds listeners for and writes a status on
 * (GatewayCollection: ClassInfos without DisableRouteGeneration): its gateway and mesh (waypoint)
 * controllers; undefined for any other.
 */
export function listenerController(ctx: AnalyzerContext, gateway: AnalysisResource): string | undefined {
  const className = asString(asObject(gateway.value.spec)?.gatewayClassName);
  const controller = className === undefined ? undefined : controllerOf(ctx, className);
  return controller === GATEWAY_CONTROLLER || controller === MESH_CONTROLLER ? controller : undefined;
}

/** gatewayclass_collection.go FetchGatewayClass: the GatewayClass object first, then the built-in names. */
export function controllerOf(ctx: AnalyzerContext, className: string): string | undefined {
  const gatewayClass = ctx.resources(GATEWAY_GROUP, 'GatewayClass').find((candidate) => candidate.name === className);
  if (gatewayClass) return asString(asObject(gatewayClass.value.spec)?.controllerName);
  return BUILTIN_CLASSES.get(className);
}

/** Why the Gateway's allowedListeners refuses the ListenerSet's namespace; undefined when it admits it, false when the run cannot tell. */
function namespaceRefusal(ctx: AnalyzerContext, listenerSet: AnalysisResource, gateway: AnalysisResource, gatewayName: string): string | false | undefined {
  const allowed = asObject(asObject(asObject(gateway.value.spec)?.allowedListeners)?.namespaces);
  const from = asString(allowed?.from) ?? 'None';
  switch (from) {
    case 'All':
      return undefined;
    case 'Same':
      return listenerSet.namespace === gateway.namespace ? undefined
        : `${gatewayName} admits ListenerSets from its own namespace only (allowedListeners.namespaces.from: Same)`;
    case 'Selector': {
      const selector = allowed?.selector;
      if (selector === undefined || selector === null) return `${gatewayName} sets allowedListeners.namespaces.from: Selector without a selector`;
      const labels = ctx.cluster.namespaces.get(listenerSet.namespace);
      if (!labels && !ctx.closedWorld) return false;
      // In a closed world a namespace the run does not hold is one istiod cannot find: not admitted.
      if (labels && labelSelectorMatches(selector, {...labels, [NAMESPACE_NAME_LABEL]: listenerSet.namespace})) return undefined;
      return `${gatewayName}'s allowedListeners.namespaces.selector does not select namespace ${JSON.stringify(listenerSet.namespace)}`;
    }
    default:
      return `${gatewayName} admits no ListenerSet (allowedListeners.namespaces.from: ${from === 'None' && !allowed ? 'None, the default' : from})`;
  }
}
