/**
 * Audit corpus, round 2: VirtualService, DestinationRule and Gateway against istiod's webhook
 * (istio/istio pkg/config/validation/{validation.go,virtualservice.go}, pkg/config/validation/agent/validation.go)
 * and the 1.30 CRDs (../shared/reference/istio-1.30.3/crd-all.gen.yaml). Each case names the Go function it follows.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from './helpers';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const vs = (spec: string) => resource('networking.istio.io/v1', 'VirtualService', spec);
const dr = (spec: string) => resource('networking.istio.io/v1', 'DestinationRule', spec, '  name: reviews\n  namespace: default\n');
// Lines: 7 selector, 8 servers, 9.. the servers below.
const gw = (servers: string) => resource('networking.istio.io/v1', 'Gateway',
  `  selector: {istio: ingressgateway}\n  servers:\n${servers}`, '  name: gw\n  namespace: istio-system\n');
const https = '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [bookinfo.example.com]\n';

describe('VirtualService: rules after a catch-all (validation.go analyzeUnreachableHTTPRules)', () => {
  it('warns that a rule with matches after a rule without matches is never used (IST0130)', () => {
    // "route without matches defined before": the match-less rule #0 takes every request
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n  - match:\n    - headers:\n        end-user: {exact: jason}\n    route:\n    - destination: {host: reviews, subset: v2}\n'))).toEqual([{
      at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule #1 not used (route without matches defined before).',
    }]);
  });

  it('names the rule, and reports it once however many matches it has', () => {
    // routeName: a named HTTP rule is quoted; istioctl analyze de-duplicates the per-match repeats
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n  - name: canary\n    match:\n    - uri: {prefix: /a}\n    - uri: {prefix: /b}\n    route:\n    - destination: {host: ratings}\n'))).toEqual([{
      at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule "canary" not used (route without matches defined before).',
    }]);
  });

  it('applies to TCP routes too (analyzeUnreachableTCPRules)', () => {
    expect(findings(vs('  hosts: [db]\n  tcp:\n  - route:\n    - destination: {host: db}\n  - match:\n    - port: 3306\n    route:\n    - destination: {host: db}\n'))).toEqual([{
      at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule #1 not used (route without matches defined before).',
    }]);
  });

  it('accepts the catch-all as the last rule', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        end-user: {exact: jason}\n    route:\n    - destination: {host: reviews, subset: v2}\n  - route:\n    - destination: {host: reviews, subset: v1}\n'))).toEqual([]);
  });
});

describe('VirtualService: header names (validation.go ValidateHTTPHeaderNameOrJwtClaimRoute, ValidateCORSHTTPHeaderName)', () => {
  it('accepts RFC 7230 token characters and HTTP/2 pseudo headers in match headers', () => {
    // validHeaderNameRegex = ^[!#$%&'*+-.^_`|~A-Za-z0-9]+$; pseudoHeaders :method :scheme :authority :path :status
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        x.custom: {exact: a}\n        x_user: {prefix: b}\n        ":authority": {exact: reviews.example.com}\n      withoutHeaders:\n        ":path": {exact: /admin}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([]);
  });

  it('still rejects a pseudo header Istio does not know and a header name with a slash', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        ":foo": {exact: a}\n        "x/y": {exact: b}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '11:9', severity: 'error', code: 'istio-validation', message: 'header name :foo is not a valid header name'},
      {at: '12:9', severity: 'error', code: 'istio-validation', message: 'header name x/y is not a valid header name'},
    ]);
  });

  it('accepts * and token characters in CORS allow/expose headers and * as a CORS method', () => {
    // supportedCORSMethods includes "*"; ValidateCORSHTTPHeaderName allows "*"
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy:\n      allowOrigins: [{exact: "https://example.com"}]\n      allowMethods: ["*", GET, POST]\n      allowHeaders: ["*", x.custom, Content-Type]\n      exposeHeaders: [x_trace]\n      maxAge: 24h\n'))).toEqual([]);
  });

  it('rejects a lower-case CORS method (the set is case-sensitive)', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy:\n      allowMethods: [get]\n'))).toEqual([{
      at: '12:22', severity: 'error', code: 'istio-validation', message: '"get" is not a supported HTTP method',
    }]);
  });
});

describe('VirtualService: durations the webhook checks beyond CEL', () => {
  it('rejects a retry backoff below millisecond precision (validateHTTPRetry -> agent.ValidateDuration)', () => {
    // CEL accepts 1500us (>= 1ms); the webhook then wants whole milliseconds
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries: {attempts: 2, backoff: 1500us}\n'))).toEqual([{
      at: '11:37', severity: 'error', code: 'istio-validation', message: 'only durations to ms precision are supported',
    }]);
  });

  it('accepts a CORS maxAge of 1000ms: only a fractional second is rejected (validateCORSPolicy MaxAge.Nanos > 0)', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy: {allowOrigins: [{exact: a.example.com}], maxAge: 1000ms}\n'))).toEqual([]);
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy: {allowOrigins: [{exact: a.example.com}], maxAge: 1500ms}\n'))).toEqual([{
      at: '11:66', severity: 'error', code: 'istio-validation', message: 'max_age duration is accurate only to seconds precision',
    }]);
  });
});

describe('VirtualService: rewrite, redirect and direct responses (virtualservice.go validateHTTPRouteConflict)', () => {
  it('rejects redirect together with directResponse', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - redirect: {uri: /v2}\n    directResponse: {status: 503}\n'))).toEqual([{
      at: '10:5', severity: 'error', code: 'istio-validation', message: 'HTTP route rule cannot contain both direct_response and redirect',
    }]);
  });

  it('rejects directResponse together with route and fault', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - directResponse: {status: 503}\n    fault: {abort: {httpStatus: 500, percentage: {value: 10}}}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '10:5', severity: 'error', code: 'istio-validation', message: 'HTTP route cannot contain both fault and direct_response'},
      {at: '11:5', severity: 'error', code: 'istio-validation', message: 'HTTP route cannot contain both route and direct_response'},
    ]);
  });

  it('accepts a directResponse with a body and no route', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - directResponse:\n      status: 418\n      body: {string: "I am a teapot"}\n'))).toEqual([]);
  });

  it('prefixes an invalid uriRegexRewrite pattern with "UriRegexRewrite has errors" (validateHTTPRewrite errors.Join)', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - rewrite:\n      uriRegexRewrite: {match: "^/([a-", rewrite: /v2}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:32', severity: 'error', code: 'istio-validation',
      message: 'UriRegexRewrite has errors\n"HTTPRewrite.UriRegexRewrite.Match": error parsing regexp: missing closing ]: `[a-`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)',
    }]);
  });

  it('accepts a uriRegexRewrite with RE2 capture groups', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {regex: "^/service/([^/]+)(/.*)$"}\n    rewrite:\n      uriRegexRewrite: {match: "^/service/([^/]+)(/.*)$", rewrite: "/\\\\2/instance/\\\\1"}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([]);
  });
});

describe('VirtualService: retries, faults and mirrors accepted as istiod does', () => {
  it('accepts every Envoy retryOn policy Istio lists plus named status codes', () => {
    // supportedRetryOnPolicies; http.StatusText(i) != "" for 503 and 429
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries:\n      attempts: 3\n      perTryTimeout: 2s\n      retryOn: gateway-error,connect-failure,refused-stream,reset-before-request,retriable-4xx,503,429,unavailable\n'))).toEqual([]);
  });

  it('rejects a retryOn list with a space after the comma (the policy " 5xx" is not known)', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries: {attempts: 2, retryOn: "connect-failure, 5xx"}\n'))).toEqual([{
      at: '11:37', severity: 'error', code: 'istio-validation', message: '" 5xx" is not a valid retryOn policy',
    }]);
  });

  it('rejects a delay percentage above 100 and a fixedDelay below a millisecond through CEL first', () => {
    // CRD: fixedDelay has the duration CEL rule, so the API server answers before the webhook
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - fault:\n      delay: {fixedDelay: 500us, percentage: {value: 10}}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([expect.objectContaining({
      at: '10:27', severity: 'error', code: 'cel', message: expect.stringContaining('must be a valid duration greater than 1ms'),
    })]);
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - fault:\n      delay: {fixedDelay: 5s, percentage: {value: 150}}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:51', severity: 'error', code: 'istio-validation', message: 'percentage 150 is neither 0.0, nor in range [0.0001, 100.0]',
    }]);
  });

  it('rejects a mirrors percentage above 100 (validateHTTPMirrors)', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    mirrors:\n    - destination: {host: ratings}\n      percentage: {value: 120}\n'))).toEqual([{
      at: '13:27', severity: 'error', code: 'istio-validation', message: 'mirror percentage must have a max value of 100 (it has 120.000000)',
    }]);
  });
});

describe('DestinationRule: connection pool, tunnel, warmup (validation.go validateConnectionPool, validateTunnelSettings, validateLoadBalancer)', () => {
  it('accepts tcp.idleTimeout: 0s, which disables the timeout (no CEL rule on that field)', () => {
    // validateConnectionPool: "Skip validation if the value is 0s"
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    connectionPool:\n      tcp: {maxConnections: 100, idleTimeout: 0s}\n'))).toEqual([]);
  });

  it('still rejects a sub-millisecond-precision tcp.idleTimeout', () => {
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    connectionPool:\n      tcp: {idleTimeout: 1500us}\n'))).toEqual([{
      at: '10:26', severity: 'error', code: 'istio-validation', message: 'only durations to ms precision are supported',
    }]);
  });

  it('rejects a tunnel target host that is neither an FQDN nor an IP', () => {
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    tunnel: {protocol: CONNECT, targetHost: "bad_host", targetPort: 8080}\n'))).toEqual([{
      at: '9:45', severity: 'error', code: 'istio-validation',
      message: 'tunnel target host must be valid FQDN or IP address: domain name "bad_host" invalid (label "bad_host" invalid); bad_host is not a valid IP',
    }]);
  });

  it('accepts a tunnel to an IP address', () => {
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    tunnel: {targetHost: 10.0.0.1, targetPort: 8080}\n'))).toEqual([]);
  });

  it('rejects a warmup aggression below 1', () => {
    // CRD: aggression minimum 0; the webhook wants >= 1
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_REQUEST\n      warmup: {duration: 60s, aggression: 0.5}\n'))).toEqual([{
      at: '11:43', severity: 'error', code: 'istio-validation', message: 'aggression should be greater than or equal to 1',
    }]);
  });

  it('counts retryBudget as a traffic policy field', () => {
    // 1.30 CRD: TrafficPolicy.retryBudget
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    retryBudget: {percent: 20, minRetryConcurrency: 3}\n'))).toEqual([]);
  });
});

describe('DestinationRule: locality load balancing (agent.ValidateLocalityLbSetting)', () => {
  const lb = (setting: string, outlier = '    outlierDetection: {consecutive5xxErrors: 5}\n') =>
    dr(`  host: reviews\n  trafficPolicy:\n${outlier}    loadBalancer:\n      localityLbSetting:\n${setting}`);

  it('accepts failover with outlier detection', () => {
    expect(findings(lb('        enabled: true\n        failover:\n        - {from: us-east1, to: us-west1}\n'))).toEqual([]);
  });

  it('warns when failover has no outlier detection', () => {
    expect(findings(lb('        failover:\n        - {from: us-east1, to: us-west1}\n', ''))).toEqual([{
      at: '10:7', severity: 'warning', code: 'istio-validation-warning', message: 'outlier detection policy must be provided for failover',
    }]);
  });

  it('rejects failover to the same region and to a zone', () => {
    expect(findings(lb('        failover:\n        - {from: us-east1, to: us-east1}\n        - {from: us-east1, to: us-west1/zone1}\n'))).toEqual([
      {at: '13:11', severity: 'error', code: 'istio-validation', message: 'locality lb failover settings must specify different regions'},
      {at: '14:11', severity: 'error', code: 'istio-validation', message: 'locality lb failover only specify region'},
    ]);
  });

  it('rejects distribute together with failover', () => {
    expect(findings(lb('        distribute:\n        - {from: "us-east1/*", to: {"us-east1/*": 80, "us-west1/*": 20}}\n        failover:\n        - {from: us-east1, to: us-west1}\n'))).toEqual([{
      at: '11:7', severity: 'error', code: 'istio-validation', message: "can not simultaneously specify 'distribute' and 'failover'",
    }]);
  });

  it('rejects a topology label in failoverPriority together with failover', () => {
    expect(findings(lb('        failover:\n        - {from: us-east1, to: us-west1}\n        failoverPriority: [topology.kubernetes.io/region]\n'))).toEqual([{
      at: '14:9', severity: 'error', code: 'istio-validation',
      message: "can not simultaneously set 'failover' and topology label 'topology.kubernetes.io/region' in 'failover_priority'",
    }]);
  });

  it('rejects a wildcard in the middle of a locality and overlapping localities', () => {
    expect(findings(lb('        distribute:\n        - {from: "us-east1/*/a", to: {"us-west1/*": 100}}\n'))).toEqual([{
      at: '12:9', severity: 'error', code: 'istio-validation', message: "locality us-east1/*/a wildcard '*' number can not exceed 1 and must be in the end",
    }]);
    expect(findings(lb('        distribute:\n        - {from: "us-east1/*", to: {"us-west1": 50, "us-west1/zone1": 50}}\n'))).toEqual([{
      at: '13:36', severity: 'error', code: 'istio-validation', message: 'locality us-west1/zone1 overlap with previous specified ones',
    }]);
  });
});

