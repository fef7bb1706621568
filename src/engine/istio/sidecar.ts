/** ValidateSidecar (validation.go), in its order: selector, listeners, egress hosts, outbound policy. */
import {asArray, asObject, asString, isSet, numberOr, stringOr, type Obj} from './access';
import {splitHostPort} from './go-net';
import {reportSelectorLabelErrors, validateDestination, validatePort} from './common';
import {validateConnectionPool} from './destinationRule';
import {validateServerTls} from './gateway';
import {fqdnError, isIpAddress, isIstioDns1123Label, partialWildcardError, wildcardDomainError} from './hosts';
import {isHttpProtocol, parseProtocol} from './protocol';
import {Report, at} from './report';

export function validateSidecar(report: Report, spec: Obj, namespace = 'default'): void {
  // ValidateAlphaWorkloadSelector: errors stop the validation; no labels is a warning.
  const selector = asObject(spec.workloadSelector);
  if (selector) {
    const labels = asObject(selector.labels) ?? {};
    if (reportSelectorLabelErrors(report, '/spec/workloadSelector/labels', labels)) return;
    if (!asArray(spec.egress).length && !asArray(spec.ingress).length && !isSet(spec.outboundTrafficPolicy) && !isSet(spec.inboundConnectionPool)) {
      report.error('/spec', 'sidecar: empty configuration provided', 'key');
      return;
    }
    if (Object.keys(labels).length === 0) {
      report.warning('/spec/workloadSelector', 'sidecar: workload selector specified without labels, will be applied to all services in namespace', 'key');
    }
  } else if (!asArray(spec.egress).length && !asArray(spec.ingress).length && !isSet(spec.outboundTrafficPolicy) && !isSet(spec.inboundConnectionPool)) {
    report.error('/spec', 'sidecar: empty configuration provided', 'key');
    return;
  }

  const ingressPorts = new Set<number>();
  asArray(spec.ingress).forEach((value, i) => {
    const path = at('/spec/ingress', i);
    const ingress = asObject(value);
    if (!ingress) {
      if (value === null) report.error(path, 'sidecar: ingress may not be null');
      return;
    }
    const port = asObject(ingress.port);
    if (!port) {
      report.error(path, 'sidecar: port is required for ingress listeners');
      return;
    }
    if (numberOr(port.targetPort) > 0) report.error(at(path, 'port', 'targetPort'), 'targetPort has no impact on Sidecars', 'key');
    validateListenerPort(report, at(path, 'port'), port);
    validateBind(report, path, ingress.bind);
    const number = numberOr(port.number);
    if (ingressPorts.has(number)) report.error(at(path, 'port', 'number'), 'sidecar: ports on IP bound listeners must be unique');
    ingressPorts.add(number);
    const endpoint = stringOr(ingress.defaultEndpoint);
    if (endpoint) validateDefaultEndpoint(report, at(path, 'defaultEndpoint'), endpoint);
    const tls = asObject(ingress.tls);
    if (tls) {
      const tpath = at(path, 'tls');
      if (asArray(tls.subjectAltNames).length) report.error(at(tpath, 'subjectAltNames'), 'sidecar: subjectAltNames is not supported in ingress tls', 'key');
      if (tls.httpsRedirect === true) report.error(at(tpath, 'httpsRedirect'), 'sidecar: httpsRedirect is not supported', 'key');
      if (stringOr(tls.credentialName)) report.error(at(tpath, 'credentialName'), 'sidecar: credentialName is not currently supported', 'key');
      if (asArray(tls.credentialNames).length) report.error(at(tpath, 'credentialNames'), 'sidecar: credentialNames is not currently supported', 'key');
      if (asArray(tls.tlsCertificates).length) report.error(at(tpath, 'tlsCertificates'), 'sidecar: tls_certificates is not currently supported', 'key');
      if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH') {
        report.error(at(tpath, 'mode'), `configuration is invalid: cannot set mode to ${String(tls.mode)} in sidecar ingress tls`);
      }
      validateServerTls(report, tpath, tls);
    }
    validateConnectionPool(report, at(path, 'connectionPool'), ingress.connectionPool);
    const pool = asObject(ingress.connectionPool);
    if (pool && isSet(pool.http) && !isHttpProtocol(parseProtocol(stringOr(port.protocol)))) {
      report.warning(at(path, 'connectionPool', 'http'), `sidecar: HTTP connection pool settings are configured for port ${number} (${JSON.stringify(stringOr(port.name))}) but its protocol is not HTTP (${stringOr(port.protocol)}); only TCP settings will apply`, 'key');
    }
  });
  validateConnectionPool(report, '/spec/inboundConnectionPool', spec.inboundConnectionPool);

  const egress = asArray(spec.egress);
  const egressPorts = new Set<number>();
  const sockets = new Set<string>();
  let catchAllFound = false;
  egress.forEach((value, i) => {
    const path = at('/spec/egress', i);
    const listener = asObject(value);
    if (!listener) {
      if (value === null) report.error(path, 'egress listener may not be null');
      return;
    }
    const port = asObject(listener.port);
    if (!port) {
      if (catchAllFound) {
        report.error(path, 'sidecar: egress can have only one listener with empty port');
        return;
      }
      if (i === egress.length - 1) catchAllFound = true;
      else report.error(path, 'sidecar: the egress listener with empty port should be the last listener in the list');
    } else {
      if (numberOr(port.targetPort) > 0) report.error(at(path, 'port', 'targetPort'), 'targetPort has no impact on Sidecars', 'key');
      const bind = stringOr(listener.bind);
      const number = numberOr(port.number);
      if (isSet(port.name) && stringOr(port.name) && !isIstioDns1123Label(stringOr(port.name))) report.error(at(path, 'port', 'name'), `invalid port name: ${stringOr(port.name)}`);
      validateProtocolName(report, at(path, 'port', 'protocol'), port.protocol);
      if (number === 0) {
        if (!bind.startsWith('unix://')) report.error(at(path, 'port', 'number'), 'sidecar: ports with 0 value must have a unix domain socket bind address');
        else validateUnixAddress(report, at(path, 'bind'), bind.slice('unix://'.length));
        const captureMode = stringOr(listener.captureMode, 'DEFAULT');
        if (captureMode !== 'DEFAULT' && captureMode !== 'NONE') report.error(at(path, 'captureMode'), 'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners');
        if (sockets.has(bind)) report.error(at(path, 'bind'), 'sidecar: unix domain socket values for listeners must be unique');
        sockets.add(bind);
      } else {
        validatePort(report, at(path, 'port', 'number'), number);
        if (bind && !isIpAddress(bind)) report.error(at(path, 'bind'), `${bind} is not a valid IP`);
        if (egressPorts.has(number)) report.error(at(path, 'port', 'number'), 'sidecar: ports on IP bound listeners must be unique');
        egressPorts.add(number);
      }
    }
    const hosts = asArray(listener.hosts);
    if (hosts.length === 0) {
      report.error(isSet(listener.hosts) ? at(path, 'hosts') : path, 'sidecar: egress listener must contain at least one host', isSet(listener.hosts) ? 'key' : 'value');
      return;
    }
    const byNamespace = new Map<string, Set<string>>();
    hosts.forEach((host, j) => {
      if (typeof host !== 'string') return;
      const hpath = at(path, 'hosts', j);
      const slash = host.indexOf('/');
      if (slash !== -1) {
        const ns = host.slice(0, slash) === '.' ? namespace : host.slice(0, slash);
        const svc = host.slice(slash + 1);
        const seen = byNamespace.get(ns) ?? new Set<string>();
        if (svc !== '*' ? seen.has(svc) || seen.has('*') : seen.size !== 0) report.warning(hpath, `duplicated egress host: ${host}`);
        seen.add(svc);
        byNamespace.set(ns, seen);
      }
      validateNamespaceSlashHost(report, hpath, host);
    });
    if (byNamespace.get('*')?.has('*') && byNamespace.size !== 1) {
      report.warning(at(path, 'hosts'), '`*/*` host select all resources, no other hosts can be added', 'key');
    }
  });

  const policy = asObject(spec.outboundTrafficPolicy);
  const egressProxy = asObject(policy?.egressProxy);
  if (policy && egressProxy) {
    const ppath = '/spec/outboundTrafficPolicy/egressProxy';
    if (stringOr(policy.mode, 'REGISTRY_ONLY') !== 'ALLOW_ANY') {
      report.error(ppath, 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode', 'key');
      return;
    }
    const hostError = fqdnError(stringOr(egressProxy.host));
    if (hostError) report.error(at(ppath, 'host'), hostError);
    if (!isSet(egressProxy.port)) {
      report.error(ppath, 'sidecar: egress_proxy port must be non-nil', 'key');
      return;
    }
    validateDestination(report, ppath, egressProxy);
  }
}

