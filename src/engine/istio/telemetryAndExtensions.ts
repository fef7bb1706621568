/** ValidateTelemetry, ValidateWasmPlugin, ValidateTrafficExtension, ValidateProxyConfig, ValidateWorkloadGroup (validation.go). */
import {Environment} from '@marcbachmann/cel-js';
import {parseRequestUri, UrlParseError} from '../go/url';
import {asArray, asObject, isSet, numberOr, stringOr, type Obj} from './access';
import {validateLabels, validateWorkloadSelector} from './common';
import {Report, at} from './report';
import {validateSelectorKinds} from './security';
import {utf8Length} from '../yaml/index';

/** validateTelemetryProviders: returns at the first nil or unnamed provider, so one error per list. */
function validateProviders(report: Report, path: string, providers: unknown): void {
  const list = asArray(providers);
  const i = list.findIndex((provider) => stringOr(asObject(provider)?.name) === '');
  if (i >= 0) report.error(at(path, i), 'providers.name may not be empty');
}

let filterEnvironment: Environment | undefined;

/**
 * validateTelemetryFilter (validation_istiod.go): `celEnv.Parse(filter.Expression)` with a bare cel.NewEnv(),
 * syntax only (no type check, so unknown attributes and functions are fine). cel-js stands in for cel-go's
 * parser; the text after the comma is cel-js's, not cel-go's `ERROR: <input>:1:N: Syntax error: ...`.
 */
function celSyntaxError(expression: string): string | undefined {
  filterEnvironment ??= new Environment({unlistedVariablesAreDyn: true});
  try {
    filterEnvironment.parse(expression);
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return text.split('\n')[0] ?? text;
  }
}

function validateTargetSelectors(report: Report, spec: Obj): void {
  validateSelectorKinds(report, spec);
}

export function validateTelemetry(report: Report, spec: Obj): void {
  validateTargetSelectors(report, spec);
  asArray(spec.metrics).forEach((metrics, i) => {
    const m = asObject(metrics);
    if (!m) return;
    validateProviders(report, at('/spec/metrics', i, 'providers'), m.providers);
    asArray(m.overrides).forEach((override, j) => {
      for (const [name, tag] of Object.entries(asObject(asObject(override)?.tagOverrides) ?? {})) {
        const path = at('/spec/metrics', i, 'overrides', j, 'tagOverrides', name);
        const operation = stringOr(asObject(tag)?.operation, 'UPSERT');
        const value = stringOr(asObject(tag)?.value);
        if (operation === 'UPSERT' && value === '') report.error(path, 'tagOverrides.value must be set when operation is UPSERT', 'key');
        if (operation === 'REMOVE' && value !== '') report.error(at(path, 'value'), 'tagOverrides.value may only be set when operation is UPSERT');
      }
    });
  });
  const tracing = asArray(spec.tracing);
  if (tracing.length > 1) report.warning('/spec/tracing', 'multiple tracing is not currently supported', 'key');
  tracing.forEach((entry, i) => {
    const t = asObject(entry);
    if (!t) return;
    const providers = asArray(t.providers);
    if (providers.length > 1) report.warning(at('/spec/tracing', i, 'providers'), 'multiple providers is not currently supported', 'key');
    validateProviders(report, at('/spec/tracing', i, 'providers'), providers);
    const sampling = t.randomSamplingPercentage;
    if (typeof sampling === 'number' && (sampling < 0 || sampling > 100)) {
      report.error(at('/spec/tracing', i, 'randomSamplingPercentage'), 'randomSamplingPercentage must be in range [0.0, 100.0]');
    }
  });
  asArray(spec.accessLogging).forEach((entry, i) => {
    const logging = asObject(entry);
    if (!logging) return;
    const filter = asObject(logging.filter);
    if (filter) {
      const expression = stringOr(filter.expression);
      const error = celSyntaxError(expression);
      if (error) {
        const where = isSet(filter.expression) ? at('/spec/accessLogging', i, 'filter', 'expression') : at('/spec/accessLogging', i, 'filter');
        report.error(where, `must be a valid CEL expression, ${error}`, isSet(filter.expression) ? 'value' : 'key');
      }
    }
    validateProviders(report, at('/spec/accessLogging', i, 'providers'), logging.providers);
  });
}

