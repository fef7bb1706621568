/**
 * A Gateway as istiod's webhook checks it: validation.go ValidateGateway / validateServer / validateServerPort /
 * validateTLSOptions, agent.ValidateNamespaceSlashWildcardHostname; and the CRD schema before it.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7 selector, 8 servers, 9.. servers below.
const gw = (servers: string, name = 'gw') => resource('networking.istio.io/v1', 'Gateway',
  `  selector: {istio: ingressgateway}\n  servers:\n${servers}`, `  name: ${name}\n  namespace: istio-system\n`);
const https = '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [bookinfo.example.com]\n';

describe("a Gateway's servers: ports, protocols, hosts and TLS", () => {
  it('accepts a lower-case protocol name (protocol.Parse is case-insensitive)', () => {
    // pkg/config/protocol Parse: strings.ToLower
    expect(findings(gw('  - port: {number: 80, name: http, protocol: http}\n    hosts: ["*"]\n'))).toEqual([]);
  });

  it('rejects port 0 and 65536', () => {
    // validation.go validateServerPort -> agent.ValidatePort
    expect(findings(gw('  - port: {number: 0, name: http, protocol: HTTP}\n    hosts: ["*"]\n  - port: {number: 65536, name: http2, protocol: HTTP}\n    hosts: ["*"]\n'))).toEqual([
      {at: '9:20', severity: 'error', code: 'istio-validation', message: 'port number 0 must be in the range 1..65535'},
      {at: '11:20', severity: 'error', code: 'istio-validation', message: 'port number 65536 must be in the range 1..65535'},
    ]);
  });

  it('rejects an unknown protocol with the supported list', () => {
    // validation.go validateServerPort
    expect(findings(gw('  - port: {number: 80, name: http, protocol: FOO}\n    hosts: ["*"]\n'))).toEqual([{
      at: '9:46', severity: 'error', code: 'istio-validation',
      message: 'invalid protocol "FOO", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP',
    }]);
  });

  it('requires certificates for SIMPLE TLS without credentialName', () => {
    // validation.go validateTLSOptions: "SIMPLE TLS requires a server certificate" / "a private key"
    expect(findings(gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [bookinfo.example.com]\n    tls: {mode: SIMPLE}\n'))).toEqual([
      {at: '11:17', severity: 'error', code: 'istio-validation', message: 'SIMPLE TLS requires a server certificate'},
      {at: '11:17', severity: 'error', code: 'istio-validation', message: 'SIMPLE TLS requires a private key'},
    ]);
  });

  it('accepts SIMPLE TLS with a credentialName', () => {
    // validation.go validateTLSOptions: credentials are fetched remotely
    expect(findings(gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [bookinfo.example.com]\n    tls: {mode: SIMPLE, credentialName: bookinfo-cert}\n'))).toEqual([]);
  });

  it('requires TLS settings on an HTTPS server', () => {
    // validation.go validateServer: "server must have TLS settings for HTTPS/TLS protocols"
    expect(findings(gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [bookinfo.example.com]\n'))).toEqual([expect.objectContaining({
      severity: 'error', code: 'istio-validation', message: 'server must have TLS settings for HTTPS/TLS protocols',
    })]);
  });

  it('accepts namespace/host and ./host server hosts', () => {
    // agent.ValidateNamespaceSlashWildcardHostname (isGateway)
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["bookinfo/reviews.example.com", "./ratings.example.com", "*/*.example.com"]\n'))).toEqual([]);
  });

  it('rejects a short name as a server host', () => {
    // agent.validateSidecarOrGatewayHostnamePart: "short names (non FQDN) are not allowed"
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [reviews]\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'short names (non FQDN) are not allowed',
    }]);
  });

  it('rejects duplicate port names across servers', () => {
    // validation.go ValidateGateway: "port names in servers must be unique: duplicate name %s"
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n  - port: {number: 8080, name: http, protocol: HTTP}\n    hosts: ["*"]\n'))).toEqual([{
      at: '11:32', severity: 'error', code: 'istio-validation', message: 'port names in servers must be unique: duplicate name http',
    }]);
  });

  it('rejects a dotted Gateway name', () => {
    // validation.go ValidateGateway: labels.IsDNS1123Label(name) -> "invalid gateway name: %q"
    expect(findings(gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n', 'my.gw'))).toEqual([{
      at: '4:9', severity: 'error', code: 'istio-validation', message: 'invalid gateway name: "my.gw"',
    }]);
  });

  it('rejects a quoted port number (int field, not int-or-string)', () => {
    // CRD Port.number: type integer
    expect(findings(gw('  - port: {number: "80", name: http, protocol: HTTP}\n    hosts: ["*"]\n'))).toEqual([
      expect.objectContaining({at: '9:20', severity: 'error', code: 'type', message: 'spec.servers[0].port.number: Invalid value: "string": spec.servers[0].port.number in body must be of type integer: "string"'}),
    ]);
  });

  it('warns that httpsRedirect belongs on HTTP servers and rejects TLS on a TCP port', () => {
    // validation.go ValidateGateway / validateServer
    expect(findings(gw('  - port: {number: 81, name: tcp, protocol: TCP}\n    hosts: ["*"]\n    tls: {httpsRedirect: true}\n'))).toEqual([
      {at: '11:5', severity: 'error', code: 'istio-validation', message: 'server cannot have TLS settings for non HTTPS/TLS ports'},
      {at: '11:26', severity: 'warning', code: 'istio-validation-warning', message: 'tls.httpsRedirect should only be used with http servers'},
    ]);
  });
});

describe("a Gateway server's TLS options (validation.go validateTLSOptions)", () => {
  it('rejects a credentialName with ISTIO_MUTUAL and warns about TLS 1.1 without ciphers', () => {
    expect(findings(gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*.example.com"]\n    tls:\n      mode: ISTIO_MUTUAL\n      credentialName: foo\n  - port: {number: 15443, name: tls, protocol: TLS}\n    hosts: ["*.local"]\n    tls:\n      mode: AUTO_PASSTHROUGH\n      minProtocolVersion: TLSV1_1\n'))).toEqual([
      {at: '13:7', severity: 'error', code: 'istio-validation', message: 'ISTIO_MUTUAL TLS cannot have associated credentialName'},
      {at: '18:27', severity: 'warning', code: 'istio-validation-warning', message: 'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.'},
    ]);
  });

  it('warns about unknown cipher suites', () => {
    // validation.go: AppendWarningf "ignoring invalid cipher suites: %v"
    expect(findings(gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*.example.com"]\n    tls:\n      mode: SIMPLE\n      credentialName: cert\n      cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256, FOO-BAR]\n'))).toEqual([{
      at: '14:7', severity: 'warning', code: 'istio-validation-warning', message: 'ignoring invalid cipher suites: [FOO-BAR]',
    }]);
  });
});

describe("a Gateway server's TLS certificate sources (validation.go validateTLSOptions)", () => {
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

describe('TLS settings on a plain HTTP Gateway server (validation.go validateServer, gateway.IsPassThroughServer)', () => {
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

describe("a Gateway server's hosts (agent.ValidateNamespaceSlashWildcardHostname)", () => {
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
