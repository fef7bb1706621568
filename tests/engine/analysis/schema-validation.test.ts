/**
 * istioctl analyze, schema/validation.go: istiod's webhook rules as analyzers, one per Istio kind
 * (schema.ValidationAnalyzer.<Kind>). Errors are IST0106, warnings IST0133, and the webhook's
 * AnalysisAwareErrors their own messages (IST0130, IST0131); Go sets no line, so istioctl points
 * at the resource. validateYaml runs the same rules per document and leaves these analyzers out.
 */
import {describe, expect, it} from 'vitest';
import {ALL_ANALYZERS, ISTIOCTL_ANALYZERS} from '../../../src/engine/analysis/analyzers/all';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';
import {findings} from '../support/findings';

const analyze = (text: string, analyzer: string) =>
  analyzeIstioctl({files: [{name: 'mesh.yaml', text}], analyzers: [analyzer]}).messages.map((m) => `${m.code} ${m.reference} ${m.message}`);

const virtualService = (http: string, metadata = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
${metadata}spec:
  hosts: [reviews]
  http:
${http}`;

const route = '    route: [{destination: {host: reviews}}]\n';

describe('schema.ValidationAnalyzer: the webhook rules in istioctl analyze', () => {
  it('has one analyzer per Istio kind, after the others, as AllValidationAnalyzers appends them', () => {
    const names = ISTIOCTL_ANALYZERS.map((a) => a.name);
    const schema = names.filter((name) => name.startsWith('schema.ValidationAnalyzer.'));
    expect(schema).toContain('schema.ValidationAnalyzer.VirtualService');
    expect(schema).toContain('schema.ValidationAnalyzer.AuthorizationPolicy');
    expect(names.slice(-schema.length)).toEqual(schema);
  });

  it('reports a rule error as IST0106 SchemaValidationError on the resource', () => {
    const text = virtualService(`  - route: [{destination: {host: reviews}, weight: -1}]\n`);
    expect(analyze(text, 'schema.ValidationAnalyzer.VirtualService')).toEqual(['IST0106 mesh.yaml:1 Schema validation error: weight -1 < 0']);
  });

  it('reports a rule shadowed by an earlier identical match as IST0130, and its match as IST0131', () => {
    const text = virtualService(`  - match: [{uri: {prefix: /a}}]\n${route}  - match: [{uri: {prefix: /a}}]\n${route}`);
    expect(analyze(text, 'schema.ValidationAnalyzer.VirtualService')).toEqual([
      'IST0130 mesh.yaml:1 VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0131 mesh.yaml:1 VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
    ]);
  });

  it('names HTTP routes and matches by their name, and an overlapping prefix by both prefixes', () => {
    const text = virtualService(`  - name: api\n    match: [{name: all, uri: {prefix: /api}}]\n${route}  - name: v2\n    match: [{name: v2, uri: {prefix: /api/v2}}]\n${route}`);
    expect(analyze(text, 'schema.ValidationAnalyzer.VirtualService')).toEqual([
      'IST0131 mesh.yaml:1 VirtualService rule "v2" match "v2" of prefix /api/v2 is not used (duplicate/overlapping match in rule "all" of prefix /api on "api").',
    ]);
  });

  it('reports a rule after a catch-all rule once, though Go warns once per match', () => {
    const text = virtualService(`${route.replace('    ', '  - ')}  - match: [{uri: {prefix: /a}}, {uri: {prefix: /b}}]\n${route}`);
    expect(analyze(text, 'schema.ValidationAnalyzer.VirtualService')).toEqual([
      'IST0130 mesh.yaml:1 VirtualService rule #1 not used (route without matches defined before).',
    ]);
  });

  it('reports any other webhook warning as IST0133 SchemaWarning', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    outlierDetection: {consecutiveErrors: 3}
`;
    expect(analyze(text, 'schema.ValidationAnalyzer.DestinationRule')).toEqual([
      'IST0133 mesh.yaml:1 Schema validation warning: outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead',
    ]);
  });

  it('checks no annotation: ValidateConfig gets only the name and namespace, so istio.io/dry-run goes unseen', () => {
    const text = virtualService(route.replace('    ', '  - '), '  annotations: {istio.io/dry-run: "true"}\n');
    expect(analyze(text, 'schema.ValidationAnalyzer.VirtualService')).toEqual([]);
    expect(findings(text).map((f) => f.message)).toContain('shop/reviews has unsupported annotation istio.io/dry-run, please remove the annotation');
  });

  it('runs for every Istio kind the webhook validates, with its own analyzer name', () => {
    const text = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  portLevelMtls: {"8080": {mode: STRICT}}
`;
    expect(analyze(text, 'schema.ValidationAnalyzer.PeerAuthentication')).toEqual([
      'IST0106 mesh.yaml:1 Schema validation error: mesh/namespace peer authentication cannot have port level mTLS',
    ]);
    expect(analyze(text, 'schema.ValidationAnalyzer.VirtualService')).toEqual([]);
  });

  it('validates in the resource\'s namespace, the default one when the file gives none', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
spec:
  egress:
  - hosts: ["./*", "./*"]
`;
    expect(analyze(text, 'schema.ValidationAnalyzer.Sidecar')).toEqual(['IST0133 mesh.yaml:1 Schema validation warning: duplicated egress host: ./*']);
  });
});

describe('validateYaml and the schema analyzers', () => {
  it('leaves them out: the pipeline runs the same rules on each document', () => {
    expect(ALL_ANALYZERS.some((a) => a.name.startsWith('schema.'))).toBe(false);
  });

  it('reports a shadowed rule once, at the rule', () => {
    const text = virtualService(`  - match: [{uri: {prefix: /a}}]\n${route}  - match: [{uri: {prefix: /a}}]\n${route}`);
    expect(findings(text).filter((f) => f.code === 'IST0130' || f.code === 'IST0131')).toEqual([
      {at: '11:5', severity: 'warning', code: 'IST0130', message: 'VirtualService rule #1 not used (all matches used by prior rules).'},
      {at: '11:13', severity: 'info', code: 'IST0131', message: 'VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).'},
    ]);
  });
});
