/**
 * Linkerd's connection routing for a Service port: which ports are opaque (the port's appProtocol, else
 * the Service's config.linkerd.io/opaque-ports as the proxy injector leaves it: its own, its namespace's,
 * or the chart's default opaque ports it exposes; policy-controller k8s/index/src/outbound/index.rs,
 * pkg/inject/inject.go CreateOpaquePortsPatch), TCPRoutes split by weight, TLSRoutes chosen by SNI
 * (grpc/src/outbound.rs to_proto, outbound/{tls,tcp}.rs).
 */
import {describe, expect, it} from 'vitest';
import {routingDiagram} from '../../src/simulator/diagram';
import {formatDecisionText} from '../../src/simulator/format';
import {parseFlowchart} from './diagram-mermaid';
import {documents} from './helpers';
import {backend, meshRoute, routeShop, sharesByBackend, SHOP, traceText} from './gateway-api-support';

const meshed = SHOP.replace('metadata: {name: shop, labels: {istio-injection: enabled}}', 'metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}');

/** The shop context under Linkerd, with the Service `reviews` given `metadata` and `ports` (flow YAML). */
function shop(options: {serviceMetadata?: string; ports?: string; namespaceAnnotations?: string} = {}): unknown[] {
  const text = meshed
    .replace('metadata: {name: reviews, namespace: shop}\nspec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}',
      `metadata: {name: reviews, namespace: shop${options.serviceMetadata ?? ''}}\nspec: {selector: {app: reviews}, ports: ${options.ports ?? '[{name: http, port: 9080}]'}}`)
    .replace('annotations: {linkerd.io/inject: enabled}', `annotations: {linkerd.io/inject: enabled${options.namespaceAnnotations ?? ''}}`);
  return documents(text);
}

function l4Route(kind: 'TCPRoute' | 'TLSRoute', name: string, backends: string, options: {port?: number; hostnames?: string; rules?: number} = {}): string {
  const rule = `  - backendRefs:\n${backends}\n`;
  return `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews, port: ${options.port ?? 9080}}
${options.hostnames ? `  hostnames: ${options.hostnames}\n` : ''}  rules:
${rule.repeat(options.rules ?? 1)}`;
}

const httpRoute = meshRoute(`  - backendRefs:\n${backend('reviews-v3')}\n`);
const linkerdClient = {from: 'shop'};

