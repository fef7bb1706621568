/**
 * `kubectl describe service NAME... [-n NS]` (kubectl v1.33 pkg/describe/describe.go:
 * ServiceDescriber, describeService, formatEndpointSlices, DescribeEvents; pkg/cmd/describe
 * Run and DescribeMatchingResources), written through tabbedString's tabwriter (padding 2).
 *
 * The endpoints are the EndpointSlice the controller keeps for a Service with a selector: its
 * ready pods (Ready condition, an IP, not terminating) at the target port, a named target port
 * resolved on the pod's containers (pkg/controller/endpointslice's podToEndpoint and
 * FindPort). Several ready endpoints behind one port are a gap: the controller lists them in its
 * informer cache's order, which the model cannot know. A Service without a selector has
 * hand-made slices the model lacks: a gap too.
 *
 * Events: read from the model's Events when it keeps them (`cluster.empty` or Event objects in
 * the namespace). Otherwise a ClusterIP, NodePort or headless Service has none: no controller
 * of the sessions' kind cluster writes events about them (the service controller, which writes
 * EnsuringLoadBalancer and the like, only runs with a cloud provider); a LoadBalancer Service's
 * events are a gap.
 */
import {annotationLines, labelsLines, parseDescribeNamespaced, type DescribeNamespacedRequest} from './describe';
import {humanDuration} from './duration';
import {findPort} from '../../engine/model/find-port';
import {byteOrder} from './jsonpath';
import {formatLabels} from './labels';
import {field, heldKey, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {tabwrite} from './tabwriter';

export type DescribeServiceRequest = DescribeNamespacedRequest;

/** `kubectl describe svc|service|services NAME... [-n NS]` (or `svc/NAME`), else undefined. */
export function parseDescribeService(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): DescribeServiceRequest | undefined {
  return parseDescribeNamespaced(line, 'services', contextNamespace, placeholders);
}

const services = (model: StateModel, namespace: string): ModelObject[] => model.objects.filter((o) => o.group === '' && o.kind === 'Service' && o.namespace === namespace);

/** The spec fields the API server always sets: absent ones mean the model is not what it returned. */
function required(service: ModelObject, ...path: string[]): unknown {
  const value = field(service.value, 'spec', ...path);
  if (value === undefined) throw new ModelGap(`the model does not hold Service ${service.namespace}/${service.name}'s spec.${path.join('.')}, which the API server sets`);
  return value;
}

const podReady = (pod: ModelObject): boolean => field(pod.value, 'status', 'phase') === 'Running'
  && field(pod.value, 'metadata', 'deletionTimestamp') === undefined
  && list(field(pod.value, 'status', 'conditions')).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True');

/** formatEndpointSlices for one port, over the slice the controller keeps. */
function endpoints(service: ModelObject, servicePort: unknown, model: StateModel): string {
  const selector = field(service.value, 'spec', 'selector');
  if (!isRecord(selector)) throw new ModelGap(`Service ${service.namespace}/${service.name} has no selector: its EndpointSlices are made by hand and not in the model`);
  if (model.held !== undefined && !model.held.includes(heldKey('', 'Pod', service.namespace))) throw new ModelGap(`the model keeps no pods of namespace ${service.namespace}`);
  const wanted = stringMap(selector);
  const addresses: string[] = [];
  for (const pod of model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && o.namespace === service.namespace)) {
    const labels = stringMap(field(pod.value, 'metadata', 'labels'));
    if (!Object.entries(wanted).every(([key, value]) => labels[key] === value) || !podReady(pod)) continue;
    const ip = field(pod.value, 'status', 'podIP');
    // The endpoints controller's FindPort: a pod without the named port is no endpoint of it.
    const port = findPort(field(pod.value, 'spec'), servicePort);
    if (typeof ip !== 'string') throw new ModelGap(`the model does not give ready pod ${pod.namespace}/${pod.name}'s IP`);
    if (port !== undefined) addresses.push(ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  }
  if (addresses.length > 1) throw new ModelGap(`Service ${service.namespace}/${service.name} has ${addresses.length} ready endpoints, which the EndpointSlice controller lists in an order the model cannot know`);
  return addresses.join(',');
}

/** The Service's Events, oldest first (event.SortableEvents), or a gap when the model cannot say. */
function serviceEvents(service: ModelObject, model: StateModel): ModelObject[] {
  const keeps = model.held === undefined || model.held.includes(heldKey('', 'Event', service.namespace));
  const events = model.objects.filter((o) => o.group === '' && o.kind === 'Event' && o.namespace === service.namespace
    && field(o.value, 'involvedObject', 'kind') === 'Service' && field(o.value, 'involvedObject', 'name') === service.name);
  if (!keeps && field(service.value, 'spec', 'type') === 'LoadBalancer') throw new ModelGap(`the model keeps no Events of namespace ${service.namespace}, and a LoadBalancer Service may have some`);
  const time = (event: ModelObject): string => String(field(event.value, 'lastTimestamp') ?? field(event.value, 'eventTime') ?? '');
  return events.sort((a, b) => byteOrder(time(a), time(b)));
}

/** DescribeEvents' table: Type, Reason, Age (with the repeat count), From, Message. */
export function eventLines(events: readonly ModelObject[], now: number | undefined): string {
  if (events.length === 0) return 'Events:\t<none>\n';
  if (now === undefined) throw new ModelGap('the state has no clock (cluster.now) for the events\' ages');
  const since = (timestamp: unknown): string => (typeof timestamp === 'string' ? humanDuration(now - Date.parse(timestamp)) : '<unknown>');
  const rows = events.map((event) => {
    const first = since(field(event.value, 'eventTime') ?? field(event.value, 'firstTimestamp'));
    const count = Number(field(event.value, 'count') ?? 1);
    const age = count > 1 ? `${since(field(event.value, 'lastTimestamp'))} (x${count} over ${first})` : first;
    const source = field(event.value, 'source', 'component') ?? field(event.value, 'reportingComponent') ?? '';
    return `  ${field(event.value, 'type')}\t${field(event.value, 'reason')}\t${age}\t${source}\t${String(field(event.value, 'message') ?? '').trim()}\n`;
  });
  // DescribeEvents flushes the writer before its table: the table's columns are its own.
  return `\u0000Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n${rows.join('')}`;
}

function describeService(service: ModelObject, model: StateModel): string {
  const metadata = isRecord(service.value.metadata) ? service.value.metadata : {};
  const spec = isRecord(service.value.spec) ? service.value.spec : {};
  let text = `Name:\t${service.name}\nNamespace:\t${service.namespace}\n`;
  text += labelsLines('Labels', stringMap(metadata.labels)) + annotationLines('Annotations', stringMap(metadata.annotations));
  text += `Selector:\t${formatLabels(stringMap(spec.selector))}\nType:\t${String(required(service, 'type'))}\n`;
  text += `IP Family Policy:\t${String(required(service, 'ipFamilyPolicy'))}\n`;
  const families = list(spec.ipFamilies);
  text += `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`;
  text += `IP:\t${String(required(service, 'clusterIP'))}\n`;
  const ips = list(spec.clusterIPs);
  text += `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`;
  if (list(spec.externalIPs).length > 0) text += `External IPs:\t${list(spec.externalIPs).join(',')}\n`;
  if (typeof spec.loadBalancerIP === 'string' && spec.loadBalancerIP !== '') text += `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`;
  if (typeof spec.externalName === 'string' && spec.externalName !== '') text += `External Name:\t${spec.externalName}\n`;
  const ingress = list(field(service.value, 'status', 'loadBalancer', 'ingress'));
  if (ingress.length > 0) {
    text += `LoadBalancer Ingress:\t${ingress.map((i) => (field(i, 'ip') ? `${field(i, 'ip')}${field(i, 'ipMode') ? ` (${field(i, 'ipMode')})` : ''}` : String(field(i, 'hostname') ?? ''))).join(', ')}\n`;
  }
  for (const port of list(spec.ports)) {
    const name = typeof field(port, 'name') === 'string' && field(port, 'name') !== '' ? String(field(port, 'name')) : '<unset>';
    const protocol = String(field(port, 'protocol') ?? '');
    if (protocol === '') throw new ModelGap(`the model does not hold Service ${service.namespace}/${service.name}'s port protocol, which the API server sets`);
    const target = field(port, 'targetPort');
    if (target === undefined) throw new ModelGap(`the model does not hold Service ${service.namespace}/${service.name}'s targetPort, which the API server sets`);
    text += `Port:\t${name}\t${field(port, 'port')}/${protocol}\nTargetPort:\t${target}/${protocol}\n`;
    const nodePort = field(port, 'nodePort');
    if (typeof nodePort === 'number' && nodePort !== 0) text += `NodePort:\t${name}\t${nodePort}/${protocol}\n`;
    text += `Endpoints:\t${endpoints(service, port, model)}\n`;
  }
  text += `Session Affinity:\t${String(required(service, 'sessionAffinity'))}\n`;
  if (typeof spec.externalTrafficPolicy === 'string' && spec.externalTrafficPolicy !== '') text += `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`;
  if (typeof spec.internalTrafficPolicy === 'string') text += `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`;
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0) text += `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`;
  if (list(spec.loadBalancerSourceRanges).length > 0) text += `LoadBalancer Source Ranges:\t${list(spec.loadBalancerSourceRanges).join(',')}\n`;
  text += eventLines(serviceEvents(service, model), model.now);
  // The writer is flushed before an events table, whose cells align among themselves only.
  const [fields, table] = text.split('\u0000');
  return tabwrite(fields!, 0, 2) + (table === undefined ? '' : tabwrite(table, 0, 2));
}

/** RunDescribe over Services, as printDescribeNamespaces over namespaces (./describe.ts). */
export function printDescribeServices(request: DescribeServiceRequest, model: StateModel): string {
  if (model.held !== undefined && !model.held.includes(heldKey('', 'Service', request.namespace))) throw new ModelGap(`the model keeps no Services of namespace ${request.namespace}`);
  const inNamespace = services(model, request.namespace);
  const byName = (name: string): ModelObject | undefined => inNamespace.find((s) => s.name === name);
  const [only] = request.names;
  if (request.prefixed && only !== undefined && !byName(only)) {
    const matching = inNamespace.filter((s) => s.name.startsWith(only)).sort((a, b) => byteOrder(a.name, b.name));
    if (matching.length > 0) return matching.map((service) => `${describeService(service, model)}\n`).join('');
  }
  const found: string[] = [];
  let errors = '';
  for (const name of request.names) {
    const service = byName(name);
    if (service) found.push(describeService(service, model));
    else errors += `Error from server (NotFound): services "${name}" not found\n`;
  }
  return found.join('\n\n') + errors;
}
