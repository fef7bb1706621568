import {describe, expect, it} from 'vitest';
import {parseIstioctlDescribePod, printIstioctlDescribePod} from '../../../src/terminal/printers/istioctl-describe';
import {ModelGap, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';

const object = (group: string, kind: string, namespace: string, name: string, value: Record<string, unknown>): ModelObject =>
  ({group, kind, namespace, name, value: {metadata: {name, namespace, ...(value.metadata as object)}, ...value}});

const web = object('', 'Pod', 'default', 'web-1', {
  metadata: {labels: {app: 'web', version: 'v1'}, annotations: {'istio.io/rev': 'default'}, uid: '5d0c1e2a-7b9f-4c3e-9a41-0f6d2b8e7c15'},
  spec: {
    initContainers: [{name: 'istio-init'}, {name: 'istio-proxy', restartPolicy: 'Always'}],
    containers: [{name: 'web', ports: [{name: 'http', containerPort: 8080, protocol: 'TCP'}]}],
  },
  status: {phase: 'Running', containerStatuses: [{name: 'web', ready: true}], initContainerStatuses: [{name: 'istio-proxy', ready: true}]},
});
const webService = object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports: [{name: 'http-web', port: 80, targetPort: 8080, protocol: 'TCP'}]}});
const virtualService = (name: string, spec: Record<string, unknown>, namespace = 'default'): ModelObject => object('networking.istio.io', 'VirtualService', namespace, name, {spec});
const policy = (name: string, spec: Record<string, unknown>, namespace = 'default', annotations: Record<string, string> = {}): ModelObject =>
  object('security.istio.io', 'AuthorizationPolicy', namespace, name, {metadata: {annotations}, spec});
const peerAuthentication = (name: string, spec: Record<string, unknown>): ModelObject => object('security.istio.io', 'PeerAuthentication', 'default', name, {spec});
const model = (...objects: ModelObject[]): StateModel => ({objects});
const describePod = (m: StateModel): string => printIstioctlDescribePod(parseIstioctlDescribePod('istioctl x describe pod web-1', 'default')!, m);
/** The lines between the Service's heading and the PeerAuthentication section. */
const serviceSection = (text: string): string => text.slice(text.indexOf('Service: '), text.indexOf('--------------------\nEffective'));

