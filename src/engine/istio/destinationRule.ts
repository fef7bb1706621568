/** ValidateDestinationRule (validation.go): host, traffic policies, subsets. */
import {asArray, asObject, asString, isNonEmptyArray, isSet, numberOr, stringOr, type Obj} from './access';
import {validateDuration, validateExportTo, validateLabels, validatePort, validateSubsetName, validateWorkloadSelector} from './common';
import {parseGoDuration} from './durations';
import {fqdnError, isIpAddress, wildcardDomainError} from './hosts';
import {Report, at} from './report';

export function validateDestinationRule(report: Report, spec: Obj, namespace: string): void {
  const host = asString(spec.host);
  if (host !== undefined) {
    const error = wildcardDomainError(host);
    if (error) report.error('/spec/host', error);
  }
  validateTrafficPolicy(report, '/spec/trafficPolicy', spec.trafficPolicy);
  const names = new Set<string>();
  asArray(spec.subsets).forEach((value, i) => {
    const path = at('/spec/subsets', i);
    const subset = asObject(value);
    if (!subset) {
      if (value === null) report.error(path, 'subset may not be null');
      return;
    }
    const name = stringOr(subset.name);
    if (names.has(name)) report.error(at(path, 'name'), `duplicate subset names: ${name}`);
    names.add(name);
    validateSubsetName(report, at(path, 'name'), subset.name ?? '');
    validateLabels(report, at(path, 'labels'), subset.labels);
    validateTrafficPolicy(report, at(path, 'trafficPolicy'), subset.trafficPolicy);
  });
  validateExportTo(report, '/spec/exportTo', namespace, spec.exportTo, false);
  const selector = asObject(spec.workloadSelector);
  if (selector) {
    validateWorkloadSelector(report, '/spec/workloadSelector', selector);
    const exportTo = asArray(spec.exportTo).filter((e) => typeof e === 'string').map((e) => (e === '.' ? namespace : e));
    if (exportTo.length > 0) {
      if (!exportTo.includes(namespace)) report.error('/spec/exportTo', 'destination rule with workload selector cannot have exportTo beyond current namespace');
      else if (new Set(exportTo).size > 1) report.error('/spec/exportTo', 'destination rule with workload selector cannot have multiple entries in exportTo');
    }
  }
}

function validateTrafficPolicy(report: Report, path: string, value: unknown): void {
  const policy = asObject(value);
  if (!policy) return;
  // retryBudget is a TrafficPolicy field in the 1.30 CRD, so it counts as one.
  const fields = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];
  if (!fields.some((f) => isSet(policy[f]))) {
    report.error(path, 'traffic policy must have at least one field');
    return;
  }
  if (isSet(policy.tunnel) && isSet(policy.proxyProtocol)) {
    report.error(path, 'tunnel and proxyProtocol must not be set together');
    return;
  }
  validateOutlierDetection(report, at(path, 'outlierDetection'), policy.outlierDetection);
  validateConnectionPool(report, at(path, 'connectionPool'), policy.connectionPool);
  validateLoadBalancer(report, at(path, 'loadBalancer'), policy.loadBalancer, policy.outlierDetection);
  validateClientTls(report, at(path, 'tls'), policy.tls);
  asArray(policy.portLevelSettings).forEach((entry, i) => {
    const ppath = at(path, 'portLevelSettings', i);
    const setting = asObject(entry);
    if (!setting) {
      if (entry === null) report.error(ppath, 'traffic policy may not be null');
      return;
    }
    if (!isSet(setting.port)) report.error(ppath, 'portTrafficPolicy must have valid port');
    else {
      const number = asObject(setting.port)?.number;
      if (typeof number === 'number') validatePort(report, at(ppath, 'port', 'number'), number);
    }
    if (!['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'].some((f) => isSet(setting[f]))) {
      report.error(ppath, 'port traffic policy must have at least one field');
      return;
    }
    validateOutlierDetection(report, at(ppath, 'outlierDetection'), setting.outlierDetection);
    validateConnectionPool(report, at(ppath, 'connectionPool'), setting.connectionPool);
    validateLoadBalancer(report, at(ppath, 'loadBalancer'), setting.loadBalancer, setting.outlierDetection);
    validateClientTls(report, at(ppath, 'tls'), setting.tls);
  });
  const tunnel = asObject(policy.tunnel);
  if (tunnel) {
    const protocol = stringOr(tunnel.protocol);
    if (protocol && protocol !== 'CONNECT' && protocol !== 'POST') report.error(at(path, 'tunnel', 'protocol'), 'tunnel protocol must be "CONNECT" or "POST"');
    // validateTunnelSettings: the host must be an FQDN or an IP; both errors are quoted.
    const targetHost = stringOr(tunnel.targetHost);
    const fqdn = fqdnError(targetHost);
    if (fqdn && !isIpAddress(targetHost)) {
      report.error(at(path, 'tunnel', 'targetHost'), `tunnel target host must be valid FQDN or IP address: ${fqdn}; ${targetHost} is not a valid IP`);
    }
    const port = numberOr(tunnel.targetPort);
    if (!(port >= 1 && port <= 65535)) report.error(at(path, 'tunnel', 'targetPort'), `tunnel target port is invalid: port number ${port} must be in the range 1..65535`);
  }
}

