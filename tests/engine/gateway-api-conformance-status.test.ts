/**
 * Gateway API v1.5.1's conformance tests that assert status (kubernetes-sigs/gateway-api, tag v1.5.1,
 * conformance/tests/<test>.go over <test>.yaml), transcribed as cases of the engine's analysis: each case
 * applies the test's manifests over the suite's base (tests/engine/support/gateway-api-conformance.ts) in
 * a closed world, and lists the findings that stand for the conditions the test asserts False (or with a
 * reason other than the accepting one): on which resource, at which field, with which code and words.
 * Every other status finding (gateway-api-*) on any resource fails the case, so a condition the test
 * asserts True is one the engine must not report.
 *
 * The engine judges as istiod 1.30.3 writes status. The tests Istio 1.30.3 skips in its own conformance run
 * (tests/integration/pilot/gateway_conformance_test.go skippedTests; pilot/pkg/config/kube/gateway/
 * supported_features.go skippedExtendedFeatures) are transcribed in their own block: there the engine
 * follows istiod where it differs from the test, and each case says how.
 */
import {describe, expect, it} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {validateYaml} from '../../src/engine/index';
import {TEST_MANIFESTS, conformanceManifests} from './support/gateway-api-conformance';

const INFRA = 'gateway-conformance-infra';

/** A finding a case expects: `on` is `Kind namespace/name`, `at` the JSON pointer, `says` words of its message. */
interface Expected {on: string; code: string; at: string; says: string[]}

interface Case {
  /** conformance/tests/<test>.go (and its ShortName's subtest, where a file holds several). */
  test: string;
  /** the upstream YAML files applied (conformance/tests/<name>.yaml); the test's own by default. */
  manifests?: string[];
  /** what the upstream test asserts, in its words. */
  asserts: string;
  /** a change the test makes to the applied manifests before it asserts (the suite's address overlay, a Patch). */
  edit?: (text: string) => string;
  expected: Expected[];
}

const finding = (on: string, code: string, at: string, ...says: string[]): Expected => ({on, code, at, says});
const infra = (kind: string, name: string) => `${kind} ${INFRA}/${name}`;

/** Replace `from` (which must occur) by `to`. */
const replacing = (from: string, to: string) => (text: string) => {
  if (!text.includes(from)) throw new Error(`the manifests hold no ${JSON.stringify(from)}`);
  return text.replace(from, to);
};
const editing = (...edits: ((text: string) => string)[]) => (text: string) => edits.reduce((t, edit) => edit(t), text);

const keyOf = (resource: any) => `${resource?.kind} ${resource?.metadata?.namespace ?? ''}/${resource?.metadata?.name}`.replace(' /', ' ');

type Place = {on: string; at: string; code: string};
const byPlace = (a: Place, b: Place) => `${a.on} ${a.at} ${a.code}`.localeCompare(`${b.on} ${b.at} ${b.code}`);

/** The analysis of the test's manifests over the base: status findings (gateway-api-*) and any other error, per resource. */
function analyze(testCase: Case) {
  const manifests = testCase.manifests ?? [testCase.test];
  let text = conformanceManifests(...manifests);
  if (testCase.edit) text = testCase.edit(text);
  const resources = parseAllDocuments(text).map((document) => document.toJSON());
  const diagnostics = validateYaml(text, {closedWorld: true}).diagnostics.map((d) => ({
    on: keyOf(resources[d.document]), code: d.code, at: d.path ?? '', severity: d.severity, message: d.message,
  }));
  return {
    status: diagnostics.filter((d) => d.code.startsWith('gateway-api-')).sort(byPlace),
    otherErrors: diagnostics.filter((d) => d.severity === 'error' && !d.code.startsWith('gateway-api-')),
  };
}

function check(testCase: Case) {
  const {status, otherErrors} = analyze(testCase);
  expect(otherErrors).toEqual([]);
  const expected = [...testCase.expected].sort(byPlace);
  expect(status.map(({on, code, at}) => ({on, code, at}))).toEqual(expected.map(({on, code, at}) => ({on, code, at})));
  status.forEach((found, index) => {
    for (const words of expected[index].says) expect(found.message).toContain(words);
  });
}

const go = (test: string) => `conformance/tests/${test}.go`;

// The suite's address overlay as Istio fills it (gateway_conformance_test.go UsableNetworkAddresses,
// UnusableNetworkAddresses; conformance/utils/kubernetes/apply.go puts them in for the placeholders).
const istioAddresses = editing(
  replacing('  - value: PLACEHOLDER_UNUSABLE_ADDRS', '  - type: Hostname\n    value: foo'),
  replacing('  - value: PLACEHOLDER_USABLE_ADDRS', `  - type: Hostname\n    value: infra-backend-v1.${INFRA}.svc.cluster.local`),
);
const withoutInvalidAddress = replacing('  - type: test/fake-invalid-type\n    value: fake address teehee!\n', '');
const withoutUnusableAddress = replacing('  - type: Hostname\n    value: foo\n', '');

