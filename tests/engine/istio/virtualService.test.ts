import {describe, expect, it} from 'vitest';
import {problems, yaml} from '../helpers';
import {findings, resource} from '../support/findings';

const vs = (spec: string) => yaml`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
${spec}`;

const istio = (text: string) => problems(text).filter((d) => d.code.startsWith('istio') || d.code.startsWith('IST'));

describe('VirtualService rules from the istiod webhook', () => {
  it('treats weights as relative: 2 and 1 is valid', () => {
    expect(problems(vs(`  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
      weight: 2
    - destination: {host: ratings}
      weight: 1
`))).toEqual([]);
  });

  it('rejects a negative weight at the weight', () => {
    expect(istio(vs(`  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
      weight: -1
    - destination: {host: ratings}
      weight: 5
`))).toEqual([expect.objectContaining({at: '10:15', message: 'weight -1 < 0'})]);
  });

  it('rejects several destinations whose weights are all zero', () => {
    expect(istio(vs(`  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
      weight: 0
    - destination: {host: ratings}
      weight: 0
`))).toEqual([expect.objectContaining({at: '8:5', message: 'total destination weight = 0'})]);
  });

  it('requires route, redirect or direct_response', () => {
    expect(istio(vs(`  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /api}
`))).toEqual([expect.objectContaining({at: '8:5', message: 'HTTP route, redirect or direct_response is required'})]);
  });

  it('rejects route together with redirect, at the route key', () => {
    expect(istio(vs(`  hosts: [reviews]
  http:
  - redirect: {uri: /v2}
    route:
    - destination: {host: reviews}
`))).toEqual([expect.objectContaining({at: '9:5', message: 'HTTP route cannot contain both route and redirect'})]);
  });

  it('rejects lookahead regexes that RE2 cannot compile', () => {
    const [found] = istio(vs(`  hosts: [reviews]
  http:
  - match:
    - uri:
        regex: "^/api(?!/internal)"
    route:
    - destination: {host: reviews}
`));
    expect(found).toMatchObject({at: '10:16', message: expect.stringMatching(/^"uri": error parsing regexp: invalid or unsupported Perl syntax: `\(\?!`/)});
  });

  it('rejects backreferences and accepts RE2 classes', () => {
    const text = (regex: string) => vs(`  hosts: [reviews]
  http:
  - match:
    - headers:
        x-id:
          regex: '${regex}'
    route:
    - destination: {host: reviews}
`);
    expect(istio(text('(a)\\1'))[0]!.message).toMatch(/invalid escape sequence: `\\1`/);
    expect(istio(text('^[a-z0-9]+(-[a-z]+)*$'))).toEqual([]);
  });

  it('checks host names: wildcard only leftmost, * not for the mesh', () => {
    expect(istio(vs(`  hosts: ["rev*iews.com", "*"]
  http:
  - route:
    - destination: {host: reviews}
`)).map((d) => [d.at, d.message])).toEqual([
      ['6:11', 'domain name "rev*iews.com" invalid (label "rev*iews" invalid)'],
      ['6:27', 'wildcard host * is not allowed for virtual services bound to the mesh gateway'],
    ]);
  });

  it('rejects * as a destination host', () => {
    expect(istio(vs(`  hosts: [reviews]
  http:
  - route:
    - destination: {host: "*"}
`))[0]).toMatchObject({at: '9:27', message: 'invalid destination host *'});
  });

  it('validates timeouts as durations of at least 1ms', () => {
    const text = vs(`  hosts: [reviews]
  http:
  - timeout: 500us
    route:
    - destination: {host: reviews}
`);
    // Istio 1.30's CRD has a CEL rule for it; the webhook (not reached then) would say the same.
    expect(problems(text)).toEqual([expect.objectContaining({at: '8:14', message: expect.stringMatching(/greater than 1ms/)})]);
    expect(problems(text.replace('500us', '10'))[0]).toMatchObject({at: '8:14', code: 'type'});
  });

  it('reports duplicate hosts, including wildcard overlaps', () => {
    expect(istio(vs(`  hosts: ["*.example.com", "api.example.com"]
  gateways: [istio-system/ingress]
  http:
  - route:
    - destination: {host: reviews}
`))[0]).toMatchObject({message: 'duplicate hosts in virtual service: *.example.com & api.example.com'});
  });

  it('checks gateway references syntax', () => {
    expect(istio(vs(`  hosts: [reviews.example.com]
  gateways: ["istio-system/Bad_Name"]
  http:
  - route:
    - destination: {host: reviews}
`))[0]).toMatchObject({message: 'invalid value for gateway name: "Bad_Name"'});
  });

  it('warns about rules that can never match (IST0130)', () => {
    const found = problems(vs(`  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
  - route:
    - destination: {host: ratings}
`)).filter((d) => d.code === 'IST0130');
    expect(found).toEqual([expect.objectContaining({at: '10:5', severity: 'warning', message: 'VirtualService rule #1 not used (only the last rule can have no matches).'})]);
  });

  it('requires http, tcp or tls', () => {
    expect(istio(vs('  hosts: [reviews]\n'))[0]).toMatchObject({message: 'http, tcp or tls must be provided in virtual service'});
  });

  it('checks redirect codes and fault percentages', () => {
    const found = istio(vs(`  hosts: [reviews]
  http:
  - redirect: {uri: /x, redirectCode: 200}
  - fault:
      abort: {httpStatus: 700, percentage: {value: 150}}
    route:
    - destination: {host: reviews}
`)).map((d) => d.message);
    expect(found).toEqual(expect.arrayContaining([
      '200 is not a valid redirect code, must be 3xx',
      'HTTP status 700 is not in range 200-599',
      'percentage 150 is neither 0.0, nor in range [0.0001, 100.0]',
    ]));
  });
});

