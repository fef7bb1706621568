/**
 * Audit, round 3: istioctl analyze (Istio 1.30) analyzers registered in pkg/config/analysis/analyzers/all.go
 * that the engine did not implement yet, for what a learner of traffic management and security meets:
 * envoyfilter.EnvoyPatchAnalyzer, sidecar.SelectorAnalyzer (IST0110), telemetry.{Selector,DefaultSelector,
 * Prodiver}Analyzer, gateway.CertificateAnalyzer (IST0138), gateway.SecretAnalyzer (IST0101 credentialName),
 * virtualservice.JWTClaimRouteAnalyzer (IST0149), deployment.ApplicationUIDAnalyzer (IST0144),
 * authz.AuthorizationPoliciesAnalyzer (selector-less policy, IST0127). Messages: msg/messages.yaml.
 */
import {describe, expect, it} from 'vitest';
import {findings} from './helpers';

/** Only istioctl's own codes. */
const ist = (text: string, options = {}) => findings(text, options).filter((f) => f.code.startsWith('IST'));

const context = `
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
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
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
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
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
---
apiVersion: v1
kind: Secret
metadata: {name: bookinfo-cert, namespace: istio-system}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: [bookinfo.example.com]
`;
const ctx = {context};

const envoyFilter = (patches: string, extra = '') => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: ef
  namespace: default
spec:
${extra}  configPatches:
${patches}`;

const RELATIVE = 'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. ' +
  'Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.';
const RELATIVE_WITH_VERSION = 'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) ' +
  'and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. ' +
  'Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.';

const lua = `  - applyTo: HTTP_FILTER
    match:
      context: SIDECAR_INBOUND
      listener:
        filterChain:
          filter:
            name: envoy.filters.network.http_connection_manager
            subFilter: {name: envoy.filters.http.router}
    patch:
      operation: INSERT_BEFORE
      value:
        name: envoy.lua
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
          inlineCode: "function envoy_on_request(h) end"
`;

describe('envoyfilter.EnvoyPatchAnalyzer (envoyfilter/envoyfilter.go)', () => {
  it('IST0151: a relative operation (INSERT_BEFORE) without priority', () => {
    expect(ist(envoyFilter(lua))).toEqual([
      {at: '17:18', severity: 'warning', code: 'IST0151', message: RELATIVE},
    ]);
  });

  it('is silent with a priority, and without context needs none', () => {
    expect(ist(envoyFilter(lua, '  priority: 10\n'))).toEqual([]);
    expect(ist(envoyFilter(lua.replace('INSERT_BEFORE', 'INSERT_FIRST')))).toEqual([]);
    expect(ist(envoyFilter(lua.replace('INSERT_BEFORE', 'INSERT_FIRST')), ctx)).toEqual([]);
  });

  it('IST0152: REPLACE only for HTTP_FILTER and NETWORK_FILTER; elsewhere REPLACE is relative', () => {
    expect(ist(envoyFilter(`  - applyTo: CLUSTER
    match: {cluster: {service: reviews.default.svc.cluster.local}}
    patch:
      operation: REPLACE
      value: {name: x}
`))).toEqual([{at: '11:18', severity: 'error', code: 'IST0152', message: 'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.'}]);
    expect(ist(envoyFilter(lua.replace('INSERT_BEFORE', 'REPLACE'))).map((f) => f.code)).toEqual(['IST0151']);
  });

  it('IST0153 / IST0154: ADD and REMOVE are ignored for ROUTE_CONFIGURATION and HTTP_ROUTE', () => {
    expect(ist(envoyFilter(`  - applyTo: HTTP_ROUTE
    match: {routeConfiguration: {vhost: {name: "reviews:9080"}}}
    patch:
      operation: ADD
      value: {name: extra}
  - applyTo: ROUTE_CONFIGURATION
    match: {routeConfiguration: {portNumber: 9080}}
    patch: {operation: REMOVE}
`))).toEqual([
      {at: '11:18', severity: 'error', code: 'IST0153', message: 'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.'},
      {at: '15:24', severity: 'error', code: 'IST0154', message: 'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.'},
    ]);
  });

  it('is silent for MERGE, ADD to a listener and REMOVE of a filter with a priority', () => {
    expect(ist(envoyFilter(`  - applyTo: CLUSTER
    match: {cluster: {service: reviews.default.svc.cluster.local}}
    patch:
      operation: MERGE
      value: {connect_timeout: 2s}
  - applyTo: LISTENER
    patch:
      operation: ADD
      value: {name: extra}
  - applyTo: NETWORK_FILTER
    match: {listener: {filterChain: {filter: {name: envoy.filters.network.tcp_proxy}}}}
    patch: {operation: REMOVE}
