/**
 * Whether istiod 1.30 takes a ListenerSet (gateway-api v1.5.1 apis/v1 listenerset_types.go),
 * in the order of pilot/pkg/config/kube/gateway gateway_collection.go ListenerSetCollection:
 * 1. its parentRef (group gateway.networking.k8s.io and kind Gateway by default, namespace the
 *    ListenerSet's) names a Gateway that exists; otherwise istiod writes no status at all;
 * 2. that Gateway's class is istiod's (gatewayClasses.ts: FetchGatewayClass, the GatewayClass or
 *    one of the built-in class names this run's istiod serves; ClassInfos by its controllerName), else left alone;
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
import {classInfoOf} from './gatewayClasses';
import {GATEWAY_GROUP, knowsIn, lookup} from './routes';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

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
  const info = classInfoOf(ctx, className);
  if (!info) return undefined; // another controller's Gateway, or a class the run does not hold
  if (!info.supportsListenerSet) {
    return {accepted: false, refusal: 'class', condition: unsupportedMessage(className!),
      reason: `${gatewayName} is of GatewayClass ${JSON.stringify(className)} (controller ${info.controller}), which does not support ListenerSet`};
  }
  const refused = namespaceRefusal(ctx, listenerSet, gateway, gatewayName);
  if (refused === false) return undefined;
  return refused === undefined ? {accepted: true} : {accepted: false, refusal: 'namespace', reason: refused, condition: notAllowedMessage};
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
