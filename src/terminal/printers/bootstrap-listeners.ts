/**
 * The two listeners every Istio 1.30.3 proxy gets from its bootstrap, not from istiod
 * (tools/packaging/common/envoy_bootstrap.json `static_resources.listeners`, rendered by
 * pkg/bootstrap/config.go): prometheus on 0.0.0.0:15090 (`/stats/prometheus` to prometheus_stats,
 * with the brotli, zstd and gzip compressors while the proxy config's statsCompression is not false)
 * and health on 0.0.0.0:15021 (`/healthz/ready` to agent). istioctl lists them after the dynamic
 * ones (configdump/listener.go retrieveSortedListenerSlice appends StaticListeners), and prints
 * them through jsonpb as Envoy keeps them: fields in declaration order, the zero enums
 * (SocketAddress.protocol TCP, codec_type AUTO) left out.
 * Gaps: METRICS_LOCALHOST_ACCESS_ONLY (the prometheus listener on 127.0.0.1), a dual-stack pod's
 * additional addresses, ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL's listener filter.
 */
import {field, list, ModelGap, type StateModel} from './model';
import {proxyContainer, type Proxy} from './istioctl-proxies';
import {meshConfig} from './sidecar-clusters';
import {bootstrapRouteConfigurationJson, type JsonObject} from './route-json';
import type {EnvoyListener} from './sidecar-listeners';

const TYPE_PREFIX = 'type.googleapis.com/';
const PROMETHEUS_PORT = 15090;
const STATUS_PORT = 15021;

/** The bootstrap's listeners as the table reads them: one match-all chain each, an inline route. */
export function bootstrapListeners(): EnvoyListener[] {
  const listener = (port: number, prefix: string): EnvoyListener => ({
    address: '0.0.0.0', port, name: `0.0.0.0_${port}`, role: 'bootstrap', chains: [{match: 'ALL', destination: `Inline Route: ${prefix}*`, kind: 'http'}],
  });
  return [listener(PROMETHEUS_PORT, '/stats/prometheus'), listener(STATUS_PORT, '/healthz/ready')];
}

/** The compressor of the prometheus listener's filters for one library (Compressor: compressor_library, then response_direction_config). */
function compressor(library: 'brotli' | 'zstd' | 'gzip'): JsonObject {
  const Library = library[0]!.toUpperCase() + library.slice(1);
  return {
    name: `envoy.filters.http.compressor.${library}`,
    typedConfig: {
      '@type': `${TYPE_PREFIX}envoy.extensions.filters.http.compressor.v3.Compressor`,
      compressorLibrary: {name: `stats_${library}`, typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.compression.${library}.compressor.v3.${Library}`}},
      responseDirectionConfig: {commonConfig: {contentType: ['text/plain', 'application/vnd.google.protobuf', 'application/openmetrics-text', 'application/openmetrics-protobuf']}},
    },
  };
}

const ROUTER: JsonObject = {name: 'envoy.filters.http.router', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.filters.http.router.v3.Router`}};

/** The template's conditionals for this proxy (whether stats are compressed), or a gap for the ones not followed. */
function templateOptions(proxy: Proxy, model: StateModel): {compressStats: boolean} {
  const env = (name: string): unknown => field(list(field(proxyContainer(proxy.pod), 'env')).find((e) => field(e, 'name') === name), 'value');
  for (const name of ['METRICS_LOCALHOST_ACCESS_ONLY', 'ISTIO_META_METRICS_LOCALHOST_ACCESS_ONLY']) {
    if (env(name) !== undefined) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} sets ${name}, which moves the bootstrap's prometheus listener: not translated to Envoy's JSON here`);
  }
  if (env('ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL') !== undefined) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} sets ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL, whose listener filter is not translated to Envoy's JSON here`);
  if (list(field(proxy.pod.value, 'status', 'podIPs')).length > 1) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} is dual-stack, whose bootstrap listeners' additional addresses are not translated to Envoy's JSON here`);
  // config.go: the proxy config's statsCompression, true when unset.
  return {compressStats: field(meshConfig(model), 'defaultConfig', 'statsCompression') !== false};
}

/** A bootstrap listener as the config dump holds it (Listener: name, address, filter_chains, then ignore_global_conn_limit and bypass_overload_manager). */
export function bootstrapListenerJson(listener: EnvoyListener, proxy: Proxy, model: StateModel): JsonObject {
  const prometheus = listener.port === PROMETHEUS_PORT;
  if (!prometheus && listener.port !== STATUS_PORT) throw new ModelGap(`the bootstrap declares no listener on port ${listener.port}`);
  const {compressStats} = templateOptions(proxy, model);
  const compressors = prometheus && compressStats ? (['brotli', 'zstd', 'gzip'] as const).map(compressor) : [];
  const routeConfig = prometheus ? bootstrapRouteConfigurationJson('/stats/prometheus', 'prometheus_stats') : bootstrapRouteConfigurationJson('/healthz/ready', 'agent');
  return {
    name: `0.0.0.0_${listener.port}`,
    address: {socketAddress: {address: '0.0.0.0', portValue: listener.port}},
    filterChains: [{filters: [{
      name: 'envoy.filters.network.http_connection_manager',
      typedConfig: {
        '@type': `${TYPE_PREFIX}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
        statPrefix: prometheus ? 'stats' : 'agent',
        routeConfig,
        httpFilters: [...compressors, ROUTER],
      },
    }]}],
    ignoreGlobalConnLimit: true,
    bypassOverloadManager: true,
  };
}