function validateOutlierDetection(report: Report, path: string, value: unknown): void {
  const outlier = asObject(value);
  if (!outlier) return;
  if (isSet(outlier.baseEjectionTime)) validateDuration(report, at(path, 'baseEjectionTime'), outlier.baseEjectionTime);
  if (isSet(outlier.interval)) validateDuration(report, at(path, 'interval'), outlier.interval);
  if (numberOr(outlier.consecutiveErrors) !== 0) {
    report.warning(at(path, 'consecutiveErrors'), 'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead', 'key');
  }
  if (outlier.splitExternalLocalOriginErrors !== true && numberOr(outlier.consecutiveLocalOriginFailures) > 0) {
    report.error(at(path, 'consecutiveLocalOriginFailures'), 'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false');
  }
  for (const field of ['maxEjectionPercent', 'minHealthPercent'] as const) {
    const v = outlier[field];
    if (typeof v === 'number' && (v < 0 || v > 100)) report.error(at(path, field), `percentage ${v} is not in range 0..100`);
  }
}

export function validateConnectionPool(report: Report, path: string, value: unknown): void {
  const pool = asObject(value);
  if (!pool) return;
  if (!isSet(pool.http) && !isSet(pool.tcp)) {
    report.error(path, 'connection pool must have at least one field');
    return;
  }
  const negative = (obj: Obj, field: string, message: string, base: string) => {
    if (typeof obj[field] === 'number' && (obj[field] as number) < 0) report.error(at(base, field), message);
  };
  const http = asObject(pool.http);
  if (http) {
    const base = at(path, 'http');
    negative(http, 'http1MaxPendingRequests', 'http1 max pending requests must be non-negative', base);
    negative(http, 'http2MaxRequests', 'http2 max requests must be non-negative', base);
    negative(http, 'maxRequestsPerConnection', 'max requests per connection must be non-negative', base);
    negative(http, 'maxRetries', 'max retries must be non-negative', base);
    negative(http, 'maxConcurrentStreams', 'max concurrent streams must be non-negative', base);
    if (isSet(http.idleTimeout)) validateDuration(report, at(base, 'idleTimeout'), http.idleTimeout);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      report.error(at(base, 'useClientProtocol'), 'use client protocol must not be true when H2UpgradePolicy is UPGRADE');
    }
  }
  const tcp = asObject(pool.tcp);
  if (tcp) {
    const base = at(path, 'tcp');
    negative(tcp, 'maxConnections', 'max connections must be non-negative', base);
    for (const field of ['connectTimeout', 'maxConnectionDuration'] as const) {
      if (isSet(tcp[field])) validateDuration(report, at(base, field), tcp[field]);
    }
    // tcp.idleTimeout of 0s disables the timeout (no CEL rule on it): Go skips it when it has no whole millisecond.
    if (typeof tcp.idleTimeout === 'string') {
      const idle = parseGoDuration(tcp.idleTimeout);
      if (idle === undefined || Math.trunc(idle / 1e6) !== 0) validateDuration(report, at(base, 'idleTimeout'), tcp.idleTimeout);
    }
    const keepalive = asObject(tcp.tcpKeepalive);
    if (keepalive) {
      if (isSet(keepalive.time)) validateDuration(report, at(base, 'tcpKeepalive', 'time'), keepalive.time);
      if (isSet(keepalive.interval)) validateDuration(report, at(base, 'tcpKeepalive', 'interval'), keepalive.interval);
    }
  }
}

