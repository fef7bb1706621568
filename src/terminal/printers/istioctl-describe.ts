/**
 * `istioctl x describe pod NAME[.NS] [-n NS]` (istioctl 1.30.3, istioctl/pkg/describe/describe.go
 * podDescribeCmd): printPod, the Services that select the pod (printService), for each Service
 * port the DestinationRule and the VirtualService the pod's own proxy applies (printDestinationRule,
 * printVirtualService with httpRouteMatchSvc, tcpRouteMatchSvc and renderMatch) and the RBAC policy
 * names of its inbound HTTP filter (getIstioRBACPolicies, ./istioctl-describe-authz.ts), the
 * effective PeerAuthentication with its port-level modes (describePeerAuthentication), then the
 * ingress gateways' view (printIngressInfo, ./istioctl-describe-ingress.ts). describePodServices is
 * shared with `x describe service` (./istioctl-describe-service.ts).
 *
 * istioctl reads the DestinationRule and VirtualService names from the proxies' config dumps; here
 * they are what istiod pushes for the model's objects: the DestinationRule the proxy's namespace
 * applies to the host (src/simulator/destination-rule-lookup.ts) and the one VirtualService bound to
 * the mesh that claims the host on an HTTP (or sniffed) port, the only ports with a route
 * configuration to read it from; several VirtualServices for the host are read from the sidecar's route
 * configuration as ./sidecar-routes.ts builds it. What the model cannot decide is a gap: several
 * DestinationRules merged for a host, Go map orders (a match's headers, several RBAC policy names or
 * port-level modes), a TCP match printed as proto text, an unmeshed pod (the proxy's admin port
 * refuses the config dump with a port-forward error).
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import {findPort} from '../../engine/model/find-port';
import {exportedTo, fqdn, hostSubsetOf} from '../../engine/model/hosts';
import {destinationRulesFor} from '../../simulator/destination-rule-lookup';
import {byteOrder} from './jsonpath';
import {commandWords, readFlags} from './istioctl-proxies';
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {rbacPolicyNames} from './istioctl-describe-authz';
import {ingressLines} from './istioctl-describe-ingress';
import {findProxy} from './istioctl-proxies';
import {inferNsInfo} from './istioctl-pod-argument';
import {sidecarRoutes, type EnvoyRoute} from './sidecar-routes';
import {convertProtocol, UNSUPPORTED_PROTOCOL} from './sidecar-services';
import {inboundMtls} from './peer-authentication';
import {rootNamespaceOf} from './root-namespace';

/** The model keeps track of the namespace's objects of that kind, so a missing one is missing (else a gap). */
export function ensureHeld(model: StateModel, kind: 'Pod' | 'Service', namespace: string): void {
  if (model.held !== undefined && !model.held.includes(heldKey('', kind, namespace))) throw new ModelGap(`the model keeps no ${kind === 'Pod' ? 'pods' : 'Services'} of namespace ${namespace}`);
}

/** kname: NAME for an object of the describe namespace, else NAME.NAMESPACE. */
export const knameIn = (describeNamespace: string) => (o: ModelObject): string => (o.namespace === describeNamespace ? o.name : `${o.name}.${o.namespace}`);

export interface DescribePodRequest {
  pod: string;
  namespace: string;
  /** The context's namespace: kname prints objects of this namespace without `.NS`. */
  describeNamespace: string;
}

export const SEPARATOR = '--------------------\n';
/** pkg/url DeploymentRequirements for istioctl 1.30. */
const REQUIREMENTS_URL = 'https://istio.io/v1.30/docs/ops/deployment/requirements/';
export const spaces = (n: number): string => ' '.repeat(n);
/** printLevel0, printLevel1, printLevel2. */
export const L0 = 0;
export const L1 = 3;
export const L2 = 6;

/** `istioctl x|experimental describe pod|po NAME[.NS] [-n NS]`, else undefined. */
export function parseIstioctlDescribePod(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): DescribePodRequest | undefined {
  const words = commandWords(line, placeholders);
  if (!words || words[0] !== 'istioctl' || !['x', 'experimental', 'exp'].includes(words[1] ?? '') || !['describe', 'des'].includes(words[2] ?? '') || !['pod', 'po'].includes(words[3] ?? '')) return undefined;
  const read = readFlags(words.slice(4), {'-n': 'value', '--namespace': 'value'});
  if (!read || read.positional.length !== 1) return undefined;
  const describeNamespace = read.flags['-n'] ?? read.flags['--namespace'] ?? contextNamespace;
  const {name: pod, namespace} = inferNsInfo(read.positional[0]!, describeNamespace);
  return {pod, namespace, describeNamespace};
}

