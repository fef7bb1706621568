/**
 * Audit, round 2: istioctl analyze (Istio 1.30, pkg/config/analysis/analyzers/**, msg/messages.yaml)
 * over input files plus a cluster context, for the analyzers a learner of the traffic-management
 * chapter meets: gateways, DestinationRule subsets, Service port names, injection labels.
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
metadata: {name: istio-system}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
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
metadata: {name: reviews-v2, namespace: default}
spec:
  selector: {matchLabels: {app: reviews, version: v2}}
  template:
    metadata: {labels: {app: reviews, version: v2}}
    spec: {containers: [{name: reviews, image: reviews:v2}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system, labels: {istio: ingressgateway}}
spec:
  selector: {istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: [bookinfo.example.com]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: httpbin, namespace: default}
spec:
  hosts: [httpbin.org]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: https, protocol: TLS}]
`;

const ctx = {context};

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7 hosts, 8 gateways, 9.. http.
const vs = (gateways: string, rest = '') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  hosts: [bookinfo.example.com]\n  gateways: ${gateways}\n  http:\n  - ${rest}route:\n    - destination: {host: reviews}\n`;

describe('virtualservice/gateways.go: gateway names', () => {
  it('reads the legacy dotted form gw.istio-system as a Gateway of that name in the VirtualService namespace', () => {
    // resource.NewShortOrFullName splits on "/" only: "gw.istio-system" is default/gw.istio-system,
    // which does not exist: IST0101, and IST0132 naming that full name.
    expect(findings(vs('[gw.istio-system]'), ctx)).toEqual([
      {at: '8:14', severity: 'error', code: 'IST0101', message: 'Referenced gateway not found: "gw.istio-system"'},
      // the webhook's own warning (validation, not analysis)
      {at: '8:14', severity: 'warning', code: 'istio-validation-warning', message: 'using legacy gatewayName format "gw.istio-system"; prefer the <namespace>/<name> format: "istio-system/gw"'},
      {at: '8:14', severity: 'warning', code: 'IST0132', message: 'one or more host [bookinfo.example.com] defined in VirtualService default/reviews not found in Gateway default/gw.istio-system.'},
    ]);
  });

  it('accepts namespace/name and the mesh gateway', () => {
    expect(findings(vs('[istio-system/gw, mesh]'), ctx)).toEqual([]);
  });

  it('does not look up gateways named in http match conditions (only spec.gateways is analysed)', () => {
    // GatewayAnalyzer iterates vs.Gateways; no analyzer resolves match[].gateways.
    expect(findings(vs('[istio-system/gw]', 'match:\n    - gateways: [missing-gw]\n    '), ctx)).toEqual([]);
  });
});

const dr = (host: string, subsets: string, name = 'reviews') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  host: ${host}\n${subsets}`;

describe('destinationrule/subset.go: PodNotSelectedAnalyzer (IST0173, IST0174)', () => {
  it('reports a subset whose labels, with the Service selector, select no pod (IST0173, Error)', () => {
    // messages.yaml IST0173 DestinationRuleSubsetNotSelectPods, level Error
    const text = dr('reviews', '  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v3\n    labels: {version: v3}\n');
    expect(findings(text, ctx)).toEqual([{
      at: '11:11', severity: 'error', code: 'IST0173',
      message: 'The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    }]);
  });

  it('reports nothing for the reviews subsets whose pods run', () => {
    const text = dr('reviews.default.svc.cluster.local', '  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}\n');
    expect(findings(text, ctx)).toEqual([]);
  });

  it('reports a host that matches no Service or ServiceEntry (IST0174, Warning) and checks no subset then', () => {
    // messages.yaml IST0174 UnknownDestinationRuleHost
    const text = dr('ratings', '  subsets:\n  - name: v1\n    labels: {version: v1}\n', 'ratings');
    expect(findings(text, ctx)).toEqual([{
      at: '7:9', severity: 'warning', code: 'IST0174',
      message: 'The host ratings defined in the DestinationRule does not match any services in the mesh.',
    }]);
  });

  it('checks a subset without labels against the Service selector alone', () => {
    // labels.Merge(service selector, subset labels): app=reviews has pods
    expect(findings(dr('reviews', '  subsets:\n  - name: all\n'), ctx)).toEqual([]);
  });

  it('accepts a host provided by a ServiceEntry', () => {
    expect(findings(dr('httpbin.org', '  trafficPolicy:\n    tls: {mode: SIMPLE, caCertificates: /etc/ca.pem}\n', 'httpbin'), ctx)).toEqual([]);
  });

  it('does not judge a subset selecting by node topology: istioctl takes those labels from Nodes a lab cluster lacks', () => {
    // augmentPodLabelsWithNodeTopology: region, zone, subzone and hostname come from the pod's Node
    expect(findings(dr('reviews', '  subsets:\n  - name: east\n    labels: {topology.kubernetes.io/zone: us-east-1a}\n'), ctx)).toEqual([]);
  });

  it('without a context, blames neither the host nor the subsets', () => {
    expect(findings(dr('ratings', '  subsets:\n  - name: v9\n    labels: {version: v9}\n'))).toEqual([]);
  });
});

const gateway = (servers: string, selector = '{istio: ingressgateway}') =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: bookinfo-gateway\n  namespace: default\nspec:\n  selector: ${selector}\n  servers:\n${servers}`;
const server = (port: number) => `  - port: {number: ${port}, name: http-${port}, protocol: HTTP}\n    hosts: [shop.example.com]\n`;

describe('gateway/gateway.go: IngressGatewayPortAnalyzer (IST0162)', () => {
  it('accepts server ports that are target ports of the gateway Service', () => {
    expect(findings(gateway(server(8080) + server(8443)), ctx)).toEqual([]);
  });

  it('warns about a server port that no Service of the gateway pods targets', () => {
    // the Service's targetPort (8080) is what the gateway pod listens on, not its port (80)
    expect(findings(gateway(server(80)), ctx)).toEqual([{
      at: '9:20', severity: 'warning', code: 'IST0162',
      message: 'The gateway is listening on a target port (port 80) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
    }]);
  });

  it('reports only the missing selector when no pod matches it (IST0101)', () => {
    expect(findings(gateway(server(80), '{istio: egressgateway}'), ctx)).toEqual([
      {at: '7:3', severity: 'error', code: 'IST0101', message: 'Referenced selector not found: "istio=egressgateway"'},
    ]);
  });

  it('without a context, says nothing about ports', () => {
    expect(findings(gateway(server(80)))).toEqual([]);
  });
});

const service = (ports: string, extra = '', labels = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\n${labels}spec:\n${extra}  selector: {app: web}\n  ports:\n${ports}`;

describe('service/portname.go: PortNameAnalyzer (IST0118, IST0150)', () => {
  it('notes a port name without a protocol prefix (IST0118, Info)', () => {
    // messages.yaml IST0118 "Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port."
    expect(findings(service('  - {name: web, port: 8000, targetPort: 8080}\n'))).toEqual([{
      at: '9:5', severity: 'info', code: 'IST0118',
      message: "Port name web (port: 8000, targetPort: 8080) doesn't follow the naming convention of Istio port.",
    }]);
  });

  it('accepts protocol prefixes, appProtocol, UDP and well-known ports', () => {
    const ports = [
      '  - {name: http, port: 80}',
      '  - {name: HTTP2-web, port: 81}',
      '  - {name: grpc-web-ui, port: 82}',
      '  - {name: tcp-db, port: 83}',
      '  - {name: metrics, port: 84, appProtocol: http}',
      '  - {name: dns, port: 85, protocol: UDP}',
      '  - {name: db, port: 3306}',
    ].join('\n') + '\n';
    expect(findings(service(ports))).toEqual([]);
  });

  it('skips the Istio control plane and system namespaces', () => {
    expect(findings(service('  - {name: web, port: 8000}\n', '', '  labels: {istio: ingressgateway}\n'))).toEqual([]);
  });

  it('warns about an ExternalName Service whose port name is not understood (IST0150)', () => {
    expect(findings(service('  - {name: tcp, port: 5432}\n', '  type: ExternalName\n  externalName: db.example.com\n'))).toEqual([
      expect.objectContaining({severity: 'warning', code: 'IST0150',
        message: 'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly'}),
    ]);
  });
});

const namespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: ${labels}\n`;

describe('injection/injection.go: namespace labels (IST0102, IST0123)', () => {
  it('warns about both istio-injection and istio.io/rev (IST0123)', () => {
    expect(findings(namespace('{istio-injection: enabled, istio.io/rev: canary}'))).toEqual([expect.objectContaining({
      severity: 'warning', code: 'IST0123',
      message: 'The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. Make sure only one injection label exists.',
    })]);
  });

  it('treats an empty istio-injection label as no label (IST0102)', () => {
    expect(findings(namespace('{istio-injection: ""}')).map((f) => f.code)).toEqual(['IST0102']);
  });

  it('says nothing for an injected or explicitly disabled namespace', () => {
    expect(findings(namespace('{istio-injection: enabled}'))).toEqual([]);
    expect(findings(namespace('{istio-injection: disabled}'))).toEqual([]);
    expect(findings(namespace('{istio.io/rev: canary}'))).toEqual([]);
  });
});

describe('a valid reviews canary setup', () => {
  it('has no findings over the context', () => {
    const text = dr('reviews', '  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}\n') + '---\n' +
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n' +
      '    - destination: {host: reviews, subset: v1}\n      weight: 90\n    - destination: {host: reviews, subset: v2}\n      weight: 10\n' + '---\n' +
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: default\nspec:\n  mtls: {mode: STRICT}\n';
    expect(findings(text, ctx)).toEqual([]);
  });
});