// The cases below follow istiod's webhook (pkg/config/validation/{validation.go,virtualservice.go}, agent/validation.go)
// and the 1.30 CRDs (crd-all.gen.yaml); each names the Go function or CRD rule it follows.
// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const virtualService = (spec: string, {apiVersion = 'networking.istio.io/v1', name = 'sample'} = {}) =>
  resource(apiVersion, 'VirtualService', spec, `  name: ${name}\n  namespace: default\n`);
const route = '  http:\n  - route:\n    - destination: {host: reviews}\n';

describe("a VirtualService's api version, hosts and gateway names", () => {
  it('accepts v1, v1beta1 and v1alpha3 (all served by the CRD)', () => {
    for (const version of ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3']) {
      expect(findings(virtualService('  hosts: [reviews]\n' + route, {apiVersion: version})), version).toEqual([]);
    }
  });

  it('rejects v1alpha1: the CRD does not serve it ("no matches for kind")', () => {
    // kubectl: no matches for kind "VirtualService" in version "networking.istio.io/v1alpha1"
    expect(findings(virtualService('  hosts: [reviews]\n' + route, {apiVersion: 'networking.istio.io/v1alpha1'}))).toEqual([expect.objectContaining({
      at: '1:13', severity: 'error', code: 'unknown-istio-kind',
      message: expect.stringContaining('no matches for kind "VirtualService" in version "networking.istio.io/v1alpha1"'),
    })]);
  });

  it('accepts short names, FQDNs and a leading wildcard', () => {
    // agent.ValidateWildcardDomain: wildcard only as the first label
    expect(findings(virtualService('  hosts: [reviews, reviews.default.svc.cluster.local, "*.example.com"]\n' + route))).toEqual([
      // validation.go: *.example.com and reviews...local do not overlap, reviews and its FQDN are distinct names
    ]);
  });

  it('rejects a wildcard in a later label', () => {
    // agent.ValidateWildcardDomain -> ValidateDNS1123Labels on the rest
    expect(findings(virtualService('  hosts: ["foo.*.com"]\n' + route))).toEqual([{
      at: '7:11', severity: 'error', code: 'istio-validation', message: 'domain name "*.com" invalid (label "*" invalid)',
    }]);
  });

  it('rejects the bare * host when bound to the mesh', () => {
    // validation.go ValidateVirtualService: appliesToMesh && host == "*"
    expect(findings(virtualService('  hosts: ["*"]\n' + route))).toEqual([{
      at: '7:11', severity: 'error', code: 'istio-validation', message: 'wildcard host * is not allowed for virtual services bound to the mesh gateway',
    }]);
  });

  it('accepts the bare * host when bound only to a gateway', () => {
    // validation.go: the * check is for appliesToMesh only
    expect(findings(virtualService('  hosts: ["*"]\n  gateways: [istio-system/ingress]\n' + route))).toEqual([]);
  });

  it('rejects overlapping hosts (wildcard duplicates)', () => {
    // validation.go: host.Name.Matches -> "duplicate hosts in virtual service"
    expect(findings(virtualService('  hosts: ["*.example.com", api.example.com]\n' + route))).toEqual([{
      at: '7:28', severity: 'error', code: 'istio-validation', message: 'duplicate hosts in virtual service: *.example.com & api.example.com',
    }]);
  });

  it('checks gateway names: namespace/name labels, mesh accepted', () => {
    // validation.go validateGatewayNames: "invalid value for namespace"
    expect(findings(virtualService('  hosts: [reviews]\n  gateways: [istio-system/ingress, bad_ns/gw, mesh]\n' + route))).toEqual([{
      at: '8:36', severity: 'error', code: 'istio-validation', message: 'invalid value for namespace: "bad_ns"',
    }]);
  });

  it('stops checking gateway names after a name without a slash, as validation.go does', () => {
    // validation.go validateGatewayNames: `return` after ValidateFQDN of the first slash-less name
    expect(findings(virtualService('  hosts: [reviews]\n  gateways: [mesh, bad_ns/gw]\n' + route))).toEqual([]);
  });

  it('warns about the legacy name.namespace gateway form', () => {
    // validation.go validateGatewayNames: WrapWarning "using legacy gatewayName format"
    expect(findings(virtualService('  hosts: [reviews]\n  gateways: [ingress.istio-system]\n' + route))).toEqual([{
      at: '8:14', severity: 'warning', code: 'istio-validation-warning',
      message: 'using legacy gatewayName format "ingress.istio-system"; prefer the <namespace>/<name> format: "istio-system/ingress"',
    }]);
  });

  it('requires http, tcp or tls', () => {
    // validation.go: "http, tcp or tls must be provided in virtual service"
    expect(findings(virtualService('  hosts: [reviews]\n'))).toEqual([expect.objectContaining({
      severity: 'error', code: 'istio-validation', message: 'http, tcp or tls must be provided in virtual service',
    })]);
  });
});

