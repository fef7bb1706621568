/**
 * gatewayapi.BackendRefAnalyzer: whether each backend of a route resolves, as istiod's
 * buildDestination decides ResolvedRefs (pilot/pkg/config/kube/gateway conversion.go):
 * BackendNotFound, InvalidKind, and a port the Service does not expose.
 */
import {describe, expect, it} from 'vitest';
import {diagnose} from '../helpers';
import {closed, doc, gateway, gatewayApiFindings, httpListener, route, service} from '../support/gateway-api';

const gw = gateway('gw', 'default', httpListener());
const withBackends = (backends: string, kind = 'HTTPRoute', parent = 'name: gw') =>
  route(kind, 'web', 'default', `  parentRefs:\n  - ${parent}\n  rules:\n  - backendRefs:\n${backends}`);

describe('a backendRef to a Service that does not exist (BackendNotFound)', () => {
  it('is reported in a closed world, at the name', () => {
    const text = doc(gw, withBackends('    - {name: reviews, port: 9080}\n'));
    expect(gatewayApiFindings(text, closed)).toEqual([{
      severity: 'error', code: 'gateway-api-backend-not-found', document: 1, path: '/spec/rules/0/backendRefs/0/name',
      message: 'backendRef names Service default/reviews, which does not exist: requests sent to this backend get a 500 (BackendNotFound)',
    }]);
  });

  it('resolves in the backendRef\'s namespace', () => {
    const text = doc(gw, service('reviews', 'shop', [9080]), withBackends('    - {name: reviews, namespace: shop, port: 9080}\n    - {name: reviews, port: 9080}\n'));
    expect(gatewayApiFindings(text, closed).filter((f) => f.code === 'gateway-api-backend-not-found').map((f) => f.path)).toEqual(['/spec/rules/0/backendRefs/1/name']);
  });

  it('is not reported in an open world without Services of that namespace, and is with one', () => {
    expect(gatewayApiFindings(doc(gw, withBackends('    - {name: reviews, port: 9080}\n')))).toEqual([]);
    expect(gatewayApiFindings(doc(gw, service('ratings', 'default'), withBackends('    - {name: reviews, port: 9080}\n'))).map((f) => f.code))
      .toEqual(['gateway-api-backend-not-found']);
  });

  it('covers RequestMirror filters of rules and of backendRefs, in HTTPRoute and GRPCRoute', () => {
    const spec = '    - name: ratings\n      port: 8080\n      filters:\n      - type: RequestMirror\n        requestMirror: {backendRef: {name: shadow-a, port: 8080}}\n' +
      '    filters:\n    - type: RequestMirror\n      requestMirror: {backendRef: {name: shadow-b, port: 8080}}\n';
    for (const kind of ['HTTPRoute', 'GRPCRoute']) {
      const text = doc(gw, service('ratings', 'default'), withBackends(spec, kind));
      expect(gatewayApiFindings(text, closed).map((f) => f.path)).toEqual([
        '/spec/rules/0/backendRefs/0/filters/0/requestMirror/backendRef/name',
        '/spec/rules/0/filters/0/requestMirror/backendRef/name',
      ]);
    }
  });

  it('covers TCPRoute and TLSRoute backends', () => {
    const tcp = gateway('gw', 'default', '  - {name: db, port: 5432, protocol: TCP}\n');
    const text = doc(tcp, withBackends('    - {name: postgres, port: 5432}\n', 'TCPRoute'));
    expect(gatewayApiFindings(text, closed).map((f) => f.code)).toEqual(['gateway-api-backend-not-found']);
  });
});

describe('a port the Service does not expose', () => {
  it('is reported at the port, with the ports it has', () => {
    const text = doc(gw, service('reviews', 'default', [9080, 9443]), withBackends('    - {name: reviews, port: 8080}\n    - {name: reviews, port: 9443}\n'));
    expect(gatewayApiFindings(text, closed)).toEqual([{
      severity: 'error', code: 'gateway-api-backend-port-not-found', document: 2, path: '/spec/rules/0/backendRefs/0/port',
      message: 'Service default/reviews exposes no port 8080 (its ports: [9080 9443]): requests sent to this backend fail',
    }]);
  });

  it('is judged in an open world when the Service is in the input', () => {
    const text = doc(service('reviews', 'default', [9080]), withBackends('    - {name: reviews, port: 8080}\n'));
    expect(gatewayApiFindings(text).map((f) => f.code)).toEqual(['gateway-api-backend-port-not-found']);
  });
});

