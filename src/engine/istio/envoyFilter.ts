/**
 * ValidateEnvoyFilter (istio/istio pkg/config/validation/envoyfilter/envoyfilter.go), in its order:
 * workload selector, then each config patch (applyTo, patch, operation, value, proxyVersion regex,
 * applyTo/match consistency, deprecated filter names). The checks that build the Envoy proto from
 * `patch.value` (BuildXDSObjectFromStruct: unknown types/fields, frozen type_urls, missing typed_config)
 * need Envoy's descriptors and are not reproduced.
 */
import {CODES} from '../codes';
import {asArray, asObject, asString, isSet, stringOr, type Obj} from './access';
import {reportSelectorLabelErrors} from './common';
import {goRegexpError} from './regex';
import {Report, at} from './report';

const HTTP_CONNECTION_MANAGER = 'envoy.filters.network.http_connection_manager';

/**
 * xds.ReverseDeprecatedFilterNames (pkg/config/xds/filter_types.go) with the go-control-plane wellknown names.
 * `envoy.ext_authz` is left out: it is the deprecated name of two filters, so Go's reversed map picks either.
 */
const DEPRECATED_FILTER_NAMES: Record<string, string> = {
  'envoy.buffer': 'envoy.filters.http.buffer',
  'envoy.cors': 'envoy.filters.http.cors',
  'envoy.csrf': 'envoy.filters.http.csrf',
  'envoy.http_dynamo_filter': 'envoy.filters.http.dynamo',
  'envoy.fault': 'envoy.filters.http.fault',
  'envoy.grpc_http1_bridge': 'envoy.filters.http.grpc_http1_bridge',
  'envoy.grpc_json_transcoder': 'envoy.filters.http.grpc_json_transcoder',
  'envoy.grpc_web': 'envoy.filters.http.grpc_web',
  'envoy.gzip': 'envoy.filters.http.gzip',
  'envoy.health_check': 'envoy.filters.http.health_check',
  'envoy.ip_tagging': 'envoy.filters.http.ip_tagging',
  'envoy.lua': 'envoy.filters.http.lua',
  'envoy.rate_limit': 'envoy.filters.http.ratelimit',
  'envoy.router': 'envoy.filters.http.router',
  'envoy.squash': 'envoy.filters.http.squash',
  'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
  'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
  'envoy.listener.original_src': 'envoy.filters.listener.original_src',
  'envoy.listener.proxy_protocol': 'envoy.filters.listener.proxy_protocol',
  'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
  'envoy.client_ssl_auth': 'envoy.filters.network.client_ssl_auth',
  'envoy.http_connection_manager': HTTP_CONNECTION_MANAGER,
  'envoy.mongo_proxy': 'envoy.filters.network.mongo_proxy',
  'envoy.ratelimit': 'envoy.filters.network.ratelimit',
  'envoy.redis_proxy': 'envoy.filters.network.redis_proxy',
  'envoy.tcp_proxy': 'envoy.filters.network.tcp_proxy',
};

const LISTENER_CLASS = new Set(['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER']);
const ROUTE_CLASS = new Set(['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE']);

/** Proto enums: an absent field is the zero value INVALID. */
const enumOr = (value: unknown): string => stringOr(value, 'INVALID');

export function validateEnvoyFilter(report: Report, spec: Obj): void {
  // ValidateAlphaWorkloadSelector: any error returns at once (without the warnings below).
  const selector = asObject(spec.workloadSelector);
  let selectorWithoutLabels = false;
  if (selector) {
    const labels = asObject(selector.labels) ?? {};
    if (reportSelectorLabelErrors(report, '/spec/workloadSelector/labels', labels)) return;
    selectorWithoutLabels = Object.keys(labels).length === 0;
  }
  // Printed by kubectl for every EnvoyFilter; kept informational so that a valid manifest has no problems.
  report.info('/kind', 'EnvoyFilter exposes internal implementation details that may change at any time. '
    + 'Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.', CODES.istioValidationWarning);
  if (selectorWithoutLabels) {
    report.warning('/spec/workloadSelector', 'Envoy filter: workload selector specified without labels, will be applied to all services in namespace', 'key');
  }

  asArray(spec.configPatches).forEach((entry, i) => validateConfigPatch(report, at('/spec/configPatches', i), entry));
}

function validateConfigPatch(report: Report, path: string, entry: unknown): void {
  const cp = asObject(entry);
  if (!cp) {
    report.error(path, 'Envoy filter: null config patch');
    return;
  }
  const applyTo = enumOr(cp.applyTo);
  if (applyTo === 'INVALID') {
    report.error(isSet(cp.applyTo) ? at(path, 'applyTo') : path, 'Envoy filter: missing applyTo', isSet(cp.applyTo) ? 'value' : 'key');
    return;
  }
  const patch = asObject(cp.patch);
  if (!patch) {
    report.error(path, 'Envoy filter: missing patch', 'key');
    return;
  }
  const patchPath = at(path, 'patch');
  const operation = enumOr(patch.operation);
  if (operation === 'INVALID') {
    report.error(isSet(patch.operation) ? at(patchPath, 'operation') : patchPath, 'Envoy filter: missing patch operation', isSet(patch.operation) ? 'value' : 'key');
    return;
  }
  if (operation !== 'REMOVE' && !isSet(patch.value)) {
    report.error(patchPath, 'Envoy filter: missing patch value for non-remove operation', 'key');
    return;
  }

  const match = asObject(cp.match);
  const matchPath = at(path, 'match');
  const proxyVersion = asString(asObject(match?.proxy)?.proxyVersion);
  if (proxyVersion) {
    // envoyfilter.go: a bare regexp.Compile, with no length limit (unlike route matches).
    const error = goRegexpError(proxyVersion);
    if (error) {
      report.error(at(matchPath, 'proxy', 'proxyVersion'), `Envoy filter: invalid regex for proxy version, [${error.replace(' (RE2 has no backreferences)', '')}]`);
      return;
    }
  }

  // A listener-class mismatch `continue`s in Go before the patch value is built; the other checks fall through to it.
  if (match && !validateMatch(report, path, applyTo, match)) return;
  validatePatchValue(report, patchPath, applyTo, asObject(patch.value));
}