`, '  priority: -1\n'))).toEqual([]);
  });

  it('IST0155: a relative patch of a filter name an earlier patch with proxyVersion also patches', () => {
    const versioned = lua.replace('      context: SIDECAR_INBOUND\n', '      context: SIDECAR_INBOUND\n      proxy: {proxyVersion: "^1\\\\.30.*"}\n');
    const found = ist(`${envoyFilter(versioned)}---
${envoyFilter(lua).replace('name: ef', 'name: ef2')}`);
    expect(found.map((f) => [f.code, f.severity])).toEqual([['IST0151', 'warning'], ['IST0155', 'warning']]);
    expect(found[1]!.message).toBe(RELATIVE_WITH_VERSION);
  });
});

const sidecar = (name: string, labels: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: default}
spec:
  workloadSelector: {labels: ${labels}}
  egress: [{hosts: ["./*"]}]
`;

describe('sidecar.SelectorAnalyzer (sidecar/selector.go): IST0110', () => {
  it('reports each Sidecar whose workloadSelector picks a pod another Sidecar picks', () => {
    const found = ist(`${sidecar('by-app', '{app: reviews}')}---\n${sidecar('by-version', '{version: v1}')}`, ctx);
    const message = 'The Sidecars [by-app by-version] in namespace "default" select the same workload pod "reviews-v1", which can lead to undefined behavior.';
    expect(found).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0110', message},
      {at: '10:18', severity: 'error', code: 'IST0110', message},
    ]);
  });

  it('is silent for disjoint selectors and without context', () => {
    expect(ist(`${sidecar('by-app', '{app: reviews}')}---\n${sidecar('other', '{app: ratings}')}`, ctx).map((f) => f.code)).toEqual(['IST0101']);
    expect(ist(`${sidecar('by-app', '{app: reviews}')}---\n${sidecar('by-version', '{version: v1}')}`)).toEqual([]);
  });
});

const telemetry = (name: string, spec: string, namespace = 'default') => `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}`;
const tracing = '  tracing: [{randomSamplingPercentage: 10}]\n';

