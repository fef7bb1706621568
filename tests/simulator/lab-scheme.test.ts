/**
 * The request panel's scheme field: `https` is the client's own TLS, whose ClientHello carries the Host field's name as
 * SNI. What it meets is the simulator's answer as istiod 1.30.3 builds the listeners: a sidecar's TLS chain matched on
 * an external host's SNI (core/tls.go), an ingress gateway's HTTPS server chosen by SNI and ending the TLS
 * (model/gateway.go GetSNIHostsForServer), and the mismatches before any route (a ClientHello to a plaintext HTTP
 * server, plaintext to a TLS port, an SNI no chain names).
 */
import {describe, expect, it} from 'vitest';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {readLabScheme} from '../../src/simulator/lab-scheme';
import {formatDecisionText} from '../../src/simulator/format';
import {labContext} from '../support/labs';
import {HTTPS_GATEWAY as GATEWAY, TLS_ENTRY} from '../support/tls-ports';

const reviews = labContext('reviews').resources;

function send(yaml: string, host: string, scheme: string) {
  const answer = simulateLabRequest(yaml, reviews, {method: 'GET', scheme, host, path: '/', headers: {}});
  if (answer.kind !== 'decision') throw new Error(answer.message);
  return answer.decision;
}

describe('the scheme field', () => {
  it('is http when blank, either scheme in any case, and anything else a message instead of a request', () => {
    expect(readLabScheme(undefined)).toBe('http');
    expect(readLabScheme('  ')).toBe('http');
    expect(readLabScheme('HTTPS')).toBe('https');
    expect(readLabScheme('ftp')).toEqual({error: expect.stringMatching(/"ftp" is neither http nor https/)});
    expect(simulateLabRequest(GATEWAY, reviews, {method: 'GET', scheme: 'gopher', host: 'reviews', path: '/', headers: {}})).toMatchObject({kind: 'invalid'});
  });
});