describe("a VirtualService's HTTP match conditions", () => {
  it('reads an unquoted yes as a boolean, which the string field rejects', () => {
    // YAML 1.1 (sigs.k8s.io/yaml): yes -> true; CRD: exact is type string
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        end-user: {exact: yes}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '11:27', severity: 'error', code: 'type', // kube-openapi names a map entry with a dot (objectValidator: o.Path + "." + key), not field.Path's [key].
      message: expect.stringContaining('spec.http[0].match[0].headers.end-user.exact: Invalid value: "boolean": spec.http[0].match[0].headers.end-user.exact in body must be of type string: "boolean"'),
    }]);
  });

  it('rejects two match types in one StringMatch (CRD oneOf)', () => {
    // CRD: StringMatch oneOf exact/prefix/regex
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {exact: /a, prefix: /b}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      expect.objectContaining({at: '10:12', severity: 'error', code: 'one-of', message: '<nil>: Invalid value: "": "spec.http[0].match[0].uri" must validate one and only one schema (oneOf). Found 2 valid alternatives'}),
    ]);
  });

  it('rejects an empty prefix for query params but allows it for uri', () => {
    // virtualservice.go: validateStringMatch(qp, "queryParams"); uri uses validateStringMatchRegexp only
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {prefix: ""}\n      queryParams:\n        v: {prefix: ""}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '12:21', severity: 'error', code: 'istio-validation', message: '"queryParams": prefix string match should not be empty',
    }]);
  });

  it('rejects a regex RE2 cannot compile, with Go\'s wording', () => {
    // virtualservice.go validateStringMatchRegexp -> validateStringRegexp
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {regex: "[a-"}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:20', severity: 'error', code: 'istio-validation',
      message: '"uri": error parsing regexp: missing closing ]: `[a-`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)',
    }]);
  });

  it('rejects a header name with a space, accepts present-match headers', () => {
    // validation.go ValidateHTTPHeaderNameOrJwtClaimRoute: ^[-_A-Za-z0-9]+$
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        "x user": {exact: a}\n        x-present: {}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '11:9', severity: 'error', code: 'istio-validation', message: 'header name x user is not a valid header name',
    }]);
  });

  it('rejects JWT claim routing on a mesh-bound VirtualService', () => {
    // validation.go ValidateVirtualService: "JWT claim based routing (key: %s) is only supported for gateway, found no gateways: %v"
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        "@request.auth.claims.group": {exact: admin}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '11:9', severity: 'error', code: 'istio-validation',
      message: 'JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, found no gateways: []',
    }]);
  });

  it('accepts JWT claim routing on a gateway-bound VirtualService', () => {
    // validation.go: the JWT check runs only when !appliesToGateway
    expect(findings(virtualService('  hosts: [bookinfo.example.com]\n  gateways: [istio-system/ingress]\n  http:\n  - match:\n    - headers:\n        "@request.auth.claims[group]": {exact: admin}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([]);
  });

  it('rejects an invalid sourceLabels value', () => {
    // virtualservice.go: labels.Instance(match.SourceLabels).Validate()
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - sourceLabels: {app: "my app"}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:21', severity: 'error', code: 'istio-validation', message: 'invalid tag value: "my app"',
    }]);
  });

  it('rejects a match port outside 1..65535 (CRD maximum)', () => {
    // virtualservice.go: match.Port != 0 -> agent.ValidatePort
    const found = findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - port: 70000\n    route:\n    - destination: {host: reviews}\n'));
    expect(found).toEqual([{at: '10:13', severity: 'error', code: 'istio-validation', message: 'port number 70000 must be in the range 1..65535'}]);
  });

  it('reports a later rule shadowed by an earlier identical match (IST0130 + IST0131)', () => {
    // validation.go analyzeUnreachableHTTPRules; messages.yaml IST0130 (Warning), IST0131 (Info)
    const found = findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {prefix: /api}\n    route:\n    - destination: {host: reviews}\n  - match:\n    - uri: {prefix: /api}\n    route:\n    - destination: {host: ratings}\n'));
    expect(found).toEqual([
      {at: '13:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule #1 not used (all matches used by prior rules).'},
      {at: '14:7', severity: 'info', code: 'IST0131', message: 'VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).'},
    ]);
  });

  it('reports a longer URI prefix shadowed by a shorter earlier one (IST0131)', () => {
    // validation.go genMatchHTTPRoutes/coveredValidation: "<match> of prefix <p> ... on <rule>"
    const found = findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {prefix: /api}\n    route:\n    - destination: {host: reviews}\n  - name: v2\n    match:\n    - uri: {prefix: /api/v2}\n    route:\n    - destination: {host: ratings}\n'));
    expect(found).toEqual([{
      at: '15:7', severity: 'info', code: 'IST0131',
      message: 'VirtualService rule "v2" match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0).',
    }]);
  });

  it('does not report a longer prefix whose method differs', () => {
    // coveredValidation: an absent method counts as exact:GET, which POST does not prefix
    const found = findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {prefix: /api}\n    route:\n    - destination: {host: reviews}\n  - match:\n    - uri: {prefix: /api/v2}\n      method: {exact: POST}\n    route:\n    - destination: {host: ratings}\n'));
    expect(found).toEqual([]);
  });

  it('warns when a rule without match is not the last one (IST0130)', () => {
    // validation.go: "only the last rule can have no matches"
    const found = findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n  - route:\n    - destination: {host: ratings}\n'));
    expect(found).toEqual([{at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule #1 not used (only the last rule can have no matches).'}]);
  });
});

describe('a VirtualService rule after a catch-all rule is never used (validation.go analyzeUnreachableHTTPRules)', () => {
  it('warns that a rule with matches after a rule without matches is never used (IST0130)', () => {
    // "route without matches defined before": the match-less rule #0 takes every request
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n  - match:\n    - headers:\n        end-user: {exact: jason}\n    route:\n    - destination: {host: reviews, subset: v2}\n'))).toEqual([{
      at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule #1 not used (route without matches defined before).',
    }]);
  });

  it('names the rule, and reports it once however many matches it has', () => {
    // routeName: a named HTTP rule is quoted; istioctl analyze de-duplicates the per-match repeats
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n  - name: canary\n    match:\n    - uri: {prefix: /a}\n    - uri: {prefix: /b}\n    route:\n    - destination: {host: ratings}\n'))).toEqual([{
      at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule "canary" not used (route without matches defined before).',
    }]);
  });

  it('applies to TCP routes too (analyzeUnreachableTCPRules)', () => {
    expect(findings(virtualService('  hosts: [db]\n  tcp:\n  - route:\n    - destination: {host: db}\n  - match:\n    - port: 3306\n    route:\n    - destination: {host: db}\n'))).toEqual([{
      at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule #1 not used (route without matches defined before).',
    }]);
  });

  it('accepts the catch-all as the last rule', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        end-user: {exact: jason}\n    route:\n    - destination: {host: reviews, subset: v2}\n  - route:\n    - destination: {host: reviews, subset: v1}\n'))).toEqual([]);
  });
});

