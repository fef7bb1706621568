/**
 * Access logs in `proxy-config listener -o json`, as istiod 1.30.3 writes them
 * (pilot/pkg/networking/core/accesslog.go, pilot/pkg/model/telemetry.go and telemetry_logging.go):
 * the mesh config's accessLogFile, the Telemetry API over defaultProviders.accessLogging with the
 * root, namespace and workload levels merged as mergeLogs merges them, extension providers, and
 * where each entry goes (connection managers, TCP proxies, listeners with the NR filter).
 */
import {describe, expect, it} from 'vitest';
import {gap, text} from './support/answers';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ENVOY_TEXT_LOG_FORMAT} from '../../../src/terminal/printers/access-log-json';
import {ISTIOD, GATEWAY, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';

const dump = (line: string, model: StateModel): Record<string, unknown>[] => JSON.parse(text(line, model)) as Record<string, unknown>[];

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const PROMETHEUS = {defaultProviders: {metrics: ['prometheus']}};
const mesh = (meshExtra: Record<string, unknown>, ...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, client, namespace('default'), namespace('istio-system'),
  service('productpage', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.11'}),
  service('mysql', 'default', [{name: 'tcp', port: 3306}], {clusterIP: '10.96.0.12'}),
  service('istiod', 'istio-system', [{name: 'https-dns', port: 15012}], {clusterIP: '10.96.0.13'}),
  ...objects), {...PROMETHEUS, ...meshExtra});

function telemetry(name: string, namespace: string, created: string, spec: Record<string, unknown>): ModelObject {
  return {group: 'telemetry.istio.io', kind: 'Telemetry', namespace, name, value: {apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: {name, namespace, creationTimestamp: created}, spec}};
}

const STDOUT_TEXT = {
  name: 'envoy.access_loggers.file',
  typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/dev/stdout', logFormat: {textFormatSource: {inlineString: ENVOY_TEXT_LOG_FORMAT}}},
};
const NR = {responseFlagFilter: {flags: ['NR']}};

type Json = Record<string, any>;
const listener = (port: number, model: StateModel): Json => dump(`istioctl pc listener productpage-v1-abc --port ${port} -o json`, model)[0] as Json;
/** The typed config of the chain's filter of that name. */
const filterOf = (chain: Json, name: string): Json => (chain.filters as Json[]).find((f) => f.name === name)!.typedConfig;
const hcm = (chain: Json): Json => filterOf(chain, 'envoy.filters.network.http_connection_manager');
const tcp = (chain: Json): Json => filterOf(chain, 'envoy.filters.network.tcp_proxy');

describe('the mesh config\'s accessLogFile (FileAccessLogFromMeshConfig)', () => {
  it('logs every connection manager with Istio\'s text format, after the stream idle timeout as HttpConnectionManager declares it', () => {
    const outbound = listener(9080, mesh({accessLogFile: '/dev/stdout'}));
    const manager = hcm((outbound.filterChains as Json[])[0]!);
    expect(manager.accessLog).toEqual([STDOUT_TEXT]);
    const keys = Object.keys(manager);
    expect(keys.indexOf('accessLog')).toBe(keys.indexOf('streamIdleTimeout') + 1);
    expect(ENVOY_TEXT_LOG_FORMAT.startsWith('[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ')).toBe(true);
    expect(ENVOY_TEXT_LOG_FORMAT.endsWith('%DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n')).toBe(true);
  });

  it('logs TCP proxies after their cluster, but not the blackhole chains istiod builds without setTCPAccessLog; virtualOutbound itself logs only NR', () => {
    const virtualOutbound = listener(15001, mesh({accessLogFile: '/dev/stdout'}));
    const [blackhole, catchAll] = virtualOutbound.filterChains as Json[];
    expect(tcp(blackhole!).accessLog).toBeUndefined();
    expect(tcp(catchAll!)).toEqual({'@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', statPrefix: 'PassthroughCluster', cluster: 'PassthroughCluster', accessLog: [STDOUT_TEXT]});
    expect(virtualOutbound.accessLog).toEqual([{name: STDOUT_TEXT.name, filter: NR, typedConfig: STDOUT_TEXT.typedConfig}]);
    expect(Object.keys(virtualOutbound)).toEqual(['name', 'address', 'filterChains', 'useOriginalDst', 'trafficDirection', 'accessLog', 'maxConnectionsToAcceptPerSocketEvent']);
    const mysql = listener(3306, mesh({accessLogFile: '/dev/stdout'}));
    expect(mysql.accessLog).toBeUndefined();
    expect(tcp((mysql.filterChains as Json[])[0]!).accessLog).toEqual([STDOUT_TEXT]);
  });

  it('writes JSON labels sorted by key, the mesh\'s own accessLogFormat or Istio\'s, with empty JSON format options', () => {
    const own = hcm((listener(9080, mesh({accessLogFile: '/var/log/a.log', accessLogEncoding: 'JSON', accessLogFormat: '{"path":"%REQ_WITHOUT_QUERY(:PATH)%","code":"%RESPONSE_CODE%"}'})).filterChains as Json[])[0]!);
    expect(own.accessLog[0].typedConfig).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/var/log/a.log',
      logFormat: {jsonFormat: {code: '%RESPONSE_CODE%', path: '%REQ_WITHOUT_QUERY(:PATH)%'}, formatters: [{name: 'envoy.formatter.req_without_query', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery'}}], jsonFormatOptions: {}},
    });
    expect(Object.keys(own.accessLog[0].typedConfig.logFormat.jsonFormat)).toEqual(['code', 'path']);
    const istio = hcm((listener(9080, mesh({accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON', accessLogFormat: 'not json'})).filterChains as Json[])[0]!);
    expect(Object.keys(istio.accessLog[0].typedConfig.logFormat.jsonFormat)[0]).toBe('authority');
    const text = hcm((listener(9080, mesh({accessLogFile: '/dev/stdout', accessLogFormat: '%RESPONSE_CODE%'})).filterChains as Json[])[0]!);
    expect(text.accessLog[0].typedConfig.logFormat).toEqual({textFormatSource: {inlineString: '%RESPONSE_CODE%\n'}});
  });

  it('gives no listener log under disableEnvoyListenerLog, and refuses the gRPC access log service', () => {
    expect(listener(15001, mesh({accessLogFile: '/dev/stdout', disableEnvoyListenerLog: true})).accessLog).toBeUndefined();
    expect(gap('istioctl pc listener productpage-v1-abc --port 15001 -o json', mesh({enableEnvoyAccessLogService: true}))).toMatch(/enableEnvoyAccessLogService/);
  });
});

describe('the Telemetry API (telemetry.go AccessLogging, mergeLogs)', () => {
  const manager = (model: StateModel): Json => hcm((listener(9080, model).filterChains as Json[])[0]!);

  it('logs through the built-in envoy provider named as a default provider, with the mesh\'s format', () => {
    expect(manager(mesh({defaultProviders: {...PROMETHEUS.defaultProviders, accessLogging: ['envoy']}})).accessLog).toEqual([STDOUT_TEXT]);
  });

  it('takes the root namespace\'s Telemetry, whose CEL filter is and-ed after the listener\'s NR filter', () => {
    const root = telemetry('mesh-default', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'envoy'}], filter: {expression: 'response.code >= 400'}}]});
    const model = mesh({}, root);
    const cel = {extensionFilter: {name: 'envoy.access_loggers.extension_filters.cel', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter', expression: 'response.code >= 400'}}};
    expect(manager(model).accessLog).toEqual([{name: STDOUT_TEXT.name, filter: cel, typedConfig: STDOUT_TEXT.typedConfig}]);
    expect(listener(15001, model).accessLog).toEqual([{name: STDOUT_TEXT.name, filter: {andFilter: {filters: [NR, cel]}}, typedConfig: STDOUT_TEXT.typedConfig}]);
  });

  it('lets a namespace\'s Telemetry disable what the root turned on, and a workload\'s turn it back on for its own pods only', () => {
    const root = telemetry('mesh-default', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'envoy'}]}]});
    const off = telemetry('quiet', 'default', '2026-11-24T21:01:00Z', {accessLogging: [{disabled: true}]});
    expect(manager(mesh({}, root, off)).accessLog).toBeUndefined();
    const on = telemetry('productpage-logs', 'default', '2026-11-24T21:02:00Z', {selector: {matchLabels: {app: 'productpage'}}, accessLogging: [{providers: [{name: 'envoy'}]}]});
    expect(manager(mesh({}, root, off, on)).accessLog).toEqual([STDOUT_TEXT]);
    const elsewhere = telemetry('reviews-logs', 'default', '2026-11-24T21:02:00Z', {selector: {matchLabels: {app: 'reviews'}}, accessLogging: [{providers: [{name: 'envoy'}]}]});
    expect(manager(mesh({}, root, off, elsewhere)).accessLog).toBeUndefined();
  });

  it('reads one namespace-wide Telemetry per namespace, the oldest (a same-second tie by name, as sortConfigByCreationTime orders them)', () => {
    const on = telemetry('b-logs', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'envoy'}]}]});
    const off = telemetry('a-quiet', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'envoy'}], disabled: true}]});
    expect(manager(mesh({}, on, off)).accessLog).toBeUndefined();
    const later = telemetry('a-quiet', 'istio-system', '2026-11-24T21:00:01Z', {accessLogging: [{providers: [{name: 'envoy'}], disabled: true}]});
    expect(manager(mesh({}, on, later)).accessLog).toEqual([STDOUT_TEXT]);
  });

  it('matches the listener class\'s workload mode: a SERVER-only rule logs inbound, not outbound', () => {
    const server = telemetry('server-only', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'envoy'}], match: {mode: 'SERVER'}}]});
    const model = mesh({}, server);
    expect(manager(model).accessLog).toBeUndefined();
    const inbound = listener(15006, model);
    const httpChain = (inbound.filterChains as Json[]).find((c) => c.name === 'virtualInbound-catchall-http')!;
    expect(hcm(httpChain).accessLog).toEqual([STDOUT_TEXT]);
  });

  it('falls back to accessLogFile when the providers named are not in the mesh (fetchProvider finds none), and sorts several by provider name', () => {
    const unknown = telemetry('mesh-default', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'nowhere'}]}]});
    expect(manager(mesh({accessLogFile: '/dev/stdout'}, unknown)).accessLog).toEqual([STDOUT_TEXT]);
    const providers = {extensionProviders: [{name: 'a-json', envoyFileAccessLog: {path: '/dev/stdout', logFormat: {labels: {code: '%RESPONSE_CODE%'}}}}, {name: 'z-text', envoyFileAccessLog: {logFormat: {text: '%DURATION%'}}}]};
    const both = telemetry('mesh-default', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'z-text'}, {name: 'a-json'}]}]});
    expect(manager(mesh(providers, both)).accessLog.map((l: Json) => l.typedConfig.logFormat)).toEqual([
      {jsonFormat: {code: '%RESPONSE_CODE%'}, jsonFormatOptions: {}},
      {textFormatSource: {inlineString: '%DURATION%\n'}},
    ]);
  });

  it('refuses Telemetry that also sets metrics or targetRefs, and providers that log to a service', () => {
    const metrics = telemetry('mesh-default', 'istio-system', '2026-11-24T21:00:00Z', {metrics: [{providers: [{name: 'prometheus'}]}]});
    expect(gap('istioctl pc listener productpage-v1-abc --port 9080 -o json', mesh({}, metrics))).toMatch(/sets metrics/);
    const als = telemetry('mesh-default', 'istio-system', '2026-11-24T21:00:00Z', {accessLogging: [{providers: [{name: 'otel'}]}]});
    expect(gap('istioctl pc listener productpage-v1-abc --port 9080 -o json', mesh({extensionProviders: [{name: 'otel', envoyOtelAls: {service: 'otel.observability.svc.cluster.local', port: 4317}}]}, als))).toMatch(/envoyOtelAls/);
  });
});
