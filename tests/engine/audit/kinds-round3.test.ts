/**
 * Audit corpus, round 3: VirtualService delegation, Telemetry, WasmPlugin, ProxyConfig, WorkloadEntry,
 * WorkloadGroup and Sidecar against istiod's webhook (istio/istio pkg/config/validation/{validation.go,
 * virtualservice.go,validation_istiod.go}, pkg/config/validation/agent/validation.go) and the 1.30 CRDs
 * (../shared/reference/istio-1.30.3/crd-all.gen.yaml). Each case names the Go function (or CRD rule) it follows.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from './helpers';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const vs = (spec: string, name = 'sample') => resource('networking.istio.io/v1', 'VirtualService', spec, `  name: ${name}\n  namespace: default\n`);
const telemetry = (spec: string) => resource('telemetry.istio.io/v1', 'Telemetry', spec);
const wasm = (spec: string) => resource('extensions.istio.io/v1alpha1', 'WasmPlugin', spec);
const sidecar = (spec: string) => resource('networking.istio.io/v1', 'Sidecar', spec);
const we = (spec: string) => resource('networking.istio.io/v1', 'WorkloadEntry', spec);
const wg = (spec: string) => resource('networking.istio.io/v1', 'WorkloadGroup', spec);
const proxyConfig = (spec: string) => resource('networking.istio.io/v1beta1', 'ProxyConfig', spec);

describe('VirtualService delegation (validation.go ValidateVirtualService, virtualservice.go validateHTTPRouteConflict)', () => {
  const root = vs('  hosts: [reviews.default.svc.cluster.local]\n  http:\n  - name: to-delegate\n    match:\n    - uri: {prefix: /reviews}\n    delegate:\n      name: reviews-delegate\n      namespace: default\n  - route:\n    - destination: {host: reviews.default.svc.cluster.local}\n', 'reviews-root');
  const delegate = vs('  http:\n  - match:\n    - uri: {prefix: /reviews/v2}\n    route:\n    - destination: {host: reviews.default.svc.cluster.local, subset: v2}\n  - route:\n    - destination: {host: reviews.default.svc.cluster.local, subset: v1}\n', 'reviews-delegate');

  it('accepts a root with `delegate:` and a delegate without hosts (no "must have at least one host" any more)', () => {
    expect(findings(`${root}---\n${delegate}`)).toEqual([]);
    expect(findings(delegate)).toEqual([]);
  });

  it('accepts regex matches in a delegate (the "does not support regex match for delegating" rule is gone)', () => {
    // validateHTTPRouteMatchRequest no longer takes the route type
    expect(findings(vs('  http:\n  - match:\n    - uri: {regex: "^/reviews/[0-9]+$"}\n      headers:\n        x-user: {regex: "a.*"}\n    route:\n    - destination: {host: reviews.default.svc.cluster.local}\n'))).toEqual([]);
  });

  it('rejects gateways, tcp and tls in a delegate virtual service', () => {
    expect(findings(vs('  gateways: [istio-system/gw]\n  http:\n  - route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '7:3', severity: 'error', code: 'istio-validation', message: 'delegate virtual service must have no gateways specified'},
    ]);
    expect(findings(vs('  tcp:\n  - route:\n    - destination: {host: db}\n'))).toEqual([
      {at: '7:3', severity: 'error', code: 'istio-validation', message: 'delegate virtual service must have no tcp route specified'},
    ]);
  });

  it('rejects a delegate inside a delegate, which then also lacks a route', () => {
    // DelegateRoute: "delegate HTTP route cannot contain delegate", then the ordinary conflict checks
    expect(findings(vs('  http:\n  - delegate: {name: other, namespace: default}\n'))).toEqual([
      {at: '8:5', severity: 'error', code: 'istio-validation', message: 'delegate HTTP route cannot contain delegate'},
      {at: '8:5', severity: 'error', code: 'istio-validation', message: 'HTTP route, redirect or direct_response is required'},
    ]);
  });

  it('rejects route and redirect next to delegate on a root route, naming the route', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - name: r1\n    delegate: {name: d, namespace: default}\n    redirect: {uri: /x}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '11:5', severity: 'error', code: 'istio-validation', message: 'root HTTP route r1 must not specify redirect'},
      {at: '12:5', severity: 'error', code: 'istio-validation', message: 'root HTTP route r1 must not specify route'},
    ]);
  });

  it('skips the route/redirect/direct_response conflict checks on a root route (RootRoute returns early)', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - delegate: {name: d, namespace: default}\n    directResponse: {status: 200}\n    fault:\n      abort: {httpStatus: 503, percentage: {value: 1}}\n'))).toEqual([]);
  });

  it('applies the route conflict checks in a delegate', () => {
    expect(findings(vs('  http:\n  - redirect: {uri: /x}\n    directResponse: {status: 200}\n'))).toEqual([
      {at: '9:5', severity: 'error', code: 'istio-validation', message: 'HTTP route rule cannot contain both direct_response and redirect'},
    ]);
  });

  it('rejects JWT claim routing in a delegate, which has no gateways', () => {
    // appliesToGateway stays false without gateways
    expect(findings(vs('  http:\n  - match:\n    - headers:\n        "@request.auth.claims.group": {exact: admin}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '10:9', severity: 'error', code: 'istio-validation', message: 'JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, found no gateways: []'},
    ]);
  });
});

describe('Telemetry (validation.go ValidateTelemetry, validation_istiod.go validateTelemetryFilter)', () => {
  it('accepts providers, metric overrides, a CEL access-log filter and tracing', () => {
    expect(findings(telemetry('  metrics:\n  - providers:\n    - name: prometheus\n    overrides:\n    - match: {metric: REQUEST_COUNT, mode: CLIENT_AND_SERVER}\n      tagOverrides:\n        request_host: {operation: REMOVE}\n        app: {value: "filter_state[\'wasm.app\']"}\n    - match: {customMetric: my_metric}\n      disabled: true\n  accessLogging:\n  - providers:\n    - name: envoy\n    filter:\n      expression: "response.code >= 400 || request.headers[\'x-debug\'] == \'1\' || xds.cluster_name.startsWith(\'outbound\')"\n  tracing:\n  - providers:\n    - name: zipkin\n    randomSamplingPercentage: 10.5\n    customTags:\n      env:\n        environment: {name: POD_ENV, defaultValue: dev}\n'))).toEqual([]);
  });

  it('rejects an access-log filter that is not a CEL expression', () => {
    // celEnv.Parse(filter.Expression): "must be a valid CEL expression, <parser error>"
    expect(findings(telemetry('  accessLogging:\n  - providers:\n    - name: envoy\n    filter:\n      expression: "response.code >= 400 &&"\n'))).toEqual([
      {at: '11:19', severity: 'error', code: 'istio-validation', message: expect.stringMatching(/^must be a valid CEL expression, /)},
    ]);
  });

  it('leaves a missing UPSERT value to the CRD rule', () => {
    expect(findings(telemetry('  metrics:\n  - overrides:\n    - tagOverrides:\n        x: {operation: UPSERT}\n'))).toEqual([
      {at: '10:12', severity: 'error', code: 'cel', message: 'spec.metrics[0].overrides[0].tagOverrides[x]: no such key: value evaluating rule: value must be set when operation is UPSERT'},
    ]);
  });

  it('leaves randomSamplingPercentage bounds to the CRD and warns about several tracing entries', () => {
    expect(findings(telemetry('  tracing:\n  - randomSamplingPercentage: 101\n'))).toEqual([
      {at: '8:31', severity: 'error', code: 'maximum', message: 'spec.tracing[0].randomSamplingPercentage: must be less than or equal to 100, got 101'},
    ]);
    // validateTelemetryTracing: AppendWarningf "multiple tracing is not currently supported"
    expect(findings(telemetry('  tracing:\n  - providers: [{name: a}]\n  - providers: [{name: b}]\n'))).toEqual([
      {at: '7:3', severity: 'warning', code: 'istio-validation-warning', message: 'multiple tracing is not currently supported'},
    ]);
  });
});

describe('WasmPlugin (validation.go ValidateWasmPlugin, strictParseURL; CRD url rule)', () => {
  it('accepts an OCI plugin with phase, priority, pull policy, fail strategy and vm env', () => {
    expect(findings(wasm('  selector:\n    matchLabels: {app: reviews}\n  url: oci://ghcr.io/acme/filter:1.0\n  sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  phase: AUTHN\n  priority: 10\n  imagePullPolicy: IfNotPresent\n  failStrategy: FAIL_OPEN\n  pluginConfig: {a: 1}\n  vmConfig:\n    env:\n    - name: A\n      value: b\n    - name: POD_NAME\n      valueFrom: HOST\n'))).toEqual([]);
  });

  it('accepts a url without scheme (retried with http://) and file/https urls', () => {
    for (const url of ['ghcr.io/acme/filter:1.0', 'file:///opt/filter.wasm', 'https://example.com/filter.wasm', '/opt/filter.wasm']) {
      expect(findings(wasm(`  url: ${url}\n`))).toEqual([]);
    }
  });

  it('a registry with a port but no scheme reads as scheme "ghcr.io": the CRD rule rejects it first', () => {
    expect(findings(wasm('  url: ghcr.io:5000/acme/filter\n'))).toEqual([
      {at: '7:8', severity: 'error', code: 'cel', message: 'spec.url: url must have schema one of [http, https, file, oci]'},
    ]);
  });

  it('leaves duplicate env names to the list-map schema', () => {
    expect(findings(wasm('  url: oci://x/y\n  vmConfig:\n    env:\n    - name: A\n    - name: A\n'))).toEqual([
      {at: '11:7', severity: 'error', code: 'duplicate', message: 'spec.vmConfig.env[1]: Duplicate value: {name: "A"} (same as item 0)'},
    ]);
  });
});

describe('ProxyConfig, WorkloadEntry, WorkloadGroup (validation.go)', () => {
  it('ProxyConfig: accepts concurrency and image type; a negative concurrency meets the CRD minimum before validateConcurrency', () => {
    expect(findings(proxyConfig('  selector:\n    matchLabels: {app: reviews}\n  concurrency: 2\n  image:\n    imageType: distroless\n'))).toEqual([]);
    expect(findings(proxyConfig('  concurrency: -1\n'))).toEqual([
      {at: '7:16', severity: 'error', code: 'minimum', message: 'spec.concurrency: must be greater than or equal to 0, got -1'},
    ]);
  });

  it('WorkloadEntry: accepts an IP or FQDN address with ports and labels', () => {
    expect(findings(we('  address: 10.0.0.5\n  ports:\n    http: 8080\n    grpc-web: 9090\n  labels: {app: vm, version: v1}\n  network: vm-net\n  serviceAccount: vm-sa\n'))).toEqual([]);
    expect(findings(we('  address: vm1.example.com\n'))).toEqual([]);
  });

  it('WorkloadEntry: network without address is a warning; the CRD rejects ports on a unix address first', () => {
    expect(findings(we('  network: net1\n'))).toEqual([
      {at: '6:1', severity: 'warning', code: 'istio-validation-warning', message: 'address is unset with network "net1"'},
    ]);
    expect(findings(we('  address: unix:///var/run/app.sock\n  ports:\n    http: 8080\n'))).toEqual([
      // the webhook's "unix endpoint ... must not include ports" never runs: the CRD rule answers first
      {at: '6:1', severity: 'error', code: 'cel', message: 'spec: UDS may not include ports'},
    ]);
  });

  it('WorkloadGroup: accepts a template with an httpGet probe', () => {
    expect(findings(wg('  metadata:\n    labels: {app: vm}\n  template:\n    serviceAccount: vm-sa\n    ports: {http: 8080}\n  probe:\n    periodSeconds: 5\n    httpGet:\n      path: /ready\n      port: 8080\n      scheme: HTTPS\n      httpHeaders:\n      - name: x-probe\n        value: "1"\n'))).toEqual([]);
  });
});

describe('Sidecar (validation.go ValidateSidecar, agent.ValidateNamespaceSlashWildcardHostname)', () => {
  it('accepts the egress host forms, default endpoints, binds and an egress proxy with ALLOW_ANY', () => {
    expect(findings(sidecar('  workloadSelector:\n    labels: {app: reviews}\n  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: 127.0.0.1:8080\n  - port: {number: 9081, protocol: HTTP, name: http2}\n    defaultEndpoint: 0.0.0.0:8081\n  - port: {number: 9082, protocol: TCP, name: tcp}\n    defaultEndpoint: "[::1]:8082"\n  - port: {number: 9083, protocol: TCP, name: uds}\n    defaultEndpoint: unix:///var/run/app.sock\n    bind: 0.0.0.0\n  egress:\n  - port: {number: 3306, protocol: MYSQL, name: mysql}\n    bind: 127.0.0.1\n    captureMode: NONE\n    hosts: [./mysql.default.svc.cluster.local]\n  - port: {number: 0, protocol: HTTP, name: uds}\n    bind: unix:///var/run/egress.sock\n    captureMode: DEFAULT\n    hosts: [istio-system/*]\n  - hosts: ["./*", "~/*", "istio-system/*.example.com", "*/api.example.com"]\n  outboundTrafficPolicy:\n    mode: ALLOW_ANY\n    egressProxy:\n      host: egress.istio-system.svc.cluster.local\n      port: {number: 80}\n'))).toEqual([]);
  });

  it('reports a bracketed default endpoint without a port as net.SplitHostPort does', () => {
    // "[::1]": ']' is the last character, so "missing port in address", then strconv.Atoi("") fails
    expect(findings(sidecar('  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: "[::1]"\n'))).toEqual([
      {at: '9:22', severity: 'error', code: 'istio-validation', message: 'address [::1]: missing port in address'},
      {at: '9:22', severity: 'error', code: 'istio-validation', message: 'sidecar: defaultEndpoint port () is not a number: strconv.Atoi: parsing "": invalid syntax'},
    ]);
    expect(findings(sidecar('  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: "10.0.0.1:8080"\n'))).toEqual([
      {at: '9:22', severity: 'error', code: 'istio-validation', message: 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset'},
    ]);
  });

  it('rejects credentialNames and tlsCertificates in ingress tls', () => {
    expect(findings(sidecar('  ingress:\n  - port: {number: 9443, protocol: HTTPS, name: https}\n    defaultEndpoint: 127.0.0.1:8443\n    tls:\n      mode: SIMPLE\n      credentialNames: [cert-a]\n'))).toEqual([
      {at: '12:7', severity: 'error', code: 'istio-validation', message: 'sidecar: credentialNames is not currently supported'},
    ]);
    expect(findings(sidecar('  ingress:\n  - port: {number: 9443, protocol: HTTPS, name: https}\n    defaultEndpoint: 127.0.0.1:8443\n    tls:\n      mode: SIMPLE\n      tlsCertificates:\n      - serverCertificate: /etc/certs/a.pem\n        privateKey: /etc/certs/a.key\n'))).toEqual([
      {at: '12:7', severity: 'error', code: 'istio-validation', message: 'sidecar: tls_certificates is not currently supported'},
    ]);
  });

  it('rejects `*/`, short names and hosts without a namespace', () => {
    // ValidateNamespaceSlashWildcardHostname(host, false, false), then validateSidecarOrGatewayHostnamePart
    expect(findings(sidecar('  egress:\n  - hosts: ["*/", "foo/bar", "nsonly"]\n'))).toEqual([
      {at: '8:13', severity: 'error', code: 'istio-validation', message: 'config namespace and dnsName in host entry cannot be empty'},
      {at: '8:13', severity: 'error', code: 'istio-validation', message: 'short names (non FQDN) are not allowed'},
      {at: '8:13', severity: 'error', code: 'istio-validation', message: 'empty domain name not allowed'},
      {at: '8:19', severity: 'error', code: 'istio-validation', message: 'short names (non FQDN) are not allowed'},
      {at: '8:30', severity: 'error', code: 'istio-validation', message: 'host must be of form namespace/dnsName'},
    ]);
  });

  it('rejects an egress proxy unless the mode is ALLOW_ANY', () => {
    expect(findings(sidecar('  outboundTrafficPolicy:\n    mode: REGISTRY_ONLY\n    egressProxy:\n      host: egress.example.com\n      port: {number: 80}\n'))).toEqual([
      {at: '9:5', severity: 'error', code: 'istio-validation', message: 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode'},
    ]);
  });

  it('leaves "one selector-less Sidecar per namespace" to the analyzer, not the webhook', () => {
    const a = sidecar('  egress:\n  - hosts: ["./*"]\n');
    expect(findings(`${a}---\n${a.replace('name: sample', 'name: other')}`).filter((f) => f.code.startsWith('istio-validation'))).toEqual([]);
  });
});
