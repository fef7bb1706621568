/**
 * The conditions istiod 1.30.3 writes on one listener, of a Gateway or of a ListenerSet entry
 * (pilot/pkg/config/kube/gateway conversion.go buildListener, run by gateway_collection.go
 * GatewayCollection and ListenerSetCollection with the class's controller; conditions.go
 * reportListenerCondition):
 * - Accepted False, UnsupportedProtocol: listenerProtocolToIstio refuses the protocol (TCP needs
 *   istiod's PILOT_ENABLE_ALPHA_GATEWAY_API, off by default: gatewayClasses.ts; HBONE is a waypoint's; other spellings, UDP
 *   among them). On the waypoint class (istio.io/mesh-controller) unexpectedWaypointListener then
 *   refuses any listener but port 15008 with protocol HBONE, its message replacing the first
 *   (that class is served only with ambient installed: gatewayClasses.ts). On the east-west class
 *   (istio.io/eastwest-controller, served only with AMBIENT_ENABLE_MULTI_NETWORK too),
 *   unexpectedEastWestWaypointListener likewise refuses all but port 15008 with HBONE and TLS mode
 *   Terminate, and TLS listeners with mode Passthrough (eastWestRefusal).
 * - ResolvedRefs False and Programmed False (Invalid, "Bad TLS configuration"): buildTLS refuses
 *   the `tls` block (listenerTls.ts: certificateRefs, then the Gateway's `tls.frontend`).
 * - ResolvedRefs False, InvalidRouteKinds, when allowedRoutes.kinds names a kind the protocol does
 *   not carry (generateSupportedKinds), replacing buildTLS's reason there; Programmed keeps it.
 * Conflicted is always False ("No errors found"): buildListener compares no listener with another,
 * and buildHostnameMatch only lists the hosts, so neither a shared port nor a shared hostname is
 * reported. A Gateway listener's port gives no portErr (only ListenerSet entries are defaulted, and
 * their CRD requires the port).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {type CertificateRefError, emptyCredentialName, listenerTlsError, type ListenerTlsError} from './listenerTls';
import {alphaGatewayApiEnabled, EAST_WEST_CONTROLLER, MESH_CONTROLLER} from './gatewayClasses';
import {protocolRouteKinds} from './listeners';
import {GATEWAY_GROUP} from './routes';

const HBONE_PORT = 15008;

/** One condition istiod sets to False on a listener, with where the listener says why. */
export interface ListenerCondition {
  type: 'Accepted' | 'ResolvedRefs' | 'Programmed';
  reason: string;
  message: string;
  path: string;
  /** Where the cause is written when it is not the listener's holder (a ListenerSet's parent Gateway's tls.frontend). */
  source?: string;
}

export interface ListenerVerdict {
  /** The False conditions, Accepted, then ResolvedRefs, then Programmed. */
  conditions: ListenerCondition[];
  /** buildTLS's error, when it gave one. */
  tls?: ListenerTlsError;
  /** With every condition True: buildTLS left the credential name empty (listenerTls.ts emptyCredentialName). */
  emptyCredential?: {refused: CertificateRefError; usable: string};
}

/**
 * buildListener for the listener at `path` of `holder` (a Gateway, or a ListenerSet whose
 * parent is `gateway`), under the class controller `controller`.
 */
export function listenerConditions(ctx: AnalyzerContext, holder: AnalysisResource, gateway: AnalysisResource | undefined, controller: string,
  listener: Obj, path: string): ListenerVerdict {
  const conditions: ListenerCondition[] = [];
  const protocol = asString(listener.protocol) ?? '';
  const port = asNumber(listener.port);
  const refused = protocolRefusal(controller, protocol, alphaGatewayApiEnabled(ctx));
  const eastWest = controller === EAST_WEST_CONTROLLER ? eastWestRefusal(listener, protocol, port) : undefined;
  if (controller === MESH_CONTROLLER && (port !== HBONE_PORT || protocol !== 'HBONE')) {
    conditions.push({type: 'Accepted', reason: 'UnsupportedProtocol', message: 'Expected a single listener on port 15008 with protocol "HBONE"',
      path: at(path, protocol === 'HBONE' ? 'port' : 'protocol')});
  } else if (eastWest !== undefined) {
    conditions.push({type: 'Accepted', reason: 'UnsupportedProtocol', message: EAST_WEST_LISTENERS, path: at(path, ...eastWest)});
  } else if (refused) conditions.push({type: 'Accepted', reason: 'UnsupportedProtocol', message: refused, path: at(path, 'protocol')});
  const tlsBlock = asObject(listener.tls);
  const tls = tlsBlock ? listenerTlsError(ctx, holder, gateway, tlsBlock, port, at(path, 'tls')) : undefined;
  const tlsCause = !tls ? {path} : tls.frontendPath && gateway
    ? (gateway === holder ? {path: tls.frontendPath} : {path: at(path, 'tls'), source: `Gateway ${gateway.namespace}/${gateway.name} ${tls.frontendPath}`})
    : {path: tls.path};
  if (routeKindsRefusal(listener, protocol, tlsBlock)) {
    conditions.push({type: 'ResolvedRefs', reason: 'InvalidRouteKinds', message: 'Invalid route kinds', path: at(path, 'allowedRoutes', 'kinds')});
  } else if (tls) conditions.push({type: 'ResolvedRefs', reason: tls.reason, message: tls.message, ...tlsCause});
  if (tls) conditions.push({type: 'Programmed', reason: 'Invalid', message: 'Bad TLS configuration', path: tlsCause.path});
  if (tls) return {conditions, tls};
  const emptyCredential = conditions.length === 0 && tlsBlock ? emptyCredentialName(ctx, holder, tlsBlock, at(path, 'tls')) : undefined;
  return emptyCredential ? {conditions, emptyCredential} : {conditions};
}

