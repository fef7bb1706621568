/**
 * What an ingress gateway's HTTP servers do with the client's TLS before any route (istio 1.30.3): a plaintext HTTP
 * server's codec reads a ClientHello as a malformed request (400 DPE in the log, a failed handshake for the client); a
 * server that terminates TLS has chains on its hosts as server names (model/gateway.go GetSNIHostsForServer, `*` any
 * name), so plaintext finds no handshake and an SNI none holds finds no chain (closed, NR); otherwise the chosen
 * server ends the TLS and the request inside is routed as HTTP. Istio Gateways' servers (simulate.ts) and Gateway API
 * listeners (gatewayapi/ingress.ts, converted to servers by istiod: HTTPS Terminate is SIMPLE on the listener's
 * hostname, else `*`) are read alike.
 */
import type {Decision} from './decision';
import type {SimRequest} from './request';
import {hostSubsetOf} from '../engine/model/hosts';

/** A server (or listener) as far as TLS goes. */
export interface ServerTls {
  /** How the trace and the panel name it: `the Gateway's server 0 (HTTPS, SIMPLE)`. */
  label: string;
  /** Serves plaintext HTTP (no TLS, or TLS only for an httpsRedirect). */
  plaintext: boolean;
  /** The TLS mode it ends (SIMPLE, MUTUAL, Terminate...). */
  mode?: string;
  /** Its hosts as server names, namespaces stripped. */
  sniHosts: string[];
  /** The certificate's name, for the trace. */
  credential?: string;
}

export interface TlsMismatch {
  why: string;
  summary: string;
  flags?: 'NR';
}

/** Why no route is looked up for this client's scheme on these servers (the ones the port serves HTTP with), or undefined. */
export function tlsMismatch(request: SimRequest, servers: readonly ServerTls[], port: number): TlsMismatch | undefined {
  if (servers.length === 0) return undefined;
  const first = servers[0]!;
  if (request.scheme === 'https' && servers.every((s) => s.plaintext)) {
    return {why: `${first.label} on port ${port} serves plaintext HTTP, and the client speaks TLS: the gateway's HTTP codec reads the ClientHello as a malformed request and answers 400 (flag DPE), which the client's TLS handshake cannot read: the connection fails before any route is looked up`,
      summary: `TLS to a plaintext HTTP server on port ${port}: the handshake fails (the gateway logs 400 DPE)`};
  }
  if (request.scheme === 'http' && servers.every((s) => !s.plaintext)) {
    return {why: `${first.label} on port ${port} terminates TLS (${first.mode}), and the client sends plaintext: no ClientHello, so no SNI for the server's chains and no handshake: the gateway closes the connection without an HTTP answer`,
      summary: `plaintext HTTP to a TLS server on port ${port}: the connection is closed`};
  }
  const hosts = servers.flatMap((s) => s.sniHosts);
  if (request.scheme === 'https' && !hosts.some((h) => h === '*' || hostSubsetOf(request.host, h))) {
    return {why: `the HTTPS server${servers.length > 1 ? 's' : ''} on port ${port} match${servers.length > 1 ? '' : 'es'} SNI ${hosts.join(', ')} only, not ${request.host}: Envoy finds no filter chain for the ClientHello and closes the connection (response flag NR) before any route is looked up`,
      summary: `no filter chain on port ${port} matches SNI ${request.host}: the connection is closed`, flags: 'NR'};
  }
  return undefined;
}

/** The server that ends an https client's TLS (the one its SNI picked), with the trace's words; undefined for plaintext. */
export function tlsTermination(request: SimRequest, server: ServerTls | undefined): {why: string; facts: NonNullable<Decision['tlsTermination']>} | undefined {
  if (request.scheme !== 'https' || !server || server.plaintext) return undefined;
  return {facts: {sni: request.host, by: server.label},
    why: `SNI ${request.host} picks ${server.label} (hosts ${server.sniHosts.join(', ')}), whose TLS ${server.mode} ends at the gateway${server.credential ? ` with the certificate ${server.credential}` : ''}: the decrypted request is routed by HTTP, as a plaintext one would be`};
}