describe('DestinationRule: client TLS (agent.ValidateTLS)', () => {
  it('rejects insecureSkipVerify with caCertificates in SIMPLE mode', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls:\n      mode: SIMPLE\n      insecureSkipVerify: true\n      caCertificates: /etc/certs/ca.pem\n'))).toEqual([{
      at: '11:27', severity: 'error', code: 'istio-validation',
      message: 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true',
    }]);
  });

  it('rejects insecureSkipVerify with subjectAltNames in MUTUAL mode', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      credentialName: client-cert\n      insecureSkipVerify: true\n      subjectAltNames: [api.example.com]\n'))).toEqual([
      // destinationrule.CaCertificateAnalyzer looks at caCertificates only, whatever credentialName holds
      {at: '10:13', severity: 'warning', code: 'IST0128', message: 'DestinationRule default/reviews in namespace default has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: api.example.com'},
      {at: '12:27', severity: 'error', code: 'istio-validation', message: 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true'},
    ]);
  });

  it('accepts SIMPLE with insecureSkipVerify alone; istioctl analyze still warns that no CA is set (IST0128)', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls: {mode: SIMPLE, insecureSkipVerify: true, sni: api.example.com}\n'))).toEqual([{
      at: '9:17', severity: 'warning', code: 'IST0128',
      message: 'DestinationRule default/reviews in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com',
    }]);
  });

  it('rejects file certificates together with credentialName', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls: {mode: SIMPLE, credentialName: api-ca, caCertificates: /etc/ca.pem}\n'))).toEqual([{
      at: '9:41', severity: 'error', code: 'istio-validation', message: 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set',
    }]);
  });
});