describe('istioctl x describe pod: the ingress gateway section (printIngressInfo)', () => {
  const gatewayPod = object('', 'Pod', 'istio-system', 'istio-ingressgateway-6c8b7d9f5d-q2wvn', {
    metadata: {labels: {app: 'istio-ingressgateway', istio: 'ingressgateway'}},
    spec: {containers: [{name: 'istio-proxy', ports: [{containerPort: 8080, protocol: 'TCP'}, {containerPort: 8443, protocol: 'TCP'}]}]},
    status: {phase: 'Running', hostIP: '172.18.0.2'},
  });
  const gatewayService = (status: Record<string, unknown> = {}): ModelObject => object('', 'Service', 'istio-system', 'istio-ingressgateway', {
    spec: {selector: {app: 'istio-ingressgateway', istio: 'ingressgateway'}, ports: [
      {name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP'},
      {name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP'},
      {name: 'https', port: 443, targetPort: 8443, protocol: 'TCP'},
    ]},
    status,
  });
  const gateway = object('networking.istio.io', 'Gateway', 'default', 'public', {spec: {selector: {istio: 'ingressgateway'}, servers: [{port: {number: 8080, name: 'http', protocol: 'HTTP'}, hosts: ['*']}]}});
  const routed = virtualService('public', {hosts: ['*'], gateways: ['public'], http: [{match: [{uri: {exact: '/web'}}, {uri: {prefix: '/static'}}], route: [{destination: {host: 'web', port: {number: 80}}}]}]});

  it('prints where the gateway exposes the pod (the gateway pod\'s host IP, port 80 left out) and the gateway-bound VirtualService\'s view of it', () => {
    const text = describePod(model(web, webService, gatewayPod, gatewayService(), gateway, routed));
    expect(text.slice(text.indexOf('Effective'))).toBe([
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: PERMISSIVE',
      '--------------------',
      'Exposed on Ingress Gateway http://172.18.0.2',
      'VirtualService: public',
      '   Match: /web, Match: /static*',
      '',
    ].join('\n'));
    // The VirtualService is bound to the gateway only: the pod's own proxy names none.
    expect(serviceSection(text)).not.toContain('VirtualService');
  });

  it('prefers the load balancer\'s address, and names the gateway\'s DestinationRule subsets against the pod', () => {
    const rule = object('networking.istio.io', 'DestinationRule', 'default', 'web', {spec: {host: 'web', subsets: [{name: 'v2', labels: {version: 'v2'}}]}});
    const toSubset = virtualService('public', {hosts: ['*'], gateways: ['default/public'], http: [{route: [{destination: {host: 'web', subset: 'v2'}}]}]});
    const text = describePod(model(web, webService, gatewayPod, gatewayService({loadBalancer: {ingress: [{ip: '203.0.113.7'}]}}), gateway, toSubset, rule));
    expect(text.slice(text.indexOf('Exposed'))).toBe([
      'Exposed on Ingress Gateway http://203.0.113.7',
      'VirtualService: public',
      '   WARNING: No destinations match pod subsets (checked 1 HTTP routes)',
      '      Route to non-matching subset v2 for (everything)',
      '',
    ].join('\n'));
  });

  it('leaves out a VirtualService whose Gateway the gateway pod does not serve, or whose hosts no server admits', () => {
    const otherSelector = object('networking.istio.io', 'Gateway', 'default', 'public', {spec: {selector: {istio: 'eastwest'}, servers: [{port: {number: 8080, name: 'http', protocol: 'HTTP'}, hosts: ['*']}]}});
    expect(describePod(model(web, webService, gatewayPod, gatewayService(), otherSelector, routed))).toMatch(/PERMISSIVE\n$/);
    const narrowHosts = object('networking.istio.io', 'Gateway', 'default', 'public', {spec: {selector: {istio: 'ingressgateway'}, servers: [{port: {number: 8080, name: 'http', protocol: 'HTTP'}, hosts: ['shop.example.com']}]}});
    const otherHost = virtualService('public', {hosts: ['blog.example.com'], gateways: ['public'], http: [{route: [{destination: {host: 'web'}}]}]});
    expect(describePod(model(web, webService, gatewayPod, gatewayService(), narrowHosts, otherHost))).toMatch(/PERMISSIVE\n$/);
  });

  it('takes, of two VirtualServices routing to the port through one gateway, the one whose route comes first in the gateway\'s configuration', () => {
    const gatewayObject = {...gateway, value: {...gateway.value, metadata: {name: 'public', namespace: 'default', creationTimestamp: '2026-11-24T21:50:00Z'}}};
    const bound = (name: string, host: string, created: string): ModelObject => ({...virtualService(name, {hosts: [host], gateways: ['public'], http: [{route: [{destination: {host: 'web', port: {number: 80}}}]}]}),
      value: {metadata: {name, namespace: 'default', creationTimestamp: created}, spec: {hosts: [host], gateways: ['public'], http: [{route: [{destination: {host: 'web', port: {number: 80}}}]}]}}});
    // The older VirtualService is first by name and by age; the gateway's virtual hosts are sorted by name, blog before shop.
    const m = withMeshConfig(namespaced(ISTIOD, GATEWAY, namespace('default'), namespace('istio-system'),
      sidecarPod('web-1', 'default', {app: 'web'}, '10.244.0.9', {ports: [{name: 'http', containerPort: 8080}]}),
      service('web', 'default', [{name: 'http-web', port: 80, targetPort: 8080}], {clusterIP: '10.96.0.30'}),
      service('istio-ingressgateway', 'istio-system', [{name: 'http2', port: 80, targetPort: 8080}], {clusterIP: '10.96.0.20', selector: {istio: 'ingressgateway'}}),
      gatewayObject, bound('a-shop', 'shop.example.com', '2026-11-24T21:51:00Z'), bound('z-blog', 'blog.example.com', '2026-11-24T21:52:00Z')));
    const text = describePod(m);
    expect(text.slice(text.indexOf('Effective'))).toBe([
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: PERMISSIVE',
      '--------------------',
      'Exposed on Ingress Gateway http://unknown',
      'VirtualService: z-blog',
      '   1 HTTP route(s)',
      '',
    ].join('\n'));
  });
});

describe('istioctl x describe pod: several VirtualServices for the Service\'s host (getIstioVirtualServiceNameForSvc)', () => {
  const routedTo = (name: string, created: string): ModelObject => ({group: 'networking.istio.io', kind: 'VirtualService', namespace: 'default', name,
    value: {apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name, namespace: 'default', creationTimestamp: created}, spec: {hosts: ['web'], http: [{route: [{destination: {host: 'web'}}]}]}}});
  const meshWith = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, namespace('default'), namespace('istio-system'),
    sidecarPod('web-1', 'default', {app: 'web'}, '10.244.0.9', {ports: [{name: 'http', containerPort: 8080}]}),
    service('web', 'default', [{name: 'http-web', port: 80, targetPort: 8080}], {clusterIP: '10.96.0.30'}), ...objects));

  it('names the one whose route the sidecar\'s route configuration carries: the oldest, not the first by name', () => {
    const section = (m: StateModel): string => serviceSection(describePod(m));
    expect(section(meshWith(routedTo('a-web', '2026-11-24T21:52:00Z'), routedTo('b-web', '2026-11-24T21:51:00Z')))).toContain('VirtualService: b-web\n');
    expect(section(meshWith(routedTo('a-web', '2026-11-24T21:51:00Z'), routedTo('b-web', '2026-11-24T21:52:00Z')))).toContain('VirtualService: a-web\n');
  });
});