/** The https listener of both Gateways of gateway-modify-listeners.yaml. */
const MODIFIED_HTTPS_LISTENER = '  - name: https\n    port: 443\n    protocol: HTTPS\n    hostname: secure.test.com\n    allowedRoutes:\n      namespaces:\n        from: All\n' +
  '    tls:\n      certificateRefs:\n      - group: ""\n        kind: Secret\n        name: tls-validity-checks-certificate\n        namespace: gateway-conformance-infra\n';

const CASES: Case[] = [
  // Gateways and their listeners
  {
    test: 'gateway-invalid-route-kind',
    asserts: 'listener http of both Gateways: ResolvedRefs False, InvalidRouteKinds (one lists no supported kind, the other HTTPRoute)',
    expected: ['gateway-only-invalid-route-kind', 'gateway-supported-and-invalid-route-kind'].map((gateway) =>
      finding(infra('Gateway', gateway), 'gateway-api-listener-invalid', '/spec/listeners/0/allowedRoutes/kinds', 'Listener http', 'ResolvedRefs to False (InvalidRouteKinds')),
  },
  {
    test: 'gateway-invalid-tls-configuration',
    asserts: 'listener https of each Gateway: ResolvedRefs False, InvalidCertificateRef (a Secret that does not exist, another group, another kind, a malformed Secret)',
    expected: [
      ['gateway-certificate-nonexistent-secret', 'secret gateway-conformance-infra/nonexistent-certificate not found'],
      ['gateway-certificate-unsupported-group', 'only secret is allowed'],
      ['gateway-certificate-unsupported-kind', 'only secret is allowed'],
      ['gateway-certificate-malformed-secret', 'the certificate is malformed'],
    ].map(([gateway, why]) => finding(infra('Gateway', gateway), 'gateway-api-listener-invalid', '/spec/listeners/0/tls/certificateRefs/0',
      'Listener https', 'ResolvedRefs to False (InvalidCertificateRef', why)),
  },
  ...['gateway-secret-invalid-reference-grant', 'gateway-secret-missing-reference-grant'].map((test): Case => ({
    test,
    asserts: 'listener https: ResolvedRefs False, RefNotPermitted (its certificate is in gateway-conformance-web-backend, whose ReferenceGrant does not admit it)',
    expected: [finding(infra('Gateway', test), 'gateway-api-certificate-ref-not-permitted', '/spec/listeners/0/tls/certificateRefs/0/namespace',
      'Secret gateway-conformance-web-backend/certificate', 'listener "https"', 'RefNotPermitted')],
  })),
  ...['gateway-secret-reference-grant-all-in-namespace', 'gateway-secret-reference-grant-specific'].map((test): Case => ({
    test,
    asserts: 'listener https: Programmed True, ResolvedRefs True (a ReferenceGrant admits the certificate in gateway-conformance-web-backend)',
    expected: [],
  })),
  {
    test: 'gateway-with-attached-routes',
    asserts: 'GatewayWithAttachedRoutes: listener http Accepted and ResolvedRefs True with 1 and 2 attached routes; http-route-not-accepted Accepted False, ' +
      'NoMatchingListenerHostname; listener tls of the unresolved Gateway Programmed and ResolvedRefs False (its Secret does not exist), ' +
      'http-route-4 ResolvedRefs False (its backend does not exist)',
    expected: [
      finding(infra('HTTPRoute', 'http-route-not-accepted'), 'gateway-api-no-matching-listener-hostname', '/spec/hostnames',
        '[not-accepted.test.com]', 'gateway-with-two-attached-routes [foo.example.com]', 'NoMatchingListenerHostname'),
      finding(infra('Gateway', 'unresolved-gateway-with-one-attached-unresolved-route'), 'gateway-api-listener-invalid', '/spec/listeners/0/tls/certificateRefs/0',
        'Listener tls', 'ResolvedRefs to False', 'does-not-exist not found', 'Programmed to False'),
      finding(infra('HTTPRoute', 'http-route-4'), 'gateway-api-backend-not-found', '/spec/rules/0/backendRefs/0/name',
        `Service ${INFRA}/does-not-exist`, 'BackendNotFound'),
    ],
  },
  {
    test: 'gateway-with-attached-routes-with-port-8080',
    manifests: ['gateway-with-attached-routes-with-port-8080'],
    asserts: 'GatewayWithAttachedRoutesWithPort8080 (in gateway-with-attached-routes.go): listeners http-unattached and http Accepted and ResolvedRefs True',
    expected: [],
  },
  {
    test: 'gateway-modify-listeners',
    asserts: 'GatewayModifyListeners, as applied: both Gateways Accepted, their listeners Accepted and ResolvedRefs True',
    expected: [],
  },
  {
    test: 'gateway-modify-listeners',
    asserts: 'after the test adds listener http (port 80, hostname data.test.com, routes from All) to gateway-add-listener and removes https ' +
      'from gateway-remove-listener: every listener Accepted and ResolvedRefs True, one route attached to each',
    edit: editing(
      replacing(`  listeners:\n${MODIFIED_HTTPS_LISTENER}  - name: http\n`, '  listeners:\n  - name: http\n'),
      replacing(`${MODIFIED_HTTPS_LISTENER}---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: http-route-1\n`,
        `${MODIFIED_HTTPS_LISTENER}  - name: http\n    port: 80\n    protocol: HTTP\n    hostname: data.test.com\n    allowedRoutes:\n      namespaces:\n        from: All\n` +
        '---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: http-route-1\n'),
    ),
    expected: [],
  },
  {
    test: 'gateway-static-addresses',
    asserts: 'with an address of type test/fake-invalid-type among Istio\'s usable and unusable ones: Accepted False, UnsupportedAddress',
    edit: istioAddresses,
    expected: [finding(infra('Gateway', 'gateway-static-addresses'), 'gateway-api-gateway-not-programmed', '/spec/addresses/0/type',
      'Accepted to False (UnsupportedAddress', 'fake address teehee!')],
  },
  {
    test: 'gateway-static-addresses',
    asserts: 'once the test removes the invalid address: Accepted True, Programmed False, AddressNotUsable (the unusable address, Hostname "foo")',
    edit: editing(istioAddresses, withoutInvalidAddress),
    expected: [finding(infra('Gateway', 'gateway-static-addresses'), 'gateway-api-gateway-not-programmed', '/spec/addresses/0/value',
      'Programmed to False (AddressNotUsable', 'foo')],
  },
  {
    test: 'gateway-static-addresses',
    asserts: 'once the test removes the unusable address too: Accepted and Programmed True, listener http Accepted and ResolvedRefs True',
    edit: editing(istioAddresses, withoutInvalidAddress, withoutUnusableAddress),
    expected: [],
  },

  // HTTPRoutes and GRPCRoutes: Accepted and ResolvedRefs
  {
    test: 'httproute-disallowed-kind',
    asserts: 'route disallowed-kind on Gateway tlsroutes-only: Accepted False, NotAllowedByListeners; ResolvedRefs True',
    expected: [finding(infra('HTTPRoute', 'disallowed-kind'), 'gateway-api-route-not-allowed', '/spec/parentRefs/0/namespace',
      `Gateway ${INFRA}/tlsroutes-only`, 'admits kinds TLSRoute only', 'NotAllowedByListeners')],
  },
  {
    test: 'httproute-hostname-intersection',
    asserts: 'four routes whose hostnames meet a listener\'s Accepted; no-intersecting-hosts Accepted False, NoMatchingListenerHostname; ' +
      'httproute-hostname-intersection-all Accepted',
    expected: [finding(infra('HTTPRoute', 'no-intersecting-hosts'), 'gateway-api-no-matching-listener-hostname', '/spec/hostnames',
      '[specific.but.wrong.com wildcard.io]', '[very.specific.com *.wildcard.io *.anotherwildcard.io]', 'NoMatchingListenerHostname')],
  },
  {
    test: 'httproute-invalid-backendref-unknown-kind',
    asserts: 'Accepted True; ResolvedRefs False, InvalidKind (backendRef group unknownkind.example.com, kind NonExistent)',
    expected: [finding(infra('HTTPRoute', 'invalid-backend-ref-unknown-kind'), 'gateway-api-backend-invalid-kind', '/spec/rules/0/backendRefs/0/kind',
      'kind "NonExistent"', 'InvalidKind')],
  },
  ...[
    ['httproute-invalid-cross-namespace-backend-ref', 'invalid-cross-namespace-backend-ref', 'Service gateway-conformance-web-backend/web-backend'],
    ['httproute-invalid-reference-grant', 'reference-grant', 'Service gateway-conformance-web-backend/web-backend'],
    ['httproute-partially-invalid-via-invalid-reference-grant', 'invalid-reference-grant', 'Service gateway-conformance-app-backend/app-backend-v2'],
  ].map(([test, route, backend]): Case => ({
    test,
    asserts: 'Accepted True; ResolvedRefs False, RefNotPermitted (a backendRef to another namespace that no ReferenceGrant admits)',
    expected: [finding(infra('HTTPRoute', route), 'gateway-api-backend-ref-not-permitted', '/spec/rules/0/backendRefs/0/namespace',
      backend, 'lets a HTTPRoute of namespace "gateway-conformance-infra"', 'RefNotPermitted')],
  })),
  {
    test: 'httproute-invalid-cross-namespace-parent-ref',
    asserts: 'ResolvedRefs True; Accepted False, NotAllowedByListeners (Gateway same-namespace admits routes of its own namespace only)',
    expected: [finding('HTTPRoute gateway-conformance-web-backend/invalid-cross-namespace-parent-ref', 'gateway-api-route-not-allowed', '/spec/parentRefs/0/namespace',
      `Gateway ${INFRA}/same-namespace`, 'allowedRoutes.namespaces.from: Same', 'NotAllowedByListeners')],
  },
  {
    test: 'httproute-invalid-nonexistent-backendref',
    asserts: 'Accepted True; ResolvedRefs False, BackendNotFound',
    expected: [finding(infra('HTTPRoute', 'invalid-nonexistent-backend-ref'), 'gateway-api-backend-not-found', '/spec/rules/0/backendRefs/0/name',
      `Service ${INFRA}/nonexistent`, 'BackendNotFound')],
  },
  {
    test: 'httproute-invalid-parentref-not-matching-listener-port',
    asserts: 'ResolvedRefs True; Accepted False, NoMatchingParent (parentRef port 81, which no listener has)',
    expected: [finding(infra('HTTPRoute', 'httproute-listener-not-matching-route-port'), 'gateway-api-no-matching-listener', '/spec/parentRefs/0/port',
      'no listener on port 81', 'NoMatchingParent')],
  },
  {
    test: 'httproute-invalid-parentref-not-matching-section-name',
    asserts: 'Accepted False, NoMatchingParent (parentRef sectionName http1, which no listener has)',
    expected: [finding(infra('HTTPRoute', 'httproute-listener-not-matching-section-name'), 'gateway-api-no-matching-listener', '/spec/parentRefs/0/sectionName',
      'no listener named "http1"', 'NoMatchingParent')],
  },
  {
    test: 'httproute-invalid-parentref-section-name-not-matching-port',
    asserts: 'Accepted False, NoMatchingParent (listener http exists, on port 80, not the parentRef\'s 81)',
    expected: [finding(infra('HTTPRoute', 'httproute-listener-section-name-not-matching-port'), 'gateway-api-no-matching-listener', '/spec/parentRefs/0/port',
      'no listener named "http" on port 81', 'NoMatchingParent')],
  },
  {test: 'httproute-reference-grant', asserts: 'Accepted and ResolvedRefs True (a ReferenceGrant admits the backend in gateway-conformance-web-backend)', expected: []},
  {test: 'httproute-cross-namespace', asserts: 'route in gateway-conformance-web-backend on Gateway backend-namespaces (namespaces by selector): Accepted and ResolvedRefs True', expected: []},
  {test: 'httproute-listener-hostname-matching', asserts: 'routes backend-v1, backend-v2, backend-v3 on listeners of matching hostnames: Accepted and ResolvedRefs True', expected: []},
  {test: 'grpcroute-listener-hostname-matching', asserts: 'GRPCRoutes backend-v1, backend-v2, backend-v3 on listeners of matching hostnames: Accepted and ResolvedRefs True', expected: []},

  // ListenerSets (Istio claims the feature: supported_features.go skips only its conflict and ReferenceGrant tests, below)
  {
    test: 'listenerset-allowed-namespace-none',
    asserts: 'Gateway Accepted, 0 attached ListenerSets; listenerset-not-allowed Accepted and Programmed False, NotAllowed (allowedListeners from None)',
    expected: [finding(infra('ListenerSet', 'listenerset-not-allowed'), 'gateway-api-listener-set-not-allowed', '/spec/parentRef/name',
      'admits no ListenerSet (allowedListeners.namespaces.from: None)', 'Accepted and Programmed to False (NotAllowed')],
  },
  {
    test: 'listenerset-default-not-allowed',
    asserts: 'Gateway Accepted, 0 attached ListenerSets; listenerset-default-not-allowed Accepted and Programmed False, NotAllowed (no allowedListeners)',
    expected: [finding(infra('ListenerSet', 'listenerset-default-not-allowed'), 'gateway-api-listener-set-not-allowed', '/spec/parentRef/name',
      'admits no ListenerSet (allowedListeners.namespaces.from: None, the default)', 'NotAllowed')],
  },
  {
    test: 'listenerset-allowed-namespace-same',
    asserts: 'the ListenerSet of the Gateway\'s namespace Accepted and Programmed, its listener too; the one of another namespace Accepted and Programmed False, NotAllowed',
    expected: [finding('ListenerSet gateway-api-listenerset-not-allowed-ns/listenerset-in-different-namespace', 'gateway-api-listener-set-not-allowed', '/spec/parentRef/name',
      'admits ListenerSets from its own namespace only', 'NotAllowed')],
  },
  {
    test: 'listenerset-allowed-namespace-selector',
    asserts: 'the ListenerSet of a selected namespace Accepted and Programmed, its listener too; the one of a namespace not selected Accepted and Programmed False, NotAllowed',
    expected: [finding('ListenerSet gateway-api-listenerset-selector-not-allowed-ns/listenerset-not-in-selected-namespace', 'gateway-api-listener-set-not-allowed', '/spec/parentRef/name',
      'does not select namespace "gateway-api-listenerset-selector-not-allowed-ns"', 'NotAllowed')],
  },
  {
    test: 'listenerset-allowed-routes-supported-kinds',
    asserts: 'Gateway Accepted; the ListenerSet\'s listener that admits TLSRoute only on protocol HTTP: ResolvedRefs False, InvalidRouteKinds',
    expected: [finding(infra('ListenerSet', 'listenerset-test-allowed-routes-supported-kinds'), 'gateway-api-listener-set-listener-invalid', '/spec/listeners/0/allowedRoutes/kinds',
      'Listener listener-set-listener-allowed-routes-tls-only', 'ResolvedRefs to False (InvalidRouteKinds')],
  },
  {
    test: 'listenerset-allowed-routes-namespaces',
    asserts: 'routes of the same, a selected and another namespace Accepted on the ListenerSet (3, 1 and 1 attached to its listeners from All, Same, Selector)',
    expected: [],
  },

  // TLSRoutes
  {
    test: 'tlsroute-invalid-backendref-nonexistent',
    asserts: 'Accepted True; ResolvedRefs False, BackendNotFound',
    expected: [finding(infra('TLSRoute', 'invalid-backend-ref-nonexistent'), 'gateway-api-backend-not-found', '/spec/rules/0/backendRefs/0/name',
      `Service ${INFRA}/nonexistent`, 'BackendNotFound')],
  },
  {
    test: 'tlsroute-invalid-backendref-unknown-kind',
    asserts: 'Accepted True; ResolvedRefs False, InvalidKind',
    expected: [finding(infra('TLSRoute', 'invalid-backend-ref-unknown-kind'), 'gateway-api-backend-invalid-kind', '/spec/rules/0/backendRefs/0/kind',
      'kind "NonExistent"', 'InvalidKind')],
  },
  {
    test: 'tlsroute-invalid-no-matching-listener',
    asserts: 'TLSRoutes on an HTTP-only and an HTTPS-only Gateway: Accepted False, NotAllowedByListeners; one naming a sectionName no listener has: ' +
      'Accepted False, NoMatchingParent',
    expected: [
      finding(infra('TLSRoute', 'tlsroute-not-allowed-protocol-http'), 'gateway-api-route-not-allowed', '/spec/parentRefs/0/name',
        'listener "http" (protocol HTTP) carries HTTPRoute and GRPCRoute, not TLSRoute', 'NotAllowedByListeners'),
      finding(infra('TLSRoute', 'tlsroute-not-allowed-protocol-https'), 'gateway-api-route-not-allowed', '/spec/parentRefs/0/name',
        'listener "https" (protocol HTTPS) carries HTTPRoute and GRPCRoute, not TLSRoute', 'NotAllowedByListeners'),
      finding(infra('TLSRoute', 'tlsroute-no-matching-section-name'), 'gateway-api-no-matching-listener', '/spec/parentRefs/0/sectionName',
        'no listener named "nonexistent-listener"', 'NoMatchingParent'),
    ],
  },
  {
    test: 'tlsroute-invalid-no-matching-listener-hostname',
    asserts: 'both TLSRoutes Accepted False, NoMatchingListenerHostname (an exact and a wildcard listener hostname)',
    expected: [
      finding(infra('TLSRoute', 'tlsroute-hostname-mismatch-1'), 'gateway-api-no-matching-listener-hostname', '/spec/hostnames',
        '[www.nomatch.com *.nomatch.com]', 'gateway-tls-exact-hostname [www.example.com]', 'NoMatchingListenerHostname'),
      finding(infra('TLSRoute', 'tlsroute-hostname-mismatch-2'), 'gateway-api-no-matching-listener-hostname', '/spec/hostnames',
        '[www.different.com *.different.com]', 'gateway-tls-wildcard-hostname [*.example.com]', 'NoMatchingListenerHostname'),
    ],
  },
  {
    test: 'tlsroute-invalid-reference-grant',
    asserts: 'Accepted True; ResolvedRefs False, RefNotPermitted (the ReferenceGrant in gateway-conformance-app-backend does not admit this backend)',
    expected: [finding(infra('TLSRoute', 'gateway-conformance-infra-test'), 'gateway-api-backend-ref-not-permitted', '/spec/rules/0/backendRefs/0/namespace',
      'Service gateway-conformance-app-backend/tls-backend', 'lets a TLSRoute of namespace "gateway-conformance-infra"', 'RefNotPermitted')],
  },
  {
    test: 'tlsroute-listener-passthrough-supported-kinds',
    asserts: 'listener tls-passthrough admitting TCPRoute and TLSRoute: ResolvedRefs False, InvalidRouteKinds, TLSRoute alone in supportedKinds',
    expected: [finding(infra('Gateway', 'gateway-tlsroute-passthrough-supported-kind'), 'gateway-api-listener-invalid', '/spec/listeners/0/allowedRoutes/kinds',
      'Listener tls-passthrough', 'ResolvedRefs to False (InvalidRouteKinds')],
  },
  {test: 'tlsroute-listener-terminate-supported-kinds', asserts: 'listener tls-terminate (protocol TLS, mode Terminate): Accepted True, TLSRoute in supportedKinds', expected: []},
  {test: 'tlsroute-hostname-intersection', asserts: 'every TLSRoute Accepted on the Gateway whose listener hostname meets its own, ResolvedRefs True', expected: []},

  // BackendTLSPolicies: Accepted and ResolvedRefs on each ancestor
  {
    test: 'backendtlspolicy-invalid-ca-certificate-ref',
    asserts: 'both policies: Accepted False, NoValidCACertificate; ResolvedRefs False, InvalidCACertificateRef (a ConfigMap that does not exist, one without ca.crt)',
    expected: [
      finding(infra('BackendTLSPolicy', 'nonexistent-ca-certificate-ref'), 'gateway-api-backend-tls-policy-not-accepted', '/spec/validation/caCertificateRefs/0/name',
        'ResolvedRefs to False (InvalidCACertificateRef', `${INFRA}/nonexistent-ca-certificate (of kind ConfigMap) not found`, 'Accepted to False (NoValidCACertificate'),
      finding(infra('BackendTLSPolicy', 'malformed-ca-certificate-ref'), 'gateway-api-backend-tls-policy-not-accepted', '/spec/validation/caCertificateRefs/0/name',
        'ResolvedRefs to False (InvalidCACertificateRef', 'didn\'t have expected keys cacert or ca.crt', 'Accepted to False (NoValidCACertificate'),
    ],
  },
  {
    test: 'backendtlspolicy-invalid-kind',
    asserts: 'Accepted False, NoValidCACertificate; ResolvedRefs False, InvalidKind (caCertificateRef of group invalid.io, kind InvalidKind)',
    expected: [finding(infra('BackendTLSPolicy', 'invalid-kind'), 'gateway-api-backend-tls-policy-not-accepted', '/spec/validation/caCertificateRefs/0/kind',
      'ResolvedRefs to False (InvalidKind', 'unsupported kind InvalidKind', 'Accepted to False (NoValidCACertificate')],
  },
  {
    test: 'backendtlspolicy-conflict-resolution',
    asserts: 'of two policies on one Service, or on one sectionName of it, the first by name Accepted, the second Accepted False, Conflicted; ' +
      'one on a sectionName and one on the whole Service both Accepted',
    expected: [
      finding(infra('BackendTLSPolicy', 'conflicted-without-section-name-2'), 'gateway-api-backend-tls-policy-not-accepted', '/spec/targetRefs/0/name',
        'Accepted to False (Conflicted: Conflicts with BackendTLSPolicy "conflicted-without-section-name-1" targeting the same backend)'),
      finding(infra('BackendTLSPolicy', 'conflicted-with-section-name-2'), 'gateway-api-backend-tls-policy-not-accepted', '/spec/targetRefs/0/name',
        'Accepted to False (Conflicted: Conflicts with BackendTLSPolicy "conflicted-with-section-name-1" targeting the same backend)'),
    ],
  },
  {test: 'backendtlspolicy', asserts: 'BackendTLSPolicy normative-test Accepted and ResolvedRefs True (its CA ConfigMap and Service port btls exist); the routes ResolvedRefs True', expected: []},
  {test: 'backendtlspolicy-san', asserts: 'policies san-dns, san-dns-mismatch, san-uri, san-uri-mismatch Accepted (a SAN mismatch fails the request, not the policy)', expected: []},
];