describe("a VirtualService's header names (validation.go ValidateHTTPHeaderNameOrJwtClaimRoute, ValidateCORSHTTPHeaderName)", () => {
  it('accepts RFC 7230 token characters and HTTP/2 pseudo headers in match headers', () => {
    // validHeaderNameRegex = ^[!#$%&'*+-.^_`|~A-Za-z0-9]+$; pseudoHeaders :method :scheme :authority :path :status
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        x.custom: {exact: a}\n        x_user: {prefix: b}\n        ":authority": {exact: reviews.example.com}\n      withoutHeaders:\n        ":path": {exact: /admin}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([]);
  });

  it('still rejects a pseudo header Istio does not know and a header name with a slash', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - headers:\n        ":foo": {exact: a}\n        "x/y": {exact: b}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '11:9', severity: 'error', code: 'istio-validation', message: 'header name :foo is not a valid header name'},
      {at: '12:9', severity: 'error', code: 'istio-validation', message: 'header name x/y is not a valid header name'},
    ]);
  });

  it('accepts * and token characters in CORS allow/expose headers and * as a CORS method', () => {
    // supportedCORSMethods includes "*"; ValidateCORSHTTPHeaderName allows "*"
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy:\n      allowOrigins: [{exact: "https://example.com"}]\n      allowMethods: ["*", GET, POST]\n      allowHeaders: ["*", x.custom, Content-Type]\n      exposeHeaders: [x_trace]\n      maxAge: 24h\n'))).toEqual([]);
  });

  it('rejects a lower-case CORS method (the set is case-sensitive)', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy:\n      allowMethods: [get]\n'))).toEqual([{
      at: '12:22', severity: 'error', code: 'istio-validation', message: '"get" is not a supported HTTP method',
    }]);
  });
});

describe("a VirtualService's header values (validation.go ValidateHTTPHeaderValue, header_value_validator.go)", () => {
  it('rejects an unescaped % and an unterminated %VARIABLE, accepts %HOSTNAME% and %%', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - headers:\n      response:\n        set: {x-a: "100%", x-b: "abc%123", x-c: "%HOSTNAME%", x-d: "100%%"}\n' + '    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '11:20', severity: 'error', code: 'istio-validation', message: 'header value configuration: invalid header configuration. Un-escaped %'},
      {at: '11:33', severity: 'error', code: 'istio-validation', message: "header value configuration: invalid header configuration. Un-terminated variable expression 'abc%123'"},
    ]);
  });
});

