/**
 * A small Istio cluster for the authorization tests. Namespace `shop` has sidecar injection and
 * runs `web` (service account web), `api` (service account api, behind Service api: port 80 →
 * container port http 8080, and `tcp-db` 5432) and `batch` (service account default);
 * namespace `legacy` has no injection and runs `client` (no sidecar); namespace `mesh` is
 * ambient and runs `cart` (service account cart, Service cart port 80 → 8080, no waypoint) and
 * `orders` (service account orders, Service orders labelled istio.io/use-waypoint: waypoint,
 * with the waypoint Gateway in `mesh`).
 */
import {istioAnswers, type IstioAnswer} from '../../src/simulator/istio-authz/attach';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {service, waypointGateway, type ServiceOptions} from './ambient-support';
import {documents} from './helpers';

function deployment(name: string, namespace: string, serviceAccount: string | undefined, ports = '[{name: http, containerPort: 8080}]'): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      ${serviceAccount ? `serviceAccountName: ${serviceAccount}` : 'containers: []'}
      ${serviceAccount ? `containers: [{name: ${name}, image: ${name}, ports: ${ports}}]` : ''}
`;
}

/** Service orders in namespace mesh (port 80 to the pods' 8080) with other labels than CLUSTER gives it: istio.io/use-waypoint and istio.io/ingress-use-waypoint. */
export const ordersService = (labels?: Record<string, string>, options: Pick<ServiceOptions, 'headless'> = {}): string =>
  service('orders', {namespace: 'mesh', port: 80, targetPort: 8080, labels, ...options});

export const CLUSTER = [
  `apiVersion: v1
kind: Namespace
metadata: {name: istio-system}`,
  `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}`,
  `apiVersion: v1
kind: Namespace
metadata: {name: legacy}`,
  `apiVersion: v1
kind: Namespace
metadata: {name: mesh, labels: {istio.io/dataplane-mode: ambient}}`,
  deployment('web', 'shop', 'web'),
  deployment('api', 'shop', 'api', '[{name: http, containerPort: 8080}, {name: db, containerPort: 5432}]'),
  deployment('batch', 'shop', undefined),
  deployment('client', 'legacy', 'client'),
  deployment('cart', 'mesh', 'cart'),
  deployment('orders', 'mesh', 'orders'),
  `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: tcp-db, port: 5432, targetPort: 5432}`,
  service('cart', {namespace: 'mesh', port: 80, targetPort: 8080}),
  ordersService({'istio.io/use-waypoint': 'waypoint'}),
  waypointGateway('waypoint', {namespace: 'mesh'}),
].join('\n---\n');

/** The mesh config (ConfigMap istio-system/istio) with an ext_authz provider `opa` (HTTP) and `grpc-authz` (gRPC), as CUSTOM policies name them. */
export const MESH_CONFIG_WITH_OPA = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    extensionProviders:
    - name: opa
      envoyExtAuthzHttp: {service: opa.opa.svc.cluster.local, port: 8181}
    - name: grpc-authz
      envoyExtAuthzGrpc: {service: authz.authz.svc.cluster.local, port: 9000}`;

/** An AuthorizationPolicy in `namespace` (default shop) with the given spec (YAML flow or block, indented under spec:). */
export function policy(name: string, spec: string, {namespace = 'shop', annotations}: {namespace?: string; annotations?: Record<string, string>} = {}): string {
  return `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: ${namespace}${annotations ? `\n  annotations: ${JSON.stringify(annotations)}` : ''}
spec:
${spec.split('\n').map((l) => `  ${l}`).join('\n')}
`;
}

export interface Ask {
  yaml: string | string[];
  request?: string;
  from?: string;
  clientIp?: string;
  claims?: Record<string, unknown>;
  context?: string;
  /** The request enters through this Gateway (namespace/name) instead of coming from a workload. */
  gatewayName?: string;
}

export function decide({yaml, request = 'GET http://api.shop/', from = 'shop/web', clientIp, claims, context = CLUSTER, gatewayName}: Ask): Decision {
  const inputs = (Array.isArray(yaml) ? yaml : [yaml]).join('\n---\n');
  const world = new World(documents(context), [documents(inputs)]);
  const client = gatewayName !== undefined ? {gateway: gatewayName} : {from: clientIp !== undefined && from === 'shop/web' ? undefined : from};
  return simulate(world, {request: parseRequest(request), ...client, clientAddress: clientIp, jwtClaims: claims});
}

/** The Istio answers at the destination (waypoint first when there is one). */
export function answers(ask: Ask): IstioAnswer[] {
  return istioAnswers(decide(ask));
}

/** The one answer at a sidecar destination. */
export function ask(a: Ask): IstioAnswer {
  const all = answers(a);
  if (all.length !== 1) throw new Error(`expected one Istio answer, got ${all.length}: ${all.map((x) => x.summary).join(' | ')}`);
  return all[0]!;
}
