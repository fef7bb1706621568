import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
  service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
  ...objects));
const reviews = virtualService('reviews', 'default', {hosts: ['reviews'], http: [
  {match: [{headers: {'end-user': {exact: 'jason'}, 'x-canary': {prefix: 'a<b'}}}], route: [{destination: {host: 'reviews', subset: 'v2'}}]},
  {route: [{destination: {host: 'reviews', subset: 'v1'}, weight: 50}, {destination: {host: 'reviews', subset: 'v3'}, weight: 50}, {destination: {host: 'reviews', subset: 'v4'}, weight: 0}]},
]});
const RETRY = {
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  numRetries: 2,
  retryHostPredicate: [{name: 'envoy.retry_host_predicates.previous_hosts', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate'}}],
  hostSelectionRetryMaxAttempts: '5',
};

describe('istioctl proxy-config route -o json, as PrintRouteDump marshals the RouteConfigurations istiod builds (route.go TranslateRoute, retry.go)', () => {
  it('prints each route of a VirtualService with its match, destinations, the mesh\'s default retries, its config metadata and trace operation', () => {
    const dump = JSON.parse(text('istioctl pc route productpage-v1-abc --name 9080 -o json', mesh(reviews))) as {virtualHosts: {name: string; routes: unknown[]}[]}[];
    expect(dump).toHaveLength(1);
    expect(dump[0]).toMatchObject({name: '9080', validateClusters: false, maxDirectResponseBodySizeBytes: 1048576, ignorePortInHostMatching: true});
    expect(dump[0]!.virtualHosts.map((vh) => vh.name)).toEqual(['reviews.default.svc.cluster.local:9080', 'allow_any']);
    const metadata = {filterMetadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/default/virtual-service/reviews'}}};
    expect(dump[0]!.virtualHosts[0]!.routes).toEqual([
      {
        // Header matchers sorted by name; a match sets caseSensitive (not IgnoreUriCase).
        match: {prefix: '/', caseSensitive: true, headers: [{name: 'end-user', stringMatch: {exact: 'jason'}}, {name: 'x-canary', stringMatch: {prefix: 'a<b'}}]},
        route: {cluster: 'outbound|9080|v2|reviews.default.svc.cluster.local', timeout: '0s', retryPolicy: RETRY, maxGrpcTimeout: '0s'},
        metadata, decorator: {operation: 'reviews.default.svc.cluster.local:9080/*'},
      },
      {
        // Zero weights left out; a weighted route's operation names the VirtualService and the listener port.
        match: {prefix: '/'},
        route: {weightedClusters: {clusters: [{name: 'outbound|9080|v1|reviews.default.svc.cluster.local', weight: 50}, {name: 'outbound|9080|v3|reviews.default.svc.cluster.local', weight: 50}]}, timeout: '0s', retryPolicy: RETRY, maxGrpcTimeout: '0s'},
        metadata, decorator: {operation: 'reviews:9080/*'},
      },
    ]);
    expect(dump[0]!.virtualHosts[1]).toEqual({name: 'allow_any', domains: ['*'], includeRequestAttemptCount: true, routes: [
      {name: 'allow_any', match: {prefix: '/'}, route: {cluster: 'PassthroughCluster', timeout: '0s', maxGrpcTimeout: '0s'}},
    ]});
  });

  it('lays the array out as Go\'s json.MarshalIndent does: four spaces, jsonpb\'s field order, HTML characters escaped, then a newline', () => {
    const out = text('istioctl pc route productpage-v1-abc --name 9080 -o json', mesh(reviews));
    expect(out.startsWith('[\n    {\n        "name": "9080",\n        "virtualHosts": [\n')).toBe(true);
    expect(out).toContain('"prefix": "a\\u003cb"');
    expect(out.endsWith('\n    }\n]\n')).toBe(true);
    expect(Object.keys(JSON.parse(out)[0].virtualHosts[0].routes[0])).toEqual(['match', 'route', 'metadata', 'decorator']);
    // A Service without a VirtualService: BuildDefaultHTTPOutboundRoute's route named default.
    const plain = JSON.parse(text('istioctl pc route productpage-v1-abc --name 9080 -o json', mesh())) as {virtualHosts: {routes: unknown[]}[]}[];
    expect(plain[0]!.virtualHosts[0]!.routes).toEqual([{name: 'default', match: {prefix: '/'}, route: {cluster: 'outbound|9080||reviews.default.svc.cluster.local', timeout: '0s', retryPolicy: RETRY, maxGrpcTimeout: '0s'}, decorator: {operation: 'reviews.default.svc.cluster.local:9080/*'}}]);
    expect(text('istioctl pc route productpage-v1-abc --name 9999 -o json', mesh())).toBe('[]\n');
  });

  it('prints every configuration without --name: the listeners\' inline ones too, as the bootstrap and buildSidecarInboundHTTPRouteConfig write them', () => {
    // productpage's own Service makes an inbound HTTP port; PERMISSIVE mTLS gives it (and the passthrough) a TLS and a plaintext chain, each with its configuration.
    const model = mesh(service('productpage', 'default', [{name: 'http', port: 9080, targetPort: 9080}], {clusterIP: '10.96.0.13', selector: {app: 'productpage'}}));
    const dump = JSON.parse(text('istioctl pc route productpage-v1-abc -o json', model)) as Record<string, unknown>[];
    expect(dump.map((c) => c.name)).toEqual(['9080', undefined, undefined, 'inbound|9080||', 'inbound|9080||', 'InboundPassthroughCluster', 'InboundPassthroughCluster']);
    // envoy_bootstrap.json's static listeners: no name, no defaults added.
    expect(dump[1]).toEqual({virtualHosts: [{name: 'backend', domains: ['*'], routes: [{match: {prefix: '/stats/prometheus'}, route: {cluster: 'prometheus_stats'}}]}]});
    expect(dump[2]).toEqual({virtualHosts: [{name: 'backend', domains: ['*'], routes: [{match: {prefix: '/healthz/ready'}, route: {cluster: 'agent'}}]}]});
    // BuildDefaultHTTPInboundRoute: no timeout or stream limit, resets retried twice; the Service's host and port as the operation.
    expect(dump[3]).toEqual({name: 'inbound|9080||', validateClusters: false, virtualHosts: [{name: 'inbound|http|9080', domains: ['*'], routes: [{
      name: 'default', match: {prefix: '/'},
      route: {cluster: 'inbound|9080||', timeout: '0s', retryPolicy: {retryOn: 'reset-before-request', numRetries: 2}, maxStreamDuration: {maxStreamDuration: '0s', grpcTimeoutHeaderMax: '0s'}},
      decorator: {operation: 'productpage.default.svc.cluster.local:9080/*'},
    }]}]});
    expect(Object.keys(dump[3]!)).toEqual(['name', 'virtualHosts', 'validateClusters']);
    // The passthrough chains' port has no host and number 0.
    expect(dump[5]).toMatchObject({name: 'InboundPassthroughCluster', virtualHosts: [{name: 'inbound|http|0', routes: [{route: {cluster: 'InboundPassthroughCluster'}, decorator: {operation: ':0/*'}}]}]});
    // A gRPC port's inbound route is not retried (reset-before-request breaks streams).
    const grpc = mesh(service('productpage', 'default', [{name: 'grpc', port: 9080, targetPort: 9080}], {clusterIP: '10.96.0.13', selector: {app: 'productpage'}}));
    const inbound = (JSON.parse(text("istioctl pc route productpage-v1-abc --name 'inbound|9080||' -o json", grpc)) as {virtualHosts: {routes: {route: Record<string, unknown>}[]}[]}[]);
    expect(inbound[0]!.virtualHosts[0]!.routes[0]!.route).toEqual({cluster: 'inbound|9080||', timeout: '0s', maxStreamDuration: {maxStreamDuration: '0s', grpcTimeoutHeaderMax: '0s'}});
  });

  it('refuses what it does not translate: route fields beyond matches and destinations', () => {
    const timeout = virtualService('reviews', 'default', {hosts: ['reviews'], http: [{route: [{destination: {host: 'reviews'}}], timeout: '3s'}]});
    expect(print('istioctl pc route productpage-v1-abc --name 9080 -o json', mesh(timeout))?.kind).toBe('gap');
    // The summary of the same routes stays printable.
    expect(print('istioctl pc route productpage-v1-abc --name 9080', mesh(timeout))?.kind).toBe('printed');
    expect(print('istioctl pc route productpage-v1-abc --name 9080 -o yaml', mesh(timeout))?.kind).toBe('gap');
  });
});

describe('istioctl proxy-config route -o yaml, as PrintRouteDump turns the JSON into YAML (sigs.k8s.io/yaml JSONToYAML over go-yaml v2)', () => {
  it('prints the same configurations with go-yaml\'s key order (no longer jsonpb\'s), an unindented top-level list, int64 strings quoted, then Fprintln\'s newline', () => {
    const out = text('istioctl pc route productpage-v1-abc --name 9080 -o yaml', mesh());
    expect(out).toBe([
      '- ignorePortInHostMatching: true',
      '  maxDirectResponseBodySizeBytes: 1048576',
      '  name: "9080"',
      '  validateClusters: false',
      '  virtualHosts:',
      '  - domains:',
      '    - reviews.default.svc.cluster.local',
      '    - reviews.default.svc.cluster.local.',
      '    - reviews',
      '    - reviews.default.svc',
      '    - reviews.default',
      '    - 10.96.0.12',
      '    includeRequestAttemptCount: true',
      '    name: reviews.default.svc.cluster.local:9080',
      '    routes:',
      '    - decorator:',
      '        operation: reviews.default.svc.cluster.local:9080/*',
      '      match:',
      '        prefix: /',
      '      name: default',
      '      route:',
      '        cluster: outbound|9080||reviews.default.svc.cluster.local',
      '        maxGrpcTimeout: 0s',
      '        retryPolicy:',
      '          hostSelectionRetryMaxAttempts: "5"',
      '          numRetries: 2',
      '          retryHostPredicate:',
      '          - name: envoy.retry_host_predicates.previous_hosts',
      '            typedConfig:',
      "              '@type': type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
      '          retryOn: connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      '        timeout: 0s',
      '  - domains:',
      "    - '*'",
      '    includeRequestAttemptCount: true',
      '    name: allow_any',
      '    routes:',
      '    - match:',
      '        prefix: /',
      '      name: allow_any',
      '      route:',
      '        cluster: PassthroughCluster',
      '        maxGrpcTimeout: 0s',
      '        timeout: 0s',
      '',
      '',
    ].join('\n'));
  });
});

describe('go-yaml v2\'s map key order (sorter.go keyList.Less)', () => {
  it('puts a non-letter before a letter, compares letters by code point and runs of digits by value', async () => {
    const {yamlKeyOrder} = await import('../../../src/terminal/printers/output');
    expect(['b', 'a10', 'a9', '_x', 'Z', 'a', '@type', 'a09'].sort(yamlKeyOrder)).toEqual(['@type', '_x', 'Z', 'a', 'a9', 'a09', 'a10', 'b']);
  });
});