it('a Service backendRef without a port is the CRD\'s own rule, said once by the schema step', () => {
  const text = doc(gw, service('reviews', 'default', [9080]), withBackends('    - {name: reviews}\n'));
  expect(gatewayApiFindings(text, closed)).toEqual([]);
  const saying = diagnose(text, closed).filter((d) => d.message.includes('Must have port for Service reference'));
  expect(saying.map((d) => [d.severity, d.document])).toEqual([['error', 2]]);
});

describe('a backendRef of a kind no mesh routes to (InvalidKind)', () => {
  it('is reported at the kind on a route an Istio Gateway serves', () => {
    const text = doc(gw, withBackends('    - {group: acme.io, kind: CustomBackend, name: b, port: 8080}\n'));
    expect(gatewayApiFindings(text)).toEqual([{
      severity: 'error', code: 'gateway-api-backend-invalid-kind', document: 1, path: '/spec/rules/0/backendRefs/0/kind',
      message: 'backendRef to group "acme.io" kind "CustomBackend", which neither Istio nor Linkerd routes to (a Service is the portable backend): requests sent to it get a 500 (InvalidKind)',
    }]);
  });

  it('is reported at the group when the kind is Service of another group', () => {
    const text = doc(gw, withBackends('    - {group: apps, kind: Service, name: b, port: 8080}\n'));
    expect(gatewayApiFindings(text).map((f) => f.path)).toEqual(['/spec/rules/0/backendRefs/0/group']);
  });

  it('is reported on a mesh route (a Service parent)', () => {
    const text = withBackends('    - {group: acme.io, kind: CustomBackend, name: b, port: 8080}\n', 'HTTPRoute', '{group: "", kind: Service, name: reviews}');
    expect(gatewayApiFindings(text).map((f) => f.code)).toEqual(['gateway-api-backend-invalid-kind']);
  });

  it('is left alone on a Gateway of another implementation, which may route to kinds of its own', () => {
    const acme = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: acme}\nspec: {controllerName: acme.io/gateway-controller}\n';
    const text = doc(acme, gateway('gw', 'default', httpListener(), 'acme'), withBackends('    - {group: acme.io, kind: CustomBackend, name: b, port: 8080}\n'));
    expect(gatewayApiFindings(text)).toEqual([]);
  });

  it('follows the GatewayClass\'s controller over the class name', () => {
    const ours = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: edge}\nspec: {controllerName: istio.io/gateway-controller}\n';
    const text = doc(ours, gateway('gw', 'default', httpListener(), 'edge'), withBackends('    - {group: acme.io, kind: CustomBackend, name: b, port: 8080}\n'));
    expect(gatewayApiFindings(text).map((f) => f.code)).toEqual(['gateway-api-backend-invalid-kind']);
  });

  it('accepts the kinds Istio and Linkerd route to besides Services', () => {
    const backends = ['{group: networking.istio.io, kind: Hostname, name: api.example.com, port: 443}', '{group: multicluster.x-k8s.io, kind: ServiceImport, name: a, port: 80}',
      '{group: inference.networking.k8s.io, kind: InferencePool, name: pool}', '{group: policy.linkerd.io, kind: EgressNetwork, name: internet, port: 443}'];
    const text = doc(gw, withBackends(backends.map((b) => `    - ${b}\n`).join('')));
    expect(gatewayApiFindings(text)).toEqual([]);
  });
});

