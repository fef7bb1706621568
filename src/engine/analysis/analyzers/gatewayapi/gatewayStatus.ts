/**
 * A Gateway's status as istiod 1.30.3 writes it (pilot/pkg/config/kube/gateway
 * gateway_collection.go GatewayCollection, conversion.go reportGatewayStatus):
 * - each listener's False conditions, as buildListener sets them (listenerConditions.ts):
 *   UnsupportedProtocol and the waypoint class's one listener, buildTLS's errors (certificateRefs,
 *   key pairs, the Gateway's `tls.frontend`), InvalidRouteKinds; one finding per listener
 *   (gateway-api-listener-invalid);
 * - the Gateway's own Accepted and Programmed conditions from its Services asked for its servers'
 *   ports: its listeners' and those of the ListenerSets it accepted, and their addresses (a
 *   LoadBalancer pending, also for the Service istiod deploys for a managed Gateway)
 *   (gatewayProgrammed.ts; gateway-api-gateway-not-programmed), reported at the listener port
 *   not found, else at the address or annotation that causes it, else at what chose a managed
 *   Gateway's Service type (its service-type annotation, or its class). With no Service at all (a hard failure of
 *   extractGatewayServices) istiod builds no listener, so none is judged.
 * Only Gateways istiod writes a status for are judged: a class of the gateway, mesh (waypoint) or east-west
 * controller (FetchGatewayClass, ClassInfos; gatewayClasses.ts); `istio-remote` has DisableRouteGeneration
 * (reportUnmanagedGatewayStatus: Accepted and Programmed True). A Gateway of `istio-waypoint` or
 * `istio-east-west` where the run shows an istiod that does not create that class (no ambient, or no
 * AMBIENT_ENABLE_MULTI_NETWORK) and no GatewayClass object of that name gets no status at all
 * (gateway-api-gateway-class-not-served).
 * A listener whose first of two certificateRefs is refused and second usable has every condition
 * True, yet serves the proxy's own workload certificate (listenerTls.ts emptyCredentialName;
 * gateway-api-listener-serves-workload-certificate, at the refused reference).
 * A listener whose only fault is other namespaces' certificates without a ReferenceGrant keeps its
 * other conditions here, and leaves the certificates to gateway-api-certificate-ref-not-permitted
 * (referenceGrants.ts), which says it already.
 */
import {asArray, asNumber, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {addressStatus} from './gatewayProgrammed';
import {acceptedListenerSets} from './gatewayProxies';
import {gatewayServices} from './gatewayServices';
import {listenerConditions, reportEmptyCredential, said} from './listenerConditions';
import {GATEWAY_CONTROLLER, listenerController, missingBuiltinClass} from './gatewayClasses';
import {GATEWAY_GROUP, ref} from './routes';

export const gatewayStatusAnalyzer: Analyzer = {
  name: 'gatewayapi.GatewayStatusAnalyzer',
  inputs: [ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'), ref(GATEWAY_GROUP, 'ListenerSet'), ref('', 'Namespace'), ref('', 'Secret'),
    ref('', 'ConfigMap'), ref(GATEWAY_GROUP, 'ReferenceGrant'), ref('', 'Service')],
  reports: [ref(GATEWAY_GROUP, 'Gateway')],
  analyze(ctx) {
    for (const gateway of ctx.resources(GATEWAY_GROUP, 'Gateway')) {
      const controller = listenerController(ctx, gateway);
      if (!controller) {
        reportMissingClass(ctx, gateway);
        continue;
      }
      const services = gatewayServices(gateway, controller);
      // extractGatewayServices' hard failure: reportGatewayStatus with no server, no listener built
      if (services.hosts.length > 0) reportListeners(ctx, gateway, controller);
      reportAddresses(ctx, gateway, controller);
    }
  },
};

function reportListeners(ctx: AnalyzerContext, gateway: AnalysisResource, controller: string): void {
  asArray(asObject(gateway.value.spec)?.listeners).forEach((item, i) => {
    const listener = asObject(item);
    if (!listener) return;
    const verdict = listenerConditions(ctx, gateway, gateway, controller, listener, at('/spec/listeners', i));
    if (verdict.emptyCredential) reportEmptyCredential(ctx, gateway, asString(listener.name) ?? '', verdict.emptyCredential);
    const tls = verdict.tls;
    const grantsOnly = tls && !tls.frontendPath && tls.certificateReasons.length > 0 && tls.certificateReasons.every((reason) => reason === 'RefNotPermitted');
    const conditions = grantsOnly ? verdict.conditions.filter((c) => c.type === 'Accepted' || c.reason === 'InvalidRouteKinds') : verdict.conditions;
    if (conditions.length === 0) return;
    ctx.report(gateway, 'GatewayApiListenerInvalid', [asString(listener.name) ?? '', said(conditions)], {path: conditions[0]!.path});
  });
}

/** A class istiod would create under other settings (the waypoint class without ambient): nothing programs the Gateway. */
function reportMissingClass(ctx: AnalyzerContext, gateway: AnalysisResource): void {
  const className = asString(asObject(gateway.value.spec)?.gatewayClassName);
  const reason = className === undefined ? undefined : missingBuiltinClass(ctx, className);
  if (reason) ctx.report(gateway, 'GatewayApiGatewayClassNotServed', [className, reason], {path: '/spec/gatewayClassName'});
}

/** Accepted and Programmed from the Gateway's Services, asked for its listeners' ports and its ListenerSets'. */
function reportAddresses(ctx: AnalyzerContext, gateway: AnalysisResource, controller: string): void {
  const listeners = asArray(asObject(gateway.value.spec)?.listeners).map((listener) => asNumber(asObject(listener)?.port));
  const fromSets = controller === GATEWAY_CONTROLLER
    ? acceptedListenerSets(ctx, gateway).flatMap((set) => asArray(asObject(set.value.spec)?.listeners).map((listener) => asNumber(asObject(listener)?.port)))
    : [];
  const ports = [...listeners, ...fromSets].filter((port): port is number => port !== undefined);
  const status = addressStatus(ctx, gateway, controller, ports);
  if (!status) return;
  const index = listeners.findIndex((port) => port !== undefined && status.portsNotFound.has(port));
  const path = index >= 0 ? at('/spec/listeners', index, 'port') : status.acceptedPath ?? status.managedPath ?? status.addressPath ?? '/spec/addresses';
  ctx.report(gateway, 'GatewayApiGatewayNotProgrammed', [said(status.conditions)], {path});
}
