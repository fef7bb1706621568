/** Checks shared by several Istio kinds (validation.go helpers). */
import {asArray, asObject, asString, isSet, type Obj} from './access';
import {durationError} from './durations';
import {isIstioDns1123Label, istioLabelErrors, fqdnError, wildcardDomainError} from './hosts';
import {re2Error} from './regex';
import {Report, at} from './report';

export function validatePort(report: Report, path: string, port: unknown): void {
  if (typeof port !== 'number') return;
  if (!(port >= 1 && port <= 65535)) report.error(path, `port number ${port} must be in the range 1..65535`);
}

export function validateDuration(report: Report, path: string, value: unknown): void {
  const error = durationError(value);
  if (error) report.error(path, error);
}

export function validateLabels(report: Report, path: string, labels: unknown): void {
  const map = asObject(labels);
  if (!map) return;
  for (const message of istioLabelErrors(map)) report.error(path, message);
}

export function validateSubsetName(report: Report, path: string, name: unknown): void {
  if (typeof name !== 'string') return;
  if (name.length === 0) report.error(path, 'subset name cannot be empty');
  else if (!isIstioDns1123Label(name)) report.error(path, `subset name is invalid: ${name}`);
}

/** validateDestination: host (no bare `*`), subset name and port selector. */
export function validateDestination(report: Report, path: string, destination: unknown): void {
  const dest = asObject(destination);
  if (!dest) return;
  const host = asString(dest.host);
  if (host !== undefined) {
    if (host === '*') report.error(at(path, 'host'), `invalid destination host ${host}`);
    else {
      const error = wildcardDomainError(host);
      if (error) report.error(at(path, 'host'), error);
    }
  }
  if (asString(dest.subset)) validateSubsetName(report, at(path, 'subset'), dest.subset);
  const port = asObject(dest.port);
  if (port && isSet(port.number)) validatePort(report, at(path, 'port', 'number'), port.number);
}

/** validateWorkloadSelector: no empty keys or wildcards; a selector without labels is a warning. */
export function validateWorkloadSelector(report: Report, path: string, selector: unknown, labelsField = 'matchLabels'): void {
  const sel = asObject(selector);
  if (!sel) return;
  const labels = asObject(sel[labelsField]) ?? {};
  reportSelectorLabelErrors(report, at(path, labelsField), labels);
  if (Object.keys(labels).length === 0) report.warning(path, 'workload selector specified without labels', 'key');
}

/** The label checks every workload selector shares: no empty keys, no wildcards. Returns whether any failed. */
export function reportSelectorLabelErrors(report: Report, labelsPath: string, labels: Obj): boolean {
  let failed = false;
  for (const [key, value] of Object.entries(labels)) {
    if (key === '') {
      report.error(at(labelsPath, key), `empty key is not supported in selector: ${selectorPair(key, value)}`, 'key');
      failed = true;
    }
    if (key.includes('*') || String(value).includes('*')) {
      report.error(at(labelsPath, key), `wildcard is not supported in selector: ${selectorPair(key, value)}`);
      failed = true;
    }
  }
  return failed;
}

/** Go's %q of `key=value`, worded only for a finding (every selector of a clean manifest passes the checks). */
function selectorPair(key: string, value: unknown): string {
  return JSON.stringify(`${key}=${String(value)}`);
}

