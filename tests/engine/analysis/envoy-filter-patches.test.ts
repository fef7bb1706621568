/**
 * istioctl analyze, envoyfilter/envoyfilter.go (EnvoyPatchAnalyzer): patch operations that Istio ignores or
 * applies unreliably (IST0151 to IST0155). Messages: msg/messages.yaml.
 */
import {describe, expect, it} from 'vitest';
import {ingressCluster} from '../support/clusters';
import {istioctlFindings} from '../support/findings';

const withIngress = {context: ingressCluster};

const envoyFilter = (patches: string, extra = '') => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: ef
  namespace: default
spec:
${extra}  configPatches:
${patches}`;

const RELATIVE = 'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. ' +
  'Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.';
const RELATIVE_WITH_VERSION = 'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) ' +
  'and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. ' +
  'Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.';

const lua = `  - applyTo: HTTP_FILTER
    match:
      context: SIDECAR_INBOUND
      listener:
        filterChain:
          filter:
            name: envoy.filters.network.http_connection_manager
            subFilter: {name: envoy.filters.http.router}
    patch:
      operation: INSERT_BEFORE
      value:
        name: envoy.lua
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
          inlineCode: "function envoy_on_request(h) end"
`;

describe('an EnvoyFilter patch operation, as istioctl analyze judges it', () => {
  it('IST0151: a relative operation (INSERT_BEFORE) without priority', () => {
    expect(istioctlFindings(envoyFilter(lua))).toEqual([
      {at: '17:18', severity: 'warning', code: 'IST0151', message: RELATIVE},
    ]);
  });

  it('is silent with a priority, and without context needs none', () => {
    expect(istioctlFindings(envoyFilter(lua, '  priority: 10\n'))).toEqual([]);
    expect(istioctlFindings(envoyFilter(lua.replace('INSERT_BEFORE', 'INSERT_FIRST')))).toEqual([]);
    expect(istioctlFindings(envoyFilter(lua.replace('INSERT_BEFORE', 'INSERT_FIRST')), withIngress)).toEqual([]);
  });

  it('IST0152: REPLACE only for HTTP_FILTER and NETWORK_FILTER; elsewhere REPLACE is relative', () => {
    expect(istioctlFindings(envoyFilter(`  - applyTo: CLUSTER
    match: {cluster: {service: reviews.default.svc.cluster.local}}
    patch:
      operation: REPLACE
      value: {name: x}
`))).toEqual([{at: '11:18', severity: 'error', code: 'IST0152', message: 'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.'}]);
    expect(istioctlFindings(envoyFilter(lua.replace('INSERT_BEFORE', 'REPLACE'))).map((f) => f.code)).toEqual(['IST0151']);
  });

  it('IST0153 / IST0154: ADD and REMOVE are ignored for ROUTE_CONFIGURATION and HTTP_ROUTE', () => {
    expect(istioctlFindings(envoyFilter(`  - applyTo: HTTP_ROUTE
    match: {routeConfiguration: {vhost: {name: "reviews:9080"}}}
    patch:
      operation: ADD
      value: {name: extra}
  - applyTo: ROUTE_CONFIGURATION
    match: {routeConfiguration: {portNumber: 9080}}
    patch: {operation: REMOVE}
`))).toEqual([
      {at: '11:18', severity: 'error', code: 'IST0153', message: 'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.'},
      {at: '15:24', severity: 'error', code: 'IST0154', message: 'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.'},
    ]);
  });

  it('is silent for MERGE, ADD to a listener and REMOVE of a filter with a priority', () => {
    expect(istioctlFindings(envoyFilter(`  - applyTo: CLUSTER
    match: {cluster: {service: reviews.default.svc.cluster.local}}
    patch:
      operation: MERGE
      value: {connect_timeout: 2s}
  - applyTo: LISTENER
    patch:
      operation: ADD
      value: {name: extra}
  - applyTo: NETWORK_FILTER
    match: {listener: {filterChain: {filter: {name: envoy.filters.network.tcp_proxy}}}}
    patch: {operation: REMOVE}
`, '  priority: -1\n'))).toEqual([]);
  });

  it('IST0155: a relative patch of a filter name an earlier patch with proxyVersion also patches', () => {
    const versioned = lua.replace('      context: SIDECAR_INBOUND\n', '      context: SIDECAR_INBOUND\n      proxy: {proxyVersion: "^1\\\\.30.*"}\n');
    const found = istioctlFindings(`${envoyFilter(versioned)}---
${envoyFilter(lua).replace('name: ef', 'name: ef2')}`);
    expect(found.map((f) => [f.code, f.severity])).toEqual([['IST0151', 'warning'], ['IST0155', 'warning']]);
    expect(found[1]!.message).toBe(RELATIVE_WITH_VERSION);
  });
});
