/** ValidateServiceEntry (validation.go). */
import {asArray, asObject, isSet, numberOr, stringOr, type Obj} from './access';
import {validateExportTo, validateLabels, validatePort} from './common';
import {fqdnError, ipSubnetError, isIpAddress, isIstioDns1123Label, partialWildcardError, wildcardDomainError} from './hosts';
import {isHttpProtocol, isTlsProtocol, parseProtocol} from './protocol';
import {Report, at} from './report';

/** The label by which a ServiceEntry opts out of IP auto-allocation (label.NetworkingEnableAutoallocateIp). */
const AUTOALLOCATE_LABEL = 'networking.istio.io/enable-autoallocate-ip';

/**
 * serviceentry.shouldV2AutoAllocateIPFromPieces with PILOT_ENABLE_IP_AUTOALLOCATE at its default (on): not for
 * resolution NONE, nor when the labels opt out ("false", any case), nor when addresses are given.
 */
function autoAllocatesAddresses(spec: Obj, resolution: string, labels: Obj | undefined): boolean {
  const optOut = labels?.[AUTOALLOCATE_LABEL];
  if (resolution === 'NONE') return false;
  if (typeof optOut === 'string' && optOut.toLowerCase() === 'false') return false;
  return asArray(spec.addresses).length === 0;
}

/** The protocols Envoy's dynamic forward proxy serves, for resolution DYNAMIC_DNS. */
const DYNAMIC_DNS_PROTOCOLS = new Set(['HTTP', 'TLS', 'GRPC', 'HTTP2']);

export function validateServiceEntry(report: Report, spec: Obj, namespace: string, labels?: Obj): void {
  const selector = asObject(spec.workloadSelector);
  if (selector && Object.keys(asObject(selector.labels) ?? {}).length === 0) {
    report.warning('/spec/workloadSelector', 'service entry: workload selector specified without labels, will be applied to all services in namespace', 'key');
  }
  if (isSet(spec.workloadSelector) && isSet(spec.endpoints)) {
    report.error('/spec/workloadSelector', 'only one of WorkloadSelector or Endpoints is allowed in Service Entry', 'key');
  }
  const resolution = stringOr(spec.resolution, 'NONE');
  const hosts = asArray(spec.hosts).filter((h): h is string => typeof h === 'string');
  if (asArray(spec.hosts).length === 0) report.error(isSet(spec.hosts) ? '/spec/hosts' : '/spec', 'service entry must have at least one host', 'key');
  asArray(spec.hosts).forEach((host, i) => {
    if (typeof host !== 'string') return;
    const path = at('/spec/hosts', i);
    if (host === '*') return report.error(path, `invalid host ${host}`);
    const error = wildcardDomainError(host);
    if (error) report.error(path, error);
    // Partial wildcards are for DYNAMIC_DNS only; elsewhere istiod warns.
    const partial = resolution === 'DYNAMIC_DNS' ? undefined : partialWildcardError(host);
    if (partial) report.warning(path, partial);
  });
  let cidrFound = false;
  asArray(spec.addresses).forEach((address, i) => {
    if (typeof address !== 'string') return;
    cidrFound ||= address.includes('/');
    const error = ipSubnetError(address);
    if (error) report.error(at('/spec/addresses', i), error);
  });
  if (cidrFound && resolution !== 'NONE' && resolution !== 'STATIC') {
    report.error('/spec/resolution', 'CIDR addresses are allowed only for NONE/STATIC resolution types');
  }
  const portNames = new Set<string>();
  const portNumbers = new Set<number>();
  asArray(spec.ports).forEach((value, i) => {
    const path = at('/spec/ports', i);
    const port = asObject(value);
    if (!port) {
      if (value === null) report.error(path, 'service entry port may not be null');
      return;
    }
    const name = stringOr(port.name);
    const number = numberOr(port.number);
    if (portNames.has(name)) report.error(at(path, 'name'), `service entry port name ${JSON.stringify(name)} already defined`);
    if (portNumbers.has(number)) report.error(at(path, 'number'), `service entry port ${number} already defined`);
    portNames.add(name);
    portNumbers.add(number);
    if (numberOr(port.targetPort) !== 0) validatePort(report, at(path, 'targetPort'), port.targetPort);
    const portProtocol = stringOr(port.protocol);
    if (asArray(spec.addresses).length === 0 && !autoAllocatesAddresses(spec, resolution, labels) && (portProtocol === '' || portProtocol === 'TCP')) {
      report.warning(path, 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled');
    }
    if (!isIstioDns1123Label(name)) report.error(isSet(port.name) ? at(path, 'name') : path, `invalid port name: ${name}`);
    const protocol = stringOr(port.protocol);
    if (protocol && parseProtocol(protocol) === 'Unsupported') report.error(at(path, 'protocol'), `unsupported protocol: ${protocol}`);
    validatePort(report, isSet(port.number) ? at(path, 'number') : path, number);
  });
  const endpoints = asArray(spec.endpoints);
  switch (resolution) {
    case 'NONE':
      if (endpoints.length) report.error('/spec/endpoints', 'no endpoints should be provided for resolution type none', 'key');
      if (isSet(spec.workloadSelector)) report.warning('/spec/workloadSelector', 'workloadSelector should not be set when resolution mode is NONE', 'key');
      break;
    case 'STATIC':
      endpoints.forEach((endpoint, i) => validateEndpoint(report, at('/spec/endpoints', i), endpoint, portNames, false));
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      if (endpoints.length === 0) {
        // Go stops at the first host that is no FQDN.
        const bad = asArray(spec.hosts).findIndex((host) => typeof host === 'string' && fqdnError(host));
        if (bad !== -1) {
          report.error(at('/spec/hosts', bad), 'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ' +
            `${resolution}, ${fqdnError(asArray(spec.hosts)[bad] as string)!}`);
        }
      }
      if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
        report.error('/spec/endpoints', `there must only be 0 or 1 endpoint for resolution mode ${resolution}`, 'key');
      }
      endpoints.forEach((endpoint, i) => validateEndpoint(report, at('/spec/endpoints', i), endpoint, portNames, true));
      break;
    case 'DYNAMIC_DNS':
      validateDynamicDns(report, spec, resolution);
      break;
    default:
      break;
  }
  if (resolution !== 'NONE' && hosts.length > 1) {
    const bad = asArray(spec.ports).findIndex((p) => {
      const protocol = parseProtocol(stringOr(asObject(p)?.protocol));
      return !isHttpProtocol(protocol) && !isTlsProtocol(protocol);
    });
    if (bad !== -1) report.error(at('/spec/ports', bad, 'protocol'), 'multiple hosts provided with non-HTTP, non-TLS ports');
  }
  validateExportTo(report, '/spec/exportTo', namespace, spec.exportTo, true);
}

