/**
 * inject's validateProxyConfig for the proxy.istio.io/config annotation: the YAML applied over
 * mesh.DefaultProxyConfig (protomarshal.ApplyYAML: unknown fields allowed, a field set replaces the
 * default, both proto and JSON field names read), then agent.ValidateMeshConfigProxyConfig, whose
 * errors hashicorp/go-multierror lists. Where the YAML does not parse, or a checked field holds a
 * value of the wrong type, the reason given is the project's own wording, not Go's decoder's.
 */
import {asObject} from '../../../istio/access';
import {splitHostPort} from '../../../istio/go-net';
import {parseGoDuration} from '../../../istio/durations';
import {parseYaml} from '../../../yaml/index';
import {goQuote} from '../../messages';
import {parseAddrFamily} from './goParse';

type Obj = Record<string, unknown>;

/** A field by its JSON name or its proto name (jsonpb reads both); null is unset. */
function field(object: Obj | undefined, jsonName: string): unknown {
  if (!object) return undefined;
  const protoName = jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const value = Object.prototype.hasOwnProperty.call(object, jsonName) ? object[jsonName] : object[protoName];
  return value === null ? undefined : value;
}

/** mesh.DefaultProxyConfig's fields that the validation reads. */
const DEFAULTS: Obj = {
  configPath: './etc/istio/proxy',
  binaryPath: '/usr/local/bin/envoy',
  serviceCluster: 'istio-proxy',
  drainDuration: '45s',
  discoveryAddress: 'istiod.istio-system.svc:15012',
  proxyAdminPort: 15000,
  controlPlaneAuthPolicy: 'MUTUAL_TLS',
  statusPort: 15020,
};

class WrongType extends Error {}

const str = (value: unknown, name: string): string => {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new WrongType(`${name} must be a string`);
  return value;
};
const int = (value: unknown, name: string): number => {
  if (value === undefined) return 0;
  const n = typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new WrongType(`${name} must be an integer`);
  return n;
};

/** The error text IST0125 prints for a proxy.istio.io/config value, or undefined when it is valid. */
export function proxyConfigError(value: string): string | undefined {
  const parsed = parseYaml(value);
  const document = parsed.documents[0];
  const problem = parsed.problems[0] ?? document?.problems[0];
  if (problem) return `failed to convert to apply proxy config: ${problem.message}`;
  const content = document?.value ?? null;
  if (content !== null && !asObject(content)) return 'failed to convert to apply proxy config: the value is not a mapping';
  const written = asObject(content) ?? {};
  try {
    const errors = validate(written);
    return errors.length === 0 ? undefined : multierror(errors);
  } catch (error) {
    if (error instanceof WrongType) return `failed to convert to apply proxy config: ${error.message}`;
    throw error;
  }
}

/** go-multierror's default format. */
function multierror(errors: readonly string[]): string {
  const head = errors.length === 1 ? '1 error occurred:' : `${errors.length} errors occurred:`;
  return `${head}\n${errors.map((e) => `\t* ${e}`).join('\n')}\n\n`;
}

