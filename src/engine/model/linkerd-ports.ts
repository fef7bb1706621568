/**
 * How Linkerd 2.20 reads a port's protocol, one reading for the simulator and the terminal's
 * `linkerd diagnostics policy` printer: a Service port's `appProtocol` (linkerd2 policy-controller
 * core AppProtocol::from_str) and the port lists of `config.linkerd.io/opaque-ports` and
 * `config.linkerd.io/proxy-require-identity-inbound-ports` (core ports.rs parse_portset).
 */

/** core AppProtocol: `unknown` is any appProtocol Linkerd does not know, which to_proto sends as opaque. */
export type LinkerdAppProtocol = 'http1' | 'http2' | 'opaque' | 'unknown';

/** core AppProtocol::from_str, case-insensitive. */
export function linkerdAppProtocol(text: string): LinkerdAppProtocol {
  switch (text.toLowerCase()) {
    case 'http': return 'http1';
    case 'kubernetes.io/h2c': return 'http2';
    case 'linkerd.io/tcp': case 'linkerd.io/opaque': return 'opaque';
    default: return 'unknown';
  }
}

/**
 * ports.rs parse_portset: `80,8080-8090`, spaces around entries ignored; undefined for a list with an
 * entry that is not a port or an ascending range of ports, which ports_annotation then ignores whole.
 */
export function linkerdPortSet(text: string): Set<number> | undefined {
  const ports = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const low = range ? Number(range[1]) : NaN;
    const high = range?.[2] === undefined ? low : Number(range[2]);
    if (!(low >= 1 && high <= 65535 && low <= high)) return undefined;
    for (let port = low; port <= high; port++) ports.add(port);
  }
  return ports;
}