describe('a Service backendRef written with group "core", which Linkerd reads as a Service and istiod does not', () => {
  const core = '    - {group: core, kind: Service, name: reviews, port: 9080}\n';

  it('is refused on a route an Istio Gateway serves, at the group (NormalizeReference compares the group exactly: schemas.go FindByGroupKind)', () => {
    expect(gatewayApiFindings(doc(gw, service('reviews', 'default', [9080]), withBackends(core)), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-backend-not-istiod-service', document: 2, path: '/spec/rules/0/backendRefs/0/group',
      message: 'backendRef to group "core" kind "Service", which Linkerd reads as a Service but istiod does not (it takes group "" or none, and kind Service, as written): '
        + 'istiod refuses it ("referencing unsupported backendRef") and requests sent to it get a 500 (InvalidKind)',
    }]);
    expect(gatewayApiFindings(doc(gw, service('reviews', 'default', [9080]), withBackends('    - {kind: service, name: reviews, port: 9080}\n')), closed).map((f) => f.path))
      .toEqual(['/spec/rules/0/backendRefs/0/kind']);
  });

  it('is read as a Service on a mesh route (is_service: group "core" in any case), whose Service must then exist', () => {
    const mesh = (backends: string) => withBackends(backends, 'HTTPRoute', '{group: "", kind: Service, name: reviews}');
    expect(gatewayApiFindings(doc(service('reviews', 'default', [9080]), mesh(core)), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(service('reviews', 'default', [9080]), mesh('    - {group: Core, kind: Service, name: ratings, port: 9080}\n')), closed).map((f) => f.code))
      .toEqual(['gateway-api-backend-not-found']);
  });

  it('across namespaces is RefNotPermitted alone on an Istio Gateway\'s route: istiod asks the grant first, and no grant names group "core"', () => {
    const grant = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: allow, namespace: shop}\n'
      + 'spec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]\n  to: [{group: "", kind: Service}]\n';
    const text = doc(gw, service('reviews', 'shop', [9080]), grant, withBackends('    - {group: core, kind: Service, name: reviews, namespace: shop, port: 9080}\n'));
    expect(gatewayApiFindings(text, closed).map((f) => f.code)).toEqual(['gateway-api-backend-ref-not-permitted']);
  });
});

describe('a Service backendRef named by its hostname (istiod: "the name of the Service must be used, not the hostname")', () => {
  it('is reported whatever the run knows, naming the Service to write', () => {
    const text = withBackends('    - {name: reviews.shop.svc.cluster.local, port: 9080}\n');
    expect(gatewayApiFindings(text)).toEqual([{
      severity: 'error', code: 'gateway-api-backend-hostname-as-name', document: 0, path: '/spec/rules/0/backendRefs/0/name',
      message: 'backendRef names Service "reviews.shop.svc.cluster.local", which is a hostname: name the Service ("reviews") and put its namespace in namespace. ' +
        'istiod refuses it ("the name of the Service must be used, not the hostname"): requests sent to it get a 500',
    }]);
  });

  it('is said once, not also as a Service that does not exist', () => {
    const text = doc(gw, service('reviews', 'default', [9080]), withBackends('    - {name: reviews.default, port: 9080}\n'));
    expect(gatewayApiFindings(text, closed).map((f) => f.code)).toEqual(['gateway-api-backend-hostname-as-name']);
  });
});

