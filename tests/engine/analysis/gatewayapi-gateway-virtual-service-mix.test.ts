/**
 * gatewayapi.GatewayVirtualServiceMixAnalyzer: a VirtualService bound to an Istio Gateway and a
 * Gateway API route bound to a manually deployed Gateway API Gateway (spec.addresses naming the
 * proxies' Service: gatewaycommon IsManaged, extractGatewayServices) route one host on one port
 * of the same proxies, which Istio leaves undefined.
 */
import {describe, expect, it} from 'vitest';
import {doc, gatewayApiFindings, route} from '../support/gateway-api';

const ingressService = 'apiVersion: v1\nkind: Service\nmetadata: {name: istio-ingressgateway, namespace: istio-system}\n'
  + 'spec:\n  selector: {app: istio-ingressgateway, istio: ingressgateway}\n  ports: [{name: http2, port: 80, targetPort: 8080}]\n';
const istioGateway = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: shop-gw, namespace: shop}\n'
  + 'spec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["shop.example.com"]}]\n';
const virtualService = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: shop, namespace: shop}\n'
  + 'spec:\n  hosts: [shop.example.com]\n  gateways: [shop-gw]\n  http: [{route: [{destination: {host: productpage}}]}]\n';
const apiGateway = (addresses: string) => 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: api-gw, namespace: istio-system}\n'
  + `spec:\n  gatewayClassName: istio\n${addresses}  listeners:\n  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}\n`;
const manual = '  addresses: [{type: Hostname, value: istio-ingressgateway.istio-system.svc.cluster.local}]\n';
const httpRoute = (hostnames = '[shop.example.com]') => route('HTTPRoute', 'shop', 'shop',
  `  parentRefs: [{name: api-gw, namespace: istio-system}]\n  hostnames: ${hostnames}\n  rules: [{backendRefs: [{name: productpage, port: 9080}]}]\n`);
const MIX = 'virtual-service-and-gateway-api-route-on-gateway';
const mixes = (text: string) => gatewayApiFindings(text).filter((f) => f.code === MIX);

describe('a VirtualService and a Gateway API route on the same gateway proxies', () => {
  it('reports both, each naming the other, when the Gateway API Gateway is deployed on the Istio Gateway\'s proxies', () => {
    expect(mixes(doc(ingressService, istioGateway, virtualService, apiGateway(manual), httpRoute()))).toEqual([
      {severity: 'warning', code: MIX, document: 2, path: '/spec/hosts/0',
        message: 'VirtualService shop/shop and HTTPRoute shop/shop both route host shop.example.com on port 80 of the same gateway proxies (Service istio-system/istio-ingressgateway): '
          + 'Istio does not support mixing VirtualService and Gateway API routes for one host, which leads to undefined behavior'},
      expect.objectContaining({document: 4, path: '/spec/parentRefs/0/name', message: expect.stringContaining('HTTPRoute shop/shop and VirtualService shop/shop both route host shop.example.com')}),
    ]);
  });

  it('reads a short address as a Service of the Gateway\'s namespace, and a wildcard host as overlapping', () => {
    const short = apiGateway('  addresses: [{type: Hostname, value: istio-ingressgateway}]\n');
    expect(mixes(doc(ingressService, istioGateway, virtualService, short, httpRoute('["*.example.com"]')))).toHaveLength(2);
  });

  it('leaves an automatically deployed Gateway alone: it runs proxies of its own', () => {
    expect(mixes(doc(ingressService, istioGateway, virtualService, apiGateway(''), httpRoute()))).toEqual([]);
    expect(mixes(doc(ingressService, istioGateway, virtualService, apiGateway('  addresses: [{value: 10.0.0.1}]\n'), httpRoute()))).toEqual([]);
  });

  it('leaves other hosts, other ports and other proxies alone', () => {
    expect(mixes(doc(ingressService, istioGateway, virtualService, apiGateway(manual), httpRoute('[books.example.com]')))).toEqual([]);
    expect(mixes(doc(ingressService, istioGateway.replace('number: 80', 'number: 443'), virtualService, apiGateway(manual), httpRoute()))).toEqual([]);
    const otherProxies = istioGateway.replace('istio: ingressgateway', 'istio: eastwestgateway');
    expect(mixes(doc(ingressService, otherProxies, virtualService, apiGateway(manual), httpRoute()))).toEqual([]);
  });

  it('is not the mesh check: a mesh VirtualService beside a Gateway-bound route is neither', () => {
    const meshVs = virtualService.replace('  gateways: [shop-gw]\n', '');
    expect(gatewayApiFindings(doc(ingressService, istioGateway, meshVs, apiGateway(manual), httpRoute()))
      .filter((f) => f.code.startsWith('virtual-service-and-gateway-api-route'))).toEqual([]);
  });
});

