/**
 * linkerd.ServerSelectorAnalyzer: a Server that selects no pod, or a port its pods lack, as the
 * policy controller binds Servers to pod ports (policy-controller/k8s/index/src/inbound/index.rs
 * Pod::reindex_servers and select_ports; workload.rs pod_tcp_ports_by_name).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const CODES = new Set(['linkerd-server-selects-no-pods', 'linkerd-server-port-name-not-found', 'linkerd-server-port-not-declared']);
const ours = (text: string, options = {}) => findings(text, options).filter((f) => CODES.has(f.code));

const web = (ports: string, labels = '{app: web, tier: front}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: ${labels}
      annotations: {linkerd.io/inject: enabled}
    spec:
      initContainers: [{name: init, image: busybox, ports: [{name: admin, containerPort: 9990}]}]
      containers: [{name: web, image: web, ports: ${ports}}]
`;
const cluster = web('[{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090, protocol: UDP}]');

const server = (selector: string, port: string) => `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: web-http
  namespace: shop
spec:
  podSelector: ${selector}
  port: ${port}
`;

describe('a Server whose podSelector selects no pod', () => {
  it('warns at podSelector when no pod of its namespace carries the labels', () => {
    expect(ours(server('{matchLabels: {app: wbe}}', 'http'), {context: cluster})).toEqual([expect.objectContaining({
      at: '7:3', severity: 'warning', code: 'linkerd-server-selects-no-pods',
      message: 'Server shop/web-http selects no pod in namespace shop (app=wbe): it applies to nothing, and the pods it was meant for follow their default inbound policy',
    })]);
  });

  it('matches expressions as the policy controller does (In, NotIn, Exists, DoesNotExist)', () => {
    expect(ours(server('{matchExpressions: [{key: app, operator: In, values: [web, api]}]}', 'http'), {context: cluster})).toEqual([]);
    expect(ours(server('{matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}', 'http'), {context: cluster}).map((f) => f.code)).toEqual(['linkerd-server-selects-no-pods']);
    expect(ours(server('{matchExpressions: [{key: tier, operator: Exists}]}', 'http'), {context: cluster})).toEqual([]);
    expect(ours(server('{matchExpressions: [{key: tier, operator: DoesNotExist}]}', 'http'), {context: cluster}).map((f) => f.code)).toEqual(['linkerd-server-selects-no-pods']);
  });

  it('matches nothing with an expression whose operator takes no values but has some ("Illegal match expression")', () => {
    expect(ours(server('{matchExpressions: [{key: app, operator: Exists, values: [web]}]}', 'http'), {context: cluster}).map((f) => f.code)).toEqual(['linkerd-server-selects-no-pods']);
  });

  it('selects only pods of its own namespace', () => {
    const elsewhere = cluster.replace('namespace: shop', 'namespace: other');
    expect(ours(server('{matchLabels: {app: web}}', 'http'), {context: elsewhere}).map((f) => f.code)).toEqual(['linkerd-server-selects-no-pods']);
  });

  it('says nothing where the run does not know the namespace\'s workloads (open world)', () => {
    expect(ours(server('{matchLabels: {app: wbe}}', 'http'))).toEqual([]);
  });
});

describe('a Server port its pods do not have', () => {
  it('warns when no container has a TCP port of the name: the Server binds no port', () => {
    expect(ours(server('{matchLabels: {app: web}}', 'htttp'), {context: cluster})).toEqual([expect.objectContaining({
      at: '8:9', code: 'linkerd-server-port-name-not-found',
      message: expect.stringContaining('Server shop/web-http selects port "htttp", but no container of its pods (Deployment shop/web) has a TCP port of that name'),
    })]);
  });

  it('finds named ports of init containers too, but not UDP ones', () => {
    expect(ours(server('{matchLabels: {app: web}}', 'admin'), {context: cluster})).toEqual([]);
    expect(ours(server('{matchLabels: {app: web}}', 'metrics'), {context: cluster}).map((f) => f.code)).toEqual(['linkerd-server-port-name-not-found']);
  });

  it('warns of a port number the pods do not declare among the ones they do', () => {
    expect(ours(server('{matchLabels: {app: web}}', '8081'), {context: cluster})).toEqual([expect.objectContaining({
      code: 'linkerd-server-port-not-declared',
      message: expect.stringContaining('selects port 8081, which no container of its pods (Deployment shop/web) declares (they declare 8080, 9990)'),
    })]);
    expect(ours(server('{matchLabels: {app: web}}', '8080'), {context: cluster})).toEqual([]);
  });

  it('accepts any number when the pods declare no ports: a number binds whether declared or not', () => {
    const bare = web('[]').replace(/\s+initContainers: .*\n/, '\n');
    expect(ours(server('{matchLabels: {app: web}}', '8081'), {context: bare})).toEqual([]);
  });
});

// Upstream: linkerd2 test/integration/install/testdata/smoke_test.yaml's Server `smoke-test-proxy-admin` selects
// port linkerd-admin on workloads whose manifest has no proxy; the injector adds it (charts/partials _proxy.tpl).
describe('the ports the proxy injector adds to the pods it meshes', () => {
  const unannotated = web('[{name: http, containerPort: 8080}]').replace('      annotations: {linkerd.io/inject: enabled}\n', '');

  it('binds a Server naming linkerd-admin or linkerd-proxy, or their numbers, on a pod the injector meshes', () => {
    for (const port of ['linkerd-admin', 'linkerd-proxy', '4191', '4143']) {
      expect(ours(server('{matchLabels: {app: web}}', port), {context: cluster})).toEqual([]);
    }
  });

  it('binds them too where the run does not say whether the namespace is injected', () => {
    expect(ours(`${unannotated}---\n${server('{matchLabels: {app: web}}', 'linkerd-admin')}`)).toEqual([]);
  });

  it('takes the numbers of the config.linkerd.io/admin-port and inbound-port annotations', () => {
    const moved = cluster.replace('{linkerd.io/inject: enabled}', '{linkerd.io/inject: enabled, config.linkerd.io/admin-port: "5191"}');
    expect(ours(server('{matchLabels: {app: web}}', '5191'), {context: moved})).toEqual([]);
    expect(ours(server('{matchLabels: {app: web}}', '4191'), {context: moved}).map((f) => f.code)).toEqual(['linkerd-server-port-not-declared']);
  });

  it('are not there on a pod the injector leaves alone', () => {
    const disabled = cluster.replace('{linkerd.io/inject: enabled}', '{linkerd.io/inject: disabled}');
    expect(ours(server('{matchLabels: {app: web}}', 'linkerd-admin'), {context: disabled}).map((f) => f.code)).toEqual(['linkerd-server-port-name-not-found']);
  });
});

describe('a Server with an externalWorkloadSelector', () => {
  const external = `apiVersion: workload.linkerd.io/v1beta1
kind: ExternalWorkload
metadata: {name: vm-1, namespace: shop, labels: {app: legacy}}
spec:
  meshTLS: {identity: spiffe://root.linkerd.cluster.local/vm, serverName: vm.cluster.local}
  workloadIPs: [{ip: 10.1.1.1}]
  ports: [{name: http, port: 80}]
`;
  const externalServer = (labels: string, port: string) => `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: legacy, namespace: shop}
spec:
  externalWorkloadSelector: {matchLabels: ${labels}}
  port: ${port}
`;

  it('warns when it selects no ExternalWorkload, or a port name the workloads do not have', () => {
    expect(ours(externalServer('{app: legcy}', 'http'), {context: external}).map((f) => f.code)).toEqual(['linkerd-server-selects-no-pods']);
    expect(ours(externalServer('{app: legacy}', 'grpc'), {context: external}).map((f) => f.code)).toEqual(['linkerd-server-port-name-not-found']);
    expect(ours(externalServer('{app: legacy}', 'http'), {context: external})).toEqual([]);
  });
});
