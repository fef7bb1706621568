/**
 * admission.rs on the authorization kinds: Validate<AuthorizationPolicySpec> (with the
 * index's authorization_policy::validate), Validate<MeshTLSAuthenticationSpec>
 * (validate_identity_ref) and Validate<ServerAuthorizationSpec>.
 */
import {at, deny, isObj, list, obj, str, type Obj, type Path} from './deny';
import {identityError} from './identity';
import {parseNetworks, validateNetworks} from './networks';
import {
  canonicalKind, GATEWAY_GRPC_ROUTE, GATEWAY_HTTP_ROUTE, LINKERD_HTTP_ROUTE, MESH_TLS_AUTHENTICATION, NAMESPACE,
  NETWORK_AUTHENTICATION, SERVER, SERVICE_ACCOUNT, targetsKind, type GroupKind,
} from './refs';
import {serdeUnexpected} from './rust';

/** Validate<AuthorizationPolicySpec>, then index::authorization_policy::validate (its `target`). */
export function validateAuthorizationPolicy(spec: Obj, namespace: string): void {
  const target = obj(spec.targetRef);
  if (targetsKind(target, NAMESPACE) && str(target.name) !== namespace) {
    deny('/spec/targetRef/name', `cannot target another namespace: ${str(target.name) ?? ''}`);
  }
  checkAuthenticationRefs(list(spec.requiredAuthenticationRefs));
  // authorization_policy.rs target(): a Server, the Namespace, or an HTTPRoute or GRPCRoute.
  if (!AUTHORIZATION_TARGETS.some((kind) => targetsKind(target, kind))) {
    deny('/spec/targetRef/kind', `unsupported authorization target type: ${canonicalKind(target)}`);
  }
}

const AUTHORIZATION_TARGETS = [SERVER, NAMESPACE, LINKERD_HTTP_ROUTE, GATEWAY_HTTP_ROUTE, GATEWAY_GRPC_ROUTE];
const AUTHENTICATIONS = [MESH_TLS_AUTHENTICATION, NETWORK_AUTHENTICATION, SERVICE_ACCOUNT];

/**
 * requiredAuthenticationRefs: at most one MeshTLSAuthentication or ServiceAccount (not one of
 * each), at most one NetworkAuthentication, nothing else. Each ref's kind is read once.
 */
function checkAuthenticationRefs(refs: readonly unknown[]): void {
  const kinds = refs.map((ref) => AUTHENTICATIONS.find((kind) => targetsKind(obj(ref), kind)));
  const path = (i: number) => at('/spec/requiredAuthenticationRefs', i);
  /** The second ref of one of these kinds, -1 when there is none. */
  const second = (a: GroupKind, b?: GroupKind) => {
    let seen = 0;
    for (let i = 0; i < kinds.length; i++) {
      if ((kinds[i] === a || (b !== undefined && kinds[i] === b)) && ++seen === 2) return i;
    }
    return -1;
  };
  let i: number;
  if ((i = second(MESH_TLS_AUTHENTICATION)) >= 0) deny(path(i), 'only a single MeshTLSAuthentication may be set');
  if ((i = second(SERVICE_ACCOUNT)) >= 0) deny(path(i), 'only a single ServiceAccount may be set');
  if ((i = second(MESH_TLS_AUTHENTICATION, SERVICE_ACCOUNT)) >= 0) deny(path(i), 'a MeshTLSAuthentication and ServiceAccount may not be set together');
  if ((i = second(NETWORK_AUTHENTICATION)) >= 0) deny(path(i), 'only a single NetworkAuthentication may be set');
  const first = kinds.indexOf(undefined);
  if (first >= 0) {
    const unsupported = refs.filter((_, j) => kinds[j] === undefined).map((ref) => canonicalKind(obj(ref)));
    deny(at(path(first), 'kind'), `unsupported authentication kind(s): ${unsupported.join(', ')}`);
  }
}

/** Validate<MeshTLSAuthenticationSpec>: every identity valid, every identityRef a ServiceAccount or a Namespace without a namespace. */
export function validateMeshTLSAuthentication(spec: Obj): void {
  const identities = list(spec.identities);
  for (let i = 0; i < identities.length; i++) {
    const id = identities[i];
    if (typeof id !== 'string') deny(at('/spec/identities', i), `invalid type: ${serdeUnexpected(id)}, expected a string`);
    const error = identityError(id);
    if (error) deny(at('/spec/identities', i), `id ${id} is invalid: ${error}`);
  }
  const refs = list(spec.identityRefs);
  for (let i = 0; i < refs.length; i++) {
    const ref = obj(refs[i]);
    if (targetsKind(ref, SERVICE_ACCOUNT)) continue;
    const path = at('/spec/identityRefs', i);
    if (targetsKind(ref, NAMESPACE)) {
      if (ref.namespace !== undefined && ref.namespace !== null) deny(at(path, 'namespace'), 'Namespace identity_ref is cluster-scoped and cannot have a namespace');
      continue;
    }
    deny(at(path, 'kind'), `invalid identity target kind: ${canonicalKind(ref)}`);
  }
}

/** Validate<ServerAuthorizationSpec>: meshTLS excludes `unauthenticated`; `unauthenticatedTLS` excludes identities and service accounts; networks as validate_networks. */
export function validateServerAuthorization(spec: Obj): void {
  const client = obj(spec.client);
  const networks = parseNetworks(client.networks, '/spec/client/networks');
  checkLabelValues(obj(spec.server).selector, '/spec/server/selector');
  if (isObj(client.meshTLS)) {
    const mtls = client.meshTLS;
    if (client.unauthenticated === true) deny('/spec/client/unauthenticated', '`unauthenticated` must be false if `mesh_tls` is specified');
    if (mtls.unauthenticatedTLS === true && list(mtls.identities).length + list(mtls.serviceAccounts).length > 0) {
      deny('/spec/client/meshTLS/unauthenticatedTLS', '`unauthenticatedTLS` be false if any `identities` or `service_accounts` is specified');
    }
  }
  validateNetworks(networks);
}

/**
 * labels.rs Selector: `matchLabels` is a map of strings, which the CRD does not enforce (it keeps
 * unknown fields there): serde refuses any other value.
 */
export function checkLabelValues(selector: unknown, path: Path): void {
  if (!isObj(selector) || !isObj(selector.matchLabels)) return;
  const labels = selector.matchLabels;
  for (const key of Object.keys(labels)) {
    if (typeof labels[key] !== 'string') deny(at(path, 'matchLabels', key), `invalid type: ${serdeUnexpected(labels[key])}, expected a string`);
  }
}
