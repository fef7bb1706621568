/** istio/istio pkg/config/protocol: the protocol names Istio understands (case-insensitive). */
export type Protocol =
  | 'TCP' | 'UDP' | 'GRPC' | 'GRPC-Web' | 'HTTP' | 'HTTP_PROXY' | 'HTTP2' | 'HTTPS' | 'TLS' | 'Mongo' | 'Redis' | 'MySQL' | 'Unsupported';

const BY_NAME: Record<string, Protocol> = {
  tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2', https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL',
};

export function parseProtocol(name: string): Protocol {
  return BY_NAME[name.toLowerCase()] ?? 'Unsupported';
}

export const isHttpProtocol = (p: Protocol): boolean => ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-Web'].includes(p);
export const isTlsProtocol = (p: Protocol): boolean => p === 'HTTPS' || p === 'TLS';
