/**
 * The mesh config analyzers read: istioctl's defaults (mesh.DefaultMeshConfig) with a mesh config
 * file applied over them as mesh.ApplyMeshConfig applies it. Plain data in the proto's JSON names.
 */
import {isRecord} from '../findings';

export type MeshConfig = Readonly<Record<string, unknown>>;

/** mesh.DefaultProxyConfig: the proxy defaults a mesh config's defaultConfig is merged into. */
function defaultProxyConfig(): Record<string, unknown> {
  return {
    configPath: './etc/istio/proxy',
    serviceCluster: 'istio-proxy',
    drainDuration: '45s',
    terminationDrainDuration: '5s',
    proxyAdminPort: 15000,
    controlPlaneAuthPolicy: 'MUTUAL_TLS',
    discoveryAddress: 'istiod.istio-system.svc:15012',
    binaryPath: '/usr/local/bin/envoy',
    statNameLength: 189,
    statusPort: 15020,
  };
}

/** mesh.DefaultMeshConfig at 1.30.3 (the fields analyzers and the default resources read, and their neighbours). */
export function defaultMeshConfig(): Record<string, unknown> {
  return {
    enableTracing: true,
    accessLogFile: '',
    accessLogEncoding: 'TEXT',
    accessLogFormat: '',
    enableEnvoyAccessLogService: false,
    protocolDetectionTimeout: '0s',
    ingressService: 'istio-ingressgateway',
    ingressControllerMode: 'STRICT',
    ingressClass: 'istio',
    trustDomain: 'cluster.local',
    trustDomainAliases: [],
    enableAutoMtls: true,
    outboundTrafficPolicy: {mode: 'ALLOW_ANY'},
    inboundTrafficPolicy: {mode: 'PASSTHROUGH'},
    localityLbSetting: {enabled: true},
    certificates: [],
    defaultConfig: defaultProxyConfig(),
    rootNamespace: 'istio-system',
    proxyListenPort: 15001,
    proxyInboundListenPort: 15006,
    connectTimeout: '10s',
    defaultServiceExportTo: ['*'],
    defaultVirtualServiceExportTo: ['*'],
    defaultDestinationRuleExportTo: ['*'],
    dnsRefreshRate: '60s',
    serviceSettings: [],
    enablePrometheusMerge: true,
    defaultProviders: {},
    extensionProviders: [
      {name: 'prometheus', prometheus: {}},
      {name: 'stackdriver', stackdriver: {}},
      {name: 'envoy', envoyFileAccessLog: {path: '/dev/stdout'}},
    ],
  };
}

/** protojson accepts a field's proto name too: ingress_service is ingressService. */
function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function camelKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[camel(key)] = value[key];
  return out;
}

/**
 * mesh.ApplyMeshConfig: every field written replaces the default, except defaultConfig (merged
 * into the proxy defaults), defaultProviders (applied over the default's), extensionProviders
 * (one of the same name replaced, others appended) and trustDomainAliases (united, sorted).
 * A mesh config that is not a mapping is an error, as protomarshal.ApplyYAML makes it.
 */
export function applyMeshConfig(written: unknown): Record<string, unknown> {
  const config = defaultMeshConfig();
  if (written === null || written === undefined) return config;
  if (!isRecord(written)) throw new Error('failed to convert to proto.: the mesh config is not a mapping');
  const fields = camelKeys(written);
  const previous = {
    defaultConfig: config.defaultConfig as Record<string, unknown>,
    defaultProviders: config.defaultProviders as Record<string, unknown>,
    extensionProviders: config.extensionProviders as Record<string, unknown>[],
    trustDomainAliases: config.trustDomainAliases as string[],
  };
  Object.assign(config, fields);
  config.defaultConfig = isRecord(fields.defaultConfig) ? {...previous.defaultConfig, ...camelKeys(fields.defaultConfig)} : previous.defaultConfig;
  config.defaultProviders = isRecord(fields.defaultProviders) ? {...previous.defaultProviders, ...camelKeys(fields.defaultProviders)} : previous.defaultProviders;
  const providers = previous.extensionProviders.map((p) => ({...p}));
  for (const provider of Array.isArray(fields.extensionProviders) ? fields.extensionProviders : []) {
    if (!isRecord(provider)) continue;
    const same = providers.findIndex((p) => p.name === provider.name);
    if (same >= 0) providers[same] = camelKeys(provider);
    else providers.push(camelKeys(provider));
  }
  config.extensionProviders = providers;
  const aliases = Array.isArray(fields.trustDomainAliases) ? fields.trustDomainAliases.filter((a): a is string => typeof a === 'string') : [];
  config.trustDomainAliases = [...new Set([...aliases, ...previous.trustDomainAliases])].sort();
  return config;
}

/** MeshConfig.GetIngressControllerMode() != OFF: AddDefaultResources adds the dummy ingress gateway. */
export function ingressEnabled(config: MeshConfig): boolean {
  return config.ingressControllerMode !== 'OFF';
}