describe('the same proxies, decided as istiod picks each Gateway\'s proxies', () => {
  const closedWorld = {closedWorld: true};
  const proxies = (text: string, options = {}) => gatewayApiFindings(text, options).filter((f) => f.code === MIX).map((f) => f.message.match(/proxies \((.*)\): Istio/)?.[1]);
  // The Service selects app only; the Istio Gateway selects istio, a label the pods carry but the Service does not require.
  const byApp = ingressService.replace('selector: {app: istio-ingressgateway, istio: ingressgateway}', 'selector: {app: istio-ingressgateway}');
  const ingressPods = (labels: string) => 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istio-ingressgateway, namespace: istio-system}\n'
    + `spec:\n  selector: {matchLabels: {app: istio-ingressgateway}}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: istio-proxy, image: proxyv2}]}\n`;

  it('compares the pods behind the named Service with the Istio Gateway\'s selector when the run holds them', () => {
    const pods = ingressPods('{app: istio-ingressgateway, istio: ingressgateway}');
    expect(proxies(doc(byApp, pods, istioGateway, virtualService, apiGateway(manual), httpRoute()))).toEqual([
      'Service istio-system/istio-ingressgateway, pods of istio-system/istio-ingressgateway',
      'Service istio-system/istio-ingressgateway, pods of istio-system/istio-ingressgateway',
    ]);
    // pods of another namespace carry the labels, but the Service's pods (in istio-system) do not: two sets of proxies
    const edgePods = ingressPods('{app: istio-ingressgateway, istio: ingressgateway}').replace('namespace: istio-system', 'namespace: edge');
    expect(proxies(doc(byApp, ingressPods('{app: istio-ingressgateway}'), edgePods, istioGateway, virtualService, apiGateway(manual), httpRoute()))).toEqual([]);
  });

  it('finds no shared proxy behind a Service without pods when the run is the whole cluster', () => {
    expect(proxies(doc(ingressService, istioGateway, virtualService, apiGateway(manual), httpRoute()), closedWorld)).toEqual([]);
    const pods = ingressPods('{app: istio-ingressgateway, istio: ingressgateway}');
    expect(proxies(doc(ingressService, pods, istioGateway, virtualService, apiGateway(manual), httpRoute()), closedWorld)).toHaveLength(2);
  });

  it('reads the labels of the pods istiod deploys for an automatically deployed Gateway (kube-gateway template)', () => {
    const selecting = (selector: string) => istioGateway.replace('{istio: ingressgateway}', selector);
    const deployed = 'Deployment istio-system/api-gw-istio, which istiod deploys for the Gateway';
    expect(proxies(doc(selecting('{gateway.networking.k8s.io/gateway-name: api-gw}'), virtualService, apiGateway(''), httpRoute()))).toEqual([deployed, deployed]);
    expect(proxies(doc(selecting('{service.istio.io/canonical-name: api-gw-istio}'), virtualService, apiGateway(''), httpRoute()))).toHaveLength(2);
    expect(proxies(doc(selecting('{gateway.networking.k8s.io/gateway-name: other-gw}'), virtualService, apiGateway(''), httpRoute()))).toEqual([]);
  });

  it('gives those pods the Gateway\'s infrastructure labels, else its own labels', () => {
    const team = istioGateway.replace('{istio: ingressgateway}', '{team: edge}');
    const labelled = apiGateway('').replace('namespace: istio-system}', 'namespace: istio-system, labels: {team: edge}}');
    expect(proxies(doc(team, virtualService, labelled, httpRoute()))).toHaveLength(2);
    const infrastructure = apiGateway('  infrastructure: {labels: {team: edge}}\n');
    expect(proxies(doc(team, virtualService, infrastructure, httpRoute()))).toHaveLength(2);
    // infrastructure labels replace the Gateway's own
    const both = labelled.replace('  gatewayClassName: istio\n', '  gatewayClassName: istio\n  infrastructure: {labels: {tier: front}}\n');
    expect(proxies(doc(team, virtualService, both, httpRoute()))).toEqual([]);
  });
});