describe("a VirtualService's route destinations and weights", () => {
  it('treats weights as relative: 2 and 1 is valid', () => {
    // validation.go validateHTTPRouteDestinations: no sum-to-100 rule since 1.15
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n      weight: 2\n    - destination: {host: reviews, subset: v2}\n      weight: 1\n'))).toEqual([]);
  });

  it('accepts a single destination with weight 0', () => {
    // validation.go: total weight 0 is an error only when len(weights) > 1
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: 0\n'))).toEqual([]);
  });

  it('rejects a negative weight', () => {
    // validation.go validateWeight: "weight %d < 0"
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: -1\n    - destination: {host: ratings}\n      weight: 3\n'))).toEqual([{
      at: '11:15', severity: 'error', code: 'istio-validation', message: 'weight -1 < 0',
    }]);
  });

  it('rejects a quoted weight: weight is an int32, not int-or-string', () => {
    // CRD: weight type integer
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: "50"\n'))).toEqual([
      expect.objectContaining({at: '11:15', severity: 'error', code: 'type', message: 'spec.http[0].route[0].weight: Invalid value: "string": spec.http[0].route[0].weight in body must be of type integer: "string"'}),
    ]);
  });

  it('accepts two destinations to the same host (duplicate destinations are not checked)', () => {
    // validation.go: no duplicate-destination rule
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: 50\n    - destination: {host: reviews}\n      weight: 50\n'))).toEqual([]);
  });

  it('rejects an uppercase-invalid subset name', () => {
    // validation.go validateSubsetName: labels.IsDNS1123Label (Istio allows upper case, not underscores)
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v_1}\n'))).toEqual([{
      at: '10:44', severity: 'error', code: 'istio-validation', message: 'subset name is invalid: v_1',
    }]);
  });

  it('rejects route together with redirect, at the route key', () => {
    // virtualservice.go validateHTTPRouteConflict
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - redirect: {uri: /v2}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:5', severity: 'error', code: 'istio-validation', message: 'HTTP route cannot contain both route and redirect',
    }]);
  });

  it('rejects uri together with uriRegexRewrite', () => {
    // validation.go validateHTTPRewrite
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - rewrite:\n      uri: /v2\n      uriRegexRewrite: {match: "^/a", rewrite: /b}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '9:5', severity: 'error', code: 'istio-validation', message: 'rewrite may only contain one of URI or UriRegexRewrite',
    }]);
  });

  it('rejects rewriting the authority twice', () => {
    // virtualservice.go validateAuthorityRewrite
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - rewrite: {authority: a.example.com}\n    headers:\n      request:\n        set: {host: b.example.com}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '12:15', severity: 'error', code: 'istio-validation',
      message: 'authority header cannot be set multiple times: have "a.example.com", attempting to set "b.example.com"',
    }]);
  });

  it('rejects removing the Host header', () => {
    // validation.go ValidateHTTPHeaderOperationName: cannot set Host header
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - headers:\n      request:\n        remove: [Host]\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '11:18', severity: 'error', code: 'istio-validation', message: 'invalid header "Host": cannot set Host header',
    }]);
  });
});

describe("a VirtualService's rewrites, redirects and direct responses (virtualservice.go validateHTTPRouteConflict)", () => {
  it('rejects redirect together with directResponse', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - redirect: {uri: /v2}\n    directResponse: {status: 503}\n'))).toEqual([{
      at: '10:5', severity: 'error', code: 'istio-validation', message: 'HTTP route rule cannot contain both direct_response and redirect',
    }]);
  });

  it('rejects directResponse together with route and fault', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - directResponse: {status: 503}\n    fault: {abort: {httpStatus: 500, percentage: {value: 10}}}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '10:5', severity: 'error', code: 'istio-validation', message: 'HTTP route cannot contain both fault and direct_response'},
      {at: '11:5', severity: 'error', code: 'istio-validation', message: 'HTTP route cannot contain both route and direct_response'},
    ]);
  });

  it('accepts a directResponse with a body and no route', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - directResponse:\n      status: 418\n      body: {string: "I am a teapot"}\n'))).toEqual([]);
  });

  it('prefixes an invalid uriRegexRewrite pattern with "UriRegexRewrite has errors" (validateHTTPRewrite errors.Join)', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - rewrite:\n      uriRegexRewrite: {match: "^/([a-", rewrite: /v2}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:32', severity: 'error', code: 'istio-validation',
      message: 'UriRegexRewrite has errors\n"HTTPRewrite.UriRegexRewrite.Match": error parsing regexp: missing closing ]: `[a-`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)',
    }]);
  });

  it('accepts a uriRegexRewrite with RE2 capture groups', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {regex: "^/service/([^/]+)(/.*)$"}\n    rewrite:\n      uriRegexRewrite: {match: "^/service/([^/]+)(/.*)$", rewrite: "/\\\\2/instance/\\\\1"}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([]);
  });
});

