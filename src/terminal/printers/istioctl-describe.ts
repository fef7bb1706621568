/**
 * `istioctl x describe pod NAME[.NS] [-n NS]` (istioctl 1.30.3, istioctl/pkg/describe/describe.go
 * podDescribeCmd): printPod, the Services that select the pod (printService), for each Service
 * port the DestinationRule and the VirtualService the pod's own proxy applies (printDestinationRule,
 * printVirtualService with httpRouteMatchSvc and renderMatch), the effective PeerAuthentication
 * (describePeerAuthentication), then the ingress gateways' view (printIngressInfo).
 *
 * istioctl reads the DestinationRule and VirtualService names from the proxies' config dumps; here
 * they are what istiod pushes for the model's objects: the DestinationRule the proxy's namespace
 * applies to the host (src/simulator/destination-rule-lookup.ts) and the one VirtualService bound to
 * the mesh that claims the host for a sidecar, or for a gateway one bound to it. What the model
 * cannot decide is a gap: several DestinationRules or VirtualServices merged for a host, TLS or
 * delegate routes, AuthorizationPolicies (the RBAC filter's policy names), port-level mTLS (Go map
 * order), an unmeshed pod (the proxy's admin port refuses the config dump with a port-forward error).
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import {exportedTo, fqdn, hostSubsetOf} from '../../engine/model/hosts';
import {destinationRulesFor} from '../../simulator/destination-rule-lookup';
import {byteOrder} from './jsonpath';
import {commandWords, readFlags} from './istioctl-proxies';
import {field, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

export interface DescribePodRequest {
  pod: string;
  namespace: string;
  /** The context's namespace: kname prints objects of this namespace without `.NS`. */
  describeNamespace: string;
}

const ROOT_NAMESPACE = 'istio-system';
const SEPARATOR = '--------------------\n';
/** pkg/url DeploymentRequirements for istioctl 1.30. */
const REQUIREMENTS_URL = 'https://istio.io/v1.30/docs/ops/deployment/requirements/';
const spaces = (n: number): string => ' '.repeat(n);
/** printLevel0, printLevel1, printLevel2. */
const L0 = 0;
const L1 = 3;
const L2 = 6;

/** `istioctl x|experimental describe pod|po NAME[.NS] [-n NS]`, else undefined. */
export function parseIstioctlDescribePod(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): DescribePodRequest | undefined {
  const words = commandWords(line, placeholders);
  if (!words || words[0] !== 'istioctl' || !['x', 'experimental', 'exp'].includes(words[1] ?? '') || !['describe', 'des'].includes(words[2] ?? '') || !['pod', 'po'].includes(words[3] ?? '')) return undefined;
  const read = readFlags(words.slice(4), {'-n': 'value', '--namespace': 'value'});
  if (!read || read.positional.length !== 1) return undefined;
  const describeNamespace = read.flags['-n'] ?? read.flags['--namespace'] ?? contextNamespace;
  // handlers.InferPodInfo: NAME.NAMESPACE, else the describe namespace.
  const target = read.positional[0]!;
  const dot = target.lastIndexOf('.');
  return dot > 0 ? {pod: target.slice(0, dot), namespace: target.slice(dot + 1), describeNamespace} : {pod: target, namespace: describeNamespace, describeNamespace};
}

