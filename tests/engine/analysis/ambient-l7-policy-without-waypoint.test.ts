/**
 * ambient.L7PolicyWithoutWaypointAnalyzer: an AuthorizationPolicy with HTTP attributes that reaches
 * ambient workloads by selector goes to ztunnel, which drops the HTTP parts
 * (pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy, handleRule).
 */
import {describe, expect, it} from 'vitest';
import {ambientFindings, closed, deployment, doc, ns, policy, svc, waypoint} from '../support/ambient';

const AMBIENT = {'istio.io/dataplane-mode': 'ambient'};
const bySelector = (rules: string, action = 'ALLOW') => policy('reviews-get', 'default', `  selector:\n    matchLabels: {app: reviews}\n  action: ${action}\n  rules:\n${rules}`);
const cluster = (namespaceLabels: Record<string, string>, podLabels: Record<string, string> = {}) => [ns('default', namespaceLabels), deployment('reviews', 'default', podLabels)];

describe('an L7 AuthorizationPolicy selecting ambient workloads', () => {
  it('is reported at the selector, with istiod\'s HTTP attributes and what ztunnel makes of an ALLOW', () => {
    const text = doc(...cluster(AMBIENT), bySelector('  - to:\n    - operation: {methods: [GET], paths: ["/reviews/*"]}\n'));
    const [finding] = ambientFindings(text, closed);
    expect(finding).toEqual(expect.objectContaining({severity: 'warning', code: 'ambient-l7-policy-without-waypoint', document: 2, path: '/spec/selector'}));
    expect(finding?.message).toContain('reaches ambient workloads (default/reviews) through its selector, not targetRefs');
    expect(finding?.message).toContain('(found: methods, paths)');
    expect(finding?.message).toContain('never match');
  });

  it.each([
    ['requestPrincipals', '  - from:\n    - source: {requestPrincipals: ["*"]}\n'],
    ['remoteIpBlocks', '  - from:\n    - source: {remoteIpBlocks: [10.0.0.0/8]}\n'],
    ['request.headers[x-user]', '  - when:\n    - {key: "request.headers[x-user]", values: [alice]}\n'],
  ])('counts %s as HTTP, as istiod does', (attribute, rules) => {
    expect(ambientFindings(doc(...cluster(AMBIENT), bySelector(rules)), closed).map((f) => f.message)).toEqual([expect.stringContaining(`(found: ${attribute})`)]);
  });

  it('says a DENY is enforced without its HTTP attributes', () => {
    const text = doc(...cluster(AMBIENT), bySelector('  - to:\n    - operation: {paths: ["/admin"]}\n', 'DENY'));
    expect(ambientFindings(text, closed)[0]?.message).toContain('denies more than written');
  });

  it('reports a namespace-wide policy in an ambient namespace', () => {
    const text = doc(ns('default', AMBIENT), policy('ns-wide', 'default', '  rules:\n  - to:\n    - operation: {methods: [GET]}\n'));
    expect(ambientFindings(text, closed).map((f) => [f.path, f.message])).toEqual([['/metadata/name', expect.stringContaining('through no selector (namespace-wide)')]]);
  });
});

describe('not reported', () => {
  it.each([
    ['an L4-only policy (ports, principals, source.namespace)', doc(...cluster(AMBIENT), bySelector('  - from:\n    - source: {principals: [cluster.local/ns/default/sa/productpage]}\n    to:\n    - operation: {ports: ["9080"]}\n    when:\n    - {key: source.namespace, values: [default]}\n'))],
    ['a policy with targetRefs', doc(...cluster(AMBIENT), waypoint('waypoint', 'default'), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'}), policy('p', 'default', '  targetRefs:\n  - {kind: Service, group: "", name: reviews}\n  rules:\n  - to:\n    - operation: {methods: [GET]}\n'))],
    ['sidecar workloads (sidecar wins over ambient)', doc(...cluster({...AMBIENT, 'istio-injection': 'enabled'}), bySelector('  - to:\n    - operation: {methods: [GET]}\n'))],
    ['a workload opted out with dataplane-mode none', doc(...cluster(AMBIENT, {'istio.io/dataplane-mode': 'none'}), bySelector('  - to:\n    - operation: {methods: [GET]}\n'))],
    ['a namespace without ambient', doc(...cluster({}), bySelector('  - to:\n    - operation: {methods: [GET]}\n'))],
    ['a CUSTOM policy (ztunnel refuses the action altogether)', doc(...cluster(AMBIENT), bySelector('  - to:\n    - operation: {methods: [GET]}\n', 'CUSTOM'))],
  ])('for %s', (_case, text) => {
    expect(ambientFindings(text, closed)).toEqual([]);
  });

  it('reports a pod that opts into ambient itself in a namespace without the label', () => {
    const text = doc(...cluster({}, AMBIENT), bySelector('  - to:\n    - operation: {methods: [GET]}\n'));
    expect(ambientFindings(text, closed).map((f) => f.code)).toEqual(['ambient-l7-policy-without-waypoint']);
  });
});