export const of = (model: StateModel, group: string, kind: string): ModelObject[] => model.objects.filter((o) => o.group === group && o.kind === kind);
export const labelsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'labels'));
export const contains = (labels: Record<string, string>, selector: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** printPod. */
function podLines(pod: ModelObject, revision: string, kname: (o: ModelObject) => string): string {
  let text = '';
  const ports: string[] = [];
  for (const container of list(field(pod.value, 'spec', 'containers'))) {
    for (const port of list(field(container, 'ports'))) {
      const protocol = String(field(port, 'protocol') ?? 'TCP');
      ports.push(`${Number(field(port, 'containerPort'))}${protocol === 'TCP' ? '' : `/${protocol}`} (${String(field(container, 'name'))})`);
    }
    if (field(container, 'name') !== 'istio-proxy' && field(container, 'securityContext', 'runAsUser') === 1337) text += 'WARNING: User ID (UID) 1337 is reserved for the sidecar proxy.\n';
  }
  text += `Pod: ${kname(pod)}\n   Pod Revision: ${revision}\n`;
  text += ports.length > 0 ? `   Pod Ports: ${ports.join(', ')}\n` : '   Pod does not expose ports\n';
  const phase = field(pod.value, 'status', 'phase');
  if (phase !== 'Running') return `${text}   Pod is not Running (${String(phase ?? '')})\n`;
  for (const [key, what] of [['containerStatuses', 'Container'], ['initContainerStatuses', 'Init Container']] as const) {
    for (const status of list(field(pod.value, 'status', key))) if (field(status, 'ready') !== true) text += `WARNING: Pod ${kname(pod)} ${what} ${String(field(status, 'name'))} NOT READY\n`;
  }
  if (field(pod.value, 'spec', 'securityContext', 'runAsUser') === 1337) text += '   WARNING: User ID (UID) 1337 is reserved for the sidecar proxy.\n';
  const labels = labelsOf(pod);
  if (!['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'].some((k) => k in labels)) text += `Suggestion: add required service name label for Istio telemetry. See ${REQUIREMENTS_URL}.\n`;
  if (!['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version'].some((k) => k in labels)) text += `Suggestion: add required service revision label for Istio telemetry. See ${REQUIREMENTS_URL}.\n`;
  return text;
}

/** inject.FindSidecar: an istio-proxy container, or init container (native sidecar). */
export const isMeshed = (pod: ModelObject): boolean => [...list(field(pod.value, 'spec', 'containers')), ...list(field(pod.value, 'spec', 'initContainers'))].some((c) => field(c, 'name') === 'istio-proxy');

/** A gateway's proxy: istio-proxy as a plain container of a pod the injector did not write (manifests/charts/gateway). */
function isGatewayProxy(pod: ModelObject): boolean {
  const injected = 'sidecar.istio.io/status' in stringMap(field(pod.value, 'metadata', 'annotations'));
  return !injected && list(field(pod.value, 'spec', 'containers')).some((c) => field(c, 'name') === 'istio-proxy');
}

/** GetRevisionFromPodAnnotation. */
export function revisionOf(pod: ModelObject): string {
  const annotations = stringMap(field(pod.value, 'metadata', 'annotations'));
  if ('istio.io/rev' in annotations) return annotations['istio.io/rev']!;
  try {
    const status: unknown = JSON.parse(annotations['sidecar.istio.io/status'] ?? '');
    return typeof field(status, 'revision') === 'string' ? String(field(status, 'revision')) : '';
  } catch {
    return '';
  }
}

/** describe.go findProtocolForPort: auto-detect for an unnamed TCP port without appProtocol, else ConvertProtocol (hbone kept). */
export function portProtocol(port: unknown): string {
  if (String(field(port, 'name') ?? '') === '' && field(port, 'appProtocol') === undefined && String(field(port, 'protocol') ?? 'TCP') !== 'UDP') return 'auto-detect';
  const protocol = convertProtocol(port);
  return protocol === UNSUPPORTED_PROTOCOL && field(port, 'appProtocol') === 'hbone' ? 'HBONE' : protocol;
}

/** printService's FindPort (`../../engine/model/find-port.ts`): the pod port, or its error, which names the pod's UID. */
export function findPodPort(pod: ModelObject, port: unknown): {port: number} | {error: string} {
  const found = findPort(field(pod.value, 'spec'), port);
  if (found !== undefined) return {port: found};
  const uid = field(pod.value, 'metadata', 'uid');
  if (typeof uid !== 'string') throw new ModelGap(`pod ${pod.namespace}/${pod.name} has no port ${String(field(port, 'targetPort'))}, and istioctl's error names its UID, which the model does not hold`);
  return {error: `no suitable port for manifest: ${uid}`};
}

/** getDestRuleSubsets: the subset names matching any of the pods' labels, and the others. */
export function subsetsFor(dr: ModelObject | undefined, podsLabels: ReadonlyArray<Record<string, string>>): {matching: string[]; nonmatching: string[]} {
  const matching: string[] = [];
  const nonmatching: string[] = [];
  for (const subset of asArray(asObject(dr?.value.spec)?.subsets).map(asObject)) {
    const selector = stringMap(subset?.labels);
    (podsLabels.some((labels) => contains(labels, selector)) ? matching : nonmatching).push(asString(subset?.name) ?? '');
  }
  return {matching, nonmatching};
}

/** recordShortPolicies. */
function shortPolicies(settings: Record<string, unknown> | undefined): string {
  const extra = [['loadBalancer', 'load balancer'], ['connectionPool', 'connection pool'], ['outlierDetection', 'outlier detection']].filter(([key]) => settings?.[key!] !== undefined).map(([, text]) => text);
  return extra.length > 0 ? `Policies: ${extra.join('/')}\n` : '';
}

/** printDestinationRule. */
export function destinationRuleLines(indent: number, dr: ModelObject, podsLabels: ReadonlyArray<Record<string, string>>, kname: (o: ModelObject) => string): string {
  const spec = asObject(dr.value.spec) ?? {};
  let text = `${spaces(indent + L0)}DestinationRule: ${kname(dr)} for ${JSON.stringify(asString(spec.host) ?? '')}\n`;
  const {matching, nonmatching} = subsetsFor(dr, podsLabels);
  if (matching.length > 0 || nonmatching.length > 0) {
    if (matching.length === 0) text += `${spaces(indent + L1)}WARNING POD DOES NOT MATCH ANY SUBSETS.  (Non matching subsets ${nonmatching.join(',')})\n`;
    text += `${spaces(indent + L1)}Matching subsets: ${matching.join(',')}\n`;
    if (nonmatching.length > 0) text += `${spaces(indent + L2)}(Non-matching subsets ${nonmatching.join(',')})\n`;
  }
  const policy = asObject(spec.trafficPolicy);
  if (!policy) return `${text}${spaces(indent + L1)}No Traffic Policy\n`;
  const tls = asObject(policy.tls);
  if (tls) text += `${spaces(indent + L1)}Traffic Policy TLS Mode: ${asString(tls.mode) ?? 'DISABLE'}\n`;
  const short = shortPolicies(policy);
  if (short) text += `${spaces(indent + L1)}${short}`;
  if (policy.portLevelSettings !== undefined) {
    text += `${spaces(indent + L1)}Port Level Settings:\n`;
    for (const setting of asArray(policy.portLevelSettings).map(asObject)) {
      // describe.go indents the port by a fixed 4 spaces.
      text += `${spaces(4)}${Number(asObject(setting?.port)?.number ?? 0)}:\n`;
      const portTls = asObject(setting?.tls);
      if (portTls) text += `${spaces(indent + L2)}TLS Mode: ${asString(portTls.mode) ?? 'DISABLE'}\n`;
      const portShort = shortPolicies(setting);
      if (portShort) text += `${spaces(indent + L2)}${portShort}`;
    }
  }
  return text;
}

/** renderStringMatch for exact and prefix; another kind prints as a proto text, not modelled. */
function renderStringMatch(match: unknown): string {
  const m = asObject(match) ?? {};
  if (typeof m.exact === 'string') return m.exact;
  if (typeof m.prefix === 'string') return `${m.prefix}*`;
  throw new ModelGap('istioctl prints a regex string match as its proto text, which is not modelled here');
}

/** renderMatch: the URI, then the headers (Go map order: one header only). */
function renderMatch(match: unknown): string {
  let text = 'Match: ';
  const m = asObject(match) ?? {};
  if (m.uri !== undefined) text += `${renderStringMatch(m.uri)}${m.ignoreUriCase === true ? ' uncased' : ''}`;
  const headers = Object.entries(asObject(m.headers) ?? {});
  if (headers.length > 1) throw new ModelGap('istioctl lists a match\'s headers in Go map order, which is not modelled here');
  if (headers.length > 0) text += ` when headers are ${headers.map(([k, v]) => `${k}=${renderStringMatch(v)}`).join('; ')}`;
  return text.trim();
}

const renderMatches = (matches: unknown[]): string => (matches.length === 0 ? 'everything' : matches.map(renderMatch).join(', '));

export interface Routing {
  svcHost: string;
  vsNamespace: string;
  matching: string[];
  nonmatching: string[];
  dr: ModelObject | undefined;
  kname: (o: ModelObject) => string;
}

/** httpRouteMatchSvc: whether a route reaches the pod's Service, with its facts or mismatch notes. */
function httpRouteFacts(route: Record<string, unknown>, routing: Routing): {match: boolean; facts: string[]} {
  const facts: string[] = [];
  const notes: string[] = [];
  let match = false;
  const matches = asArray(route.match);
  for (const destination of asArray(route.route).map(asObject)) {
    const dest = asObject(destination?.destination) ?? {};
    const host = asString(dest.host) ?? '';
    const subset = asString(dest.subset) ?? '';
    const weight = Number(destination?.weight ?? 0);
    if (fqdn(host, routing.vsNamespace) === routing.svcHost) {
      if (subset !== '') {
        if (routing.nonmatching.includes(subset)) {
          notes.push(`Route to non-matching subset ${subset} for (${renderMatches(matches)})`);
          continue;
        }
        if (!routing.matching.includes(subset)) {
          notes.push(routing.dr ? `Warning: Route to UNKNOWN subset ${subset}; check DestinationRule ${routing.kname(routing.dr)}` : `Warning: Route to subset ${subset} but NO DESTINATION RULE defining subsets!`);
          continue;
        }
      }
      match = true;
      if (weight > 0) facts.push(`Route to host "${host}"${subset ? ` subset "${subset}"` : ''} with weight ${weight}%`);
    } else {
      facts.push(subset === '' ? `Route to host "${host}" with weight ${weight}%` : `Route to ${host} with invalid config`);
    }
  }
  if (match) {
    if (route.fault !== undefined) throw new ModelGap('istioctl prints a fault as its proto text, which is not modelled here');
    if (matches.length > 0) facts.push(matches.map(renderMatch).join(', '));
  }
  return {match, facts: match || notes.length === 0 ? facts : [...facts, ...notes]};
}

/**
 * tcpRouteMatchSvc: a TCP route reaches the Service when a destination's host is it; its facts are its
 * matches' proto text (String()), which Go's protobuf prints with deliberately unstable spacing: a gap.
 */
function tcpRouteFacts(route: Record<string, unknown>, routing: Routing): {match: boolean; facts: string[]} {
  const match = asArray(route.route).some((d) => fqdn(asString(asObject(asObject(d)?.destination)?.host) ?? '', routing.vsNamespace) === routing.svcHost);
  if (match && asArray(route.match).length > 0) throw new ModelGap('istioctl prints a TCP route\'s match as its proto text, whose spacing Go\'s protobuf library varies on purpose');
  return {match, facts: []};
}

/**
 * printVirtualService: the HTTP routes, then the TCP routes, that reach the Service; TLS routes are
 * only counted. A delegating route carries no destinations here (istioctl reads the root as written,
 * not as istiod merged it), so it never reaches the pod.
 */
export function virtualServiceLines(indent: number, vs: ModelObject, routing: Routing): string {
  const spec = asObject(vs.value.spec) ?? {};
  const http = asArray(spec.http).map((r) => asObject(r) ?? {});
  const tcp = asArray(spec.tcp).map((r) => asObject(r) ?? {});
  const tls = asArray(spec.tls);
  let text = `${spaces(indent + L0)}VirtualService: ${routing.kname(vs)}\n`;
  let matches = 0;
  let facts = 0;
  const notes: string[] = [];
  const results = [...http.map((route) => httpRouteFacts(route, routing)), ...tcp.map((route) => tcpRouteFacts(route, routing))];
  for (const result of results) {
    if (result.match) {
      matches++;
      for (const fact of result.facts) {
        text += `${spaces(indent + L1)}${fact}\n`;
        facts++;
      }
    } else notes.push(...result.facts);
  }
  if (matches === 0) {
    if (http.length > 0) text += `${spaces(indent + L1)}WARNING: No destinations match pod subsets (checked ${http.length} HTTP routes)\n`;
    if (tcp.length > 0) text += `${spaces(indent + L1)}WARNING: No destinations match pod subsets (checked ${tcp.length} TCP routes)\n`;
    return text + notes.map((note) => `${spaces(indent + L2)}${note}\n`).join('');
  }
  const possible = http.length + tls.length + tcp.length;
  if (matches < possible) {
    text += `${spaces(indent + L1)}${possible - matches} additional destination(s) that will not reach this pod\n`;
    if (facts === 0) text += notes.map((note) => `${spaces(indent + L2)}${note}\n`).join('');
    return text;
  }
  if (facts === 0 && http.length > 0) text += `${spaces(indent + L1)}${http.length} HTTP route(s)\n`;
  if (facts === 0 && tcp.length > 0) text += `${spaces(indent + L1)}${tcp.length} TCP route(s)\n`;
  return text;
}

/** Protocols whose outbound port has a route configuration named by the port (IsHTTPOrSniffed: HTTP ones, or sniffed). */
const ROUTED = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-Web', 'auto-detect', UNSUPPORTED_PROTOCOL]);

/**
 * Whether istiod builds a route from the VirtualService's HTTP routes for the port on this proxy
 * (route.go translateRoute: a match naming another port, a gateway other than mesh, or source labels
 * the proxy lacks drops that match; a route with no match left is dropped).
 */
function routesReachPort(vs: ModelObject, port: number, proxyLabels: Record<string, string>): boolean {
  return asArray(asObject(vs.value.spec)?.http).map((r) => asObject(r) ?? {}).some((route) => {
    const matches = asArray(route.match).map((m) => asObject(m) ?? {});
    if (matches.length === 0) return true;
    return matches.some((m) => {
      const gateways = asArray(m.gateways).map(String);
      return (m.port === undefined || Number(m.port) === port) && (gateways.length === 0 || gateways.includes('mesh')) && contains(proxyLabels, stringMap(m.sourceLabels));
    });
  });
}

/** Whether every delegate a root VirtualService names resolves for it (virtualservice_controller.go mergeVirtualServices). */
function delegatesResolve(model: StateModel, vs: ModelObject): boolean {
  return asArray(asObject(vs.value.spec)?.http).map((r) => asObject(asObject(r)?.delegate)).every((delegate) => {
    if (!delegate) return true;
    const namespace = asString(delegate.namespace) || vs.namespace;
    const target = of(model, 'networking.istio.io', 'VirtualService').find((d) => d.namespace === namespace && d.name === asString(delegate.name));
    return target !== undefined && asArray(asObject(target.value.spec)?.hosts).length === 0 && exportedTo(target, vs.namespace);
  });
}

/**
 * The VirtualService whose name istiod puts on a sidecar's route for the Service port: bound to the
 * mesh, visible to the proxy's namespace, claiming the host, on a port with a route configuration.
 */
function virtualServiceFor(model: StateModel, svcHost: string, port: unknown, proxy: ModelObject): ModelObject | undefined {
  if (!ROUTED.has(portProtocol(port))) return undefined;
  const claiming = of(model, 'networking.istio.io', 'VirtualService').filter((vs) => {
    const spec = asObject(vs.value.spec) ?? {};
    const gateways = asArray(spec.gateways).map(String);
    const bound = gateways.length === 0 || gateways.includes('mesh');
    return bound && exportedTo(vs, proxy.namespace) && asArray(spec.hosts).some((h) => hostSubsetOf(svcHost, fqdn(String(h), vs.namespace)));
  });
  if (claiming.length > 1) return routedVirtualService(model, proxy, svcHost, Number(field(port, 'port')));
  const vs = claiming[0];
  if (!vs) return undefined;
  if (!delegatesResolve(model, vs)) throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name} delegates to a VirtualService istiod cannot merge (missing, with hosts, or not exported to it): what its route then carries is not modelled here`);
  if (!routesReachPort(vs, Number(field(port, 'port')), labelsOf(proxy))) throw new ModelGap(`no HTTP route of VirtualService ${vs.namespace}/${vs.name} is built for port ${Number(field(port, 'port'))} of this proxy: which route the proxy then names is not modelled here`);
  return vs;
}

/** routeDestinationMatchesSvc's domain pattern. */
const SERVICE_DOMAIN = /([^.]+)\.([^.]+)\.svc\.cluster\.local$/;

/**
 * getIstioVirtualServicePathForSvcFromRoute over the sidecar's route configuration named by the port
 * as istiod builds it (./sidecar-routes.ts; several VirtualServices for one host give it one virtual
 * host, the oldest's): its virtual hosts in name order, the first route whose virtual host has the
 * Service's domain or whose cluster is the Service port's names the VirtualService (config metadata).
 */
function routedVirtualService(model: StateModel, pod: ModelObject, svcHost: string, port: number): ModelObject | undefined {
  const [service, namespace] = svcHost.split('.');
  const configuration = sidecarRoutes(findProxy(pod.name, pod.namespace, model), model).find((c) => !c.inline && c.name === String(port));
  const isService = (found: RegExpExecArray | null): boolean => found !== null && found[1] === service && found[2] === namespace;
  const cluster = new RegExp(`outbound\\|${port}\\|[^|]*\\|([^.]+)\\.([^.]+)\\.svc\\.cluster\\.local$`);
  const clusterOf = (route: EnvoyRoute): string => {
    if (!route.json || 'gap' in route.json) throw new ModelGap(`the route ${route.match} of ${route.virtualService || 'the default'} is not translated to Envoy's JSON here, and istioctl reads its cluster`);
    const action = asObject(route.json.route);
    return asString(action?.cluster) ?? asString(asObject(asArray(asObject(action?.weightedClusters)?.clusters)[0])?.name) ?? '';
  };
  for (const vhost of [...(configuration?.virtualHosts ?? [])].sort((a, b) => byteOrder(a.name, b.name))) {
    const byDomain = vhost.domains.some((domain) => isService(SERVICE_DOMAIN.exec(domain)));
    const route = vhost.routes.find((r) => byDomain || isService(cluster.exec(clusterOf(r))));
    if (route) return of(model, 'networking.istio.io', 'VirtualService').find((vs) => `${vs.name}.${vs.namespace}` === route.virtualService);
  }
  return undefined;
}

