/**
 * The `access_log` entries istiod 1.30.3 writes into a proxy's listeners, HTTP connection managers and
 * TCP proxies (pilot/pkg/networking/core/accesslog.go), as jsonpb marshals them for
 * `proxy-config listener -o json` (AccessLog: name, filter, typed_config):
 * - the Telemetry API first (pilot/pkg/model/telemetry.go AccessLogging): the root namespace's
 *   namespace-wide Telemetry, the proxy's namespace's, then the workload's (a selector matching the
 *   pod's labels), oldest first (sortConfigByCreationTime), merged as mergeLogs merges them over the
 *   mesh's defaultProviders.accessLogging (a level that names providers replaces the set in scope;
 *   `disabled` turns a provider off; match.mode CLIENT, SERVER or CLIENT_AND_SERVER against the
 *   listener class's workload mode; filter.expression becomes a CEL ExpressionFilter), each provider
 *   looked up among the mesh's extensionProviders (istio's built-in prometheus, stackdriver and
 *   `envoy` ones, overridden or extended by name as mesh.go ApplyMeshConfig merges them; a name not
 *   found is dropped), sorted by provider name;
 * - without Telemetry or default providers, or when they leave no provider, the legacy mesh config:
 *   `accessLogFile` with accessLogEncoding and accessLogFormat (FileAccessLogFromMeshConfig).
 * The `envoy` provider without its own format reads the mesh's encoding and format too
 * (telemetryAccessLog); an envoyFileAccessLog provider otherwise writes its path (default
 * /dev/stdout) with its text or labels (fileAccessLogFromTelemetry). Listener-level logs carry the
 * NR response-flag filter (and none when disableEnvoyListenerLog). The gRPC and OpenTelemetry
 * services, Telemetry objects with metrics or tracing or targetRefs, and enableEnvoyAccessLogService
 * are gaps, with their reason.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {labelsInclude} from '../../engine/model/labels';
import {byteOrder} from './jsonpath';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {rootNamespaceOf} from './root-namespace';
import type {JsonObject} from './route-json';

const TYPE_PREFIX = 'type.googleapis.com/';

/** telemetry_logging.go EnvoyTextLogFormat: the text of a file log without a format. */
export const ENVOY_TEXT_LOG_FORMAT = '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% '
  + '%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% '
  + '%DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" '
  + '%UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

/** EnvoyJSONLogFormatIstio: the labels of a JSON file log without a format. */
const ENVOY_JSON_LOG_FORMAT: Readonly<Record<string, string>> = {
  start_time: '%START_TIME%', route_name: '%ROUTE_NAME%', method: '%REQ(:METHOD)%', path: '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%', protocol: '%PROTOCOL%',
  response_code: '%RESPONSE_CODE%', response_flags: '%RESPONSE_FLAGS%', response_code_details: '%RESPONSE_CODE_DETAILS%',
  connection_termination_details: '%CONNECTION_TERMINATION_DETAILS%', bytes_received: '%BYTES_RECEIVED%', bytes_sent: '%BYTES_SENT%', duration: '%DURATION%',
  upstream_service_time: '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%', x_forwarded_for: '%REQ(X-FORWARDED-FOR)%', user_agent: '%REQ(USER-AGENT)%',
  request_id: '%REQ(X-REQUEST-ID)%', authority: '%REQ(:AUTHORITY)%', upstream_host: '%UPSTREAM_HOST%', upstream_cluster: '%UPSTREAM_CLUSTER_RAW%',
  upstream_local_address: '%UPSTREAM_LOCAL_ADDRESS%', downstream_local_address: '%DOWNSTREAM_LOCAL_ADDRESS%', downstream_remote_address: '%DOWNSTREAM_REMOTE_ADDRESS%',
  requested_server_name: '%REQUESTED_SERVER_NAME%', upstream_transport_failure_reason: '%UPSTREAM_TRANSPORT_FAILURE_REASON%',
};

/** istionetworking.ListenerClass, as the listener printers name it. */
export type AccessLogClass = 'outbound' | 'inbound' | 'gateway';
/** Where the entries go: a connection manager, a TCP proxy, or the listener itself (with the NR filter). */
export type AccessLogSite = 'http' | 'tcp' | 'listener';

