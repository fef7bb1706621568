/**
 * admission.rs on the authorization kinds: Validate<AuthorizationPolicySpec> (with the
 * index's authorization_policy::validate), Validate<MeshTLSAuthenticationSpec>
 * (validate_identity_ref) and Validate<ServerAuthorizationSpec>.
 */
import {at, deny, isObj, list, obj, str, type Obj} from './deny';
import {identityError} from './identity';
import {parseNetworks, validateNetworks} from './networks';
import {
  canonicalKind, GATEWAY_GRPC_ROUTE, GATEWAY_HTTP_ROUTE, LINKERD_HTTP_ROUTE, MESH_TLS_AUTHENTICATION, NAMESPACE,
  NETWORK_AUTHENTICATION, SERVER, SERVICE_ACCOUNT, targetsKind,
} from './refs';
import {serdeUnexpected} from './rust';

/** Validate<AuthorizationPolicySpec>, then index::authorization_policy::validate (its `target`). */
export function validateAuthorizationPolicy(spec: Obj, namespace: string): void {
  const target = obj(spec.targetRef);
  if (targetsKind(target, NAMESPACE) && str(target.name) !== namespace) {
    deny('/spec/targetRef/name', `cannot target another namespace: ${str(target.name) ?? ''}`);
  }
  const refs = list(spec.requiredAuthenticationRefs).map((ref, i) => ({ref: obj(ref), path: at('/spec/requiredAuthenticationRefs', i)}));
  const mtls = refs.filter(({ref}) => targetsKind(ref, MESH_TLS_AUTHENTICATION));
  if (mtls.length > 1) deny(mtls[1]!.path, 'only a single MeshTLSAuthentication may be set');
  const serviceAccounts = refs.filter(({ref}) => targetsKind(ref, SERVICE_ACCOUNT));
  if (serviceAccounts.length > 1) deny(serviceAccounts[1]!.path, 'only a single ServiceAccount may be set');
  if (mtls.length + serviceAccounts.length > 1) {
    deny(refs.filter(({ref}) => targetsKind(ref, MESH_TLS_AUTHENTICATION) || targetsKind(ref, SERVICE_ACCOUNT))[1]!.path,
      'a MeshTLSAuthentication and ServiceAccount may not be set together');
  }
  const networks = refs.filter(({ref}) => targetsKind(ref, NETWORK_AUTHENTICATION));
  if (networks.length > 1) deny(networks[1]!.path, 'only a single NetworkAuthentication may be set');
  const unsupported = refs.filter(({ref}) => ![MESH_TLS_AUTHENTICATION, NETWORK_AUTHENTICATION, SERVICE_ACCOUNT].some((kind) => targetsKind(ref, kind)));
  if (unsupported.length > 0) {
    deny(at(unsupported[0]!.path, 'kind'), `unsupported authentication kind(s): ${unsupported.map(({ref}) => canonicalKind(ref)).join(', ')}`);
  }
  // authorization_policy.rs target(): a Server, the Namespace, or an HTTPRoute or GRPCRoute.
  if (![SERVER, NAMESPACE, LINKERD_HTTP_ROUTE, GATEWAY_HTTP_ROUTE, GATEWAY_GRPC_ROUTE].some((kind) => targetsKind(target, kind))) {
    deny('/spec/targetRef/kind', `unsupported authorization target type: ${canonicalKind(target)}`);
  }
}

/** Validate<MeshTLSAuthenticationSpec>: every identity valid, every identityRef a ServiceAccount or a Namespace without a namespace. */
export function validateMeshTLSAuthentication(spec: Obj): void {
  list(spec.identities).forEach((id, i) => {
    const path = at('/spec/identities', i);
    if (typeof id !== 'string') deny(path, `invalid type: ${serdeUnexpected(id)}, expected a string`);
    const error = identityError(id);
    if (error) deny(path, `id ${id} is invalid: ${error}`);
  });
  list(spec.identityRefs).forEach((value, i) => {
    const ref = obj(value);
    const path = at('/spec/identityRefs', i);
    if (targetsKind(ref, SERVICE_ACCOUNT)) return;
    if (targetsKind(ref, NAMESPACE)) {
      if (ref.namespace !== undefined && ref.namespace !== null) deny(at(path, 'namespace'), 'Namespace identity_ref is cluster-scoped and cannot have a namespace');
      return;
    }
    deny(at(path, 'kind'), `invalid identity target kind: ${canonicalKind(ref)}`);
  });
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
export function checkLabelValues(selector: unknown, path: string): void {
  if (!isObj(selector) || !isObj(selector.matchLabels)) return;
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (typeof value !== 'string') deny(at(path, 'matchLabels', key), `invalid type: ${serdeUnexpected(value)}, expected a string`);
  }
}
