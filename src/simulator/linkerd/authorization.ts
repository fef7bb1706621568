/**
 * An authorization as the policy controller sends it to the proxy and the proxy checks it
 * (policy-controller/core/src/inbound.rs ClientAuthorization, ClientAuthentication;
 * linkerd2-proxy app/inbound policy `is_authorized`): the client's address must be in one of
 * its networks, and its TLS must satisfy its authentication.
 */
import type {Located} from '../world';
import {formatIdentityMatch, identityMatches, type IdentityMatch} from './identity';
import {formatNetworkMatch, networkMatches, type NetworkMatch} from './networks';

export type ClientAuthentication =
  | {kind: 'unauthenticated'}
  /** Meshed TLS, whatever the client's identity (ServerAuthorization `unauthenticatedTLS`). */
  | {kind: 'tls-unauthenticated'}
  | {kind: 'tls-authenticated'; identities: IdentityMatch[]};

export interface ClientAuthorization {
  networks: NetworkMatch[];
  authentication: ClientAuthentication;
}

/** inbound.rs AuthorizationRef: a default policy by name, or the resource that authorizes. */
export interface AuthorizationRef {
  kind: 'default' | 'AuthorizationPolicy' | 'ServerAuthorization';
  name: string;
  namespace?: string;
  at?: Located;
}

export interface Authorization {
  ref: AuthorizationRef;
  authz: ClientAuthorization;
}

/** The client as the server's proxy sees it: its address, and its mesh identity when meshed. */
export interface InboundClient {
  address: number[];
  addressText: string;
  meshed: boolean;
  identity?: string;
}

/** linkerd2-proxy `is_authorized`: the networks first, then the TLS the authentication requires. */
export function authorizes(authorization: Authorization, client: InboundClient): {ok: true} | {ok: false; why: string} {
  const {networks, authentication} = authorization.authz;
  if (!networks.some((n) => networkMatches(n, client.address))) {
    return {ok: false, why: `client address ${client.addressText} is not in ${networks.map(formatNetworkMatch).join(', ') || 'any network'}`};
  }
  if (authentication.kind === 'unauthenticated') return {ok: true};
  if (!client.meshed) return {ok: false, why: 'requires mesh TLS, and the client is not meshed'};
  if (authentication.kind === 'tls-unauthenticated') return {ok: true};
  const identity = client.identity ?? '';
  if (authentication.identities.some((m) => identityMatches(m, identity))) return {ok: true};
  return {ok: false, why: `identity ${identity} is not among ${authentication.identities.map(formatIdentityMatch).join(', ')}`};
}

export function isAudit(ref: AuthorizationRef): boolean {
  return ref.kind === 'default' && ref.name === 'audit';
}

export function describeRef(ref: AuthorizationRef): string {
  return ref.kind === 'default' ? `default policy ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}