describe('DestinationRule: subsets (validation.go validateSubset)', () => {
  it('rejects an invalid label key in a subset', () => {
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: v1\n    labels: {"-version": v1}\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'invalid tag key: "-version"',
    }]);
  });

  it('accepts an upper-case subset name (labels.IsDNS1123Label allows upper case)', () => {
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: V1\n    labels: {version: v1}\n'))).toEqual([]);
  });
});

describe('Gateway: TLS certificate sources (validation.go validateTLSOptions)', () => {
  it('rejects a server certificate pair together with a credentialName', () => {
    expect(findings(gw(https + '    tls:\n      mode: SIMPLE\n      credentialName: bookinfo-cert\n      serverCertificate: /etc/certs/cert.pem\n      privateKey: /etc/certs/key.pem\n'))).toEqual([{
      at: '11:5', severity: 'error', code: 'istio-validation',
      message: 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified',
    }]);
  });

  it('checks each tlsCertificates entry for a certificate and a key', () => {
    expect(findings(gw(https + '    tls:\n      mode: SIMPLE\n      tlsCertificates:\n      - {serverCertificate: /etc/rsa.pem, privateKey: /etc/rsa.key}\n      - {serverCertificate: /etc/ecdsa.pem}\n'))).toEqual([{
      at: '15:9', severity: 'error', code: 'istio-validation', message: 'SIMPLE TLS requires a private key',
    }]);
  });

  it('accepts two complete tlsCertificates and two credentialNames', () => {
    expect(findings(gw(https + '    tls:\n      mode: SIMPLE\n      tlsCertificates:\n      - {serverCertificate: /etc/rsa.pem, privateKey: /etc/rsa.key}\n      - {serverCertificate: /etc/ecdsa.pem, privateKey: /etc/ecdsa.key}\n'))).toEqual([]);
    expect(findings(gw(https + '    tls: {mode: MUTUAL, credentialNames: [rsa-cert, ecdsa-cert]}\n'))).toEqual([]);
  });

  it('rejects tlsCertificates and credentialNames with ISTIO_MUTUAL', () => {
    expect(findings(gw(https + '    tls:\n      mode: ISTIO_MUTUAL\n      tlsCertificates:\n      - {serverCertificate: /etc/rsa.pem, privateKey: /etc/rsa.key}\n'))).toEqual([{
      at: '13:7', severity: 'error', code: 'istio-validation', message: 'ISTIO_MUTUAL TLS cannot have associated tlsCertificates',
    }]);
  });

  it('warns that PASSTHROUGH ignores a credentialName', () => {
    expect(findings(gw('  - port: {number: 443, name: tls, protocol: TLS}\n    hosts: [bookinfo.example.com]\n    tls: {mode: PASSTHROUGH, credentialName: bookinfo-cert}\n'))).toEqual([{
      at: '11:17', severity: 'warning', code: 'istio-validation-warning', message: 'PASSTHROUGH mode does not use certificates, they will be ignored',
    }]);
  });

  it('accepts MUTUAL with a credentialName (the CA comes from the secret)', () => {
    expect(findings(gw(https + '    tls: {mode: MUTUAL, credentialName: bookinfo-cert}\n'))).toEqual([]);
  });

  it('accepts OPTIONAL_MUTUAL with a credentialName', () => {
    expect(findings(gw(https + '    tls: {mode: OPTIONAL_MUTUAL, credentialName: bookinfo-cert}\n'))).toEqual([]);
  });
});

