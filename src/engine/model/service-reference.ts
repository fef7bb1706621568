/**
 * Whether a Gateway API reference (group, kind as written, the group's default applied) names a
 * Kubernetes Service: the two meshes read it differently, so each has its function.
 */

/**
 * A reference to a Service as istiod 1.30.3 reads it: group "" exactly (the field left out
 * defaults to it) and kind Service. NormalizeReference (gatewaycommon/references.go) looks the
 * group and kind up with collections.All.FindByGroupKind, which compares them as written
 * (pkg/config/schema/collection/schemas.go:158); the Service schema's group is "", so "core"
 * names no kind istiod knows (buildDestination: "referencing unsupported backendRef";
 * toInternalParentReference: "unsupported parent"; buildSecretReference: "only secret is allowed").
 */
export const istiodReadsService = (group: string, kind: string) => group === '' && kind === 'Service';

/**
 * A reference to a Service as Linkerd 2.20's policy controller reads it (k8s/index
 * outbound/index.rs is_service, is_parent_service): group unset, "" or "core", and kind
 * Service, both in any case.
 */
export const linkerdReadsService = (group: string, kind: string) => (group === '' || group.toLowerCase() === 'core') && kind.toLowerCase() === 'service';
