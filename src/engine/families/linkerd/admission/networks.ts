/**
 * Networks as Linkerd's webhook reads them (NetworkAuthentication, EgressNetwork and
 * ServerAuthorization's client networks): each `cidr` and `except` entry deserialized as a
 * `Cidr` (network.rs; serde's untagged enum fails with its generic message), then
 * admission.rs validate_networks: an exception may neither cover its whole network nor lie
 * outside it.
 */
import {parseCidr, cidrContains, formatCidr, type Cidr} from './cidr';
import {at, deny, isObj, list, type Obj, type Path} from './deny';

const UNPARSABLE = 'data did not match any variant of untagged enum Cidr';

interface ParsedNetwork {
  cidr: Cidr;
  except: Array<{cidr: Cidr; path: Path}>;
  path: Path;
}

function readCidr(value: unknown, path: Path): Cidr {
  const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
  return cidr ?? deny(path, UNPARSABLE);
}

/** serde's reading of `Vec<Network>` at `path`: every entry's `cidr` and `except`, in the order written. */
export function parseNetworks(networks: unknown, path: Path): ParsedNetwork[] {
  return list(networks).map((network, i) => {
    const base = at(path, i);
    const entry: Obj = isObj(network) ? network : {};
    let cidr: Cidr | undefined;
    const except: ParsedNetwork['except'] = [];
    for (const key of Object.keys(entry)) {
      if (key === 'cidr') cidr = readCidr(entry.cidr, at(base, 'cidr'));
      if (key === 'except' && entry.except !== null) {
        list(entry.except).forEach((value, j) => except.push({cidr: readCidr(value, at(base, 'except', j)), path: at(base, 'except', j)}));
      }
    }
    return {cidr: cidr ?? deny(base, 'missing field `cidr`'), except, path: base};
  });
}

/** admission.rs validate_networks (and the same loop in Validate<ServerAuthorizationSpec>). */
export function validateNetworks(networks: readonly ParsedNetwork[]): void {
  for (const network of networks) {
    for (const except of network.except) {
      if (cidrContains(except.cidr, network.cidr)) {
        deny(except.path, `cidr '${formatCidr(network.cidr)}' is completely negated by exception '${formatCidr(except.cidr)}'`);
      }
      if (!cidrContains(network.cidr, except.cidr)) {
        deny(except.path, `cidr '${formatCidr(network.cidr)}' does not include exception '${formatCidr(except.cidr)}'`);
      }
    }
  }
}

/** Validate<NetworkAuthenticationSpec>: at least one network, each valid. */
export function validateNetworkAuthentication(spec: Obj): void {
  const networks = parseNetworks(spec.networks, '/spec/networks');
  if (networks.length === 0) deny('/spec/networks', 'at least one network must be specified');
  validateNetworks(networks);
}

/** Validate<EgressNetworkSpec>: `networks`, when given, holds at least one network, each valid. */
export function validateEgressNetwork(spec: Obj): void {
  if (spec.networks === undefined || spec.networks === null) return;
  const networks = parseNetworks(spec.networks, '/spec/networks');
  if (networks.length === 0) deny('/spec/networks', 'at least one network must be specified');
  validateNetworks(networks);
}
