/**
 * gatewayapi.ParentRefAnalyzer: whether a route's parentRefs attach it, as istiod decides the
 * Accepted condition (pilot/pkg/config/kube/gateway conversion.go referenceAllowed,
 * conditions.go createRouteStatus) in the Gateway API's reasons.
 */
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {analyze} from '../../../src/engine/analysis';
import {closed, doc, gateway, gatewayApiFindings, httpListener, namespace, route, service} from '../support/gateway-api';

const toGateway = (ref: string, more = '') => `  parentRefs:\n  - ${ref}\n${more}`;
const routeTo = (ref: string) => route('HTTPRoute', 'web', 'default', toGateway(ref));

describe('a parentRef to a Gateway that does not exist', () => {
  it('is reported in a closed world, at the name', () => {
    const text = route('HTTPRoute', 'web', 'default', toGateway('name: missing'));
    expect(gatewayApiFindings(text, closed)).toEqual([{
      severity: 'error', code: 'gateway-api-parent-not-found', document: 0, path: '/spec/parentRefs/0/name',
      message: 'parentRef names Gateway default/missing, which does not exist: the route is attached to nothing there (NoMatchingParent)',
    }]);
  });

  it('reads the namespace from the parentRef, and defaults it to the route\'s', () => {
    const text = doc(gateway('gw', 'infra', httpListener('http', 80, '    allowedRoutes: {namespaces: {from: All}}\n')),
      route('HTTPRoute', 'web', 'default', toGateway('{name: gw, namespace: infra}')),
      route('HTTPRoute', 'other', 'default', toGateway('{name: gw}')));
    expect(gatewayApiFindings(text, closed).map((f) => [f.document, f.message])).toEqual([
      [2, expect.stringContaining('Gateway default/gw, which does not exist')],
    ]);
  });

  it('is not reported in an open world that holds no Gateway of that namespace', () => {
    const text = doc(gateway('gw', 'infra', httpListener()), route('HTTPRoute', 'web', 'default', toGateway('name: missing')));
    expect(gatewayApiFindings(text)).toEqual([]);
  });

  it('is reported in an open world that holds another Gateway of that namespace', () => {
    const text = doc(gateway('gw', 'default', httpListener()), route('HTTPRoute', 'web', 'default', toGateway('name: gw-typo')));
    expect(gatewayApiFindings(text).map((f) => f.code)).toEqual(['gateway-api-parent-not-found']);
  });

  it('is not known from an Istio Gateway (networking.istio.io) of that namespace', () => {
    const istioGateway = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: default}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]\n';
    const text = doc(istioGateway, route('HTTPRoute', 'web', 'default', toGateway('name: gw')));
    expect(gatewayApiFindings(text)).toEqual([]);
  });

  it('leaves parents of kinds it does not resolve alone (another group; ListenerSets: gatewayapi-listener-set-parents.test.ts)', () => {
    const text = route('HTTPRoute', 'web', 'default', toGateway('{group: acme.io, kind: Proxy, name: p}'));
    expect(gatewayApiFindings(text, closed)).toEqual([]);
  });
});

describe('a Service parent (GAMMA)', () => {
  it('that does not exist is reported as kind Service', () => {
    const text = route('HTTPRoute', 'web', 'default', toGateway('{group: "", kind: Service, name: reviews, port: 9080}'));
    expect(gatewayApiFindings(text, closed)).toEqual([expect.objectContaining({
      code: 'gateway-api-parent-not-found', path: '/spec/parentRefs/0/name', message: expect.stringContaining('names Service default/reviews, which does not exist'),
    })]);
  });

  it('that exists attaches, and a lone route in an open world is not blamed', () => {
    const text = doc(service('reviews', 'default', [9080]), route('HTTPRoute', 'web', 'default', toGateway('{group: "", kind: Service, name: reviews, port: 9080}')));
    expect(gatewayApiFindings(text, closed)).toEqual([]);
    expect(gatewayApiFindings(route('HTTPRoute', 'web', 'default', toGateway('{group: "", kind: Service, name: reviews}')))).toEqual([]);
  });
});

