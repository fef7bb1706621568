/** Gateway API YAML for the gatewayapi analyzers' tests, and their findings compacted. */
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';

const CODES = new Set([
  'gateway-api-parent-not-found', 'gateway-api-no-matching-listener', 'gateway-api-no-matching-listener-hostname', 'gateway-api-route-not-allowed',
  'gateway-api-backend-not-found', 'gateway-api-backend-invalid-kind', 'gateway-api-backend-not-istiod-service', 'gateway-api-backend-port-not-found', 'gateway-api-backend-hostname-as-name',
  'gateway-api-hostname-backend-namespace',
  'gateway-api-backend-ref-not-permitted', 'gateway-api-certificate-ref-not-permitted',
  'conflicting-gateway-api-routes', 'virtual-service-and-gateway-api-route',
  'gateway-api-listener-set-not-accepted', 'gateway-api-service-parent-port-not-found', 'virtual-service-and-gateway-api-route-on-gateway',
]);

/** The gatewayapi analyzers' findings: code, document, field and message. */
export function gatewayApiFindings(text: string, options: ValidateOptions = {}) {
  return diagnose(text, options)
    .filter((d) => CODES.has(d.code))
    .map(({severity, code, document, path, message}) => ({severity, code, document, path, message}));
}

/** The whole cluster is the input: absent is absent. */
export const closed: ValidateOptions = {closedWorld: true};

export const doc = (...documents: string[]) => documents.join('---\n');

export const namespace = (name: string, labels: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;

export const service = (name: string, ns: string, ports: number[] = [8080]) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {app: ${name}}\n  ports:\n${ports.map((p) => `  - {name: http-${p}, port: ${p}}`).join('\n')}\n`;

/** A Gateway of Istio's class with the given listeners (YAML list items indented by two). */
export const gateway = (name: string, ns: string, listeners: string, className = 'istio') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  gatewayClassName: ${className}\n  listeners:\n${listeners}`;

export const httpListener = (name = 'http', port = 80, extra = '') => `  - name: ${name}\n    port: ${port}\n    protocol: HTTP\n${extra}`;

/** A route of `kind` in `ns` with the spec's lines (indented by two). */
export const route = (kind: string, name: string, ns: string, spec: string, metadata = '') =>
  `apiVersion: gateway.networking.k8s.io/${kind === 'TCPRoute' ? 'v1alpha2' : 'v1'}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${metadata}spec:\n${spec}`;

/** A ListenerSet attached to Gateway `parent` (`namespace/name`, or a name in its own namespace) with the given listeners. */
export const listenerSet = (name: string, ns: string, parent: string, listeners: string) => {
  const [parentNs, parentName] = parent.includes('/') ? parent.split('/') : [undefined, parent];
  const parentRef = parentNs ? `{name: ${parentName}, namespace: ${parentNs}}` : `{name: ${parentName}}`;
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  parentRef: ${parentRef}\n  listeners:\n${listeners}`;
};

/** The istio-ingressgateway Service (80 → 8080, 443 → 8443 by name) and its pods. */
export const ingress = (servicePorts = '[{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: https}]', replicas = 1, labels = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: istio-ingressgateway\n  namespace: istio-system\n${labels}spec:\n  selector: {istio: ingressgateway}\n  ports: ${servicePorts}\n`
  + '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istio-ingressgateway, namespace: istio-system}\n'
  + `spec:\n  replicas: ${replicas}\n  selector: {matchLabels: {istio: ingressgateway}}\n  template:\n    metadata: {labels: {istio: ingressgateway}}\n`
  + '    spec:\n      containers:\n      - name: istio-proxy\n        image: istio/proxyv2\n        ports: [{name: http, containerPort: 8080}, {name: https, containerPort: 8443}]\n';

/** istiod's Deployment in istio-system with the given env (the settings the gatewayapi analyzers read: gatewayClasses.ts). */
export const istiod = (env: Record<string, string> = {}) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istiod, namespace: istio-system}\nspec:\n  selector: {matchLabels: {app: istiod}}\n'
  + '  template:\n    metadata: {labels: {app: istiod, istio: pilot}}\n    spec:\n      containers:\n      - name: discovery\n        image: docker.io/istio/pilot:1.30.3\n'
  + `        env: ${JSON.stringify(Object.entries(env).map(([name, value]) => ({name, value})))}\n`;