/**
 * Traffic tests whose first assertion is status (GatewayAndHTTPRoutesMustBeAccepted, RoutesAndParentMustBeAccepted,
 * GatewayAndTLSRoutesMustBeAccepted, HTTPRouteMustHaveResolvedRefsConditionsTrue): each route Accepted on the listeners it names,
 * ResolvedRefs True, the Gateway Programmed. The ones kept here attach across ports, hostnames, ListenerSets, TLS modes and
 * Service types, where a status analysis could go wrong.
 */
const ACCEPTED: Case[] = [
  {test: 'httproute-listener-port-matching', asserts: 'routes on listeners of ports 80, 8080 and 8090 (by sectionName or port): Accepted, ResolvedRefs True'},
  {test: 'gateway-http-listener-isolation', manifests: ['gateway-http-listener-isolation', 'gateway-http-listener-isolation-with-hostname-intersection'],
    asserts: 'routes on listeners of nested wildcard hostnames, with and without intersecting route hostnames: Accepted, ResolvedRefs True'},
  {test: 'listenerset-http-routing', asserts: 'routes on the Gateway\'s listener and on two ListenerSets\' listeners: Accepted'},
  {test: 'httproute-https-listener', asserts: 'routes with and without hostnames on Gateway same-namespace-with-https-listener: Accepted, ResolvedRefs True'},
  {test: 'httproute-service-types', asserts: 'one route to ClusterIP, headless and manual-endpoint Services: Accepted, ResolvedRefs True'},
  {test: 'httproute-backend-protocol-h2c', asserts: 'a route to a Service port of appProtocol kubernetes.io/h2c: Accepted, ResolvedRefs True'},
  {test: 'httproute-backend-protocol-websocket', asserts: 'a route to a Service port of appProtocol kubernetes.io/ws: Accepted, ResolvedRefs True'},
  {test: 'tlsroute-simple-same-namespace', asserts: 'a TLSRoute on a Passthrough listener: Accepted, ResolvedRefs True'},
  {test: 'tlsroute-terminate-simple-same-namespace', asserts: 'a TLSRoute on a Terminate listener: Accepted, ResolvedRefs True'},
  {test: 'tlsroute-mixed-termination-same-namespace', asserts: 'TLSRoutes on a Passthrough and a Terminate listener of one Gateway: Accepted'},
].map((testCase) => ({...testCase, expected: []}));

