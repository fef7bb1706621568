/**
 * Audit corpus: istioctl analyze over a cluster context (pkg/config/analysis/analyzers/virtualservice/*,
 * destinationrule/*, messages.yaml) and the project's own cross-resource checks.
 */
import {describe, expect, it} from 'vitest';
import {findings} from './helpers';

const context = `
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: legacy}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: default}
spec:
  selector: {app: ratings}
  ports: [{name: http, port: 9080}, {name: grpc, port: 9090}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: default}
spec:
  selector: {matchLabels: {app: reviews, version: v1}}
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: reviews, image: reviews:v1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [bookinfo.example.com]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: httpbin, namespace: default}
spec:
  hosts: [httpbin.org]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: https, protocol: TLS}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: private-api, namespace: legacy}
spec:
  hosts: [private.example.com]
  exportTo: ["."]
  resolution: DNS
  ports: [{number: 443, name: https, protocol: TLS}]
`;

const ctx = {context};
// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7 hosts, 8.. below.
const vs = (rest: string, hosts = '[reviews]', namespace = 'default') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: ${namespace}\nspec:\n  hosts: ${hosts}\n${rest}`;
const to = (destination: string) => `  http:\n  - route:\n    - destination: ${destination}\n`;

describe('istioctl analyze references', () => {
  it('reports a subset no DestinationRule defines (IST0101)', () => {
    // virtualservice/destinationrules.go; messages.yaml IST0101 "Referenced %s not found: %q"
    expect(findings(vs(to('{host: reviews, subset: v2}')), ctx)).toEqual([{
      at: '10:44', severity: 'error', code: 'IST0101', message: 'Referenced host+subset in destinationrule not found: "reviews+v2"',
    }]);
  });

  it('reports a destination host that no Service or ServiceEntry provides (IST0101)', () => {
    // virtualservice/destinationhosts.go
    expect(findings(vs(to('{host: reveiws}')), ctx)).toEqual([{
      at: '10:27', severity: 'error', code: 'IST0101', message: 'Referenced host not found: "reveiws"',
    }]);
  });

  it('accepts a host provided by a ServiceEntry', () => {
    // util.GetDestinationHost looks at ServiceEntries too
    expect(findings(vs(to('{host: httpbin.org}'), '[httpbin.org]'), ctx)).toEqual([]);
  });

  it('resolves the FQDN reviews.default.svc.cluster.local', () => {
    // util.GetDestinationHost: ScopedFqdn of the Service
    expect(findings(vs(to('{host: reviews.default.svc.cluster.local, subset: v1}')), ctx)).toEqual([]);
  });

  it('does not resolve a short name across namespaces, but does resolve the FQDN', () => {
    // short names are qualified with the VirtualService's namespace
    expect(findings(vs(to('{host: reviews}'), '[reviews]', 'shop'), ctx)).toEqual([expect.objectContaining({
      severity: 'error', code: 'IST0101', message: 'Referenced host not found: "reviews"',
    })]);
    expect(findings(vs(to('{host: reviews.default.svc.cluster.local}'), '[reviews.default.svc.cluster.local]', 'shop'), ctx)).toEqual([]);
  });

  it('does not see a ServiceEntry exported only to its own namespace', () => {
    // util.GetDestinationHost honours exportTo
    expect(findings(vs(to('{host: private.example.com}'), '[private.example.com]'), ctx)).toEqual([expect.objectContaining({
      severity: 'error', code: 'IST0101', message: 'Referenced host not found: "private.example.com"',
    })]);
  });

  it('requires a port for a multi-port service (IST0112)', () => {
    // virtualservice/destinationhosts.go checkServiceEntryPorts; messages.yaml IST0112
    expect(findings(vs(to('{host: ratings}'), '[ratings]'), ctx)).toEqual([{
      at: '10:27', severity: 'error', code: 'IST0112',
      message: 'This VirtualService routes to a service "ratings" that exposes multiple ports [9080 9090]. Specifying a port in the destination is required to disambiguate.',
    }]);
  });

  it('reports a missing gateway with IST0101 and IST0132', () => {
    // virtualservice/gateways.go: both messages, on the gateway reference
    expect(findings(vs(`  gateways: [missing-gw]\n${to('{host: reviews}')}`, '[bookinfo.example.com]'), ctx)).toEqual([
      {at: '8:14', severity: 'error', code: 'IST0101', message: 'Referenced gateway not found: "missing-gw"'},
      {at: '8:14', severity: 'warning', code: 'IST0132', message: 'one or more host [bookinfo.example.com] defined in VirtualService default/reviews not found in Gateway default/missing-gw.'},
    ]);
  });

  it('warns only when no VirtualService host is served by the gateway (IST0132)', () => {
    // virtualservice/gateways.go vsHostInGateway: any host matching is enough
    expect(findings(vs(`  gateways: [bookinfo-gateway]\n${to('{host: reviews}')}`, '[bookinfo.example.com, shop.example.com]'), ctx)).toEqual([]);
    expect(findings(vs(`  gateways: [bookinfo-gateway]\n${to('{host: reviews}')}`, '[shop.example.com]'), ctx)).toEqual([{
      at: '8:14', severity: 'warning', code: 'IST0132',
      message: 'one or more host [shop.example.com] defined in VirtualService default/reviews not found in Gateway default/bookinfo-gateway.',
    }]);
  });

  it('reports a subset whose labels select no pod (IST0173, Error)', () => {
    // destinationrule/subset.go PodNotSelectedAnalyzer, at the subset's name
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews-canary\n  namespace: default\nspec:\n  host: reviews\n  subsets:\n  - name: v3\n    labels: {version: v3}\n';
    expect(findings(text, ctx)).toContainEqual(expect.objectContaining({
      at: '9:11', severity: 'error', code: 'IST0173',
      message: 'The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    }));
  });

  it('warns when two DestinationRules configure one host (project check)', () => {
    // Istio merges DestinationRules for one host only partly
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews-2\n  namespace: default\nspec:\n  host: reviews.default.svc.cluster.local\n  trafficPolicy:\n    loadBalancer: {simple: RANDOM}\n';
    expect(findings(text, ctx)).toEqual([expect.objectContaining({
      at: '7:9', severity: 'warning', code: 'conflicting-destination-rules', message: expect.stringContaining('as does DestinationRule default/reviews'),
    })]);
  });

  it('warns about STRICT mTLS in a namespace without injection (project check)', () => {
    // pods without a sidecar cannot speak mTLS
    const text = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: legacy\nspec:\n  mtls: {mode: STRICT}\n';
    expect(findings(text, ctx)).toEqual([expect.objectContaining({
      at: '7:16', severity: 'warning', code: 'strict-mtls-without-injection', message: expect.stringContaining('namespace "legacy" is not labelled for sidecar injection'),
    })]);
  });

  it('without a context, does not blame a lone snippet for what its cluster may have', () => {
    // README: only what the input provides is treated as known
    expect(findings(vs(to('{host: reviews, subset: v9}')))).toEqual([]);
  });
});

describe('istioctl analyze: conflicting mesh VirtualServices (IST0109)', () => {
  const named = (name: string, rest = '') => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  hosts: [reviews]\n${rest}  http:\n  - route:\n    - destination: {host: reviews}\n`;

  it('reports both VirtualServices that bind one host to the mesh', () => {
    // virtualservice/conflictingmeshgatewayhosts.go; messages.yaml IST0109 (Error), at metadata.name
    const message = 'The VirtualServices default/a,default/b associated with mesh gateway define the same host */reviews.default.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.';
    expect(findings(named('a') + '---\n' + named('b'))).toEqual([
      {at: '4:9', severity: 'error', code: 'IST0109', message},
      {at: '15:9', severity: 'error', code: 'IST0109', message},
    ]);
  });

  it('does not report when one of them is bound to a gateway only', () => {
    // conflictingmeshgatewayhosts.go: only VirtualServices attached to the mesh gateway
    expect(findings(named('a') + '---\n' + named('b', '  gateways: [bookinfo-gateway]\n'))).toEqual([]);
  });

  it('does not report the same VirtualService defined twice', () => {
    // one object: the later definition replaces the earlier (the duplicate is reported on its own)
    expect(findings(named('a') + '---\n' + named('a')).map((f) => f.code)).toEqual(['duplicate-resource']);
  });
});