describe('istioctl x describe pod: RBAC policies (getIstioRBACPolicies)', () => {
  const allowWeb = policy('allow-web', {selector: {matchLabels: {app: 'web'}}, rules: [{from: [{source: {namespaces: ['default']}}]}]});

  it('names the one rule of the policy that selects the pod, after the port\'s routing', () => {
    expect(serviceSection(describePod(model(web, webService, allowWeb)))).toBe('Service: web\n   Port: http-web 80/HTTP targets pod port 8080\nRBAC policies: ns[default]-policy[allow-web]-rule[0]\n');
  });

  it('reads the first RBAC filter: AUDIT before DENY before ALLOW; a policy without rules is rule[0]', () => {
    const denyAll = policy('deny-all', {action: 'DENY'}, 'istio-system');
    expect(describePod(model(web, webService, allowWeb, denyAll))).toContain('RBAC policies: ns[istio-system]-policy[deny-all]-rule[0]\n');
    const audit = policy('audit-web', {action: 'AUDIT', rules: [{}]});
    expect(describePod(model(web, webService, allowWeb, denyAll, audit))).toContain('RBAC policies: ns[default]-policy[audit-web]-rule[0]\n');
  });

  it('prefixes the port when the Service has several, and ignores policies that do not attach to the sidecar', () => {
    const twoPorts = object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports: [{name: 'http-web', port: 80, targetPort: 8080}, {name: 'http-admin', port: 9000, targetPort: 8080}]}});
    const elsewhere = policy('other-ns', {rules: [{}]}, 'shop');
    const waypointOnly = policy('waypoint', {targetRefs: [{kind: 'Service', group: '', name: 'web'}], rules: [{}]});
    const text = describePod(model(web, twoPorts, allowWeb, elsewhere, waypointOnly));
    expect(serviceSection(text)).toContain('80:\n80 RBAC policies: ns[default]-policy[allow-web]-rule[0]\n9000:\n9000 RBAC policies: ns[default]-policy[allow-web]-rule[0]\n');
  });

  it('is a gap for several names (Go map order), a CUSTOM policy whose provider the mesh config defines, or only dry-run policies', () => {
    const twoRules = policy('allow-web', {selector: {matchLabels: {app: 'web'}}, rules: [{}, {to: [{operation: {methods: ['GET']}}]}]});
    expect(() => describePod(model(web, webService, twoRules))).toThrow(/2 policies .* Go map order/);
    const opa = {name: 'opa', envoyExtAuthzGrpc: {service: 'opa.opa.svc.cluster.local', port: 9191}};
    expect(() => describePod({...model(web, webService, policy('ext', {action: 'CUSTOM', provider: {name: 'opa'}, rules: [{}]})), meshConfig: {extensionProviders: [opa]}})).toThrow(/CUSTOM provider "opa" is in the mesh config/);
    expect(() => describePod(model(web, webService, policy('trial', {rules: [{}]}, 'default', {'istio.io/dry-run': 'true'})))).toThrow(/dry-run/);
  });

  it('names the CUSTOM filter\'s deny rules, which come first, when istiod cannot use the provider (getBadCustomDenyRules)', () => {
    const allowWebToo = policy('allow-web', {selector: {matchLabels: {app: 'web'}}, rules: [{}]});
    const ext = policy('ext', {action: 'CUSTOM', provider: {name: 'opa'}, rules: [{to: [{operation: {paths: ['/admin']}}]}]});
    // The mesh config defines no provider opa (a tracing provider does not count): getExtAuthz refuses it.
    const tracingOnly = {extensionProviders: [{name: 'opa', zipkin: {service: 'zipkin.istio-system.svc.cluster.local', port: 9411}}]};
    expect(serviceSection(describePod({...model(web, webService, allowWebToo, ext), meshConfig: tracingOnly})))
      .toContain('RBAC policies: istio-ext-authz-opa-ns[default]-policy[ext]-rule[0]-deny-due-to-bad-CUSTOM-action\n');
    // Two providers without PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS: the first provider by name fills the first filter, its dry-run policies left out.
    const other = policy('ext-2', {action: 'CUSTOM', provider: {name: 'authn'}, rules: [{}]});
    const trial = policy('ext-3', {action: 'CUSTOM', provider: {name: 'authn'}, rules: [{}]}, 'default', {'istio.io/dry-run': 'true'});
    const opa = {name: 'opa', envoyExtAuthzGrpc: {service: 'opa.opa.svc.cluster.local', port: 9191}};
    expect(describePod({...model(web, webService, ext, other, trial), meshConfig: {extensionProviders: [opa]}}))
      .toContain('RBAC policies: istio-ext-authz-authn-ns[default]-policy[ext-2]-rule[0]-deny-due-to-bad-CUSTOM-action\n');
  });
});

