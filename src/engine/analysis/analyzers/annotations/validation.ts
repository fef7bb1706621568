/**
 * inject.AnnotationValidation (pkg/kube/inject/validate.go at 1.30.3): the annotations whose
 * values the injector checks, each with the error text Go returns, which IST0125 prints.
 */
import {goQuote} from '../../messages';
import {parseGoBoolError} from '../../../go/strconv-bool';
import {parsePrefixError, parseQuantityError, parseUintError} from './goParse';
import {proxyConfigError} from './proxyConfig';

type Validation = (value: string) => string | undefined;

/** validateInterceptionMode: ProxyConfig's REDIRECT and TPROXY, and NONE. */
function interceptionMode(mode: string): string | undefined {
  return ['REDIRECT', 'TPROXY', 'NONE'].includes(mode) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${mode}`;
}

/** parsePort: a 16-bit decimal after trimming spaces. */
function portError(port: string): string | undefined {
  const error = parseUintError(goTrimSpace(port), 16);
  return error && `failed parsing port '${port}': ${error}`;
}

/** validatePortList (parsePorts): a trimmed, comma-separated list; empty is no port. */
function portList(parameter: string): Validation {
  return (ports) => {
    const trimmed = goTrimSpace(ports);
    if (trimmed.length === 0) return undefined;
    for (const port of trimmed.split(',')) {
      const error = portError(port);
      if (error) return `${parameter} invalid: failed parsing port '${port}': ${error}`;
    }
    return undefined;
  };
}

/** validateCIDRList: comma-separated netip prefixes; empty is none. */
function cidrListError(cidrs: string): string | undefined {
  if (cidrs.length === 0) return undefined;
  for (const cidr of cidrs.split(',')) {
    const error = parsePrefixError(cidr);
    if (error) return `failed parsing cidr '${cidr}': ${error}`;
  }
  return undefined;
}

/** netutil.ValidateInterfaceNames. */
function interfaceNames(interfaces: string): string | undefined {
  if (interfaces.length === 0) return undefined;
  for (const raw of interfaces.split(',')) {
    const name = goTrimSpace(raw);
    if (name.length === 0) return 'empty interface name';
    if (name.length > 15) return `interface name ${goQuote(name)} too long (max 15 chars)`;
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(name)) return `interface name ${goQuote(name)} contains invalid characters`;
  }
  return undefined;
}

/** validateResourceQuantity: no control characters (unicode.IsControl), then resource.ParseQuantity. */
function resourceQuantity(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'value contains control characters';
  return parseQuantityError(value);
}

const uint32: Validation = (value) => parseUintError(value, 32);
const excludeInterfaces: Validation = interfaceNames;

export const ANNOTATION_VALIDATION: ReadonlyMap<string, Validation> = new Map<string, Validation>([
  ['sidecar.istio.io/interceptionMode', interceptionMode],
  ['status.sidecar.istio.io/port', (port) => {
    const error = portError(port);
    return error && `excludeInboundPorts invalid: ${error}`;
  }],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', uint32],
  ['readiness.status.sidecar.istio.io/periodSeconds', uint32],
  ['readiness.status.sidecar.istio.io/failureThreshold', uint32],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', (ranges) => {
    const error = ranges === '*' ? undefined : cidrListError(ranges);
    return error && `includeIPRanges invalid: ${error}`;
  }],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', (ranges) => {
    const error = cidrListError(ranges);
    return error && `excludeIPRanges invalid: ${error}`;
  }],
  ['traffic.sidecar.istio.io/includeInboundPorts', (ports) => (ports === '*' ? undefined : portList('includeInboundPorts')(ports))],
  ['traffic.sidecar.istio.io/excludeInboundPorts', portList('excludeInboundPorts')],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', portList('excludeOutboundPorts')],
  ['traffic.sidecar.istio.io/excludeInterfaces', excludeInterfaces],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', excludeInterfaces],
  ['istio.io/reroute-virtual-interfaces', excludeInterfaces],
  ['prometheus.istio.io/merge-metrics', parseGoBoolError],
  ['proxy.istio.io/config', proxyConfigError],
  ['sidecar.istio.io/proxyCPU', resourceQuantity],
  ['sidecar.istio.io/proxyMemory', resourceQuantity],
  ['sidecar.istio.io/proxyCPULimit', resourceQuantity],
  ['sidecar.istio.io/proxyMemoryLimit', resourceQuantity],
]);

/** strings.TrimSpace: ASCII and Unicode white space at both ends. */
function goTrimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/g, '');
}