function validateProtocolName(report: Report, path: string, protocol: unknown): void {
  const name = asString(protocol);
  if (name && parseProtocol(name) === 'Unsupported') report.error(path, `unsupported protocol: ${name}`);
}

/** validateSidecarIngressPortAndBind: name, protocol, number. */
function validateListenerPort(report: Report, path: string, port: Obj): void {
  const name = stringOr(port.name);
  if (name && !isIstioDns1123Label(name)) report.error(at(path, 'name'), `invalid port name: ${name}`);
  validateProtocolName(report, at(path, 'protocol'), port.protocol);
  validatePort(report, isSet(port.number) ? at(path, 'number') : path, numberOr(port.number));
}

function validateBind(report: Report, path: string, bind: unknown): void {
  const address = stringOr(bind);
  if (address && !isIpAddress(address)) report.error(at(path, 'bind'), `${address} is not a valid IP`);
}

/** ValidateUnixAddress */
function validateUnixAddress(report: Report, path: string, address: string): void {
  if (address === '') report.error(path, 'unix address must not be empty');
  else if (!address.startsWith('@') && (!address.startsWith('/') || address.endsWith('/'))) report.error(path, `${address} is not an absolute path to a file`);
}

/** defaultEndpoint: 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://path. */
function validateDefaultEndpoint(report: Report, path: string, endpoint: string): void {
  if (endpoint.startsWith('unix://')) {
    validateUnixAddress(report, path, endpoint.slice('unix://'.length));
    return;
  }
  const split = splitHostPort(endpoint);
  if (typeof split === 'string') report.error(path, `address ${endpoint}: ${split}`);
  const [host, port] = typeof split === 'string' ? ['', ''] : split;
  if (host !== '' && !['127.0.0.1', '0.0.0.0', '::1', '::'].includes(host)) {
    report.error(path, 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset');
  }
  if (!/^[+-]?[0-9]+$/.test(port)) report.error(path, `sidecar: defaultEndpoint port (${port}) is not a number: strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
  else validatePort(report, path, Number(port));
}

function validateNamespaceSlashHost(report: Report, path: string, host: string): void {
  const slash = host.indexOf('/');
  if (slash === -1) {
    report.error(path, 'host must be of form namespace/dnsName');
    return;
  }
  const namespace = host.slice(0, slash);
  const dnsName = host.slice(slash + 1);
  if (!namespace || !dnsName) report.error(path, 'config namespace and dnsName in host entry cannot be empty');
  if (!['*', '.', '~'].includes(namespace) && !isIstioDns1123Label(namespace)) report.error(path, `invalid namespace value ${JSON.stringify(namespace)} in sidecar`);
  if (dnsName !== '*' && !dnsName.includes('.')) report.error(path, 'short names (non FQDN) are not allowed');
  const error = wildcardDomainError(dnsName);
  if (error) report.error(path, error);
  const partial = partialWildcardError(dnsName);
  if (partial) report.error(path, partial);
}