const of = (model: StateModel, group: string, kind: string): ModelObject[] => model.objects.filter((o) => o.group === group && o.kind === kind);
const labelsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'labels'));
const contains = (labels: Record<string, string>, selector: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

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
const isMeshed = (pod: ModelObject): boolean => [...list(field(pod.value, 'spec', 'containers')), ...list(field(pod.value, 'spec', 'initContainers'))].some((c) => field(c, 'name') === 'istio-proxy');

/** GetRevisionFromPodAnnotation. */
function revisionOf(pod: ModelObject): string {
  const annotations = stringMap(field(pod.value, 'metadata', 'annotations'));
  if ('istio.io/rev' in annotations) return annotations['istio.io/rev']!;
  try {
    const status: unknown = JSON.parse(annotations['sidecar.istio.io/status'] ?? '');
    return typeof field(status, 'revision') === 'string' ? String(field(status, 'revision')) : '';
  } catch {
    return '';
  }
}

/** configKube.ConvertProtocol for the names the models use; findProtocolForPort's auto-detect for an unnamed port. */
function portProtocol(port: unknown): string {
  const name = String(field(port, 'appProtocol') ?? field(port, 'name') ?? '');
  if (name === '') return 'auto-detect';
  const prefix = name.includes('-') ? name.slice(0, name.indexOf('-')) : name;
  const known: Record<string, string> = {http: 'HTTP', http2: 'HTTP2', https: 'HTTPS', grpc: 'GRPC', tcp: 'TCP', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL', udp: 'UDP'};
  const protocol = known[prefix.toLowerCase()];
  if (!protocol) throw new ModelGap(`the protocol istio derives from port name ${name} is not modelled here`);
  return protocol;
}

/** pilot controller FindPort: a numbered target port, or the container port of that name. */
function targetPort(pod: ModelObject, port: unknown): number {
  const target = field(port, 'targetPort') ?? field(port, 'port');
  if (typeof target === 'number') return target;
  for (const container of list(field(pod.value, 'spec', 'containers'))) {
    for (const p of list(field(container, 'ports'))) if (field(p, 'name') === target) return Number(field(p, 'containerPort'));
  }
  throw new ModelGap(`the pod has no container port named ${String(target)}, for which istioctl prints FindPort's error`);
}

/** getDestRuleSubsets: the subset names matching any pod's labels, and the others. */
function subsetsFor(dr: ModelObject | undefined, podLabels: Record<string, string>): {matching: string[]; nonmatching: string[]} {
  const matching: string[] = [];
  const nonmatching: string[] = [];
  for (const subset of asArray(asObject(dr?.value.spec)?.subsets).map(asObject)) {
    (contains(podLabels, stringMap(subset?.labels)) ? matching : nonmatching).push(asString(subset?.name) ?? '');
  }
  return {matching, nonmatching};
}

/** recordShortPolicies. */
function shortPolicies(settings: Record<string, unknown> | undefined): string {
  const extra = [['loadBalancer', 'load balancer'], ['connectionPool', 'connection pool'], ['outlierDetection', 'outlier detection']].filter(([key]) => settings?.[key!] !== undefined).map(([, text]) => text);
  return extra.length > 0 ? `Policies: ${extra.join('/')}\n` : '';
}

/** printDestinationRule. */
function destinationRuleLines(indent: number, dr: ModelObject, podLabels: Record<string, string>, kname: (o: ModelObject) => string): string {
  const spec = asObject(dr.value.spec) ?? {};
  let text = `${spaces(indent + L0)}DestinationRule: ${kname(dr)} for ${JSON.stringify(asString(spec.host) ?? '')}\n`;
  const {matching, nonmatching} = subsetsFor(dr, podLabels);
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

interface Routing {
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

/** printVirtualService. */
function virtualServiceLines(indent: number, vs: ModelObject, routing: Routing): string {
  const spec = asObject(vs.value.spec) ?? {};
  if (asArray(spec.tcp).length > 0 || asArray(spec.tls).length > 0) throw new ModelGap('a VirtualService with TCP or TLS routes is not described here');
  const http = asArray(spec.http).map((r) => asObject(r) ?? {});
  if (http.some((r) => r.delegate !== undefined)) throw new ModelGap('a delegating VirtualService is not described here');
  let text = `${spaces(indent + L0)}VirtualService: ${routing.kname(vs)}\n`;
  let matches = 0;
  let facts = 0;
  const notes: string[] = [];
  for (const route of http) {
    const result = httpRouteFacts(route, routing);
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
    return text + notes.map((note) => `${spaces(indent + L2)}${note}\n`).join('');
  }
  if (matches < http.length) {
    text += `${spaces(indent + L1)}${http.length - matches} additional destination(s) that will not reach this pod\n`;
    if (facts === 0) text += notes.map((note) => `${spaces(indent + L2)}${note}\n`).join('');
    return text;
  }
  if (facts === 0 && http.length > 0) text += `${spaces(indent + L1)}${http.length} HTTP route(s)\n`;
  return text;
}

/** The VirtualService istiod puts on a sidecar's route for the host: bound to the mesh, visible to the proxy's namespace. */
function virtualServiceFor(model: StateModel, svcHost: string, proxyNamespace: string): ModelObject | undefined {
  const claiming = of(model, 'networking.istio.io', 'VirtualService').filter((vs) => {
    const spec = asObject(vs.value.spec) ?? {};
    const gateways = asArray(spec.gateways).map(String);
    const bound = gateways.length === 0 || gateways.includes('mesh');
    return bound && exportedTo(vs, proxyNamespace) && asArray(spec.hosts).some((h) => hostSubsetOf(svcHost, fqdn(String(h), vs.namespace)));
  });
  if (claiming.length > 1) throw new ModelGap(`${claiming.length} VirtualServices claim ${svcHost}: which one istiod's route names is not modelled here`);
  return claiming[0];
}

function destinationRuleFor(model: StateModel, svcHost: string, proxyNamespace: string, serviceNamespace: string): ModelObject | undefined {
  const rules = destinationRulesFor(of(model, 'networking.istio.io', 'DestinationRule'), svcHost, proxyNamespace, serviceNamespace, ROOT_NAMESPACE);
  if (rules.length > 1) throw new ModelGap(`${rules.length} DestinationRules merge for ${svcHost}: which one the cluster names is not modelled here`);
  return rules[0];
}

/** describePodServices for the pod's own proxy. */
function serviceLines(pod: ModelObject, services: readonly ModelObject[], model: StateModel, kname: (o: ModelObject) => string): string {
  const podLabels = labelsOf(pod);
  return services.map((svc) => {
    const ports = list(field(svc.value, 'spec', 'ports'));
    let text = `Service: ${kname(svc)}\n`;
    for (const port of ports) {
      if (String(field(port, 'protocol') ?? 'TCP') !== 'TCP') continue;
      text += `   Port: ${String(field(port, 'name') ?? '')} ${Number(field(port, 'port'))}/${portProtocol(port)} targets pod port ${targetPort(pod, port)}\n`;
    }
    const svcHost = `${svc.name}.${svc.namespace}.svc.cluster.local`;
    const indent = ports.length > 1 ? L1 : L0;
    for (const port of ports) {
      if (ports.length > 1) text += `${Number(field(port, 'port'))}:\n`;
      const dr = destinationRuleFor(model, svcHost, pod.namespace, svc.namespace);
      const {matching, nonmatching} = subsetsFor(dr, podLabels);
      if (dr) text += destinationRuleLines(indent, dr, podLabels, kname);
      const vs = virtualServiceFor(model, svcHost, pod.namespace);
      if (vs) text += virtualServiceLines(indent, vs, {svcHost, vsNamespace: vs.namespace, matching, nonmatching, dr, kname});
    }
    return text;
  }).join(SEPARATOR);
}

/** describePeerAuthentication: ComposePeerAuthentication over the root namespace's and the workload namespace's policies that select the pod. */
function peerAuthenticationLines(pod: ModelObject, model: StateModel): string {
  const all = of(model, 'security.istio.io', 'PeerAuthentication');
  const byName = (a: ModelObject, b: ModelObject): number => byteOrder(a.name, b.name);
  const listed = [...all.filter((pa) => pa.namespace === ROOT_NAMESPACE).sort(byName), ...(pod.namespace === ROOT_NAMESPACE ? [] : all.filter((pa) => pa.namespace === pod.namespace).sort(byName))];
  const matched = listed.filter((pa) => contains(labelsOf(pod), stringMap(field(pa.value, 'spec', 'selector', 'matchLabels'))));
  if (matched.some((pa) => field(pa.value, 'spec', 'portLevelMtls') !== undefined)) throw new ModelGap('istioctl lists port-level mTLS modes in Go map order, which is not modelled here');
  const created = (pa: ModelObject): string => String(field(pa.value, 'metadata', 'creationTimestamp') ?? '');
  // authn ComposePeerAuthentication (policy_applier.go): the oldest policy of each level, the most specific one with a
  // mode wins (UNSET inherits); a policy with a selector in the root namespace is no level at all.
  const selecting = (pa: ModelObject): boolean => Object.keys(stringMap(field(pa.value, 'spec', 'selector', 'matchLabels'))).length > 0;
  const levels = [
    matched.filter((pa) => pa.namespace !== ROOT_NAMESPACE && selecting(pa)),
    matched.filter((pa) => pa.namespace !== ROOT_NAMESPACE && !selecting(pa)),
    matched.filter((pa) => pa.namespace === ROOT_NAMESPACE && !selecting(pa)),
  ];
  let mode = 'PERMISSIVE';
  for (const level of levels) {
    const oldest = [...level].sort((a, b) => byteOrder(created(a), created(b)) || byName(a, b))[0];
    const set = String(field(oldest?.value, 'spec', 'mtls', 'mode') ?? 'UNSET');
    if (oldest && set !== 'UNSET') {
      mode = set;
      break;
    }
  }
  let text = `Effective PeerAuthentication:\n   Workload mTLS mode: ${mode}\n`;
  if (matched.length > 0) text += `Applied PeerAuthentication:\n   ${matched.map((pa) => `${pa.name}.${pa.namespace}`).join(', ')}\n`;
  return text;
}

/** printIngressInfo: what the ingress gateways route to the pod's Services. */
function ingressLines(services: readonly ModelObject[], model: StateModel): string {
  const gatewayPods = of(model, '', 'Pod').filter((p) => labelsOf(p).istio === 'ingressgateway' && field(p.value, 'status', 'phase') === 'Running');
  if (gatewayPods.length === 0) return 'Skipping Gateway information (no ingress gateway pods)\n';
  const fronting = of(model, '', 'Service').filter((svc) => gatewayPods.some((p) => p.namespace === svc.namespace && contains(labelsOf(p), stringMap(field(svc.value, 'spec', 'selector')))));
  let text = fronting.length === 0 ? 'Skipping Gateway information (no ingress gateway service)\n' : '';
  if (gatewayPods.length > 1) throw new ModelGap('several ingress gateway pods: istioctl reads each one\'s config dump in the API server\'s list order, which is not modelled here');
  const gatewayPod = gatewayPods[0]!;
  // The gateway's routes name a VirtualService only when one bound to a Gateway it serves routes to the Service
  // (routeDestinationMatchesSvc by the route's cluster); that section is not printed here.
  const served = new Set(of(model, 'networking.istio.io', 'Gateway')
    .filter((gw) => contains(labelsOf(gatewayPod), stringMap(field(gw.value, 'spec', 'selector'))))
    .map((gw) => `${gw.namespace}/${gw.name}`));
  for (const vs of of(model, 'networking.istio.io', 'VirtualService')) {
    const spec = asObject(vs.value.spec) ?? {};
    const gateways = asArray(spec.gateways).map(String).map((g) => (g.includes('/') ? g : `${vs.namespace}/${g}`));
    if (!gateways.some((g) => served.has(g))) continue;
    const destinations = ['http', 'tcp', 'tls'].flatMap((kind) => asArray(spec[kind]).flatMap((route) => asArray(asObject(route)?.route)))
      .map((d) => asString(asObject(asObject(d)?.destination)?.host) ?? '');
    const routed = services.find((svc) => destinations.some((host) => fqdn(host, vs.namespace) === `${svc.name}.${svc.namespace}.svc.cluster.local`));
    if (routed) throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name}, bound to an ingress Gateway, routes to Service ${routed.name}: the gateway's section is not printed here`);
  }
  return text;
}

export function printIstioctlDescribePod(request: DescribePodRequest, model: StateModel): string {
  const pod = of(model, '', 'Pod').find((p) => p.namespace === request.namespace && p.name === request.pod);
  if (!pod) return `Error: pods "${request.pod}" not found\n`;
  if (!isMeshed(pod)) throw new ModelGap(`pod ${pod.namespace}/${pod.name} has no sidecar: istioctl fails reading its proxy's config dump with a port-forward error the model cannot word`);
  if (of(model, 'security.istio.io', 'AuthorizationPolicy').length > 0) throw new ModelGap('AuthorizationPolicies: the RBAC policy names of the inbound listener are not modelled here');
  const kname = (o: ModelObject): string => (o.namespace === request.describeNamespace ? o.name : `${o.name}.${o.namespace}`);
  let text = podLines(pod, revisionOf(pod), kname);
  const services = of(model, '', 'Service').filter((svc) => svc.namespace === pod.namespace)
    .filter((svc) => {
      const selector = stringMap(field(svc.value, 'spec', 'selector'));
      return Object.keys(selector).length > 0 && contains(labelsOf(pod), selector);
    })
    .sort((a, b) => byteOrder(a.name, b.name));
  if (services.length === 0) text += `Warning: No Kubernetes Services select pod ${kname(pod)} (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )\n`;
  text += SEPARATOR + serviceLines(pod, services, model, kname);
  text += SEPARATOR + peerAuthenticationLines(pod, model);
  return text + ingressLines(services, model);
}
