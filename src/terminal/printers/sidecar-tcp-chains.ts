/**
 * The filter chains a 1.30.3 sidecar builds from VirtualServices' `tcp` routes on a TCP Service port's listener
 * (pilot/pkg/networking/core/tls.go buildSidecarOutboundTCPFilterChainOpts, over getConfigsForHost's VirtualServices
 * for the service's host, oldest first): matchTCP's static predicates (`gateways` none or `mesh`, `sourceLabels` a
 * subset of the pod's, `port` 0 or the listener's, `sourceNamespace`) read now; a route without match, or a holding
 * match without `destinationSubnets`, is a match-all chain and the last one; a route whose holding matches all have
 * subnets is a chain on them; no match-all chain: the default chain to the service's own cluster. toFilterChainMatch
 * sorts the subnets and makes each a prefix range as ConvertAddressToCidr does (the address as written, its length; a
 * bare address /32), which istioctl prints as `Addr: 10.0.0.0/8`.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {visibleVirtualServices} from './mesh-virtual-services';
import {importsVirtualService} from './sidecar-scope';
import {MESH_GATEWAY, resolveGatewayName} from './virtual-service-routes';
import {tcpProxyTerminal, type TcpTerminal} from './tcp-proxy-terminal';

/** A chain's options: its prefix ranges (`ADDRESS/LENGTH`, sorted) when it matches on destination subnets, and its TCP proxy. */
export interface TcpChainOptions {
  prefixRanges?: string[];
  terminal: TcpTerminal;
  /** BuildConfigInfoMetadata's `/apis/…` path of the VirtualService, which istiod puts on its match-all chains only. */
  config?: string;
}

/** util.BuildConfigInfoMetadata: the config's path as istiod names it (the internal version, v1). */
const configPath = (vs: ModelObject): string => `/apis/networking.istio.io/v1/namespaces/${vs.namespace}/virtual-service/${vs.name}`;

const IPV4_CIDR = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?$/;

/** The VirtualServices of the proxy's scope with `tcp` routes whose hosts name `hostname` (getConfigsForHost). */
export function tcpConfigsForHost(proxy: Proxy, model: StateModel, hostname: string): ModelObject[] {
  return visibleVirtualServices(model, proxy.pod.namespace)
    .filter((vs) => vs.hosts.includes(hostname) && asArray(asObject(vs.object.value.spec)?.tcp).length > 0 && importsVirtualService(proxy, model, vs.object))
    .map((vs) => vs.object);
}

/** matchTCP: the predicates istiod reads when it builds the proxy's config. */
function matchTcp(match: Record<string, unknown>, vs: ModelObject, proxy: Proxy, listenPort: number): boolean {
  const gateways = asArray(match.gateways).map((g) => resolveGatewayName(String(g), vs.namespace));
  const labels = stringMap(field(proxy.pod.value, 'metadata', 'labels'));
  const wanted = asObject(match.sourceLabels) ?? {};
  const port = typeof match.port === 'number' ? match.port : 0;
  const namespace = typeof match.sourceNamespace === 'string' ? match.sourceNamespace : '';
  return (gateways.length === 0 || gateways.includes(MESH_GATEWAY)) && Object.entries(wanted).every(([k, v]) => labels[k] === String(v))
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

/**
 * buildSidecarOutboundTCPFilterChainOpts for a TCP port listening on the service's own address; undefined when no
 * VirtualService for the host has tcp routes (the default chain alone). `defaultCluster` is the service's cluster.
 */
export function sidecarTcpChains(hostname: string, listenPort: number, defaultCluster: string, proxy: Proxy, model: StateModel): TcpChainOptions[] | undefined {
  const configs = tcpConfigsForHost(proxy, model, hostname);
  if (configs.length === 0) return undefined;
  const out: TcpChainOptions[] = [];
  for (const vs of configs) {
    for (const tcp of asArray(asObject(vs.value.spec)?.tcp).map((t) => asObject(t) ?? {})) {
      const routes = asArray(tcp.route).map((r) => asObject(r) ?? {});
      const matches = asArray(tcp.match).map((m) => asObject(m) ?? {});
      if (matches.length === 0) return [...out, {terminal: tcpProxyTerminal(routes, listenPort, vs, proxy, model), config: configPath(vs)}];
      const subnets: string[] = [];
      for (const match of matches.filter((m) => matchTcp(m, vs, proxy, listenPort))) {
        const written = asArray(match.destinationSubnets).map(String);
        if (written.length === 0) return [...out, {terminal: tcpProxyTerminal(routes, listenPort, vs, proxy, model), config: configPath(vs)}];
        subnets.push(...written);
      }
      if (subnets.length > 0) out.push({prefixRanges: prefixRanges(subnets, vs), terminal: tcpProxyTerminal(routes, listenPort, vs, proxy, model)});
    }
  }
  return [...out, {terminal: {cluster: defaultCluster}}];
}