describe('istioctl x describe pod: port-level mTLS (printPeerAuthentication)', () => {
  it('prints the workload policy\'s one port-level mode, an unset mode inheriting the workload\'s', () => {
    const strictPort = peerAuthentication('web', {selector: {matchLabels: {app: 'web'}}, mtls: {mode: 'STRICT'}, portLevelMtls: {8080: {mode: 'DISABLE'}}});
    expect(describePod(model(web, webService, strictPort))).toContain('Effective PeerAuthentication:\n   Workload mTLS mode: STRICT\n   Port Level mTLS mode:\n      8080: DISABLE\nApplied PeerAuthentication:\n   web.default\n');
    const inherit = peerAuthentication('web', {selector: {matchLabels: {app: 'web'}}, mtls: {mode: 'STRICT'}, portLevelMtls: {8080: {}}});
    expect(describePod(model(web, webService, inherit))).toContain('      8080: STRICT\n');
  });

  it('is a gap for several ports, which istioctl prints in Go map order', () => {
    const two = peerAuthentication('web', {selector: {matchLabels: {app: 'web'}}, portLevelMtls: {8080: {mode: 'DISABLE'}, 9090: {mode: 'STRICT'}}});
    expect(() => describePod(model(web, webService, two))).toThrow(/2 port-level mTLS modes/);
  });
});

