/**
 * An Istio VirtualService bound to an Istio Gateway (networking.istio.io) and a Gateway API route
 * bound to a Gateway API Gateway, routing one host on one port of the same proxies. Istio's docs
 * leave mixing VirtualService and Gateway API routes for one host undefined (as virtualServiceMix.ts
 * says for the mesh); on a gateway the two meet only when both Gateways configure the same proxies,
 * decided as istiod decides which proxies each configures:
 *
 * - an Istio Gateway applies to the pods whose labels include its `selector`, in any namespace
 *   (push_context.go mergeGateways: the selector a subset of the proxy's labels; an empty one selects all);
 * - a Gateway API Gateway deployed manually names the Services of existing proxies in
 *   `spec.addresses` (type Hostname; gatewaycommon extractGatewayServices: a short name is a
 *   Service of the Gateway's namespace), and istiod applies its listeners to the pods behind
 *   those Services. With the cluster's pods in the run, they are compared pod by pod; without
 *   them (an open world), the Istio Gateway surely shares the Service's pods when every label it
 *   selects on is one the Service's selector requires;
 * - one deployed automatically (IsManaged: no address, or one IPAddress) runs the pods istiod
 *   renders from the kube-gateway template (gatewaycommon deploymentcontroller.go
 *   configureIstioGateway), whose labels are known: the Gateway's infrastructure labels (or its
 *   own labels, PILOT_ENABLE_GATEWAY_API_COPY_LABELS_ANNOTATIONS), istio.io/dataplane-mode none,
 *   gateway.networking.k8s.io/gateway-name and gateway-class-name, gateway.istio.io/managed,
 *   service.istio.io/canonical-name (the Deployment's name, <gateway>-<class>), sidecar.istio.io/inject
 *   false. An Istio Gateway whose selector those labels include configures them too.
 *
 * Ports compare as written: both APIs name the port of the proxies' Service. Hosts compare as
 * the listener and route read them (a route without hostnames takes its listeners' hostname).
 */
import {asArray, asNumber, asObject, asString} from '../../../istio/access';
import type {Workload} from '../../../model/cluster';
import {CLUSTER_DOMAIN, hostsOverlap} from '../../../model/hosts';
import {labelsInclude, stringLabels} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {listenersOf} from './listeners';
import {GATEWAY_GROUP, hostnamesOf, isGatewayParent, lookup, named, parentRefsOf, ref, ROUTE_INPUTS, routesOf} from './routes';

const ISTIO_NETWORKING = 'networking.istio.io';

interface IstioBinding {
  vs: AnalysisResource;
  hostIndex: number;
  host: string;
  gateway: AnalysisResource;
}