/** reqWithoutQueryFormatter, for a format that uses %REQ_WITHOUT_QUERY. */
const REQ_WITHOUT_QUERY: JsonObject = {name: 'envoy.formatter.req_without_query', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery`}};
const formatters = (texts: readonly string[]): JsonObject[] | undefined => (texts.some((text) => text.includes('%REQ_WITHOUT_QUERY')) ? [REQ_WITHOUT_QUERY] : undefined);

/** A Struct as jsonpb writes it: its keys sorted. */
function sortedStruct(value: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.keys(value).sort(byteOrder).map((key) => [key, value[key]]));
}

/** SubstitutionFormatString in declaration order (the format oneof, omit_empty_values, formatters, json_format_options). */
function textLogFormat(text: string, omitEmptyValues: boolean): JsonObject {
  // fileAccessLogFormat: a written format ends with a newline, an empty one is Istio's.
  const format = text === '' ? ENVOY_TEXT_LOG_FORMAT : text.endsWith('\n') ? text : `${text}\n`;
  const extra = formatters([format]);
  return {textFormatSource: {inlineString: format}, ...(omitEmptyValues ? {omitEmptyValues: true} : {}), ...(extra ? {formatters: extra} : {})};
}

function jsonLogFormat(labels: Record<string, unknown>, omitEmptyValues: boolean): JsonObject {
  const struct = Object.keys(labels).length > 0 ? labels : ENVOY_JSON_LOG_FORMAT;
  const extra = formatters(Object.values(struct).filter((v): v is string => typeof v === 'string'));
  return {jsonFormat: sortedStruct(struct), ...(omitEmptyValues ? {omitEmptyValues: true} : {}), ...(extra ? {formatters: extra} : {}), jsonFormatOptions: {}};
}

const fileAccessLog = (path: string, logFormat: JsonObject): JsonObject => ({
  name: 'envoy.access_loggers.file',
  typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.access_loggers.file.v3.FileAccessLog`, path, logFormat},
});

/** FileAccessLogFromMeshConfig: the mesh's accessLogEncoding (TEXT by default) and accessLogFormat. */
function meshFileAccessLog(path: string, mesh: unknown): JsonObject {
  const encoding = field(mesh, 'accessLogEncoding') ?? 'TEXT';
  const format = field(mesh, 'accessLogFormat');
  const text = typeof format === 'string' ? format : '';
  if (encoding === 'TEXT') return fileAccessLog(path, textLogFormat(text, false));
  if (encoding !== 'JSON') throw new ModelGap(`the mesh config's accessLogEncoding ${String(encoding)} is not one istiod reads`);
  let labels: Record<string, unknown> = {};
  if (text !== '') {
    // A format that is not a JSON object is logged and replaced by Istio's labels.
    try {
      labels = asObject(JSON.parse(text)) ?? {};
    } catch {
      labels = {};
    }
  }
  return fileAccessLog(path, jsonLogFormat(labels, false));
}

/** ApplyMeshConfig's extension providers: istio's built-in ones replaced by name, then the mesh's new ones. */
function extensionProviders(mesh: unknown): Record<string, unknown>[] {
  const providers: Record<string, unknown>[] = [{name: 'prometheus', prometheus: {}}, {name: 'stackdriver', stackdriver: {}}, {name: 'envoy', envoyFileAccessLog: {path: '/dev/stdout'}}];
  for (const provider of asArray(field(mesh, 'extensionProviders')).map(asObject)) {
    if (!provider) continue;
    const index = providers.findIndex((p) => p.name === provider.name);
    if (index >= 0) providers[index] = provider;
    else providers.push(provider);
  }
  return providers;
}

/** telemetryAccessLog: the provider's access log, undefined for providers that log elsewhere (metrics, tracing), or a gap. */
function providerAccessLog(provider: Record<string, unknown>, mesh: unknown): JsonObject | undefined {
  const file = asObject(provider.envoyFileAccessLog);
  if (file) {
    const omit = file.omitEmptyValues === true;
    const logFormat = asObject(file.logFormat);
    const path = typeof file.path === 'string' && file.path !== '' ? file.path : '/dev/stdout';
    if (provider.name === 'envoy' && logFormat === undefined && !omit) return meshFileAccessLog(typeof file.path === 'string' ? file.path : '', mesh);
    if (logFormat && asObject(logFormat.labels) !== undefined) return fileAccessLog(path, jsonLogFormat(asObject(logFormat.labels)!, omit));
    return fileAccessLog(path, textLogFormat(typeof logFormat?.text === 'string' ? logFormat.text : '', omit));
  }
  const service = ['envoyHttpAls', 'envoyTcpAls', 'envoyOtelAls'].find((key) => provider[key] !== undefined);
  if (service) throw new ModelGap(`the access log provider ${String(provider.name)} (${service}) sends logs to a service whose cluster is not translated to Envoy's JSON here`);
  return undefined;
}