describe("a VirtualService's timeouts, retries, faults and mirrors", () => {
  it('accepts 2s, 1m, 1.5s and 100ms durations', () => {
    // Go time.ParseDuration semantics; agent.ValidateDuration: >= 1ms, ms precision
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - match:\n    - uri: {prefix: /a}\n    route:\n    - destination: {host: reviews}\n    timeout: 1m\n  - route:\n    - destination: {host: reviews}\n    timeout: 1.5s\n    retries: {attempts: 3, perTryTimeout: 100ms}\n'))).toEqual([]);
  });

  it('rejects 0s through the CRD CEL rule on durations', () => {
    // CRD x-kubernetes-validations: duration(self) >= duration('1ms')
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    timeout: 0s\n'))).toEqual([{
      at: '11:14', severity: 'error', code: 'cel', message: 'spec.http[0].timeout: Invalid value: "string": must be a valid duration greater than 1ms',
    }]);
  });

  it('rejects a negative duration through CEL', () => {
    // CRD CEL on HTTPRoute.timeout
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    timeout: -1s\n'))).toEqual([expect.objectContaining({
      at: '11:14', severity: 'error', code: 'cel', message: expect.stringContaining('must be a valid duration greater than 1ms'),
    })]);
  });

  it('rejects an unquoted integer timeout (type string)', () => {
    // CRD: timeout is a string (protobuf Duration)
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    timeout: 5\n'))).toEqual([expect.objectContaining({
      at: '11:14', severity: 'error', code: 'type', message: expect.stringContaining('spec.http[0].timeout: Invalid value: "integer": spec.http[0].timeout in body must be of type string: "integer"'),
    })]);
  });

  it('rejects unknown retryOn policies and status codes Go does not name', () => {
    // validation.go validateHTTPRetry: http.StatusText(i) == "" && !supportedRetryOnPolicies
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries:\n      attempts: 2\n      retryOn: 503,5xx,599,foo\n'))).toEqual([
      {at: '13:16', severity: 'error', code: 'istio-validation', message: '"599" is not a valid retryOn policy'},
      {at: '13:16', severity: 'error', code: 'istio-validation', message: '"foo" is not a valid retryOn policy'},
    ]);
  });

  it('rejects retry settings when attempts is 0', () => {
    // validation.go validateHTTPRetry: "http retry policy configured when attempts are set to 0 (disabled)"
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries:\n      attempts: 0\n      retryOn: 5xx\n'))).toEqual([{
      at: '12:17', severity: 'error', code: 'istio-validation', message: 'http retry policy configured when attempts are set to 0 (disabled)',
    }]);
  });

  it('rejects an abort status outside 200-599 and a percentage over 100', () => {
    // validation.go validateHTTPStatus / validatePercentage
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - fault:\n      abort:\n        httpStatus: 700\n        percentage: {value: 150}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '11:21', severity: 'error', code: 'istio-validation', message: 'HTTP status 700 is not in range 200-599'},
      {at: '12:29', severity: 'error', code: 'istio-validation', message: 'percentage 150 is neither 0.0, nor in range [0.0001, 100.0]'},
    ]);
  });

  it('accepts abort status 600 (the webhook checks status > 600)', () => {
    // validation.go validateHTTPStatus: status < 200 || status > 600
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - fault:\n      abort:\n        httpStatus: 600\n        percentage: {value: 100}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([]);
  });

  it('rejects a fault with neither abort nor delay', () => {
    // validation.go validateHTTPFaultInjection
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - fault: {}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '9:12', severity: 'error', code: 'istio-validation', message: 'HTTP fault injection must have an abort and/or a delay',
    }]);
  });

  it('rejects a mirrorPercentage above 100', () => {
    // virtualservice.go: "mirror_percentage must have a max value of 100 (it has %f)"
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    mirror: {host: ratings}\n    mirrorPercentage: {value: 101}\n'))).toEqual([{
      at: '12:31', severity: 'error', code: 'istio-validation', message: 'mirror_percentage must have a max value of 100 (it has 101.000000)',
    }]);
  });

  it('rejects mirror together with mirrors', () => {
    // virtualservice.go validateHTTPRouteConflict
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    mirror: {host: ratings}\n    mirrors:\n    - destination: {host: ratings}\n'))).toEqual([{
      at: '12:5', severity: 'error', code: 'istio-validation', message: 'HTTP route cannot contain both mirror and mirrors',
    }]);
  });
  it('accepts every Envoy retryOn policy Istio lists plus named status codes', () => {
    // supportedRetryOnPolicies; http.StatusText(i) != "" for 503 and 429
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries:\n      attempts: 3\n      perTryTimeout: 2s\n      retryOn: gateway-error,connect-failure,refused-stream,reset-before-request,retriable-4xx,503,429,unavailable\n'))).toEqual([]);
  });

  it('rejects a retryOn list with a space after the comma (the policy " 5xx" is not known)', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries: {attempts: 2, retryOn: "connect-failure, 5xx"}\n'))).toEqual([{
      at: '11:37', severity: 'error', code: 'istio-validation', message: '" 5xx" is not a valid retryOn policy',
    }]);
  });

  it('rejects a delay percentage above 100 and a fixedDelay below a millisecond through CEL first', () => {
    // CRD: fixedDelay has the duration CEL rule, so the API server answers before the webhook
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - fault:\n      delay: {fixedDelay: 500us, percentage: {value: 10}}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([expect.objectContaining({
      at: '10:27', severity: 'error', code: 'cel', message: expect.stringContaining('must be a valid duration greater than 1ms'),
    })]);
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - fault:\n      delay: {fixedDelay: 5s, percentage: {value: 150}}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:51', severity: 'error', code: 'istio-validation', message: 'percentage 150 is neither 0.0, nor in range [0.0001, 100.0]',
    }]);
  });

  it('rejects a mirrors percentage above 100 (validateHTTPMirrors)', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    mirrors:\n    - destination: {host: ratings}\n      percentage: {value: 120}\n'))).toEqual([{
      at: '13:27', severity: 'error', code: 'istio-validation', message: 'mirror percentage must have a max value of 100 (it has 120.000000)',
    }]);
  });
});

describe("a VirtualService's durations, which the webhook checks beyond CEL", () => {
  it('rejects a retry backoff below millisecond precision (validateHTTPRetry -> agent.ValidateDuration)', () => {
    // CEL accepts 1500us (>= 1ms); the webhook then wants whole milliseconds
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries: {attempts: 2, backoff: 1500us}\n'))).toEqual([{
      at: '11:37', severity: 'error', code: 'istio-validation', message: 'only durations to ms precision are supported',
    }]);
  });

  it('accepts a CORS maxAge of 1000ms: only a fractional second is rejected (validateCORSPolicy MaxAge.Nanos > 0)', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy: {allowOrigins: [{exact: a.example.com}], maxAge: 1000ms}\n'))).toEqual([]);
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    corsPolicy: {allowOrigins: [{exact: a.example.com}], maxAge: 1500ms}\n'))).toEqual([{
      at: '11:66', severity: 'error', code: 'istio-validation', message: 'max_age duration is accurate only to seconds precision',
    }]);
  });
});