describe('istioctl analyze: conflicting gateways (IST0145)', () => {
  const gateway = (name: string, hosts: string) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ${hosts}\n`;

  it('reports both Gateways when selector, port and hosts overlap', () => {
    // gateway/conflictinggateway.go; messages.yaml IST0145 "Conflict with gateways %s (workload selector %s, port %s, hosts %v)."
    expect(findings(gateway('a', '["*"]') + '---\n' + gateway('b', '[shop.example.com]'))).toEqual([
      {at: '9:5', severity: 'error', code: 'IST0145', message: 'Conflict with gateways default/b (workload selector istio=ingressgateway, port 80, hosts *).'},
      {at: '20:5', severity: 'error', code: 'IST0145', message: 'Conflict with gateways default/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com).'},
    ]);
  });

  it('accepts distinct hosts on the same selector and port', () => {
    expect(findings(gateway('a', '[bookinfo.example.com]') + '---\n' + gateway('b', '[shop.example.com]'))).toEqual([]);
  });
});

describe('istioctl analyze: Sidecars and AuthorizationPolicy references', () => {
  const sidecar = (name: string, extra = '') => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n${extra}  egress:\n  - hosts: ["./*"]\n`;

  it('reports a Sidecar selector that matches no pod as IST0101 "selector"', () => {
    // sidecar/selector.go: NewReferencedResourceNotFound(rs, "selector", sel.String())
    expect(findings(sidecar('web', '  workloadSelector:\n    labels: {app: web}\n'), ctx)).toEqual([{
      at: '7:3', severity: 'error', code: 'IST0101', message: 'Referenced selector not found: "app=web"',
    }]);
    expect(findings(sidecar('reviews', '  workloadSelector:\n    labels: {app: reviews}\n'), ctx)).toEqual([]);
  });

  it('reports two selector-less Sidecars in one namespace (IST0111)', () => {
    // sidecar/defaultselector.go; messages.yaml IST0111 "The Sidecars %v in namespace %q have no workload selector..."
    const message = 'The Sidecars [a b] in namespace "default" have no workload selector, which can lead to undefined behavior.';
    expect(findings(sidecar('a') + '---\n' + sidecar('b'))).toEqual([
      {at: '4:9', severity: 'error', code: 'IST0111', message},
      {at: '13:9', severity: 'error', code: 'IST0111', message},
    ]);
  });

  it('reports a from.source namespace that does not exist (IST0101 "namespace")', () => {
    // authz analyzer analyzeNamespaceNotFound
    const text = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: allow\n  namespace: default\nspec:\n  rules:\n  - from:\n    - source: {namespaces: [shop, shopp]}\n';
    expect(findings(text, ctx)).toEqual([{
      at: '9:35', severity: 'error', code: 'IST0101', message: 'Referenced namespace not found: "shopp"',
    }]);
  });
});
