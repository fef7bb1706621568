/**
 * Linkerd's webhook rules on any spec at all: the engine calls them only on resources the CRD
 * schema accepted, but a rule must answer (admit, or deny with a message) and never throw on
 * values the schema lets through loosely (preserved unknown fields, int-or-string, free text).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {linkerdAdmission, linkerdGatewayApiAdmission} from '../../../src/engine/families/linkerd/admission/index';

const FIELDS = ['targetRef', 'requiredAuthenticationRefs', 'identities', 'identityRefs', 'networks', 'cidr', 'except', 'port', 'proxyProtocol',
  'accessPolicy', 'podSelector', 'matchLabels', 'client', 'meshTLS', 'unauthenticated', 'unauthenticatedTLS', 'serviceAccounts', 'server', 'selector',
  'parentRefs', 'rules', 'matches', 'path', 'value', 'type', 'headers', 'queryParams', 'filters', 'requestRedirect', 'requestHeaderModifier',
  'responseHeaderModifier', 'replaceFullPath', 'replacePrefixMatch', 'statusCode', 'timeouts', 'request', 'backendRequest', 'backendRefs', 'kind',
  'group', 'name', 'namespace', 'method', 'total', 'identity', 'overrides', 'requestsPerSecond', 'clientRefs', 'add', 'set', 'remove'];
const VALUES = ['Service', 'EgressNetwork', 'policy.linkerd.io', 'core', '', 'RegularExpression', 'RequestRedirect', 'RequestHeaderModifier',
  '10.0.0.0/8', '::1', '/x', 'x', '1s', '-1s', '1d', '5xx', 'spiffe://a/b', '*', 'Namespace', 'ServiceAccount', 'Server', 'MeshTLSAuthentication'];

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({depthSize: 'small'}, fc.constantFrom(...VALUES), fc.integer({min: -70000, max: 5_000_000_000}), fc.boolean(), fc.constant(null),
    fc.array(tie('node'), {maxLength: 3}), fc.dictionary(fc.constantFrom(...FIELDS), tie('node'), {maxKeys: 4})),
})).node;

const annotations = fc.dictionary(fc.constantFrom('retry.linkerd.io/limit', 'retry.linkerd.io/http', 'retry.linkerd.io/grpc', 'retry.linkerd.io/timeout',
  'timeout.linkerd.io/request', 'timeout.linkerd.io/idle'), fc.string({maxLength: 8}), {maxKeys: 3});

describe("Linkerd's webhook rules never throw", () => {
  for (const [key, rule] of [...linkerdAdmission, ...linkerdGatewayApiAdmission]) {
    it(`on ${key}`, () => {
      const [group, kind] = key.split('/') as [string, string];
      fc.assert(fc.property(fc.dictionary(fc.constantFrom(...FIELDS), value, {maxKeys: 6}), annotations, (spec, notes) => {
        const findings = rule({apiVersion: `${group}/v1`, kind, metadata: {name: 'x', namespace: 'y', annotations: notes}, spec}, group, kind);
        expect(findings.length).toBeLessThanOrEqual(1);
      }), {numRuns: 400, seed: 12});
    });
  }
});