describe('istioctl x describe pod: TCP, TLS and delegating routes (printVirtualService)', () => {
  it('counts a TCP route that reaches the Service, and prints the route counts when no fact was printed', () => {
    const vs = virtualService('web', {hosts: ['web'], http: [{route: [{destination: {host: 'web'}}]}], tcp: [{route: [{destination: {host: 'web.default.svc.cluster.local'}}]}]});
    expect(serviceSection(describePod(model(web, webService, vs)))).toContain('VirtualService: web\n   1 HTTP route(s)\n   1 TCP route(s)\n');
  });

  it('counts TLS routes among the destinations that do not reach the pod', () => {
    const vs = virtualService('web', {hosts: ['web'], http: [{route: [{destination: {host: 'web'}, weight: 100}]}], tls: [{match: [{sniHosts: ['web']}], route: [{destination: {host: 'web'}}]}]});
    expect(serviceSection(describePod(model(web, webService, vs)))).toContain('VirtualService: web\n   Route to host "web" with weight 100%\n   1 additional destination(s) that will not reach this pod\n');
  });

  it('is a gap for a TCP route\'s match, which istioctl prints as unstable proto text', () => {
    const vs = virtualService('web', {hosts: ['web'], http: [{route: [{destination: {host: 'web'}}]}], tcp: [{match: [{port: 80}], route: [{destination: {host: 'web'}}]}]});
    expect(() => describePod(model(web, webService, vs))).toThrow(/proto text/);
  });

  it('reads a delegating route as written: it carries no destination, so it never reaches the pod', () => {
    const root = virtualService('web', {hosts: ['web'], http: [{match: [{uri: {prefix: '/api'}}], delegate: {name: 'web-api'}}, {route: [{destination: {host: 'web'}}]}]});
    const delegate = virtualService('web-api', {http: [{route: [{destination: {host: 'web'}}]}]});
    expect(serviceSection(describePod(model(web, webService, root, delegate)))).toBe('Service: web\n   Port: http-web 80/HTTP targets pod port 8080\nVirtualService: web\n   1 additional destination(s) that will not reach this pod\n');
    expect(() => describePod(model(web, webService, root))).toThrow(/delegates to a VirtualService istiod cannot merge/);
  });

  it('names no VirtualService on a port without a route configuration (TCP, TLS), only on HTTP or sniffed ones', () => {
    const tcpService = object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports: [{name: 'tcp-web', port: 80, targetPort: 8080}]}});
    const vs = virtualService('web', {hosts: ['web'], http: [{route: [{destination: {host: 'web'}}]}]});
    expect(serviceSection(describePod(model(web, tcpService, vs)))).toBe('Service: web\n   Port: tcp-web 80/TCP targets pod port 8080\n');
    const unnamed = object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports: [{port: 80, targetPort: 8080}]}});
    expect(serviceSection(describePod(model(web, unnamed, vs)))).toContain('   Port:  80/auto-detect targets pod port 8080\nVirtualService: web\n');
  });

  it('prints FindPort\'s error, with the pod\'s UID, for a named target port the pod lacks', () => {
    const named = object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports: [{name: 'http-web', port: 80, targetPort: 'web-port'}]}});
    expect(serviceSection(describePod(model(web, named)))).toBe('Service: web\n   no suitable port for manifest: 5d0c1e2a-7b9f-4c3e-9a41-0f6d2b8e7c15\n');
    const byName = object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports: [{name: 'http-web', port: 80, targetPort: 'http'}]}});
    expect(serviceSection(describePod(model(web, byName)))).toBe('Service: web\n   Port: http-web 80/HTTP targets pod port 8080\n');
  });

  it('still refuses what the model cannot decide', () => {
    expect(() => describePod(model(web, webService, virtualService('web', {hosts: ['web'], http: [{match: [{port: 9999}], route: [{destination: {host: 'web'}}]}]})))).toThrow(ModelGap);
  });
});

describe('istioctl x describe pod: a Service port\'s protocol (findProtocolForPort, ConvertProtocol)', () => {
  const withPorts = (ports: unknown[]): ModelObject => object('', 'Service', 'default', 'web', {spec: {selector: {app: 'web'}, ports}});
  const portLines = (ports: unknown[]): string[] => describePod(model(web, withPorts(ports))).split('\n').filter((l) => l.startsWith('   Port:'));

  it('takes appProtocol before the name, Kubernetes\' standard names, grpc-web, and TCP for well-known ports; an unknown prefix is UnsupportedProtocol', () => {
    expect(portLines([
      {name: 'status-port', port: 15021, targetPort: 8080},
      {name: 'web', appProtocol: 'kubernetes.io/h2c', port: 81, targetPort: 8080},
      {name: 'grpc-web-api', port: 82, targetPort: 8080},
      {name: 'db', port: 3306, targetPort: 8080},
      {name: 'tunnel', appProtocol: 'hbone', port: 15008, targetPort: 8080},
    ])).toEqual([
      '   Port: status-port 15021/UnsupportedProtocol targets pod port 8080',
      '   Port: web 81/HTTP2 targets pod port 8080',
      '   Port: grpc-web-api 82/GRPC-Web targets pod port 8080',
      '   Port: db 3306/TCP targets pod port 8080',
      '   Port: tunnel 15008/HBONE targets pod port 8080',
    ]);
  });
});
