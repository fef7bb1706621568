/**
 * The conditions istiod 1.30.3 writes on each listener entry of a ListenerSet it accepted
 * (pilot/pkg/config/kube/gateway gateway_collection.go ListenerSetCollection, which runs
 * conversion.go buildListener on every entry with the parent Gateway's class controller):
 * - Accepted False, UnsupportedProtocol: listenerProtocolToIstio refuses the protocol (TCP needs
 *   PILOT_ENABLE_ALPHA_GATEWAY_API, off by default; HBONE is a waypoint's; other spellings);
 * - ResolvedRefs False and Programmed False (Invalid, "Bad TLS configuration"): buildTLS refuses
 *   the entry's certificateRefs (more than two, not a Secret, a Secret not found or without a
 *   certificate and key (ExtractCertInfo), a certificate and key tls.X509KeyPair refuses
 *   (gateway/keyPair.ts), another namespace's Secret without a ReferenceGrant from the
 *   ListenerSet), or, once a certificate is usable, the parent Gateway's `tls.frontend` client
 *   validation for the entry's port (frontendValidation.ts), as listenerTls.ts judges both; ResolvedRefs False,
 *   InvalidRouteKinds, when allowedRoutes.kinds names a kind the protocol does not carry
 *   (conditions.go reportListenerCondition, generateSupportedKinds).
 * Conflicted is always False with "No errors found": istiod 1.30.3 does not compare a ListenerSet's
 * entries with its Gateway's listeners (supported_features.go skips the ListenerSet conformance
 * feature: ListenerSetHostnameConflict, ListenerSetProtocolConflict), so no conflict is reported.
 * The port, which detectListenerPortNumber defaults for HTTP and HTTPS, is required by the CRD.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {listenerTlsError} from './listenerTls';
import {GATEWAY_GROUP, lookup} from './routes';

/** One condition istiod sets to False on a listener entry, with where the entry says why. */
export interface ListenerCondition {
  type: 'Accepted' | 'ResolvedRefs' | 'Programmed';
  reason: string;
  message: string;
  path: string;
  /** Where the cause is written when it is not the ListenerSet (its parent Gateway's tls.frontend). */
  source?: string;
}

export interface ListenerEntryConditions {
  name: string;
  path: string;
  conditions: ListenerCondition[];
}

const SUPPORTED_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP', 'HBONE']);

/** The entries istiod marks with a False condition, in order; entries without one are left out. */
export function listenerEntryConditions(ctx: AnalyzerContext, listenerSet: AnalysisResource): ListenerEntryConditions[] {
  const entries: ListenerEntryConditions[] = [];
  const gateway = parentGatewayOf(ctx, listenerSet);
  asArray(asObject(listenerSet.value.spec)?.listeners).forEach((item, i) => {
    const listener = asObject(item);
    if (!listener) return;
    const path = at('/spec/listeners', i);
    const conditions: ListenerCondition[] = [];
    const protocol = asString(listener.protocol) ?? '';
    const refused = protocolRefusal(protocol);
    if (refused) conditions.push({type: 'Accepted', reason: 'UnsupportedProtocol', message: refused, path: at(path, 'protocol')});
    const tls = asObject(listener.tls);
    const port = asNumber(listener.port);
    const tlsError = tls ? entryTlsError(ctx, gateway, listenerSet, tls, port, at(path, 'tls')) : undefined;
    const kindsPath = routeKindsRefusal(listener, protocol, tls) ? at(path, 'allowedRoutes', 'kinds') : undefined;
    // reportListenerCondition replaces ResolvedRefs when the route kinds are invalid; Programmed keeps buildTLS's error.
    if (kindsPath) conditions.push({type: 'ResolvedRefs', reason: 'InvalidRouteKinds', message: 'Invalid route kinds', path: kindsPath});
    else if (tlsError) conditions.push({type: 'ResolvedRefs', ...tlsError});
    if (tlsError) conditions.push({type: 'Programmed', reason: 'Invalid', message: 'Bad TLS configuration', path: tlsError.path});
    if (conditions.length > 0) entries.push({name: asString(listener.name) ?? '', path, conditions});
  });
  return entries;
}

/** The Gateway a ListenerSet's parentRef names (the caller knows its Gateway took it). */
export function parentGatewayOf(ctx: AnalyzerContext, listenerSet: AnalysisResource): AnalysisResource | undefined {
  const parentRef = asObject(asObject(listenerSet.value.spec)?.parentRef) ?? {};
  return lookup(ctx, GATEWAY_GROUP, 'Gateway', asString(parentRef.namespace) || listenerSet.namespace, asString(parentRef.name) ?? '');
}

/** buildTLS's error for an entry, the parent Gateway's frontend ones said with where that Gateway writes them. */
function entryTlsError(ctx: AnalyzerContext, gateway: AnalysisResource | undefined, listenerSet: AnalysisResource, tls: Obj, port: number | undefined,
  path: string): {reason: string; message: string; path: string; source?: string} | undefined {
  const error = listenerTlsError(ctx, listenerSet, gateway, tls, port, path);
  if (!error) return undefined;
  const {reason, message, frontendPath} = error;
  return frontendPath && gateway ? {reason, message, path, source: `Gateway ${gateway.namespace}/${gateway.name} ${frontendPath}`} : {reason, message, path: error.path};
}

/** conversion.go listenerProtocolToIstio for istiod's gateway controller (the only one that takes ListenerSets). */
function protocolRefusal(protocol: string): string | undefined {
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
    case 'TLS':
      return undefined;
    case 'TCP':
      return 'protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured';
    case 'HBONE':
      return 'protocol "HBONE" is only supported for waypoint proxies';
  }
  const upper = protocol.toUpperCase();
  if (SUPPORTED_PROTOCOLS.has(upper)) return `protocol ${JSON.stringify(protocol)} is unsupported. hint: ${JSON.stringify(upper)} (uppercase) may be supported`;
  return `protocol ${JSON.stringify(protocol)} is unsupported`;
}

/** conditions.go generateSupportedKinds: whether allowedRoutes.kinds names a kind the protocol does not carry. */
export function routeKindsRefusal(listener: Obj, protocol: string, tls: Obj | undefined): boolean {
  const kinds = asArray(asObject(listener.allowedRoutes)?.kinds).map((kind) => asObject(kind) ?? {});
  if (kinds.length === 0) return false;
  const supported = protocol === 'HTTP' || protocol === 'HTTPS' ? ['HTTPRoute', 'GRPCRoute']
    : protocol === 'TCP' ? ['TCPRoute']
      // a tls block's mode defaults to Terminate in the CRD's schema, so istiod reads it so
      : protocol === 'TLS' ? (tls && (asString(tls.mode) ?? 'Terminate') === 'Terminate' ? ['TLSRoute', 'TCPRoute'] : ['TLSRoute'])
        : [];
  // routeGroupKindEqual: the kind, and the group (the Gateway API's when unset)
  const carried = supported.filter((kind) => kinds.some((entry) => asString(entry.kind) === kind && (asString(entry.group) ?? GATEWAY_GROUP) === GATEWAY_GROUP));
  return carried.length !== kinds.length;
}
