// Generates realistic multi-document Istio manifests for benchmarks, in apiVersions
// that both this engine and @kubernetes-models/istio (Istio 1.18 models) know. Each
// shape stresses a different part of the reader and the checks (SHAPES, below); the
// first, generateManifest, is the plain block style most tools write.

const KINDS = [virtualService, destinationRule, gateway, serviceEntry, peerAuthentication, authorizationPolicy];

export function generateManifest(count) {
  const documents = [];
  // Six kinds per service: each VirtualService has the DestinationRule its subsets need.
  for (let i = 0; i < count; i++) documents.push(KINDS[i % KINDS.length](Math.floor(i / KINDS.length)));
  return documents.join('---\n');
}

export function smallVirtualService() {
  return virtualService(0);
}

function meta(kind, i) {
  return `metadata:
  name: ${kind}-${i}
  namespace: team-${i % 50}
  labels:
    app: app-${i % 500}
`;
}

function virtualService(i) {
  return `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
${meta('reviews', i)}spec:
  hosts:
  - reviews-${i}.team-${i % 50}.svc.cluster.local
  http:
  - name: canary
    match:
    - headers:
        end-user:
          exact: jason
      uri:
        prefix: /api/v1
    route:
    - destination:
        host: reviews-${i}.team-${i % 50}.svc.cluster.local
        subset: v2
      weight: 90
    - destination:
        host: reviews-${i}.team-${i % 50}.svc.cluster.local
        subset: v3
      weight: 10
    timeout: 2s
  - route:
    - destination:
        host: reviews-${i}.team-${i % 50}.svc.cluster.local
        subset: v1
`;
}

function destinationRule(i) {
  return `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
${meta('reviews', i)}spec:
  host: reviews-${i}.team-${i % 50}.svc.cluster.local
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
  - name: v3
    labels:
      version: v3
`;
}

function gateway(i) {
  return `apiVersion: networking.istio.io/v1beta1
kind: Gateway
${meta('ingress', i)}spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "shop-${i}.example.com"
    tls:
      mode: SIMPLE
      credentialName: shop-${i}-cert
`;
}

function serviceEntry(i) {
  return `apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
${meta('external', i)}spec:
  hosts:
  - api-${i}.partner.example.com
  location: MESH_EXTERNAL
  ports:
  - number: 443
    name: https
    protocol: TLS
  resolution: DNS
`;
}

function peerAuthentication(i) {
  return `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
${meta('strict', i)}spec:
  selector:
    matchLabels:
      app: app-${i % 500}
  mtls:
    mode: STRICT
  portLevelMtls:
    "8080":
      mode: PERMISSIVE
`;
}

function authorizationPolicy(i) {
  return `apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
${meta('allow-frontend', i)}spec:
  selector:
    matchLabels:
      app: app-${i % 500}
  action: ALLOW
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/team-${i % 50}/sa/frontend
    to:
    - operation:
        methods: ["GET", "POST"]
        paths: ["/api/*"]
`;
}

/**
 * The benchmark's shapes, 20,000 resources each in the benchmark: `{manifest, context?}`
 * for a count. `context` (YAML text) is the cluster the manifest is validated against.
 */
export const SHAPES = {
  /** Block style only: valid resources of the kinds a mesh has most of. */
  block: (count) => ({manifest: generateManifest(count)}),
  /** As people write by hand: quoted keys, flow maps and lists of quoted strings, comments, anchors and aliases. */
  styled: (count) => ({manifest: generateStyledManifest(count)}),
  /** A tenth of the documents with findings: schema errors, istiod webhook errors and analysis findings. */
  findings: (count) => ({manifest: generateManifestWithFindings(count)}),
  /** Spread over many namespaces and checked against a cluster context of Services and Deployments. */
  namespaces: (count) => generateNamespacedManifest(count),
  /** The Gateway API and Linkerd: Gateways, HTTPRoutes (Gateway and Service parents), GRPCRoutes, ReferenceGrants, Linkerd policy. */
  'mesh-apis': (count) => ({manifest: generateMeshApisManifest(count)}),
};

const STYLED_KINDS = [styledVirtualService, styledDestinationRule, styledPeerAuthentication, styledAuthorizationPolicy];

export function generateStyledManifest(count) {
  const documents = [];
  for (let i = 0; i < count; i++) documents.push(STYLED_KINDS[i % STYLED_KINDS.length](Math.floor(i / STYLED_KINDS.length)));
  return documents.join('---\n');
}

function styledMeta(kind, i) {
  return `metadata:
  "name": "${kind}-${i}"
  namespace: 'team-${i % 50}'
  labels: {app: app-${i % 500}, "version": "v1"}
  annotations:
    "example.com/owner": "team-${i % 50}" # who to ask
`;
}