describe('Linkerd parents (status/src/index.rs parent_condition_server, parent_condition_egress_network)', () => {
  const server = 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: reviews-http, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: reviews}}\n  port: http\n';

  it('a Server parent that does not exist is reported, one that exists is not', () => {
    const route = (name: string) => routeTo(`{group: policy.linkerd.io, kind: Server, name: ${name}}`);
    expect(gatewayApiFindings(doc(server, route('reviews-grpc')))).toEqual([expect.objectContaining({
      code: 'gateway-api-parent-not-found', path: '/spec/parentRefs/0/name', message: expect.stringContaining('names Server default/reviews-grpc, which does not exist'),
    })]);
    expect(gatewayApiFindings(doc(server, route('reviews-http')))).toEqual([]);
  });

  it('an EgressNetwork parent that does not exist is reported in a closed world only', () => {
    const text = routeTo('{group: policy.linkerd.io, kind: EgressNetwork, name: internet}');
    expect(gatewayApiFindings(text, closed).map((f) => f.message)).toEqual([expect.stringContaining('names EgressNetwork default/internet')]);
    expect(gatewayApiFindings(text)).toEqual([]);
  });
});

describe('sectionName and port (NoMatchingParent)', () => {
  const gw = gateway('gw', 'default', httpListener('http', 80) + httpListener('admin', 8080));

  it('a sectionName no listener has is reported at the sectionName', () => {
    const text = doc(gw, route('HTTPRoute', 'web', 'default', toGateway('{name: gw, sectionName: https}')));
    expect(gatewayApiFindings(text, closed)).toEqual([{
      severity: 'error', code: 'gateway-api-no-matching-listener', document: 1, path: '/spec/parentRefs/0/sectionName',
      message: 'Gateway default/gw has no listener named "https": the route is not attached to it (NoMatchingParent)',
    }]);
  });

  it('a port no listener has is reported at the port', () => {
    const text = doc(gw, route('HTTPRoute', 'web', 'default', toGateway('{name: gw, port: 443}')));
    expect(gatewayApiFindings(text, closed)).toEqual([expect.objectContaining({path: '/spec/parentRefs/0/port', message: expect.stringContaining('no listener on port 443')})]);
  });

  it('a sectionName and a port that each exist but not on one listener', () => {
    const text = doc(gw, route('HTTPRoute', 'web', 'default', toGateway('{name: gw, sectionName: http, port: 8080}')));
    expect(gatewayApiFindings(text, closed)).toEqual([expect.objectContaining({path: '/spec/parentRefs/0/sectionName', message: expect.stringContaining('no listener named "http" on port 8080')})]);
  });

  it('a listener with both attaches', () => {
    const text = doc(gw, route('HTTPRoute', 'web', 'default', toGateway('{name: gw, sectionName: admin, port: 8080}')));
    expect(gatewayApiFindings(text, closed)).toEqual([]);
  });
});