interface LoggingEntry {
  providers: string[];
  disabled: boolean;
  mode: string;
  filter?: string;
}

const WORKLOAD_MODE: Readonly<Record<AccessLogClass, string>> = {gateway: 'CLIENT', inbound: 'SERVER', outbound: 'CLIENT'};
const matchesMode = (entry: LoggingEntry, mode: string): boolean => entry.mode === 'CLIENT_AND_SERVER' || entry.mode === mode;

function loggingEntries(telemetry: ModelObject): LoggingEntry[] {
  return asArray(field(telemetry.value, 'spec', 'accessLogging')).map((entry) => ({
    providers: asArray(field(entry, 'providers')).map((p) => String(field(p, 'name') ?? '')),
    disabled: field(entry, 'disabled') === true,
    mode: String(field(entry, 'match', 'mode') ?? 'CLIENT_AND_SERVER'),
    ...(typeof field(entry, 'filter', 'expression') === 'string' ? {filter: field(entry, 'filter', 'expression') as string} : {}),
  }));
}

/** model/config.go sortConfigByCreationTime: the older first, a same-second tie by name, then namespace. */
function byCreation(a: ModelObject, b: ModelObject): number {
  const created = (o: ModelObject): string => {
    const timestamp = field(o.value, 'metadata', 'creationTimestamp');
    if (typeof timestamp !== 'string') throw new ModelGap(`the model does not say when Telemetry ${o.namespace}/${o.name} was created, which orders the Telemetry istiod reads`);
    return timestamp;
  };
  return byteOrder(created(a), created(b)) || byteOrder(a.name, b.name) || byteOrder(a.namespace, b.namespace);
}

/** applicableTelemetries: the access logging of the root namespace's, the namespace's and the workload's Telemetry, in that order. */
function applicableLogging(proxy: Proxy, model: StateModel): LoggingEntry[][] {
  const telemetries = model.objects.filter((o) => o.group === 'telemetry.istio.io' && o.kind === 'Telemetry');
  for (const telemetry of telemetries) {
    const spec = asObject(telemetry.value.spec) ?? {};
    const other = ['metrics', 'tracing', 'targetRef', 'targetRefs'].find((key) => spec[key] !== undefined);
    if (other) throw new ModelGap(`Telemetry ${telemetry.namespace}/${telemetry.name} sets ${other}, which is not translated to Envoy's JSON here`);
  }
  const sorted = [...telemetries].sort(byCreation);
  const selectorLabels = (t: ModelObject): Record<string, string> => stringMap(field(t.value, 'spec', 'selector', 'matchLabels'));
  const namespaceWide = (namespace: string): ModelObject | undefined => sorted.find((t) => t.namespace === namespace && Object.keys(selectorLabels(t)).length === 0);
  const root = rootNamespaceOf(model);
  const levels: ModelObject[] = [];
  const rootWide = namespaceWide(root);
  if (rootWide) levels.push(rootWide);
  const namespace = proxy.pod.namespace;
  const own = namespace === root ? undefined : namespaceWide(namespace);
  if (own) levels.push(own);
  const labels = stringMap(field(proxy.pod.value, 'metadata', 'labels'));
  for (const telemetry of sorted.filter((t) => t.namespace === namespace)) {
    const selector = selectorLabels(telemetry);
    if (Object.keys(selector).length > 0 && labelsInclude(labels, selector)) levels.push(telemetry);
  }
  return levels.map(loggingEntries).filter((entries) => entries.length > 0);
}

interface LoggingSpec {
  disabled: boolean;
  filter?: string;
}

