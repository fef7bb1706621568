/** ValidateGateway (validation.go): servers, ports, protocols, hosts and TLS settings. */
import {asArray, asObject, asString, isSet, numberOr, stringOr, type Obj} from './access';
import {validatePort} from './common';
import {isIpAddress, isIstioDns1123Label, partialWildcardError, wildcardDomainError} from './hosts';
import {isHttpProtocol, isTlsProtocol, parseProtocol} from './protocol';
import {Report, at} from './report';

export function validateGateway(report: Report, spec: Obj, name: string): void {
  if (name && !isIstioDns1123Label(name)) report.error('/metadata/name', `invalid gateway name: ${JSON.stringify(name)}`);
  const servers = asArray(spec.servers);
  if (servers.length === 0) report.error(isSet(spec.servers) ? '/spec/servers' : '/spec', 'gateway must have at least one server', 'key');
  const portNames = new Set<string>();
  servers.forEach((value, i) => {
    const path = at('/spec/servers', i);
    const server = asObject(value);
    if (!server) {
      if (value === null) report.error(path, 'server may not be nil');
      return;
    }
    validateServer(report, path, server);
    const port = asObject(server.port);
    if (port) {
      const portName = stringOr(port.name);
      if (portNames.has(portName)) report.error(at(path, 'port', 'name'), `port names in servers must be unique: duplicate name ${portName}`);
      portNames.add(portName);
      const protocol = parseProtocol(stringOr(port.protocol));
      if (!isHttpProtocol(protocol) && asObject(server.tls)?.httpsRedirect === true) {
        report.warning(at(path, 'tls', 'httpsRedirect'), 'tls.httpsRedirect should only be used with http servers');
      }
    }
  });
}

