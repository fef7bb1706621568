import {describe, expect, it} from 'vitest';
import {validateIstioRules} from '../../../src/engine/istio/index';
import {diagnose, yaml} from '../helpers';
import {errorsAndWarnings, resource} from '../support/findings';

// ValidateEnvoyFilter: istio/istio pkg/config/validation/envoyfilter/envoyfilter.go
const istio = (text: string) => diagnose(text).filter((d) => d.code.startsWith('istio'))
  .map(({at, severity, code, message}) => ({at, severity, code, message}));

const envoyFilter = (spec: string) => yaml`
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: ef
spec:
${spec}`;

const NOTICE = {
  at: '2:7', severity: 'info', code: 'istio-validation-warning',
  message: 'EnvoyFilter exposes internal implementation details that may change at any time. '
    + 'Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.',
};

describe('EnvoyFilter', () => {
  it('always notes that EnvoyFilter exposes implementation details', () => {
    // envoyfilter.go ValidateEnvoyFilter: AppendWarningf before any check
    expect(istio(envoyFilter(`  configPatches:
  - applyTo: CLUSTER
    patch:
      operation: ADD
      value: {name: extra}
`))).toEqual([NOTICE]);
  });

  it('stops at a wildcard in the workload selector', () => {
    // envoyfilter.go: ValidateAlphaWorkloadSelector error returns nil, err (the CRD's CEL rule rejects it first on apply)
    expect(validateIstioRules('networking.istio.io', 'EnvoyFilter', {
      metadata: {name: 'ef'}, spec: {workloadSelector: {labels: {app: 'web*'}}, configPatches: [{applyTo: 'CLUSTER'}]},
    })).toEqual([{path: '/spec/workloadSelector/labels/app', at: 'value', severity: 'error', code: 'istio-validation',
      message: 'wildcard is not supported in selector: "app=web*"'}]);
  });

  it('warns about a workload selector without labels', () => {
    // envoyfilter.go: WrapWarning "Envoy filter: %s, will be applied to all services in namespace"
    expect(istio(envoyFilter(`  workloadSelector: {}
  configPatches:
  - applyTo: CLUSTER
    patch: {operation: REMOVE}
`))).toContainEqual({at: '6:3', severity: 'warning', code: 'istio-validation-warning',
      message: 'Envoy filter: workload selector specified without labels, will be applied to all services in namespace'});
  });

  it('requires applyTo, patch, operation and a value for non-REMOVE operations', () => {
    // envoyfilter.go: missing applyTo / missing patch / missing patch operation / missing patch value
    const found = istio(envoyFilter(`  configPatches:
  - patch: {operation: ADD, value: {}}
  - applyTo: CLUSTER
  - applyTo: CLUSTER
    patch: {value: {}}
  - applyTo: CLUSTER
    patch: {operation: MERGE}
  - applyTo: CLUSTER
    patch: {operation: REMOVE}
`)).filter((d) => d.severity === 'error');
    expect(found).toEqual([
      {at: '7:5', severity: 'error', code: 'istio-validation', message: 'Envoy filter: missing applyTo'},
      {at: '8:5', severity: 'error', code: 'istio-validation', message: 'Envoy filter: missing patch'},
      {at: '10:5', severity: 'error', code: 'istio-validation', message: 'Envoy filter: missing patch operation'},
      {at: '12:5', severity: 'error', code: 'istio-validation', message: 'Envoy filter: missing patch value for non-remove operation'},
    ]);
  });

  it('rejects a proxyVersion that is not an RE2 regex', () => {
    // envoyfilter.go: "Envoy filter: invalid regex for proxy version, [%v]"
    expect(istio(envoyFilter(`  configPatches:
  - applyTo: CLUSTER
    match:
      proxy: {proxyVersion: '^1\\.(2'}
    patch: {operation: REMOVE}
`))).toContainEqual({at: '9:29', severity: 'error', code: 'istio-validation',
      message: 'Envoy filter: invalid regex for proxy version, [error parsing regexp: missing closing ): `^1\\.(2`]'});
  });

  it('rejects a match of the wrong object class for applyTo', () => {
    // envoyfilter.go: "applyTo for ... class objects cannot have non ... match"
    const found = istio(envoyFilter(`  configPatches:
  - applyTo: HTTP_FILTER
    match: {cluster: {service: reviews}}
    patch: {operation: REMOVE}
  - applyTo: HTTP_ROUTE
    match: {listener: {portNumber: 80}}
    patch: {operation: REMOVE}
  - applyTo: CLUSTER
    match: {routeConfiguration: {vhost: {name: x}}}
    patch: {operation: REMOVE}
`)).filter((d) => d.severity === 'error');
    expect(found).toEqual([
      {at: '8:5', severity: 'error', code: 'istio-validation', message: 'Envoy filter: applyTo for listener class objects cannot have non listener match'},
      {at: '11:5', severity: 'error', code: 'istio-validation', message: 'Envoy filter: applyTo for http route class objects cannot have non route configuration match'},
      {at: '14:5', severity: 'error', code: 'istio-validation', message: 'Envoy filter: applyTo for cluster class objects cannot have non cluster match'},
    ]);
  });

  it('checks filter and subFilter matches', () => {
    // envoyfilter.go: subfilter only with HTTP_FILTER, only under the HTTP connection manager, names required
    const found = istio(envoyFilter(`  configPatches:
  - applyTo: NETWORK_FILTER
    match: {listener: {filterChain: {filter: {name: envoy.filters.network.http_connection_manager, subFilter: {name: envoy.filters.http.router}}}}}
    patch: {operation: REMOVE}
  - applyTo: HTTP_FILTER
    match: {listener: {filterChain: {filter: {name: envoy.filters.network.tcp_proxy, subFilter: {name: envoy.filters.http.router}}}}}
    patch: {operation: REMOVE}
  - applyTo: HTTP_FILTER
    match: {listener: {filterChain: {filter: {subFilter: {name: envoy.filters.http.router}}}}}
    patch: {operation: REMOVE}
  - applyTo: HTTP_FILTER
    match: {listener: {filterChain: {filter: {name: envoy.filters.network.http_connection_manager, subFilter: {}}}}}
    patch: {operation: REMOVE}
`)).filter((d) => d.severity === 'error');
    expect(found).toEqual([
      {at: '8:100', severity: 'error', code: 'istio-validation', message: 'Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only'},
      {at: '11:53', severity: 'error', code: 'istio-validation', message: 'Envoy filter: subfilter match requires filter match with envoy.filters.network.http_connection_manager'},
      {at: '14:38', severity: 'error', code: 'istio-validation', message: 'Envoy filter: filter match has no name to match on'},
      {at: '17:100', severity: 'error', code: 'istio-validation', message: 'Envoy filter: subfilter match has no name to match on'},
    ]);
  });

  it('warns about deprecated filter names and filter matches that have no effect', () => {
    // envoyfilter.go validateListenerMatchName (xds.ReverseDeprecatedFilterNames) and the LISTENER/FILTER_CHAIN warning
    const found = istio(envoyFilter(`  configPatches:
  - applyTo: HTTP_FILTER
    match: {listener: {filterChain: {filter: {name: envoy.http_connection_manager, subFilter: {name: envoy.router}}}}}
    patch: {operation: REMOVE}
  - applyTo: FILTER_CHAIN
    match: {listener: {filterChain: {filter: {name: envoy.filters.network.tcp_proxy}}}}
    patch: {operation: REMOVE}
`)).filter((d) => d.severity === 'warning');
    expect(found).toEqual([
      {at: '8:53', severity: 'warning', code: 'istio-validation-warning',
        message: 'using deprecated filter name "envoy.http_connection_manager"; use "envoy.filters.network.http_connection_manager" instead'},
      {at: '8:102', severity: 'warning', code: 'istio-validation-warning',
        message: 'using deprecated filter name "envoy.router"; use "envoy.filters.http.router" instead'},
      {at: '11:38', severity: 'warning', code: 'istio-validation-warning', message: 'Envoy filter: filter match has no effect when used with FILTER_CHAIN'},
    ]);
  });
});

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const ef = (spec: string) => resource('networking.istio.io/v1alpha3', 'EnvoyFilter', spec, '  name: filter\n  namespace: foo\n');

