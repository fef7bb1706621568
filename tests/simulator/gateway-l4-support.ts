/**
 * The chart's istio-ingressgateway in istio-system: its pods (service account, container port 8080) and Service
 * (port 80 → 8080, as the chart; the TLS and TCP ports the tests connect to, each to the same pod port, since a
 * connection reaches the proxy only through a port its Service exposes: gateway-ports.ts).
 */
export const INGRESS_GATEWAY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway, app: istio-ingressgateway}}
    spec:
      serviceAccountName: istio-ingressgateway-service-account
      containers: [{name: istio-proxy, image: proxyv2, ports: [{name: http2, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443}, {name: tls-term, port: 8443}, {name: tcp, port: 5432}, {name: tcp-legacy, port: 31400}]`;

/** Backends for the gateway TCP/TLS tests: Services db (5432), nginx and web (443) in namespace shop, nginx with two pods. */
export const L4_BACKENDS = ['db', 'nginx', 'web'].map((app) => `---
apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: shop}
spec:
  selector: {app: ${app}}
  ports: [{name: tcp, port: ${app === 'db' ? 5432 : 443}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: shop}
spec:
  replicas: ${app === 'nginx' ? 2 : 1}
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: ${app}, image: ${app}}]}`).join('\n');

/** Gateway API Gateway shop/edge (class istio): TCP 5432 (db), TLS Passthrough 443 for *.example.com (tls), TLS Terminate 8443 for db.example.com (term), HTTP 80 (web). */
export const GATEWAY_API_EDGE = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  gatewayClassName: istio
  listeners:
  - {name: db, port: 5432, protocol: TCP}
  - {name: tls, port: 443, protocol: TLS, hostname: "*.example.com", tls: {mode: Passthrough}}
  - {name: term, port: 8443, protocol: TLS, hostname: db.example.com, tls: {mode: Terminate, certificateRefs: [{name: db-cert}]}}
  - {name: web, port: 80, protocol: HTTP}`;

/** Namespace shop (sidecars injected), the ingress gateway's pods and Service (istio: ingressgateway) and the backends above. */
export const INGRESS_CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
${INGRESS_GATEWAY}
${L4_BACKENDS}`;

/** INGRESS_CLUSTER and Istio Gateway shop/edge: TCP 5432, TLS PASSTHROUGH 443 for *.example.com, TLS SIMPLE 8443 for db.example.com. */
export const L4_GATEWAY_CLUSTER = `${INGRESS_CLUSTER}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 5432, name: tcp, protocol: TCP}, hosts: ['*']}
  - {port: {number: 443, name: tls, protocol: TLS}, hosts: ['*.example.com'], tls: {mode: PASSTHROUGH}}
  - {port: {number: 8443, name: tls-term, protocol: TLS}, hosts: [db.example.com], tls: {mode: SIMPLE, credentialName: db-cert}}`;

/** A VirtualService in shop bound to Gateway edge, `body` its hosts and routes (YAML under spec). */
export const edgeVirtualService = (name: string, body: string, created = '2026-01-01T00:00:00Z') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop, creationTimestamp: "${created}"}
spec:
  gateways: [edge]
${body}`;

/** A gateway proxy in istio-system: Deployment `name` whose pods carry `istio: <label>` (container port 8080 named http2), and its Service's ports. */
export const gatewayProxy = (name: string, label: string, ports: string, serviceLabels = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ${label}}}
  template:
    metadata: {labels: {istio: ${label}}}
    spec: {containers: [{name: istio-proxy, image: proxyv2, ports: [{name: http2, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: istio-system, labels: ${serviceLabels}}
spec:
  selector: {istio: ${label}}
  ports: ${ports}`;