function validateLoadBalancer(report: Report, path: string, value: unknown, outlierDetection: unknown): void {
  const lb = asObject(value);
  if (!lb) return;
  const hash = asObject(lb.consistentHash);
  if (hash) {
    const cookie = asObject(hash.httpCookie);
    if (cookie && stringOr(cookie.name) === '') report.error(at(path, 'consistentHash', 'httpCookie'), 'name required for HttpCookie');
    // Cookie attributes (new in 1.30): named, each name once; the CRD leaves both to the webhook.
    const attributeNames = new Set<string>();
    asArray(cookie?.attributes).forEach((value, i) => {
      const attribute = asObject(value);
      if (!attribute) return;
      const name = stringOr(attribute.name);
      const apath = at(path, 'consistentHash', 'httpCookie', 'attributes', i);
      if (name === '') report.error(isSet(attribute.name) ? at(apath, 'name') : apath, 'cookie attribute name cannot be empty');
      else if (attributeNames.has(name)) report.error(at(apath, 'name'), `duplicate cookie attribute name: ${name}`);
      else attributeNames.add(name);
    });
    if (numberOr(hash.minimumRingSize) !== 0) {
      report.warning(at(path, 'consistentHash', 'minimumRingSize'), "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead", 'key');
      if (isSet(hash.ringHash) || isSet(hash.maglev)) report.error(at(path, 'consistentHash'), 'only one of MinimumRingSize or Maglev/Ringhash can be specified');
    }
    const maglev = asObject(hash.maglev);
    if (maglev) {
      const size = numberOr(maglev.tableSize);
      const mpath = at(path, 'consistentHash', 'maglev', 'tableSize');
      if (size === 0) report.error(mpath, 'tableSize must be set for maglev');
      if (size >= 5000011) report.error(mpath, 'tableSize must be less than 5000011 for maglev');
      if (!isPrime(size)) report.error(mpath, 'tableSize must be a prime number for maglev');
    }
  }
  validateLocalityLbSetting(report, at(path, 'localityLbSetting'), lb.localityLbSetting, outlierDetection);
  const warmup = asObject(lb.warmup);
  if (warmup) {
    // The CRD requires duration and bounds minimumPercent to 0..100; aggression only has minimum 0.
    if (isSet(warmup.duration)) validateDuration(report, at(path, 'warmup', 'duration'), warmup.duration);
    if (typeof warmup.minimumPercent === 'number' && warmup.minimumPercent > 100) {
      report.error(at(path, 'warmup', 'minimumPercent'), 'minimumPercent value should be less than or equal to 100');
    }
    if (typeof warmup.aggression === 'number' && warmup.aggression < 1) {
      report.error(at(path, 'warmup', 'aggression'), 'aggression should be greater than or equal to 1');
    }
  }
  if (isSet(lb.warmupDurationSecs)) validateDuration(report, at(path, 'warmupDurationSecs'), lb.warmupDurationSecs);
}

const TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);