describe('which Service ports are opaque under Linkerd', () => {
  it("the Service's opaque-ports annotation makes the port opaque TCP: no HTTPRoute applies, the connection goes to the Service", () => {
    const decision = routeShop(httpRoute, 'GET http://reviews:9080/', {...linkerdClient, context: shop({serviceMetadata: ', annotations: {config.linkerd.io/opaque-ports: "9080"}'})});
    expect(decision.gatewayApi).toBeUndefined();
    expect(sharesByBackend(decision)).toEqual({reviews: 1});
    expect(traceText(decision)).toContain("port 9080 is opaque by Service reviews's config.linkerd.io/opaque-ports (9080)");
    expect(traceText(decision)).toContain('without HTTP routing');
  });

  it("the namespace's annotation, which the proxy injector copies onto the Service, makes it opaque too", () => {
    const decision = routeShop(httpRoute, 'GET http://reviews:9080/', {...linkerdClient, context: shop({namespaceAnnotations: ', config.linkerd.io/opaque-ports: "9000-9100"'})});
    expect(decision.gatewayApi).toBeUndefined();
    expect(traceText(decision)).toContain("namespace shop's config.linkerd.io/opaque-ports (9000-9100), which the proxy injector copies onto the Service");
  });

  it("the Service's own annotation wins over its namespace's, and an unparsable list is ignored for the chart's defaults", () => {
    const own = shop({serviceMetadata: ', annotations: {config.linkerd.io/opaque-ports: "3306"}', namespaceAnnotations: ', config.linkerd.io/opaque-ports: "9080"'});
    expect(sharesByBackend(routeShop(httpRoute, 'GET http://reviews:9080/', {...linkerdClient, context: own}))).toEqual({'reviews-v3': 1});
    const invalid = shop({serviceMetadata: ', annotations: {config.linkerd.io/opaque-ports: "9080-80"}'});
    expect(sharesByBackend(routeShop(httpRoute, 'GET http://reviews:9080/', {...linkerdClient, context: invalid}))).toEqual({'reviews-v3': 1});
  });

  it("a port of the chart's default list (3306) is opaque with neither annotation", () => {
    const decision = routeShop(httpRoute.replace('port: 9080}', 'port: 3306}'), 'GET http://reviews:3306/', {...linkerdClient, context: shop({ports: '[{name: mysql, port: 3306}]'})});
    expect(decision.gatewayApi).toBeUndefined();
    expect(traceText(decision)).toContain('the config.linkerd.io/opaque-ports (3306) the proxy injector writes on the Service');
  });

  it('the injector marks a port by its numeric targetPort, and when it writes a list, a default port targeting another port is not in it', () => {
    const route = httpRoute.replace('port: 9080}', 'port: 3306}');
    // 3306 → 8080 and 5432 (no targetPort): the injector writes "5432", so 3306 is HTTP.
    const written = shop({ports: '[{name: a, port: 3306, targetPort: 8080}, {name: b, port: 5432}]'});
    expect(sharesByBackend(routeShop(route, 'GET http://reviews:3306/', {...linkerdClient, context: written}))).toEqual({'reviews-v3': 1});
    // 9080 → 6379: opaque by its target.
    const targeted = shop({ports: '[{name: http, port: 9080, targetPort: 6379}]'});
    expect(routeShop(httpRoute, 'GET http://reviews:9080/', {...linkerdClient, context: targeted}).gatewayApi).toBeUndefined();
    // 3306 → 8080 alone: the injector writes nothing and the controller falls back to the default list, 3306 included.
    const alone = shop({ports: '[{name: a, port: 3306, targetPort: 8080}]'});
    const decision = routeShop(route, 'GET http://reviews:3306/', {...linkerdClient, context: alone});
    expect(decision.gatewayApi).toBeUndefined();
    expect(traceText(decision)).toContain("port 3306 is opaque by the chart's default opaque ports (25,587,3306,4444,5432,6379,9300,11211)");
  });

  it('an appProtocol wins over the opaque ports', () => {
    const context = shop({serviceMetadata: ', annotations: {config.linkerd.io/opaque-ports: "9080"}', ports: '[{name: http, port: 9080, appProtocol: http}]'});
    expect(sharesByBackend(routeShop(httpRoute, 'GET http://reviews:9080/', {...linkerdClient, context}))).toEqual({'reviews-v3': 1});
  });
});

describe('TCPRoutes on a Service port under Linkerd', () => {
  const opaque = shop({serviceMetadata: ', annotations: {config.linkerd.io/opaque-ports: "9080"}'});

  it('split the connections of an opaque port by backend weight, with no timeout or retry', () => {
    const decision = routeShop(l4Route('TCPRoute', 'split', `${backend('reviews-v1', 3)}\n${backend('reviews-v2', 1)}`), 'GET http://reviews:9080/', {...linkerdClient, context: opaque});
    expect(sharesByBackend(decision)).toEqual({'reviews-v1': 0.75, 'reviews-v2': 0.25});
    expect(decision).toMatchObject({outcome: 'routed', timeout: null, retries: null, route: {virtualService: {kind: 'TCPRoute', name: 'split'}}});
    expect(traceText(decision)).toContain('TCPRoute shop/split carries every connection to reviews:9080 (opaque TCP: port 9080 is opaque');
  });

  it('only the first TCPRoute by creation time, then name, is sent', () => {
    const yaml = `${l4Route('TCPRoute', 'zeta', backend('reviews-v1'))}---\n${l4Route('TCPRoute', 'alpha', backend('reviews-v2'))}`;
    const decision = routeShop(yaml, 'GET http://reviews:9080/', {...linkerdClient, context: opaque});
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
    expect(traceText(decision)).toContain('TCPRoute shop/zeta is not sent: the controller sends one TCPRoute per port');
  });

  it('a TCPRoute carries a port that declares nothing when no HTTP, gRPC or TLS route is sent', () => {
    const decision = routeShop(l4Route('TCPRoute', 'tcp', backend('reviews-v2')), 'GET http://reviews:9080/', {...linkerdClient, context: shop()});
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
  });

  it('is refused with other than one rule, and not sent where an HTTPRoute takes the port', () => {
    const twoRules = routeShop(l4Route('TCPRoute', 'two', backend('reviews-v2'), {rules: 2}), 'GET http://reviews:9080/', {...linkerdClient, context: opaque});
    expect(sharesByBackend(twoRules)).toEqual({reviews: 1});
    expect(traceText(twoRules)).toContain('TCPRoute shop/two has 2 rules: Linkerd\'s policy controller refuses to convert it (TCPRoute needs to have one rule)');
    const withHttp = routeShop(`${httpRoute}---\n${l4Route('TCPRoute', 'tcp', backend('reviews-v2'))}`, 'GET http://reviews:9080/', {...linkerdClient, context: shop()});
    expect(sharesByBackend(withHttp)).toEqual({'reviews-v3': 1});
    expect(traceText(withHttp)).toContain('TCPRoute shop/tcp is not sent: HTTPRoutes or GRPCRoutes take reviews:9080 first');
  });

  it('is ignored by Istio, which never routes this Service by it', () => {
    expect(sharesByBackend(routeShop(l4Route('TCPRoute', 'tcp', backend('reviews-v2')), 'GET http://reviews:9080/', {from: 'shop'}))).toEqual({reviews: 1});
  });
});