/** The tests Istio 1.30.3 skips (gateway_conformance_test.go skippedTests): the engine says what istiod does. */
const ISTIO_SKIPS: (Case & {istiod: string})[] = [
  {
    test: 'gateway-invalid-default-frontend-client-certificate-validation',
    asserts: 'listener http all True; listener https ResolvedRefs False, InvalidCACertificateRef; Accepted False, NoValidCACertificate; Programmed False',
    istiod: 'buildTLS refuses the default frontend validation\'s missing CA ConfigMap as InvalidCertificateRef, and sets Programmed False; Accepted stays True',
    expected: [finding(infra('Gateway', 'invalid-default-client-validation-config'), 'gateway-api-listener-invalid', '/spec/tls/frontend/default/validation/caCertificateRefs/0',
      'Listener https', 'ResolvedRefs to False (InvalidCertificateRef: invalid CA certificate reference', 'does-not-exist not found', 'Programmed to False')],
  },
  {
    test: 'gateway-with-invalid-clientcertificate-validation',
    asserts: 'listener https all True; https-unresolved ResolvedRefs False, InvalidCACertificateRef; https-invalid-kind ResolvedRefs False, InvalidCACertificateKind; ' +
      'https-grant-missing ResolvedRefs False, RefNotPermitted; each of these three Accepted False, NoValidCACertificate, and Programmed False',
    istiod: 'the same three listeners fail, with istiod\'s reasons: InvalidCertificateRef for a missing ConfigMap and for a kind other than Secret and ConfigMap, ' +
      'RefNotPermitted; Programmed False, Accepted True',
    expected: [
      finding(infra('Gateway', 'gateway-with-invalid-client-cert-validation'), 'gateway-api-listener-invalid', '/spec/tls/frontend/perPort/0/tls/validation/caCertificateRefs/0',
        'Listener https-unresolved', 'InvalidCertificateRef', 'non-exisitng-cm not found'),
      finding(infra('Gateway', 'gateway-with-invalid-client-cert-validation'), 'gateway-api-listener-invalid', '/spec/tls/frontend/perPort/1/tls/validation/caCertificateRefs/0',
        'Listener https-invalid-kind', 'InvalidCertificateRef', 'only secret and configmap are allowed'),
      finding(infra('Gateway', 'gateway-with-invalid-client-cert-validation'), 'gateway-api-listener-invalid', '/spec/tls/frontend/perPort/2/tls/validation/caCertificateRefs/0/namespace',
        'Listener https-grant-missing', 'RefNotPermitted'),
      // The test's HTTPRoute names Gateway client-validation-invalid, which its manifests do not hold; the test asserts nothing of it.
      finding(infra('HTTPRoute', 'misconfigured-client-certificate-validation-https-test'), 'gateway-api-parent-not-found', '/spec/parentRefs/0/name',
        `Gateway ${INFRA}/client-validation-invalid`),
    ],
  },
  {
    test: 'gateway-invalid-tls-backend-configuration',
    asserts: 'each Gateway: ResolvedRefs False, InvalidClientCertificateRef (spec.tls.backend.clientCertificateRef to a missing Secret, another group, ' +
      'another kind, a malformed Secret) or RefNotPermitted (another namespace without a ReferenceGrant); Accepted True',
    istiod: 'istiod 1.30.3 does not read spec.tls.backend (GatewayBackendClientCertificateFeature is skipped): no condition, so no finding',
    expected: [],
  },
  {
    test: 'listenerset-hostname-conflict',
    asserts: 'the later of two listeners on one port and hostname: Accepted and Programmed False, Conflicted True, HostnameConflict; its ListenerSet, if it has no other valid listener, ListenersNotValid',
    istiod: 'istiod 1.30.3\'s buildListener sets Conflicted False (NoConflicts) always: every listener is Accepted, so no finding',
    expected: [],
  },
  {
    test: 'listenerset-protocol-conflict',
    asserts: 'the later of two listeners on one port with different protocols: Accepted and Programmed False, Conflicted True, ProtocolConflict; its ListenerSet, if it has no other valid listener, ListenersNotValid',
    istiod: 'as for hostnames, istiod 1.30.3 detects no conflict (with PILOT_ENABLE_ALPHA_GATEWAY_API=true the TCP listeners are served): no finding',
    expected: [],
  },
  {
    test: 'listenerset-reference-grant',
    asserts: 'the ListenerSet with a ReferenceGrant for its certificate Accepted, its listener ResolvedRefs True; the one without: its listener ResolvedRefs False, ' +
      'RefNotPermitted, the ListenerSet Accepted and Programmed False, ListenersNotValid',
    istiod: 'the listener without a ReferenceGrant: ResolvedRefs False, RefNotPermitted, Programmed False; istiod keeps the ListenerSet Accepted',
    expected: [finding('ListenerSet gateway-api-listener-sets-test-reference-grant-ns/listenerset-without-reference-grant', 'gateway-api-listener-set-listener-invalid',
      '/spec/listeners/0/tls/certificateRefs/0/namespace', 'Listener listenerset-without-reference-grant-listener', 'ResolvedRefs to False (RefNotPermitted')],
  },
];

