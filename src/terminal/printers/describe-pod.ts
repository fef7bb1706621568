/**
 * `kubectl describe pod NAME... [-n NS]` (kubectl v0.33 pkg/describe/describe.go: PodDescriber,
 * describePod, describeContainers and its helpers, describeVolumes, printTolerationsMultiline,
 * DescribeEvents), written through tabbedString's tabwriter (padding 2). LEVEL_n indents by 2n.
 *
 * The Events are the model's Event objects about the pod. The API server keeps an Event for an
 * hour (kube-apiserver --event-ttl): a pod scheduled within the hour has at least its Scheduled
 * event, so a model holding none about it is a gap; an older pod's are gone (`<none>`).
 */
import {annotationLines, labelsLines, parseDescribeNamespaced, type DescribeNamespacedRequest} from './describe';
import {eventLines} from './describe-service';
import {byteOrder} from './jsonpath';
import {field, heldKey, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {tabwrite} from './tabwriter';

/** kube-apiserver's default --event-ttl. */
const EVENT_TTL_MS = 60 * 60 * 1000;

export type DescribePodRequest = DescribeNamespacedRequest;

/** `kubectl describe po|pod|pods NAME... [-n NS]` (or `po/NAME`), else undefined. */
export function parseDescribePod(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): DescribePodRequest | undefined {
  return parseDescribeNamespaced(line, 'pods', contextNamespace, placeholders);
}

const L1 = '  ';
const L2 = '    ';
const L3 = '      ';

/** Go's time.Format(time.RFC1123Z) of an RFC 3339 time, in UTC (the recordings' zone). */
export function rfc1123z(timestamp: unknown): string {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms)) throw new ModelGap(`the model holds no time where the API server returns one (${String(timestamp)})`);
  const date = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]}, ${two(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

const goBool = (value: unknown): string => (value === true ? 'true' : 'false');
/** describe.go printBool. */
const printBool = (value: unknown): string => (value === true ? 'True' : 'False');

/** A field the API server always returns: absent, the model is not what it returned. */
function required(pod: ModelObject, value: unknown, what: string): unknown {
  if (value === undefined) throw new ModelGap(`the model does not hold pod ${pod.namespace}/${pod.name}'s ${what}, which the API server sets`);
  return value;
}

/** resource.Quantity's value in base units (cores, bytes), for the quantities the models hold. */
function quantityValue(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(text);
  if (!match) return undefined;
  const scale: Record<string, number> = {'': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40};
  return Number(match[1]) * scale[match[2] ?? '']!;
}

/**
 * k8s.io/component-helpers resource.ExtractContainerResourceValue: the value over the divisor
 * (default 1), rounded up; CPU compared in millicores (convertResourceCPUToString), memory and
 * storage in bytes (convertResourceMemoryToString); an unset value is "0".
 */
function containerResourceValue(pod: ModelObject, container: unknown, resource: string, divisorText: unknown): string {
  const [kind, name] = resource.split('.');
  const text = field(container, 'resources', kind ?? '', name ?? '');
  const value = text === undefined ? 0 : quantityValue(String(text));
  const divisor = quantityValue(String(divisorText ?? '1'));
  if (value === undefined || divisor === undefined || divisor === 0) throw new ModelGap(`pod ${pod.namespace}/${pod.name}'s ${resource} (${String(text)}, divisor ${String(divisorText)}) is not a quantity this printer reads`);
  if (name === 'cpu') return String(Math.ceil(Math.round(value * 1000) / Math.round(divisor * 1000)));
  return String(Math.ceil(value / divisor));
}

/** fieldpath.ExtractFieldPathAsString: only metadata paths resolve; the rest print empty. */
function fieldPathValue(pod: ModelObject, path: string): string {
  const metadata = isRecord(pod.value.metadata) ? pod.value.metadata : {};
  const keyed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (keyed) return stringMap(metadata[keyed[1]!])[keyed[2]!] ?? '';
  if (path === 'metadata.name' || path === 'metadata.namespace' || path === 'metadata.uid') return String(metadata[path.slice('metadata.'.length)] ?? '');
  return '';
}

function envLines(pod: ModelObject, container: unknown): string {
  const env = list(field(container, 'env'));
  let text = `${L2}Environment:${env.length === 0 ? '\t<none>' : ''}\n`;
  for (const variable of env) {
    const name = String(field(variable, 'name'));
    const from = field(variable, 'valueFrom');
    if (from === undefined) {
      String(field(variable, 'value') ?? '').split('\n').forEach((line, i) => {
        text += i === 0 ? `${L3}${name}:\t${line}\n` : `${L3}\t${line}\n`;
      });
    } else if (field(from, 'fieldRef') !== undefined) {
      const path = String(field(from, 'fieldRef', 'fieldPath'));
      text += `${L3}${name}:\t${fieldPathValue(pod, path)} (${String(field(from, 'fieldRef', 'apiVersion') ?? 'v1')}:${path})\n`;
    } else if (field(from, 'resourceFieldRef') !== undefined) {
      const resource = String(field(from, 'resourceFieldRef', 'resource'));
      let value = containerResourceValue(pod, container, resource, field(from, 'resourceFieldRef', 'divisor'));
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
      text += `${L3}${name}:\t${value} (${resource})\n`;
    } else if (field(from, 'secretKeyRef') !== undefined) {
      text += `${L3}${name}:\t<set to the key '${String(field(from, 'secretKeyRef', 'key'))}' in secret '${String(field(from, 'secretKeyRef', 'name'))}'>\tOptional: ${goBool(field(from, 'secretKeyRef', 'optional'))}\n`;
    } else if (field(from, 'configMapKeyRef') !== undefined) {
      text += `${L3}${name}:\t<set to the key '${String(field(from, 'configMapKeyRef', 'key'))}' of config map '${String(field(from, 'configMapKeyRef', 'name'))}'>\tOptional: ${goBool(field(from, 'configMapKeyRef', 'optional'))}\n`;
    }
  }
  return text;
}

/** DescribeProbe, with the defaults the API server sets (timeout 1s, period 10s, thresholds 1 and 3). */
function probe(value: unknown): string {
  const number = (key: string, fallback: number): number => Number(field(value, key) ?? fallback);
  const attrs = `delay=${number('initialDelaySeconds', 0)}s timeout=${number('timeoutSeconds', 1)}s period=${number('periodSeconds', 10)}s #success=${number('successThreshold', 1)} #failure=${number('failureThreshold', 3)}`;
  const exec = field(value, 'exec');
  if (exec !== undefined) return `exec [${list(field(exec, 'command')).join(' ')}] ${attrs}`;
  const http = field(value, 'httpGet');
  if (http !== undefined) {
    const host = String(field(http, 'host') ?? '');
    const port = String(field(http, 'port') ?? '');
    const joined = port === '' ? host : host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return `http-get ${String(field(http, 'scheme') ?? 'HTTP').toLowerCase()}://${joined}${String(field(http, 'path') ?? '')} ${attrs}`;
  }
  const tcp = field(value, 'tcpSocket');
  if (tcp !== undefined) return `tcp-socket ${String(field(tcp, 'host') ?? '')}:${String(field(tcp, 'port') ?? '')} ${attrs}`;
  const grpc = field(value, 'grpc');
  if (grpc !== undefined) return `grpc <pod>:${String(field(grpc, 'port'))} ${String(field(grpc, 'service') ?? '')} ${attrs}`;
  return `unknown ${attrs}`;
}

/** describeStatus. */
function stateLines(title: string, state: unknown): string {
  if (field(state, 'running') !== undefined) return `${L2}${title}:\tRunning\n${L3}Started:\t${rfc1123z(field(state, 'running', 'startedAt'))}\n`;
  if (field(state, 'terminated') !== undefined) {
    const t = field(state, 'terminated');
    let text = `${L2}${title}:\tTerminated\n`;
    if (field(t, 'reason')) text += `${L3}Reason:\t${String(field(t, 'reason'))}\n`;
    if (field(t, 'message')) text += `${L3}Message:\t${String(field(t, 'message'))}\n`;
    text += `${L3}Exit Code:\t${Number(field(t, 'exitCode') ?? 0)}\n`;
    if (Number(field(t, 'signal') ?? 0) > 0) text += `${L3}Signal:\t${Number(field(t, 'signal'))}\n`;
    return `${text}${L3}Started:\t${rfc1123z(field(t, 'startedAt'))}\n${L3}Finished:\t${rfc1123z(field(t, 'finishedAt'))}\n`;
  }
  const reason = field(state, 'waiting', 'reason');
  return `${L2}${title}:\tWaiting\n${reason ? `${L3}Reason:\t${String(reason)}\n` : ''}`;
}

/** describeResources: limits then requests, each sorted by resource name. */
function resourceLines(resources: unknown, indent: string): string {
  let text = '';
  for (const kind of ['limits', 'requests']) {
    const values = stringMap(field(resources, kind));
    const names = Object.keys(values).sort(byteOrder);
    if (names.length > 0) text += `${indent}${kind === 'limits' ? 'Limits' : 'Requests'}:\n`;
    for (const name of names) text += `${indent}  ${name}:\t${values[name]}\n`;
  }
  return text;
}

/** describeContainers: the label, then each container's basic info, command, state, resources, probes, environment, mounts. */
function containerLines(pod: ModelObject, label: string, containers: unknown[], statuses: unknown[]): string {
  let text = `${label}:${containers.length === 0 ? ' <none>' : ''}\n`;
  for (const container of containers) {
    const name = String(field(container, 'name'));
    const status = statuses.find((s) => field(s, 'name') === name);
    text += `${L1}${name}:\n`;
    if (status !== undefined) text += `${L2}Container ID:\t${String(required(pod, field(status, 'containerID'), `container ${name}'s containerID`))}\n`;
    text += `${L2}Image:\t${String(field(container, 'image'))}\n`;
    if (status !== undefined) text += `${L2}Image ID:\t${String(required(pod, field(status, 'imageID'), `container ${name}'s imageID`))}\n`;
    const ports = list(field(container, 'ports'));
    const protocol = (p: unknown): string => String(required(pod, field(p, 'protocol'), `container ${name}'s port protocol`));
    const portText = ports.map((p) => `${Number(field(p, 'containerPort'))}/${protocol(p)}`).join(', ');
    const hostText = ports.map((p) => `${Number(field(p, 'hostPort') ?? 0)}/${protocol(p)}`).join(', ');
    text += portText.includes(',') ? `${L2}Ports:\t${portText}\n` : `${L2}Port:\t${portText || '<none>'}\n`;
    text += hostText.includes(',') ? `${L2}Host Ports:\t${hostText}\n` : `${L2}Host Port:\t${hostText || '<none>'}\n`;
    for (const [key, title] of [['command', 'Command'], ['args', 'Args']] as const) {
      const words = list(field(container, key));
      if (words.length > 0) text += `${L2}${title}:\n${words.flatMap((w) => String(w).split('\n')).map((s) => `${L3}${s}\n`).join('')}`;
    }
    if (status !== undefined) {
      text += stateLines('State', field(status, 'state'));
      if (field(status, 'lastState', 'terminated') !== undefined) text += stateLines('Last State', field(status, 'lastState'));
      text += `${L2}Ready:\t${printBool(field(status, 'ready'))}\n${L2}Restart Count:\t${Number(field(status, 'restartCount') ?? 0)}\n`;
    }
    text += resourceLines(field(container, 'resources'), L2);
    for (const [key, title] of [['livenessProbe', 'Liveness'], ['readinessProbe', 'Readiness'], ['startupProbe', 'Startup']] as const) {
      if (field(container, key) !== undefined) text += `${L2}${title}:\t${probe(field(container, key))}\n`;
    }
    if (list(field(container, 'envFrom')).length > 0) throw new ModelGap(`pod ${pod.namespace}/${pod.name}'s envFrom is not printed here`);
    text += envLines(pod, container);
    const mounts = list(field(container, 'volumeMounts'));
    text += `${L2}Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`;
    // SortableVolumeMounts: by mount path.
    for (const mount of [...mounts].sort((a, b) => byteOrder(String(field(a, 'mountPath')), String(field(b, 'mountPath'))))) {
      const flags = [field(mount, 'readOnly') === true ? 'ro' : 'rw'];
      if (field(mount, 'subPath')) flags.push(`path=${JSON.stringify(String(field(mount, 'subPath')))}`);
      text += `${L3}${String(field(mount, 'mountPath'))} from ${String(field(mount, 'name'))} (${flags.join(',')})\n`;
    }
  }
  return text;
}

/** describeVolumes for the sources the sessions' pods use; any other is a gap. */
function volumeLines(pod: ModelObject): string {
  const volumes = list(field(pod.value, 'spec', 'volumes'));
  if (volumes.length === 0) return 'Volumes:\t<none>\n';
  let text = 'Volumes:\n';
  for (const volume of volumes) {
    text += `${L1}${String(field(volume, 'name'))}:\n`;
    const emptyDir = field(volume, 'emptyDir');
    const configMap = field(volume, 'configMap');
    const secret = field(volume, 'secret');
    const downward = field(volume, 'downwardAPI');
    const projected = field(volume, 'projected');
    if (emptyDir !== undefined) {
      const limit = field(emptyDir, 'sizeLimit');
      text += `${L2}Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n${L2}Medium:\t${String(field(emptyDir, 'medium') ?? '')}\n${L2}SizeLimit:\t${limit !== undefined && quantityValue(String(limit)) ? String(limit) : '<unset>'}\n`;
    } else if (secret !== undefined) {
      text += `${L2}Type:\tSecret (a volume populated by a Secret)\n${L2}SecretName:\t${String(field(secret, 'secretName') ?? '')}\n${L2}Optional:\t${goBool(field(secret, 'optional'))}\n`;
    } else if (configMap !== undefined) {
      text += `${L2}Type:\tConfigMap (a volume populated by a ConfigMap)\n${L2}Name:\t${String(field(configMap, 'name') ?? '')}\n${L2}Optional:\t${goBool(field(configMap, 'optional'))}\n`;
    } else if (downward !== undefined) {
      text += `${L2}Type:\tDownwardAPI (a volume populated by information about the pod)\n${L2}Items:\n`;
      for (const item of list(field(downward, 'items'))) {
        if (field(item, 'fieldRef') !== undefined) text += `${L3}${String(field(item, 'fieldRef', 'fieldPath'))} -> ${String(field(item, 'path'))}\n`;
        if (field(item, 'resourceFieldRef') !== undefined) text += `${L3}${String(field(item, 'resourceFieldRef', 'resource'))} -> ${String(field(item, 'path'))}\n`;
      }
    } else if (projected !== undefined) {
      text += `${L2}Type:\tProjected (a volume that contains injected data from multiple sources)\n`;
      for (const source of list(field(projected, 'sources'))) {
        if (field(source, 'secret') !== undefined) text += `${L2}SecretName:\t${String(field(source, 'secret', 'name'))}\n${L2}Optional:\t${goBool(field(source, 'secret', 'optional'))}\n`;
        else if (field(source, 'downwardAPI') !== undefined) text += `${L2}DownwardAPI:\ttrue\n`;
        else if (field(source, 'configMap') !== undefined) text += `${L2}ConfigMapName:\t${String(field(source, 'configMap', 'name'))}\n${L2}Optional:\t${goBool(field(source, 'configMap', 'optional'))}\n`;
        else if (field(source, 'serviceAccountToken') !== undefined) text += `${L2}TokenExpirationSeconds:\t${Number(required(pod, field(source, 'serviceAccountToken', 'expirationSeconds'), 'token expirationSeconds'))}\n`;
      }
    } else {
      throw new ModelGap(`pod ${pod.namespace}/${pod.name}'s volume ${String(field(volume, 'name'))} is of a kind this printer does not describe`);
    }
  }
  return text;
}

/** printTolerationsMultilineWithIndent: sorted by key (sort.Slice, not stable: equal keys keep the model's order here). */
function tolerationLines(tolerations: unknown[]): string {
  if (tolerations.length === 0) return 'Tolerations:\t<none>\n';
  const sorted = [...tolerations].sort((a, b) => byteOrder(String(field(a, 'key') ?? ''), String(field(b, 'key') ?? '')));
  return sorted.map((t, i) => {
    const key = String(field(t, 'key') ?? '');
    const value = String(field(t, 'value') ?? '');
    const effect = String(field(t, 'effect') ?? '');
    let text = `${i === 0 ? 'Tolerations:' : ''}\t${key}${value ? `=${value}` : ''}${effect ? `:${effect}` : ''}`;
    if (field(t, 'operator') === 'Exists' && value === '') text += key !== '' || effect !== '' ? ' op=Exists' : 'op=Exists';
    if (field(t, 'tolerationSeconds') !== undefined) text += ` for ${Number(field(t, 'tolerationSeconds'))}s`;
    return `${text}\n`;
  }).join('');
}

/** The pod's Events within the API server's TTL, oldest first, or a gap (see the module comment). */
function podEvents(pod: ModelObject, model: StateModel): ModelObject[] {
  if (model.now === undefined) throw new ModelGap('the state has no clock (cluster.now) for the events\' ages');
  const now = model.now;
  const time = (event: ModelObject): string => String(field(event.value, 'lastTimestamp') ?? field(event.value, 'eventTime') ?? '');
  const events = model.objects.filter((o) => o.group === '' && o.kind === 'Event' && o.namespace === pod.namespace
    && field(o.value, 'involvedObject', 'kind') === 'Pod' && field(o.value, 'involvedObject', 'name') === pod.name
    && now - Date.parse(time(o)) < EVENT_TTL_MS);
  const scheduled = Date.parse(String(field(pod.value, 'metadata', 'creationTimestamp') ?? ''));
  if (events.length === 0 && !(now - scheduled >= EVENT_TTL_MS)) {
    throw new ModelGap(`pod ${pod.namespace}/${pod.name} was scheduled within the Event TTL (1h), and the model holds none of its events`);
  }
  // event.SortableEvents: by lastTimestamp, the scheduler's events (eventTime only) first as zero times.
  const last = (event: ModelObject): string => String(field(event.value, 'lastTimestamp') ?? '');
  return events.sort((a, b) => byteOrder(last(a), last(b)));
}

export function describePod(pod: ModelObject, model: StateModel): string {
  const metadata = isRecord(pod.value.metadata) ? pod.value.metadata : {};
  const spec = isRecord(pod.value.spec) ? pod.value.spec : {};
  const status = isRecord(pod.value.status) ? pod.value.status : {};
  let text = `Name:\t${pod.name}\nNamespace:\t${pod.namespace}\n`;
  text += `Priority:\t${Number(required(pod, spec.priority, 'spec.priority'))}\n`;
  if (spec.priorityClassName) text += `Priority Class Name:\t${String(spec.priorityClassName)}\n`;
  if (spec.runtimeClassName) text += `Runtime Class Name:\t${String(spec.runtimeClassName)}\n`;
  if (spec.serviceAccountName) text += `Service Account:\t${String(spec.serviceAccountName)}\n`;
  text += spec.nodeName ? `Node:\t${String(spec.nodeName)}/${String(status.hostIP ?? '')}\n` : 'Node:\t<none>\n';
  if (status.startTime !== undefined) text += `Start Time:\t${rfc1123z(status.startTime)}\n`;
  text += labelsLines('Labels', stringMap(metadata.labels)) + annotationLines('Annotations', stringMap(metadata.annotations));
  if (metadata.deletionTimestamp !== undefined) throw new ModelGap(`pod ${pod.namespace}/${pod.name} is terminating, whose status line is not printed here`);
  text += `Status:\t${String(required(pod, status.phase, 'status.phase'))}\n`;
  if (status.reason) text += `Reason:\t${String(status.reason)}\n`;
  if (status.message) text += `Message:\t${String(status.message)}\n`;
  if (field(spec, 'securityContext', 'seccompProfile') !== undefined) throw new ModelGap(`pod ${pod.namespace}/${pod.name}'s seccomp profile is not printed here`);
  text += `IP:\t${String(status.podIP ?? '')}\n`;
  const ips = list(status.podIPs);
  text += ips.length === 0 ? 'IPs:\t<none>\n' : `IPs:\n${ips.map((ip) => `${L1}IP:\t${String(field(ip, 'ip'))}\n`).join('')}`;
  const controller = list(metadata.ownerReferences).find((ref) => field(ref, 'controller') === true);
  if (controller !== undefined) text += `Controlled By:\t${String(field(controller, 'kind'))}/${String(field(controller, 'name'))}\n`;
  if (status.nominatedNodeName) text += `NominatedNodeName:\t${String(status.nominatedNodeName)}\n`;
  if (spec.resources !== undefined) text += `Resources:\n${resourceLines(spec.resources, L1)}`;
  const inits = list(spec.initContainers);
  if (inits.length > 0) text += containerLines(pod, 'Init Containers', inits, list(status.initContainerStatuses));
  text += containerLines(pod, 'Containers', list(spec.containers), list(status.containerStatuses));
  if (list(spec.ephemeralContainers).length > 0 || list(spec.readinessGates).length > 0) throw new ModelGap(`pod ${pod.namespace}/${pod.name}'s ephemeral containers or readiness gates are not printed here`);
  const conditions = list(status.conditions);
  // "%v \t%v \n": each cell ends with a space, the status too.
  if (conditions.length > 0) text += `Conditions:\n${L1}Type\tStatus\n${conditions.map((c) => `${L1}${String(field(c, 'type'))} \t${String(field(c, 'status'))} \n`).join('')}`;
  text += volumeLines(pod);
  text += `QoS Class:\t${String(required(pod, status.qosClass, 'status.qosClass'))}\n`;
  text += labelsLines('Node-Selectors', stringMap(spec.nodeSelector));
  text += tolerationLines(list(spec.tolerations));
  if (list(spec.topologySpreadConstraints).length > 0) throw new ModelGap(`pod ${pod.namespace}/${pod.name}'s topology spread constraints are not printed here`);
  text += eventLines(podEvents(pod, model), model.now);
  // DescribeEvents flushes the writer before its table, whose cells align among themselves only.
  const [fields, table] = text.split('\u0000');
  return tabwrite(fields!, 0, 2) + (table === undefined ? '' : tabwrite(table, 0, 2));
}

/** RunDescribe over pods, as printDescribeServices over Services (./describe-service.ts). */
export function printDescribePods(request: DescribePodRequest, model: StateModel): string {
  if (model.held !== undefined && !model.held.includes(heldKey('', 'Pod', request.namespace))) throw new ModelGap(`the model keeps no pods of namespace ${request.namespace}`);
  const inNamespace = model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && o.namespace === request.namespace);
  const byName = (name: string): ModelObject | undefined => inNamespace.find((p) => p.name === name);
  const [only] = request.names;
  if (request.prefixed && only !== undefined && !byName(only)) {
    const matching = inNamespace.filter((p) => p.name.startsWith(only)).sort((a, b) => byteOrder(a.name, b.name));
    if (matching.length > 0) return matching.map((pod) => `${describePod(pod, model)}\n`).join('');
  }
  const found: string[] = [];
  let errors = '';
  for (const name of request.names) {
    const pod = byName(name);
    if (pod) found.push(describePod(pod, model));
    else errors += `Error from server (NotFound): pods "${name}" not found\n`;
  }
  return found.join('\n\n') + errors;
}