export function destinationRuleFor(model: StateModel, svcHost: string, proxyNamespace: string, serviceNamespace: string): ModelObject | undefined {
  const rules = destinationRulesFor(of(model, 'networking.istio.io', 'DestinationRule'), svcHost, proxyNamespace, serviceNamespace, rootNamespaceOf(model));
  if (rules.length > 1) throw new ModelGap(`${rules.length} DestinationRules merge for ${svcHost}: which one the cluster names is not modelled here`);
  return rules[0];
}

/**
 * describePodServices: for each Service, printService, then per port the DestinationRule and the
 * VirtualService the pod's proxy names, and the RBAC policy names of its inbound HTTP filter.
 * podsLabels are the labels of every pod described (one for `describe pod`, the Service's for `describe service`).
 */
export function describePodServices(pod: ModelObject, services: readonly ModelObject[], podsLabels: ReadonlyArray<Record<string, string>>, model: StateModel, kname: (o: ModelObject) => string): string {
  if (services.length > 0 && isGatewayProxy(pod)) throw new ModelGap(`pod ${pod.namespace}/${pod.name} runs a gateway proxy (proxy router): the names its config dump holds (http.PORT routes, no virtualInbound listener) are not modelled here`);
  // Read from the config dump once a port asks for it (getIstioRBACPolicies runs per port; its answer does not depend on the port).
  let policies: string[] | undefined;
  return services.map((svc) => {
    const ports = list(field(svc.value, 'spec', 'ports'));
    let text = `Service: ${kname(svc)}\n`;
    for (const port of ports) {
      if (String(field(port, 'protocol') ?? 'TCP') !== 'TCP') continue;
      const found = findPodPort(pod, port);
      text += 'error' in found ? `   ${found.error}\n` : `   Port: ${String(field(port, 'name') ?? '')} ${Number(field(port, 'port'))}/${portProtocol(port)} targets pod port ${found.port}\n`;
    }
    const svcHost = `${svc.name}.${svc.namespace}.svc.cluster.local`;
    const indent = ports.length > 1 ? L1 : L0;
    for (const port of ports) {
      if (ports.length > 1) text += `${Number(field(port, 'port'))}:\n`;
      const dr = destinationRuleFor(model, svcHost, pod.namespace, svc.namespace);
      const {matching, nonmatching} = subsetsFor(dr, podsLabels);
      if (dr) text += destinationRuleLines(indent, dr, podsLabels, kname);
      const vs = virtualServiceFor(model, svcHost, port, pod);
      if (vs) text += virtualServiceLines(indent, vs, {svcHost, vsNamespace: vs.namespace, matching, nonmatching, dr, kname});
      policies ??= rbacPolicyNames(pod, model);
      if (policies.length > 0) text += `${ports.length > 1 ? `${Number(field(port, 'port'))} ` : ''}RBAC policies: ${policies.join(', ')}\n`;
    }
    return text;
  }).join(SEPARATOR);
}