export const gatewayVirtualServiceMixAnalyzer: Analyzer = {
  name: 'gatewayapi.GatewayVirtualServiceMixAnalyzer',
  inputs: [...ROUTE_INPUTS, ref(GATEWAY_GROUP, 'Gateway'), ref(ISTIO_NETWORKING, 'VirtualService'), ref(ISTIO_NETWORKING, 'Gateway'), ref('', 'Service')],
  analyze(ctx) {
    const routes = routesOf(ctx);
    if (routes.length === 0) return;
    const bindings = istioBindings(ctx);
    if (bindings.length === 0) return;
    const reported = new Set<string>();
    for (const route of routes) {
      for (const parent of parentRefsOf(route)) {
        if (!isGatewayParent(parent)) continue;
        const gateway = lookup(ctx, GATEWAY_GROUP, 'Gateway', parent.namespace, parent.name);
        const proxies = gateway && proxiesOf(ctx, gateway);
        if (!proxies || proxies.length === 0) continue;
        for (const listener of listenersOf(gateway)) {
          if (listener.port === undefined) continue;
          if ((parent.sectionName !== undefined && parent.sectionName !== listener.name) || (parent.port !== undefined && parent.port !== listener.port)) continue;
          const routeHosts = hostnamesOf(route);
          const listenerHost = listener.hostname ?? '*';
          const hosts = routeHosts.length === 0 ? [listenerHost] : routeHosts.filter((h) => hostsOverlap(h, listenerHost));
          for (const binding of bindings) {
            const host = hosts.find((h) => hostsOverlap(h, binding.host));
            if (host === undefined || !servesPort(binding.gateway, listener.port)) continue;
            const shared = sharedProxies(ctx, binding.gateway, proxies);
            if (!shared) continue;
            const key = `${binding.vs.namespace}/${binding.vs.name}\n${named(route)}\n${listener.port}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const vsName = `VirtualService ${binding.vs.namespace}/${binding.vs.name}`;
            ctx.report(route, 'VirtualServiceAndGatewayApiRouteOnGateway', [named(route), vsName, host, listener.port, shared], {path: at(parent.path, 'name')});
            ctx.report(binding.vs, 'VirtualServiceAndGatewayApiRouteOnGateway', [vsName, named(route), binding.host, listener.port, shared],
              {path: at('/spec/hosts', binding.hostIndex)});
          }
        }
      }
    }
  },
};

/** Every host of a VirtualService bound to an Istio Gateway the run holds (`gateways`: `name` in its namespace, or `namespace/name`). */
function istioBindings(ctx: AnalyzerContext): IstioBinding[] {
  const bindings: IstioBinding[] = [];
  for (const vs of ctx.resources(ISTIO_NETWORKING, 'VirtualService')) {
    const spec = asObject(vs.value.spec) ?? {};
    for (const entry of asArray(spec.gateways)) {
      if (typeof entry !== 'string' || entry === 'mesh') continue;
      const slash = entry.indexOf('/');
      const gateway = lookup(ctx, ISTIO_NETWORKING, 'Gateway', slash < 0 ? vs.namespace : entry.slice(0, slash), slash < 0 ? entry : entry.slice(slash + 1));
      if (!gateway) continue;
      asArray(spec.hosts).forEach((host, hostIndex) => {
        if (typeof host === 'string') bindings.push({vs, hostIndex, host, gateway});
      });
    }
  }
  return bindings;
}

/** Proxies a Gateway API Gateway configures: the pods behind a Service it names, or the pods istiod deploys for it. */
type ApiGatewayProxies =
  | {service: AnalysisResource; selector: Record<string, string>; pods: readonly Workload[]}
  | {deployment: string; labels: Record<string, string>};

/** The proxies of a Gateway API Gateway (undefined when none can be told). */
function proxiesOf(ctx: AnalyzerContext, gateway: AnalysisResource): ApiGatewayProxies[] | undefined {
  const services = manualServices(ctx, gateway);
  if (services === undefined) {
    const deployed = deployedProxies(gateway);
    return deployed ? [deployed] : undefined;
  }
  return services.map((service) => {
    const selector = stringLabels(asObject(service.value.spec)?.selector);
    // A Service without a selector has no pods of its own (its endpoints are written by hand): none here.
    const pods = Object.keys(selector).length === 0 ? [] : ctx.cluster.workloadsMatching(selector, service.namespace);
    return {service, selector, pods};
  });
}

/** The Services a manually deployed Gateway names (extractGatewayServices); undefined when it is deployed automatically (IsManaged). */
function manualServices(ctx: AnalyzerContext, gateway: AnalysisResource): AnalysisResource[] | undefined {
  const addresses = asArray(asObject(gateway.value.spec)?.addresses).map((a) => asObject(a) ?? {});
  if (addresses.length === 0) return undefined;
  if (addresses.length === 1 && (asString(addresses[0]!.type) ?? 'IPAddress') === 'IPAddress') return undefined;
  const services: AnalysisResource[] = [];
  for (const address of addresses) {
    const type = asString(address.type);
    const value = asString(address.value);
    if ((type !== undefined && type !== 'Hostname') || !value) continue;
    const host = value.includes('.') ? value : `${value}.${gateway.namespace}.${CLUSTER_DOMAIN}`;
    if (!host.endsWith(`.${CLUSTER_DOMAIN}`)) continue;
    const [name, namespace] = host.slice(0, -CLUSTER_DOMAIN.length - 1).split('.');
    const service = name && namespace ? lookup(ctx, '', 'Service', namespace, name) : undefined;
    if (service) services.push(service);
  }
  return services;
}

/** The Deployment istiod renders for a Gateway of its gateway controller (class `istio`, kube-gateway template), with its pods' labels. */
function deployedProxies(gateway: AnalysisResource): ApiGatewayProxies | undefined {
  const className = asString(asObject(gateway.value.spec)?.gatewayClassName);
  // The template's labels are the gateway controller's; waypoints and other classes run other templates.
  if (className !== 'istio') return undefined;
  const metadata = asObject(gateway.value.metadata) ?? {};
  const annotations = stringLabels(metadata.annotations);
  // deploymentcontroller.go: DeploymentName from gateway.istio.io/name-override, else GetDefaultName (<name>-<class>).
  const deployment = annotations['gateway.istio.io/name-override'] || `${gateway.name}-${className}`;
  const infrastructure = asObject(asObject(gateway.value.spec)?.infrastructure)?.labels;
  // extractInfrastructureMetadata: spec.infrastructure.labels without the gateway.networking.k8s.io/ prefix, else the Gateway's own labels.
  const infra = infrastructure !== undefined && infrastructure !== null
    ? Object.fromEntries(Object.entries(stringLabels(infrastructure)).filter(([key]) => !key.startsWith('gateway.networking.k8s.io/')))
    : stringLabels(metadata.labels);
  // setLabelOverrides: the ambient redirection label, when none is set, is none.
  if (!('istio.io/dataplane-mode' in infra) && !('istio.io/dataplane-mode' in stringLabels(metadata.labels))) infra['istio.io/dataplane-mode'] = 'none';
  const labels = {
    'sidecar.istio.io/inject': 'false',
    'service.istio.io/canonical-name': deployment,
    'service.istio.io/canonical-revision': 'latest',
    ...infra,
    'gateway.networking.k8s.io/gateway-name': gateway.name,
    'gateway.networking.k8s.io/gateway-class-name': className,
    'gateway.istio.io/managed': 'istio.io-gateway-controller',
  };
  return {deployment: `Deployment ${gateway.namespace}/${deployment}`, labels};
}

/** Whether an Istio Gateway's servers listen on the port. */
function servesPort(gateway: AnalysisResource, port: number): boolean {
  return asArray(asObject(gateway.value.spec)?.servers).some((server) => asNumber(asObject(asObject(server)?.port)?.number) === port);
}

/**
 * The proxies both Gateways configure, named for the message; undefined when they share none.
 * Pods in the run are compared one by one; a Service whose pods the run does not hold is
 * compared by selectors, and only in an open world (in a closed one it has no pods).
 */
function sharedProxies(ctx: AnalyzerContext, istioGateway: AnalysisResource, proxies: readonly ApiGatewayProxies[]): string | undefined {
  const selector = stringLabels(asObject(istioGateway.value.spec)?.selector);
  for (const proxy of proxies) {
    if ('deployment' in proxy) {
      if (labelsInclude(proxy.labels, selector)) return `${proxy.deployment}, which istiod deploys for the Gateway`;
      continue;
    }
    const name = `Service ${proxy.service.namespace}/${proxy.service.name}`;
    if (proxy.pods.length > 0) {
      const pod = proxy.pods.find((workload) => labelsInclude(workload.labels, selector));
      if (pod) return `${name}, pods of ${pod.namespace}/${pod.name}`;
    } else if (!ctx.closedWorld && Object.keys(selector).length > 0 && labelsInclude(proxy.selector, selector)) {
      return name;
    }
  }
  return undefined;
}
