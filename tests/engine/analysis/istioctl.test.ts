/**
 * analyzeIstioctl: `istioctl analyze --use-kube=false` over files, its messages as istioctl
 * prints them (origin, file:line reference, text, documentation URL), sorted and de-duplicated
 * as diag.Messages.SortedDedupedCopy does, with the default resources and mesh config of file mode.
 */
import {describe, expect, it} from 'vitest';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';

const file = (text: string, name = 'mesh.yaml') => ({name, text});
const vs = (name: string, host: string, extra = '') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  hosts: [${name}.example.com]\n${extra}  http:\n  - route:\n    - destination:\n        host: ${host}\n`;

describe('analyzeIstioctl: what a message says and where', () => {
  it("prints istioctl's origin, file:line of the field, filled template and documentation URL", () => {
    const {messages, errors} = analyzeIstioctl({files: [file(vs('cart', 'cart'))], analyzers: ['virtualservice.DestinationHostAnalyzer']});
    expect(errors).toEqual([]);
    expect(messages).toEqual([{
      code: 'IST0101', name: 'ReferencedResourceNotFound', level: 'Error', message: 'Referenced host not found: "cart"',
      resource: {group: 'networking.istio.io', version: 'v1', kind: 'VirtualService', namespace: 'shop', name: 'cart'},
      origin: 'VirtualService shop/cart', reference: 'mesh.yaml:11', line: 11,
      documentationUrl: 'https://istio.io/v1.30/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze',
    }]);
  });

  it("names a cluster-scoped resource without a namespace, and a message without a field line at its document's first line", () => {
    const text = '---\n# shop\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    const [message] = analyzeIstioctl({files: [file(text)], analyzers: ['injection.Analyzer']}).messages;
    expect(message).toMatchObject({code: 'IST0102', origin: 'Namespace shop', reference: 'mesh.yaml:6'});
    const [other] = analyzeIstioctl({files: [file(text.replace('  name: shop\n', '  name: shop\n  labels: {istio-injection: enabled, istio.io/rev: canary}\n'))],
      analyzers: ['injection.Analyzer']}).messages;
    // kubeyaml's start line: the first line that is not empty or `---` (the comment).
    expect(other).toMatchObject({code: 'IST0123', reference: 'mesh.yaml:2'});
  });

  it('sorts by level, then code, then kind/name/namespace, and prints identical messages once', () => {
    const sidecars = ['b', 'a'].map((name) => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: ${name}, namespace: shop}\nspec: {}\n`).join('---\n');
    const text = `${sidecars}---\n${vs('cart', 'cart')}---\n${vs('cart', 'cart')}`;
    const found = analyzeIstioctl({files: [file(text)], analyzers: ['sidecar.SelectorAnalyzer', 'virtualservice.DestinationHostAnalyzer']}).messages;
    expect(found.map((m) => `${m.code} ${m.origin}`)).toEqual(['IST0101 VirtualService shop/cart', 'IST0111 Sidecar shop/a', 'IST0111 Sidecar shop/b']);
  });

  it('leaves out the codes a resource suppresses with galley.istio.io/analyze-suppress', () => {
    const text = vs('cart', 'cart').replace('  namespace: shop\n', '  namespace: shop\n  annotations: {galley.istio.io/analyze-suppress: "IST0132,IST0101"}\n');
    expect(analyzeIstioctl({files: [file(text)], analyzers: ['virtualservice.DestinationHostAnalyzer']}).messages).toEqual([]);
  });
});

describe("analyzeIstioctl: file mode's default resources and mesh config", () => {
  const gateway = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n';

  it('adds the dummy istio-ingressgateway Pod and Service, which a Gateway on port 80 finds', () => {
    expect(analyzeIstioctl({files: [file(gateway)], analyzers: ['gateway.IngressGatewayPortAnalyzer']}).messages).toEqual([]);
  });

  it('adds none when the mesh config turns ingress off', () => {
    const found = analyzeIstioctl({files: [file(gateway)], meshConfig: file('ingressControllerMode: "OFF"\n', 'mesh-config.yaml'), analyzers: ['gateway.IngressGatewayPortAnalyzer']}).messages;
    expect(found.map((m) => m.message)).toEqual(['Referenced selector not found: "istio=ingressgateway"']);
  });

  it("names the dummy Service after the mesh config's ingressService", () => {
    const withService = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v, namespace: istio-system}\nspec:\n  hosts: [v.example.com]\n  http:\n  - route:\n    - destination: {host: my-ingress, port: {number: 80}}\n';
    expect(analyzeIstioctl({files: [file(withService)], meshConfig: file('ingressService: my-ingress\n'), analyzers: ['virtualservice.DestinationHostAnalyzer']}).messages).toEqual([]);
  });

  it("adds none to a live cluster's objects, whose messages carry no file reference (AddRunningKubeSource)", () => {
    const found = analyzeIstioctl({files: [file(gateway)], live: true, analyzers: ['gateway.IngressGatewayPortAnalyzer']}).messages;
    expect(found.map((m) => [m.origin, m.reference, m.message])).toEqual([['Gateway shop/gw', undefined, 'Referenced selector not found: "istio=ingressgateway"']]);
  });
});

