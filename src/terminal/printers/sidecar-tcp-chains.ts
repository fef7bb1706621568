/**
 * The filter chains a 1.30.3 sidecar builds from VirtualServices' `tls` and `tcp` routes on a Service port's
 * listener (pilot/pkg/networking/core/tls.go, over getConfigsForHost's VirtualServices for the service's host, oldest
 * first; listener.go buildSidecarOutboundTCPListenerOpts: the TLS options for a TLS or HTTPS port, the TCP options for
 * any other, a sniffed port's included):
 * - buildSidecarOutboundTLSFilterChainOpts: matchTLS's static predicates (`gateways` none or `mesh`, `sourceLabels` a
 *   subset of the pod's, `port` 0 or the listener's, `sourceNamespace`); a chain per holding match of a route with
 *   destinations, skipping a match whose `sniHosts|destinationSubnets` an earlier one had (hashRuntimeTLSMatchPredicates),
 *   on its sniHosts and on its destinationSubnets, which, once a match has some, stand for every later match's (the
 *   function's destinationCIDRs is overwritten, not scoped); every chain carries its config path. No holding match:
 *   the default chain to the service's cluster, on the host as SNI when the listener is bound to 0.0.0.0.
 * - buildSidecarOutboundTCPFilterChainOpts: matchTCP's predicates; a route without match, or a holding match without
 *   `destinationSubnets`, is a match-all chain and the last one; a route whose holding matches all have subnets is a
 *   chain on them; no match-all chain: the default chain to the service's own cluster.
 * toFilterChainMatch sorts SNI hosts (none when one is `*`) and subnets, and makes each subnet a prefix range as
 * ConvertAddressToCidr does (the address as written, its length; a bare address /32), which istioctl prints as
 * `SNI: a,b` and `Addr: 10.0.0.0/8`.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {labelsInclude, stringLabels} from '../../engine/model/labels';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {visibleVirtualServices} from './mesh-virtual-services';
import {importsVirtualService} from './sidecar-scope';
import {MESH_GATEWAY, resolveGatewayName} from './virtual-service-routes';
import {tcpProxyTerminal, type TcpTerminal} from './tcp-proxy-terminal';

/** A chain's options: its SNI hosts and prefix ranges (`ADDRESS/LENGTH`), sorted, when it matches on them, and its TCP proxy. */
export interface TcpChainOptions {
  sni?: string[];
  prefixRanges?: string[];
  terminal: TcpTerminal;
  /** BuildConfigInfoMetadata's `/apis/…` path of the VirtualService, which istiod puts on its TLS chains and match-all TCP chains. */
  config?: string;
}

/** util.BuildConfigInfoMetadata: the config's path as istiod names it (the internal version, v1). */
const configPath = (vs: ModelObject): string => `/apis/networking.istio.io/v1/namespaces/${vs.namespace}/virtual-service/${vs.name}`;

const IPV4_CIDR = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?$/;

/** The VirtualServices of the proxy's scope with `routes` (tls or tcp) whose hosts name `hostname` (getConfigsForHost). */
export function streamConfigsForHost(proxy: Proxy, model: StateModel, hostname: string, routes: 'tls' | 'tcp'): ModelObject[] {
  return visibleVirtualServices(model, proxy.pod.namespace)
    .filter((vs) => vs.hosts.includes(hostname) && asArray(asObject(vs.object.value.spec)?.[routes]).length > 0 && importsVirtualService(proxy, model, vs.object))
    .map((vs) => vs.object);
}

/** matchTLS and matchTCP: the predicates istiod reads when it builds the proxy's config. */
function matchStatic(match: Record<string, unknown>, vs: ModelObject, proxy: Proxy, listenPort: number): boolean {
  const gateways = asArray(match.gateways).map((g) => resolveGatewayName(String(g), vs.namespace));
  const labels = stringMap(field(proxy.pod.value, 'metadata', 'labels'));
  const port = typeof match.port === 'number' ? match.port : 0;
  const namespace = typeof match.sourceNamespace === 'string' ? match.sourceNamespace : '';
  return (gateways.length === 0 || gateways.includes(MESH_GATEWAY)) && labelsInclude(labels, stringLabels(match.sourceLabels))
    && (port === 0 || port === listenPort) && (namespace === '' || namespace === proxy.pod.namespace);
}

