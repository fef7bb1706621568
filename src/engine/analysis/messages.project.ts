/**
 * The project's own analysis messages: checks istioctl has no analyzer for (analyzers/meshdive/),
 * in the shape of istioctl's table (messages.generated.ts), so each is written once too.
 * Codes name what went wrong rather than number it.
 */
export const PROJECT_MESSAGE_TABLE = {
  DuplicateResource: {code: 'duplicate-resource', level: 'Warning', template: '%s %s is also defined in document %d: kubectl apply keeps only the last definition', args: ['kind', 'resource', 'document']},
  StrictMtlsWithoutInjection: {
    code: 'strict-mtls-without-injection', level: 'Warning',
    template: 'PeerAuthentication %s requires STRICT mTLS, but namespace %q is not labelled for sidecar injection (istio-injection=enabled or istio.io/rev=<revision>): ' +
      "its pods run without a proxy and cannot use mTLS. Run 'kubectl label namespace %s istio-injection=enabled' and restart the workloads",
    args: ['peerAuthentication', 'namespace', 'namespace2'],
  },
  ConflictingDestinationRules: {
    code: 'conflicting-destination-rules', level: 'Warning',
    template: 'DestinationRule %s configures host %s, as does DestinationRule %s: Istio merges them only partly ' +
      "(the first rule's traffic policy wins and subsets with the same name are dropped); keep one DestinationRule per host",
    args: ['destinationRule', 'host', 'other'],
  },
  // The Gateway API's routes (analyzers/gatewayapi/), worded after the route conditions' reasons
  // (gateway-api v1.5.1 apis/v1 shared_types.go) and istiod's messages for them (pilot/pkg/config/kube/gateway).
  GatewayApiParentNotFound: {
    code: 'gateway-api-parent-not-found', level: 'Error',
    template: 'parentRef names %s %s, which does not exist: the route is attached to nothing there (NoMatchingParent)',
    args: ['kind', 'parent'],
  },
  GatewayApiNoMatchingParent: {
    code: 'gateway-api-no-matching-listener', level: 'Error',
    template: 'Gateway %s has no listener %s: the route is not attached to it (NoMatchingParent)',
    args: ['gateway', 'listener'],
  },
  GatewayApiNoMatchingListenerHostname: {
    code: 'gateway-api-no-matching-listener-hostname', level: 'Error',
    template: 'no hostname of the route %v intersects the hostname of a listener of Gateway %s %v: the route is not attached to it (NoMatchingListenerHostname)',
    args: ['hostnames', 'gateway', 'listenerHostnames'],
  },
  GatewayApiNotAllowedByListeners: {
    code: 'gateway-api-route-not-allowed', level: 'Error',
    template: 'the listeners of Gateway %s do not admit a %s from namespace %q: %s (NotAllowedByListeners)',
    args: ['gateway', 'kind', 'namespace', 'reasons'],
  },
  GatewayApiBackendNotFound: {
    code: 'gateway-api-backend-not-found', level: 'Error',
    template: 'backendRef names %s %s, which does not exist: requests sent to this backend get a 500 (BackendNotFound)',
    args: ['kind', 'backend'],
  },
  GatewayApiBackendInvalidKind: {
    code: 'gateway-api-backend-invalid-kind', level: 'Error',
    template: 'backendRef to group %q kind %q, which neither Istio nor Linkerd routes to (a Service is the portable backend): requests sent to it get a 500 (InvalidKind)',
    args: ['group', 'kind'],
  },
  GatewayApiBackendPortNotFound: {
    code: 'gateway-api-backend-port-not-found', level: 'Error',
    template: 'Service %s exposes no port %d (its ports: %v): requests sent to this backend fail',
    args: ['service', 'port', 'ports'],
  },
  GatewayApiBackendRefNotPermitted: {
    code: 'gateway-api-backend-ref-not-permitted', level: 'Error',
    template: 'backendRef to %s %s crosses namespaces, and no ReferenceGrant in namespace %q lets a %s of namespace %q refer to it: requests sent to it get a 500 (RefNotPermitted)',
    args: ['kind', 'backend', 'namespace', 'routeKind', 'routeNamespace'],
  },
  GatewayApiCertificateRefNotPermitted: {
    code: 'gateway-api-certificate-ref-not-permitted', level: 'Error',
    template: 'certificateRef to %s %s crosses namespaces, and no ReferenceGrant in namespace %q lets a Gateway of namespace %q refer to it: listener %q cannot serve TLS (RefNotPermitted)',
    args: ['kind', 'certificate', 'namespace', 'gatewayNamespace', 'listener'],
  },
  ConflictingGatewayApiRoutes: {
    code: 'conflicting-gateway-api-routes', level: 'Warning',
    template: '%s claims the same parent %s, hostname %s and match as %s, which takes precedence (%s): this match never receives a request',
    args: ['match', 'parent', 'hostname', 'winner', 'why'],
  },
  VirtualServiceAndGatewayApiRoute: {
    code: 'virtual-service-and-gateway-api-route', level: 'Warning',
    template: '%s and %s both route host %s: Istio does not support mixing VirtualService and Gateway API routes for one host, which leads to undefined behavior',
    args: ['resource', 'other', 'host'],
  },
} as const;
