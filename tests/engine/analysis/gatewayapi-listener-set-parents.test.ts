/**
 * gatewayapi.ListenerSetParentAnalyzer: a route whose parentRef is a ListenerSet (gateway-api
 * v1.5.1, standard channel), resolved as istiod 1.30 resolves it (gateway_collection.go
 * ListenerSetCollection, gatewaycommon NamespaceAcceptedByAllowListeners), then judged by the
 * ListenerSet's listeners as by a Gateway's (conversion.go referenceAllowed).
 */
import {describe, expect, it} from 'vitest';
import {closed, doc, gateway, gatewayApiFindings, httpListener, listenerSet, namespace, route} from '../support/gateway-api';

const allowing = (from: string, extra = '') => `${gateway('gw', 'infra', httpListener())}  allowedListeners:\n    namespaces: {from: ${from}${extra}}\n`;
const toListenerSet = (ref: string, hostnames = '') => route('HTTPRoute', 'web', 'shop', `${hostnames}  parentRefs:\n  - {group: gateway.networking.k8s.io, kind: ListenerSet, ${ref}}\n`);
const shopListeners = listenerSet('shop-ls', 'shop', 'infra/gw', httpListener('shop', 8080, '    hostname: shop.example.com\n'));

describe('a ListenerSet its Gateway accepts', () => {
  it('attaches a route that its listeners admit (allowedRoutes Same is the ListenerSet\'s namespace)', () => {
    expect(gatewayApiFindings(doc(allowing('All'), shopListeners, toListenerSet('name: shop-ls', '  hostnames: [shop.example.com]\n')), closed)).toEqual([]);
  });

  it('reports a sectionName or port none of its listeners has, naming the ListenerSet', () => {
    expect(gatewayApiFindings(doc(allowing('All'), shopListeners, toListenerSet('name: shop-ls, sectionName: admin')), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-no-matching-listener', document: 2, path: '/spec/parentRefs/0/sectionName',
      message: 'ListenerSet shop/shop-ls has no listener named "admin": the route is not attached to it (NoMatchingParent)',
    }]);
    expect(gatewayApiFindings(doc(allowing('All'), shopListeners, toListenerSet('name: shop-ls, port: 80')), closed).map((f) => f.path))
      .toEqual(['/spec/parentRefs/0/port']);
  });

  it('reports hostnames that miss its listeners\' hostname', () => {
    expect(gatewayApiFindings(doc(allowing('All'), shopListeners, toListenerSet('name: shop-ls', '  hostnames: [books.example.com]\n')), closed)).toEqual([
      expect.objectContaining({code: 'gateway-api-no-matching-listener-hostname',
        message: 'no hostname of the route [books.example.com] intersects the hostname of a listener of ListenerSet shop/shop-ls [shop.example.com]: the route is not attached to it (NoMatchingListenerHostname)'}),
    ]);
  });

  it('refuses a route of another namespace by the ListenerSet\'s own namespace, not the Gateway\'s', () => {
    const infraRoute = toListenerSet('name: shop-ls, namespace: shop').replace('namespace: shop\nspec', 'namespace: infra\nspec');
    expect(gatewayApiFindings(doc(allowing('All'), shopListeners, infraRoute), closed)).toEqual([expect.objectContaining({
      code: 'gateway-api-route-not-allowed',
      message: expect.stringContaining('the listeners of ListenerSet shop/shop-ls do not admit a HTTPRoute from namespace "infra": listener "shop" admits routes from namespace "shop" only'),
    })]);
  });
});

describe('a ListenerSet its Gateway does not accept (allowedListeners)', () => {
  it('is refused by a Gateway without allowedListeners: None is the default', () => {
    const text = doc(gateway('gw', 'infra', httpListener()), shopListeners, toListenerSet('name: shop-ls'));
    expect(gatewayApiFindings(text, closed)).toEqual([{
      severity: 'error', code: 'gateway-api-listener-set-not-accepted', document: 2, path: '/spec/parentRefs/0/name',
      message: 'parentRef names ListenerSet shop/shop-ls, which its Gateway does not accept: Gateway infra/gw admits no ListenerSet '
        + '(allowedListeners.namespaces.from: None, the default) (NotAllowed): the route is attached to nothing there',
    }]);
  });

  it('is refused by Same from another namespace, accepted from the Gateway\'s own', () => {
    expect(gatewayApiFindings(doc(allowing('Same'), shopListeners, toListenerSet('name: shop-ls')), closed).map((f) => f.message))
      .toEqual([expect.stringContaining('Gateway infra/gw admits ListenerSets from its own namespace only (allowedListeners.namespaces.from: Same)')]);
    const infraListeners = listenerSet('ls', 'infra', 'gw', httpListener('extra', 8080, '    allowedRoutes: {namespaces: {from: All}}\n'));
    expect(gatewayApiFindings(doc(allowing('Same'), infraListeners, toListenerSet('name: ls, namespace: infra')), closed)).toEqual([]);
  });

  it('reads a selector over the ListenerSet namespace\'s labels', () => {
    const selecting = allowing('Selector', ', selector: {matchLabels: {gateway-access: "true"}}');
    expect(gatewayApiFindings(doc(selecting, namespace('shop', {'gateway-access': 'true'}), shopListeners, toListenerSet('name: shop-ls')), closed)).toEqual([]);
    expect(gatewayApiFindings(doc(selecting, namespace('shop'), shopListeners, toListenerSet('name: shop-ls')), closed).map((f) => f.message))
      .toEqual([expect.stringContaining('Gateway infra/gw\'s allowedListeners.namespaces.selector does not select namespace "shop"')]);
    // In an open world, a namespace whose labels the run does not hold is not judged.
    expect(gatewayApiFindings(doc(selecting, shopListeners, toListenerSet('name: shop-ls')))).toEqual([]);
  });

  it('is refused when its parent Gateway does not exist, in a run that knows that namespace\'s Gateways', () => {
    const text = doc(gateway('other', 'infra', httpListener()), shopListeners, toListenerSet('name: shop-ls'));
    expect(gatewayApiFindings(text).map((f) => f.message))
      .toEqual([expect.stringContaining('its parentRef names Gateway infra/gw, which does not exist')]);
    expect(gatewayApiFindings(doc(shopListeners, toListenerSet('name: shop-ls')))).toEqual([]);
  });
});

describe('a ListenerSet that does not exist', () => {
  it('is reported as the missing parent in a closed world, and left alone in an open one', () => {
    expect(gatewayApiFindings(toListenerSet('name: missing'), closed)).toEqual([expect.objectContaining({
      code: 'gateway-api-parent-not-found', path: '/spec/parentRefs/0/name',
      message: 'parentRef names ListenerSet shop/missing, which does not exist: the route is attached to nothing there (NoMatchingParent)',
    })]);
    expect(gatewayApiFindings(toListenerSet('name: missing'))).toEqual([]);
  });

  it('leaves a ListenerSet whose parentRef is another controller\'s kind alone', () => {
    const foreign = shopListeners.replace('parentRef: {name: gw, namespace: infra}', 'parentRef: {group: acme.io, kind: Proxy, name: gw}');
    expect(gatewayApiFindings(doc(foreign, toListenerSet('name: shop-ls')), closed)).toEqual([]);
  });
});