describe('Gateway: server hosts (agent.ValidateNamespaceSlashWildcardHostname)', () => {
  it('rejects an invalid namespace before the slash', () => {
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["bad_ns/bookinfo.example.com"]\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'invalid namespace value "bad_ns" in gateway',
    }]);
  });

  it('rejects a partial wildcard', () => {
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*bookinfo.example.com"]\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'partial wildcard "*bookinfo.example.com" not allowed',
    }]);
  });

  it('accepts an IP address as a server host', () => {
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["192.168.1.10"]\n'))).toEqual([]);
  });
});

describe('labels (pkg/config/labels Instance.Validate)', () => {
  it('words a bad label value "invalid tag value"', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - match:\n    - sourceLabels: {app: "my app"}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:21', severity: 'error', code: 'istio-validation', message: 'invalid tag value: "my app"',
    }]);
  });

  it('accepts label values longer than 63 characters and an upper-case key prefix (no length limit on values)', () => {
    expect(findings(dr(`  host: reviews\n  subsets:\n  - name: v1\n    labels: {Example.COM/version: ${'v'.repeat(70)}}\n`))).toEqual([]);
  });

  it('rejects a key with two slashes', () => {
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: v1\n    labels: {a/b/c: v1}\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'invalid tag key: "a/b/c"',
    }]);
  });
});