// istiod's buildDestination (pilot/pkg/config/kube/gateway/conversion.go, Istio 1.30.3) looks each of these
// up; its testdata invalid.yaml routes to a Hostname and a ServiceImport nobody provides, and its status
// golden says BackendNotFound for both.
describe('istiod\'s backends besides a Service, resolved as buildDestination resolves them', () => {
  const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: api, namespace: default}\n'
    + 'spec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: TLS}]\n  resolution: DNS\n';
  const hostname = (name: string, extra = '') => `    - {group: networking.istio.io, kind: Hostname, name: ${name}, port: 443${extra}}\n`;

  it('a Hostname no Service or ServiceEntry provides is BackendNotFound, at the name', () => {
    expect(gatewayApiFindings(doc(gw, entry, withBackends(hostname('api.example.com') + hostname('unknown.example.com'))), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-backend-not-found', document: 2, path: '/spec/rules/0/backendRefs/1/name',
      message: 'backendRef names Hostname unknown.example.com, which does not exist: requests sent to this backend get a 500 (BackendNotFound)',
    }]);
  });

  it('a Hostname is a Service\'s full name too, and is not judged in an open world without ServiceEntries', () => {
    expect(gatewayApiFindings(doc(gw, service('reviews', 'shop', [443]), withBackends(hostname('reviews.shop.svc.cluster.local'))), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(gw, withBackends(hostname('unknown.example.com'))))).toEqual([]);
    // open world: a Service's host is judged where the run holds Services of its namespace, whatever ServiceEntries it holds
    expect(gatewayApiFindings(doc(gw, entry, withBackends(hostname('reviews.shop.svc.cluster.local'))))).toEqual([]);
    expect(gatewayApiFindings(doc(gw, entry, service('ratings', 'shop'), withBackends(hostname('reviews.shop.svc.cluster.local')))).map((f) => f.code))
      .toEqual(['gateway-api-backend-not-found']);
  });

  it('a Hostname written with a namespace refuses the route ("namespace may not be set with Hostname type")', () => {
    expect(gatewayApiFindings(doc(gw, entry, withBackends(hostname('api.example.com', ', namespace: default'))), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-hostname-backend-namespace', document: 2, path: '/spec/rules/0/backendRefs/0/namespace',
      message: 'backendRef to Hostname "api.example.com" sets namespace "default", which a Hostname backend does not take: '
        + 'istiod refuses the route ("namespace may not be set with Hostname type") and serves none of its rules',
    }]);
  });

  it('a ServiceImport resolves to the Service of its name (istiod without MCS hosts), else BackendNotFound', () => {
    const imported = (name: string) => `    - {group: multicluster.x-k8s.io, kind: ServiceImport, name: ${name}, port: 80}\n`;
    expect(gatewayApiFindings(doc(gw, service('reviews', 'default', [80]), withBackends(imported('reviews') + imported('ratings'))), closed).map((f) => [f.code, f.path, f.message]))
      .toEqual([['gateway-api-backend-not-found', '/spec/rules/0/backendRefs/1/name',
        'backendRef names ServiceImport default/ratings, which does not exist: requests sent to this backend get a 500 (BackendNotFound)']]);
  });

  it('an InferencePool that does not exist is BackendNotFound', () => {
    const pool = 'apiVersion: inference.networking.k8s.io/v1\nkind: InferencePool\nmetadata: {name: llama, namespace: default}\n'
      + 'spec:\n  targetPorts: [{number: 8000}]\n  selector: {matchLabels: {app: llama}}\n  endpointPickerRef: {name: epp, port: {number: 9002}}\n';
    const ref = (name: string) => `    - {group: inference.networking.k8s.io, kind: InferencePool, name: ${name}}\n`;
    expect(gatewayApiFindings(doc(gw, pool, withBackends(ref('llama') + ref('mistral'))), closed).map((f) => [f.code, f.path]))
      .toEqual([['gateway-api-backend-not-found', '/spec/rules/0/backendRefs/1/name']]);
  });
});

// istiod drops a backendRef of weight 0 before buildDestination (buildHTTPDestination, buildGRPCDestination,
// buildTCPDestination: `if wt == 0 { continue }`); Linkerd's status controller judges every backendRef of a
// route with a Service parent (policy-controller k8s/status index.rs backend_condition). The Gateway API's
// mesh conformance grpcroute-weight.yaml routes to an echo-v3 of weight 0 that its manifests never create.
describe('a backendRef of weight 0', () => {
  const zero = '    - {name: reviews, port: 9080}\n    - {name: missing, namespace: shop, port: 9080, weight: 0}\n';

  it('is neither looked up nor asked a grant for on a route of Gateway parents', () => {
    expect(gatewayApiFindings(doc(gw, service('reviews', 'default', [9080]), service('other', 'shop'), withBackends(zero)), closed)).toEqual([]);
  });

  it('is still looked up on a route with a Service parent, as Linkerd looks it up', () => {
    const mesh = withBackends(zero, 'HTTPRoute', '{group: "", kind: Service, name: reviews, port: 9080}');
    expect(gatewayApiFindings(doc(service('reviews', 'default', [9080]), service('other', 'shop'), mesh), closed).map((f) => f.code))
      .toEqual(['gateway-api-backend-not-found']);
  });

  it('a missing backend of weight 1 on the same route is still reported', () => {
    const one = zero.replace('weight: 0', 'weight: 1');
    expect(gatewayApiFindings(doc(gw, service('reviews', 'default', [9080]), service('other', 'shop'), withBackends(one)), closed).map((f) => f.code).sort())
      .toEqual(['gateway-api-backend-not-found', 'gateway-api-backend-ref-not-permitted']);
  });
});
