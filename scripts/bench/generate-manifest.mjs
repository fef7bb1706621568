// Generates a realistic multi-document Istio manifest for benchmarks: valid
// resources of the kinds a mesh has most of, in apiVersions that both this engine
// and @kubernetes-models/istio (Istio 1.18 models) know.

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
