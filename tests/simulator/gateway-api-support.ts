/** A small cluster for the Gateway API routing tests, and a helper to route through it. */
import type {Decision} from '../../src/simulator/index';
import {reachesPods} from '../../src/simulator/decision';
import {documents, route} from './helpers';

/** Namespace `shop` (Istio sidecars): Service `reviews` over three versions, a Service per version, and a Gateway API Gateway. */
export const SHOP = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: web, labels: {team: web}}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
${['v1', 'v2', 'v3'].map((v) => `---
apiVersion: v1
kind: Service
metadata: {name: reviews-${v}, namespace: shop}
spec: {selector: {app: reviews, version: ${v}}, ports: [{name: http, port: 9080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-${v}, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: reviews, version: ${v}}}
  template:
    metadata: {labels: {app: reviews, version: ${v}}}
    spec: {containers: [{name: reviews, image: reviews:${v}}]}`).join('\n')}
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec: {selector: {app: nothing}, ports: [{name: http, port: 9080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: web}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec: {containers: [{name: frontend, image: frontend}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP}
  - {name: shop, port: 8080, protocol: HTTP, hostname: "*.shop.example"}
`;

export const shopContext = (): unknown[] => documents(SHOP);

/** An HTTPRoute in `shop` for the Service `reviews` (GAMMA) with the given rules (YAML under `rules:`). */
export function meshRoute(rules: string, name = 'reviews', extra = ''): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: shop
${extra}spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews, port: 9080}
  rules:
${rules}`;
}

/** An HTTPRoute in `shop` attached to the Gateway `edge`. */
export function edgeRoute(rules: string, name = 'edge-routes', spec = ''): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: shop
spec:
  parentRefs:
  - {name: edge}
${spec}  rules:
${rules}`;
}

export const backend = (name: string, weight?: number): string => `    - {name: ${name}, port: 9080${weight === undefined ? '' : `, weight: ${weight}`}}`;

export function routeShop(yaml: string, request: string, options: {from?: string; gateway?: string; context?: unknown[]} = {}): Decision {
  return route({context: options.context ?? shopContext(), yaml, request, from: options.from, gateway: options.gateway});
}

/** Share of requests per backend host's short name (or status when not 200). */
export function sharesByBackend(decision: Decision): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const e of decision.distribution) {
    const key = reachesPods(e) ? (e.host ?? '?').split('.')[0]! : `${e.status ?? e.connection}`;
    shares[key] = (shares[key] ?? 0) + e.share;
  }
  return shares;
}

export function traceText(decision: Decision): string {
  return decision.trace.map((s) => s.message).join('\n');
}
