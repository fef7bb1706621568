/**
 * The columns `kubectl get` prints for Kubernetes' own kinds: the API server's table handlers,
 * kubernetes/kubernetes v1.33 pkg/printers/internalversion/printers.go (AddHandlers: the column
 * definitions, priority 1 columns shown with -o wide; printPod, printService, printDeployment,
 * printReplicaSet, printNamespace, printConfigMap, printSecret, printServiceAccount, printNode,
 * printEndpoints). Fields the API server fills in by default (a Service's type and ports'
 * protocol, a Namespace's phase, a Deployment's replicas, a Secret's type) are read with those
 * defaults; fields only a live cluster assigns (a cluster IP, a pod's status) are required.
 */
import {age, humanDuration} from './duration';
import {formatLabels} from './labels';
import {byteOrder} from './jsonpath';
import {creationTimestamp, field, isRecord, list, ModelGap, objectLabel, stringMap, type ModelObject} from './model';

export interface KindColumns {
  /** Headers as kubectl prints them (upper case), then the -o wide ones. */
  headers: readonly string[];
  wide: readonly string[];
  row(object: ModelObject, now: number, wide: boolean): string[];
}

const ageOf = (object: ModelObject, now: number): string => age(creationTimestamp(object), now);
const count = (value: unknown): number => (isRecord(value) ? Object.keys(value).length : Array.isArray(value) ? value.length : 0);
const int = (value: unknown): number => (typeof value === 'number' ? value : 0);

function requireStatus(object: ModelObject): Record<string, unknown> {
  const status = object.value.status;
  if (!isRecord(status)) throw new ModelGap(`the model does not hold ${objectLabel(object)}'s status`);
  return status;
}

/** isRestartableInitContainer: an init container with restartPolicy Always (a native sidecar). */
const restartable = (container: unknown): boolean => field(container, 'restartPolicy') === 'Always';

const terminated = (status: unknown, key: 'state' | 'lastState'): Record<string, unknown> | undefined => {
  const value = field(status, key, 'terminated');
  return isRecord(value) ? value : undefined;
};

/** printPod: READY, STATUS (the reason kubectl derives from phase and container states), RESTARTS. */
function podRow(object: ModelObject, now: number, wide: boolean): string[] {
  const pod = object.value;
  const status = requireStatus(object);
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const initContainers = list(spec.initContainers);
  const total = list(spec.containers).length + initContainers.filter(restartable).length;
  let ready = 0;
  let restarts = 0;
  let restartableRestarts = 0;
  let lastRestart = 0;
  let lastRestartableRestart = 0;
  if (typeof status.phase !== 'string') throw new ModelGap(`the model does not hold ${objectLabel(object)}'s status.phase and container statuses`);
  const phase = status.phase;
  let reason = typeof status.reason === 'string' && status.reason !== '' ? status.reason : phase;
  for (const condition of list(status.conditions)) {
    if (field(condition, 'type') === 'PodScheduled' && field(condition, 'reason') === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const finishedAt = (s: unknown): number => Date.parse(String(terminated(s, 'lastState')?.finishedAt ?? '')) || 0;
  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    const declared = initContainers.find((c) => field(c, 'name') === field(container, 'name'));
    restarts += int(field(container, 'restartCount'));
    lastRestart = Math.max(lastRestart, finishedAt(container));
    if (restartable(declared)) {
      restartableRestarts += int(field(container, 'restartCount'));
      lastRestartableRestart = Math.max(lastRestartableRestart, finishedAt(container));
    }
    const state = terminated(container, 'state');
    const waiting = field(container, 'state', 'waiting', 'reason');
    if (state && int(state.exitCode) === 0) continue;
    if (restartable(declared) && field(container, 'started') === true) {
      if (field(container, 'ready') === true) ready++;
      continue;
    }
    if (state) {
      if (typeof state.reason === 'string' && state.reason !== '') reason = `Init:${state.reason}`;
      else reason = int(state.signal) !== 0 ? `Init:Signal:${int(state.signal)}` : `Init:ExitCode:${int(state.exitCode)}`;
    } else if (typeof waiting === 'string' && waiting !== '' && waiting !== 'PodInitializing') reason = `Init:${waiting}`;
    else reason = `Init:${i}/${initContainers.length}`;
    initializing = true;
    break;
  }
  // isPodInitializedConditionTrue: the first Initialized condition decides.
  const initialized = field(list(status.conditions).find((c) => field(c, 'type') === 'Initialized'), 'status') === 'True';
  if (!initializing || initialized) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let running = false;
    const statuses = list(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += int(field(container, 'restartCount'));
      lastRestart = Math.max(lastRestart, finishedAt(container));
      const waiting = field(container, 'state', 'waiting', 'reason');
      const state = terminated(container, 'state');
      if (typeof waiting === 'string' && waiting !== '') reason = waiting;
      else if (state && typeof state.reason === 'string' && state.reason !== '') reason = state.reason;
      else if (state) reason = int(state.signal) !== 0 ? `Signal:${int(state.signal)}` : `ExitCode:${int(state.exitCode)}`;
      else if (field(container, 'ready') === true && isRecord(field(container, 'state', 'running'))) {
        running = true;
        ready++;
      }
    }
    if (reason === 'Completed' && running) {
      reason = list(status.conditions).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True') ? 'Running' : 'NotReady';
    }
  }
  const deleting = field(pod, 'metadata', 'deletionTimestamp') !== undefined;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  const restartText = restarts !== 0 && lastRestart !== 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const cells = [object.name, `${ready}/${total}`, reason, restartText, ageOf(object, now)];
  if (wide) {
    // v1 → internal conversion: podIPs, else the single podIP.
    const ip = field(list(status.podIPs)[0], 'ip') ?? status.podIP;
    const gates = list(spec.readinessGates);
    // The first condition of the gate's type decides, as printPod's loop breaks on it.
    const conditionStatus = (type: unknown): unknown => field(list(status.conditions).find((c) => field(c, 'type') === type), 'status');
    const trueGates = gates.filter((gate) => conditionStatus(field(gate, 'conditionType')) === 'True').length;
    cells.push(
      typeof ip === 'string' && ip !== '' ? ip : '<none>',
      typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : '<none>',
      typeof status.nominatedNodeName === 'string' && status.nominatedNodeName !== '' ? status.nominatedNodeName : '<none>',
      gates.length > 0 ? `${trueGates}/${gates.length}` : '<none>',
    );
  }
  return cells;
}