describe('VirtualService: AUTO_PASSTHROUGH SNI names (agent.ValidateWildcardDomainForVirtualServiceBoundToGateway)', () => {
  const sni = 'outbound_.15443_._.reviews.default.svc.cluster.local';
  const tls = `  tls:\n  - match:\n    - sniHosts: [${sni}]\n    route:\n    - destination: {host: reviews.default.svc.cluster.local}\n`;

  it('accepts an outbound_ SNI host on a gateway-bound VirtualService with TLS routes', () => {
    expect(findings(vs(`  hosts: [${sni}]\n  gateways: [istio-system/cross-network-gateway]\n${tls}`))).toEqual([]);
  });

  it('rejects the same host on a mesh-bound VirtualService (ValidateWildcardDomain)', () => {
    expect(findings(vs(`  hosts: [${sni}]\n${tls}`))).toEqual([{
      at: '7:11', severity: 'error', code: 'istio-validation', message: `domain name "${sni}" invalid (label "outbound_" invalid)`,
    }]);
  });

  it('rejects an outbound_ name without a port number', () => {
    const bad = 'outbound_.http_._.reviews.example.com';
    expect(findings(vs(`  hosts: [${bad}]\n  gateways: [istio-system/gw]\n  tls:\n  - match:\n    - sniHosts: [${bad}]\n    route:\n    - destination: {host: reviews}\n`))).toEqual([
      {at: '7:11', severity: 'error', code: 'istio-validation', message: `domain name "${bad}" invalid (label "http" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`},
      {at: '11:18', severity: 'error', code: 'istio-validation', message: `domain name "${bad}" invalid (label "http" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`},
    ]);
  });
});

describe('Gateway: TLS settings on plain HTTP servers (validation.go validateServer, gateway.IsPassThroughServer)', () => {
  it('accepts an HTTP server whose TLS block only redirects or passes through (PASSTHROUGH or AUTO_PASSTHROUGH)', () => {
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*.example.com"]\n    tls: {httpsRedirect: true}\n'))).toEqual([]);
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*.example.com"]\n    tls: {mode: AUTO_PASSTHROUGH}\n'))).toEqual([]);
  });

  it('rejects TLS termination on an HTTP server (protocol must be HTTPS)', () => {
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*.example.com"]\n    tls: {mode: SIMPLE, credentialName: example-cert}\n'))).toEqual([{
      at: '11:5', severity: 'error', code: 'istio-validation', message: 'server cannot have TLS settings for plain text HTTP ports',
    }]);
  });

  it('requires a client CA bundle for MUTUAL with file certificates', () => {
    expect(findings(gw(https + '    tls: {mode: MUTUAL, serverCertificate: /etc/cert.pem, privateKey: /etc/key.pem}\n'))).toEqual([{
      at: '11:17', severity: 'error', code: 'istio-validation', message: 'MUTUAL TLS requires a client CA bundle',
    }]);
  });
});
