/**
 * How each mesh reads a reference's group and kind (as written, the CRD's default applied) when
 * it asks whether the reference names a kind of the core group, above all a Service: istiod,
 * Linkerd's policy controller and Linkerd's admission webhook each compare differently, so each
 * reading has one function here and every caller goes through it.
 */

export interface GroupKind {
  group: string;
  kind: string;
}

/**
 * A reference to a Service as istiod 1.30.3 reads it: group "" exactly (the field left out
 * defaults to it) and kind Service. NormalizeReference (gatewaycommon/references.go) looks the
 * group and kind up with collections.All.FindByGroupKind, which compares them as written
 * (pkg/config/schema/collection/schemas.go:158); the Service schema's group is "", so "core"
 * names no kind istiod knows (buildDestination: "referencing unsupported backendRef";
 * toInternalParentReference: "unsupported parent"; buildSecretReference: "only secret is allowed").
 */
export const istiodReadsService = (group: string, kind: string) => group === '' && kind === 'Service';

/** pkg/config/model.go CanonicalGroup: the core group written "" is "core". */
const canonicalGroup = (group: string) => group || 'core';

/**
 * Whether a policy's targetRef (AuthorizationPolicy, RequestAuthentication, Telemetry, ...) names
 * `target`, as istiod 1.30.3 reads it: matchesGroupKind (pilot/pkg/model/policyattachment.go)
 * compares CanonicalGroup of each group and the kind exactly, so a Service is `group: ""` or
 * `group: core` alike, never `Core` nor kind `service`; validation.go
 * validatePolicyTargetReference admits the same pairs (allowedTargetRefs).
 */
export const istiodPolicyTargets = (ref: GroupKind, target: GroupKind) =>
  canonicalGroup(ref.group) === canonicalGroup(target.group) && ref.kind === target.kind;

/**
 * Rust's eq_ignore_ascii_case: only A-Z fold, unlike toLowerCase (the Kelvin sign is no `k`).
 * Compared code unit by code unit, no lowered copies: Linkerd's analyzers and admission ask it
 * for every reference of every route and policy, and the regex replace was 2% of a manifest's run.
 */
export function equalIgnoringAsciiCase(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/**
 * Whether a reference names `target`'s kind as Linkerd 2.20's policy controller reads it
 * (k8s/api/src/policy.rs targets_kind, behind every targetRef, identityRef and
 * requiredAuthenticationRef): a group unset or empty is "core", and group and kind are compared
 * ignoring ASCII case.
 */
export const linkerdTargetsKind = (group: string | undefined, kind: string, target: GroupKind) =>
  equalIgnoringAsciiCase(group || 'core', target.group || 'core') && equalIgnoringAsciiCase(kind, target.kind);

/**
 * A reference to a Service as Linkerd 2.20's policy controller reads it (k8s/index
 * outbound/index.rs is_service, is_parent_service): group unset, "" or "core", and kind
 * Service, both in any ASCII case: targets_kind for Service.
 */
export const linkerdReadsService = (group: string, kind: string) => linkerdTargetsKind(group, kind, {group: 'core', kind: 'Service'});

/**
 * A route status's parentRef naming a Service as Linkerd 2.20's outbound index reads it when it asks
 * whether the Service accepted the route (k8s/index/src/outbound/index/{http,grpc,tls,tcp}.rs
 * route_accepted_by_service, route_accepted_by_resource_port): a group unset or "" is "core", then
 * group and kind are compared exactly, so `group: Core` or `kind: service` is no Service there,
 * although is_parent_service (linkerdReadsService) takes the same spec parentRef as one.
 */
export const linkerdStatusNamesService = (group: string | undefined, kind: string | undefined) => (group || 'core') === 'core' && kind === 'Service';

/**
 * A backend reference to an EgressNetwork as Linkerd 2.20's policy controller reads it (k8s/index
 * outbound/index.rs is_egress_network): group policy.linkerd.io (unset or empty is not it) and
 * kind EgressNetwork, both in any ASCII case.
 */
export const linkerdReadsEgressNetwork = (group: string, kind: string) => linkerdTargetsKind(group, kind, {group: 'policy.linkerd.io', kind: 'EgressNetwork'});

/** The reading of a route's Service reference by the mesh whose proxies route it. */
export const readsServiceIn = (mesh: 'istio' | 'linkerd') => (mesh === 'istio' ? istiodReadsService : linkerdReadsService);

/**
 * A route's backendRef to a Service as Linkerd 2.20's admission webhook reads it
 * (runtime/src/admission.rs validate_http_backend_if_service, validate_grpc_backend_if_service):
 * group unset, "" or "core" and kind unset or "Service", each matched exactly, so `kind: service`
 * or `group: Core` needs no port at admission though the index then reads it as a Service.
 */
export const linkerdAdmissionReadsServiceBackend = (group: string | undefined, kind: string | undefined) =>
  (group === undefined || group === '' || group === 'core') && (kind === undefined || kind === 'Service');