/** loadBalancerStatusStringer: ingress IPs (or hostnames), cut to 16 characters unless wide. */
function loadBalancerIngress(object: ModelObject, wide: boolean): string {
  const text = list(field(object.value, 'status', 'loadBalancer', 'ingress'))
    .map((ingress) => String(field(ingress, 'ip') ?? field(ingress, 'hostname') ?? ''))
    .filter((value) => value !== '')
    .join(',');
  return !wide && text.length > 16 ? `${text.slice(0, 13)}...` : text;
}

function serviceRow(object: ModelObject, now: number, wide: boolean): string[] {
  const spec = isRecord(object.value.spec) ? object.value.spec : {};
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  const clusterIPs = list(spec.clusterIPs);
  const clusterIP = typeof clusterIPs[0] === 'string' ? clusterIPs[0] : spec.clusterIP;
  if (typeof clusterIP !== 'string' && type !== 'ExternalName') throw new ModelGap(`the model does not hold ${objectLabel(object)}'s cluster IP (spec.clusterIP)`);
  const externalIPs = list(spec.externalIPs).map(String);
  let external: string;
  if (type === 'ClusterIP' || type === 'NodePort') external = externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
  else if (type === 'LoadBalancer') {
    const ingress = loadBalancerIngress(object, wide);
    if (externalIPs.length > 0) external = [...(ingress ? ingress.split(',') : []), ...externalIPs].join(',');
    else external = ingress !== '' ? ingress : '<pending>';
  } else if (type === 'ExternalName') external = String(spec.externalName ?? '');
  else external = '<unknown>';
  const ports = list(spec.ports).map((port) => {
    const protocol = String(field(port, 'protocol') ?? 'TCP');
    const nodePort = int(field(port, 'nodePort'));
    return nodePort > 0 ? `${int(field(port, 'port'))}:${nodePort}/${protocol}` : `${int(field(port, 'port'))}/${protocol}`;
  }).join(',');
  const cells = [object.name, type, typeof clusterIP === 'string' ? clusterIP : '<none>', external, ports === '' ? '<none>' : ports, ageOf(object, now)];
  if (wide) cells.push(formatLabels(stringMap(spec.selector)));
  return cells;
}

/** metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key, `in` values sorted. */
export function selectorString(selector: unknown): string {
  if (!isRecord(selector)) return '<none>';
  const parts: Array<[string, string]> = Object.entries(stringMap(selector.matchLabels)).map(([key, value]) => [key, `${key}=${value}`]);
  for (const expression of list(selector.matchExpressions)) {
    const key = String(field(expression, 'key') ?? '');
    const values = list(field(expression, 'values')).map(String).sort(byteOrder).join(',');
    const operator = field(expression, 'operator');
    if (operator === 'In') parts.push([key, `${key} in (${values})`]);
    else if (operator === 'NotIn') parts.push([key, `${key} notin (${values})`]);
    else if (operator === 'Exists') parts.push([key, key]);
    else if (operator === 'DoesNotExist') parts.push([key, `!${key}`]);
  }
  return parts.sort(([a], [b]) => byteOrder(a, b)).map(([, text]) => text).join(',');
}

/** layoutContainerCells: container names and images, comma-separated. */
function containerCells(template: unknown): string[] {
  const containers = list(field(template, 'spec', 'containers'));
  return [containers.map((c) => String(field(c, 'name') ?? '')).join(','), containers.map((c) => String(field(c, 'image') ?? '')).join(',')];
}