/**
 * describePeerAuthentication: printPeerAuthentication of what ComposePeerAuthentication decides
 * (`./peer-authentication.ts`, the reading proxy-config's listeners take), then printConfigs of the
 * policies that select the pod. Several port-level modes are printed in Go map order: a gap.
 */
function peerAuthenticationLines(pod: ModelObject, model: StateModel): string {
  const {mode, perPort, applied} = inboundMtls(pod, model);
  let text = `Effective PeerAuthentication:\n   Workload mTLS mode: ${mode}\n`;
  if (perPort.size > 1) throw new ModelGap(`istioctl lists the ${perPort.size} port-level mTLS modes of pod ${pod.namespace}/${pod.name} in Go map order, which varies from run to run`);
  for (const [port, portMode] of perPort) text += `   Port Level mTLS mode:\n      ${port}: ${portMode}\n`;
  if (applied.length > 0) text += `Applied PeerAuthentication:\n   ${applied.map((pa) => `${pa.name}.${pa.namespace}`).join(', ')}\n`;
  return text;
}

/**
 * What client-go refuses before asking the API server: an empty name (Request.Name), an empty
 * namespace (a path the model cannot answer for).
 */
export function checkGetArguments(name: string, namespace: string): string | undefined {
  if (name === '') return 'Error: resource name may not be empty\n';
  if (namespace === '') throw new ModelGap('istioctl would get the object from an empty namespace, whose answer the model does not give');
  return undefined;
}