/** validateExportTo: no duplicates, `*` alone, namespaces valid. */
export function validateExportTo(report: Report, path: string, namespace: string, exportTo: unknown, isServiceEntry: boolean): void {
  const entries = asArray(exportTo).filter((e): e is string => typeof e === 'string');
  if (entries.length === 0) return;
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const key = entry === '.' ? namespace : entry;
    if (seen.has(key)) {
      report.error(at(path, i), key !== entry
        ? `duplicate entries in exportTo: . and current namespace ${namespace}`
        : `duplicate entries in exportTo for entry ${entry}`);
      return;
    }
    // visibility.Instance.Validate (pkg/config/visibility)
    if (entry === '~' && !isServiceEntry) {
      report.error(at(path, i), 'exportTo ~ (none) is not allowed for Istio configuration objects');
      return;
    }
    if (!(entry === '*' || entry === '.' || entry === '~' || isIstioDns1123Label(entry))) {
      report.error(at(path, i), 'only .,*,~, or a valid DNS 1123 label is allowed as exportTo entry');
      return;
    }
    seen.add(key);
  });
  if (seen.has('*') && entries.length > 1) report.error(path, 'cannot have both public (*) and non-public exportTo values for a resource');
  if (seen.has('~') && entries.length > 1) report.error(path, 'cannot export service entry to no one (~) and someone');
}

/** validateStringMatch / validateStringMatchRegexp for one StringMatch object. */
export function validateStringMatch(report: Report, path: string, match: unknown, where: string, allowEmptyPrefix = false): void {
  const sm = asObject(match);
  if (!sm) return;
  if (!allowEmptyPrefix && sm.prefix === '') report.error(at(path, 'prefix'), `${JSON.stringify(where)}: prefix string match should not be empty`);
  if (typeof sm.regex === 'string') validateRegex(report, at(path, 'regex'), sm.regex, where);
}

export function validateRegex(report: Report, path: string, regex: string, where: string): void {
  if (regex === '') {
    report.error(path, `${JSON.stringify(where)}: regex string match should not be empty`);
    return;
  }
  const error = re2Error(regex);
  if (!error) return;
  // validateStringRegexp: the length limit is its own message; only regexp.Compile's errors carry the RE2 pointer.
  const detail = error.startsWith('regex is too large') ? error : `${error}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`;
  report.error(path, `${JSON.stringify(where)}: ${detail}`);
}

/** validateGatewayNames: `namespace/name` (both DNS labels) or a legacy FQDN/short name. */
export function validateGatewayNames(report: Report, path: string, gateways: unknown): void {
  const list = asArray(gateways);
  for (let i = 0; i < list.length; i++) {
    const gateway = list[i];
    if (typeof gateway !== 'string') continue;
    const here = at(path, i);
    const slash = gateway.indexOf('/');
    if (slash === -1) {
      if (gateway.includes('.')) {
        const parts = gateway.split('.');
        report.warning(here, `using legacy gatewayName format ${JSON.stringify(gateway)}; prefer the <namespace>/<name> format: ${JSON.stringify(`${parts[1]}/${parts[0]}`)}`);
      }
      const error = fqdnError(gateway);
      if (error) report.error(here, error);
      // validation.go returns here: the names after a slash-less one (such as `mesh`) are not checked.
      return;
    }
    const namespace = gateway.slice(0, slash);
    const name = gateway.slice(slash + 1);
    if (!namespace || !name) report.error(here, 'config namespace and gateway name cannot be empty');
    if (!isIstioDns1123Label(namespace)) report.error(here, `invalid value for namespace: ${JSON.stringify(namespace)}`);
    if (!isIstioDns1123Label(name)) report.error(here, `invalid value for gateway name: ${JSON.stringify(name)}`);
  }
}

export const HEADER_NAME = /^[-_A-Za-z0-9]+$/;

export function validateHeaderName(report: Report, path: string, name: string, allowJwtClaim = false): void {
  if (name === '') report.error(path, 'header name cannot be empty', 'key');
  else if (allowJwtClaim && isJwtClaimRoute(name)) return;
  else if (!HEADER_NAME.test(name)) report.error(path, `header name ${name} is not a valid header name`, 'key');
}

/** jwt.ToRoutingClaim(name).Match: `@request.auth.claims.a.b` or `@request.auth.claims[a][b]`. */
export function isJwtClaimRoute(name: string): boolean {
  const prefix = '@request.auth.claims';
  if (!name.toLowerCase().startsWith(prefix)) return false;
  const rest = name.slice(prefix.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}