describe('allowedRoutes (NotAllowedByListeners)', () => {
  it('Same, the default, refuses a route of another namespace', () => {
    const text = doc(gateway('gw', 'infra', httpListener()), route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}')));
    expect(gatewayApiFindings(text, closed)).toEqual([{
      severity: 'error', code: 'gateway-api-route-not-allowed', document: 1, path: '/spec/parentRefs/0/namespace',
      message: 'the listeners of Gateway infra/gw do not admit a HTTPRoute from namespace "apps": listener "http" admits routes from namespace "infra" only (allowedRoutes.namespaces.from: Same) (NotAllowedByListeners)',
    }]);
  });

  it('All admits any namespace', () => {
    const text = doc(gateway('gw', 'infra', httpListener('http', 80, '    allowedRoutes: {namespaces: {from: All}}\n')), route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}')));
    expect(gatewayApiFindings(text, closed)).toEqual([]);
  });

  const selecting = gateway('gw', 'infra', httpListener('http', 80, '    allowedRoutes:\n      namespaces:\n        from: Selector\n        selector: {matchLabels: {expose: "true"}}\n'));

  it('Selector reads the labels of the route\'s Namespace', () => {
    const refused = doc(namespace('apps', {expose: 'false'}), selecting, route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}')));
    expect(gatewayApiFindings(refused, closed)).toEqual([expect.objectContaining({
      code: 'gateway-api-route-not-allowed', message: expect.stringContaining('listener "http"\'s allowedRoutes.namespaces.selector does not select namespace "apps"'),
    })]);
    const admitted = doc(namespace('apps', {expose: 'true'}), selecting, route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}')));
    expect(gatewayApiFindings(admitted, closed)).toEqual([]);
  });

  it('Selector is judged against each run\'s Namespaces, even for a Gateway read in an earlier run', () => {
    // A lab's context keeps its resources from run to run while the reader edits the Namespace's labels.
    const gw = {document: 0, pathPrefix: '', group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace: 'infra', value: parse(selecting)};
    const web = {document: 1, pathPrefix: '', group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web', namespace: 'apps', value: parse(route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}')))};
    const apps = (expose: string) => ({document: 2, pathPrefix: '', group: '', kind: 'Namespace', name: 'apps', namespace: '', value: parse(namespace('apps', {expose}))});
    const codes = (expose: string) => analyze([web, apps(expose)], [gw], {closedWorld: true}).map((f) => f.code).filter((code) => code.startsWith('gateway-api-'));
    expect(codes('false')).toEqual(['gateway-api-route-not-allowed']);
    expect(codes('true')).toEqual([]);
    expect(codes('false')).toEqual(['gateway-api-route-not-allowed']);
  });

  it('Selector over labels of a Namespace the run does not hold is not judged', () => {
    const text = doc(selecting, route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}')));
    expect(gatewayApiFindings(text, closed)).toEqual([]);
  });

  it('Selector on kubernetes.io/metadata.name is judged without the Namespace (every namespace carries it)', () => {
    const byName = (ns: string) => gateway('gw', 'infra', httpListener('http', 80, `    allowedRoutes:\n      namespaces:\n        from: Selector\n        selector: {matchLabels: {kubernetes.io/metadata.name: ${ns}}}\n`));
    expect(gatewayApiFindings(doc(byName('apps'), route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}'))), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(byName('shop'), route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}'))), closed).map((f) => f.code))
      .toEqual(['gateway-api-route-not-allowed']);
  });

  it('kinds: a listener whose allowedRoutes.kinds leaves the route\'s kind out', () => {
    const text = doc(gateway('gw', 'default', httpListener('http', 80, '    allowedRoutes: {kinds: [{kind: GRPCRoute}]}\n')), route('HTTPRoute', 'web', 'default', toGateway('name: gw')));
    expect(gatewayApiFindings(text, closed)).toEqual([expect.objectContaining({
      code: 'gateway-api-route-not-allowed', path: '/spec/parentRefs/0/name', message: expect.stringContaining('listener "http" admits kinds GRPCRoute only (allowedRoutes.kinds), not HTTPRoute'),
    })]);
  });

  it('kinds: a listener whose protocol does not carry the route (a TCP listener, an HTTPRoute)', () => {
    const tcp = gateway('gw', 'default', '  - {name: db, port: 5432, protocol: TCP}\n');
    expect(gatewayApiFindings(doc(tcp, route('HTTPRoute', 'web', 'default', toGateway('name: gw'))), closed)).toEqual([expect.objectContaining({
      message: expect.stringContaining('listener "db" (protocol TCP) carries TCPRoute, not HTTPRoute'),
    })]);
    expect(gatewayApiFindings(doc(tcp, route('TCPRoute', 'db', 'default', toGateway('name: gw'))), closed)).toEqual([]);
  });

  it('kinds: a protocol of an implementation of its own (Istio\'s HBONE) is not judged', () => {
    const waypoint = gateway('waypoint', 'default', '  - {name: mesh, port: 15008, protocol: HBONE}\n', 'istio-waypoint');
    expect(gatewayApiFindings(doc(waypoint, route('HTTPRoute', 'web', 'default', toGateway('name: waypoint'))), closed)).toEqual([]);
  });
});

