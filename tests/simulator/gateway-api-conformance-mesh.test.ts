/**
 * Gateway API's conformance suite, mesh (GAMMA) tests (kubernetes-sigs/gateway-api v1.5.1,
 * conformance/tests/mesh/*.go with the `.yaml` beside each): every request a test sends from the
 * client pod `app=echo,version=v1` and the answer it expects, routed by the simulator as Istio's
 * sidecar and as Linkerd's proxy route it. A test using what Linkerd's policy controller refuses
 * to convert (`linkerd`: its reason) is checked the other way: the route never reaches the proxy,
 * which balances over the Service `echo`.
 */
import {describe, expect, it} from 'vitest';
import {
  answers, conformanceDecision, describeConformance, expectResponse, MESH, meshBase, meshRoute, oneBackend, pathMatch, routeHeader, type ConformanceTest,
} from './gateway-api-conformance-support';

const MESH_TESTS: ConformanceTest[] = [
  {test: 'MeshHTTPRouteMatching', source: 'conformance/tests/mesh/httproute-matching.go', namespace: MESH, manifests: `
${meshRoute('mesh-matching', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/')}
    - headers:
      - name: version
        value: one
${oneBackend('echo-v1')}
${pathMatch('PathPrefix', '/v2')}
    - headers:
      - name: version
        value: two
${oneBackend('echo-v2')}
`, cases: [
    {request: {path: '/'}, backend: 'echo-v1'},
    {request: {path: '/example'}, backend: 'echo-v1'},
    {request: {path: '/', headers: {Version: 'one'}}, backend: 'echo-v1'},
    {request: {path: '/v2'}, backend: 'echo-v2'},
    {request: {path: '/v2/example'}, backend: 'echo-v2'},
    {request: {path: '/', headers: {Version: 'two'}}, backend: 'echo-v2'},
    {request: {path: '/v2/'}, backend: 'echo-v2'},
    {request: {path: '/v2example'}, backend: 'echo-v1'},
    {request: {path: '/foo/v2/example'}, backend: 'echo-v1'},
  ]},
  {test: 'MeshHTTPRouteQueryParamMatching', source: 'conformance/tests/mesh/httproute-query-param-matching.go', namespace: MESH, manifests: `
${meshRoute('mesh-query-param-matching', 'echo', 80)}  rules:
  - matches:
    - queryParams:
      - name: animal
        value: whale
${oneBackend('echo-v1')}
  - matches:
    - queryParams:
      - name: animal
        value: dolphin
${oneBackend('echo-v2')}

  # Combinations with core match types.
${pathMatch('PathPrefix', '/path1')}
      queryParams:
      - name: animal
        value: whale
${oneBackend('echo-v1')}
  - matches:
    - headers:
      - name: version
        value: one
      queryParams:
      - name: animal
        value: whale
${oneBackend('echo-v2')}

  # Match of the form (cond1 AND cond2) OR (cond3 AND cond4 AND cond5)
${pathMatch('PathPrefix', '/path3')}
      queryParams:
      - name: animal
        value: shark
    - path:
        type: PathPrefix
        value: /path4
      headers:
      - name: version
        value: three
      queryParams:
      - name: animal
        value: kraken
${oneBackend('echo-v1')}

  # Matches for checking precedence.
${pathMatch('PathPrefix', '/path5')}
${oneBackend('echo-v1')}
  - matches:
    - queryParams:
      - name: animal
        value: hydra
${oneBackend('echo-v2')}
`, cases: [
    {request: {path: '/?animal=whale'}, backend: 'echo-v1'},
    {request: {path: '/?animal=dolphin'}, backend: 'echo-v2'},
    {request: {path: '/?animal=whale&otherparam=irrelevant'}, backend: 'echo-v1'},
    {request: {path: '/?animal=dolphin&color=yellow'}, backend: 'echo-v2'},
    {request: {path: '/?color=blue'}, status: 404},
    {request: {path: '/?animal=dog'}, status: 404},
    {request: {path: '/?animal=whaledolphin'}, status: 404},
    {request: {path: '/'}, status: 404},
    {request: {path: '/path1?animal=whale'}, backend: 'echo-v1'},
    {request: {headers: {version: 'one'}, path: '/?animal=whale'}, backend: 'echo-v2'},
    {request: {path: '/path3?animal=shark'}, backend: 'echo-v1'},
    {request: {headers: {version: 'three'}, path: '/path4?animal=kraken'}, backend: 'echo-v1'},
    {request: {path: '/?animal=shark'}, status: 404},
    {request: {path: '/path4?animal=kraken'}, status: 404},
    {request: {path: '/path5?animal=hydra'}, backend: 'echo-v1'},
  ]},
  {test: 'MeshHTTPRoute303Redirect', source: 'conformance/tests/mesh/httproute-303-redirect.go', namespace: MESH, manifests: `
${meshRoute('mesh-303-redirect', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/redirect')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 303
`, cases: [
    {request: {path: '/redirect'}, status: 303, redirect: {path: '/redirect'}},
  ]},
  {test: 'MeshHTTPRoute307Redirect', source: 'conformance/tests/mesh/httproute-307-redirect.go', namespace: MESH, manifests: `
${meshRoute('mesh-307-redirect', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/temporary')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 307
`, cases: [
    {request: {path: '/temporary'}, status: 307, redirect: {path: '/temporary'}},
  ]},
  {test: 'MeshHTTPRoute308Redirect', source: 'conformance/tests/mesh/httproute-308-redirect.go', namespace: MESH, manifests: `
${meshRoute('mesh-308-redirect', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/permanent')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 308
`, cases: [
    {request: {path: '/permanent'}, status: 308, redirect: {path: '/permanent'}},
  ]},
  {test: 'MeshHTTPRouteRedirectHostAndStatus', source: 'conformance/tests/mesh/httproute-redirect-host-and-status.go', namespace: MESH, manifests: `
${meshRoute('mesh-redirect-host-and-status', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/hostname-redirect')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
${pathMatch('PathPrefix', '/host-and-status')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 301
        hostname: example.org
`, cases: [
    {request: {host: 'echo', path: '/hostname-redirect'}, status: 302, redirect: {host: 'example.org'}},
    {request: {host: 'echo', path: '/host-and-status'}, status: 301, redirect: {host: 'example.org'}},
  ]},
  {test: 'MeshHTTPRouteRedirectPath', source: 'conformance/tests/mesh/httproute-redirect-path.go', namespace: MESH, manifests: `
${meshRoute('mesh-redirect-path', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/original-prefix')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /replacement-prefix
${pathMatch('PathPrefix', '/full')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplaceFullPath
          replaceFullPath: /full-path-replacement
${pathMatch('PathPrefix', '/path-and-host')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /replacement-prefix
${pathMatch('PathPrefix', '/path-and-status')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /replacement-prefix
        statusCode: 301
${pathMatch('PathPrefix', '/full-path-and-host')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        path:
          type: ReplaceFullPath
          replaceFullPath: /replacement-full
${pathMatch('PathPrefix', '/full-path-and-status')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplaceFullPath
          replaceFullPath: /replacement-full
        statusCode: 301
`, cases: [
    {request: {host: 'echo', path: '/original-prefix/lemon'}, status: 302, redirect: {path: '/replacement-prefix/lemon'}},
    {request: {host: 'echo', path: '/full/path/original'}, status: 302, redirect: {path: '/full-path-replacement'}},
    {request: {host: 'echo', path: '/path-and-host'}, status: 302, redirect: {host: 'example.org', path: '/replacement-prefix'}},
    {request: {host: 'echo', path: '/path-and-status'}, status: 301, redirect: {path: '/replacement-prefix'}},
    {request: {host: 'echo', path: '/full-path-and-host'}, status: 302, redirect: {host: 'example.org', path: '/replacement-full'}},
    {request: {host: 'echo', path: '/full-path-and-status'}, status: 301, redirect: {path: '/replacement-full'}},
  ]},
  {test: 'MeshHTTPRouteRedirectPort', source: 'conformance/tests/mesh/httproute-redirect-port.go', namespace: MESH, manifests: `
${meshRoute('mesh-redirect-port', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/port')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8083
${pathMatch('PathPrefix', '/port-and-host')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        port: 8083
${pathMatch('PathPrefix', '/port-and-status')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8083
        statusCode: 301
${pathMatch('PathPrefix', '/port-and-host-and-status')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8083
        hostname: example.org
        statusCode: 302
`, cases: [
    {request: {host: 'echo', path: '/port'}, status: 302, redirect: {port: '8083'}},
    {request: {host: 'echo', path: '/port-and-host'}, status: 302, redirect: {host: 'example.org', port: '8083'}},
    {request: {host: 'echo', path: '/port-and-status'}, status: 301, redirect: {port: '8083'}},
    {request: {host: 'echo', path: '/port-and-host-and-status'}, status: 302, redirect: {port: '8083', host: 'example.org'}},
  ]},
  {test: 'MeshHTTPRouteSchemeRedirect', source: 'conformance/tests/mesh/httproute-redirect-scheme.go', namespace: MESH, manifests: `
${meshRoute('mesh-redirect-scheme', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/scheme')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
${pathMatch('PathPrefix', '/scheme-and-host')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        scheme: "https"
${pathMatch('PathPrefix', '/scheme-and-status')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        statusCode: 301
${pathMatch('PathPrefix', '/scheme-and-host-and-status')}
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        statusCode: 302
        hostname: example.org
`, cases: [
    {request: {host: 'echo', path: '/scheme'}, status: 302, redirect: {scheme: 'https'}},
    {request: {host: 'echo', path: '/scheme-and-host'}, status: 302, redirect: {host: 'example.org', scheme: 'https'}},
    {request: {host: 'echo', path: '/scheme-and-status'}, status: 301, redirect: {scheme: 'https'}},
    {request: {host: 'echo', path: '/scheme-and-host-and-status'}, status: 302, redirect: {scheme: 'https', host: 'example.org'}},
  ]},
  {test: 'MeshHTTPRouteBackendRequestHeaderModifier', source: 'conformance/tests/mesh/httproute-request-header-modifier.go', namespace: MESH, manifests: `
${meshRoute('mesh-request-header-modifier', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/set')}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: X-Header-Set
          value: set-overwrites-values
${oneBackend('echo-v1')}
${pathMatch('PathPrefix', '/add')}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        add:
        - name: X-Header-Add
          value: add-appends-values
${oneBackend('echo-v1')}
${pathMatch('PathPrefix', '/remove')}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        remove:
        - X-Header-Remove
${oneBackend('echo-v1')}
${pathMatch('PathPrefix', '/multiple')}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: X-Header-Set-1
          value: header-set-1
        - name: X-Header-Set-2
          value: header-set-2
        add:
        - name: X-Header-Add-1
          value: header-add-1
        - name: X-Header-Add-2
          value: header-add-2
        - name: X-Header-Add-3
          value: header-add-3
        remove:
        - X-Header-Remove-1
        - X-Header-Remove-2
${oneBackend('echo-v1')}
${pathMatch('PathPrefix', '/case-insensitivity')}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: X-Header-Set
          value: header-set
        add:
        - name: X-Header-Add
          value: header-add
        remove:
        - X-Header-Remove
${oneBackend('echo-v1')}
`, cases: [
    {request: {path: '/set', headers: {"Some-Other-Header": 'val'}}, backendSaw: {path: '/set', headers: {"Some-Other-Header": 'val', "X-Header-Set": 'set-overwrites-values'}}, backend: 'echo-v1'},
    {request: {path: '/set', headers: {"Some-Other-Header": 'val', "X-Header-Set": 'some-other-value'}}, backendSaw: {path: '/set', headers: {"Some-Other-Header": 'val', "X-Header-Set": 'set-overwrites-values'}}, backend: 'echo-v1'},
    {request: {path: '/add', headers: {"Some-Other-Header": 'val'}}, backendSaw: {path: '/add', headers: {"Some-Other-Header": 'val', "X-Header-Add": 'add-appends-values'}}, backend: 'echo-v1'},
    {request: {path: '/add', headers: {"Some-Other-Header": 'val', "X-Header-Add": 'some-other-value'}}, backendSaw: {path: '/add', headers: {"Some-Other-Header": 'val', "X-Header-Add": 'some-other-value,add-appends-values'}}, backend: 'echo-v1'},
    {request: {path: '/remove', headers: {"X-Header-Remove": 'val'}}, backendSaw: {path: '/remove', absentHeaders: ['X-Header-Remove']}, backend: 'echo-v1'},
    {request: {path: '/multiple', headers: {"X-Header-Set-2": 'set-val-2', "X-Header-Add-2": 'add-val-2', "X-Header-Remove-2": 'remove-val-2', "Another-Header": 'another-header-val'}}, backendSaw: {path: '/multiple', headers: {"X-Header-Set-1": 'header-set-1', "X-Header-Set-2": 'header-set-2', "X-Header-Add-1": 'header-add-1', "X-Header-Add-2": 'add-val-2,header-add-2', "X-Header-Add-3": 'header-add-3', "Another-Header": 'another-header-val'}, absentHeaders: ['X-Header-Remove-1', 'X-Header-Remove-2']}, backend: 'echo-v1'},
    {request: {path: '/case-insensitivity', headers: {"x-header-set": 'original-val-set', "x-header-add": 'original-val-add', "x-header-remove": 'original-val-remove', "Another-Header": 'another-header-val'}}, backendSaw: {path: '/case-insensitivity', headers: {"X-Header-Set": 'header-set', "X-Header-Add": 'original-val-add,header-add', "Another-Header": 'another-header-val'}, absentHeaders: ['x-header-remove', 'X-Header-Remove']}, backend: 'echo-v1'},
  ]},
  {test: 'MeshHTTPRouteRewritePath', source: 'conformance/tests/mesh/httproute-rewrite-path.go', namespace: 'gateway-conformance-mesh',
    // linkerd2 version-2.20 policy-controller/k8s/index/src/outbound/index/http.rs convert_filter
    linkerd: 'URLRewrite filter is not supported', manifests: `
${meshRoute('mesh-rewrite-path', 'echo', 80)}  rules:
${pathMatch('PathPrefix', '/prefix/one')}
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /one
${oneBackend('echo-v1', 80)}
${pathMatch('PathPrefix', '/strip-prefix')}
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /
${oneBackend('echo-v1', 80)}
${pathMatch('PathPrefix', '/full/one')}
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplaceFullPath
          replaceFullPath: /one
${oneBackend('echo-v1', 80)}
${pathMatch('PathPrefix', '/full/rewrite-path-and-modify-headers')}
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplaceFullPath
          replaceFullPath: /test
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: X-Header-Set
          value: set-overwrites-values
        add:
        - name: X-Header-Add
          value: header-val-1
        - name: X-Header-Add-Append
          value: header-val-2
        remove:
        - X-Header-Remove
${oneBackend('echo-v1', 80)}
${pathMatch('PathPrefix', '/prefix/rewrite-path-and-modify-headers')}
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /prefix
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: X-Header-Set
          value: set-overwrites-values
        add:
        - name: X-Header-Add
          value: header-val-1
        - name: X-Header-Add-Append
          value: header-val-2
        remove:
        - X-Header-Remove
${oneBackend('echo-v1', 80)}
`, cases: [
    {request: {path: '/prefix/one/two', host: 'echo'}, backendSaw: {path: '/one/two'}, backend: 'echo-v1'},
    {request: {path: '/strip-prefix/three', host: 'echo'}, backendSaw: {path: '/three'}, backend: 'echo-v1'},
    {request: {path: '/strip-prefix', host: 'echo'}, backendSaw: {path: '/'}, backend: 'echo-v1'},
    {request: {path: '/full/one/two', host: 'echo'}, backendSaw: {path: '/one'}, backend: 'echo-v1'},
    {request: {host: 'echo', path: '/full/rewrite-path-and-modify-headers/test', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1', "X-Header-Set": 'set-val'}}, backendSaw: {path: '/test', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'echo-v1'},
    {request: {host: 'echo', path: '/prefix/rewrite-path-and-modify-headers/one', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1', "X-Header-Set": 'set-val'}}, backendSaw: {path: '/prefix/one', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'echo-v1'},
  ]},
  {test: 'MeshHTTPRouteNamedRule', source: 'conformance/tests/mesh/httproute-named-rule.go', namespace: MESH, manifests: `
${meshRoute('mesh-http-named-rules', 'echo', 80)}  rules:
  - name: named-rule
    matches:
    - path:
        type: PathPrefix
        value: /named
${oneBackend('echo-v1')}
${pathMatch('PathPrefix', '/unnamed')}
${oneBackend('echo-v2')}
`, cases: [
    {request: {path: '/named'}, backendSaw: {path: '/named'}, backend: 'echo-v1'},
    {request: {path: '/unnamed'}, backendSaw: {path: '/named'}, backend: 'echo-v2'},
  ]},
  {test: 'MeshConsumerRoute', source: 'conformance/tests/mesh/mesh-consumer-route.go', namespace: MESH, manifests: `
${routeHeader('mesh-echo-add-header', 'gateway-conformance-mesh-consumer')}  parentRefs: [{group: "", kind: Service, name: echo-v1, namespace: gateway-conformance-mesh}]
  rules:
  - filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: X-Header-Set, value: set}]}}]
    backendRefs: [{name: echo-v1, namespace: gateway-conformance-mesh, port: 80}]
`, cases: [
    // "request from consumer route's namespace modified by HTTPRoute"
    {from: 'gateway-conformance-mesh-consumer/echo-v1', request: {host: 'echo-v1.gateway-conformance-mesh', path: '/'}, responseHeaders: {'X-Header-Set': 'set'}, backend: 'echo-v1'},
    // "request not from consumer route's namespace not modified by HTTPRoute"
    {request: {host: 'echo-v1.gateway-conformance-mesh', path: '/'}, absentResponseHeaders: ['X-Header-Set'], backend: 'echo-v1'},
  ]},
  {test: 'MeshTrafficSplit', source: 'conformance/tests/mesh/mesh-split.go', namespace: MESH, manifests: `
${routeHeader('mesh-split', MESH)}  parentRefs: [{group: "", kind: Service, name: echo}]
  rules:
  - matches: [{path: {type: Exact, value: /v1}}]
    backendRefs: [{name: echo-v1, port: 80}]
  - matches: [{path: {type: Exact, value: /v2}}]
    backendRefs: [{name: echo-v2, port: 80}]
`, cases: [
    {request: {host: 'echo', path: '/v1'}, backend: 'echo-v1'},
    {request: {host: 'echo', path: '/v2'}, backend: 'echo-v2'},
  ]},
  {test: 'MeshPorts', source: 'conformance/tests/mesh/mesh-ports.go', namespace: MESH, manifests: `
${routeHeader('mesh-split-v1', MESH)}  parentRefs: [{group: "", kind: Service, name: echo-v1, port: 80}]
  rules:
  - filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: X-Header-Set, value: v1}]}}]
    backendRefs: [{name: echo-v1, port: 80}]
---
${routeHeader('mesh-split-v2', MESH)}  parentRefs: [{group: "", kind: Service, name: echo-v2}]
  rules:
  - filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: X-Header-Set, value: v2}]}}]
    backendRefs: [{name: echo-v2, port: 80}]
`, cases: [
    // "Explicit port set, send to that port"; "Explicit port, send to an excluded port"; "No port set" (twice)
    {request: {host: 'echo-v1', path: '/'}, responseHeaders: {'X-Header-Set': 'v1'}, backend: 'echo-v1'},
    {request: {host: 'echo-v1:8080', path: '/'}, absentResponseHeaders: ['X-Header-Set'], backend: 'echo-v1'},
    {request: {host: 'echo-v2', path: '/'}, responseHeaders: {'X-Header-Set': 'v2'}, backend: 'echo-v2'},
    {request: {host: 'echo-v2:8080', path: '/'}, responseHeaders: {'X-Header-Set': 'v2'}, backend: 'echo-v2'},
  ]},
  {test: 'MeshHTTPRouteWeight', source: 'conformance/tests/mesh/httproute-weight.go', namespace: MESH, manifests: `${routeHeader('mesh-weighted-backends', MESH)}  parentRefs: [{group: "", kind: Service, name: echo, port: 80}]
  rules:
  - backendRefs: [{name: echo-v1, port: 8080, weight: 70}, {name: echo-v2, port: 8080, weight: 30}]
`, cases: [
    // 70% of requests to echo-v1 and 30% to echo-v2, the suite's expected weights
    {request: {host: 'echo', path: '/'}, shares: {[`${MESH}/echo-v1`]: 0.7, [`${MESH}/echo-v2`]: 0.3}},
  ]},
];

describe.each(['istio', 'linkerd'] as const)('%s', (mesh) => {
  describeConformance(MESH_TESTS, (t, c) => {
    const decision = conformanceDecision({base: meshBase(mesh), manifests: t.manifests}, c);
    if (mesh === 'linkerd' && t.linkerd) {
      expect(decision.trace.map((s) => s.message).join('\n')).toContain(t.linkerd);
      expect(answers(decision)).toEqual([`${MESH}/echo-v1`, `${MESH}/echo-v2`]);
      return;
    }
    expectResponse(decision, c, t.namespace, 'mesh');
  });
});