/** agent.ValidateLocalityLbSetting: Go returns at the first distribute or failoverPriority error. */
function validateLocalityLbSetting(report: Report, path: string, value: unknown, outlierDetection: unknown): void {
  const locality = asObject(value);
  if (!locality) return;
  const distribute = asArray(locality.distribute);
  const failover = asArray(locality.failover);
  const priority = asArray(locality.failoverPriority);
  if (distribute.length > 0 && failover.length > 0) {
    report.error(path, "can not simultaneously specify 'distribute' and 'failover'", 'key');
    return;
  }
  if (failover.length > 0) {
    const topology = priority.find((label) => typeof label === 'string' && TOPOLOGY_LABELS.has(label));
    if (topology !== undefined) {
      report.error(at(path, 'failoverPriority'), `can not simultaneously set 'failover' and topology label '${String(topology)}' in 'failover_priority'`, 'key');
      return;
    }
  }
  const sources: string[] = [];
  for (let i = 0; i < distribute.length; i++) {
    const entry = asObject(distribute[i]) ?? {};
    sources.push(stringOr(entry.from));
    const to = asObject(entry.to) ?? {};
    const dpath = at(path, 'distribute', i, 'to');
    const weights = Object.values(to).map((w) => numberOr(w));
    if (weights.some((w) => w <= 0 || w > 100)) {
      report.error(dpath, 'locality weight must be in range [1, 100]');
      return;
    }
    const total = weights.reduce((a, b) => a + b, 0);
    if (total !== 100) {
      report.error(dpath, `total locality weight ${total} != 100`);
      return;
    }
    const error = localitiesError(Object.keys(to));
    if (error) report.error(dpath, error);
  }
  const sourceError = localitiesError(sources);
  if (sourceError) report.error(at(path, 'distribute'), sourceError, 'key');
  if ((failover.length > 0 || priority.length > 0) && !isSet(outlierDetection)) {
    report.warning(path, 'outlier detection policy must be provided for failover', 'key');
  }
  failover.forEach((entry, i) => {
    const f = asObject(entry) ?? {};
    const from = stringOr(f.from);
    const to = stringOr(f.to);
    const fpath = at(path, 'failover', i);
    if (from === to) report.error(fpath, 'locality lb failover settings must specify different regions');
    if (from.includes('/') || to.includes('/')) report.error(fpath, 'locality lb failover only specify region');
    if (from.includes('*') || to.includes('*')) report.error(fpath, "locality lb failover region should not contain '*' wildcard");
  });
}

/** validateLocalities: region[/zone[/subzone]], a single trailing `*`, no locality covering an earlier one. */
function localitiesError(localities: string[]): string | undefined {
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const locality of localities) {
    const stars = locality.split('*').length - 1;
    if (stars > 0 && (stars > 1 || !locality.endsWith('*'))) return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
    if (seen.has('*')) return `locality ${locality} overlap with previous specified ones`;
    const items = splitN(locality, '/', 3);
    if (items.some((item) => item === '')) return `locality ${locality} must not contain empty region/zone/subzone info`;
    const [region = '', zone = '', subZone = ''] = items;
    const overlap = `locality ${locality} overlap with previous specified ones`;
    const zones = seen.get(region);
    if (items.length === 1) {
      if (zones) return overlap;
      seen.set(region, new Map([['*', new Set(['*'])]]));
    } else if (items.length === 2) {
      if (zones) {
        if (zones.has('*') || zones.has(zone)) return overlap;
        zones.set(zone, new Set(['*']));
      } else seen.set(region, new Map([[zone, new Set(['*'])]]));
    } else if (zones) {
      if (zones.has('*')) return overlap;
      const subZones = zones.get(zone);
      if (subZones) {
        if (subZones.has('*') || subZones.has(subZone)) return overlap;
        subZones.add(subZone);
      } else zones.set(zone, new Set([subZone]));
    } else seen.set(region, new Map([[zone, new Set([subZone])]]));
  }
  return undefined;
}

/** Go's strings.SplitN. */
function splitN(text: string, separator: string, n: number): string[] {
  const parts = text.split(separator);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  for (let factor = 3; factor * factor <= x; factor += 2) if (x % factor === 0) return false;
  return true;
}

/** agent.ValidateTLS for ClientTLSSettings. */
function validateClientTls(report: Report, path: string, value: unknown): void {
  const tls = asObject(value);
  if (!tls) return;
  const mode = stringOr(tls.mode);
  const has = (field: string) => stringOr(tls[field]) !== '';
  if (tls.insecureSkipVerify === true) {
    const hasSans = isNonEmptyArray(tls.subjectAltNames);
    if (mode === 'SIMPLE' && (has('caCertificates') || has('credentialName') || hasSans)) {
      report.error(at(path, 'insecureSkipVerify'), 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true');
    }
    if (mode === 'MUTUAL' && (has('caCertificates') || hasSans)) {
      report.error(at(path, 'insecureSkipVerify'), 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true');
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && has('credentialName')) {
    if (has('clientCertificate') || has('caCertificates') || has('privateKey') || has('caCrl')) {
      report.error(at(path, 'credentialName'), 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set');
    }
    return;
  }
  if (mode === 'MUTUAL') {
    if (!has('clientCertificate')) report.error(at(path, 'mode'), 'client certificate required for mutual tls');
    if (!has('privateKey')) report.error(at(path, 'mode'), 'private key required for mutual tls');
  }
}
