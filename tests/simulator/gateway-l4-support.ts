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

/** Namespace shop (sidecars injected), the ingress gateway's pod (istio: ingressgateway) and the backends above. */
export const INGRESS_CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
${L4_BACKENDS}`;
