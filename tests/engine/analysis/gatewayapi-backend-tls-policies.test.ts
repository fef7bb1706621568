/**
 * gatewayapi.BackendTLSPolicyAnalyzer: a BackendTLSPolicy's Accepted and ResolvedRefs conditions as
 * istiod 1.30.3 writes them (pilot/pkg/config/kube/gateway backend_policies.go BackendTLSPolicyCollection,
 * getBackendTLSCredentialName, btlsIsConflicted, btlsHasHigherPriority). The conformance tests'
 * cases are in ../gateway-api-conformance-status.test.ts.
 */
import {describe, expect, it} from 'vitest';
import type {ValidateOptions} from '../../../src/engine/index';
import {CA_CERT} from '../support/key-pairs';
import {diagnose} from '../helpers';
import {closed, doc, service} from '../support/gateway-api';

const CODE = 'gateway-api-backend-tls-policy-not-accepted';
const findings = (text: string, options: ValidateOptions = closed) =>
  diagnose(text, options).filter((d) => d.code === CODE).map(({document, path, message}) => ({document, path, message}));

const policy = (name: string, targetRefs: string, validation: string, metadata = '') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: ${name}\n  namespace: apps\n${metadata}`
  + `spec:\n  targetRefs: ${targetRefs}\n  validation:\n${validation}`;
const toService = (name = 'reviews', sectionName?: string) =>
  `[{group: "", kind: Service, name: ${name}${sectionName === undefined ? '' : `, sectionName: ${sectionName}`}}]`;
const caRef = (ref: string) => `    caCertificateRefs: [${ref}]\n    hostname: reviews.example.com\n`;
const CA = caRef('{group: "", kind: ConfigMap, name: ca}');
const caConfigMap = (data = `{ca.crt: ${JSON.stringify(CA_CERT)}}`) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ca, namespace: apps}\ndata: ${data}\n`;
const REVIEWS = service('reviews', 'apps', [443]).replace('name: http-443', 'name: https');
const said = (conditions: string, effect: string) => `The BackendTLSPolicy is not applied as written: istiod sets ${conditions}, so ${effect}`;
const BLOCKED = 'istiod gives its backends an invalid CA reference, and connections to them fail';

describe('its CA certificate reference (getBackendTLSCredentialName)', () => {
  it('is taken from a ConfigMap with ca.crt (or cacert), and System is the one well-known set', () => {
    expect(findings(doc(REVIEWS, caConfigMap(), policy('p', toService(), CA)))).toEqual([]);
    expect(findings(doc(REVIEWS, caConfigMap('{cacert: x}'), policy('p', toService(), CA)))).toEqual([]);
    expect(findings(doc(REVIEWS, policy('p', toService(), '    wellKnownCACertificates: System\n    hostname: r.example.com\n')))).toEqual([]);
  });

  it('that does not exist: ResolvedRefs InvalidCACertificateRef and Accepted NoValidCACertificate, at the name', () => {
    expect(findings(doc(REVIEWS, policy('p', toService(), CA)))).toEqual([{document: 1, path: '/spec/validation/caCertificateRefs/0/name', message: said(
      'ResolvedRefs to False (InvalidCACertificateRef: Certificate reference not found: reference apps/ca (of kind ConfigMap) not found), '
      + 'Accepted to False (NoValidCACertificate: Certificate reference invalid: reference apps/ca (of kind ConfigMap) not found)', BLOCKED)}]);
  });

  it('without the key: "Certificate invalid", with ExtractRoot\'s list of the keys it found', () => {
    expect(findings(doc(REVIEWS, caConfigMap('{a: "1", b: "2", c: "3", d: "4"}'), policy('p', toService(), CA))).map((f) => f.message)).toEqual([said(
      'ResolvedRefs to False (InvalidCACertificateRef: Certificate invalid: found secret, but didn\'t have expected keys cacert or ca.crt; found: a, b, c, and 1 more...), '
      + 'Accepted to False (NoValidCACertificate: Certificate reference invalid: found secret, but didn\'t have expected keys cacert or ca.crt; found: a, b, c, and 1 more...)', BLOCKED)]);
    expect(findings(doc(REVIEWS, caConfigMap('{ca.crt: ""}'), policy('p', toService(), CA))).map((f) => f.message))
      .toEqual([expect.stringContaining('Certificate invalid: found key "ca.crt", but it was empty')]);
  });

  it('of a kind the reference set does not hold, or a Secret (which it holds but does not take): InvalidKind, at the kind', () => {
    expect(findings(doc(REVIEWS, policy('p', toService(), caRef('{group: "", kind: Service, name: reviews}')))).map((f) => [f.path, f.message])).toEqual([[
      '/spec/validation/caCertificateRefs/0/kind', expect.stringContaining('ResolvedRefs to False (InvalidKind: Certificate reference invalid: unsupported reference kind: Service)')]]);
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: ca, namespace: apps}\ndata: {ca.crt: eA==}\n';
    expect(findings(doc(REVIEWS, secret, policy('p', toService(), caRef('{group: "", kind: Secret, name: ca}')))).map((f) => f.message))
      .toEqual([expect.stringContaining('(InvalidKind: Certificate reference invalid: unsupported reference kind: Secret)')]);
    expect(findings(doc(REVIEWS, policy('p', toService(), caRef('{group: core, kind: ConfigMap, name: ca}')))).map((f) => f.message))
      .toEqual([expect.stringContaining('(InvalidKind: Certificate reference not supported: unsupported kind ConfigMap)')]);
  });

  it('reads only the first reference, and refuses a well-known set other than System', () => {
    expect(findings(doc(REVIEWS, caConfigMap(), policy('p', toService(), caRef('{group: "", kind: ConfigMap, name: ca}, {group: "", kind: ConfigMap, name: gone}'))))).toEqual([]);
    expect(findings(doc(REVIEWS, policy('p', toService(), '    wellKnownCACertificates: Mozilla\n    hostname: r.example.com\n')))).toEqual([{document: 1,
      path: '/spec/validation/wellKnownCACertificates', message: said('Accepted to False (Invalid: Unknown wellKnownCACertificates: Mozilla)',
        'its backends are verified against the system\'s CA certificates')}]);
  });

  it('is not judged in an open world that shows no ConfigMap of the namespace', () => {
    expect(findings(doc(REVIEWS, policy('p', toService(), CA)), {})).toEqual([]);
  });
});