describe('hostnames (NoMatchingListenerHostname)', () => {
  const wildcard = gateway('gw', 'default', httpListener('http', 80, '    hostname: "*.example.com"\n'));
  const withHostnames = (...hostnames: string[]) => route('HTTPRoute', 'web', 'default', toGateway('name: gw', `  hostnames: ${JSON.stringify(hostnames)}\n`));

  it('a wildcard listener takes names below it, at any depth, but not its bare suffix', () => {
    expect(gatewayApiFindings(doc(wildcard, withHostnames('shop.example.com')), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(wildcard, withHostnames('a.b.example.com')), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(wildcard, withHostnames('example.com')), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-no-matching-listener-hostname', document: 1, path: '/spec/hostnames',
      message: 'no hostname of the route [example.com] intersects the hostname of a listener of Gateway default/gw [*.example.com]: the route is not attached to it (NoMatchingListenerHostname)',
    }]);
  });

  it('one intersecting hostname is enough, and a route without hostnames takes the listener\'s', () => {
    expect(gatewayApiFindings(doc(wildcard, withHostnames('shop.example.net', 'shop.example.com')), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(wildcard, route('HTTPRoute', 'web', 'default', toGateway('name: gw'))), closed)).toEqual([]);
  });

  it('a route wildcard takes an exact listener hostname below it', () => {
    const exact = gateway('gw', 'default', httpListener('http', 80, '    hostname: shop.example.com\n'));
    expect(gatewayApiFindings(doc(exact, withHostnames('*.example.com')), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(exact, withHostnames('*.example.net')), closed).map((f) => f.code)).toEqual(['gateway-api-no-matching-listener-hostname']);
  });

  it('TLSRoute hostnames are judged too; TCPRoute has none', () => {
    const tls = gateway('gw', 'default', '  - name: tls\n    port: 443\n    protocol: TLS\n    hostname: "*.example.com"\n    tls: {mode: Passthrough}\n');
    expect(gatewayApiFindings(doc(tls, route('TLSRoute', 'db', 'default', toGateway('name: gw', '  hostnames: [db.example.org]\n'))), closed).map((f) => f.code))
      .toEqual(['gateway-api-no-matching-listener-hostname']);
  });
});

describe('a parentRef to several listeners takes the mildest verdict (createRouteStatus ranks)', () => {
  it('a listener that refuses the namespace beats one whose hostname does not match', () => {
    const gw = gateway('gw', 'infra', httpListener('a', 80, '    hostname: a.example.com\n    allowedRoutes: {namespaces: {from: All}}\n') + httpListener('b', 8080, '    hostname: b.example.com\n'));
    const text = doc(gw, route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}', '  hostnames: [b.example.com]\n')));
    expect(gatewayApiFindings(text, closed).map((f) => f.code)).toEqual(['gateway-api-route-not-allowed']);
  });

  it('one listener that attaches is enough', () => {
    const gw = gateway('gw', 'default', httpListener('a', 80, '    hostname: a.example.com\n') + httpListener('b', 8080, '    hostname: b.example.com\n'));
    expect(gatewayApiFindings(doc(gw, route('HTTPRoute', 'web', 'default', toGateway('name: gw', '  hostnames: [b.example.com]\n'))), closed)).toEqual([]);
  });

  it('a hostname that matches no listener is said before a namespace the listener refuses (istiod checks hostnames first)', () => {
    const gw = gateway('gw', 'infra', httpListener('a', 80, '    hostname: a.example.com\n'));
    const text = doc(gw, route('HTTPRoute', 'web', 'apps', toGateway('{name: gw, namespace: infra}', '  hostnames: [z.example.com]\n')));
    expect(gatewayApiFindings(text, closed).map((f) => f.code)).toEqual(['gateway-api-no-matching-listener-hostname']);
  });
});

// Istio 1.30.3 gateway_collection.go: a Gateway whose class has DisableRouteGeneration (istio-remote, controller
// istio.io/unmanaged-gateway) is reported "remote; Istio will not program it" and its routes get no status for it
// (pilot/pkg/config/kube/gateway/testdata eastwest-remote.yaml: TLSRoutes naming listeners it lacks, `parents: []`).
describe('a parentRef to a Gateway of the istio-remote class', () => {
  const remote = gateway('remote', 'default', '  - name: cross-network\n    port: 15443\n    protocol: TLS\n    tls: {mode: Passthrough}\n', 'istio-remote');

  it('is not judged: istiod builds nothing for such a Gateway', () => {
    const text = doc(remote, route('TLSRoute', 'grpc', 'default', toGateway('{name: remote, sectionName: istiod-grpc}', '  rules:\n  - backendRefs:\n    - {name: istiod, port: 15012}\n')));
    expect(gatewayApiFindings(text, closed).filter((f) => f.path.startsWith('/spec/parentRefs'))).toEqual([]);
  });

  it('while the same reference to a Gateway of Istio\'s own class is', () => {
    const local = remote.replace('istio-remote', 'istio');
    const text = doc(local, route('TLSRoute', 'grpc', 'default', toGateway('{name: remote, sectionName: istiod-grpc}', '  rules:\n  - backendRefs:\n    - {name: istiod, port: 15012}\n')));
    expect(gatewayApiFindings(text, closed).filter((f) => f.path.startsWith('/spec/parentRefs')).map((f) => f.code)).toEqual(['gateway-api-no-matching-listener']);
  });
});