describe("a VirtualService's TLS and TCP routes", () => {
  it('requires SNI hosts to be within the VirtualService hosts', () => {
    // validation.go validateSniHost
    expect(findings(virtualService('  hosts: ["*.example.com"]\n  gateways: [istio-system/gw]\n  tls:\n  - match:\n    - sniHosts: [foo.other.com]\n    route:\n    - destination: {host: foo}\n'))).toEqual([{
      at: '11:18', severity: 'error', code: 'istio-validation',
      message: 'SNI host "foo.other.com" is not a compatible subset of any of the virtual service hosts: [*.example.com]',
    }]);
  });

  it('requires sniHosts in a TLS match (CRD required, before the webhook)', () => {
    // CRD TLSMatchAttributes: required [sniHosts]
    expect(findings(virtualService('  hosts: ["*.example.com"]\n  gateways: [istio-system/gw]\n  tls:\n  - match:\n    - port: 443\n    route:\n    - destination: {host: foo}\n'))).toEqual([expect.objectContaining({
      at: '11:7', severity: 'error', code: 'required', message: expect.stringContaining('spec.tls[0].match[0].sniHosts: Required value'),
    })]);
  });

  it('rejects a TCP destination port above 65535', () => {
    // validation.go validateDestination -> validatePortSelector -> agent.ValidatePort
    const found = findings(virtualService('  hosts: [db]\n  tcp:\n  - route:\n    - destination: {host: db, port: {number: 70000}}\n'));
    expect(found).toEqual([{at: '10:46', severity: 'error', code: 'istio-validation', message: 'port number 70000 must be in the range 1..65535'}]);
  });
});

describe("a VirtualService's AUTO_PASSTHROUGH SNI hosts (agent.ValidateWildcardDomainForVirtualServiceBoundToGateway)", () => {
  const sni = 'outbound_.15443_._.reviews.default.svc.cluster.local';
  const tls = `  tls:\n  - match:\n    - sniHosts: [${sni}]\n    route:\n    - destination: {host: reviews.default.svc.cluster.local}\n`;

  it('accepts an outbound_ SNI host on a gateway-bound VirtualService with TLS routes', () => {
    expect(findings(virtualService(`  hosts: [${sni}]\n  gateways: [istio-system/cross-network-gateway]\n${tls}`))).toEqual([]);
  });

  it('rejects the same host on a mesh-bound VirtualService (ValidateWildcardDomain)', () => {
    expect(findings(virtualService(`  hosts: [${sni}]\n${tls}`))).toEqual([{
      at: '7:11', severity: 'error', code: 'istio-validation', message: `domain name "${sni}" invalid (label "outbound_" invalid)`,
    }]);
  });

  it('rejects an outbound_ name without a port number', () => {
    const bad = 'outbound_.http_._.reviews.example.com';
    expect(findings(virtualService(`  hosts: [${bad}]\n  gateways: [istio-system/gw]\n  tls:\n  - match:\n    - sniHosts: [${bad}]\n    route:\n    - destination: {host: reviews}\n`))).toEqual([
      {at: '7:11', severity: 'error', code: 'istio-validation', message: `domain name "${bad}" invalid (label "http" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`},
      {at: '11:18', severity: 'error', code: 'istio-validation', message: `domain name "${bad}" invalid (label "http" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`},
    ]);
  });
});

