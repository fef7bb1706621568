/**
 * Labs with TLS ports, shared by the simulator's tests of the request panel's https scheme and the browser test that
 * sends it: an external host on a TLS port, and an ingress gateway with an HTTPS server and a plaintext one.
 */

/** An external host on a TLS port without addresses (at a sidecar without DNS capture, listener 0.0.0.0:443, its chain on SNI api.example.com). */
export const TLS_ENTRY = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: default}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
`;

/** An ingress gateway proxy, a Gateway whose HTTPS server (SIMPLE) and plaintext server take reviews.example.com, and a VirtualService routing it to reviews v1. */
export const HTTPS_GATEWAY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: default}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [reviews.example.com]
    tls: {mode: SIMPLE, credentialName: reviews-cert}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [reviews.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: edge, namespace: default}
spec:
  hosts: [reviews.example.com]
  gateways: [edge]
  http:
  - route: [{destination: {host: reviews, subset: v1}}]
`;