describe('ports as the proxies bind them (model/gateway.go resolvePorts)', () => {
  const proxies = (text: string) => gatewayApiFindings(text).filter((f) => f.code === MIX).map((f) => f.message.match(/proxies \((.*)\): Istio/)?.[1]);

  it('meets an Istio Gateway on the Service\'s target port and a listener on the Service port: both bind 8080', () => {
    const on8080 = istioGateway.replace('number: 80', 'number: 8080');
    expect(proxies(doc(ingressService, on8080, virtualService, apiGateway(manual), httpRoute()))).toEqual([
      'Service istio-system/istio-ingressgateway, where Gateway port 8080 and listener port 80 both bind port 8080',
      'Service istio-system/istio-ingressgateway, where Gateway port 8080 and listener port 80 both bind port 8080',
    ]);
  });

  it('binds nothing for a listener on a port the named Service does not expose', () => {
    const on9090 = (text: string) => text.replace('number: 80', 'number: 9090').replace('port: 80, protocol', 'port: 9090, protocol');
    expect(proxies(doc(ingressService, on9090(istioGateway), virtualService, on9090(apiGateway(manual)), httpRoute()))).toEqual([]);
  });

  it('binds a listener\'s own port on automatically deployed proxies, port 80 included (the template lets them bind it)', () => {
    const selecting = istioGateway.replace('{istio: ingressgateway}', '{gateway.networking.k8s.io/gateway-name: api-gw}');
    expect(proxies(doc(selecting, virtualService, apiGateway(''), httpRoute()))).toEqual([
      'Deployment istio-system/api-gw-istio, which istiod deploys for the Gateway',
      'Deployment istio-system/api-gw-istio, which istiod deploys for the Gateway',
    ]);
    expect(proxies(doc(selecting.replace('number: 80', 'number: 8080'), virtualService, apiGateway(''), httpRoute()))).toEqual([]);
  });
});