describe('TLSRoutes on a Service port under Linkerd', () => {
  const tls = `${l4Route('TLSRoute', 'exact', backend('reviews-v1'), {hostnames: '[reviews.shop.svc.cluster.local]'})}---\n${l4Route('TLSRoute', 'wild', backend('reviews-v2'), {hostnames: '["*.shop", "*.svc.cluster.local"]'})}`;

  it("choose the route by SNI, the host the client asks for, the most specific hostname first", () => {
    const exact = routeShop(tls, 'GET https://reviews.shop.svc.cluster.local:9080/', {...linkerdClient, context: shop()});
    expect(sharesByBackend(exact)).toEqual({'reviews-v1': 1});
    expect(traceText(exact)).toContain('TLSRoute shop/exact matches SNI reviews.shop.svc.cluster.local (the lab takes the host the client asks for as the TLS SNI it sends)');
    expect(sharesByBackend(routeShop(tls, 'GET https://reviews.shop:9080/', {...linkerdClient, context: shop()}))).toEqual({'reviews-v2': 1});
  });

  it('fail the connection when no TLSRoute matches the SNI', () => {
    const decision = routeShop(tls, 'GET https://reviews:9080/', {...linkerdClient, context: shop()});
    expect(decision).toMatchObject({outcome: 'unreachable', status: null});
    expect(decision.summary).toContain('no TLSRoute of reviews:9080 matches SNI reviews');
  });

  it('take the port before TCPRoutes, and are not sent on an opaque port', () => {
    const yaml = `${tls}---\n${l4Route('TCPRoute', 'tcp', backend('reviews-v3'))}`;
    expect(sharesByBackend(routeShop(yaml, 'GET https://reviews.shop.svc.cluster.local:9080/', {...linkerdClient, context: shop()}))).toEqual({'reviews-v1': 1});
    const opaque = routeShop(yaml, 'GET https://reviews.shop.svc.cluster.local:9080/', {...linkerdClient, context: shop({serviceMetadata: ', annotations: {config.linkerd.io/opaque-ports: "9080"}'})});
    expect(sharesByBackend(opaque)).toEqual({'reviews-v3': 1});
    expect(traceText(opaque)).toContain('TLSRoute shop/exact is not sent: reviews:9080 is opaque TCP');
  });
});