function styledVirtualService(i) {
  const host = `"reviews-${i}.team-${i % 50}.svc.cluster.local"`;
  return `# reviews ${i}: canary for jason, the rest to v1
apiVersion: "networking.istio.io/v1beta1"
kind: "VirtualService"
${styledMeta('reviews', i)}spec:
  hosts: [${host}]
  gateways: ["mesh"]
  http:
  - name: "canary"
    match:
    - headers: {"end-user": {exact: "jason"}}
      uri: {prefix: "/api/v1"}
    route:
    - destination: {host: ${host}, subset: "v2"}
      weight: 90
    - destination: {host: ${host}, subset: "v3"}
      weight: 10
    retries: &retries {attempts: 3, perTryTimeout: "2s", retryOn: "5xx,reset"}
    timeout: "2s"
  - route:
    - destination: {host: ${host}, subset: "v1"}
    retries: *retries # the same policy
`;
}

function styledDestinationRule(i) {
  return `# reviews ${i}: its subsets
apiVersion: "networking.istio.io/v1beta1"
kind: "DestinationRule"
${styledMeta('reviews', i)}spec:
  "host": "reviews-${i}.team-${i % 50}.svc.cluster.local"
  trafficPolicy: &policy
    connectionPool:
      tcp: {"maxConnections": 100, connectTimeout: "30ms"}
    outlierDetection: {consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s"}
    tls: {mode: "ISTIO_MUTUAL"}
  subsets:
  - {name: "v1", labels: {"version": "v1"}}
  - name: "v2"
    labels: {"version": "v2"}
    trafficPolicy: *policy
  - name: 'v3' # newest
    labels: {'version': 'v3'}
`;
}

function styledPeerAuthentication(i) {
  return `# strict mTLS but for the metrics port
apiVersion: "security.istio.io/v1beta1"
kind: "PeerAuthentication"
${styledMeta('strict', i)}spec:
  selector:
    matchLabels: {"app": "app-${i % 500}"}
  mtls: {mode: "STRICT"}
  portLevelMtls:
    "8080": {mode: "PERMISSIVE"}
    "9090":
      mode: "DISABLE"
`;
}

function styledAuthorizationPolicy(i) {
  return `# frontend may read and write the API
apiVersion: "security.istio.io/v1beta1"
kind: "AuthorizationPolicy"
${styledMeta('allow-frontend', i)}spec:
  selector:
    matchLabels: {"app": "app-${i % 500}"}
  action: "ALLOW"
  rules:
  - from:
    - source:
        principals: &frontend ["cluster.local/ns/team-${i % 50}/sa/frontend"]
    to:
    - operation:
        methods: ["GET", "POST"]
        paths: ["/api/*", "/healthz"]
    when:
    - key: "request.headers[x-tenant]"
      values: ["tenant-${i % 7}", 'shared']
  - from:
    - source: {principals: *frontend, "namespaces": ["team-${i % 50}"]}
    to: [{operation: {methods: ["DELETE"], "paths": ["/api/admin/*"]}}]
`;
}

/**
 * The block manifest with the six documents of every tenth service broken (a tenth of
 * all documents): per kind, in turn, a schema error (an unknown field, a wrong type, a
 * value outside an enum), an istiod webhook error, or an analysis finding.
 */
export function generateManifestWithFindings(count) {
  const documents = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(i / KINDS.length);
    const kind = i % KINDS.length;
    let document = KINDS[kind](n);
    if (n % 10 === 0) {
      const ways = BREAKAGES[kind];
      document = ways[(n / 10) % ways.length](document);
    }
    documents.push(document);
  }
  return documents.join('---\n');
}

