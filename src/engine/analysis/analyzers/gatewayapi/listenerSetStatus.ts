/**
 * A ListenerSet's own conditions, as istiod 1.30 writes them (pilot/pkg/config/kube/gateway
 * gateway_collection.go ListenerSetCollection, decided in listenerSetAdmission.ts):
 * - its Gateway's class does not support ListenerSet (conversion.go reportUnsupportedListenerSet)
 *   or its Gateway's allowedListeners refuses its namespace (reportNotAllowedListenerSet):
 *   Accepted and Programmed False, reason NotAllowed, no listener status;
 * - its parent Gateway does not exist: istiod writes no status, so `kubectl get` shows none, and
 *   the listeners serve nothing. Reported when the run holds the Gateways of that namespace.
 * - accepted: its own Accepted and Programmed conditions when istiod sets either to False
 *   (listenerSetProgrammed.ts: the parent Gateway's addresses, and its Services asked for the
 *   ListenerSet's ports), then each listener entry's False conditions (listenerSetListeners.ts),
 *   one finding per entry.
 * Only ListenerSets are read: the analyzer costs nothing on a manifest without one.
 */
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {listenerSetAdmission} from './listenerSetAdmission';
import {listenerEntryConditions, parentGatewayOf} from './listenerSetListeners';
import {listenerSetProgrammed} from './listenerSetProgrammed';
import {GATEWAY_GROUP, ref} from './routes';

export const listenerSetStatusAnalyzer: Analyzer = {
  name: 'gatewayapi.ListenerSetStatusAnalyzer',
  inputs: [ref(GATEWAY_GROUP, 'ListenerSet'), ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'), ref('', 'Namespace'),
    ref('', 'Secret'), ref('', 'ConfigMap'), ref(GATEWAY_GROUP, 'ReferenceGrant'), ref('', 'Service')],
  analyze(ctx) {
    for (const listenerSet of ctx.resources(GATEWAY_GROUP, 'ListenerSet')) {
      const admission = listenerSetAdmission(ctx, listenerSet);
      if (!admission) continue;
      if (admission.accepted) {
        const gateway = parentGatewayOf(ctx, listenerSet);
        const own = gateway && listenerSetProgrammed(ctx, listenerSet, gateway);
        if (own) {
          // gateway_collection.go: the Gateway's servers include every accepted ListenerSet's, so its own Programmed fails alike
          const parent = own.conditions.some((c) => c.type === 'Programmed')
            ? `; the Gateway's own Programmed condition is False too, as istiod asks its Services for its ListenerSets' ports` : '';
          const said = own.conditions.map((c) => `${c.type} to False (${c.reason}: ${c.message})`).join(', ') + parent;
          ctx.report(listenerSet, 'GatewayApiListenerSetNotProgrammed', [said], {path: own.path});
        }
        for (const entry of listenerEntryConditions(ctx, listenerSet)) {
          const said = entry.conditions.map((c) => `${c.type} to False (${c.reason}: ${c.message}${c.source ? `; from ${c.source}` : ''})`).join(', ');
          ctx.report(listenerSet, 'GatewayApiListenerSetListenerInvalid', [entry.name, said], {path: entry.conditions[0]!.path});
        }
        continue;
      }
      const path = at('/spec/parentRef', 'name');
      if (admission.refusal === 'gateway') ctx.report(listenerSet, 'GatewayApiListenerSetParentNotFound', [admission.reason], {path});
      else ctx.report(listenerSet, 'GatewayApiListenerSetNotAllowed', [admission.reason, admission.condition], {path});
    }
  },
};
