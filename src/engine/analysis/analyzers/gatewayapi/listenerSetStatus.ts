/**
 * A ListenerSet's own conditions, as istiod 1.30 writes them (pilot/pkg/config/kube/gateway
 * gateway_collection.go ListenerSetCollection, decided in listenerSetAdmission.ts):
 * - its Gateway's class does not support ListenerSet (conversion.go reportUnsupportedListenerSet)
 *   or its Gateway's allowedListeners refuses its namespace (reportNotAllowedListenerSet):
 *   Accepted and Programmed False, reason NotAllowed, no listener status;
 * - its parent Gateway does not exist: istiod writes no status, so `kubectl get` shows none, and
 *   the listeners serve nothing. Reported when the run holds the Gateways of that namespace.
 * - accepted: its own Accepted and Programmed conditions when istiod sets either to False
 *   (reportListenerSetStatus: the parent Gateway's addresses, and its Services asked for the
 *   ListenerSet's own ports, gatewayProgrammed.ts), then each listener entry's False conditions
 *   (listenerSetListeners.ts), one finding per entry.
 * Only ListenerSets are read: the analyzer costs nothing on a manifest without one.
 */
import {asArray, asNumber, asObject} from '../../../istio/access';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {addressStatus} from './gatewayProgrammed';
import {reportEmptyCredential, said} from './listenerConditions';
import {GATEWAY_CONTROLLER} from './gatewayClasses';
import {listenerSetAdmission} from './listenerSetAdmission';
import {listenerEntryConditions, parentGatewayOf} from './listenerSetListeners';
import {GATEWAY_GROUP, ref} from './routes';

export const listenerSetStatusAnalyzer: Analyzer = {
  name: 'gatewayapi.ListenerSetStatusAnalyzer',
  inputs: [ref(GATEWAY_GROUP, 'ListenerSet'), ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'), ref('', 'Namespace'),
    ref('', 'Secret'), ref('', 'ConfigMap'), ref(GATEWAY_GROUP, 'ReferenceGrant'), ref('', 'Service')],
  reports: [ref(GATEWAY_GROUP, 'ListenerSet')],
  analyze(ctx) {
    for (const listenerSet of ctx.resources(GATEWAY_GROUP, 'ListenerSet')) {
      const admission = listenerSetAdmission(ctx, listenerSet);
      if (!admission) continue;
      if (admission.accepted) {
        const gateway = parentGatewayOf(ctx, listenerSet);
        const ports = asArray(asObject(listenerSet.value.spec)?.listeners).map((entry) => asNumber(asObject(entry)?.port));
        // only the parent's class takes ListenerSets: istiod's gateway controller
        const own = gateway && addressStatus(ctx, gateway, GATEWAY_CONTROLLER, ports.filter((port): port is number => port !== undefined), 'Parent not accepted: ');
        if (own) {
          // gateway_collection.go: the Gateway's servers include every accepted ListenerSet's, so its own Programmed fails alike
          const parent = own.conditions.some((c) => c.type === 'Programmed')
            ? `; the Gateway's own Programmed condition is False too, as istiod asks its Services for its ListenerSets' ports` : '';
          const index = ports.findIndex((port) => port !== undefined && own.portsNotFound.has(port));
          const path = index >= 0 ? at('/spec/listeners', index, 'port') : at('/spec/parentRef', 'name');
          ctx.report(listenerSet, 'GatewayApiListenerSetNotProgrammed', [said(own.conditions) + parent], {path});
        }
        for (const entry of listenerEntryConditions(ctx, listenerSet)) {
          if (entry.emptyCredential) reportEmptyCredential(ctx, listenerSet, entry.name, entry.emptyCredential);
          else ctx.report(listenerSet, 'GatewayApiListenerSetListenerInvalid', [entry.name, said(entry.conditions)], {path: entry.conditions[0]!.path});
        }
        continue;
      }
      const path = at('/spec/parentRef', 'name');
      if (admission.refusal === 'gateway') ctx.report(listenerSet, 'GatewayApiListenerSetParentNotFound', [admission.reason], {path});
      else ctx.report(listenerSet, 'GatewayApiListenerSetNotAllowed', [admission.reason, admission.condition], {path});
    }
  },
};
