/**
 * A Gateway's `tls.frontend` client-certificate validation (gateway-api v1.5.1 apis/v1
 * gateway_types.go FrontendTLSConfig) as istiod 1.30.3 applies it to a terminating listener
 * that has a usable certificate (pilot/pkg/config/kube/gateway conversion.go buildTLS):
 * - the TLS config for the listener's port: the `perPort` entry for that port, else `default`
 *   (resolveGatewayTLS); a ListenerSet's entries read their parent Gateway's (ListenerSetCollection
 *   passes parentGwObj.Spec to buildListener);
 * - more than one `caCertificateRefs`: "only one caCertificateRef is supported";
 * - the one reference (buildCaCertificateReference): a ConfigMap (its `ca.crt` or `cacert`
 *   string, ExtractRootFromString) or a Secret (ExtractRoot over its data), else "only secret and
 *   configmap are allowed"; missing; without the key; a bundle from which
 *   x509.CertPool.AppendCertsFromPEM takes no certificate ("the bundle is malformed");
 * - another namespace's: a ReferenceGrant must allow it. istiod asks SecretAllowed about the
 *   SDS resource it names, `<name>-cacert` (creds.SdsCaSuffix), so a grant naming the object
 *   itself does not match; only a grant for every object of that kind does.
 * `validation.mode` (AllowValidOnly, AllowInsecureFallback) does not change the verdict (buildTLS:
 * "TODO: add 'Mode'").
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext} from '../../analyzer';
import {appendsCertificates} from '../gateway/keyPair';
import {storedSecretData, truncatedKeysMessage} from '../gateway/secretCertificate';
import {permitted} from './grants';
import {GATEWAY_GROUP, knowsIn, lookup} from './routes';

/** creds.SdsCaSuffix: the suffix of the SDS resource a CA reference becomes. */
const SDS_CA_SUFFIX = '-cacert';
/** secrets.go GenericScrtCaCert and TLSSecretCaCert, in ExtractRoot's order. */
const CA_KEYS = ['cacert', 'ca.crt'] as const;

export interface FrontendError {
  reason: string;
  message: string;
  /** The field of the parent Gateway that says it. */
  gatewayPath: string;
}

/**
 * What buildTLS says of the parent Gateway's frontend validation for a listener on `port` of
 * `owner` (the Gateway itself, or a ListenerSet attached to it); undefined when it accepts it or
 * the run cannot tell.
 */
export function frontendValidationError(ctx: AnalyzerContext, gateway: AnalysisResource, owner: AnalysisResource, port: number): FrontendError | undefined {
  const resolved = resolveGatewayTls(gateway, port);
  if (!resolved) return undefined;
  const refs = asArray(asObject(resolved.config.validation)?.caCertificateRefs);
  if (refs.length === 0) return undefined;
  const refsPath = at(resolved.path, 'validation', 'caCertificateRefs');
  if (refs.length > 1) return {reason: 'InvalidCertificateRef', message: 'only one caCertificateRef is supported', gatewayPath: refsPath};
  const ref = asObject(refs[0]) ?? {};
  const path = at(refsPath, 0);
  const group = asString(ref.group) ?? '';
  const kind = asString(ref.kind) ?? '';
  const name = asString(ref.name) ?? '';
  const written = asString(ref.namespace);
  const namespace = written || owner.namespace;
  // objectReferenceString: group/kind/name.namespace as written
  const described = `${group}/${kind}/${name}.${written ?? ''}`;
  const invalid = (message: string) => ({reason: 'InvalidCertificateRef', message: `invalid CA certificate reference ${described}, ${message}`, gatewayPath: path});
  // NormalizeReference finds the kind by its exact group: "" only (the schemas know no "core" group)
  if (group !== '' || (kind !== 'ConfigMap' && kind !== 'Secret')) return invalid('only secret and configmap are allowed');
  const object = lookup(ctx, '', kind, namespace, name);
  if (!object) {
    if (!knowsIn(ctx, '', kind, namespace)) return undefined;
    return invalid(`${kind.toLowerCase()} ${namespace}/${name} not found`);
  }
  const bundle = kind === 'ConfigMap' ? configMapRoot(object.value) : secretRoot(object.value);
  if (typeof bundle === 'string') return invalid(bundle);
  if (!appendsCertificates(bundle)) return invalid('the bundle is malformed');
  if (namespace !== owner.namespace
    && !permitted(ctx, {group: GATEWAY_GROUP, kind: owner.kind, namespace: owner.namespace}, {group: '', kind, namespace, name: `${name}${SDS_CA_SUFFIX}`})) {
    return {reason: 'RefNotPermitted', gatewayPath: at(path, 'namespace'),
      message: `caCertificateRef ${namespace}/${name} not accessible to a Gateway in namespace ${JSON.stringify(owner.namespace)} (missing a ReferenceGrant?)`};
  }
  return undefined;
}

/** resolveGatewayTLS: the frontend's perPort entry for the port, else its default; with where it is written. */
function resolveGatewayTls(gateway: AnalysisResource, port: number): {config: Obj; path: string} | undefined {
  const frontend = asObject(asObject(asObject(gateway.value.spec)?.tls)?.frontend);
  if (!frontend) return undefined;
  const perPort = asArray(frontend.perPort);
  const index = perPort.findIndex((entry) => asNumber(asObject(entry)?.port) === port);
  if (index >= 0) {
    const config = asObject(asObject(perPort[index])?.tls);
    return config ? {config, path: at('/spec/tls/frontend/perPort', index, 'tls')} : undefined;
  }
  const config = asObject(frontend.default);
  return config ? {config, path: '/spec/tls/frontend/default'} : undefined;
}

/** ExtractRootFromString over a ConfigMap's `data`. */
export function configMapRoot(configMap: Obj): Uint8Array | string {
  const data = new Map<string, Uint8Array>();
  for (const [key, value] of Object.entries(asObject(configMap.data) ?? {})) {
    if (typeof value === 'string') data.set(key, new TextEncoder().encode(value));
  }
  return extractRoot(data);
}

/** ExtractRoot over a Secret's data as stored. */
function secretRoot(secret: Obj): Uint8Array | string {
  const data = storedSecretData(secret);
  return typeof data === 'string' ? data : extractRoot(data);
}

/** secrets.go ExtractRoot: `cacert`, else `ca.crt`, non-empty. */
function extractRoot(data: ReadonlyMap<string, Uint8Array>): Uint8Array | string {
  for (const key of CA_KEYS) {
    const value = data.get(key);
    if (value && value.length > 0) return value;
  }
  for (const key of CA_KEYS) {
    if (data.has(key)) return `found key ${JSON.stringify(key)}, but it was empty`;
  }
  return `found secret, but didn't have expected keys cacert or ca.crt; found: ${truncatedKeysMessage(data)}`;
}
