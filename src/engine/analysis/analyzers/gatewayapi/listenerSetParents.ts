/**
 * Routes whose parentRef is a ListenerSet (gateway-api v1.5.1 apis/v1 listenerset_types.go,
 * standard channel), resolved as istiod 1.30 resolves them (pilot/pkg/config/kube/gateway
 * gateway_collection.go ListenerSetCollection):
 * - the ListenerSet must exist (as a Gateway parent must: GatewayApiParentNotFound);
 * - its Gateway must take it (listenerSetAdmission.ts: the Gateway exists, its class supports
 *   ListenerSet, its `allowedListeners` admits the ListenerSet's namespace); otherwise the
 *   ListenerSet holds no listener and the route attaches to nothing (ListenerSetReasonNotAllowed);
 * - then its listeners judge the route as a Gateway's do (parentRefs.ts checkListeners:
 *   NoMatchingParent, NoMatchingListenerHostname, NotAllowedByListeners), `Same` meaning the
 *   ListenerSet's namespace.
 * A ListenerSet whose parentRef is another kind is some other controller's: left alone, as istiod leaves it.
 */
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {listenerSetAdmission} from './listenerSetAdmission';
import {checkExists, checkListeners} from './parentRefs';
import {GATEWAY_GROUP, lookup, ref, ROUTE_INPUTS, routeReadings, type ParentRef} from './routes';

export const listenerSetParentAnalyzer: Analyzer = {
  name: 'gatewayapi.ListenerSetParentAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'ListenerSet'), ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'), ref('', 'Namespace')],
  reports: ROUTE_INPUTS,
  analyze(ctx) {
    for (const reading of routeReadings(ctx)) {
      const route = reading.route;
      for (const parent of reading.parents) {
        if (parent.group !== GATEWAY_GROUP || parent.kind !== 'ListenerSet') continue;
        const listenerSet = lookup(ctx, GATEWAY_GROUP, 'ListenerSet', parent.namespace, parent.name);
        if (!listenerSet) {
          checkExists(ctx, route, parent, GATEWAY_GROUP, 'ListenerSet');
          continue;
        }
        const admission = listenerSetAdmission(ctx, listenerSet);
        if (admission?.accepted) checkListeners(ctx, reading, parent, listenerSet);
        else if (admission) report(ctx, route, parent, listenerSet, admission.reason);
      }
    }
  },
};

function report(ctx: AnalyzerContext, route: AnalysisResource, parent: ParentRef, listenerSet: AnalysisResource, reason: string): void {
  ctx.report(route, 'GatewayApiListenerSetNotAccepted', [`${listenerSet.namespace}/${listenerSet.name}`, reason], {path: at(parent.path, 'name')});
}
