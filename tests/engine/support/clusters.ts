/**
 * Cluster contexts for istioctl-analyze tests: the resources a lab cluster already holds, given to
 * validateYaml as `context`. Each context is joined from the pieces below, so that a resource several
 * contexts share is written once. A context is kept to what its tests need: one more pod or Service
 * changes what the analyzers find (a subset that selects pods, a port a gateway Service targets).
 */

const join = (...documents: string[]) => documents.join('---\n');

const defaultNamespace = `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
`;
const istioSystemNamespace = `apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
`;
const reviewsService = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
`;
const reviewsPods = (version: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-${version}, namespace: default}
spec:
  selector: {matchLabels: {app: reviews, version: ${version}}}
  template:
    metadata: {labels: {app: reviews, version: ${version}}}
    spec: {containers: [{name: reviews, image: reviews:${version}}]}
`;
const ingressGatewayPods = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
`;
/** The gateway pods listen on the Service's target ports, 8080 and 8443. */
const ingressGatewayService = `apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system, labels: {istio: ingressgateway}}
spec:
  selector: {istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
`;
const ingressGateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: [bookinfo.example.com]
`;
const httpbinServiceEntry = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: httpbin, namespace: default}
spec:
  hosts: [httpbin.org]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: https, protocol: TLS}]
`;

/**
 * Bookinfo's reviews (v1 pods, a DestinationRule with subset v1) and ratings (two ports) in an
 * injected default namespace; legacy (not injected) and shop (injected) namespaces; ingress gateway
 * pods without a Service and bookinfo-gateway in default; httpbin.org as a public ServiceEntry and
 * private.example.com exported only to legacy.
 */
export const bookinfoCluster = join(
  defaultNamespace,
  `apiVersion: v1
kind: Namespace
metadata: {name: legacy}
`,
  `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
`,
  reviewsService,
  `apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: default}
spec:
  selector: {app: ratings}
  ports: [{name: http, port: 9080}, {name: grpc, port: 9090}]
`,
  reviewsPods('v1'),
  ingressGatewayPods('ingressgateway'),
  `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [bookinfo.example.com]
`,
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
`,
  httpbinServiceEntry,
  `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: private-api, namespace: legacy}
spec:
  hosts: [private.example.com]
  exportTo: ["."]
  resolution: DNS
  ports: [{number: 443, name: https, protocol: TLS}]
`,
);

/**
 * A reviews canary: the reviews Service with v1 and v2 pods in an injected default namespace (no
 * DestinationRule yet), the ingress gateway (pods, Service, Gateway istio-system/gw on 8080), httpbin.org.
 */
export const canaryCluster = join(
  defaultNamespace,
  istioSystemNamespace,
  reviewsService,
  reviewsPods('v1'),
  reviewsPods('v2'),
  ingressGatewayPods('istio-ingressgateway'),
  ingressGatewayService,
  ingressGateway,
  httpbinServiceEntry,
);

/**
 * The ingress gateway (pods, Service, Gateway istio-system/gw on 8080) with its TLS Secret
 * bookinfo-cert in istio-system, and the reviews Service with v1 pods in an injected default namespace.
 */
export const ingressCluster = join(
  defaultNamespace,
  istioSystemNamespace,
  reviewsPods('v1'),
  reviewsService,
  ingressGatewayPods('istio-ingressgateway'),
  ingressGatewayService,
  `apiVersion: v1
kind: Secret
metadata: {name: bookinfo-cert, namespace: istio-system}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
`,
  ingressGateway,
);