/** ConvertAddressToCidr over sorted subnets; an IPv6 or unparsable one, or 0.0.0.0, is a gap. */
function prefixRanges(subnets: readonly string[], vs: ModelObject): string[] {
  return [...subnets].sort().map((subnet) => {
    const parsed = IPV4_CIDR.exec(subnet);
    if (!parsed || parsed[1] === '0.0.0.0') throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name} matches destination subnet ${subnet}, whose prefix range is not modelled here`);
    return `${parsed[1]}/${parsed[2] ?? '32'}`;
  });
}

/** buildSidecarOutboundTCPFilterChainOpts: the chains of `hostname`'s port; `defaultCluster` is the service's cluster. */
export function sidecarTcpChains(hostname: string, listenPort: number, defaultCluster: string, proxy: Proxy, model: StateModel): TcpChainOptions[] {
  const out: TcpChainOptions[] = [];
  for (const vs of streamConfigsForHost(proxy, model, hostname, 'tcp')) {
    for (const tcp of asArray(asObject(vs.value.spec)?.tcp).map((t) => asObject(t) ?? {})) {
      const routes = asArray(tcp.route).map((r) => asObject(r) ?? {});
      if (routes.length === 0) continue;
      const matches = asArray(tcp.match).map((m) => asObject(m) ?? {});
      if (matches.length === 0) return [...out, {terminal: tcpProxyTerminal(routes, listenPort, vs, proxy, model), config: configPath(vs)}];
      const subnets: string[] = [];
      for (const match of matches.filter((m) => matchStatic(m, vs, proxy, listenPort))) {
        const written = asArray(match.destinationSubnets).map(String);
        if (written.length === 0) return [...out, {terminal: tcpProxyTerminal(routes, listenPort, vs, proxy, model), config: configPath(vs)}];
        subnets.push(...written);
      }
      if (subnets.length > 0) out.push({prefixRanges: prefixRanges(subnets, vs), terminal: tcpProxyTerminal(routes, listenPort, vs, proxy, model)});
    }
  }
  return [...out, {terminal: {cluster: defaultCluster}}];
}

/**
 * buildSidecarOutboundTLSFilterChainOpts: the chains of `hostname`'s TLS or HTTPS port; `defaultCluster` is the
 * service's cluster, matched on the host as SNI when `wildcardBind` (the listener is bound to 0.0.0.0).
 */
export function sidecarTlsChains(hostname: string, listenPort: number, defaultCluster: string, wildcardBind: boolean, proxy: Proxy, model: StateModel): TcpChainOptions[] {
  const out: TcpChainOptions[] = [];
  const handled = new Set<string>();
  // The service's own CIDRs (none: the model's addresses are IPs); a match's destinationSubnets replace them for good.
  let destinationCidrs: string[] = [];
  for (const vs of streamConfigsForHost(proxy, model, hostname, 'tls')) {
    for (const tls of asArray(asObject(vs.value.spec)?.tls).map((t) => asObject(t) ?? {})) {
      const routes = asArray(tls.route).map((r) => asObject(r) ?? {});
      if (routes.length === 0) continue;
      for (const match of asArray(tls.match).map((m) => asObject(m) ?? {}).filter((m) => matchStatic(m, vs, proxy, listenPort))) {
        const sniHosts = asArray(match.sniHosts).map(String);
        const subnets = asArray(match.destinationSubnets).map(String);
        if (subnets.length > 0) destinationCidrs = subnets;
        const runtime = `${sniHosts.join(',')}|${subnets.join(',')}`;
        if (handled.has(runtime)) continue;
        handled.add(runtime);
        out.push({
          ...(sniHosts.length > 0 && !sniHosts.includes('*') ? {sni: [...sniHosts].sort()} : {}),
          ...(destinationCidrs.length > 0 ? {prefixRanges: prefixRanges(destinationCidrs, vs)} : {}),
          terminal: tcpProxyTerminal(routes, listenPort, vs, proxy, model),
          config: configPath(vs),
        });
      }
    }
  }
  if (out.length > 0) return out;
  return [{...(wildcardBind ? {sni: [hostname]} : {}), terminal: {cluster: defaultCluster}}];
}