const WASM_SCHEMES = new Set(['', 'file', 'http', 'https', 'oci']);

export function validateWasmPlugin(report: Report, spec: Obj): void {
  validateTargetSelectors(report, spec);
  validateWasmModule(report, '/spec', spec);
}

/** validateWasmPluginURL and validateWasmPluginSHA, for a WasmPlugin's spec or a TrafficExtension's `wasm`. */
function validateWasmModule(report: Report, path: string, spec: Obj): void {
  const url = stringOr(spec.url);
  if (url === '') report.error(isSet(spec.url) ? at(path, 'url') : path, 'url field needs to be set', isSet(spec.url) ? 'value' : 'key');
  else {
    // strictParseURL: url.ParseRequestURI as written, else with "http://" in front (then the scheme is http).
    let scheme = 'http';
    let failure: string | undefined;
    try {
      scheme = parseRequestUri(url).scheme;
    } catch (error) {
      try {
        parseRequestUri(`http://${url}`);
      } catch {
        failure = `failed to parse url: parse ${JSON.stringify(url)}: ${error instanceof UrlParseError ? error.message : String(error)}`;
      }
    }
    if (failure) report.error(at(path, 'url'), failure);
    else if (!WASM_SCHEMES.has(scheme)) report.error(at(path, 'url'), `url contains unsupported scheme: ${scheme}`);
  }
  const sha = stringOr(spec.sha256);
  if (sha) {
    if (sha.length !== 64) report.error(at(path, 'sha256'), 'sha256 field must be 64 characters long');
    else if (!/^[a-f0-9]{64}$/.test(sha)) report.error(at(path, 'sha256'), 'sha256 field must match [a-f0-9]{64} pattern');
  }
}

/** Lua code Envoy takes inline: Go's len(), bytes of UTF-8, where the CRD's maxLength counts characters. */
const MAX_LUA_BYTES = 65536;

/** ValidateTrafficExtension (new in 1.30): one of wasm or lua, the policy selectors, then each module's own checks. */
export function validateTrafficExtension(report: Report, spec: Obj): void {
  const wasm = asObject(spec.wasm);
  const lua = asObject(spec.lua);
  if (Boolean(wasm) === Boolean(lua)) report.error('/spec', 'exactly one of wasm or lua must be set', 'key');
  validateSelectorKinds(report, spec);
  if (lua) {
    const code = stringOr(lua.inlineCode);
    if (code === '') report.error(isSet(lua.inlineCode) ? '/spec/lua/inlineCode' : '/spec/lua', 'lua.inlineCode cannot be empty', isSet(lua.inlineCode) ? 'value' : 'key');
    else if (utf8Length(code) > MAX_LUA_BYTES) report.error('/spec/lua/inlineCode', 'lua.inlineCode exceeds maximum size of 64KB');
  }
  if (wasm) validateWasmModule(report, '/spec/wasm', wasm);
}

export function validateProxyConfig(report: Report, spec: Obj): void {
  validateWorkloadSelector(report, '/spec/selector', spec.selector);
  if (numberOr(spec.concurrency) < 0) report.error('/spec/concurrency', 'concurrency must be greater than or equal to 0');
}

export function validateWorkloadGroup(report: Report, spec: Obj): void {
  if (!isSet(spec.template)) {
    report.error('/spec', 'template is required', 'key');
    return;
  }
  validateLabels(report, '/spec/metadata/labels', asObject(spec.metadata)?.labels);
  // validateReadinessProbe: the schema lets a probe carry no check at all, Go's type switch then falls to its default
  // (`%T` of a nil interface). grpc is left alone: whether 1.30's switch handles it is not verified.
  const probe = asObject(spec.probe);
  if (!probe) return;
  if (!['httpGet', 'tcpSocket', 'exec', 'grpc'].some((method) => isSet(probe[method]))) {
    report.error('/spec/probe', 'unknown health check method <nil>', 'key');
  }
  const exec = asObject(probe.exec);
  if (exec && asArray(exec.command).length === 0) report.error('/spec/probe/exec', 'exec.command is required', 'key');
}