/** mergeLogs: the providers in scope for the workload mode, each disabled or with the filter last written for it. */
function mergeLogs(levels: readonly LoggingEntry[][], defaults: readonly string[], mode: string): Map<string, LoggingSpec> {
  const providers = new Map<string, LoggingSpec>();
  if (levels.length === 0) {
    for (const name of defaults) providers.set(name, {disabled: false});
    return providers;
  }
  let providerNames: readonly string[] = defaults;
  const filters = new Map<string, LoggingSpec>();
  for (const level of levels) {
    const names = new Set<string>();
    for (const entry of level) {
      if (!matchesMode(entry, mode)) continue;
      for (const name of entry.providers) {
        names.add(name);
        filters.set(name, {disabled: false, ...(entry.filter === undefined ? {} : {filter: entry.filter})});
      }
    }
    if (names.size > 0) providerNames = [...names];
  }
  const inScope = new Set(providerNames);
  let parent: readonly string[] = defaults;
  for (const level of levels) {
    for (const entry of level) {
      const names = entry.providers.length > 0 ? entry.providers : parent;
      parent = names;
      for (const name of names) {
        if (!inScope.has(name) || !matchesMode(entry, mode)) continue;
        providers.set(name, entry.disabled ? {disabled: true} : (filters.get(name) ?? {disabled: false}));
      }
    }
  }
  return providers;
}

/** buildAccessLogFilter: none, the one filter, or both under and_filter. */
function combinedFilter(filters: readonly JsonObject[]): JsonObject | undefined {
  if (filters.length <= 1) return filters[0];
  return {andFilter: {filters}};
}

/** listenerAccessLogFilter: only connections no filter chain matched. */
const NO_ROUTE_FILTER: JsonObject = {responseFlagFilter: {flags: ['NR']}};

const celFilter = (expression: string): JsonObject => ({
  extensionFilter: {name: 'envoy.access_loggers.extension_filters.cel', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter`, expression}},
});

/** An AccessLog with a filter, in declaration order (name, filter, typed_config). */
const withFilter = (log: JsonObject, filter: JsonObject | undefined): JsonObject => (filter ? {name: log.name, filter, typedConfig: log.typedConfig} : log);

/** The access logs of one proxy, per listener class and site (setHTTPAccessLog, setTCPAccessLog, setListenerAccessLog). */
export function accessLogBuilder(proxy: Proxy, model: StateModel, mesh: unknown): (listenerClass: AccessLogClass, site: AccessLogSite) => JsonObject[] {
  if (field(mesh, 'enableEnvoyAccessLogService') === true) throw new ModelGap('the mesh config sets enableEnvoyAccessLogService, whose gRPC access log service is not translated to Envoy\'s JSON here');
  const levels = applicableLogging(proxy, model);
  const defaults = asArray(field(mesh, 'defaultProviders', 'accessLogging')).map(String);
  const providers = extensionProviders(mesh);
  const accessLogFile = field(mesh, 'accessLogFile');
  const cache = new Map<string, JsonObject[]>();
  return (listenerClass, site) => {
    const key = `${listenerClass}/${site}`;
    const cached = cache.get(key);
    if (cached) return cached;
    if (site === 'listener' && field(mesh, 'disableEnvoyListenerLog') === true) return [];
    const siteFilter = site === 'listener' ? NO_ROUTE_FILTER : undefined;
    // AccessLogging: the Telemetry API's configuration, sorted by provider name (fetchProvider's name).
    const configs: {name: string; log: JsonObject; spec: LoggingSpec}[] = [];
    if (levels.length > 0 || defaults.length > 0) {
      for (const [name, spec] of mergeLogs(levels, defaults, WORKLOAD_MODE[listenerClass])) {
        const provider = providers.find((p) => String(p.name).toLowerCase() === name.toLowerCase());
        const log = provider ? providerAccessLog(provider, mesh) : undefined;
        if (provider && log) configs.push({name: String(provider.name), log, spec});
      }
      configs.sort((a, b) => byteOrder(a.name, b.name));
    }
    let logs: JsonObject[];
    if (configs.length === 0) {
      // No Telemetry configuration applies: the mesh config's accessLogFile.
      logs = typeof accessLogFile === 'string' && accessLogFile !== '' ? [withFilter(meshFileAccessLog(accessLogFile, mesh), siteFilter)] : [];
    } else {
      logs = configs.filter((c) => !c.spec.disabled).map((c) => withFilter(c.log, combinedFilter([...(siteFilter ? [siteFilter] : []), ...(c.spec.filter === undefined ? [] : [celFilter(c.spec.filter)])])));
    }
    cache.set(key, logs);
    return logs;
  };
}
