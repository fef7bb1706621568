import {describe, expect, it} from 'vitest';
import {problems, yaml} from '../helpers';

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
