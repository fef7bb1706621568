import {describe, expect, it} from 'vitest';
import {validateIstioRules} from '../../../src/engine/istio/index';
import {problems, yaml} from '../helpers';

const istio = (text: string) => problems(text).filter((d) => d.code.startsWith('istio'));

describe('Gateway', () => {
  const gateway = (server: string) => yaml`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ingress
spec:
  selector:
    istio: ingressgateway
  servers:
${server}`;

  it('accepts a plain HTTP server', () => {
    expect(problems(gateway(`  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
`))).toEqual([]);
  });

  it('rejects port numbers outside 1..65535 and unknown protocols', () => {
    const found = problems(gateway(`  - port: {number: 70000, name: http, protocol: HTTPX}
    hosts: ["shop.example.com"]
`));
    expect(found.map((d) => d.message)).toEqual(expect.arrayContaining([
      'invalid protocol "HTTPX", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP',
      'port number 70000 must be in the range 1..65535',
    ]));
    expect(found.find((d) => d.message.startsWith('port number'))!.at).toBe('9:20');
  });

  it('requires TLS settings for HTTPS', () => {
    expect(istio(gateway(`  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["shop.example.com"]
`))).toEqual([expect.objectContaining({message: 'server must have TLS settings for HTTPS/TLS protocols'})]);
  });

  it('rejects short host names and duplicate port names', () => {
    const found = istio(gateway(`  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop"]
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: ["*"]
`)).map((d) => d.message);
    expect(found).toEqual(['short names (non FQDN) are not allowed', 'port names in servers must be unique: duplicate name http']);
  });

  it('requires a DNS label as gateway name', () => {
    expect(istio(gateway(`  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
`).replace('name: ingress', 'name: my.gateway'))[0]).toMatchObject({at: '4:9', message: 'invalid gateway name: "my.gateway"'});
  });
});

describe('DestinationRule', () => {
  it('reports duplicate subset names at the second name', () => {
    expect(istio(yaml`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v1
    labels: {version: v2}
`)).toEqual([expect.objectContaining({at: '10:11', message: 'duplicate subset names: v1'})]);
  });

  it('requires client certificates for MUTUAL TLS', () => {
    expect(istio(yaml`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ext
spec:
  host: api.example.com
  trafficPolicy:
    tls:
      mode: MUTUAL
`).map((d) => d.message)).toEqual(['client certificate required for mutual tls', 'private key required for mutual tls']);
  });
});

describe('PeerAuthentication', () => {
  it('forbids portLevelMtls without a selector', () => {
    expect(istio(yaml`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls: {mode: STRICT}
  portLevelMtls:
    8080: {mode: DISABLE}
`).concat(problems(yaml`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls: {mode: STRICT}
  portLevelMtls:
    8080: {mode: DISABLE}
`))).toEqual([expect.objectContaining({
      // Istio 1.30's CRD rejects it with a CEL rule; the webhook (never reached then) says so too.
      message: expect.stringMatching(/portLevelMtls requires selector|mesh\/namespace peer authentication cannot have port level mTLS/),
    })]);
  });

  it('accepts portLevelMtls with a selector', () => {
    expect(istio(yaml`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reviews
spec:
  selector:
    matchLabels: {app: reviews}
  portLevelMtls:
    8080: {mode: DISABLE}
`)).toEqual([]);
  });
});

describe('ServiceEntry and AuthorizationPolicy', () => {
  it('requires FQDN hosts for DNS resolution without endpoints', () => {
    expect(istio(yaml`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ext
spec:
  hosts: ["*.example.com"]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
`)).toEqual([expect.objectContaining({at: '6:11', message: 'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.example.com" invalid (label "*" invalid)'})]);
  });

  it('rejects a DENY policy without rules', () => {
    expect(istio(yaml`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny
  namespace: shop
spec:
  action: DENY
`)[0]!.message).toMatch(/^invalid policy deny\.shop: DENY action without `rules` is meaningless/);
  });
});

describe('Telemetry and WasmPlugin (webhook rules; Istio 1.30 CRDs catch these first)', () => {
  it('checks sampling percentages and provider names', () => {
    const spec = {tracing: [{providers: [{name: ''}], randomSamplingPercentage: 150}]};
    expect(validateIstioRules('telemetry.istio.io', 'Telemetry', {metadata: {name: 't'}, spec}).map((f) => [f.path, f.message])).toEqual([
      ['/spec/tracing/0/providers/0', 'providers.name may not be empty'],
      ['/spec/tracing/0/randomSamplingPercentage', 'randomSamplingPercentage must be in range [0.0, 100.0]'],
    ]);
  });

  it('checks WasmPlugin URL schemes and digests', () => {
    const spec = {url: 'ftp://example.com/plugin.wasm', sha256: 'abc'};
    expect(validateIstioRules('extensions.istio.io', 'WasmPlugin', {metadata: {name: 'w'}, spec}).map((f) => f.message)).toEqual([
      'url contains unsupported scheme: ftp',
      'sha256 field must be 64 characters long',
    ]);
  });

  it('rejects WorkloadEntry addresses that are neither IP nor FQDN', () => {
    expect(istio(yaml`
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata:
  name: vm
spec:
  address: "not an address"
`)[0]).toMatchObject({at: '6:12', message: 'endpoint address "not an address" is not a valid FQDN or an IP address'});
  });
});