describe('an EnvoyFilter patch value, decoded as istiod decodes it (xds.BuildXDSObjectFromStruct, strict=false)', () => {
  // A priority, so that istioctl's IST0151 (relative operation without priority) stays out of these cases.
  const httpFilter = (typedConfig: string) => ef(`  priority: 10
  configPatches:
  - applyTo: HTTP_FILTER
    match:
      context: SIDECAR_INBOUND
      listener:
        filterChain:
          filter:
            name: envoy.filters.network.http_connection_manager
            subFilter:
              name: envoy.filters.http.router
    patch:
      operation: INSERT_BEFORE
      value:
        name: envoy.filters.http.lua
${typedConfig}`);

  it('rejects a removed Envoy v2 type in typed_config, with the v3 hint', () => {
    // jsonpb: "could not resolve Any message type: %v"; envoyfilter.go rewords errors naming ".v2."
    expect(errorsAndWarnings(httpFilter('        typed_config:\n          "@type": type.googleapis.com/envoy.config.filter.http.lua.v2.Lua\n          inlineCode: "-- noop"\n'))).toEqual([{
      at: '23:20', severity: 'error', code: 'istio-validation',
      message: 'referenced type unknown (hint: try using the v3 XDS API): Envoy filter: could not resolve Any message type: type.googleapis.com/envoy.config.filter.http.lua.v2.Lua',
    }]);
  });

  it('rejects a v2alpha type without the hint', () => {
    expect(errorsAndWarnings(httpFilter('        typedConfig:\n          "@type": type.googleapis.com/envoy.config.filter.http.jwt_authn.v2alpha.JwtAuthentication\n'))).toEqual([{
      at: '23:20', severity: 'error', code: 'istio-validation',
      message: 'referenced type unknown: Envoy filter: could not resolve Any message type: type.googleapis.com/envoy.config.filter.http.jwt_authn.v2alpha.JwtAuthentication',
    }]);
  });

  it('rejects a typed_config without @type', () => {
    // jsonpb unmarshalMessage, case "Any": "Any JSON doesn't have '@type'"
    expect(errorsAndWarnings(httpFilter('        typed_config:\n          inlineCode: "-- noop"\n'))).toEqual([{
      at: '22:9', severity: 'error', code: 'istio-validation', message: "Envoy filter: Any JSON doesn't have '@type'",
    }]);
  });

  it('accepts the v3 type', () => {
    expect(errorsAndWarnings(httpFilter('        typed_config:\n          "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua\n          inlineCode: "-- noop"\n'))).toEqual([]);
  });
});
