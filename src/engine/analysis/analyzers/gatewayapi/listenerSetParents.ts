/**
 * Routes whose parentRef is a ListenerSet (gateway-api v1.5.1 apis/v1 listenerset_types.go,
 * standard channel), resolved as istiod 1.30 resolves them (pilot/pkg/config/kube/gateway
 * gateway_collection.go ListenerSetCollection):
 * - the ListenerSet must exist (as a Gateway parent must: GatewayApiParentNotFound);
 * - its parentRef (group gateway.networking.k8s.io and kind Gateway by default, namespace the
 *   ListenerSet's) must name a Gateway that exists and whose `allowedListeners` admits the
 *   ListenerSet's namespace (gatewaycommon NamespaceAcceptedByAllowListeners: None by default,
 *   Same, All, or a selector over the namespace's labels); otherwise the ListenerSet holds no
 *   listener and the route attaches to nothing (ListenerSetReasonNotAllowed);
 * - then its listeners judge the route as a Gateway's do (parentRefs.ts checkListeners:
 *   NoMatchingParent, NoMatchingListenerHostname, NotAllowedByListeners), `Same` meaning the
 *   ListenerSet's namespace.
 * A ListenerSet whose parentRef is another kind is some other controller's: left alone, as istiod leaves it.
 */
import {asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {labelSelectorMatches} from '../injection/labelSelector';
import {checkExists, checkListeners} from './parentRefs';
import {GATEWAY_GROUP, knowsIn, lookup, parentRefsOf, ref, ROUTE_INPUTS, routesOf, type ParentRef} from './routes';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const listenerSetParentAnalyzer: Analyzer = {
  name: 'gatewayapi.ListenerSetParentAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'ListenerSet'), ref(GATEWAY_GROUP, 'Gateway'), ref('', 'Namespace')],
  analyze(ctx) {
    for (const route of routesOf(ctx)) {
      for (const parent of parentRefsOf(route)) {
        if (parent.group !== GATEWAY_GROUP || parent.kind !== 'ListenerSet') continue;
        const listenerSet = lookup(ctx, GATEWAY_GROUP, 'ListenerSet', parent.namespace, parent.name);
        if (!listenerSet) {
          checkExists(ctx, route, parent, GATEWAY_GROUP, 'ListenerSet');
          continue;
        }
        const refusal = refusalOf(ctx, listenerSet);
        if (refusal === undefined) checkListeners(ctx, route, parent, listenerSet);
        else if (refusal) report(ctx, route, parent, listenerSet, refusal);
      }
    }
  },
};

function report(ctx: AnalyzerContext, route: AnalysisResource, parent: ParentRef, listenerSet: AnalysisResource, reason: string): void {
  ctx.report(route, 'GatewayApiListenerSetNotAccepted', [`${listenerSet.namespace}/${listenerSet.name}`, reason], {path: at(parent.path, 'name')});
}

const refusals = new WeakMap<AnalysisResource, string | false | undefined>();

/**
 * Why the ListenerSet's Gateway does not take it; undefined when it does, false when the run
 * cannot tell or the parent is not a Gateway (nothing to report). Decided once per ListenerSet.
 */
function refusalOf(ctx: AnalyzerContext, listenerSet: AnalysisResource): string | false | undefined {
  if (refusals.has(listenerSet)) return refusals.get(listenerSet);
  const refusal = decide(ctx, listenerSet);
  refusals.set(listenerSet, refusal);
  return refusal;
}

function decide(ctx: AnalyzerContext, listenerSet: AnalysisResource): string | false | undefined {
  const parentRef = asObject(asObject(listenerSet.value.spec)?.parentRef);
  const name = asString(parentRef?.name);
  if (!parentRef || !name) return false;
  if ((asString(parentRef.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (asString(parentRef.kind) ?? 'Gateway') !== 'Gateway') return false;
  const namespace = asString(parentRef.namespace) || listenerSet.namespace;
  const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', namespace, name);
  const gatewayName = `Gateway ${namespace}/${name}`;
  if (!gateway) return knowsIn(ctx, GATEWAY_GROUP, 'Gateway', namespace) ? `its parentRef names ${gatewayName}, which does not exist` : false;
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