/** agent.ValidateMeshConfigProxyConfig over the defaults with the annotation's fields set. */
function validate(written: Obj): string[] {
  const get = (name: string) => {
    const value = field(written, name);
    return value === undefined ? DEFAULTS[name] : value;
  };
  const errors: string[] = [];
  if (str(get('configPath'), 'configPath') === '') errors.push('config path must be set');
  if (str(get('binaryPath'), 'binaryPath') === '') errors.push('binary path must be set');
  // The clusterName oneof: writing tracingServiceName unsets the default serviceCluster.
  const namingKeys = Object.keys(written).filter((key) => ['serviceCluster', 'service_cluster', 'tracingServiceName', 'tracing_service_name'].includes(key) && written[key] !== null);
  // tracingServiceName, declared after serviceCluster in the oneof, wins when both are written.
  if (!namingKeys.some((key) => key.startsWith('tracing'))) {
    if (str(get('serviceCluster'), 'serviceCluster') === '') errors.push('service cluster must be specified');
  }
  errors.push(...drainDurationErrors(get('drainDuration')));
  const discovery = str(get('discoveryAddress'), 'discoveryAddress');
  if (discovery === '') errors.push('discovery address must be set to the proxy discovery service');
  else prefixed(errors, 'invalid discovery address:', proxyAddressError(discovery));

  const tracing = asObject(field(written, 'tracing'));
  const lightstep = asObject(field(tracing, 'lightstep'));
  if (lightstep) {
    const address = str(field(lightstep, 'address'), 'address');
    if (address === '') errors.push('invalid lightstep config: address is required');
    prefixed(errors, 'invalid lightstep config: invalid lightstep address:', proxyAddressError(address));
    if (str(field(lightstep, 'accessToken'), 'accessToken') === '') errors.push('invalid lightstep config: access token is required');
  }
  for (const [name, label] of [['zipkin', 'zipkin'], ['datadog', 'datadog']] as const) {
    const collector = asObject(field(tracing, name));
    if (collector) prefixed(errors, `invalid ${label} config:`, proxyAddressError(str(field(collector, 'address'), 'address').replace('$(HOST_IP)', '127.0.0.1')));
  }
  const tls = asObject(field(tracing, 'tlsSettings'));
  if (tls) for (const error of clientTlsErrors(tls)) errors.push(`invalid tracing TLS config: ${error}`);
  const customTags = asObject(field(tracing, 'customTags'));
  if (customTags) {
    const missing = Object.keys(customTags).find((tag) => customTags[tag] === null);
    if (missing !== undefined) errors.push(`invalid tracing custom tags: encountered nil value for custom tag: ${missing}`);
  }

  const statsd = str(field(written, 'statsdUdpAddress'), 'statsdUdpAddress');
  if (statsd !== '') prefixed(errors, `invalid statsd udp address ${goQuote(statsd)}:`, proxyAddressError(statsd));
  const metrics = str(field(written, 'envoyMetricsServiceAddress'), 'envoyMetricsServiceAddress');
  if (metrics !== '') prefixed(errors, `invalid envoy metrics service address ${goQuote(metrics)}:`, proxyAddressError(metrics));
  for (const [name, label] of [['envoyMetricsService', 'envoy metrics service'], ['envoyAccessLogService', 'envoy access log service']] as const) {
    const address = str(field(asObject(field(written, name)), 'address'), 'address');
    if (address !== '') prefixed(errors, `invalid ${label} address ${goQuote(address)}:`, proxyAddressError(address));
  }
  prefixed(errors, 'invalid proxy admin port:', portError(int(get('proxyAdminPort'), 'proxyAdminPort')));
  const policy = authPolicyName(get('controlPlaneAuthPolicy'));
  if (policy !== 'NONE' && policy !== 'MUTUAL_TLS') errors.push(`invalid authentication policy: unrecognized control plane auth policy ${goQuote(policy)}`);
  prefixed(errors, 'invalid status port:', portError(int(get('statusPort'), 'statusPort')));
  const provider = field(written, 'privateKeyProvider');
  if (provider !== undefined) for (const error of privateKeyProviderErrors(asObject(provider) ?? {})) errors.push(`invalid private key provider configuration: ${error}`);
  return errors;
}

/** AuthenticationPolicy as jsonpb reads it (a name or a number) and String() prints it. */
function authPolicyName(value: unknown): string {
  const names: Record<string, string> = {0: 'NONE', 1: 'MUTUAL_TLS', 1000: 'INHERIT'};
  if (typeof value === 'number' && Number.isInteger(value)) return names[value] ?? String(value);
  if (typeof value === 'string' && Object.values(names).includes(value)) return value;
  throw new WrongType(`unknown value ${JSON.stringify(value)} for enum istio.mesh.v1alpha1.AuthenticationPolicy`);
}

/** multierror.Prefix: each error of a list prefixed. */
function prefixed(errors: string[], prefix: string, error: string | undefined): void {
  if (error !== undefined) errors.push(`${prefix} ${error}`);
}

/** ValidateDrainDuration: at least 1ms, to the millisecond, then to the second. */
function drainDurationErrors(value: unknown): string[] {
  const text = str(value, 'drainDuration');
  const nanos = parseGoDuration(text);
  if (nanos === undefined) throw new WrongType(`bad Duration: time: invalid duration ${goQuote(text)}`);
  if (nanos < 1e6) return ['invalid drain duration: duration must be greater than 1ms'];
  if (nanos % 1e6 !== 0) return ['invalid drain duration: only durations to ms precision are supported'];
  return nanos % 1e9 !== 0 ? ['drain time only supports durations to seconds precision'] : [];
}

