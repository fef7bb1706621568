/**
 * Host names as Istio reads them (istio/istio pkg/config/host, ResolveShortnameToFQDN), one
 * matcher for analysis, the webhook's rules and the simulator.
 *
 * - In configuration (VirtualService hosts and destinations, DestinationRule host, Services),
 *   a short name is completed with the namespace of the *resource*: `reviews` in namespace
 *   `bookinfo` is `reviews.bookinfo.svc.cluster.local`. Wildcards and names with a dot are
 *   kept as written.
 * - In a request, the client's DNS search path applies (requestHostCandidates).
 */
import {asArray, asObject} from '../istio/access';

export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** ResolveShortnameToFQDN / ConvertHostToFQDN: short names (no dot, no wildcard) live in the given namespace. */
export function fqdn(host: string, namespace: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** What Kubernetes DNS (search path `<ns>.svc.cluster.local svc.cluster.local cluster.local`) turns a typed name into. */
export function requestHostCandidates(host: string, clientNamespace: string): string[] {
  const dots = host.split('.').length - 1;
  if (host.endsWith(`.${CLUSTER_DOMAIN}`)) return [host];
  if (dots === 0) return [`${host}.${clientNamespace}.${CLUSTER_DOMAIN}`, host];
  if (dots === 1) return [`${host}.${CLUSTER_DOMAIN}`, host];
  if (host.endsWith('.svc')) return [`${host}.cluster.local`, host];
  return [host];
}

/** host.Name.Matches: do two (possibly wildcard) hosts overlap? */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (!aWild && !bWild) return false;
  if (aWild && bWild) {
    const aSuffix = a.slice(1);
    const bSuffix = b.slice(1);
    return aSuffix.length > bSuffix.length ? aSuffix.endsWith(bSuffix) : bSuffix.endsWith(aSuffix);
  }
  const [wild, plain] = aWild ? [a, b] : [b, a];
  return plain.endsWith(wild.slice(1));
}

/** host.Name.SubsetOf: every host matched by `a` is matched by `b` (`a.example.com` ⊂ `*.example.com` ⊂ `*`). */
export function hostSubsetOf(a: string, b: string): boolean {
  if (a === b) return true;
  if (!b.startsWith('*')) return false;
  const suffix = b.slice(1);
  return a.startsWith('*') ? a.slice(1).endsWith(suffix) : a.endsWith(suffix);
}

/** The intersection of two host patterns (the more specific one), as host.Names.Intersection does; undefined when disjoint. */
export function hostIntersection(a: string, b: string): string | undefined {
  if (hostSubsetOf(b, a)) return b;
  // Two overlapping patterns are always nested (host.Name has one leading wildcard at most).
  return hostSubsetOf(a, b) ? a : undefined;
}

/**
 * How specific a host pattern is for Envoy's virtual host selection: exact names first,
 * then the longest wildcard suffix, `*` last (envoy route_config virtual_hosts domains).
 */
export function hostSpecificity(pattern: string): number {
  return pattern.startsWith('*') ? pattern.length - 1 : Number.MAX_SAFE_INTEGER;
}

/**
 * `exportTo` visibility of a ServiceEntry, VirtualService or DestinationRule from a namespace:
 * empty is everyone (the mesh defaults defaultServiceExportTo and friends are `*`), `*` everyone,
 * `.` the resource's own namespace, any other entry that namespace.
 */
export function exportedTo(resource: {namespace: string; value: Record<string, unknown>}, namespace: string): boolean {
  const exportTo = asArray(asObject(resource.value.spec)?.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && resource.namespace === namespace));
}