describe('telemetry analyzers (telemetry/*.go)', () => {
  it('IST0160: two Telemetries without selector in one namespace', () => {
    const message = 'The Telemetries [a b] in namespace "default" have no workload selector, which can lead to undefined behavior.';
    expect(ist(`${telemetry('b', tracing)}---\n${telemetry('a', tracing)}`)).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0160', message},
      {at: '9:18', severity: 'error', code: 'IST0160', message},
    ]);
    expect(ist(`${telemetry('a', tracing)}---\n${telemetry('b', tracing, 'istio-system')}`)).toEqual([]);
  });

  it('IST0159: two Telemetries selecting the same pod; IST0101 for a selector matching no pod of its namespace', () => {
    const found = ist(`${telemetry('by-app', `  selector: {matchLabels: {app: reviews}}\n${tracing}`)}---
${telemetry('by-version', `  selector: {matchLabels: {version: v1}}\n${tracing}`)}---
${telemetry('typo', `  selector: {matchLabels: {app: reviw}}\n${tracing}`)}`, ctx);
    const message = 'The Telemetries [by-app by-version] in namespace "default" select the same workload pod "reviews-v1", which can lead to undefined behavior.';
    expect(found).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0159', message},
      {at: '10:18', severity: 'error', code: 'IST0159', message},
      {at: '19:3', severity: 'error', code: 'IST0101', message: 'Referenced selector not found: "app=reviw"'},
    ]);
  });

  it('IST0157: access logging without providers when the mesh has no default access-log provider', () => {
    const spec = '  accessLogging:\n  - disabled: false\n';
    expect(ist(telemetry('logs', spec))).toEqual([
      {at: '6:5', severity: 'warning', code: 'IST0157', message: 'The Telemetry logs in namespace "default" with empty providers will be ignored.'},
    ]);
    expect(ist(telemetry('logs', '  accessLogging:\n  - providers: [{name: envoy}]\n'))).toEqual([]);
    const mesh = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultProviders:
      accessLogging: [envoy]
`;
    expect(ist(telemetry('logs', spec), {context: mesh})).toEqual([]);
  });
});

const gateway = (name: string, credential: string, selector = '{istio: ingressgateway}') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: ${selector}
  servers:
  - port: {number: 8443, name: https, protocol: HTTPS}
    hosts: [${name}.example.com]
    tls: {mode: SIMPLE, credentialName: ${credential}}
`;

describe('gateway analyzers (gateway/certificate.go, gateway/secret.go)', () => {
  it('IST0138: two Gateways for the same workloads with one certificate', () => {
    const found = ist(`${gateway('a', 'bookinfo-cert')}---\n${gateway('b', 'bookinfo-cert')}`);
    expect(found).toEqual([
      {at: '3:18', severity: 'warning', code: 'IST0138', message: 'Duplicate certificate in multiple gateways [istio-system/a istio-system/b] may cause 404s if clients re-use HTTP2 connections.'},
      {at: '13:18', severity: 'warning', code: 'IST0138', message: 'Duplicate certificate in multiple gateways [istio-system/b istio-system/a] may cause 404s if clients re-use HTTP2 connections.'},
    ]);
  });

  it('is silent for different certificates or workloads', () => {
    expect(ist(`${gateway('a', 'a-cert')}---\n${gateway('b', 'b-cert')}`)).toEqual([]);
    expect(ist(`${gateway('a', 'cert', '{istio: ingressgateway}')}---\n${gateway('b', 'cert', '{istio: other}')}`)).toEqual([]);
  });

  it('IST0101 credentialName: the Secret is not in the gateway pods\' namespace', () => {
    expect(ist(gateway('a', 'missing-cert'), ctx)).toEqual([
      {at: '9:41', severity: 'error', code: 'IST0101', message: 'Referenced credentialName not found: "missing-cert"'},
    ]);
    expect(ist(gateway('a', 'bookinfo-cert'), ctx)).toEqual([]);
    expect(ist(gateway('a', 'missing-cert'))).toEqual([]);
  });
});

const claimRoute = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [bookinfo.example.com]
  gateways: [istio-system/gw]
  http:
  - match:
    - headers:
        "@request.auth.claims.groups": {exact: admin}
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: reviews}}]
`;

describe('virtualservice.JWTClaimRouteAnalyzer (virtualservice/jwtclaimroute.go): IST0149', () => {
  it('routes on a JWT claim through a gateway whose pods no RequestAuthentication covers', () => {
    expect(ist(claimRoute, ctx)).toEqual([{
      at: '10:9', severity: 'error', code: 'IST0149',
      message: 'The virtual service uses the JWT claim based routing (key: @request.auth.claims.groups) but found no request authentication for the gateway (istio-system/gw) pod (istio-ingressgateway). ' +
        'The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
    }]);
  });

  it('is silent with a RequestAuthentication for the gateway pods, and without context', () => {
    const ra = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  jwtRules: [{issuer: "https://issuer.example.com", jwksUri: "https://issuer.example.com/jwks"}]
`;
    expect(ist(`${claimRoute}---\n${ra}`, ctx)).toEqual([]);
    expect(ist(claimRoute)).toEqual([]);
  });
});

describe('deployment.ApplicationUIDAnalyzer (deployment/pod.go): IST0144', () => {
  const deployment = (securityContext: string, labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, labels: ${labels}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        securityContext: ${securityContext}
`;
  it('warns about an application running as UID 1337', () => {
    expect(ist(deployment('{runAsUser: 1337}'))).toEqual([
      {at: '12:38', severity: 'warning', code: 'IST0144', message: 'User ID (UID) 1337 is reserved for the sidecar proxy.'},
    ]);
  });
  it('is silent for other UIDs and for the control plane', () => {
    expect(ist(deployment('{runAsUser: 1000}'))).toEqual([]);
    expect(ist(deployment('{runAsUser: 1337}', '{istio: ingressgateway}'))).toEqual([]);
  });
});

describe('authz.AuthorizationPoliciesAnalyzer (authz/authorizationpolicies.go): IST0127 without selector', () => {
  const policy = (namespace: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-all, namespace: ${namespace}}
spec: {}
`;
  it('warns about a namespace-wide policy in a namespace without pods', () => {
    expect(ist(policy('empty'), {context: `${context}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n`})).toEqual([
      {at: '3:18', severity: 'warning', code: 'IST0127', message: 'No matching workloads for this resource with the following labels: '},
    ]);
  });
  it('is silent where pods run, in the root namespace and without context', () => {
    expect(ist(policy('default'), ctx)).toEqual([]);
    expect(ist(policy('istio-system'), {context: `apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n`})).toEqual([]);
    expect(ist(policy('empty'))).toEqual([]);
  });
});