/** Per kind (KINDS' order): ways to break a document, each a text replacement that must apply. */
const BREAKAGES = [
  // VirtualService: a misspelt field; a host with a wildcard inside (webhook); a subset no DestinationRule defines and a gateway that does not exist (analysis).
  [(d) => edit(d, '  http:\n', '  htp: []\n  http:\n'), (d) => edit(d, '  hosts:\n  - reviews-', '  hosts:\n  - reviews.*.x-'),
    (d) => edit(edit(d, 'subset: v3', 'subset: v9'), '  http:\n', '  gateways:\n  - missing-gateway\n  http:\n')],
  // DestinationRule: a string for an integer; a subset without a name (webhook).
  [(d) => edit(d, 'maxConnections: 100', 'maxConnections: many'), (d) => edit(d, '  - name: v3\n', '  - labels:\n      track: none\n  - name: v3\n')],
  // Gateway: a mode outside the enum; a server without hosts (webhook).
  [(d) => edit(d, 'mode: SIMPLE', 'mode: SIMPLER'), (d) => edit(d, /    hosts:\n    - "[^"]*"\n/, '')],
  // ServiceEntry: an unknown location; a duplicate port (webhook).
  [(d) => edit(d, 'location: MESH_EXTERNAL', 'location: OUTSIDE'), (d) => edit(d, '  resolution:', '  - number: 443\n    name: tls\n    protocol: TLS\n  resolution:')],
  // PeerAuthentication: an unknown mode; a port out of range (webhook).
  [(d) => edit(d, 'mode: STRICT', 'mode: STRICTEST'), (d) => edit(d, '"8080":', '"80800":')],
  // AuthorizationPolicy: an unknown action; a condition without values (webhook).
  [(d) => edit(d, 'action: ALLOW', 'action: PERMIT'), (d) => edit(d, '        paths: ["/api/*"]\n', '        paths: ["/api/*"]\n    when:\n    - key: request.headers[x-tenant]\n')],
];

function edit(document, from, to) {
  const edited = document.replace(from, to);
  if (edited === document) throw new Error(`generate-manifest: ${from} not found in\n${document}`);
  return edited;
}

/**
 * Resources spread over 2,000 namespaces, and the cluster context they are checked
 * against: the namespaces, and a Service and a Deployment for every host they route to.
 * With a context the world is closed, so every reference is resolved against it.
 */
export function generateNamespacedManifest(count) {
  const documents = [];
  const services = new Set();
  const kinds = [namespacedVirtualService, namespacedDestinationRule, namespacedPeerAuthentication, namespacedAuthorizationPolicy, namespacedSidecar];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(i / kinds.length);
    const namespace = `ns-${n % 2000}`;
    services.add(`${namespace}/svc-${n}`);
    documents.push(kinds[i % kinds.length](n, namespace));
  }
  const context = [];
  for (let n = 0; n < Math.min(2000, Math.ceil(count / kinds.length)); n++) context.push(contextNamespace(`ns-${n}`));
  for (const key of services) {
    const [namespace, name] = key.split('/');
    context.push(contextService(name, namespace), contextDeployment(name, namespace));
  }
  return {manifest: documents.join('---\n'), context: context.join('---\n')};
}

function namespacedMeta(name, namespace, app) {
  return `metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${app}
`;
}

function namespacedVirtualService(n, namespace) {
  return `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
${namespacedMeta(`svc-${n}`, namespace, `svc-${n}`)}spec:
  hosts:
  - svc-${n}
  http:
  - match:
    - uri:
        prefix: /v2
    route:
    - destination:
        host: svc-${n}
        subset: v1
      headers:
        request:
          set:
            x-api: v2
  - route:
    - destination:
        host: svc-${n}.${namespace}.svc.cluster.local
        subset: v1
        port:
          number: 8080
`;
}

function namespacedDestinationRule(n, namespace) {
  return `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
${namespacedMeta(`svc-${n}`, namespace, `svc-${n}`)}spec:
  host: svc-${n}
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
`;
}

function namespacedPeerAuthentication(n, namespace) {
  return `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
${namespacedMeta(`svc-${n}`, namespace, `svc-${n}`)}spec:
  selector:
    matchLabels:
      app: svc-${n}
  mtls:
    mode: STRICT
`;
}

function namespacedAuthorizationPolicy(n, namespace) {
  return `apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
${namespacedMeta(`svc-${n}`, namespace, `svc-${n}`)}spec:
  selector:
    matchLabels:
      app: svc-${n}
  rules:
  - from:
    - source:
        namespaces:
        - ${namespace}
    to:
    - operation:
        methods:
        - GET
        ports:
        - "8080"
`;
}

function namespacedSidecar(n, namespace) {
  return `apiVersion: networking.istio.io/v1beta1
kind: Sidecar
${namespacedMeta(`svc-${n}`, namespace, `svc-${n}`)}spec:
  workloadSelector:
    labels:
      app: svc-${n}
  egress:
  - hosts:
    - ./*
    - istio-system/*
`;
}

function contextNamespace(name) {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    istio-injection: enabled
`;
}

function contextService(name, namespace) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 8080
    targetPort: 8080
`;
}

function contextDeployment(name, namespace) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        version: v1
    spec:
      containers:
      - name: app
        image: registry.example.com/${name}:1.0
        ports:
        - containerPort: 8080