describe('Gateway API v1.5.1 conformance: status, as the engine reports it', () => {
  it('the suite\'s base alone (conformance/base/manifests.yaml, the Secrets and ConfigMaps of suite.go Setup) has no status finding', () => {
    const {status, otherErrors} = analyze({test: 'base', manifests: [], asserts: 'the base Gateways Accepted and Programmed', expected: []});
    expect(status).toEqual([]);
    expect(otherErrors).toEqual([]);
  });

  it.each(CASES.map((testCase) => [`${go(testCase.test)}: ${testCase.asserts}`, testCase] as const))('%s', (_name, testCase) => check(testCase));
});

describe('Gateway API v1.5.1 conformance: the status traffic tests assert first', () => {
  it.each(ACCEPTED.map((testCase) => [`${go(testCase.test)}: ${testCase.asserts}`, testCase] as const))('%s', (_name, testCase) => check(testCase));
});

describe('conformance tests Istio 1.30.3 skips (tests/integration/pilot/gateway_conformance_test.go skippedTests): the engine follows istiod', () => {
  it.each(ISTIO_SKIPS.map((testCase) => [`${go(testCase.test)}: the test asserts ${testCase.asserts}; istiod: ${testCase.istiod}`, testCase] as const))(
    '%s', (_name, testCase) => check(testCase));
});

it('every transcribed upstream manifest is used by a case', () => {
  const used = new Set([...CASES, ...ACCEPTED, ...ISTIO_SKIPS].flatMap((testCase) => testCase.manifests ?? [testCase.test]));
  expect(Object.keys(TEST_MANIFESTS).filter((name) => !used.has(name))).toEqual([]);
});
