/**
 * The documents the ambient tests add to a lab, written once: a Service (whose labels enrol it in a
 * waypoint), a waypoint Gateway, and a Gateway API ingress (a Gateway and the HTTPRoute bound to it).
 * Defaults fit the ambient Bookinfo lab (labs/contexts/ambient-bookinfo.yaml): namespace bookinfo,
 * port 9080.
 */

/** Documents as one YAML stream. */
export const doc = (...parts: string[]): string => parts.join('---\n');

/** YAML's flow mapping of labels (JSON is YAML): `{"app":"reviews"}`. */
const flow = (labels: Record<string, string>): string => JSON.stringify(labels);

export interface ServiceOptions {
  namespace?: string;
  /** The Service's own labels: istio.io/use-waypoint and istio.io/ingress-use-waypoint are read here. */
  labels?: Record<string, string>;
  port?: number;
  targetPort?: number;
  /** clusterIP: None, so the name resolves to the pods' addresses. */
  headless?: boolean;
}

/** Service `name` over the pods labelled app: `name`, one port named http. */
export function service(name: string, {namespace = 'bookinfo', labels, port = 9080, targetPort = port, headless = false}: ServiceOptions = {}): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
${labels ? `  labels: ${flow(labels)}\n` : ''}spec:
${headless ? '  clusterIP: None\n' : ''}  selector: {app: ${name}}
  ports: [{name: http, port: ${port}, targetPort: ${targetPort}}]
`;
}

/** A Bookinfo Service, labelled app: `name` as the lab's are, with `labels` besides. */
export const bookinfoService = (name: string, labels: Record<string, string> = {}, options: Omit<ServiceOptions, 'labels'> = {}): string =>
  service(name, {...options, labels: {app: name, ...labels}});

/**
 * A waypoint: a Gateway of class istio-waypoint with the HBONE listener, for `trafficFor` (istio.io/waypoint-for).
 * `allowedFrom` (All, Same) sets the listener's allowedRoutes.namespaces.from: istiod attaches a Service or
 * workload of another namespace only where it admits that namespace (ambient/waypoints.go, AttachmentDenied).
 */
export function waypointGateway(name: string, {namespace = 'bookinfo', trafficFor = 'service', allowedFrom}: {namespace?: string; trafficFor?: string; allowedFrom?: string} = {}): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {istio.io/waypoint-for: ${trafficFor}}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE${allowedFrom ? `, allowedRoutes: {namespaces: {from: ${allowedFrom}}}` : ''}}]
`;
}

/** HTTPRoute bookinfo/reviews bound to Service reviews (a waypoint or a sidecar applies it): 90% to reviews-v1, 10% to reviews-v2. */
export const REVIEWS_CANARY = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: bookinfo}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - backendRefs:
    - {name: reviews-v1, port: 9080, weight: 90}
    - {name: reviews-v2, port: 9080, weight: 10}
`;

export interface Ingress {
  /** The Gateway's name; the HTTPRoute's too unless `route` names it. */
  gateway: string;
  namespace?: string;
  route?: string;
  /** The HTTPRoute's rules, a YAML flow sequence or block lines indented under `rules:`. */
  rules: string;
}

/** An ingress gateway: a Gateway API Gateway of class istio listening for HTTP on port 80, and an HTTPRoute bound to it. */
export function httpIngress({gateway, namespace = 'bookinfo', route = gateway, rules}: Ingress): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${gateway}, namespace: ${namespace}}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${route}, namespace: ${namespace}}
spec:
  parentRefs: [{name: ${gateway}}]
  rules:${rules.startsWith('\n') ? rules : ` ${rules}`}
`;
}

/**
 * A classic Istio ingress: Gateway bookinfo/public, which the productpage pod plays (its Service exposes 9080,
 * the only port a connection reaches it on), and VirtualService bookinfo/public bound to it, whose `http` routes
 * are these (a YAML flow sequence).
 */
export const istioIngress = (http: string): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: bookinfo}
spec:
  selector: {app: productpage}
  servers: [{port: {number: 9080, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: public, namespace: bookinfo}
spec:
  hosts: ["*"]
  gateways: [public]
  http: ${http}
`;
