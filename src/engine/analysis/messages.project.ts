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
    template: '%s has no listener %s: the route is not attached to it (NoMatchingParent)',
    args: ['parent', 'listener'],
  },
  GatewayApiNoMatchingListenerHostname: {
    code: 'gateway-api-no-matching-listener-hostname', level: 'Error',
    template: 'no hostname of the route %v intersects the hostname of a listener of %s %v: the route is not attached to it (NoMatchingListenerHostname)',
    args: ['hostnames', 'parent', 'listenerHostnames'],
  },
  GatewayApiNotAllowedByListeners: {
    code: 'gateway-api-route-not-allowed', level: 'Error',
    template: 'the listeners of %s do not admit a %s from namespace %q: %s (NotAllowedByListeners)',
    args: ['parent', 'kind', 'namespace', 'reasons'],
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
  GatewayApiBackendNotIstiodService: {
    code: 'gateway-api-backend-not-istiod-service', level: 'Error',
    template: 'backendRef to group %q kind %q, which Linkerd reads as a Service but istiod does not (it takes group "" or none, and kind Service, as written): ' +
      'istiod refuses it ("referencing unsupported backendRef") and requests sent to it get a 500 (InvalidKind)',
    args: ['group', 'kind'],
  },
  GatewayApiBackendHostnameAsName: {
    code: 'gateway-api-backend-hostname-as-name', level: 'Error',
    template: 'backendRef names Service %q, which is a hostname: name the Service (%q) and put its namespace in namespace. istiod refuses it ("the name of the Service must be used, not the hostname"): requests sent to it get a 500',
    args: ['name', 'service'],
  },
  GatewayApiHostnameBackendNamespace: {
    code: 'gateway-api-hostname-backend-namespace', level: 'Error',
    template: 'backendRef to Hostname %q sets namespace %q, which a Hostname backend does not take: istiod refuses the route ("namespace may not be set with Hostname type") and serves none of its rules',
    args: ['hostname', 'namespace'],
  },
  GatewayApiBackendPortNotFound: {
    code: 'gateway-api-backend-port-not-found', level: 'Error',
    template: 'Service %s exposes no port %d (its ports: %v): requests sent to this backend fail',
    args: ['service', 'port', 'ports'],
  },
  GatewayApiBackendRefNotPermitted: {
    code: 'gateway-api-backend-ref-not-permitted', level: 'Error',
    template: 'backendRef to %s %s crosses namespaces, and no ReferenceGrant in namespace %q lets a %s of namespace %q refer to it: %s (RefNotPermitted)',
    args: ['kind', 'backend', 'namespace', 'routeKind', 'routeNamespace', 'consequence'],
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
  // Linkerd 2.20's policy resources across the run (analyzers/linkerd/), as its policy controller and proxy injector read them.
  LinkerdPolicyTargetNotFound: {
    code: 'linkerd-policy-target-not-found', level: 'Error',
    template: 'AuthorizationPolicy %s targets %s %q, which does not exist in namespace %s: the policy authorizes nothing, so the clients it names are ' +
      'refused (HTTP 403, or the TCP connection closed) wherever no other policy allows them (linkerd/linkerd2#13166)',
    args: ['policy', 'kind', 'name', 'namespace'],
  },
  LinkerdPolicyRouteWithoutServer: {
    code: 'linkerd-policy-route-without-server', level: 'Warning',
    template: 'AuthorizationPolicy %s targets %s %q, which %s: Linkerd authorizes requests on a route only where the route ' +
      'is attached to a Server (parentRef group policy.linkerd.io, kind Server), so this policy authorizes nothing',
    args: ['policy', 'kind', 'name', 'why'],
  },
  LinkerdPolicyNamespaceWithoutServers: {
    code: 'linkerd-policy-namespace-without-servers', level: 'Warning',
    template: 'AuthorizationPolicy %s targets namespace %s, which has no Server: a namespace-wide policy applies to the ports Servers select, and ports no Server ' +
      'selects follow the default inbound policy, so this policy authorizes nothing. Add a Server for the ports it should open',
    args: ['policy', 'namespace'],
  },
  LinkerdAuthenticationNotFound: {
    code: 'linkerd-authentication-not-found', level: 'Error',
    template: 'AuthorizationPolicy %s requires %s %q, which does not exist in namespace %s: the policy controller ignores the whole policy ' +
      '("could not find %s %s in namespace %s"), so the clients it names are refused (HTTP 403, or the TCP connection closed) (linkerd/linkerd2#13166)',
    args: ['policy', 'kind', 'name', 'namespace', 'kind2', 'name2', 'namespace2'],
  },
  LinkerdServiceAccountNotFound: {
    code: 'linkerd-service-account-not-found', level: 'Error',
    template: '%s %s names ServiceAccount %q, which does not exist in namespace %s: no workload can present its identity %s, ' +
      'so it never authenticates a client and their requests are refused (HTTP 403) (linkerd/linkerd2#13166)',
    args: ['kind', 'resource', 'serviceAccount', 'namespace', 'identity'],
  },
  LinkerdIdentityNamespaceNotFound: {
    code: 'linkerd-identity-namespace-not-found', level: 'Error',
    template: 'MeshTLSAuthentication %s names namespace %q, which does not exist: no workload can present an identity %s, so it never authenticates a client',
    args: ['authentication', 'namespace', 'identity'],
  },
  LinkerdServerSelectsNoPods: {
    code: 'linkerd-server-selects-no-pods', level: 'Warning',
    template: 'Server %s selects no pod in namespace %s (%s): it applies to nothing, and the pods it was meant for follow their default inbound policy',
    args: ['server', 'namespace', 'selector'],
  },
  LinkerdServerPortNameNotFound: {
    code: 'linkerd-server-port-name-not-found', level: 'Warning',
    template: 'Server %s selects port %q, but no container of its pods (%s) has a TCP port of that name: the Server applies to no port. ' +
      'Name a containerPort %q or give the port number',
    args: ['server', 'port', 'workloads', 'port2'],
  },
  LinkerdServerPortNotDeclared: {
    code: 'linkerd-server-port-not-declared', level: 'Warning',
    template: 'Server %s selects port %d, which no container of its pods (%s) declares (they declare %s): the Server governs port %d only if the application ' +
      'listens there; traffic to the declared ports follows the default inbound policy',
    args: ['server', 'port', 'workloads', 'declared', 'port2'],
  },
  LinkerdServerAuthorizationSelectsNoServer: {
    code: 'linkerd-serverauthorization-selects-no-server', level: 'Warning',
    template: 'ServerAuthorization %s selects no Server in namespace %s (%s): it authorizes nothing. ServerAuthorization is deprecated: ' +
      'write an AuthorizationPolicy whose targetRef names the Server',
    args: ['authorization', 'namespace', 'selector'],
  },
  LinkerdServerDeniesAll: {
    code: 'linkerd-server-denies-all', level: 'Warning',
    template: 'Server %s (port %v of pods %s) has accessPolicy %s and no AuthorizationPolicy, ServerAuthorization or authorized route allows any client%s: ' +
      'every request is refused (HTTP 403; other TCP connections are closed). Add an AuthorizationPolicy with targetRef ' +
      '{group: policy.linkerd.io, kind: Server, name: %s}, or set accessPolicy to a policy that allows (e.g. all-authenticated)',
    args: ['server', 'port', 'selector', 'accessPolicy', 'ignored', 'name'],
  },
  LinkerdDefaultDenyUncovered: {
    code: 'linkerd-default-deny-uncovered', level: 'Warning',
    template: '%s has default inbound policy deny (%s) and no Server selects %s: every connection there is refused (HTTP 403; other TCP connections closed), ' +
      'kubelet probes excepted. An AuthorizationPolicy alone does not help: add a Server selecting the port and an AuthorizationPolicy targeting it',
    args: ['workload', 'source', 'ports'],
  },
  LinkerdInvalidDefaultInboundPolicy: {
    code: 'linkerd-invalid-default-inbound-policy', level: 'Warning',
    template: 'invalid value %q for annotation "config.linkerd.io/default-inbound-policy" at %s: the policy controller ignores it ("Invalid default policy annotation value") ' +
      'and applies the cluster default instead (valid values: all-unauthenticated, all-authenticated, cluster-unauthenticated, cluster-authenticated, deny, audit)',
    args: ['value', 'where'],
  },
  LinkerdWorkloadNotInjected: {
    code: 'linkerd-workload-not-injected', level: 'Warning',
    template: '%s runs without a Linkerd proxy in namespace %s, which is meshed (%s): its pods get no mTLS identity and no inbound policy, and Servers ' +
      'that require authentication refuse their requests. Annotate its pod template (or the namespace) linkerd.io/inject: enabled, or linkerd.io/inject: disabled to opt out',
    args: ['workload', 'namespace', 'evidence'],
  },
  LinkerdInjectionSkipped: {
    code: 'linkerd-injection-skipped', level: 'Warning',
    template: '%s is marked for Linkerd injection (%s), but the proxy injector skips it: %s. Its pods run without a Linkerd proxy: no mTLS identity, no inbound policy',
    args: ['workload', 'marking', 'reason'],
  },
  LinkerdInvalidInjectAnnotation: {
    code: 'linkerd-invalid-inject-annotation', level: 'Warning',
    template: 'invalid value %q for annotation "linkerd.io/inject" at %s: the proxy injector skips %s (valid values: enabled, disabled, ingress)',
    args: ['value', 'where', 'what'],
  },
  LinkerdIdentityFromUnmeshedClient: {
    code: 'linkerd-identity-from-unmeshed-client', level: 'Warning',
    template: '%s %s requires the identity of ServiceAccount %s, but every workload running as it (%s) is unmeshed: without a Linkerd proxy they present ' +
      'no mTLS identity, so their requests are refused (HTTP 403). Mesh them (linkerd.io/inject: enabled)',
    args: ['kind', 'resource', 'serviceAccount', 'workloads'],
  },
  AmbientL7PolicyWithoutWaypoint: {
    code: 'ambient-l7-policy-without-waypoint', level: 'Warning',
    template: 'AuthorizationPolicy %s reaches ambient workloads (%s) through %s, not targetRefs, so ztunnel enforces it, and ztunnel does not support HTTP attributes (found: %s): %s ' +
      'Attach it to the waypoint instead (targetRefs: a Service enrolled with istio.io/use-waypoint, or the waypoint Gateway)',
    args: ['policy', 'workloads', 'attachment', 'attributes', 'effect'],
  },
  AmbientPolicyTargetNotFound: {
    code: 'ambient-policy-target-not-found', level: 'Error',
    template: '%s %s targets %s %s, which does not exist: the policy is bound to no waypoint and applies nowhere (WaypointAccepted: TargetNotFound)',
    args: ['kind', 'policy', 'targetKind', 'target'],
  },
  AmbientUseWaypointNotFound: {
    code: 'ambient-use-waypoint-not-found', level: 'Error',
    template: '%s %s is labelled istio.io/use-waypoint=%s, but there is no Gateway %s: its traffic skips the waypoint and no L7 routing or policy applies to it ' +
      '(istiod reports WaypointIsNotReady: waypoint %q is not ready)',
    args: ['kind', 'object', 'name', 'waypoint', 'waypoint2'],
  },
  AmbientWaypointAttachmentDenied: {
    code: 'ambient-waypoint-attachment-denied', level: 'Warning',
    template: '%s %s uses waypoint %s, whose listener does not admit namespace %s (allowedRoutes.namespaces, Same unless set): istiod denies the attachment and the traffic skips the waypoint ' +
      '(AttachmentDenied: we are not permitted to attach to waypoint %q (missing allowedRoutes?))',
    args: ['kind', 'object', 'waypoint', 'namespace', 'waypoint2'],
  },
  AmbientWaypointTrafficTypeMismatch: {
    code: 'ambient-waypoint-traffic-type-mismatch', level: 'Warning',
    template: '%s %s uses waypoint %s for %s traffic, but that waypoint is for %q traffic (istio.io/waypoint-for): the binding is refused and the traffic skips the waypoint ' +
      '(UnsupportedTrafficType). Label the waypoint istio.io/waypoint-for: %s or all',
    args: ['kind', 'object', 'waypoint', 'traffic', 'waypointFor', 'wanted'],
  },
  AmbientPolicyServiceWithoutWaypoint: {
    code: 'ambient-policy-service-without-waypoint', level: 'Warning',
    template: '%s %s targets Service %s, which uses no waypoint (%s): only a waypoint enforces a policy attached to a Service, so this one applies nowhere ' +
      '(WaypointAccepted: AncestorNotBound). Label the Service istio.io/use-waypoint: <waypoint>',
    args: ['kind', 'policy', 'service', 'reason'],
  },
  // Gateway API parents beyond a Gateway's own listeners, and Istio's two gateway APIs on one proxy (analyzers/gatewayapi/).
  GatewayApiListenerSetNotAccepted: {
    code: 'gateway-api-listener-set-not-accepted', level: 'Error',
    template: 'parentRef names ListenerSet %s, which its Gateway does not accept: %s (NotAllowed): the route is attached to nothing there',
    args: ['listenerSet', 'reason'],
  },
  GatewayApiServiceParentPortNotFound: {
    code: 'gateway-api-service-parent-port-not-found', level: 'Warning',
    template: 'parentRef names port %d of Service %s, which exposes no such port (its ports: %v): a mesh route binds to the Service port its parentRef names, so this one applies to no request',
    args: ['port', 'service', 'ports'],
  },
  VirtualServiceAndGatewayApiRouteOnGateway: {
    code: 'virtual-service-and-gateway-api-route-on-gateway', level: 'Warning',
    template: '%s and %s both route host %s on port %d of the same gateway proxies (%s): Istio does not support mixing VirtualService and Gateway API routes for one host, which leads to undefined behavior',
    args: ['resource', 'other', 'host', 'port', 'proxies'],
  },
  // A ListenerSet's own conditions, as istiod 1.30 writes them (analyzers/gatewayapi/listenerSetStatus.ts).
  GatewayApiListenerSetNotAllowed: {
    code: 'gateway-api-listener-set-not-allowed', level: 'Error',
    template: 'ListenerSet is not taken by its Gateway: %s. istiod sets Accepted and Programmed to False (NotAllowed: %s), and its listeners serve nothing',
    args: ['reason', 'condition'],
  },
  GatewayApiListenerSetParentNotFound: {
    code: 'gateway-api-listener-set-parent-not-found', level: 'Error',
    template: 'The ListenerSet is attached to nothing: %s, so istiod writes no status on it and its listeners serve nothing',
    args: ['reason'],
  },
  // A listener entry of an accepted ListenerSet, as istiod 1.30.3's buildListener judges it (analyzers/gatewayapi/listenerSetListeners.ts).
  GatewayApiListenerSetListenerInvalid: {
    code: 'gateway-api-listener-set-listener-invalid', level: 'Error',
    template: 'Listener %s of the ListenerSet is not programmed as written: istiod sets %s',
    args: ['listener', 'conditions'],
  },
  // An accepted ListenerSet's own conditions, as istiod 1.30.3's reportListenerSetStatus writes them (analyzers/gatewayapi/gatewayProgrammed.ts).
  GatewayApiListenerSetNotProgrammed: {
    code: 'gateway-api-listener-set-not-programmed', level: 'Error',
    template: 'The ListenerSet is taken by its Gateway but not served as written: istiod sets %s',
    args: ['conditions'],
  },
  // A Gateway's own listener, as istiod 1.30.3's buildListener judges it (analyzers/gatewayapi/gatewayStatus.ts, listenerConditions.ts).
  GatewayApiListenerInvalid: {
    code: 'gateway-api-listener-invalid', level: 'Error',
    template: 'Listener %s of the Gateway is not programmed as written: istiod sets %s',
    args: ['listener', 'conditions'],
  },
  // A Gateway's own conditions, as istiod 1.30.3's reportGatewayStatus writes them (analyzers/gatewayapi/gatewayStatus.ts, gatewayProgrammed.ts).
  GatewayApiGatewayNotProgrammed: {
    code: 'gateway-api-gateway-not-programmed', level: 'Error',
    template: 'The Gateway is not served as written: istiod sets %s',
    args: ['conditions'],
  },
  // A listener istiod reports programmed that serves the gateway proxy's own certificate: buildTLS's credNames[0] (analyzers/gatewayapi/listenerTls.ts).
  GatewayApiListenerServesWorkloadCertificate: {
    code: 'gateway-api-listener-serves-workload-certificate', level: 'Error',
    template: 'Listener %s serves the gateway proxy\'s own workload certificate (SDS "default", signed by the mesh CA), not Secret %s: ' +
      'istiod refuses certificateRefs[0] (%s), then takes the first of its credential names, which that refusal left empty, and drops the error, ' +
      'so every condition of the listener is True',
    args: ['listener', 'secret', 'refusal'],
  },
  // A BackendTLSPolicy's conditions, as istiod 1.30.3's BackendTLSPolicyCollection writes them (analyzers/gatewayapi/backendTlsPolicies.ts).
  GatewayApiBackendTlsPolicyNotAccepted: {
    code: 'gateway-api-backend-tls-policy-not-accepted', level: 'Error',
    template: 'The BackendTLSPolicy is not applied as written: istiod sets %s, so %s',
    args: ['conditions', 'effect'],
  },
  // A Gateway of a class istiod creates only under settings this cluster's istiod lacks (analyzers/gatewayapi/gatewayStatus.ts, gatewayClasses.ts).
  GatewayApiGatewayClassNotServed: {
    code: 'gateway-api-gateway-class-not-served', level: 'Error',
    template: 'GatewayClass %s does not exist in this cluster: %s. No controller takes the Gateway, so nothing serves it and it gets no status',
    args: ['class', 'reason'],
  },
} as const;