/** The applyTo/match consistency checks; false where Go skips the rest of this patch. */
function validateMatch(report: Report, path: string, applyTo: string, match: Obj): boolean {
  const matchPath = at(path, 'match');
  const listener = asObject(match.listener);
  const objectTypesSet = Boolean(listener) || isSet(asObject(match.routeConfiguration)) || isSet(asObject(match.cluster));
  if (!objectTypesSet) return true;
  if (LISTENER_CLASS.has(applyTo)) {
    if (!listener) {
      report.error(matchPath, 'Envoy filter: applyTo for listener class objects cannot have non listener match', 'key');
      return false;
    }
    const filterPath = at(matchPath, 'listener', 'filterChain', 'filter');
    const filter = asObject(asObject(listener.filterChain)?.filter);
    if (!filter) return true;
    if (applyTo === 'LISTENER' || applyTo === 'FILTER_CHAIN') {
      report.warning(filterPath, `Envoy filter: filter match has no effect when used with ${applyTo}`, 'key');
    }
    const name = stringOr(filter.name);
    const subFilter = asObject(filter.subFilter);
    const subFilterPath = at(filterPath, 'subFilter');
    if (name === '') {
      report.error(isSet(filter.name) ? at(filterPath, 'name') : filterPath, 'Envoy filter: filter match has no name to match on', isSet(filter.name) ? 'value' : 'key');
      return false;
    }
    if (subFilter) {
      if (applyTo !== 'HTTP_FILTER') {
        report.error(subFilterPath, 'Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only', 'key');
        return false;
      }
      if (name !== HTTP_CONNECTION_MANAGER && name !== 'envoy.http_connection_manager') {
        report.error(at(filterPath, 'name'), `Envoy filter: subfilter match requires filter match with ${HTTP_CONNECTION_MANAGER}`);
        return false;
      }
      if (stringOr(subFilter.name) === '') {
        report.error(isSet(subFilter.name) ? at(subFilterPath, 'name') : subFilterPath, 'Envoy filter: subfilter match has no name to match on', isSet(subFilter.name) ? 'value' : 'key');
        return false;
      }
    }
    warnDeprecatedName(report, at(filterPath, 'name'), name);
    if (subFilter) warnDeprecatedName(report, at(subFilterPath, 'name'), stringOr(subFilter.name));
  } else if (ROUTE_CLASS.has(applyTo)) {
    if (!isSet(asObject(match.routeConfiguration))) {
      report.error(matchPath, 'Envoy filter: applyTo for http route class objects cannot have non route configuration match', 'key');
    }
  } else if (applyTo === 'CLUSTER') {
    if (!isSet(asObject(match.cluster))) {
      report.error(matchPath, 'Envoy filter: applyTo for cluster class objects cannot have non cluster match', 'key');
    }
  }
  return true;
}

/** Patch value types whose top-level `typed_config` is a google.protobuf.Any preceded only by `name` (xds.BuildXDSObjectFromStruct). */
const TYPED_CONFIG_AT_TOP = new Set(['HTTP_FILTER', 'NETWORK_FILTER', 'LISTENER_FILTER', 'EXTENSION_CONFIG']);

/**
 * xds.BuildXDSObjectFromStruct(applyTo, value, strict=false): the value is decoded with golang/protobuf jsonpb, which
 * ignores unknown fields but must resolve every Any's `@type`. Without Envoy's type registry only what is certain is
 * reproduced: an Any without `@type`, and the removed v2 API (go-control-plane no longer ships it), whose error
 * ValidateEnvoyFilter rewords with a hint.
 */
function validatePatchValue(report: Report, path: string, applyTo: string, value: Obj | undefined): void {
  if (!value || !TYPED_CONFIG_AT_TOP.has(applyTo) || (isSet(value.name) && typeof value.name !== 'string')) return;
  // jsonpb reads the camelCase key over the proto name when both are given.
  const key = isSet(value.typedConfig) ? 'typedConfig' : 'typed_config';
  const any = asObject(value[key]);
  if (!any) return;
  const anyPath = at(path, 'value', key);
  if (!('@type' in any)) {
    report.error(anyPath, "Envoy filter: Any JSON doesn't have '@type'", 'key');
    return;
  }
  const typeUrl = asString(any['@type']);
  const messageName = typeUrl?.slice(typeUrl.lastIndexOf('/') + 1) ?? '';
  const version = /^envoy\..*\.(v2(?:alpha\d*)?)\./.exec(messageName)?.[1];
  if (!version) return;
  const hint = version === 'v2' ? ' (hint: try using the v3 XDS API)' : '';
  report.error(at(anyPath, '@type'), `referenced type unknown${hint}: Envoy filter: could not resolve Any message type: ${typeUrl}`);
}

/** validateListenerMatchName */
function warnDeprecatedName(report: Report, path: string, name: string): void {
  const replacement = DEPRECATED_FILTER_NAMES[name];
  if (replacement) report.warning(path, `using deprecated filter name ${JSON.stringify(name)}; use ${JSON.stringify(replacement)} instead`);
}
