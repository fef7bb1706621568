/**
 * gatewayapi.ServiceParentPortAnalyzer: a mesh route's Service parentRef names a port the
 * Service lacks. istiod (route_collections.go augmentPortMatch) and Linkerd (outbound/index.rs,
 * parent_ref.port) bind the route to that Service port, and neither says so in its status.
 */
import {describe, expect, it} from 'vitest';
import {closed, doc, gatewayApiFindings, route, service} from '../support/gateway-api';

const meshRoute = (port?: number) => route('HTTPRoute', 'reviews', 'shop',
  `  parentRefs:\n  - {group: "", kind: Service, name: reviews${port === undefined ? '' : `, port: ${port}`}}\n  rules:\n  - backendRefs: [{name: reviews, port: 9080}]\n`);

describe('a Service parent\'s port', () => {
  it('is reported when the Service exposes no such port, at the port', () => {
    expect(gatewayApiFindings(doc(service('reviews', 'shop', [9080]), meshRoute(8080)))).toEqual([{
      severity: 'warning', code: 'gateway-api-service-parent-port-not-found', document: 1, path: '/spec/parentRefs/0/port',
      message: 'parentRef names port 8080 of Service shop/reviews, which exposes no such port (its ports: [9080]): a mesh route binds to the Service port its parentRef names, so this one applies to no request',
    }]);
  });

  it('is fine when the Service exposes it, or when the parentRef names no port (all the Service\'s ports)', () => {
    expect(gatewayApiFindings(doc(service('reviews', 'shop', [9080]), meshRoute(9080)))).toEqual([]);
    expect(gatewayApiFindings(doc(service('reviews', 'shop', [9080]), meshRoute()))).toEqual([]);
  });

  it('leaves a missing Service to the parentRef check: one finding, not two', () => {
    const codes = gatewayApiFindings(meshRoute(8080), closed).map((f) => f.code);
    expect(codes).toContain('gateway-api-parent-not-found');
    expect(codes).not.toContain('gateway-api-service-parent-port-not-found');
  });
});