`;
}

const MESH_API_KINDS = [apiGateway, apiHttpRoute, apiMeshHttpRoute, apiGrpcRoute, apiReferenceGrant, linkerdServer, linkerdAuthorizationPolicy, linkerdMeshTls];

/**
 * Valid resources of the Gateway API (v1) and Linkerd 2.20's policy kinds, the way a mesh
 * with Gateway API ingress and Linkerd's GAMMA routing writes them: per service, its Gateway
 * (three listeners), an HTTPRoute through it (several rules and matches, filters, weights,
 * timeouts), an HTTPRoute with the Service as parent, a GRPCRoute, a ReferenceGrant, and
 * Linkerd's Server, AuthorizationPolicy and MeshTLSAuthentication.
 */
export function generateMeshApisManifest(count) {
  const documents = [];
  for (let i = 0; i < count; i++) documents.push(MESH_API_KINDS[i % MESH_API_KINDS.length](Math.floor(i / MESH_API_KINDS.length)));
  return documents.join('---\n');
}

function apiGateway(i) {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
${meta('ingress', i)}spec:
  gatewayClassName: istio
  listeners:
  - name: http
    hostname: "shop-${i}.example.com"
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
  - name: https
    hostname: "shop-${i}.example.com"
    port: 443
    protocol: HTTPS
    tls:
      mode: Terminate
      certificateRefs:
      - kind: Secret
        name: shop-${i}-cert
    allowedRoutes:
      namespaces:
        from: All
  - name: grpc
    hostname: "grpc-${i}.example.com"
    port: 8443
    protocol: HTTPS
    tls:
      certificateRefs:
      - name: grpc-${i}-cert
`;
}

function apiHttpRoute(i) {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
${meta('shop', i)}spec:
  parentRefs:
  - name: ingress-${i}
    sectionName: https
  - name: ingress-${i}
    sectionName: http
  hostnames:
  - "shop-${i}.example.com"
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /api/v2
      headers:
      - name: x-canary
        value: "true"
    - path:
        type: Exact
        value: /api/v2/health
      method: GET
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: x-route
          value: canary
        remove:
        - x-debug
    backendRefs:
    - name: shop-${i}-v2
      port: 8080
      weight: 90
    - name: shop-${i}-v1
      port: 8080
      weight: 10
    timeouts:
      request: 10s
      backendRequest: 2s
  - matches:
    - path:
        type: PathPrefix
        value: /api
      queryParams:
      - name: version
        value: v1
    backendRefs:
    - name: shop-${i}-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /
    backendRefs:
    - name: shop-${i}-web
      namespace: web-${i % 50}
      port: 80
`;
}

function apiMeshHttpRoute(i) {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
${meta('shop-mesh', i)}spec:
  parentRefs:
  - group: ""
    kind: Service
    name: shop-${i}
    port: 8080
  rules:
  - matches:
    - headers:
      - name: x-user
        type: Exact
        value: tester
    backendRefs:
    - name: shop-${i}-v2
      port: 8080
  - backendRefs:
    - name: shop-${i}-v1
      port: 8080
      weight: 100
    - name: shop-${i}-v2
      port: 8080
      weight: 0
`;
}

function apiGrpcRoute(i) {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
${meta('orders', i)}spec:
  parentRefs:
  - name: ingress-${i}
    sectionName: grpc
  hostnames:
  - "grpc-${i}.example.com"
  rules:
  - matches:
    - method:
        service: shop.v1.Orders
        method: Get
    - method:
        service: shop.v1.Orders
        method: List
      headers:
      - name: x-tenant
        value: tenant-${i % 7}
    backendRefs:
    - name: orders-${i}
      port: 9090
  - backendRefs:
    - name: orders-${i}-legacy
      port: 9090
`;
}

function apiReferenceGrant(i) {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata:
  name: from-team-${i}
  namespace: web-${i % 50}
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: team-${i % 50}
  to:
  - group: ""
    kind: Service
    name: shop-${i}-web
`;
}

function linkerdServer(i) {
  return `apiVersion: policy.linkerd.io/v1beta3
kind: Server
${meta('shop-http', i)}spec:
  podSelector:
    matchLabels:
      app: app-${i % 500}
  port: http
  proxyProtocol: HTTP/2
`;
}

function linkerdAuthorizationPolicy(i) {
  return `apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
${meta('shop-from-frontend', i)}spec:
  targetRef:
    group: policy.linkerd.io
    kind: Server
    name: shop-http-${i}
  requiredAuthenticationRefs:
  - group: policy.linkerd.io
    kind: MeshTLSAuthentication
    name: frontend-${i}
`;
}

function linkerdMeshTls(i) {
  return `apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
${meta('frontend', i)}spec:
${i % 2 ? `  identities:
  - "frontend.team-${i % 50}.serviceaccount.identity.linkerd.cluster.local"
  - "checkout.team-${i % 50}.serviceaccount.identity.linkerd.cluster.local"
` : `  identityRefs:
  - kind: ServiceAccount
    name: frontend
`}`;
}
