/**
 * Host names as Istio reads them (istio/istio pkg/config/host, ResolveShortnameToFQDN).
 *
 * - In configuration (VirtualService hosts and destinations, DestinationRule host), a short
 *   name is completed with the namespace of the *resource*: `reviews` in a resource of
 *   namespace `bookinfo` is `reviews.bookinfo.svc.cluster.local`. `*` and names with a dot
 *   are kept as written.
 * - In a request, the client's DNS search path applies: `reviews` from a pod in `bookinfo`
 *   means `reviews.bookinfo.svc.cluster.local`, `reviews.default` means
 *   `reviews.default.svc.cluster.local`.
 */
import {CLUSTER_DOMAIN} from './world';

export function configHostToFqdn(host: string, namespace: string): string {
  return host === '*' || host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`;
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

/** host.Name.Matches for one concrete name: `*.example.com` matches `a.example.com` (not `example.com`); `*` matches all. */
export function hostMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (!pattern.startsWith('*')) return false;
  return name.endsWith(pattern.slice(1));
}

/**
 * How specific a host pattern is for Envoy's virtual host selection: exact names first,
 * then the longest wildcard suffix, `*` last (envoy route_config virtual_hosts domains).
 */
export function hostSpecificity(pattern: string): number {
  return pattern.startsWith('*') ? pattern.length - 1 : Number.MAX_SAFE_INTEGER;
}

/** The intersection of two host patterns (the more specific one), as host.Names.Intersection does; undefined when disjoint. */
export function hostIntersection(a: string, b: string): string | undefined {
  if (hostMatches(a, b)) return b;
  if (hostMatches(b, a)) return a;
  if (a.startsWith('*') && b.startsWith('*')) {
    const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
    return longer.slice(1).endsWith(shorter.slice(1)) ? longer : undefined;
  }
  return undefined;
}