describe('what a connection Linkerd forwards becomes: established or closed, never an HTTP status', () => {
  const opaque = shop({serviceMetadata: ', annotations: {config.linkerd.io/opaque-ports: "9080"}'});

  it('a TCPRoute backend that does not exist fails its share of the connections (the proxy\'s invalid backend), with no flag', () => {
    const decision = routeShop(l4Route('TCPRoute', 'split', `${backend('reviews-v1', 3)}\n${backend('reviews-v9', 1)}`), 'GET http://reviews:9080/', {...linkerdClient, context: opaque});
    expect(decision).toMatchObject({outcome: 'routed', status: null, connection: {proxy: 'linkerd', protocol: 'tcp', state: 'established'}});
    expect(decision.destinations.map((d) => [d.connection, d.status, d.flags])).toEqual([['established', undefined, undefined], ['closed', undefined, undefined]]);
    expect(sharesByBackend(decision)).toEqual({'reviews-v1': 0.75, closed: 0.25});
    expect(decision.summary).toMatch(/^75% → reviews-v1.shop.svc.cluster.local \(1 pod\), 25% → closed: no Service shop\/reviews-v9 \(Linkerd: allowed/);
  });

  it('a connection the larger share of which closes is closed, with the backend\'s problem as the reason', () => {
    const decision = routeShop(l4Route('TCPRoute', 'empty', `    - {name: empty, port: 9080}`), 'GET http://reviews:9080/', {...linkerdClient, context: opaque});
    expect(decision).toMatchObject({status: null, connection: {state: 'closed', reason: 'empty.shop.svc.cluster.local has no pods'}, distribution: [{share: 1, connection: 'closed'}]});
  });

  it('an opaque port without TCPRoute is forwarded to the Service\'s pods as a connection', () => {
    const decision = routeShop(httpRoute, 'GET http://reviews:9080/', {...linkerdClient, context: opaque});
    expect(decision).toMatchObject({status: null, connection: {proxy: 'linkerd', protocol: 'tcp', state: 'established', because: expect.stringContaining('opaque TCP: port 9080 is opaque')}});
    expect(decision.distribution.every((e) => e.connection === 'established' && e.status === undefined)).toBe(true);
  });

  it('a TLS connection no TLSRoute takes is closed, as one share with the SNI in the reason', () => {
    const tls = l4Route('TLSRoute', 'exact', backend('reviews-v1'), {hostnames: '[reviews.shop.svc.cluster.local]'});
    const decision = routeShop(tls, 'GET https://reviews:9080/', {...linkerdClient, context: shop()});
    expect(decision).toMatchObject({outcome: 'unreachable', status: null, distribution: [{share: 1, connection: 'closed'}],
      connection: {protocol: 'tls', sni: 'reviews', state: 'closed', reason: 'no TLSRoute of reviews:9080 matches SNI reviews'}});
  });

  it('meshdive route says the connection\'s state where an HTTP status would stand, and no HTTP status anywhere', () => {
    const decision = routeShop(l4Route('TCPRoute', 'split', `${backend('reviews-v1', 3)}\n${backend('reviews-v9', 1)}`), 'GET http://reviews:9080/', {...linkerdClient, context: opaque});
    const text = formatDecisionText(decision, ['split.yaml']);
    expect(text).toMatch(/^Decision: established {2}75% → reviews-v1/m);
    expect(text).toMatch(/^Connection: TCP, forwarded by Linkerd's proxy \(TCPRoute shop\/split \(opaque TCP: port 9080 is opaque .*\)\); established$/m);
    expect(text).toMatch(/^ {2}→ reviews-v9\.shop\.svc\.cluster\.local:9080 weight 1 → 25% {2}closed: no Service shop\/reviews-v9$/m);
    expect(text).toMatch(/^ +25% {2}closed {2}reviews-v9\.shop\.svc\.cluster\.local$/m);
    expect(text.split('Trace:')[0]).not.toMatch(/\b(200|500|502|503)\b/);
  });
});

describe('TLSRoutes and TCPRoutes in the routing diagram', () => {
  it('are drawn with their parent, hostnames, one rule for any connection and the shares of its backends', async () => {
    const yaml = `${l4Route('TCPRoute', 'split', `${backend('reviews-v1', 3)}\n${backend('reviews-v2', 1)}`)}---\n${l4Route('TLSRoute', 'by-sni', backend('reviews-v3'), {hostnames: '[reviews.shop.svc.cluster.local]'})}`;
    const diagram = routingDiagram(yaml, shop());
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    const {nodes, edges} = await parseFlowchart(diagram.source);
    const texts = nodes.map((node) => node.text);
    expect(texts).toEqual(expect.arrayContaining(['TCPRoute split: Service reviews:9080', 'TLSRoute by-sni: Service reviews:9080 (reviews.shop.svc.cluster.local)', 'rule 1: any connection']));
    expect(edges.map((edge) => edge.text)).toEqual(expect.arrayContaining(['75%', '25%', '100%']));
  });
});
