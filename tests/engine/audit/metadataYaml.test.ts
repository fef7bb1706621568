/**
 * Audit corpus: ObjectMeta rules (k8s apimachinery ValidateObjectMeta wording), YAML 1.1 parsing as kubectl's
 * sigs.k8s.io/yaml does it, multi-document streams and kind resolution.
 */
import {describe, expect, it} from 'vitest';
import {findings} from './helpers';

const dr = (metadata: string, spec = '  host: reviews\n') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n${metadata}spec:\n${spec}`;

describe('metadata', () => {
  it('rejects an upper-case name (RFC 1123 subdomain)', () => {
    // apimachinery ValidateObjectMeta -> IsDNS1123Subdomain
    expect(findings(dr('  name: Reviews\n'))).toEqual([expect.objectContaining({
      at: '4:9', severity: 'error', code: 'invalid-metadata',
      message: expect.stringContaining('metadata.name: Invalid value: "Reviews": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters'),
    })]);
  });

  it('rejects a name longer than 253 characters', () => {
    // apimachinery IsDNS1123Subdomain: "must be no more than 253 characters"
    const name = 'a'.repeat(254);
    expect(findings(dr(`  name: ${name}\n`))).toEqual([expect.objectContaining({
      at: '4:9', severity: 'error', code: 'invalid-metadata', message: expect.stringContaining('must be no more than 253 characters'),
    })]);
  });

  it('rejects an invalid namespace (RFC 1123 label)', () => {
    // apimachinery ValidateNamespaceName
    expect(findings(dr('  name: reviews\n  namespace: Bad_NS\n'))).toEqual([expect.objectContaining({
      at: '5:14', severity: 'error', code: 'invalid-metadata', message: expect.stringContaining('metadata.namespace: Invalid value: "Bad_NS": a lowercase RFC 1123 label'),
    })]);
  });

  it('rejects a label value with a space', () => {
    // apimachinery ValidateLabels -> IsValidLabelValue
    expect(findings(dr('  name: reviews\n  labels:\n    app: my app\n'))).toEqual([expect.objectContaining({
      at: '6:10', severity: 'error', code: 'invalid-metadata', message: expect.stringContaining('metadata.labels.app: Invalid value: "my app": a valid label value'),
    })]);
  });

  it('accepts upper case in the name part of a label key', () => {
    // apimachinery IsQualifiedName: [A-Za-z0-9][-A-Za-z0-9_.]*
    expect(findings(dr('  name: reviews\n  labels:\n    example.com/Tier: gold\n'))).toEqual([]);
  });
});

describe('YAML as kubectl reads it', () => {
  it('reports a duplicate key', () => {
    // sigs.k8s.io/yaml (yaml.v2 strict): mapping key already defined
    expect(findings(dr('  name: reviews\n', '  host: reviews\n  host: ratings\n'))).toEqual([expect.objectContaining({
      at: '7:3', severity: 'error', code: 'yaml-duplicate-key', message: expect.stringContaining('"host"'),
    })]);
  });

  it('handles --- and ... document markers and reports unknown kinds per document', () => {
    // kubectl: no matches for kind "Foo" in version "networking.istio.io/v1"
    const text = dr('  name: a\n') + '---\n' + dr('  name: b\n', '  host: ratings\n') + '...\n---\napiVersion: networking.istio.io/v1\nkind: Foo\nmetadata:\n  name: c\nspec: {}\n';
    expect(findings(text)).toEqual([expect.objectContaining({
      at: '17:7', severity: 'error', code: 'unknown-istio-kind', message: expect.stringContaining('no matches for kind "Foo" in version "networking.istio.io/v1"'),
    })]);
  });

  it('reads sni: yes as a boolean for a string field', () => {
    // YAML 1.1 booleans; CRD ClientTLSSettings.sni type string
    expect(findings(dr('  name: reviews\n', '  host: reviews\n  trafficPolicy:\n    tls: {mode: SIMPLE, sni: yes, caCertificates: /ca.pem}\n'))).toEqual([expect.objectContaining({
      at: '8:30', severity: 'error', code: 'type', message: expect.stringContaining('spec.trafficPolicy.tls.sni: expected string, got boolean'),
    })]);
  });
});
