/**
 * How istiod 1.30.3 reads a port's protocol, one reading for the simulator and the terminal's printers:
 * pkg/config/protocol Parse (the names, case-insensitive; anything else is UnsupportedProtocol, which
 * the proxies sniff), pkg/config/kube ConvertProtocol for a Kubernetes Service port (UDP first, then the
 * appProtocol with Kubernetes' standard names, else the name's prefix before '-'; an unknown one on the
 * well-known ports 25, 53, 3306 and 27017 is TCP), and how the listeners treat the result
 * (protocol.Instance IsHTTP, IsTCP, IsTLS; UDP gets no listener: listener.go "UDP or other protocols").
 */
import {asObject} from '../istio/access';
import {isHttpProtocol, isTlsProtocol, parseProtocol as parseName} from '../istio/protocol';

export {isTlsProtocol};

/** protocol.Unsupported: a port whose protocol Istio sniffs. */
export const UNSUPPORTED_PROTOCOL = 'UnsupportedProtocol';

/** conversion.go wellKnownPorts: SMTP, DNS, MySQL, MongoDB default to TCP. */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
/** Kubernetes' standard appProtocol values (core/v1 ServicePort.appProtocol). */
const KUBERNETES_APP_PROTOCOLS: Readonly<Record<string, string>> = {'kubernetes.io/h2c': 'HTTP2', 'kubernetes.io/ws': 'HTTP', 'kubernetes.io/wss': 'HTTPS'};

/** protocol.Parse (engine/istio/protocol.ts) with istioctl's name for the unsupported: a ServiceEntry port's `protocol`, a Gateway server's, or a name's prefix. */
export function parseProtocol(text: string): string {
  const protocol = parseName(text);
  return protocol === 'Unsupported' ? UNSUPPORTED_PROTOCOL : protocol;
}

/** pkg/config/kube ConvertProtocol over a Kubernetes Service port (`protocol`, `appProtocol`, `name`, `port`). */
export function convertProtocol(port: unknown): string {
  const p = asObject(port) ?? {};
  if (String(p.protocol ?? 'TCP') === 'UDP') return 'UDP';
  const appProtocol = typeof p.appProtocol === 'string' ? p.appProtocol : undefined;
  if (appProtocol !== undefined && Object.hasOwn(KUBERNETES_APP_PROTOCOLS, appProtocol)) return KUBERNETES_APP_PROTOCOLS[appProtocol]!;
  let name = appProtocol ?? String(p.name ?? '');
  if (name.slice(0, 'grpc-web'.length).toLowerCase() === 'grpc-web') return 'GRPC-Web';
  if (name.includes('-')) name = name.slice(0, name.indexOf('-'));
  const parsed = parseProtocol(name);
  if (parsed !== UNSUPPORTED_PROTOCOL) return parsed;
  return WELL_KNOWN_PORTS.has(Number(p.port)) ? 'TCP' : UNSUPPORTED_PROTOCOL;
}

/** How a port's traffic is handled: HTTP (http, http2, grpc, grpc-web), TCP (tcp, https, tls, mongo, redis, mysql), sniffed, or UDP (no listener, no cluster). */
export type PortHandling = 'http' | 'tcp' | 'sniffed' | 'udp';

/** A protocol reduced to how the listeners treat it. */
export function protocolHandling(protocol: string): PortHandling {
  if (protocol === 'UDP') return 'udp';
  if (protocol === UNSUPPORTED_PROTOCOL) return 'sniffed';
  return isHttpProtocol(protocol) ? 'http' : 'tcp';
}
