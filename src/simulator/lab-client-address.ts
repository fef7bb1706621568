/**
 * The lab request panel's client address field: the address the request comes from, as
 * `--client-ip` gives it. Through an ingress gateway it is the gateway's peer (`source.ip`,
 * ipBlocks; `remote.ip`, remoteIpBlocks, unless trusted hops take it from x-forwarded-for:
 * istio-authz/ingress.ts); without a gateway it is the client's own address (with From, that
 * workload's; alone, an unmeshed client's), which Linkerd's NetworkAuthentications and Istio's
 * ipBlocks read. Bounded before it is parsed: IPv6's longest text form is 45 characters.
 */
import {parseAddress} from './linkerd/networks';

export const MAX_CLIENT_ADDRESS_CHARS = 45;

/** undefined for a blank field; the trimmed address; or why it is refused. */
export function readClientAddress(text: string | undefined): string | {error: string} | undefined {
  const written = text?.trim() ?? '';
  if (written === '') return undefined;
  if (written.length > MAX_CLIENT_ADDRESS_CHARS) return {error: `The client address is ${written.length} characters long; an IP address has at most ${MAX_CLIENT_ADDRESS_CHARS}. No request is simulated.`};
  if (!parseAddress(written)) return {error: `The client address ${JSON.stringify(written)} is not an IPv4 or IPv6 address (for example 203.0.113.9 or 2001:db8::9). No request is simulated.`};
  return written;
}