/** agent.ValidatePort. */
function portError(port: number): string | undefined {
  return port >= 1 && port <= 65535 ? undefined : `port number ${port} must be in the range 1..65535`;
}

/** agent.ValidateProxyAddress: host:port, the port a number in range, the host a domain name or an IP address. */
export function proxyAddressError(address: string): string | undefined {
  const split = splitHostPort(address);
  // net.AddrError names the address only when there is one.
  if (typeof split === 'string') return `unable to split ${goQuote(address)}: ${address === '' ? '' : `address ${address}: `}${split}`;
  const [host, port] = split;
  const atoiError = atoi(port);
  if (atoiError) return `port (${port}) is not a number: ${atoiError}`;
  const portProblem = portError(Number(port));
  if (portProblem) return portProblem;
  if (fqdnError(host) && typeof parseAddrFamily(host) === 'string') return `${goQuote(host)} is not a valid hostname or an IP address`;
  return undefined;
}

/** strconv.Atoi's error, if any (a sign allowed, int64 range). */
function atoi(s: string): string | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
  const value = BigInt(s);
  return value > (1n << 63n) - 1n || value < -(1n << 63n) ? `strconv.Atoi: parsing ${goQuote(s)}: value out of range` : undefined;
}

/** agent.ValidateFQDN: CheckDNS1123Preconditions, then ValidateDNS1123Labels. */
function fqdnError(name: string): string | undefined {
  if (name.length > 255) return 'too long';
  if (name.length === 0) return 'empty';
  const parts = name.split('.');
  if (atoi(parts[parts.length - 1]!) === undefined) return 'numeric top level domain';
  for (const [i, label] of parts.entries()) {
    if (i === parts.length - 1 && label === '') return undefined;
    if (label.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label)) return 'bad label';
  }
  return undefined;
}

/** agent.ValidateTLS("", settings) for tracing's ClientTLSSettings. */
function clientTlsErrors(tls: Obj): string[] {
  const errors: string[] = [];
  const mode = field(tls, 'mode');
  const has = (name: string) => {
    const value = field(tls, name);
    return value !== undefined && value !== '';
  };
  const credentialName = str(field(tls, 'credentialName'), 'credentialName');
  if (credentialName.startsWith('configmap://')) errors.push('invalid configmap:// credentialName: namespace must match the configuration namespace ""');
  const simple = mode === 'SIMPLE' || mode === 1;
  const mutual = mode === 'MUTUAL' || mode === 2;
  const skipVerify = field(tls, 'insecureSkipVerify');
  if (skipVerify === true || asObject(skipVerify)?.value === true) {
    const sans = field(tls, 'subjectAltNames') !== undefined;
    if (simple && (has('caCertificates') || credentialName !== '' || sans)) errors.push('cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true');
    if (mutual && (has('caCertificates') || sans)) errors.push('cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true');
  }
  if ((simple || mutual) && credentialName !== '') {
    if (has('clientCertificate') || has('caCertificates') || has('privateKey') || has('caCrl')) errors.push('cannot specify client certificates or CA certificate or CA CRL If credentialName is set');
    return errors;
  }
  if (mutual) {
    if (!has('clientCertificate')) errors.push('client certificate required for mutual tls');
    if (!has('privateKey')) errors.push('private key required for mutual tls');
  }
  return errors;
}

/** validatePrivateKeyProvider: a cryptomb or qat provider with a non-zero pollDelay. */
function privateKeyProviderErrors(provider: Obj): string[] {
  const cryptomb = field(provider, 'cryptomb');
  const qat = field(provider, 'qat');
  const chosen = cryptomb !== undefined ? cryptomb : qat;
  if (chosen === undefined) return ['private key provider configuration is required', 'unknown private key provider'];
  const pollDelay = field(asObject(chosen), 'pollDelay');
  if (pollDelay === undefined) return ['pollDelay is required'];
  const nanos = parseGoDuration(str(pollDelay, 'pollDelay'));
  if (nanos === undefined) throw new WrongType(`bad Duration: time: invalid duration ${goQuote(String(pollDelay))}`);
  return nanos === 0 ? ['pollDelay must be non zero'] : [];
}
