/** ValidateDestinationRule (validation.go): host, traffic policies, subsets. */
import {asArray, asObject, asString, isSet, numberOr, stringOr, type Obj} from './access';
import {validateDuration, validateExportTo, validateLabels, validatePort, validateSubsetName, validateWorkloadSelector} from './common';
import {wildcardDomainError} from './hosts';
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
  const fields = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol'];
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
  validateLoadBalancer(report, at(path, 'loadBalancer'), policy.loadBalancer);
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
    validateLoadBalancer(report, at(ppath, 'loadBalancer'), setting.loadBalancer);
    validateClientTls(report, at(ppath, 'tls'), setting.tls);
  });
  const tunnel = asObject(policy.tunnel);
  if (tunnel) {
    const protocol = stringOr(tunnel.protocol);
    if (protocol && protocol !== 'CONNECT' && protocol !== 'POST') report.error(at(path, 'tunnel', 'protocol'), 'tunnel protocol must be "CONNECT" or "POST"');
    if (typeof tunnel.targetPort === 'number') {
      const port = tunnel.targetPort;
      if (!(port >= 1 && port <= 65535)) report.error(at(path, 'tunnel', 'targetPort'), `tunnel target port is invalid: port number ${port} must be in the range 1..65535`);
    }
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
    for (const field of ['connectTimeout', 'maxConnectionDuration', 'idleTimeout'] as const) {
      if (isSet(tcp[field])) validateDuration(report, at(base, field), tcp[field]);
    }
    const keepalive = asObject(tcp.tcpKeepalive);
    if (keepalive) {
      if (isSet(keepalive.time)) validateDuration(report, at(base, 'tcpKeepalive', 'time'), keepalive.time);
      if (isSet(keepalive.interval)) validateDuration(report, at(base, 'tcpKeepalive', 'interval'), keepalive.interval);
    }
  }
}

function validateLoadBalancer(report: Report, path: string, value: unknown): void {
  const lb = asObject(value);
  if (!lb) return;
  const hash = asObject(lb.consistentHash);
  if (hash) {
    const cookie = asObject(hash.httpCookie);
    if (cookie && stringOr(cookie.name) === '') report.error(at(path, 'consistentHash', 'httpCookie'), 'name required for HttpCookie');
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
  if (isSet(lb.warmupDurationSecs)) validateDuration(report, at(path, 'warmupDurationSecs'), lb.warmupDurationSecs);
  const locality = asObject(lb.localityLbSetting);
  if (locality) {
    asArray(locality.distribute).forEach((entry, i) => {
      const to = asObject(asObject(entry)?.to);
      if (!to) return;
      const weights = Object.values(to).map((w) => numberOr(w));
      const dpath = at(path, 'localityLbSetting', 'distribute', i, 'to');
      if (weights.some((w) => w <= 0 || w > 100)) report.error(dpath, 'locality weight must be in range [1, 100]');
      else if (weights.reduce((a, b) => a + b, 0) !== 100) report.error(dpath, `total locality weight ${weights.reduce((a, b) => a + b, 0)} != 100`);
    });
  }
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
