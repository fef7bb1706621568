/**
 * `istioctl waypoint list|status|apply` (istioctl 1.30.3, istioctl/pkg/waypoint/waypoint.go)
 * answered from a state's cluster model: the Gateways of class istio-waypoint with the status
 * istiod wrote on them, and the namespace's labels. Tables go through
 * tabwriter.Init(w, 0, 8, 5, ' ', 0).
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {byteOrder} from './jsonpath';
import {field, heldKey, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {tabwrite} from './tabwriter';
import {WAYPOINT_CLASS} from '../../engine/model/ambient';

/** constants.DefaultNamespaceWaypoint (the class name is engine/model/ambient.ts WAYPOINT_CLASS). */
const DEFAULT_NAME = 'waypoint';
const TRAFFIC_TYPES = ['all', 'none', 'service', 'workload'];

export type WaypointRequest =
  | {verb: 'list' | 'status'; namespace: string | undefined}
  | {verb: 'apply'; namespace: string; name: string; enroll: boolean; overwrite: boolean; wait: boolean; trafficType: string | undefined};

const tab = (rows: string[][]): string => tabwrite(`${rows.map((row) => row.join('\t')).join('\n')}\n`, 0, 5);

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

function conditions(gateway: ModelObject): Condition[] {
  return list(field(gateway.value, 'status', 'conditions')).filter(isRecord).map((c) => ({
    type: String(c.type ?? ''), status: String(c.status ?? ''), reason: String(c.reason ?? ''), message: String(c.message ?? ''),
  }));
}

/** The Gateways a list in `namespace` (undefined: all) returns, sorted by namespace then name. */
function gateways(model: StateModel, namespace: string | undefined): ModelObject[] {
  if (model.held !== undefined) {
    const namespaces = namespace !== undefined ? [namespace] : model.objects.filter((o) => o.group === '' && o.kind === 'Namespace').map((o) => o.name);
    for (const ns of namespaces) {
      if (!model.held.includes(heldKey('gateway.networking.k8s.io', 'Gateway', ns))) throw new ModelGap(`the model does not keep track of the Gateways of namespace ${ns}`);
    }
  }
  return model.objects
    .filter((o) => o.group === 'gateway.networking.k8s.io' && o.kind === 'Gateway' && (namespace === undefined || o.namespace === namespace))
    .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));
}

/** waypointListCmd: "No waypoints found." only when the namespace holds no Gateway at all; other classes are skipped silently. */
export function printWaypointList(namespace: string | undefined, model: StateModel): string {
  const all = gateways(model, namespace);
  if (all.length === 0) return 'No waypoints found.\n';
  const rows = all.filter((gw) => field(gw.value, 'spec', 'gatewayClassName') === WAYPOINT_CLASS).map((gw) => {
    const labels = stringMap(field(gw.value, 'metadata', 'labels'));
    const programmed = conditions(gw).filter((c) => c.type === 'Programmed').at(-1)?.status ?? 'False';
    const cells = [gw.name, labels['istio.io/rev'] || 'default', labels['istio.io/waypoint-for'] || 'none', programmed];
    return namespace === undefined ? [gw.namespace, ...cells] : cells;
  });
  const header = ['NAME', 'REVISION', 'TRAFFIC TYPE', 'PROGRAMMED'];
  return tab([namespace === undefined ? ['NAMESPACE', ...header] : header, ...rows]);
}

/**
 * printWaypointStatus: per waypoint, the condition its loop stopped on: Programmed when True,
 * else the last condition (Go's loop variable). A waypoint not programmed is waited for until
 * --waypoint-timeout (90 s): what it then prints depends on time, which the model does not
 * follow, so that case is a gap.
 */
export function printWaypointStatus(namespace: string | undefined, model: StateModel): string {
  const all = gateways(model, namespace);
  if (all.length === 0) return 'No waypoints found.\n';
  const rows = all.filter((gw) => field(gw.value, 'spec', 'gatewayClassName') === WAYPOINT_CLASS).map((gw) => {
    const list = conditions(gw);
    const programmed = list.find((c) => c.type === 'Programmed' && c.status === 'True');
    if (!programmed) throw new ModelGap(`waypoint ${gw.namespace}/${gw.name} is not programmed: istioctl waits for it, and what it prints then depends on time`);
    const cells = [gw.name, programmed.status, programmed.type, programmed.reason, programmed.message];
    return namespace === undefined ? [gw.namespace, ...cells] : cells;
  });
  const header = ['NAME', 'STATUS', 'TYPE', 'REASON', 'MESSAGE'];
  return tab([namespace === undefined ? ['NAMESPACE', ...header] : header, ...rows]);
}