function validateServer(report: Report, path: string, server: Obj): void {
  const hosts = asArray(server.hosts);
  if (hosts.length === 0) report.error(isSet(server.hosts) ? at(path, 'hosts') : path, 'server config must contain at least one host', 'key');
  hosts.forEach((host, i) => {
    if (typeof host === 'string') validateGatewayHost(report, at(path, 'hosts', i), host);
  });
  const bind = stringOr(server.bind);
  const portOk = validateServerPort(report, at(path, 'port'), server.port, bind);
  if (bind.startsWith('unix://')) {
    const port = asObject(server.port);
    if (port && numberOr(port.number) !== 0) report.error(at(path, 'port', 'number'), 'port number must be 0 for unix domain socket');
  } else if (bind && !isIpAddress(bind)) report.error(at(path, 'bind'), `${bind} is not a valid IP`);
  validateServerTls(report, at(path, 'tls'), server.tls);
  if (portOk) {
    const protocol = parseProtocol(stringOr(asObject(server.port)?.protocol));
    const tls = asObject(server.tls);
    if (isTlsProtocol(protocol) && !tls) report.error(at(path, 'port', 'protocol'), 'server must have TLS settings for HTTPS/TLS protocols');
    else if (!isTlsProtocol(protocol) && tls) {
      if (isHttpProtocol(protocol)) {
        const onlyRedirect = !stringOr(tls.caCertificates) && !stringOr(tls.privateKey) && !stringOr(tls.serverCertificate) &&
          (tls.mode === undefined || tls.mode === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH'); // gateway.IsPassThroughServer
        if (!onlyRedirect) report.error(at(path, 'tls'), 'server cannot have TLS settings for plain text HTTP ports', 'key');
      } else report.error(at(path, 'tls'), 'server cannot have TLS settings for non HTTPS/TLS ports', 'key');
    }
  }
}

/** ValidateNamespaceSlashWildcardHostname for gateways: `host` or `namespace/host`, FQDN, IP allowed. */
function validateGatewayHost(report: Report, path: string, host: string): void {
  const slash = host.indexOf('/');
  let dnsName = host;
  if (slash !== -1) {
    const namespace = host.slice(0, slash);
    dnsName = host.slice(slash + 1);
    if (!namespace || !dnsName) report.error(path, 'config namespace and dnsName in host entry cannot be empty');
    if (namespace !== '*' && namespace !== '.' && !isIstioDns1123Label(namespace)) report.error(path, `invalid namespace value ${JSON.stringify(namespace)} in gateway`);
  }
  if (dnsName !== '*' && !dnsName.includes('.')) report.error(path, 'short names (non FQDN) are not allowed');
  const error = wildcardDomainError(dnsName);
  if (error && !isIpAddress(dnsName)) report.error(path, error);
  const partial = partialWildcardError(dnsName);
  if (partial) report.error(path, partial);
}

function validateServerPort(report: Report, path: string, value: unknown, bind: string): boolean {
  const port = asObject(value);
  if (!port) {
    report.error(path.replace(/\/port$/, ''), 'port is required', 'key');
    return false;
  }
  let ok = true;
  const protocol = asString(port.protocol) ?? '';
  if (parseProtocol(protocol) === 'Unsupported') {
    report.error(isSet(port.protocol) ? at(path, 'protocol') : path,
      `invalid protocol ${JSON.stringify(protocol)}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`);
    ok = false;
  }
  const number = numberOr(port.number);
  if (number > 0 || !bind.startsWith('unix://')) {
    if (!(number >= 1 && number <= 65535)) {
      validatePort(report, isSet(port.number) ? at(path, 'number') : path, number);
      ok = false;
    }
  }
  if (numberOr(port.targetPort) > 0) {
    report.error(at(path, 'targetPort'), 'targetPort has no impact on Gateways', 'key');
    ok = false;
  }
  if (stringOr(port.name) === '') {
    report.error(isSet(port.name) ? at(path, 'name') : path, `port name must be set: number:${number} protocol:${JSON.stringify(protocol)}`);
    ok = false;
  }
  return ok;
}

/** validateTLSOptions' cipher suite warnings: unknown names, then repeated ones. */
function validateCipherSuites(report: Report, path: string, cipherSuites: unknown[]): void {
  const invalid = new Set<string>();
  const valid = new Set<string>();
  const duplicate = new Set<string>();
  for (const cipher of cipherSuites) {
    if (typeof cipher !== 'string') continue;
    if (!isValidCipherSuite(cipher)) invalid.add(cipher);
    else if (valid.has(cipher)) duplicate.add(cipher);
    else valid.add(cipher);
  }
  if (invalid.size) report.warning(at(path, 'cipherSuites'), `ignoring invalid cipher suites: [${[...invalid].sort().join(' ')}]`, 'key');
  if (duplicate.size) report.warning(at(path, 'cipherSuites'), `ignoring duplicate cipher suites: [${[...duplicate].sort().join(' ')}]`, 'key');
}

export function validateServerTls(report: Report, path: string, value: unknown): void {
  const tls = asObject(value);
  if (!tls) return;
  // validateTLSOptions: warnings for old TLS versions and unknown or duplicate cipher suites
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && asArray(tls.cipherSuites).length === 0) {
    report.warning(at(path, 'minProtocolVersion'), 'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.');
  }
  const cipherSuites = asArray(tls.cipherSuites);
  if (cipherSuites.length > 0) validateCipherSuites(report, path, cipherSuites);
  const mode = stringOr(tls.mode, 'PASSTHROUGH');
  const has = (field: string) => stringOr(tls[field]) !== '';
  const tlsCertificates = asArray(tls.tlsCertificates);
  const credentialNames = asArray(tls.credentialNames);
  if (mode === 'ISTIO_MUTUAL') {
    if (has('serverCertificate')) report.error(at(path, 'serverCertificate'), 'ISTIO_MUTUAL TLS cannot have associated server certificate', 'key');
    if (has('privateKey')) report.error(at(path, 'privateKey'), 'ISTIO_MUTUAL TLS cannot have associated private key', 'key');
    if (has('caCertificates')) report.error(at(path, 'caCertificates'), 'ISTIO_MUTUAL TLS cannot have associated CA bundle', 'key');
    if (tlsCertificates.length > 0) report.error(at(path, 'tlsCertificates'), 'ISTIO_MUTUAL TLS cannot have associated tlsCertificates', 'key');
    if (has('credentialName')) report.error(at(path, 'credentialName'), 'ISTIO_MUTUAL TLS cannot have associated credentialName', 'key');
    if (credentialNames.length > 0) report.error(at(path, 'credentialNames'), 'ISTIO_MUTUAL TLS cannot have associated credentialNames', 'key');
    return;
  }
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') && (has('caCrl') || has('serverCertificate') || has('privateKey') ||
    has('caCertificates') || tlsCertificates.length > 0 || has('credentialName') || credentialNames.length > 0)) {
    report.warning(at(path, 'mode'), `${mode} mode does not use certificates, they will be ignored`);
  }
  // Only one certificate source: a certificate/key pair, credentialName, credentialNames or tlsCertificates.
  const sources = [has('serverCertificate') && has('privateKey'), has('credentialName'), credentialNames.length > 0, tlsCertificates.length > 0];
  if (sources.filter(Boolean).length > 1) {
    report.error(path, 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified', 'key');
  }
  const isMutual = mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  // With a credential name the certificates (and the CA) come from the secret.
  if ((mode === 'SIMPLE' || isMutual) && (has('credentialName') || credentialNames.length > 0)) return;
  if (mode === 'SIMPLE' || isMutual) {
    const prefix = isMutual ? 'MUTUAL TLS' : 'SIMPLE TLS';
    // caCertCredentialName (1.28+) names the secret or configmap holding the client CA, in place of caCertificates.
    if (isMutual && !has('caCertificates') && !has('caCertCredentialName')) report.error(at(path, 'mode'), `${prefix} requires a client CA bundle`);
    // Each tlsCertificates entry is checked like the top-level pair.
    const certs = tlsCertificates.length > 0
      ? tlsCertificates.map((c, i) => ({cert: asObject(c) ?? {}, where: at(path, 'tlsCertificates', i)}))
      : [{cert: tls, where: at(path, 'mode')}];
    for (const {cert, where} of certs) {
      if (stringOr(cert.serverCertificate) === '') report.error(where, `${prefix} requires a server certificate`);
      if (stringOr(cert.privateKey) === '') report.error(where, `${prefix} requires a private key`);
    }
  }
  if (has('caCrl')) {
    if (has('credentialName')) report.error(at(path, 'caCrl'), 'CRL is not supported with credentialName. CRL has to be specified in the credential', 'key');
    if (mode === 'SIMPLE') report.error(at(path, 'caCrl'), 'CRL is not supported with SIMPLE TLS', 'key');
  }
}

/** security.ValidCipherSuites (pkg/config/security): BoringSSL names; `ALL`, empty and operator forms pass. */
const CIPHER_SUITES = new Set(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA',
  'AES256-SHA', 'DES-CBC3-SHA']);

export function isValidCipherSuite(cipher: string): boolean {
  if (cipher === '' || cipher === 'ALL') return true;
  if (!/^[\p{L}\p{N}]/u.test(cipher)) return true;
  return CIPHER_SUITES.has(cipher);
}