describe('analyzers as istioctl 1.30.3 runs them (cases from its own test grid)', () => {
  const policy = (source: string) =>
    `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: prod-a}\nspec:\n  rules:\n  - from:\n    - source: ${source}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: prod-a}\n`;
  const namespaceMessages = (source: string) =>
    analyzeIstioctl({files: [file(policy(source))], analyzers: ['auth.AuthorizationPoliciesAnalyzer']}).messages.filter((m) => m.code === 'IST0101').map((m) => m.message);

  it('matches AuthorizationPolicy namespace patterns (`*x`, `x*`) against the Namespaces, in namespaces and notNamespaces', () => {
    expect(namespaceMessages('{namespaces: ["prod-*", "*-a", "*"]}')).toEqual([]);
    expect(namespaceMessages('{namespaces: ["dev-*"], notNamespaces: ["*-b", "staging"]}').sort()).toEqual([
      'Referenced namespace not found: "*-b"', 'Referenced namespace not found: "dev-*"', 'Referenced namespace not found: "staging"',
    ]);
  });

  it('accepts REPLACE on VIRTUAL_HOST, and prints the relative-operation warning once per EnvoyFilter', () => {
    const patch = (applyTo: string) => `  - applyTo: ${applyTo}\n    patch: {operation: REPLACE, value: {name: x}}\n`;
    const text = `apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: {name: ef, namespace: shop}\nspec:\n  configPatches:\n${patch('VIRTUAL_HOST')}${patch('HTTP_FILTER')}`;
    expect(analyzeIstioctl({files: [file(text)], analyzers: ['envoyfilter.EnvoyPatchAnalyzer']}).messages.map((m) => m.code)).toEqual(['IST0151']);
  });

  it('leaves alone the Services a gateway controller manages (gateway.istio.io/managed)', () => {
    const service = (labels: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: w, namespace: shop, labels: {${labels}}}\nspec:\n  ports: [{name: mesh, port: 15008}]\n`;
    expect(analyzeIstioctl({files: [file(service('gateway.istio.io/managed: istio.io-mesh-controller'))], analyzers: ['service.PortNameAnalyzer']}).messages).toEqual([]);
    expect(analyzeIstioctl({files: [file(service('app: w'))], analyzers: ['service.PortNameAnalyzer']}).messages.map((m) => m.code)).toEqual(['IST0118']);
  });

  it('merges VirtualServices exported to all namespaces into the group of each namespace, wildcard hosts matching, each reported once', () => {
    const meshVs = (name: string, namespace: string, host: string, exportTo: string) =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  hosts: ["${host}"]\n  exportTo: [${exportTo}]\n  http:\n  - route:\n    - destination: {host: x}\n`;
    const text = [meshVs('a', 'foo', 'a.example.com', '"."'), meshVs('b', 'bar', '*.example.com', '"*"'), meshVs('c', 'baz', 'c.example.com', '"bar"')].join('---\n');
    const found = analyzeIstioctl({files: [file(text)], analyzers: ['virtualservice.ConflictingMeshGatewayHostsAnalyzer']}).messages;
    // b (exported to all, *.example.com) conflicts with a (in foo) and with c (exported to bar); it is reported once.
    expect(found.map((m) => `${m.origin}: ${m.message.slice(0, m.message.indexOf(' associated'))}`)).toEqual([
      'VirtualService foo/a: The VirtualServices bar/b,foo/a', 'VirtualService bar/b: The VirtualServices bar/b,foo/a', 'VirtualService baz/c: The VirtualServices bar/b,baz/c',
    ]);
  });

  it('requires no ServiceEntry address where istiod allocates one (status.addresses, or DNS capture with auto-allocation)', () => {
    const entry = (status: string) => `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: db, namespace: shop}\nspec:\n  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp, protocol: TCP}]\n${status}`;
    const run = (status: string, mesh?: string) => analyzeIstioctl({files: [file(entry(status))], meshConfig: mesh ? file(mesh) : undefined, analyzers: ['serviceentry.Analyzer']}).messages.length;
    expect(run('')).toBe(1);
    expect(run('status:\n  addresses: [{host: db.example.com, value: 240.240.0.1}]\n')).toBe(0);
    expect(run('', 'defaultConfig:\n  proxyMetadata: {ISTIO_META_DNS_CAPTURE: "true", ISTIO_META_DNS_AUTO_ALLOCATE: "true"}\n')).toBe(0);
    expect(run('', 'defaultConfig:\n  proxyMetadata: {ISTIO_META_DNS_AUTO_ALLOCATE: "true"}\n')).toBe(1);
  });

  it('asks no provider of disabled access logging', () => {
    const telemetry = 'apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: {name: t, namespace: shop}\nspec:\n  accessLogging:\n  - disabled: true\n';
    expect(analyzeIstioctl({files: [file(telemetry)], analyzers: ['telemetry.ProviderAnalyzer']}).messages).toEqual([]);
  });

  it("asks no caCertificates of a DestinationRule for selected workloads that names a credentialName", () => {
    const rule = (selector: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: db, namespace: shop}\nspec:\n  host: db.example.com\n${selector}  trafficPolicy:\n    tls: {mode: SIMPLE, credentialName: db-ca}\n`;
    const codes = (selector: string) => analyzeIstioctl({files: [file(rule(selector))], analyzers: ['destinationrule.CaCertificateAnalyzer']}).messages.map((m) => m.code);
    expect(codes('  workloadSelector: {matchLabels: {app: api}}\n')).toEqual([]);
    expect(codes('')).toEqual(['IST0128']);
  });

  it("matches a subset's node topology labels against the labels of the pods' Nodes", () => {
    const text = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r, namespace: shop}\nspec:\n  host: r\n  subsets:\n  - {name: east, labels: {topology.kubernetes.io/region: east}}\n  - {name: west, labels: {topology.kubernetes.io/region: west}}\n---
apiVersion: v1\nkind: Service\nmetadata: {name: r, namespace: shop}\nspec:\n  selector: {app: r}\n  ports: [{name: http, port: 80}]\n---
apiVersion: v1\nkind: Pod\nmetadata: {name: r-1, namespace: shop, labels: {app: r}}\nspec: {nodeName: n1, containers: [{name: r, image: r}]}\n---
apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {topology.kubernetes.io/region: east}}\n`;
    expect(analyzeIstioctl({files: [file(text)], analyzers: ['destinationrule.SubsetSelectPodAnalyzer']}).messages.map((m) => m.message)).toEqual([
      'The Subset west defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    ]);
  });

  it("resolves destination hosts as GetDestinationHost does: a Service's exportTo annotation, the VirtualService's own exportTo, a route without destination", () => {
    const service = (annotation: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: details, namespace: default, annotations: {networking.istio.io/exportTo: "${annotation}"}}\nspec:\n  ports: [{name: http, port: 80}]\n`;
    const route = (namespace: string, exportTo = '') =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v, namespace: ${namespace}}\nspec:\n  hosts: [v.example.com]\n${exportTo}  http:\n  - route:\n    - destination: {host: details.default.svc.cluster.local}\n`;
    const messages = (...documents: string[]) => analyzeIstioctl({files: [file(documents.join('---\n'))], analyzers: ['virtualservice.DestinationHostAnalyzer']}).messages.map((m) => m.message);
    expect(messages(service('banana'), route('banana'))).toEqual([]);
    expect(messages(service('banana'), route('apple'))).toEqual(['Referenced host not found: "details.default.svc.cluster.local"']);
    expect(messages(service('.'), route('apple', '  exportTo: [default]\n'))).toEqual([]);
    const noDestination = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: w, namespace: default}\nspec:\n  hosts: [w.example.com]\n  http:\n  - route:\n    - {}\n';
    expect(messages(noDestination)).toEqual(['Referenced host not found: ""']);
  });

  it('warns that a subset routed to inside the mesh does not apply to a gateway route to the same host without subset (IST0140)', () => {
    const inside = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: inside, namespace: default}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n';
    const ingress = (subset: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ingress, namespace: default}\nspec:\n  hosts: [shop.example.com]\n  gateways: [gw]\n  http:\n  - route:\n    - destination: {host: reviews${subset}}\n`;
    const messages = (text: string) => analyzeIstioctl({files: [file(text)], analyzers: ['virtualservice.DestinationHostAnalyzer']}).messages.filter((m) => m.code === 'IST0140').map((m) => `${m.origin}: ${m.message}`);
    expect(messages(`${inside}---\n${ingress('')}`)).toEqual(['VirtualService default/ingress: Subset in virtual service default/inside has no effect on ingress gateway default/ingress requests']);
    expect(messages(`${inside}---\n${ingress(', subset: v1')}`)).toEqual([]);
  });

  it('says a Sidecar has no effect on ambient workloads (IST0167) instead of reporting its conflicts', () => {
    const sidecar = (name: string, namespace: string, selector = '') => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {${selector}}\n`;
    const text = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: amb, labels: {istio.io/dataplane-mode: ambient}}\n',
      sidecar('a', 'amb'), sidecar('b', 'amb'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: side, labels: {app: p}, annotations: {ambient.istio.io/redirection: enabled}}\nspec: {containers: [{name: c, image: i}]}\n',
      sidecar('c', 'side', 'workloadSelector: {labels: {app: p}}'),
    ].join('---\n');
    expect(analyzeIstioctl({files: [file(text)], analyzers: ['sidecar.SelectorAnalyzer']}).messages.map((m) => `${m.code} ${m.origin}: ${m.message}`)).toEqual([
      'IST0167 Sidecar amb/a: The policy has no impact: namespace is in ambient mode, the policy has no impact.',
      'IST0167 Sidecar amb/b: The policy has no impact: namespace is in ambient mode, the policy has no impact.',
      'IST0167 Sidecar side/c: The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
    ]);
  });
});