/**
 * waypointApplyCmd's output, from the state before it ran: the enrolment warnings, then the
 * applied Gateway, its readiness (--wait) and the namespace label (--enroll-namespace). The
 * waiting itself is not printed: only its outcome, which the state after it must show
 * (a programmed Gateway): the caller checks that through the session's moves.
 */
export function printWaypointApply(request: Extract<WaypointRequest, {verb: 'apply'}>, model: StateModel): string {
  const namespace = model.objects.find((o) => o.group === '' && o.kind === 'Namespace' && o.name === request.namespace);
  if (!namespace) return `Error: namespace: ${request.namespace} not found\n`;
  const labels = stringMap(field(namespace.value, 'metadata', 'labels'));
  let text = '';
  if (request.enroll) {
    if (!request.overwrite && (labels['istio.io/use-waypoint'] ?? '') !== '') {
      return `\u26a0\ufe0f Warning: namespace (${request.namespace}) already has an enrolled Waypoint. Consider adding the \`--overwrite\` flag to your apply command.\n`;
    }
    if (labels['istio.io/dataplane-mode'] !== 'ambient') {
      // The tab is istioctl's own (waypoint.go writes "Consider running\t`kubectl label …`").
      text += `\u26a0\ufe0f Warning: namespace is not enrolled in ambient. Consider running\t\`kubectl label namespace ${request.namespace} istio.io/dataplane-mode=ambient\`\n`;
    }
  }
  text += `\u2705 waypoint ${request.namespace}/${request.name} applied\n`;
  if (request.wait) text += `\u2705 waypoint ${request.namespace}/${request.name} is ready!\n`;
  if (request.enroll) text += `\u2705 namespace ${request.namespace} labeled with "istio.io/use-waypoint: ${request.name}"\n`;
  return text;
}

/**
 * `istioctl waypoint list|status|apply` with the flags waypoint.go defines for them; undefined for
 * anything else. `-n`/`--namespace` (default: the kubeconfig context's namespace), `-A` for list
 * and status, `--name` (persistent), and apply's `--enroll-namespace`, `--overwrite`, `--wait`/`-w`, `--for`.
 */
export function parseWaypoint(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): WaypointRequest | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders));
  if (words.some((word) => word.kind !== 'word')) return undefined;
  const [program, command, verb, ...args] = words.map((word) => (word as {text: string}).text);
  if (program !== 'istioctl' || command !== 'waypoint' || (verb !== 'list' && verb !== 'status' && verb !== 'apply')) return undefined;
  let namespace = contextNamespace;
  let all = false;
  let name = DEFAULT_NAME;
  let enroll = false;
  let overwrite = false;
  let wait = false;
  let trafficType: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? args[++i];
    const bool = (): boolean | undefined => (inline === undefined || inline === 'true' ? true : inline === 'false' ? false : undefined);
    if (flag === '-n' || flag === '--namespace') {
      const given = value();
      if (given === undefined) return undefined;
      namespace = given;
    } else if (flag === '--name') {
      const given = value();
      if (given === undefined || given === 'none') return undefined;
      name = given || DEFAULT_NAME;
    } else if ((flag === '-A' || flag === '--all-namespaces') && verb !== 'apply') {
      const given = bool();
      if (given === undefined) return undefined;
      all = given;
    } else if (verb === 'apply' && (flag === '--enroll-namespace' || flag === '--overwrite' || flag === '--wait' || flag === '-w')) {
      const given = bool();
      if (given === undefined) return undefined;
      if (flag === '--enroll-namespace') enroll = given;
      else if (flag === '--overwrite') overwrite = given;
      else wait = given;
    } else if (verb === 'apply' && flag === '--for') {
      const given = value();
      if (given === undefined || !TRAFFIC_TYPES.includes(given)) return undefined;
      trafficType = given;
    } else return undefined;
  }
  if (verb === 'apply') return {verb, namespace, name, enroll, overwrite, wait, trafficType};
  return {verb, namespace: all ? undefined : namespace};
}

export function printWaypoint(request: WaypointRequest, model: StateModel): string {
  if (request.verb === 'apply') return printWaypointApply(request, model);
  return request.verb === 'list' ? printWaypointList(request.namespace, model) : printWaypointStatus(request.namespace, model);
}