describe('https to an ingress gateway', () => {
  it('ends the TLS at the HTTPS server its SNI picks and routes the request inside as HTTP', () => {
    const d = send(GATEWAY, 'reviews.example.com:443', 'https');
    expect(d).toMatchObject({outcome: 'routed', status: 200, request: {url: 'GET https://reviews.example.com:443/'}});
    expect(d.tlsTermination).toEqual({sni: 'reviews.example.com', by: "the Gateway's server 0 (HTTPS, SIMPLE)"});
    expect(d.destinations.map((x) => x.subset)).toEqual(['v1']);
    expect(d.trace.map((t) => t.message)).toContainEqual(expect.stringMatching(/TLS SIMPLE ends at the gateway with the certificate of credentialName reviews-cert/));
  });

  it('is said by meshdive route on a line of its own', () => {
    const text = formatDecisionText(send(GATEWAY, 'reviews.example.com:443', 'https'), ['lab.yaml']);
    expect(text).toMatch(/^GET https:\/\/reviews\.example\.com:443\/ /m);
    expect(text).toMatch(/^TLS: SNI reviews\.example\.com, ended at the Gateway's server 0 \(HTTPS, SIMPLE\); the request inside is routed as HTTP$/m);
    expect(formatDecisionText(send(GATEWAY, 'reviews.example.com:80', 'http'), ['lab.yaml'])).not.toMatch(/^TLS:/m);
  });

  it('closes a ClientHello whose SNI no HTTPS server names (NR), where a plaintext host mismatch would be a 404', () => {
    const d = send(GATEWAY, 'other.example.com:443', 'https');
    expect(d).toMatchObject({outcome: 'unreachable', status: null, flags: 'NR', summary: 'no filter chain on port 443 matches SNI other.example.com: the connection is closed'});
    expect(d.tlsTermination).toBeUndefined();
    expect(send(GATEWAY, 'other.example.com:80', 'http')).toMatchObject({status: 404, flags: 'NR'});
  });

  it('takes any SNI on a server whose hosts are *', () => {
    const d = send(GATEWAY.replace('hosts: [reviews.example.com]\n    tls', 'hosts: ["*"]\n    tls'), 'reviews.example.com:443', 'https');
    expect(d).toMatchObject({outcome: 'routed', status: 200, tlsTermination: {sni: 'reviews.example.com'}});
  });

  it('fails the handshake of TLS to the plaintext server (400 DPE in the log), and closes plaintext to the HTTPS one', () => {
    expect(send(GATEWAY, 'reviews.example.com:80', 'https')).toMatchObject({outcome: 'unreachable', status: null, summary: expect.stringMatching(/400 DPE/)});
    expect(send(GATEWAY, 'reviews.example.com:443', 'http')).toMatchObject({outcome: 'unreachable', status: null, summary: expect.stringMatching(/plaintext HTTP to a TLS server on port 443: the connection is closed/)});
  });
});

describe('https and http to an external TLS port at a sidecar', () => {
  it('https: the TLS chain on the entry\'s host as SNI proxies the connection to the entry', () => {
    const d = send(TLS_ENTRY, 'api.example.com:443', 'https');
    expect(d).toMatchObject({outcome: 'routed', connection: {proxy: 'sidecar', protocol: 'tls', sni: 'api.example.com', state: 'established'}});
    expect(d.destinations.map((x) => x.cluster)).toEqual(['outbound|443||api.example.com']);
  });

  it('http: no ClientHello, so no SNI for that chain: the listener\'s default chain passes the bytes through, or resets them under REGISTRY_ONLY', () => {
    const d = send(TLS_ENTRY, 'api.example.com:443', 'http');
    expect(d).toMatchObject({outcome: 'passthrough', connection: {protocol: 'tcp', state: 'established'}});
    expect(d.connection).not.toHaveProperty('sni');
    expect(d.summary).toMatch(/no tls chain takes a connection without SNI: passed through .* \(PassthroughCluster\)/);
    const registryOnly = `${TLS_ENTRY}---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY}}
`;
    expect(send(registryOnly, 'api.example.com:443', 'http')).toMatchObject({outcome: 'unreachable', connection: {state: 'closed'}, summary: expect.stringMatching(/reset by BlackHoleCluster/)});
  });

  it('http to an entry with an address: its chain has no server names, so the plaintext reaches the server, whose TLS handshake fails', () => {
    const d = send(TLS_ENTRY.replace('  resolution: DNS', '  addresses: [192.0.2.10]\n  resolution: DNS'), 'api.example.com:443', 'http');
    expect(d).toMatchObject({outcome: 'routed', connection: {protocol: 'tcp', state: 'established'}});
    expect(d.summary).toMatch(/plaintext to a TLS port: the server fails the TLS handshake$/);
  });
});

describe('https to a Gateway API Gateway, whose listeners istiod converts into servers', () => {
  const LISTENERS = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: default}
spec:
  gatewayClassName: istio
  listeners:
  - {name: https, port: 443, protocol: HTTPS, hostname: reviews.example.com, tls: {certificateRefs: [{name: reviews-cert}]}}
  - {name: http, port: 80, protocol: HTTP, hostname: reviews.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: default}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: reviews, port: 9080}]}]
`;

  it('ends the TLS at the HTTPS listener (Terminate by default) and routes the request by the HTTPRoute', () => {
    const d = send(LISTENERS, 'reviews.example.com:443', 'https');
    expect(d).toMatchObject({outcome: 'routed', status: 200, tlsTermination: {sni: 'reviews.example.com', by: 'listener https of the Gateway (HTTPS, Terminate)'}});
    expect(d.trace.map((t) => t.message)).toContainEqual(expect.stringMatching(/with the certificate of certificateRefs reviews-cert/));
  });

  it('refuses the same mismatches as an Istio Gateway: another SNI, plaintext to HTTPS, TLS to HTTP', () => {
    expect(send(LISTENERS, 'other.example.com:443', 'https')).toMatchObject({outcome: 'unreachable', flags: 'NR'});
    expect(send(LISTENERS, 'reviews.example.com:443', 'http')).toMatchObject({outcome: 'unreachable', summary: expect.stringMatching(/plaintext HTTP to a TLS server/)});
    expect(send(LISTENERS, 'reviews.example.com:80', 'https')).toMatchObject({outcome: 'unreachable', summary: expect.stringMatching(/400 DPE/)});
    expect(send(LISTENERS, 'reviews.example.com:80', 'http')).toMatchObject({outcome: 'routed', status: 200});
  });
});