export function printIstioctlDescribePod(request: DescribePodRequest, model: StateModel): string {
  const refused = checkGetArguments(request.pod, request.namespace);
  if (refused) return refused;
  ensureHeld(model, 'Pod', request.namespace);
  const pod = of(model, '', 'Pod').find((p) => p.namespace === request.namespace && p.name === request.pod);
  if (!pod) return `Error: pods "${request.pod}" not found\n`;
  const kname = knameIn(request.describeNamespace);
  let text = podLines(pod, revisionOf(pod), kname);
  if (!isMeshed(pod)) throw new ModelGap(`pod ${pod.namespace}/${pod.name} has no sidecar: istioctl fails reading its proxy's config dump with a port-forward error the model cannot word`);
  ensureHeld(model, 'Service', pod.namespace);
  const services = of(model, '', 'Service').filter((svc) => svc.namespace === pod.namespace)
    .filter((svc) => {
      const selector = stringMap(field(svc.value, 'spec', 'selector'));
      return Object.keys(selector).length > 0 && contains(labelsOf(pod), selector);
    })
    .sort((a, b) => byteOrder(a.name, b.name));
  if (services.length === 0) text += `Warning: No Kubernetes Services select pod ${kname(pod)} (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )\n`;
  const podsLabels = [labelsOf(pod)];
  text += SEPARATOR + describePodServices(pod, services, podsLabels, model, kname);
  text += SEPARATOR + peerAuthenticationLines(pod, model);
  return text + ingressLines(services, podsLabels, model, kname);
}