describe('a named targetPort, resolved on the proxies\' pods (resolvePorts reads the endpoint\'s port: kubernetes FindPort)', () => {
  const proxies = (text: string, options = {}) => gatewayApiFindings(text, options).filter((f) => f.code === MIX).map((f) => f.message.match(/proxies \((.*)\): Istio/)?.[1]);
  const byName = ingressService.replace('targetPort: 8080', 'targetPort: http');
  const pods = (ports: string) => 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istio-ingressgateway, namespace: istio-system}\n'
    + 'spec:\n  selector: {matchLabels: {app: istio-ingressgateway}}\n  template:\n    metadata: {labels: {app: istio-ingressgateway, istio: ingressgateway}}\n'
    + `    spec: {containers: [{name: istio-proxy, image: proxyv2, ports: ${ports}}]}\n`;
  const on8080 = istioGateway.replace('number: 80', 'number: 8080');

  it('binds the container port of that name: an Istio Gateway on 8080 meets a listener on 80 when the pods name 8080 "http"', () => {
    expect(proxies(doc(byName, pods('[{name: http, containerPort: 8080}]'), on8080, virtualService, apiGateway(manual), httpRoute()))).toEqual([
      'Service istio-system/istio-ingressgateway, pods of istio-system/istio-ingressgateway, where Gateway port 8080 and listener port 80 both bind port 8080',
      'Service istio-system/istio-ingressgateway, pods of istio-system/istio-ingressgateway, where Gateway port 8080 and listener port 80 both bind port 8080',
    ]);
    // the same name on another port moves the listener there
    expect(proxies(doc(byName, pods('[{name: http, containerPort: 9080}]'), on8080, virtualService, apiGateway(manual), httpRoute()))).toEqual([]);
  });

  it('makes a pod that declares no port of that name no endpoint: the listener binds nothing there, the Istio Gateway its own number', () => {
    expect(proxies(doc(byName, pods('[{name: web, containerPort: 8080}]'), istioGateway, virtualService, apiGateway(manual), httpRoute()))).toEqual([]);
    expect(proxies(doc(byName, pods('[{name: web, containerPort: 8080}]'), on8080, virtualService, apiGateway(manual), httpRoute()))).toEqual([]);
  });

  it('is left open without the pods: an open world that does not show them reports nothing', () => {
    expect(proxies(doc(byName, on8080, virtualService, apiGateway(manual), httpRoute()))).toEqual([]);
  });
});

describe('the classes whose Gateways istiod programs as gateway proxies (classinfo.go)', () => {
  const proxies = (text: string) => gatewayApiFindings(text).filter((f) => f.code === MIX).map((f) => f.message.match(/proxies \((.*)\): Istio/)?.[1]);
  const ofClass = (className: string, addresses = '') => apiGateway(addresses).replace('gatewayClassName: istio', `gatewayClassName: ${className}`);
  const gatewayClass = (name: string, controller: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: ${name}}\nspec: {controllerName: ${controller}}\n`;
  const selecting = (selector: string) => istioGateway.replace('{istio: ingressgateway}', selector);

  it('deploys a custom class of istiod\'s gateway controller from the kube-gateway template, named <gateway>-<class>', () => {
    const edge = gatewayClass('edge', 'istio.io/gateway-controller');
    expect(proxies(doc(edge, selecting('{service.istio.io/canonical-name: api-gw-edge, gateway.networking.k8s.io/gateway-class-name: edge}'), virtualService, ofClass('edge'), httpRoute())))
      .toEqual(['Deployment istio-system/api-gw-edge, which istiod deploys for the Gateway', 'Deployment istio-system/api-gw-edge, which istiod deploys for the Gateway']);
  });

  it('programs nothing for istio-remote (DisableRouteGeneration), istio-waypoint (waypoint proxies) or another controller\'s class', () => {
    expect(proxies(doc(ingressService, istioGateway, virtualService, ofClass('istio-remote', manual), httpRoute()))).toEqual([]);
    expect(proxies(doc(ingressService, istioGateway, virtualService, ofClass('istio-waypoint', manual), httpRoute()))).toEqual([]);
    expect(proxies(doc(selecting('{gateway.networking.k8s.io/gateway-name: api-gw}'), virtualService, ofClass('istio-waypoint'), httpRoute()))).toEqual([]);
    const envoy = gatewayClass('eg', 'gateway.envoyproxy.io/gatewayclass-controller');
    expect(proxies(doc(envoy, ingressService, istioGateway, virtualService, ofClass('eg', manual), httpRoute()))).toEqual([]);
  });

  it('models neither the east-west nor the agentgateway class: istiod 1.30.3 serves them only behind flags that are off by default, and never as merged gateway proxies', () => {
    // classinfo.go GetClassInfos: istio.io/eastwest-controller only with AMBIENT_ENABLE_MULTI_NETWORK, istio.io/agentgateway-controller
    // only with PILOT_ENABLE_AGENTGATEWAY (features/ambient.go, experimental.go: both false). Even enabled, east-west Gateways run the
    // waypoint template and agentgateway ones the agentgateway binary (files/agentgateway.yaml), neither an Envoy router mergeGateways serves.
    const selectingDeployed = (name: string) => selecting(`{gateway.networking.k8s.io/gateway-name: api-gw, service.istio.io/canonical-name: api-gw-${name}}`);
    for (const [className, controller] of [['istio-east-west', 'istio.io/eastwest-controller'], ['istio-agentgateway', 'istio.io/agentgateway-controller']]) {
      expect(proxies(doc(ingressService, istioGateway, virtualService, ofClass(className!, manual), httpRoute()))).toEqual([]);
      expect(proxies(doc(gatewayClass(className!, controller!), ingressService, istioGateway, virtualService, ofClass(className!, manual), httpRoute()))).toEqual([]);
      expect(proxies(doc(gatewayClass(className!, controller!), selectingDeployed(className!), virtualService, ofClass(className!), httpRoute()))).toEqual([]);
    }
  });

  it('gives the deployed pods the labels of the deployment overlays: the class defaults, then the Gateway\'s parametersRef', () => {
    const overlay = (name: string, namespace: string, labels: string, extra = '') =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}${extra}}\ndata:\n  deployment: |\n    spec:\n      template:\n        metadata:\n          labels: ${labels}\n`;
    const defaults = overlay('istio-defaults', 'istio-system', '{team: edge}', ', labels: {gateway.istio.io/defaults-for-class: istio}');
    const team = selecting('{team: edge}');
    expect(proxies(doc(defaults, team, virtualService, apiGateway(''), httpRoute()))).toHaveLength(2);
    const params = overlay('gw-params', 'istio-system', '{team: web}');
    const withParams = apiGateway('  infrastructure: {parametersRef: {group: "", kind: ConfigMap, name: gw-params}}\n');
    expect(proxies(doc(defaults, params, selecting('{team: web}'), virtualService, withParams, httpRoute()))).toHaveLength(2);
    // a parametersRef to a ConfigMap that is not there: istiod renders nothing
    expect(proxies(doc(defaults, team, virtualService, withParams, httpRoute()))).toEqual([]);
  });
});