describe('a delegating VirtualService and its delegates (validation.go ValidateVirtualService, virtualservice.go validateHTTPRouteConflict)', () => {
  it('forbids gateways and tcp routes in a delegate (host-less) VirtualService', () => {
    // validation.go ValidateVirtualService: delegate checks
    expect(findings(virtualService('  gateways: [gw]\n  tcp:\n  - route:\n    - destination: {host: db}\n'))).toEqual([
      {at: '7:3', severity: 'error', code: 'istio-validation', message: 'delegate virtual service must have no gateways specified'},
      {at: '8:3', severity: 'error', code: 'istio-validation', message: 'delegate virtual service must have no tcp route specified'},
    ]);
  });

  it('forbids route in a root route that delegates', () => {
    // virtualservice.go validateHTTPRouteConflict (RootRoute)
    expect(findings(virtualService('  hosts: [bookinfo.example.com]\n  gateways: [gw]\n  http:\n  - name: reviews\n    delegate: {name: reviews, namespace: reviews-ns}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '12:5', severity: 'error', code: 'istio-validation', message: 'root HTTP route reviews must not specify route',
    }]);
  });
  const root = virtualService('  hosts: [reviews.default.svc.cluster.local]\n  http:\n  - name: to-delegate\n    match:\n    - uri: {prefix: /reviews}\n    delegate:\n      name: reviews-delegate\n      namespace: default\n  - route:\n    - destination: {host: reviews.default.svc.cluster.local}\n', {name: 'reviews-root'});
  const delegate = virtualService('  http:\n  - match:\n    - uri: {prefix: /reviews/v2}\n    route:\n    - destination: {host: reviews.default.svc.cluster.local, subset: v2}\n  - route:\n    - destination: {host: reviews.default.svc.cluster.local, subset: v1}\n', {name: 'reviews-delegate'});

  it('accepts a root with `delegate:` and a delegate without hosts (no "must have at least one host" any more)', () => {
    expect(findings(`${root}---\n${delegate}`)).toEqual([]);
    expect(findings(delegate)).toEqual([]);
  });

  it('accepts regex matches in a delegate (the "does not support regex match for delegating" rule is gone)', () => {
    // validateHTTPRouteMatchRequest no longer takes the route type
    expect(findings(virtualService('  http:\n  - match:\n    - uri: {regex: "^/reviews/[0-9]+$"}\n      headers:\n        x-user: {regex: "a.*"}\n    route:\n    - destination: {host: reviews.default.svc.cluster.local}\n'))).toEqual([]);
  });

  it('rejects gateways, tcp and tls in a delegate virtual service', () => {
    expect(findings(virtualService('  gateways: [istio-system/gw]\n  http:\n  - route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '7:3', severity: 'error', code: 'istio-validation', message: 'delegate virtual service must have no gateways specified'},
    ]);
    expect(findings(virtualService('  tcp:\n  - route:\n    - destination: {host: db}\n'))).toEqual([
      {at: '7:3', severity: 'error', code: 'istio-validation', message: 'delegate virtual service must have no tcp route specified'},
    ]);
  });

  it('rejects a delegate inside a delegate, which then also lacks a route', () => {
    // DelegateRoute: "delegate HTTP route cannot contain delegate", then the ordinary conflict checks
    expect(findings(virtualService('  http:\n  - delegate: {name: other, namespace: default}\n'))).toEqual([
      {at: '8:5', severity: 'error', code: 'istio-validation', message: 'delegate HTTP route cannot contain delegate'},
      {at: '8:5', severity: 'error', code: 'istio-validation', message: 'HTTP route, redirect or direct_response is required'},
    ]);
  });

  it('rejects route and redirect next to delegate on a root route, naming the route', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - name: r1\n    delegate: {name: d, namespace: default}\n    redirect: {uri: /x}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '11:5', severity: 'error', code: 'istio-validation', message: 'root HTTP route r1 must not specify redirect'},
      {at: '12:5', severity: 'error', code: 'istio-validation', message: 'root HTTP route r1 must not specify route'},
    ]);
  });

  it('skips the route/redirect/direct_response conflict checks on a root route (RootRoute returns early)', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  http:\n  - delegate: {name: d, namespace: default}\n    directResponse: {status: 200}\n    fault:\n      abort: {httpStatus: 503, percentage: {value: 1}}\n'))).toEqual([]);
  });

  it('applies the route conflict checks in a delegate', () => {
    expect(findings(virtualService('  http:\n  - redirect: {uri: /x}\n    directResponse: {status: 200}\n'))).toEqual([
      {at: '9:5', severity: 'error', code: 'istio-validation', message: 'HTTP route rule cannot contain both direct_response and redirect'},
    ]);
  });

  it('rejects JWT claim routing in a delegate, which has no gateways', () => {
    // appliesToGateway stays false without gateways
    expect(findings(virtualService('  http:\n  - match:\n    - headers:\n        "@request.auth.claims.group": {exact: admin}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([
      {at: '10:9', severity: 'error', code: 'istio-validation', message: 'JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, found no gateways: []'},
    ]);
  });
});

describe("a VirtualService's exportTo (validation.go validateExportTo, pkg/config/visibility)", () => {
  it('rejects ~ outside ServiceEntries, invalid namespaces and * mixed with others', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  exportTo: ["~", "Bad_NS", "*"]\n' + route))).toEqual([
      {at: '8:13', severity: 'error', code: 'istio-validation', message: 'cannot have both public (*) and non-public exportTo values for a resource'},
      {at: '8:14', severity: 'error', code: 'istio-validation', message: 'exportTo ~ (none) is not allowed for Istio configuration objects'},
      {at: '8:19', severity: 'error', code: 'istio-validation', message: 'only .,*,~, or a valid DNS 1123 label is allowed as exportTo entry'},
    ]);
  });

  it('accepts . and another namespace', () => {
    expect(findings(virtualService('  hosts: [reviews]\n  exportTo: [".", istio-system]\n' + route))).toEqual([]);
  });
});

describe("a VirtualService's regexes, read with Go's RE2 escapes (regexp/syntax parseEscape)", () => {
  const uriRegex = (regex: string) => virtualService(`  hosts: [reviews]\n  http:\n  - match:\n    - uri: {regex: '${regex}'}\n    route:\n    - destination: {host: reviews}\n`);

  it('rejects JavaScript-only escapes such as \\u', () => {
    expect(findings(uriRegex('^/caf\\u00e9'))).toEqual([{
      at: '10:20', severity: 'error', code: 'istio-validation',
      message: '"uri": error parsing regexp: invalid escape sequence: `\\u`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)',
    }]);
  });

  it('accepts Go escapes: \\d, \\w, \\b, \\x41, \\p{Greek} and escaped punctuation', () => {
    expect(findings(uriRegex('^/v\\d+/\\w+\\b\\x41\\p{Greek}\\.json$'))).toEqual([]);
  });
});
