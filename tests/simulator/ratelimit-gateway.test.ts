/**
 * Per-route local rate limits at the ingress gateway (ratelimit/route-limits.ts, plan.ts): an
 * HTTP_FILTER patch inserts envoy.filters.http.local_ratelimit at context GATEWAY, an HTTP_ROUTE
 * patch MERGEs a per-route LocalRateLimit onto the gateway's routes. The patch names the route
 * configuration as istiod 1.30.3 matches it for gateways (envoyfilter/rc_patch.go
 * routeConfigurationMatch: `portNumber` through the gateway's port map, so the server's port 80, not
 * the pod's 8080; no port name or gateway in a plaintext server's `http.8080`), the virtual host
 * `host:port` (gateway.go util.DomainName) and the route by the VirtualService http route's name.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {planRateLimit, RateLimitError} from '../../src/simulator/ratelimit/plan';
import {documents, insertLocalRateLimit, labResources} from './helpers';

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: bookinfo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [bookinfo.example.com]}
  - {port: {number: 443, name: tls, protocol: TLS}, hosts: [bookinfo.example.com], tls: {mode: PASSTHROUGH}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bookinfo, namespace: bookinfo}
spec:
  hosts: [bookinfo.example.com]
  gateways: [bookinfo-gateway]
  http:
  - name: api
    match: [{uri: {prefix: /api}}]
    route: [{destination: {host: productpage, port: {number: 9080}}}]
  - name: pages
    route: [{destination: {host: productpage, port: {number: 9080}}}]
  tls:
  - match: [{sniHosts: [bookinfo.example.com]}]
    route: [{destination: {host: productpage, port: {number: 9080}}}]`;

const filter = (routeConfiguration: string, insert = true) => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: gateway-ratelimit, namespace: istio-system}
spec:
  workloadSelector: {labels: {istio: ingressgateway}}
  configPatches:
${insert ? insertLocalRateLimit('GATEWAY') : ''}  - applyTo: HTTP_ROUTE
    match:
      context: GATEWAY
      routeConfiguration:
${routeConfiguration}
    patch:
      operation: MERGE
      value:
        typed_per_filter_config:
          envoy.filters.http.local_ratelimit:
            "@type": type.googleapis.com/udpa.type.v1.TypedStruct
            type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
            value:
              stat_prefix: http_local_rate_limiter
              token_bucket: {max_tokens: 10, tokens_per_fill: 10, fill_interval: 1s}
              filter_enabled: {runtime_key: local_rate_limit_enabled, default_value: {numerator: 100, denominator: HUNDRED}}
              filter_enforced: {runtime_key: local_rate_limit_enforced, default_value: {numerator: 100, denominator: HUNDRED}}`;

const API_ROUTE = `        portNumber: 80
        vhost:
          name: "bookinfo.example.com:80"
          route: {name: api}`;

function plan(envoyFilter: string, request: string, rate = 40) {
  const world = new World(labResources('patterns-istio'), [documents(GATEWAY), documents(envoyFilter)]);
  const decision = simulate(world, {request: parseRequest(request), gateway: 'bookinfo/bookinfo-gateway'});
  return {decision, plan: () => planRateLimit(world, decision, rate)};
}

describe('a per-route local rate limit at the ingress gateway', () => {
  it('limits the named route of the virtual host host:port, at the gateway, before any pod', () => {
    const {decision, plan: run} = plan(filter(API_ROUTE), 'GET http://bookinfo.example.com/api/v1/products');
    expect(decision.route).toMatchObject({name: 'api', virtualHost: 'bookinfo.example.com:80'});
    const p = run();
    expect(p.servedPerSecond).toBe(10);
    expect(p.enforcers).toMatchObject([{proxy: 'gateway bookinfo/bookinfo-gateway (GATEWAY, per route)', limit: "the route's default token bucket of 10, 10 every 1s", receives: 40}]);
    // Another route of the same virtual host keeps the inserted filter's own config: no bucket.
    expect(plan(filter(API_ROUTE), 'GET http://bookinfo.example.com/productpage').plan().servedPerSecond).toBe(40);
  });

  it('matches portNumber against the server\'s port (80), not the gateway pod\'s (8080), and never a gateway or port name on a plaintext server', () => {
    const onPodPort = API_ROUTE.replace('portNumber: 80', 'portNumber: 8080');
    expect(plan(filter(onPodPort), 'GET http://bookinfo.example.com/api').plan().servedPerSecond).toBe(40);
    const named = API_ROUTE.replace('portNumber: 80', 'portNumber: 80\n        gateway: bookinfo/bookinfo-gateway');
    expect(plan(filter(named), 'GET http://bookinfo.example.com/api').plan().servedPerSecond).toBe(40);
    const otherHost = API_ROUTE.replace('bookinfo.example.com:80', 'bookinfo.example.com:443');
    expect(plan(filter(otherHost), 'GET http://bookinfo.example.com/api').plan().servedPerSecond).toBe(40);
  });

  it('limits nothing when no EnvoyFilter inserts the filter at GATEWAY, and says so', () => {
    const p = plan(filter(API_ROUTE, false), 'GET http://bookinfo.example.com/api').plan();
    expect(p.servedPerSecond).toBe(40);
    expect(p.notes).toContain('EnvoyFilter istio-system/gateway-ratelimit: a per-route local rate limit, but no EnvoyFilter inserts envoy.filters.http.local_ratelimit at GATEWAY: it limits nothing');
  });

  it('does not see a TLS passthrough connection, which the gateway proxies as TCP', () => {
    const {decision, plan: run} = plan(filter(API_ROUTE), 'GET https://bookinfo.example.com:443/api');
    expect(decision.connection).toMatchObject({protocol: 'tls', sni: 'bookinfo.example.com'});
    expect(run).toThrow(RateLimitError);
  });
});
