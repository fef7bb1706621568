/**
 * The TLS of a Gateway's own listeners, as istiod 1.30.3 writes it on their status
 * (pilot/pkg/config/kube/gateway gateway_collection.go GatewayCollection runs conversion.go
 * buildListener on each listener with the Gateway's own spec; buildTLS judges its `tls` block,
 * listenerTls.ts): ResolvedRefs False with buildTLS's reason and message, and Programmed False
 * (Invalid: "Bad TLS configuration"). A certificate and key tls.X509KeyPair refuses, and the
 * Gateway's `tls.frontend` client validation for the listener's port, are found here only.
 * - Only Gateways istiod builds listeners for: a class of the gateway or mesh (waypoint)
 *   controller (FetchGatewayClass, ClassInfos; `istio-remote` has DisableRouteGeneration), and
 *   not a hard failure of extractGatewayServices (addresses given, none of type Hostname).
 * - ResolvedRefs says InvalidRouteKinds instead when allowedRoutes.kinds names a kind the
 *   protocol does not carry (conditions.go reportListenerCondition); Programmed keeps buildTLS's.
 * - A listener whose only fault is other namespaces' certificates without a ReferenceGrant is left
 *   to gateway-api-certificate-ref-not-permitted (referenceGrants.ts), which says it already.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {listenersOf} from './listeners';
import {controllerOf} from './listenerSetAdmission';
import {routeKindsRefusal} from './listenerSetListeners';
import {listenerTlsError} from './listenerTls';
import {GATEWAY_GROUP, ref} from './routes';

/** classinfo.go ClassInfos (istiod's default features) whose Gateways get listeners built. */
const BUILDING_CONTROLLERS = new Set(['istio.io/gateway-controller', 'istio.io/mesh-controller']);

export const gatewayListenerTlsAnalyzer: Analyzer = {
  name: 'gatewayapi.GatewayListenerTlsAnalyzer',
  inputs: [ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass'), ref('', 'Secret'), ref('', 'ConfigMap'), ref(GATEWAY_GROUP, 'ReferenceGrant')],
  analyze(ctx) {
    for (const gateway of ctx.resources(GATEWAY_GROUP, 'Gateway')) {
      if (!buildsListeners(gateway, (name) => controllerOf(ctx, name))) continue;
      for (const listener of listenersOf(gateway)) {
        const tls = asObject(listener.value.tls);
        if (!tls) continue;
        const error = listenerTlsError(ctx, gateway, gateway, tls, listener.port, at(listener.path, 'tls'));
        if (!error || (!error.frontendPath && error.certificateReasons.every((reason) => reason === 'RefNotPermitted') && error.certificateReasons.length > 0)) continue;
        const resolvedRefs = routeKindsRefusal(listener.value, listener.protocol, tls)
          ? 'InvalidRouteKinds: Invalid route kinds' : `${error.reason}: ${error.message}`;
        ctx.report(gateway, 'GatewayApiListenerInvalid',
          [listener.name, `ResolvedRefs to False (${resolvedRefs}), Programmed to False (Invalid: Bad TLS configuration)`],
          {path: error.frontendPath ?? error.path});
      }
    }
  },
};

/** Whether GatewayCollection gets as far as buildListener for this Gateway. */
function buildsListeners(gateway: AnalysisResource, controllerOfClass: (name: string) => string | undefined): boolean {
  const spec = asObject(gateway.value.spec) ?? {};
  const className = asString(spec.gatewayClassName);
  const controller = className === undefined ? undefined : controllerOfClass(className);
  if (!controller || !BUILDING_CONTROLLERS.has(controller)) return false;
  const addresses = asArray(spec.addresses).map((address) => asObject(address) ?? {});
  // IsManaged: no address, or one IPAddress (the CRD's default type); otherwise only Hostname addresses name Services
  const managed = addresses.length === 0 || (addresses.length === 1 && (asString(addresses[0]!.type) ?? 'IPAddress') === 'IPAddress');
  return managed || addresses.some((address) => asString(address.type) === 'Hostname');
}