/** Resolution DYNAMIC_DNS (new in 1.30): wildcard hosts resolved by Envoy's dynamic forward proxy. */
function validateDynamicDns(report: Report, spec: Obj, resolution: string): void {
  if (asArray(spec.hosts).length === 0) report.error('/spec', `at least one wildcard host must be provided for resolution type ${resolution}`, 'key');
  asArray(spec.hosts).forEach((host, i) => {
    if (typeof host === 'string' && !host.startsWith('*')) report.error(at('/spec/hosts', i), `host must be wildcarded for resolution mode ${resolution}`);
  });
  if (asArray(spec.addresses).length !== 0) {
    report.error('/spec/addresses', `addresses cannot be set for resolution type ${resolution}. HTTP route domains will only be generated` +
      'from the hosts field values', 'key');
  }
  if (asArray(spec.endpoints).length !== 0) {
    report.error('/spec/endpoints', `endpoints cannot be set for resolution type ${resolution}. Destination IP address determined from hosts` +
      'field values', 'key');
  }
  asArray(spec.ports).forEach((value, i) => {
    const port = asObject(value);
    if (!port) return;
    if (!DYNAMIC_DNS_PROTOCOLS.has(parseProtocol(stringOr(port.protocol)))) {
      report.error(at('/spec/ports', i), `only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type ${resolution}`);
    }
  });
  // The location defaults to MESH_EXTERNAL, and the CRD's enum admits only the two allowed values; MESH_INTERNAL with a
  // waypoint is rejected too, which depends on the namespace's labels, not known here.
}

function validateEndpoint(report: Report, path: string, value: unknown, servicePorts: Set<string>, allowFqdn: boolean): void {
  const endpoint = asObject(value);
  if (!endpoint) {
    if (value === null) report.error(path, 'endpoint cannot be nil');
    return;
  }
  const address = stringOr(endpoint.address);
  if (address === '' && !stringOr(endpoint.network)) report.error(path, 'address is required');
  if (address.startsWith('unix://')) {
    const socket = address.slice('unix://'.length);
    if (!socket.startsWith('@') && (!socket.startsWith('/') || socket.endsWith('/'))) report.error(at(path, 'address'), `${socket} is not an absolute path to a file`);
  } else if (address && !isIpAddress(address)) {
    if (!allowFqdn) report.error(at(path, 'address'), `endpoint address ${JSON.stringify(address)} is not a valid IP address`);
    else if (fqdnError(address)) report.error(at(path, 'address'), `endpoint address ${JSON.stringify(address)} is not a valid FQDN or an IP address`);
  }
  for (const [name, port] of Object.entries(asObject(endpoint.ports) ?? {})) {
    const ppath = at(path, 'ports', name);
    if (!servicePorts.has(name)) report.error(ppath, `endpoint port ${String(port)} is not defined by the service entry`, 'key');
    if (!isIstioDns1123Label(name)) report.error(ppath, `invalid port name: ${name}`, 'key');
    validatePort(report, ppath, port);
  }
  validateLabels(report, at(path, 'labels'), endpoint.labels);
}