function deploymentRow(object: ModelObject, now: number, wide: boolean): string[] {
  const status = requireStatus(object);
  const replicas = field(object.value, 'spec', 'replicas');
  const desired = typeof replicas === 'number' ? replicas : 1;
  const cells = [object.name, `${int(status.readyReplicas)}/${desired}`, String(int(status.updatedReplicas)), String(int(status.availableReplicas)), ageOf(object, now)];
  if (wide) cells.push(...containerCells(field(object.value, 'spec', 'template')), selectorString(field(object.value, 'spec', 'selector')));
  return cells;
}

function replicaSetRow(object: ModelObject, now: number, wide: boolean): string[] {
  const status = requireStatus(object);
  const replicas = field(object.value, 'spec', 'replicas');
  const cells = [object.name, String(typeof replicas === 'number' ? replicas : 1), String(int(status.replicas)), String(int(status.readyReplicas)), ageOf(object, now)];
  if (wide) cells.push(...containerCells(field(object.value, 'spec', 'template')), selectorString(field(object.value, 'spec', 'selector')));
  return cells;
}

/** The namespace strategy sets phase Active on create; a namespace being deleted is Terminating. */
function namespaceRow(object: ModelObject, now: number): string[] {
  const phase = field(object.value, 'status', 'phase');
  const shown = typeof phase === 'string' ? phase : field(object.value, 'metadata', 'deletionTimestamp') !== undefined ? 'Terminating' : 'Active';
  return [object.name, shown, ageOf(object, now)];
}

/** printNode's status: Ready/NotReady/Unknown from the Ready condition, then SchedulingDisabled. */
function nodeRow(object: ModelObject, now: number, wide: boolean): string[] {
  const status = requireStatus(object);
  const ready = list(status.conditions).find((c) => field(c, 'type') === 'Ready');
  const states = [ready === undefined ? 'Unknown' : field(ready, 'status') === 'True' ? 'Ready' : 'NotReady'];
  if (field(object.value, 'spec', 'unschedulable') === true) states.push('SchedulingDisabled');
  const labels = stringMap(field(object.value, 'metadata', 'labels'));
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  const info = isRecord(status.nodeInfo) ? status.nodeInfo : {};
  const cells = [object.name, states.join(','), roles.size > 0 ? [...roles].sort(byteOrder).join(',') : '<none>', ageOf(object, now), String(info.kubeletVersion ?? '')];
  if (wide) {
    const address = (type: string): string => String(field(list(status.addresses).find((a) => field(a, 'type') === type), 'address') ?? '<none>');
    const known = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : '<unknown>');
    cells.push(address('InternalIP'), address('ExternalIP'), known(info.osImage), known(info.kernelVersion), known(info.containerRuntimeVersion));
  }
  return cells;
}

/** formatEndpoints: the first 3 address:port pairs, then `+ N more...`. */
function endpointsRow(object: ModelObject, now: number): string[] {
  const subsets = list(object.value.subsets);
  const shown: string[] = [];
  let total = 0;
  let more = false;
  const hostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  for (const subset of subsets) {
    const addresses = list(field(subset, 'addresses')).map((a) => String(field(a, 'ip') ?? ''));
    const ports = list(field(subset, 'ports'));
    const targets = ports.length === 0 ? [undefined] : ports.map((port) => int(field(port, 'port')));
    for (const port of targets) {
      total += addresses.length;
      for (const ip of addresses) {
        if (shown.length === 3) {
          more = true;
          break;
        }
        shown.push(port === undefined ? ip : hostPort(ip, port));
      }
    }
  }
  const text = subsets.length === 0 ? '<none>' : more ? `${shown.join(',')} + ${total - 3} more...` : shown.join(',');
  return [object.name, text, ageOf(object, now)];
}

/** Built-in kinds by `group/Kind` ('' for core). */
export const KIND_COLUMNS: Readonly<Record<string, KindColumns>> = {
  '/Pod': {headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'], row: podRow},
  '/Service': {headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'], row: serviceRow},
  'apps/Deployment': {headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'], row: deploymentRow},
  'apps/ReplicaSet': {headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'], row: replicaSetRow},
  '/Namespace': {headers: ['NAME', 'STATUS', 'AGE'], wide: [], row: namespaceRow},
  '/ConfigMap': {headers: ['NAME', 'DATA', 'AGE'], wide: [], row: (o, now) => [o.name, String(count(o.value.data) + count(o.value.binaryData)), ageOf(o, now)]},
  '/Secret': {headers: ['NAME', 'TYPE', 'DATA', 'AGE'], wide: [], row: (o, now) => [o.name, typeof o.value.type === 'string' ? o.value.type : 'Opaque', String(count(o.value.data)), ageOf(o, now)]},
  '/ServiceAccount': {headers: ['NAME', 'SECRETS', 'AGE'], wide: [], row: (o, now) => [o.name, String(count(o.value.secrets)), ageOf(o, now)]},
  '/Node': {headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'], row: nodeRow},
  '/Endpoints': {headers: ['NAME', 'ENDPOINTS', 'AGE'], wide: [], row: endpointsRow},
};
