/** istio/istio pkg/config/protocol: the protocol names Istio understands (case-insensitive). */
export type Protocol =
  | 'TCP' | 'UDP' | 'GRPC' | 'GRPC-Web' | 'HTTP' | 'HTTP_PROXY' | 'HTTP2' | 'HTTPS' | 'TLS' | 'Mongo' | 'Redis' | 'MySQL' | 'Unsupported';

const BY_NAME: Record<string, Protocol> = {
  tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2', https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL',
};

/** protocol.Parse: own names only, so a port named `constructor` is unsupported like any unknown name. */
export function parseProtocol(name: string): Protocol {
  const key = name.toLowerCase();
  return Object.hasOwn(BY_NAME, key) ? BY_NAME[key]! : 'Unsupported';
}

const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-Web']);
/** protocol.Instance IsHTTP. */
export const isHttpProtocol = (p: string): boolean => HTTP_PROTOCOLS.has(p);
/** protocol.Instance IsTLS: HTTPS and TLS ports get TLS filter chains, matched by SNI. */
export const isTlsProtocol = (p: string): boolean => p === 'HTTPS' || p === 'TLS';