describe('a route attached to a ListenerSet, served by its Gateway\'s proxies', () => {
  const proxies = (text: string) => gatewayApiFindings(text).filter((f) => f.code === MIX).map((f) => f.message.match(/proxies \((.*)\): Istio/)?.[1]);
  const accepting = apiGateway(manual).replace('  listeners:\n', '  allowedListeners: {namespaces: {from: All}}\n  listeners:\n');
  const shopListeners = 'apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: shop-ls, namespace: shop}\n'
    + 'spec:\n  parentRef: {name: api-gw, namespace: istio-system}\n  listeners:\n  - {name: shop, port: 80, protocol: HTTP, hostname: shop.example.com}\n';
  const viaListenerSet = route('HTTPRoute', 'shop', 'shop',
    '  parentRefs: [{group: gateway.networking.k8s.io, kind: ListenerSet, name: shop-ls}]\n  rules: [{backendRefs: [{name: productpage, port: 9080}]}]\n');

  it('meets a VirtualService on the ListenerSet\'s listener when the Gateway accepts the ListenerSet', () => {
    expect(proxies(doc(ingressService, istioGateway, virtualService, accepting, shopListeners, viaListenerSet))).toEqual([
      'Service istio-system/istio-ingressgateway', 'Service istio-system/istio-ingressgateway',
    ]);
  });

  it('meets none through a ListenerSet the Gateway does not accept (allowedListeners: None by default)', () => {
    expect(proxies(doc(ingressService, istioGateway, virtualService, apiGateway(manual), shopListeners, viaListenerSet))).toEqual([]);
  });
});
