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
 *   validation for the entry's port (frontendValidation.ts); ResolvedRefs False,
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
import {x509KeyPairProblem} from '../gateway/keyPair';
import {storedCertInfo} from '../gateway/secretCertificate';
import {frontendValidationError} from './frontendValidation';
import {permitted} from './referenceGrants';
import {GATEWAY_GROUP, knowsIn, lookup} from './routes';

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

/** gatewaycommon GatewayTLSTerminateModeKey: options that need no certificate. */
const TERMINATE_MODE_KEY = 'gateway.istio.io/tls-terminate-mode';
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
    const tlsError = tls ? certificateError(ctx, listenerSet, tls, at(path, 'tls'))
      ?? frontendError(ctx, gateway, listenerSet, tls, port, at(path, 'tls')) : undefined;
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

/**
 * buildTLS's last check, reached when the entry terminates TLS with a usable certificate: the
 * parent Gateway's frontend validation for the entry's port, said with where the Gateway writes it.
 */
function frontendError(ctx: AnalyzerContext, gateway: AnalysisResource | undefined, listenerSet: AnalysisResource, tls: Obj, port: number | undefined,
  path: string): {reason: string; message: string; path: string; source: string} | undefined {
  if (!gateway || port === undefined || !terminatesWithCertificates(tls)) return undefined;
  const error = frontendValidationError(ctx, gateway, listenerSet, port);
  if (!error) return undefined;
  return {reason: error.reason, message: error.message, path, source: `Gateway ${gateway.namespace}/${gateway.name} ${error.gatewayPath}`};
}

/** Whether buildTLS goes on past the certificates: Terminate, without the options that need none, with a reference. */
function terminatesWithCertificates(tls: Obj): boolean {
  if ((asString(tls.mode) ?? 'Terminate') !== 'Terminate') return false;
  const mode = asString(asObject(tls.options)?.[TERMINATE_MODE_KEY]);
  return mode !== 'ISTIO_SIMPLE' && mode !== 'ISTIO_MUTUAL' && asArray(tls.certificateRefs).length > 0;
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

/**
 * conversion.go buildTLS for a listener entry: its error (the first one's reason, the messages
 * joined by "; " as joinErrors joins them) when no certificate is usable; undefined when one is,
 * or when the run cannot tell (a Secret of a namespace the open world does not show).
 */
function certificateError(ctx: AnalyzerContext, listenerSet: AnalysisResource, tls: Obj, path: string): {reason: string; message: string; path: string} | undefined {
  if ((asString(tls.mode) ?? 'Terminate') !== 'Terminate') return undefined;
  const mode = asString(asObject(tls.options)?.[TERMINATE_MODE_KEY]);
  if (mode === 'ISTIO_SIMPLE' || mode === 'ISTIO_MUTUAL') return undefined;
  const refs = asArray(tls.certificateRefs);
  if (refs.length > 2) return {reason: 'InvalidCertificateRef', message: 'TLS mode can only support up to 2 server certificates', path: at(path, 'certificateRefs')};
  const errors: Array<{reason: string; message: string; path: string}> = [];
  let valid = 0;
  refs.forEach((item, j) => {
    const ref = asObject(item) ?? {};
    const error = certificateRefError(ctx, listenerSet, ref, at(path, 'certificateRefs', j));
    if (error) errors.push(error);
    else valid++;
  });
  if (valid > 0 || errors.length === 0) return undefined;
  return {reason: errors[0]!.reason, message: errors.map((error) => error.message).join('; '), path: errors[0]!.path};
}

/** buildSecretReference, then the ReferenceGrant check of buildTLS; undefined for a usable (or, in an open world, unknown) Secret. */
function certificateRefError(ctx: AnalyzerContext, listenerSet: AnalysisResource, ref: Obj, path: string): {reason: string; message: string; path: string} | undefined {
  const group = asString(ref.group);
  const kind = asString(ref.kind);
  const name = asString(ref.name) ?? '';
  const written = asString(ref.namespace);
  // secretObjectReferenceString: group/kind/name.namespace as written
  const described = `${group ?? ''}/${kind ?? ''}/${name}.${written ?? ''}`;
  // NormalizeReference looks the group up exactly (collection FindByGroupKind): "core" names no schema, so it is not a Secret
  if ((group ?? '') !== '' || (kind ?? 'Secret') !== 'Secret') {
    return {reason: 'InvalidCertificateRef', message: `invalid certificate reference ${described}, only secret is allowed`, path};
  }
  const namespace = written ?? listenerSet.namespace;
  const secret = lookup(ctx, '', 'Secret', namespace, name);
  if (!secret) {
    if (!knowsIn(ctx, '', 'Secret', namespace)) return undefined;
    return {reason: 'InvalidCertificateRef', message: `invalid certificate reference ${described}, secret ${namespace}/${name} not found`, path};
  }
  const problem = secretProblem(secret);
  if (problem) return {reason: 'InvalidCertificateRef', message: `invalid certificate reference ${described}, ${problem}`, path};
  if (namespace !== listenerSet.namespace && !permitted(ctx, {group: GATEWAY_GROUP, kind: 'ListenerSet', namespace: listenerSet.namespace}, {group: '', kind: 'Secret', namespace, name})) {
    return {reason: 'RefNotPermitted', path: at(path, 'namespace'),
      message: `certificateRef ${name}/${namespace} not accessible to a Gateway in namespace ${JSON.stringify(listenerSet.namespace)} (missing a ReferenceGrant?)`};
  }
  return undefined;
}

const secretProblems = new WeakMap<AnalysisResource, string | undefined>();

/**
 * ExtractCertInfo, then tls.X509KeyPair (buildSecretReference's words), once per Secret of the
 * run: listeners that share a Secret share its verdict, and the key is parsed once.
 */
function secretProblem(secret: AnalysisResource): string | undefined {
  if (secretProblems.has(secret)) return secretProblems.get(secret);
  const info = storedCertInfo(secret.value);
  const pair = typeof info === 'string' ? undefined : x509KeyPairProblem(info.cert, info.key);
  const problem = typeof info === 'string' ? info : pair && `the certificate is malformed: ${pair}`;
  secretProblems.set(secret, problem);
  return problem;
}

/** conditions.go generateSupportedKinds: whether allowedRoutes.kinds names a kind the protocol does not carry. */
function routeKindsRefusal(listener: Obj, protocol: string, tls: Obj | undefined): boolean {
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
