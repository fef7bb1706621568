/**
 * Gateway API's conformance suite, Gateway tests (kubernetes-sigs/gateway-api v1.5.1,
 * conformance/tests/httproute-*.go with the `.yaml` beside each): every request a test sends through
 * a Gateway and the answer it expects, routed by the simulator as Istio's gateway routes it. The
 * routes are the tests' own manifests, transcribed; the cluster is the suite's base
 * (gateway-api-conformance-support.ts).
 */
import {describe, expect, it} from 'vitest';
import {parseGoDuration} from '../../src/engine/istio/durations';
import {answers, caseName, conformanceDecision, expectResponse, GATEWAY_BASE, sharesByDeployment, type ConformanceTest, type ExpectedResponse} from './gateway-api-conformance-support';

const GATEWAY_TESTS: ConformanceTest[] = [
  {test: 'HTTPRouteExactPathMatching', source: 'conformance/tests/httproute-exact-path-matching.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: exact-matching
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: Exact
        value: /one
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: Exact
        value: /two
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`, cases: [
    {request: {path: '/one'}, backend: 'infra-backend-v1'},
    {request: {path: '/two'}, backend: 'infra-backend-v2'},
    {request: {path: '/'}, status: 404},
    {request: {path: '/one/example'}, status: 404},
    {request: {path: '/two/'}, status: 404},
    {request: {path: '/Two'}, status: 404},
  ]},
  {test: 'HTTPRouteHeaderMatching', source: 'conformance/tests/httproute-header-matching.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: header-matching
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  # Matches "version: one"
  - matches:
    - headers:
      - name: version
        value: one
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  # Matches "version: two"
  - matches:
    - headers:
      - name: version
        value: two
    backendRefs:
    - name: infra-backend-v2
      port: 8080
  # Matches "version: two" AND "color: orange"
  - matches:
    - headers:
      - name: version
        value: two
      - name: color
        value: orange
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  # Matches "color: blue" OR "color: green"
  - matches:
    - headers:
      - name: color
        value: blue
    - headers:
      - name: color
        value: green
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  # Matches "color: red" OR "color: yellow"
  - matches:
    - headers:
      - name: color
        value: red
    - headers:
      - name: color
        value: yellow
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`, cases: [
    {request: {path: '/', headers: {Version: 'one'}}, backend: 'infra-backend-v1'},
    {request: {path: '/', headers: {Version: 'two'}}, backend: 'infra-backend-v2'},
    {request: {path: '/', headers: {Version: 'two', Color: 'orange'}}, backend: 'infra-backend-v1'},
    {request: {path: '/', headers: {Version: 'two', Color: 'blue'}}, backend: 'infra-backend-v2'},
    {request: {path: '/', headers: {Color: 'orange'}}, status: 404},
    {request: {path: '/', headers: {"Some-Other-Header": 'one'}}, status: 404},
    {request: {path: '/', headers: {Color: 'blue'}}, backend: 'infra-backend-v1'},
    {request: {path: '/', headers: {Color: 'green'}}, backend: 'infra-backend-v1'},
    {request: {path: '/', headers: {Color: 'red'}}, backend: 'infra-backend-v2'},
    {request: {path: '/', headers: {Color: 'yellow'}}, backend: 'infra-backend-v2'},
    {request: {path: '/', headers: {Color: 'purple'}}, status: 404},
  ]},
  {test: 'HTTPRouteMatching', source: 'conformance/tests/httproute-matching.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: matching
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /
    - headers:
      - name: version
        value: one
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /v2
    - headers:
      - name: version
        value: two
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`, cases: [
    {request: {path: '/'}, backend: 'infra-backend-v1'},
    {request: {path: '/example'}, backend: 'infra-backend-v1'},
    {request: {path: '/', headers: {Version: 'one'}}, backend: 'infra-backend-v1'},
    {request: {path: '/v2'}, backend: 'infra-backend-v2'},
    {request: {path: '/v2/example'}, backend: 'infra-backend-v2'},
    {request: {path: '/', headers: {Version: 'two'}}, backend: 'infra-backend-v2'},
    {request: {path: '/v2/'}, backend: 'infra-backend-v2'},
    {request: {path: '/v2example'}, backend: 'infra-backend-v1'},
    {request: {path: '/foo/v2/example'}, backend: 'infra-backend-v1'},
  ]},
  {test: 'HTTPRouteMatchingAcrossRoutes', source: 'conformance/tests/httproute-matching-across-routes.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: matching-part1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  hostnames:
  - example.com
  - example.net
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /
    - headers:
      - name: version
        value: one
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: matching-part2
  namespace: gateway-conformance-infra
spec:
  hostnames:
  - example.com
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /v2
    - headers:
      - name: version
        value: two
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`, cases: [
    {request: {host: 'example.com', path: '/'}, backend: 'infra-backend-v1'},
    {request: {host: 'example.com', path: '/example'}, backend: 'infra-backend-v1'},
    {request: {host: 'example.net', path: '/example'}, backend: 'infra-backend-v1'},
    {request: {host: 'example.com', path: '/example', headers: {Version: 'one'}}, backend: 'infra-backend-v1'},
    {request: {host: 'example.com', path: '/v2'}, backend: 'infra-backend-v2'},
    {request: {host: 'example.net', path: '/v2'}, backend: 'infra-backend-v1'},
    {request: {host: 'example.com', path: '/v2/example'}, backend: 'infra-backend-v2'},
    {request: {host: 'example.com', path: '/', headers: {Version: 'two'}}, backend: 'infra-backend-v2'},
  ]},
  {test: 'HTTPRouteMethodMatching', source: 'conformance/tests/httproute-method-matching.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: method-matching
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - method: POST
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - method: GET
    backendRefs:
    - name: infra-backend-v2
      port: 8080

  # Combinations with core match types.
  - matches:
    - path:
        type: PathPrefix
        value: /path1
      method: GET
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - headers:
      - name: version
        value: one
      method: PUT
    backendRefs:
    - name: infra-backend-v2
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /path2
      headers:
      - name: version
        value: two
      method: POST
    backendRefs:
    - name: infra-backend-v3
      port: 8080

  # Match of the form (cond1 AND cond2) OR (cond3 AND cond4 AND cond5)
  - matches:
    - path:
        type: PathPrefix
        value: /path3
      method: PATCH
    - path:
        type: PathPrefix
        value: /path4
      headers:
      - name: version
        value: three
      method: DELETE
    backendRefs:
    - name: infra-backend-v1
      port: 8080

  # Matches for checking precedence.
  - matches:
    - path:
        type: PathPrefix
        value: /path5
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - method: PATCH
    backendRefs:
    - name: infra-backend-v2
      port: 8080
  - matches:
    - headers:
      - name: version
        value: four
    backendRefs:
    - name: infra-backend-v3
      port: 8080
`, cases: [
    {request: {method: 'POST', path: '/'}, backend: 'infra-backend-v1'},
    {request: {method: 'GET', path: '/'}, backend: 'infra-backend-v2'},
    {request: {method: 'HEAD', path: '/'}, status: 404},
    {request: {path: '/path1', method: 'GET'}, backend: 'infra-backend-v1'},
    {request: {headers: {version: 'one'}, path: '/', method: 'PUT'}, backend: 'infra-backend-v2'},
    {request: {headers: {version: 'two'}, path: '/path2', method: 'POST'}, backend: 'infra-backend-v3'},
    {request: {path: '/path3', method: 'PATCH'}, backend: 'infra-backend-v1'},
    {request: {headers: {version: 'three'}, path: '/path4', method: 'DELETE'}, backend: 'infra-backend-v1'},
    {request: {path: '/', method: 'PUT'}, status: 404},
    {request: {path: '/path4', method: 'DELETE'}, status: 404},
    {request: {path: '/path5', method: 'PATCH'}, backend: 'infra-backend-v1'},
    {request: {headers: {version: 'four'}, path: '/', method: 'PATCH'}, backend: 'infra-backend-v2'},
  ]},
  {test: 'HTTPRoutePathMatchOrder', source: 'conformance/tests/httproute-path-match-order.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: path-matching-order
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: Exact
        value: /match
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: Exact
        value: /match/exact
    backendRefs:
    - name: infra-backend-v2
      port: 8080
  - matches:
    - path:
        type: Exact
        value: /match/exact/one
    backendRefs:
    - name: infra-backend-v3
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /match/
    backendRefs:
    - name: infra-backend-v3
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /match/prefix/
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /match/prefix/one
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`, cases: [
    {request: {path: '/match/exact/one'}, backend: 'infra-backend-v3'},
    {request: {path: '/match/exact'}, backend: 'infra-backend-v2'},
    {request: {path: '/match'}, backend: 'infra-backend-v1'},
    {request: {path: '/match/prefix/one/any'}, backend: 'infra-backend-v2'},
    {request: {path: '/match/prefix/any'}, backend: 'infra-backend-v1'},
    {request: {path: '/match/any'}, backend: 'infra-backend-v3'},
  ]},
  {test: 'HTTPRouteQueryParamMatching', source: 'conformance/tests/httproute-query-param-matching.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: query-param-matching
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - queryParams:
      - name: animal
        value: whale
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - queryParams:
      - name: animal
        value: dolphin
    backendRefs:
    - name: infra-backend-v2
      port: 8080
  - matches:
    - queryParams:
      - name: animal
        value: dolphin
      - name: color
        value: blue
    - queryParams:
      - name: ANIMAL
        value: Whale
    backendRefs:
    - name: infra-backend-v3
      port: 8080

  # Combinations with core match types.
  - matches:
    - path:
        type: PathPrefix
        value: /path1
      queryParams:
      - name: animal
        value: whale
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - headers:
      - name: version
        value: one
      queryParams:
      - name: animal
        value: whale
    backendRefs:
    - name: infra-backend-v2
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /path2
      headers:
      - name: version
        value: two
      queryParams:
      - name: animal
        value: whale
    backendRefs:
    - name: infra-backend-v3
      port: 8080

  # Match of the form (cond1 AND cond2) OR (cond3 AND cond4 AND cond5)
  - matches:
    - path:
        type: PathPrefix
        value: /path3
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
    backendRefs:
    - name: infra-backend-v1
      port: 8080

  # Matches for checking precedence.
  - matches:
    - path:
        type: PathPrefix
        value: /path5
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - queryParams:
      - name: animal
        value: hydra
    backendRefs:
    - name: infra-backend-v2
      port: 8080
  - matches:
    - headers:
      - name: version
        value: four
    backendRefs:
    - name: infra-backend-v3
      port: 8080
`, cases: [
    {request: {path: '/?animal=whale'}, backend: 'infra-backend-v1'},
    {request: {path: '/?animal=dolphin'}, backend: 'infra-backend-v2'},
    {request: {path: '/?animal=dolphin&color=blue'}, backend: 'infra-backend-v3'},
    {request: {path: '/?ANIMAL=Whale'}, backend: 'infra-backend-v3'},
    {request: {path: '/?animal=whale&otherparam=irrelevant'}, backend: 'infra-backend-v1'},
    {request: {path: '/?animal=dolphin&color=yellow'}, backend: 'infra-backend-v2'},
    {request: {path: '/?color=blue'}, status: 404},
    {request: {path: '/?animal=dog'}, status: 404},
    {request: {path: '/?animal=whaledolphin'}, status: 404},
    {request: {path: '/'}, status: 404},
    {request: {path: '/path1?animal=whale'}, backend: 'infra-backend-v1'},
    {request: {headers: {version: 'one'}, path: '/?animal=whale'}, backend: 'infra-backend-v2'},
    {request: {headers: {version: 'two'}, path: '/path2?animal=whale'}, backend: 'infra-backend-v3'},
    {request: {path: '/path3?animal=shark'}, backend: 'infra-backend-v1'},
    {request: {headers: {version: 'three'}, path: '/path4?animal=kraken'}, backend: 'infra-backend-v1'},
    {request: {path: '/?animal=shark'}, status: 404},
    {request: {path: '/path4?animal=kraken'}, status: 404},
    {request: {path: '/path5?animal=hydra'}, backend: 'infra-backend-v1'},
    {request: {headers: {version: 'four'}, path: '/?animal=hydra'}, backend: 'infra-backend-v3'},
  ]},
  {test: 'HTTPRouteHostnameIntersection', source: 'conformance/tests/httproute-hostname-intersection.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/httproute-hostname-intersection', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-hostname-intersection
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "istio"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: very.specific.com
  - name: listener-2
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.wildcard.io"
  - name: listener-3
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.anotherwildcard.io"
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-hostname-intersection-all
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "istio"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: specific-host-matches-listener-specific-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - non.matching.com
  - "*.nonmatchingwildcard.io"
  - very.specific.com  #  matches listener-1's specific host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s1
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: specific-host-matches-listener-wildcard-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - non.matching.com
  - wildcard.io
  - foo.wildcard.io  #  matches listener-2's wildcard host
  - bar.wildcard.io  #  matches listener-2's wildcard host
  - foo.bar.wildcard.io  #  matches listener-2's wildcard host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s2
    backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: wildcard-host-matches-listener-specific-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - non.matching.com
  - "*.specific.com"  # matches listener-1's specific host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s3
    backendRefs:
    - name: infra-backend-v3
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: wildcard-host-matches-listener-wildcard-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - "*.anotherwildcard.io"  # matches listener-3's wildcard host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s4
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: no-intersecting-hosts
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - specific.but.wrong.com
  - wildcard.io
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s5
    backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httproute-hostname-intersection-all
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection-all
    namespace: gateway-conformance-infra
  hostnames:
  - first.com
  - sub.first.com
  - second.com
  - sub.second.com
  rules:
  - backendRefs:
    - name: infra-backend-v2
      port: 8080
`, cases: [
    {request: {host: 'specific.but.wrong.com', path: '/s5'}, status: 404},
    {request: {host: 'wildcard.io', path: '/s5'}, status: 404},
  ]},
  {test: 'HTTPRouteListenerHostnameMatching', source: 'conformance/tests/httproute-listener-hostname-matching.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/httproute-listener-hostname-matching', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-listener-hostname-matching
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "istio"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: bar.com
  - name: listener-2
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.bar.com
  - name: listener-3
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.bar.com"
  - name: listener-4
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.foo.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-1
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-2
  rules:
  - backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-3
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-4
  rules:
  - backendRefs:
    - name: infra-backend-v3
      port: 8080
`, cases: [
    {request: {host: 'bar.com', path: '/'}, backend: 'infra-backend-v1'},
    {request: {host: 'foo.bar.com', path: '/'}, backend: 'infra-backend-v2'},
    {request: {host: 'baz.bar.com', path: '/'}, backend: 'infra-backend-v3'},
    {request: {host: 'boo.bar.com', path: '/'}, backend: 'infra-backend-v3'},
    {request: {host: 'multiple.prefixes.bar.com', path: '/'}, backend: 'infra-backend-v3'},
    {request: {host: 'multiple.prefixes.foo.com', path: '/'}, backend: 'infra-backend-v3'},
    {request: {host: 'foo.com', path: '/'}, status: 404},
    {request: {host: 'no.matching.host', path: '/'}, status: 404},
  ]},
  {test: 'HTTPRouteListenerPortMatching', source: 'conformance/tests/httproute-listener-port-matching.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/httproute-listener-port-matching', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-listener-port-matching
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "istio"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.com
  - name: listener-2
    port: 8080
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.com
  - name: listener-3
    port: 8080
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: bar.com
  - name: listener-4
    port: 8090
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.com
  - name: listener-5
    port: 8090
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: bar.com
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-port-matching
    namespace: gateway-conformance-infra
    port: 80
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-port-matching
    namespace: gateway-conformance-infra
    port: 8080
  rules:
  - backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-port-matching
    namespace: gateway-conformance-infra
    port: 8090
    sectionName: listener-4
  rules:
  - backendRefs:
    - name: infra-backend-v3
      port: 8080
`, cases: [
    {request: {host: 'foo.com', path: '/'}, backend: 'infra-backend-v1'},
    {request: {host: 'foo.com:8080', path: '/'}, backend: 'infra-backend-v2'},
    {request: {host: 'bar.com:8080', path: '/'}, backend: 'infra-backend-v2'},
    {request: {host: 'foo.com:8090', path: '/'}, backend: 'infra-backend-v3'},
    {request: {host: 'bar.com:8090', path: '/'}, status: 404},
  ]},
  {test: 'HTTPRouteNamedRule', source: 'conformance/tests/httproute-named-rule.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-named-rules
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - name: named-rule
    matches:
    - path:
        type: PathPrefix
        value: /named
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /unnamed
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`, cases: [
    {request: {path: '/named'}, status: 200},
    {request: {path: '/unnamed'}, status: 200},
  ]},
  {test: 'HTTPRoute303Redirect', source: 'conformance/tests/httproute-303-redirect.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: 303-redirect
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /see-other
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 303
`, cases: [
    {request: {path: '/see-other', method: 'POST'}, status: 303, redirect: {path: '/see-other'}},
  ]},
  {test: 'HTTPRoute307Redirect', source: 'conformance/tests/httproute-307-redirect.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: 307-redirect
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /temporary
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 307
`, cases: [
    {request: {path: '/temporary'}, status: 307, redirect: {path: '/temporary'}},
  ]},
  {test: 'HTTPRoute308Redirect', source: 'conformance/tests/httproute-308-redirect.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: 308-redirect
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /permanent
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 308
`, cases: [
    {request: {path: '/permanent'}, status: 308, redirect: {path: '/permanent'}},
  ]},
  {test: 'HTTPRouteRedirectHostAndStatus', source: 'conformance/tests/httproute-redirect-host-and-status.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: redirect-host-and-status
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /hostname-redirect
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /host-and-status
    filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 301
        hostname: example.org
`, cases: [
    {request: {path: '/hostname-redirect'}, status: 302, redirect: {host: 'example.org'}},
    {request: {path: '/host-and-status'}, status: 301, redirect: {host: 'example.org'}},
  ]},
  {test: 'HTTPRouteRedirectPath', source: 'conformance/tests/httproute-redirect-path.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: redirect-path
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /original-prefix
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /replacement-prefix
  - matches:
    - path:
        type: PathPrefix
        value: /full
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplaceFullPath
          replaceFullPath: /full-path-replacement
  - matches:
    - path:
        type: PathPrefix
        value: /path-and-host
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /replacement-prefix
  - matches:
    - path:
        type: PathPrefix
        value: /path-and-status
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /replacement-prefix
        statusCode: 301
  - matches:
    - path:
        type: PathPrefix
        value: /full-path-and-host
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        path:
          type: ReplaceFullPath
          replaceFullPath: /replacement-full
  - matches:
    - path:
        type: PathPrefix
        value: /full-path-and-status
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplaceFullPath
          replaceFullPath: /replacement-full
        statusCode: 301
`, cases: [
    {request: {path: '/original-prefix/lemon'}, status: 302, redirect: {path: '/replacement-prefix/lemon'}},
    {request: {path: '/full/path/original'}, status: 302, redirect: {path: '/full-path-replacement'}},
    {request: {path: '/path-and-host'}, status: 302, redirect: {host: 'example.org', path: '/replacement-prefix'}},
    {request: {path: '/path-and-status'}, status: 301, redirect: {path: '/replacement-prefix'}},
    {request: {path: '/full-path-and-host'}, status: 302, redirect: {host: 'example.org', path: '/replacement-full'}},
    {request: {path: '/full-path-and-status'}, status: 301, redirect: {path: '/replacement-full'}},
  ]},
  {test: 'HTTPRouteRedirectPort', source: 'conformance/tests/httproute-redirect-port.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: redirect-port
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /port
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8083
  - matches:
    - path:
        type: PathPrefix
        value: /port-and-host
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        port: 8083
  - matches:
    - path:
        type: PathPrefix
        value: /port-and-status
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8083
        statusCode: 301
  - matches:
    - path:
        type: PathPrefix
        value: /port-and-host-and-status
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8083
        hostname: example.org
        statusCode: 302
`, cases: [
    {request: {path: '/port'}, status: 302, redirect: {port: '8083'}},
    {request: {path: '/port-and-host'}, status: 302, redirect: {host: 'example.org', port: '8083'}},
    {request: {path: '/port-and-status'}, status: 301, redirect: {port: '8083'}},
    {request: {path: '/port-and-host-and-status'}, status: 302, redirect: {port: '8083', host: 'example.org'}},
  ]},
  {test: 'HTTPRouteRedirectPortAndScheme', source: 'conformance/tests/httproute-redirect-port-and-scheme.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: same-namespace-with-http-listener-on-8080
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "istio"
  listeners:
  - name: http
    port: 8080
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-for-listener-on-port-80
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-nil
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-80
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 80
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-8080
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8080
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-https-and-port-nil
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-https-and-port-443
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        port: 443
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-https-and-port-8443
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        port: 8443
        hostname: example.org
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-for-listener-on-port-8080
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace-with-http-listener-on-8080
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-nil
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-80
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 80
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-https-and-port-nil
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        hostname: example.org
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-for-listener-on-port-443
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace-with-https-listener
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-nil
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-443
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 443
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-nil-and-port-8443
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8443
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-http-and-port-nil
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "http"
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-http-and-port-80
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "http"
        port: 80
        hostname: example.org
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-http-and-port-8080
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "http"
        port: 8080
        hostname: example.org
---
`, cases: [
    {request: {path: '/scheme-nil-and-port-nil'}, status: 302, redirect: {scheme: 'http', host: 'example.org'}},
    {request: {path: '/scheme-nil-and-port-80'}, status: 302, redirect: {scheme: 'http', host: 'example.org'}},
    {request: {path: '/scheme-nil-and-port-8080'}, status: 302, redirect: {scheme: 'http', port: '8080', host: 'example.org'}},
    {request: {path: '/scheme-https-and-port-nil'}, status: 302, redirect: {scheme: 'https', host: 'example.org'}},
    {request: {path: '/scheme-https-and-port-443'}, status: 302, redirect: {scheme: 'https', host: 'example.org'}},
    {request: {path: '/scheme-https-and-port-8443'}, status: 302, redirect: {scheme: 'https', port: '8443', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-http-listener-on-8080', request: {port: 8080, path: '/scheme-nil-and-port-nil'}, status: 302, redirect: {scheme: 'http', port: '8080', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-http-listener-on-8080', request: {port: 8080, path: '/scheme-nil-and-port-80'}, status: 302, redirect: {scheme: 'http', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-http-listener-on-8080', request: {port: 8080, path: '/scheme-https-and-port-nil'}, status: 302, redirect: {scheme: 'https', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-https-listener', request: {scheme: 'https', host: 'example.org', path: '/scheme-nil-and-port-nil'}, status: 302, redirect: {scheme: 'https', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-https-listener', request: {scheme: 'https', host: 'example.org', path: '/scheme-nil-and-port-443'}, status: 302, redirect: {scheme: 'https', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-https-listener', request: {scheme: 'https', host: 'example.org', path: '/scheme-nil-and-port-8443'}, status: 302, redirect: {scheme: 'https', port: '8443', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-https-listener', request: {scheme: 'https', host: 'example.org', path: '/scheme-http-and-port-nil'}, status: 302, redirect: {scheme: 'http', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-https-listener', request: {scheme: 'https', host: 'example.org', path: '/scheme-http-and-port-80'}, status: 302, redirect: {scheme: 'http', host: 'example.org'}},
    {gateway: 'gateway-conformance-infra/same-namespace-with-https-listener', request: {scheme: 'https', host: 'example.org', path: '/scheme-http-and-port-8080'}, status: 302, redirect: {scheme: 'http', port: '8080', host: 'example.org'}},
  ]},
  {test: 'HTTPRouteRedirectScheme', source: 'conformance/tests/httproute-redirect-scheme.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: redirect-scheme
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /scheme
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-and-host
    filters:
    - type: RequestRedirect
      requestRedirect:
        hostname: example.org
        scheme: "https"
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-and-status
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        statusCode: 301
  - matches:
    - path:
        type: PathPrefix
        value: /scheme-and-host-and-status
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: "https"
        statusCode: 302
        hostname: example.org
`, cases: [
    {request: {path: '/scheme'}, status: 302, redirect: {scheme: 'https'}},
    {request: {path: '/scheme-and-host'}, status: 302, redirect: {host: 'example.org', scheme: 'https'}},
    {request: {path: '/scheme-and-status'}, status: 301, redirect: {scheme: 'https'}},
    {request: {path: '/scheme-and-host-and-status'}, status: 302, redirect: {scheme: 'https', host: 'example.org'}},
  ]},
  {test: 'HTTPRouteBackendRequestHeaderModifier', source: 'conformance/tests/httproute-request-header-modifier.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: request-header-modifier
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /set
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: X-Header-Set
          value: set-overwrites-values
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /add
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        add:
        - name: X-Header-Add
          value: add-appends-values
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /remove
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        remove:
        - X-Header-Remove
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /multiple
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
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /case-insensitivity
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
    backendRefs:
    - name: infra-backend-v1
      port: 8080
`, cases: [
    {request: {path: '/set', headers: {"Some-Other-Header": 'val'}}, backendSaw: {path: '/set', headers: {"Some-Other-Header": 'val', "X-Header-Set": 'set-overwrites-values'}}, backend: 'infra-backend-v1'},
    {request: {path: '/set', headers: {"Some-Other-Header": 'val', "X-Header-Set": 'some-other-value'}}, backendSaw: {path: '/set', headers: {"Some-Other-Header": 'val', "X-Header-Set": 'set-overwrites-values'}}, backend: 'infra-backend-v1'},
    {request: {path: '/add', headers: {"Some-Other-Header": 'val'}}, backendSaw: {path: '/add', headers: {"Some-Other-Header": 'val', "X-Header-Add": 'add-appends-values'}}, backend: 'infra-backend-v1'},
    {request: {path: '/add', headers: {"Some-Other-Header": 'val', "X-Header-Add": 'some-other-value'}}, backendSaw: {path: '/add', headers: {"Some-Other-Header": 'val', "X-Header-Add": 'some-other-value,add-appends-values'}}, backend: 'infra-backend-v1'},
    {request: {path: '/remove', headers: {"X-Header-Remove": 'val'}}, backendSaw: {path: '/remove', absentHeaders: ['X-Header-Remove']}, backend: 'infra-backend-v1'},
    {request: {path: '/multiple', headers: {"X-Header-Set-2": 'set-val-2', "X-Header-Add-2": 'add-val-2', "X-Header-Remove-2": 'remove-val-2', "Another-Header": 'another-header-val'}}, backendSaw: {path: '/multiple', headers: {"X-Header-Set-1": 'header-set-1', "X-Header-Set-2": 'header-set-2', "X-Header-Add-1": 'header-add-1', "X-Header-Add-2": 'add-val-2,header-add-2', "X-Header-Add-3": 'header-add-3', "Another-Header": 'another-header-val'}, absentHeaders: ['X-Header-Remove-1', 'X-Header-Remove-2']}, backend: 'infra-backend-v1'},
    {request: {path: '/case-insensitivity', headers: {"x-header-set": 'original-val-set', "x-header-add": 'original-val-add', "x-header-remove": 'original-val-remove', "Another-Header": 'another-header-val'}}, backendSaw: {path: '/case-insensitivity', headers: {"X-Header-Set": 'header-set', "X-Header-Add": 'original-val-add,header-add', "Another-Header": 'another-header-val'}, absentHeaders: ['x-header-remove', 'X-Header-Remove']}, backend: 'infra-backend-v1'},
  ]},
  {test: 'HTTPRouteResponseHeaderModifier', source: 'conformance/tests/httproute-response-header-modifier.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: response-header-modifier
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /set
    filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        set:
        - name: X-Header-Set
          value: set-overwrites-values
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /add
    filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        add:
        - name: X-Header-Add
          value: add-appends-values
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /remove
    filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        remove:
        - X-Header-Remove
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /multiple
    filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
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
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /case-insensitivity
    filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        set:
        - name: X-Header-Set
          value: header-set
        add:
        - name: X-Header-Add
          value: header-add
        - name: x-lowercase-add
          value: lowercase-add
        - name: x-Mixedcase-ADD-1
          value: mixedcase-add-1
        - name: X-mixeDcase-add-2
          value: mixedcase-add-2
        - name: X-UPPERCASE-ADD
          value: uppercase-add
        remove:
        - X-Header-Remove
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /response-and-request-header-modifiers
    filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
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
        remove:
        - X-Header-Remove-1
        - X-Header-Remove-2
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
    backendRefs:
    - name: infra-backend-v1
      port: 8080
`, cases: [
    {request: {path: '/set'}, backendSets: {"Some-Other-Header": 'val'}, responseHeaders: {"Some-Other-Header": 'val', "X-Header-Set": 'set-overwrites-values'}, backend: 'infra-backend-v1'},
    {request: {path: '/set'}, backendSets: {"Some-Other-Header": 'val', "X-Header-Set": 'some-other-value'}, responseHeaders: {"Some-Other-Header": 'val', "X-Header-Set": 'set-overwrites-values'}, backend: 'infra-backend-v1'},
    {request: {path: '/add'}, backendSets: {"Some-Other-Header": 'val'}, responseHeaders: {"Some-Other-Header": 'val', "X-Header-Add": 'add-appends-values'}, backend: 'infra-backend-v1'},
    {request: {path: '/add'}, backendSets: {"Some-Other-Header": 'val', "X-Header-Add": 'some-other-value'}, responseHeaders: {"Some-Other-Header": 'val', "X-Header-Add": 'some-other-value,add-appends-values'}, backend: 'infra-backend-v1'},
    {request: {path: '/remove'}, backendSets: {"X-Header-Remove": 'val'}, absentResponseHeaders: ['X-Header-Remove'], backend: 'infra-backend-v1'},
    {request: {path: '/multiple'}, backendSets: {"X-Header-Set-2": 'set-val-2', "X-Header-Add-2": 'add-val-2', "X-Header-Remove-2": 'remove-val-2', "Another-Header": 'another-header-val', "X-Header-Remove-1": 'val'}, responseHeaders: {"X-Header-Set-1": 'header-set-1', "X-Header-Set-2": 'header-set-2', "X-Header-Add-1": 'header-add-1', "X-Header-Add-2": 'add-val-2,header-add-2', "X-Header-Add-3": 'header-add-3', "Another-Header": 'another-header-val'}, absentResponseHeaders: ['X-Header-Remove-1', 'X-Header-Remove-2'], backend: 'infra-backend-v1'},
    {request: {path: '/case-insensitivity'}, backendSets: {"x-header-set": 'original-val-set', "x-header-add": 'original-val-add', "x-header-remove": 'original-val-remove', "Another-Header": 'another-header-val'}, responseHeaders: {"X-Header-Set": 'header-set', "X-Header-Add": 'original-val-add,header-add', "X-Lowercase-Add": 'lowercase-add', "X-Mixedcase-Add-1": 'mixedcase-add-1', "X-Mixedcase-Add-2": 'mixedcase-add-2', "X-Uppercase-Add": 'uppercase-add', "Another-Header": 'another-header-val'}, absentResponseHeaders: ['x-header-remove', 'X-Header-Remove'], backend: 'infra-backend-v1'},
    {request: {path: '/response-and-request-header-modifiers', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1', "X-Header-Echo": 'echo'}}, backendSets: {"X-Header-Set-2": 'set-val-2', "X-Header-Add-2": 'add-val-2', "X-Header-Remove-2": 'remove-val-2', "Another-Header": 'another-header-val', "X-Header-Remove-1": 'remove-val-1', "X-Header-Echo": 'echo'}, backendSaw: {path: '/response-and-request-header-modifiers', headers: {"X-Header-Add": 'header-val-1', "X-Header-Set": 'set-overwrites-values', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Echo": 'echo'}, absentHeaders: ['X-Header-Remove']}, responseHeaders: {"X-Header-Set-1": 'header-set-1', "X-Header-Set-2": 'header-set-2', "X-Header-Add-1": 'header-add-1', "X-Header-Add-2": 'add-val-2,header-add-2', "Another-Header": 'another-header-val', "X-Header-Echo": 'echo'}, absentResponseHeaders: ['X-Header-Remove-1', 'X-Header-Remove-2'], backend: 'infra-backend-v1'},
  ]},
  {test: 'HTTPRouteRewriteHost', source: 'conformance/tests/httproute-rewrite-host.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: rewrite-host
  namespace: gateway-conformance-infra
spec:
  hostnames:
    - "rewrite.example"
  parentRefs:
    - name: same-namespace
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /one
      filters:
        - type: URLRewrite
          urlRewrite:
            hostname: one.example.org
      backendRefs:
        - name: infra-backend-v1
          port: 8080
    - filters:
        - type: URLRewrite
          urlRewrite:
            hostname: example.org
      backendRefs:
        - name: infra-backend-v2
          port: 8080
    - matches:
        - path:
            type: PathPrefix
            value: /rewrite-host-and-modify-headers
      filters:
        - type: URLRewrite
          urlRewrite:
            hostname: test.example.org
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
      backendRefs:
        - name: infra-backend-v2
          port: 8080
`, cases: [
    {request: {path: '/one', host: 'rewrite.example'}, backendSaw: {path: '/one', host: 'one.example.org'}, backend: 'infra-backend-v1'},
    {request: {path: '/two', host: 'rewrite.example'}, backendSaw: {path: '/two', host: 'example.org'}, backend: 'infra-backend-v2'},
    {request: {path: '/rewrite-host-and-modify-headers', host: 'rewrite.example', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1'}}, backendSaw: {path: '/rewrite-host-and-modify-headers', host: 'test.example.org', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'infra-backend-v2'},
  ]},
  {test: 'HTTPRouteRewritePath', source: 'conformance/tests/httproute-rewrite-path.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: rewrite-path
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /prefix/one
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /one
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /strip-prefix
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /full/one
    filters:
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplaceFullPath
          replaceFullPath: /one
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /full/rewrite-path-and-modify-headers
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
    backendRefs:
    - name: infra-backend-v1
      port: 8080
  - matches:
    - path:
        type: PathPrefix
        value: /prefix/rewrite-path-and-modify-headers
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
    backendRefs:
    - name: infra-backend-v1
      port: 8080
`, cases: [
    {request: {path: '/prefix/one/two'}, backendSaw: {path: '/one/two'}, backend: 'infra-backend-v1'},
    {request: {path: '/strip-prefix/three'}, backendSaw: {path: '/three'}, backend: 'infra-backend-v1'},
    {request: {path: '/strip-prefix'}, backendSaw: {path: '/'}, backend: 'infra-backend-v1'},
    {request: {path: '/full/one/two'}, backendSaw: {path: '/one'}, backend: 'infra-backend-v1'},
    {request: {path: '/full/rewrite-path-and-modify-headers/test', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1', "X-Header-Set": 'set-val'}}, backendSaw: {path: '/test', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'infra-backend-v1'},
    {request: {path: '/prefix/rewrite-path-and-modify-headers/one', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1', "X-Header-Set": 'set-val'}}, backendSaw: {path: '/prefix/one', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'infra-backend-v1'},
  ]},
  {test: 'HTTPRouteRequestMirror', source: 'conformance/tests/httproute-request-mirror.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: request-mirror
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /mirror
    filters:
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v2
          namespace: gateway-conformance-infra
          port: 8080
    backendRefs:
    - name: infra-backend-v1
      port: 8080
      namespace: gateway-conformance-infra
  - matches:
    - path:
        type: PathPrefix
        value: /mirror-and-modify-headers
    filters:
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
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v2
          namespace: gateway-conformance-infra
          port: 8080
    backendRefs:
    - name: infra-backend-v1
      port: 8080
      namespace: gateway-conformance-infra
`, cases: [
    {request: {path: '/mirror'}, backendSaw: {path: '/mirror'}, backend: 'infra-backend-v1', mirroredTo: [{name: 'infra-backend-v2', namespace: 'gateway-conformance-infra'}]},
    {request: {path: '/mirror-and-modify-headers', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1'}}, backendSaw: {path: '/mirror-and-modify-headers', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'infra-backend-v1', mirroredTo: [{name: 'infra-backend-v2', namespace: 'gateway-conformance-infra'}]},
  ]},
  {test: 'HTTPRouteRequestMultipleMirrors', source: 'conformance/tests/httproute-request-multiple-mirrors.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: request-multiple-mirrors
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /multi-mirror
    filters:
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v2
          namespace: gateway-conformance-infra
          port: 8080
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v3
          namespace: gateway-conformance-infra
          port: 8080
    backendRefs:
    - name: infra-backend-v1
      port: 8080
      namespace: gateway-conformance-infra
  - matches:
    - path:
        type: PathPrefix
        value: /multi-mirror-and-modify-request-headers
    filters:
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
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v2
          namespace: gateway-conformance-infra
          port: 8080
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v3
          namespace: gateway-conformance-infra
          port: 8080
    backendRefs:
    - name: infra-backend-v1
      port: 8080
      namespace: gateway-conformance-infra
`, cases: [
    {request: {path: '/multi-mirror'}, backendSaw: {path: '/multi-mirror'}, backend: 'infra-backend-v1', mirroredTo: [{name: 'infra-backend-v2', namespace: 'gateway-conformance-infra'}, {name: 'infra-backend-v3', namespace: 'gateway-conformance-infra'}]},
    {request: {path: '/multi-mirror-and-modify-request-headers', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1'}}, backendSaw: {path: '/multi-mirror-and-modify-request-headers', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'infra-backend-v1', mirroredTo: [{name: 'infra-backend-v2', namespace: 'gateway-conformance-infra'}, {name: 'infra-backend-v3', namespace: 'gateway-conformance-infra'}]},
  ]},
  {test: 'HTTPRouteRequestPercentageMirror', source: 'conformance/tests/httproute-request-percentage-mirror.go', namespace: 'gateway-conformance-infra', gateway: 'gateway-conformance-infra/same-namespace', manifests: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: request-percentage-mirror
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /percent-mirror
    filters:
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v2
          namespace: gateway-conformance-infra
          port: 8080
        percent: 20
    backendRefs:
    - name: infra-backend-v1
      port: 8080
      namespace: gateway-conformance-infra
  - matches:
    - path:
        type: PathPrefix
        value: /percent-mirror-fraction
    filters:
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v2
          namespace: gateway-conformance-infra
          port: 8080
        fraction:
          numerator: 25
          denominator: 50
    backendRefs:
    - name: infra-backend-v1
      port: 8080
      namespace: gateway-conformance-infra
  - matches:
    - path:
        type: PathPrefix
        value: /percent-mirror-and-modify-headers
    filters:
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
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: infra-backend-v2
          namespace: gateway-conformance-infra
          port: 8080
        percent: 35
    backendRefs:
    - name: infra-backend-v1
      port: 8080
      namespace: gateway-conformance-infra
`, cases: [
    {request: {path: '/percent-mirror'}, backendSaw: {path: '/percent-mirror'}, backend: 'infra-backend-v1', mirroredTo: [{name: 'infra-backend-v2', namespace: 'gateway-conformance-infra', percent: 20}]},
    {request: {path: '/percent-mirror-fraction'}, backendSaw: {path: '/percent-mirror-fraction'}, backend: 'infra-backend-v1', mirroredTo: [{name: 'infra-backend-v2', namespace: 'gateway-conformance-infra', percent: 50}]},
    {request: {path: '/percent-mirror-and-modify-headers', headers: {"X-Header-Remove": 'remove-val', "X-Header-Add-Append": 'append-val-1'}}, backendSaw: {path: '/percent-mirror-and-modify-headers', headers: {"X-Header-Add": 'header-val-1', "X-Header-Add-Append": 'append-val-1,header-val-2', "X-Header-Set": 'set-overwrites-values'}, absentHeaders: ['X-Header-Remove']}, backend: 'infra-backend-v1', mirroredTo: [{name: 'infra-backend-v2', namespace: 'gateway-conformance-infra', percent: 35}]},
  ]},
];

describe.each(GATEWAY_TESTS)('$test ($source)', (t) => {
  it.each(t.cases.map((c, i) => [caseName(c, i), c] as const))('%s', (_, c) => {
    expectResponse(conformanceDecision({base: GATEWAY_BASE, manifests: t.manifests, gateway: t.gateway}, c), c, t.namespace, 'gateway');
  });
});

describe('HTTPRouteWeight (conformance/tests/httproute-weight.go)', () => {
  it('sends 70% of requests to infra-backend-v1, 30% to v2 and none to v3 (weight 0)', () => {
    const manifests = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: weighted-backends, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs: [{name: infra-backend-v1, port: 8080, weight: 70}, {name: infra-backend-v2, port: 8080, weight: 30}, {name: infra-backend-v3, port: 8080, weight: 0}]
`;
    const decision = conformanceDecision({base: GATEWAY_BASE, manifests, gateway: 'gateway-conformance-infra/same-namespace'}, {request: {path: '/'}});
    expect(sharesByDeployment(decision)).toEqual({'gateway-conformance-infra/infra-backend-v1': 0.7, 'gateway-conformance-infra/infra-backend-v2': 0.3});
  });
});

describe('HTTPRouteHTTPSListener (conformance/tests/httproute-https-listener.go)', () => {
  const manifests = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: httproute-https-test, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace-with-https-listener}]
  hostnames: [example.org]
  rules:
  - backendRefs: [{name: infra-backend-v1, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: httproute-https-test-no-hostname, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace-with-https-listener, sectionName: https-with-hostname}]
  rules:
  - backendRefs: [{name: infra-backend-v2, port: 8080}]
`;
  // tls.MakeTLSRequestAndExpectEventuallyConsistentResponse: the host is both the SNI and the Host header.
  it.each([
    {host: 'example.org', status: 200, backend: 'infra-backend-v1'},
    {host: 'unknown-example.org', status: 404},
    {host: 'second-example.org', status: 200, backend: 'infra-backend-v2'},
  ])('$host → $status $backend', ({host, status, backend}) => {
    const expected: ExpectedResponse = {request: {scheme: 'https', host, path: '/'}, status, backend};
    expectResponse(conformanceDecision({base: GATEWAY_BASE, manifests, gateway: 'gateway-conformance-infra/same-namespace-with-https-listener'}, expected), expected, 'gateway-conformance-infra', 'gateway');
  });
});

describe('HTTPRouteRequestHeaderModifierBackendWeights (conformance/tests/httproute-request-header-modifier-backend-weights.go)', () => {
  it("sets each backendRef's own Backend header on the requests that backend receives", () => {
    const manifests = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: request-header-modifier-backend-weights, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs:
${['infra-backend-v1', 'infra-backend-v2'].map((name) => `    - {name: ${name}, port: 8080, weight: 10, filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Backend, value: ${name}}]}}]}`).join('\n')}
`;
    const decision = conformanceDecision({base: GATEWAY_BASE, manifests, gateway: 'gateway-conformance-infra/same-namespace'}, {request: {path: '/'}});
    expect(sharesByDeployment(decision)).toEqual({'gateway-conformance-infra/infra-backend-v1': 0.5, 'gateway-conformance-infra/infra-backend-v2': 0.5});
    expect(decision.destinations.map((d) => [d.host.split('.')[0], d.requestHeaders?.set?.backend])).toEqual([['infra-backend-v1', 'infra-backend-v1'], ['infra-backend-v2', 'infra-backend-v2']]);
  });
});

/**
 * HTTPRouteTimeoutRequest and HTTPRouteTimeoutBackendRequest (conformance/tests/httproute-timeout-*.go):
 * the echo backend answers after the query's `delay`; the suite expects 504 when the rule's timeout
 * is shorter, 200 otherwise (`0s`: no timeout). The simulator gives the timeout Envoy enforces.
 */
describe.each([
  {test: 'HTTPRouteTimeoutRequest', field: 'request', prefix: '/request-timeout', off: '/disable-request-timeout'},
  {test: 'HTTPRouteTimeoutBackendRequest', field: 'backendRequest', prefix: '/backend-timeout', off: '/disable-backend-timeout'},
])('$test', ({field, prefix, off}) => {
  const manifests = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: timeouts, namespace: gateway-conformance-infra}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: PathPrefix, value: ${prefix}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
    timeouts: {${field}: 500ms}
  - matches: [{path: {type: PathPrefix, value: ${off}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
    timeouts: {${field}: "0s"}
`;
  /** What the client gets from a backend that answers after `delay`: 504 once the route's timeout passes. */
  const status = (path: string): number => {
    const decision = conformanceDecision({base: GATEWAY_BASE, manifests, gateway: 'gateway-conformance-infra/same-namespace'}, {request: {path}});
    expect(answers(decision)).toEqual(['gateway-conformance-infra/infra-backend-v1']);
    const delay = parseGoDuration(new URLSearchParams(path.split('?')[1] ?? '').get('delay') ?? '0s')!;
    const timeout = decision.timeout ? parseGoDuration(decision.timeout)! : Infinity;
    return delay > timeout ? 504 : 200;
  };
  it.each([
    {path: prefix, expected: 200},
    {path: `${prefix}?delay=1s`, expected: 504},
    {path: `${off}?delay=1s`, expected: 200},
  ])('$path → $expected', ({path, expected}) => {
    expect(status(path)).toBe(expected);
  });
});
