import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {diagnose, problems, yaml} from '../helpers';

const cluster = readFileSync(new URL('../../fixtures/context/cluster.yaml', import.meta.url), 'utf8');
const withCluster = (text: string) => problems(text, {context: cluster});

const vsTo = (destination: string, extra = '') => yaml`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
${extra}  http:
  - route:
    - destination:
${destination}`;

const reviewsRule = yaml`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews.default.svc.cluster.local
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
---
`;

describe('references between resources (istioctl analyze)', () => {
  it('reports a subset no DestinationRule defines at the subset value (IST0101)', () => {
    expect(problems(reviewsRule + vsTo('        host: reviews\n        subset: v4\n'))).toEqual([expect.objectContaining({
      document: 1, at: '23:17', end: '23:19', code: 'IST0101', severity: 'error',
      message: 'Referenced host+subset in destinationrule not found: "reviews+v4"',
    })]);
  });

  it('resolves short names in the resource namespace against FQDN DestinationRule hosts', () => {
    expect(problems(reviewsRule + vsTo('        host: reviews\n        subset: v2\n'))).toEqual([]);
  });

  it('does not resolve a short name from another namespace (neither its host nor its subset, two analyzers as in istioctl)', () => {
    const text = reviewsRule + vsTo('        host: reviews\n        subset: v2\n').replace('  name: reviews\nspec:\n  hosts', '  name: reviews\n  namespace: shop\nspec:\n  hosts');
    expect(problems(text)).toEqual([]);
    expect(problems(text, {context: cluster}).map((d) => d.message)).toEqual([
      'Referenced host not found: "reviews"',
      'Referenced host+subset in destinationrule not found: "reviews+v2"',
    ]);
  });

  it('without a cluster context, a subset of a host with no DestinationRule here is not flagged', () => {
    expect(problems(vsTo('        host: reviews\n        subset: v9\n'))).toEqual([]);
  });

  it('with a cluster context, checks destination hosts against Services and ServiceEntries', () => {
    expect(withCluster(vsTo('        host: reveiws\n'))).toEqual([expect.objectContaining({
      at: '10:15', code: 'IST0101', message: 'Referenced host not found: "reveiws"',
    })]);
    expect(withCluster(vsTo('        host: httpbin.org\n'))).toEqual([]);
    expect(withCluster(vsTo('        host: reviews.default.svc.cluster.local\n'))).toEqual([]);
  });

  it('with a cluster context, a subset without any DestinationRule is flagged', () => {
    expect(withCluster(vsTo('        host: reviews\n        subset: v1\n'))[0]).toMatchObject({code: 'IST0101', at: '11:17'});
  });

  it('reports gateways that do not exist, and accepts existing ones', () => {
    expect(withCluster(vsTo('        host: reviews\n', '  gateways: [bookinfo-gateway, default/missing-gw, mesh]\n').replace('hosts: [reviews]', 'hosts: [bookinfo.example.com]'))).toEqual([
      expect.objectContaining({at: '7:32', end: '7:50', code: 'IST0101', message: 'Referenced gateway not found: "default/missing-gw"'}),
      // gateways.go reports IST0132 too for a missing gateway: it has no hosts to match.
      expect.objectContaining({at: '7:32', end: '7:50', code: 'IST0132', message: 'one or more host [bookinfo.example.com] defined in VirtualService default/reviews not found in Gateway default/missing-gw.'}),
    ]);
  });

  it('warns when a gateway-bound host is not served by the gateway (IST0132)', () => {
    const found = withCluster(vsTo('        host: reviews\n', '  gateways: [bookinfo-gateway]\n').replace('hosts: [reviews]', 'hosts: [shop.example.com]'));
    expect(found).toEqual([expect.objectContaining({
      // istioctl places it on the gateway reference (util.ErrorLine(r, VSGateway[i])).
      code: 'IST0132', severity: 'warning', at: '7:14',
      message: 'one or more host [shop.example.com] defined in VirtualService default/reviews not found in Gateway default/bookinfo-gateway.',
    })]);
  });

  it('requires a port for a multi-port service (IST0112) and checks given ports exist', () => {
    expect(withCluster(vsTo('        host: ratings\n'))).toEqual([expect.objectContaining({
      at: '10:15', code: 'IST0112',
      message: 'This VirtualService routes to a service "ratings" that exposes multiple ports [9080 9090]. Specifying a port in the destination is required to disambiguate.',
    })]);
    expect(withCluster(vsTo('        host: ratings\n        port: {number: 9090}\n'))).toEqual([]);
    expect(withCluster(vsTo('        host: reviews\n        port: {number: 8080}\n'))).toEqual([expect.objectContaining({
      at: '11:24', code: 'IST0101', message: 'Referenced host:port not found: "reviews:8080"',
    })]);
  });
});

describe('workloads and namespaces', () => {
  it('reports a DestinationRule subset whose labels select no pod (IST0173, an error)', () => {
    const text = yaml`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v3
    labels: {version: v3}
`;
    expect(withCluster(text)).toEqual([expect.objectContaining({
      at: '10:11', severity: 'error', code: 'IST0173',
      message: 'The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    })]);
  });

  it('warns about STRICT mTLS in a namespace without sidecar injection', () => {
    const pa = (namespace: string) => yaml`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${namespace}
spec:
  mtls:
    mode: STRICT
`;
    expect(withCluster(pa('legacy'))).toEqual([expect.objectContaining({at: '8:11', code: 'strict-mtls-without-injection', severity: 'warning'})]);
    expect(withCluster(pa('default'))).toEqual([]);
  });

  it('warns about a selector matching no workload (IST0127)', () => {
    expect(withCluster(yaml`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow
spec:
  selector:
    matchLabels: {app: reviw}
  rules:
  - {}
`)).toEqual([expect.objectContaining({at: '6:3', code: 'IST0127', message: 'No matching workloads for this resource with the following labels: app=reviw'})]);
  });

  it('warns about two DestinationRules for one host', () => {
    const dr = (name: string, host: string) => yaml`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
spec:
  host: ${host}
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`;
    const found = problems(`${dr('a', 'reviews')}---\n${dr('b', 'reviews.default.svc.cluster.local')}`);
    expect(found).toEqual([expect.objectContaining({document: 1, at: '14:9', code: 'conflicting-destination-rules'})]);
  });

  it('warns about the same resource defined twice', () => {
    const found = problems(`${reviewsRule}${reviewsRule.replace(/---\n$/, '')}`);
    expect(found).toEqual([expect.objectContaining({document: 1, code: 'duplicate-resource'}), expect.objectContaining({document: 1, code: 'conflicting-destination-rules'})]);
  });
});

describe('namespaces', () => {
  it('notes a namespace without an injection label (IST0102, info)', () => {
    const found = diagnose('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    expect(found).toEqual([expect.objectContaining({
      at: '4:9', severity: 'info', code: 'IST0102',
      message: "The namespace is not enabled for Istio injection. Run 'kubectl label namespace shop istio-injection=enabled' to enable it, or 'kubectl label namespace shop istio-injection=disabled' to explicitly mark it as not needing injection.",
    })]);
    expect(diagnose('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: disabled}\n')).toEqual([]);
  });
});
