/**
 * What istiod 1.30.3's buildTLS (pilot/pkg/config/kube/gateway conversion.go) says of one
 * listener's `tls` block, for a Gateway's own listeners and a ListenerSet's entries alike
 * (buildListener runs it on both, with the object that holds the listener and the Gateway whose
 * spec gives `tls.frontend`):
 * - Terminate without the options that need no certificate (ISTIO_SIMPLE, ISTIO_MUTUAL): at most
 *   two certificateRefs, each a Secret (buildSecretReference: found, with a certificate and key
 *   (ExtractCertInfo) that tls.X509KeyPair takes, gateway/keyPair.ts), another namespace's only
 *   with a ReferenceGrant from the holder's kind; the error is the first one's reason with every
 *   message joined by "; " (joinErrors), and only when no certificate is usable;
 * - once one is: the Gateway's frontend client validation for the listener's port
 *   (frontendValidation.ts); when only the second of two is, the listener serves the proxy's own
 *   workload certificate without a word (emptyCredentialName).
 * Passthrough asks for nothing.
 */
import {asArray, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {x509KeyPairProblem} from '../gateway/keyPair';
import {storedCertInfo} from '../gateway/secretCertificate';
import {frontendValidationError} from './frontendValidation';
import {permitted} from './grants';
import {GATEWAY_GROUP, knowsIn, lookup} from './routes';

/** gatewaycommon GatewayTLSTerminateModeKey: options that need no certificate. */
const TERMINATE_MODE_KEY = 'gateway.istio.io/tls-terminate-mode';

export interface ListenerTlsError {
  reason: string;
  message: string;
  /** Where the listener's holder writes the cause. */
  path: string;
  /** The reason of each certificate reference refused, in order (empty for a frontend error). */
  certificateReasons: readonly string[];
  /** When the cause is the Gateway's tls.frontend: the field of that Gateway that says it. */
  frontendPath?: string;
}

/**
 * buildTLS's error for the listener at `path` of `holder` (a Gateway or a ListenerSet), whose
 * frontend validation `gateway` gives; undefined when istiod takes the block, or when the run
 * cannot tell (a Secret or bundle of a namespace an open world does not show).
 */
export function listenerTlsError(ctx: AnalyzerContext, holder: AnalysisResource, gateway: AnalysisResource | undefined, tls: Obj,
  port: number | undefined, path: string): ListenerTlsError | undefined {
  if (!terminatesWithCertificates(tls)) return undefined;
  const refs = asArray(tls.certificateRefs);
  if (refs.length > 2) {
    return {reason: 'InvalidCertificateRef', message: 'TLS mode can only support up to 2 server certificates', path: at(path, 'certificateRefs'), certificateReasons: []};
  }
  const errors = certificateRefErrors(ctx, holder, refs, path);
  if (errors && errors.length > 0) {
    return {reason: errors[0]!.reason, message: errors.map((error) => error.message).join('; '), path: errors[0]!.path,
      certificateReasons: errors.map((error) => error.reason)};
  }
  // buildTLS reaches the frontend only with a usable certificate (an unknown one counts: the run cannot tell)
  if (!gateway || port === undefined || refs.length === 0) return undefined;
  const frontend = frontendValidationError(ctx, gateway, holder, port);
  return frontend && {reason: frontend.reason, message: frontend.message, path, certificateReasons: [], frontendPath: frontend.gatewayPath};
}

/** buildTLS's Terminate mode, without the options that need no certificate: the certificateRefs are read. */
function terminatesWithCertificates(tls: Obj): boolean {
  if ((asString(tls.mode) ?? 'Terminate') !== 'Terminate') return false;
  const mode = asString(asObject(tls.options)?.[TERMINATE_MODE_KEY]);
  return mode !== 'ISTIO_SIMPLE' && mode !== 'ISTIO_MUTUAL';
}

/** Whether buildTLS reads each certificateRef of the block in turn (Terminate, a certificate needed, at most two refs). */
export function readsEachCertificateRef(tls: Obj): boolean {
  return terminatesWithCertificates(tls) && asArray(tls.certificateRefs).length <= 2;
}

export interface CertificateRefError {
  reason: string;
  message: string;
  path: string;
}

/**
 * What buildTLS keeps of its certificateRefs' errors (`refs` of the block at `path`): each ref's,
 * in order, when none is usable; undefined once one is, since buildTLS then drops combinedErr and
 * serves the usable ones alone, so a second ref refused (RefNotPermitted or InvalidCertificateRef)
 * leaves no condition on the listener.
 */
export function certificateRefErrors(ctx: AnalyzerContext, holder: AnalysisResource, refs: readonly unknown[], path: string): CertificateRefError[] | undefined {
  const errors: CertificateRefError[] = [];
  for (const [j, item] of refs.entries()) {
    const error = certificateRefError(ctx, holder, asObject(item) ?? {}, at(path, 'certificateRefs', j));
    if (!error) return undefined;
    errors.push(error);
  }
  return errors;
}

/** buildSecretReference, then buildTLS's ReferenceGrant check; undefined for a usable (or, in an open world, unknown) Secret. */
export function certificateRefError(ctx: AnalyzerContext, holder: AnalysisResource, ref: Obj, path: string): CertificateRefError | undefined {
  const verdict = certificateRefVerdict(ctx, holder, ref, path);
  return typeof verdict === 'string' ? undefined : verdict;
}

/**
 * buildTLS's credNames[0] trap, for a block it reads each certificateRef of: with two refs, the
 * first refused and the second usable, validCertCount is 1, so CredentialName takes credNames[0],
 * which the refusal left "", and combinedErr is dropped: the listener's conditions are all True.
 * BuildListenerTLSContext (networking/core/listener.go), given no credential name, falls to
 * file-mounted certificates with no path, and constructSdsSecretConfig falls back to the SDS
 * resource "default": the gateway proxy's own workload certificate (its SPIFFE identity, signed
 * by the mesh CA) is what clients get. undefined unless both refs are known.
 */
export function emptyCredentialName(ctx: AnalyzerContext, holder: AnalysisResource, tls: Obj, path: string):
  {refused: CertificateRefError; usable: string} | undefined {
  if (!readsEachCertificateRef(tls)) return undefined;
  const refs = asArray(tls.certificateRefs).map((ref) => asObject(ref) ?? {});
  if (refs.length !== 2) return undefined;
  const first = certificateRefVerdict(ctx, holder, refs[0]!, at(path, 'certificateRefs', 0));
  if (typeof first === 'string' || certificateRefVerdict(ctx, holder, refs[1]!, at(path, 'certificateRefs', 1)) !== 'usable') return undefined;
  return {refused: first, usable: `${asString(refs[1]!.namespace) ?? holder.namespace}/${asString(refs[1]!.name) ?? ''}`};
}

/** secretObjectReferenceString: group/kind/name.namespace as written (for a message only). */
const referenceString = (ref: Obj) => `${asString(ref.group) ?? ''}/${asString(ref.kind) ?? ''}/${asString(ref.name) ?? ''}.${asString(ref.namespace) ?? ''}`;

/** certificateRefError, telling a usable Secret from one the run does not show. */
function certificateRefVerdict(ctx: AnalyzerContext, holder: AnalysisResource, ref: Obj, path: string): CertificateRefError | 'usable' | 'unknown' {
  const group = asString(ref.group);
  const kind = asString(ref.kind);
  const name = asString(ref.name) ?? '';
  const written = asString(ref.namespace);
  // NormalizeReference looks the group up exactly (collection FindByGroupKind): "core" names no schema, so it is not a Secret
  if ((group ?? '') !== '' || (kind ?? 'Secret') !== 'Secret') {
    return {reason: 'InvalidCertificateRef', message: `invalid certificate reference ${referenceString(ref)}, only secret is allowed`, path};
  }
  const namespace = written ?? holder.namespace;
  const secret = lookup(ctx, '', 'Secret', namespace, name);
  if (!secret) {
    if (!knowsIn(ctx, '', 'Secret', namespace)) return 'unknown';
    return {reason: 'InvalidCertificateRef', message: `invalid certificate reference ${referenceString(ref)}, secret ${namespace}/${name} not found`, path};
  }
  const problem = secretProblem(secret);
  if (problem) return {reason: 'InvalidCertificateRef', message: `invalid certificate reference ${referenceString(ref)}, ${problem}`, path};
  // SecretAllowed with the holder's own kind (schematypes.GvkFromObject): a grant from Gateways does not cover a ListenerSet
  if (namespace !== holder.namespace && !permitted(ctx, {group: GATEWAY_GROUP, kind: holder.kind, namespace: holder.namespace}, {group: '', kind: 'Secret', namespace, name})) {
    return {reason: 'RefNotPermitted', path: at(path, 'namespace'),
      message: `certificateRef ${name}/${namespace} not accessible to a Gateway in namespace ${JSON.stringify(holder.namespace)} (missing a ReferenceGrant?)`};
  }
  return 'usable';
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