/** A listener whose first certificateRef is refused and second usable: istiod says nothing and serves the proxy's own certificate. */
export function reportEmptyCredential(ctx: AnalyzerContext, holder: AnalysisResource, listener: string,
  {refused, usable}: NonNullable<ListenerVerdict['emptyCredential']>): void {
  ctx.report(holder, 'GatewayApiListenerServesWorkloadCertificate', [listener, usable, `${refused.reason}: ${refused.message}`], {path: refused.path});
}

/** How the findings say conditions: `Accepted to False (UnsupportedProtocol: ...)`, joined by ", ". */
export const said = (conditions: ReadonlyArray<{type: string; reason: string; message: string; source?: string}>) =>
  conditions.map((c) => `${c.type} to False (${c.reason}: ${c.message}${c.source ? `; from ${c.source}` : ''})`).join(', ');

/** conversion.go buildListener's message for a listener unexpectedEastWestWaypointListener refuses. */
const EAST_WEST_LISTENERS = 'East-west gateway listeners must be either port 15008 with protocol "HBONE" and TLS.Mode == Terminate, or TLS with TLS.Mode == Passthrough';

/**
 * conversion.go unexpectedEastWestWaypointListener: where an east-west listener departs from port
 * 15008 with HBONE and TLS Terminate, or from TLS with Passthrough on any other port (the path
 * under the listener), or undefined when it fits. The CRD defaults an unset `tls.mode` to Terminate.
 */
function eastWestRefusal(listener: Obj, protocol: string, port: number | undefined): string[] | undefined {
  const tls = asObject(listener.tls);
  const mode = tls ? asString(tls.mode) ?? 'Terminate' : undefined;
  const [wantedProtocol, wantedMode] = port === HBONE_PORT ? ['HBONE', 'Terminate'] : ['TLS', 'Passthrough'];
  if (protocol !== wantedProtocol) return ['protocol'];
  if (!tls) return [];
  return mode === wantedMode ? undefined : ['tls', 'mode'];
}

const SUPPORTED_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP', 'HBONE']);

/** conversion.go listenerProtocolToIstio: why istiod refuses the protocol under this controller. */
function protocolRefusal(controller: string, protocol: string, alphaEnabled: boolean): string | undefined {
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
    case 'TLS':
      return undefined;
    case 'TCP':
      return alphaEnabled ? undefined : 'protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured';
    case 'HBONE':
      return controller === MESH_CONTROLLER || controller === EAST_WEST_CONTROLLER ? undefined : 'protocol "HBONE" is only supported for waypoint proxies';
  }
  const upper = protocol.toUpperCase();
  if (SUPPORTED_PROTOCOLS.has(upper)) return `protocol ${JSON.stringify(protocol)} is unsupported. hint: ${JSON.stringify(upper)} (uppercase) may be supported`;
  return `protocol ${JSON.stringify(protocol)} is unsupported`;
}

/** conditions.go generateSupportedKinds: whether allowedRoutes.kinds names a kind the protocol does not carry. */
function routeKindsRefusal(listener: Obj, protocol: string, tls: Obj | undefined): boolean {
  const kinds = asArray(asObject(listener.allowedRoutes)?.kinds).map((kind) => asObject(kind) ?? {});
  if (kinds.length === 0) return false;
  const supported = protocolRouteKinds(protocol, tls) ?? [];
  // routeGroupKindEqual: the kind, and the group (the Gateway API's when unset)
  const carried = supported.filter((kind) => kinds.some((entry) => asString(entry.kind) === kind && (asString(entry.group) ?? GATEWAY_GROUP) === GATEWAY_GROUP));
  return carried.length !== kinds.length;
}