describe('its targets', () => {
  it('a Service that does not exist, a port name it lacks, a kind istiod does not target: Accepted TargetNotFound, one finding each', () => {
    const targets = '[{group: "", kind: Service, name: ratings}, {group: "", kind: Service, name: reviews, sectionName: grpc}, {group: "", kind: ConfigMap, name: ca}, {group: apps, kind: Deployment, name: reviews}]';
    expect(findings(doc(REVIEWS, caConfigMap(), policy('p', targets, CA))).map((f) => [f.path, f.message])).toEqual([
      ['/spec/targetRefs/0/name', said('Accepted to False (TargetNotFound: targetRefs invalid: reference apps/ratings (of kind Service) not found)', 'it applies to nothing there')],
      ['/spec/targetRefs/1/sectionName', expect.stringContaining('(TargetNotFound: targetRefs invalid: sectionName "grpc" does not exist in Service apps/reviews)')],
      ['/spec/targetRefs/2/kind', expect.stringContaining('(TargetNotFound: targetRefs invalid: unsupported reference kind: ConfigMap)')],
      ['/spec/targetRefs/3/kind', expect.stringContaining('(TargetNotFound: targetRefs invalid: unsupported kind Deployment)')],
    ]);
  });

  it('a ServiceEntry, by its port name', () => {
    const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: external, namespace: apps}\n'
      + 'spec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: TLS}]\n  resolution: DNS\n';
    const to = (section: string) => `[{group: networking.istio.io, kind: ServiceEntry, name: external, sectionName: ${section}}]`;
    expect(findings(doc(entry, caConfigMap(), policy('p', to('https'), CA)))).toEqual([]);
    expect(findings(doc(entry, caConfigMap(), policy('p', to('http'), CA))).map((f) => f.message))
      .toEqual([expect.stringContaining('sectionName "http" does not exist in ServiceEntry apps/external')]);
  });

  it('two policies on one target: the older is applied, then the lower name; the other is Conflicted', () => {
    const text = (metaA: string, metaB: string) => doc(REVIEWS, caConfigMap(), policy('b', toService(), CA, metaB), policy('a', toService(), CA, metaA));
    expect(findings(text('', '')).map((f) => [f.document, f.path, f.message])).toEqual([[2, '/spec/targetRefs/0/name', said(
      'Accepted to False (Conflicted: Conflicts with BackendTLSPolicy "a" targeting the same backend)',
      'BackendTLSPolicy a, which has priority (older, or of a lower name), applies to that backend instead')]]);
    const older = '  creationTimestamp: "2026-01-01T00:00:00Z"\n';
    const newer = '  creationTimestamp: "2026-06-01T00:00:00Z"\n';
    expect(findings(text(newer, older)).map((f) => [f.document, f.message])).toEqual([[3, expect.stringContaining('Conflicts with BackendTLSPolicy "b"')]]);
  });

  it('policies on different sectionNames, or one with and one without, do not conflict; an ignored policy counts in none', () => {
    const twoPorts = service('reviews', 'apps', [443, 8443]).replace('name: http-443', 'name: https').replace('name: http-8443', 'name: alt');
    expect(findings(doc(twoPorts, caConfigMap(), policy('a', toService('reviews', 'https'), CA), policy('b', toService('reviews', 'alt'), CA),
      policy('c', toService(), CA)))).toEqual([]);
    const ignore = '  annotations: {istio.io/ignore-policy-attachment: "true"}\n';
    expect(findings(doc(REVIEWS, policy('a', toService(), CA, ignore), caConfigMap(), policy('b', toService(), CA)))).toEqual([]);
  });
});
