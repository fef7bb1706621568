/**
 * `istioctl install [--set profile=NAME] [-y|--skip-confirmation]` as istioctl 1.30.3 prints it on
 * a terminal (operator/cmd/mesh/install.go InstallCmdWithArgs and Install, shared.go Confirm,
 * operator/pkg/install/install.go, operator/pkg/util/progress/progress.go):
 * - the Istio art (pkg/art/istio-ascii.txt, printed with "%v\n");
 * - the EOL warning once the clock passes operator/version's OperatorEOLYear/Month;
 * - detectIstioVersionDiff's warning when the cluster's istiod runs another version;
 * - Confirm's prompt and the reader's `y` (none with -y);
 * - one `✔ <component> installed <icon>` line per component as it finishes, then
 *   `✔ Installation complete`, and for the ambient profile install.go's closing sentence.
 *   Components wait for their parents (componentDependencies): Base, then Pilot and CNI, then
 *   the gateways after Pilot, Ztunnel after CNI. Components that wait on the same parent run at
 *   once, each finishing when WaitForResources (wait.go) sees its workload ready: it checks at
 *   once, then every 2 s. The model holds when that happened, as the workload's pods' Ready
 *   conditions (lastTransitionTime), so racing components print in the order their pods became
 *   Ready; two that became Ready less than one 2 s poll apart could print either way: a gap.
 * The in-progress line ("- Processing resources for …") is rewritten in place and leaves nothing.
 * Printed from the state the command ran in (the version warning) and the state it moves to, which
 * must hold each component's Deployment or DaemonSet ready: recorded commands only, as a typed
 * install would change the cluster.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {field, list, ModelGap, type ModelObject, type StateModel} from './model';
import {releaseTag} from './istioctl-version';

/** The istioctl build the sessions run. */
const ISTIOCTL_VERSION = '1.30.3';
/** operator/version: OperatorCodeBaseVersion and the EOL month it is compared with. */
const CODE_BASE_VERSION = '1.30.0';
const EOL = {year: 2027, month: 2};

/** pkg/art/istio-ascii.txt, each line padded to 20 columns as the file has it. */
const ART = [
  '        |\\',
  '        | \\',
  '        |  \\',
  '        |   \\',
  '      /||    \\',
  '     / ||     \\',
  '    /  ||      \\',
  '   /   ||       \\',
  '  /    ||        \\',
  ' /     ||         \\',
  '/______||__________\\',
  '____________________',
  '  \\__       _____/',
  '     \\_____/',
].map((line) => line.padEnd(20, ' ')).join('\n');

type Component = 'Base' | 'Pilot' | 'IngressGateways' | 'EgressGateways' | 'Cni' | 'Ztunnel';

/** component.go userFacingComponentNames and Icons. */
const FACING: Record<Component, {name: string; icon: string}> = {
  Base: {name: 'Istio core', icon: '⛵️'},
  Pilot: {name: 'Istiod', icon: '🧠'},
  Cni: {name: 'CNI', icon: '🪢'},
  Ztunnel: {name: 'Ztunnel', icon: '🔒'},
  IngressGateways: {name: 'Ingress gateways', icon: '🛬'},
  EgressGateways: {name: 'Egress gateways', icon: '🛫'},
};

/** install.go componentDependencies, as each component's parent. */
const PARENT: Partial<Record<Component, Component>> = {Pilot: 'Base', Cni: 'Base', IngressGateways: 'Pilot', EgressGateways: 'Pilot', Ztunnel: 'Cni'};

/** What each component's readiness is waited on (component.go ResourceType/ResourceName); Base has no workload. */
const WORKLOAD: Partial<Record<Component, {kind: string; name: string}>> = {
  Pilot: {kind: 'Deployment', name: 'istiod'},
  IngressGateways: {kind: 'Deployment', name: 'istio-ingressgateway'},
  EgressGateways: {kind: 'Deployment', name: 'istio-egressgateway'},
  Cni: {kind: 'DaemonSet', name: 'istio-cni-node'},
  Ztunnel: {kind: 'DaemonSet', name: 'ztunnel'},
};

/** The components each profile enables (manifests/profiles/*.yaml at 1.30.3). */
const PROFILES: Record<string, Component[]> = {
  default: ['Base', 'Pilot', 'IngressGateways'],
  minimal: ['Base', 'Pilot'],
  demo: ['Base', 'Pilot', 'IngressGateways', 'EgressGateways'],
  ambient: ['Base', 'Pilot', 'Cni', 'Ztunnel'],
};

export interface IstioctlInstallRequest {
  profile: string;
  skipConfirmation: boolean;
}

/**
 * `istioctl install` with `--set profile=NAME` (or `--set=profile=NAME`) and `-y`/`--skip-confirmation`;
 * another flag or --set changes what is installed in ways not modelled: `{unsupported}`.
 */
export function parseIstioctlInstall(line: string, placeholders: Readonly<Record<string, string>> = {}): IstioctlInstallRequest | {unsupported: string} | undefined {
  const split = splitWords(resolvePlaceholders(line, placeholders));
  // A pipe or process substitution is another command line, not covered.
  if (split.some((w) => w.kind !== 'word')) return undefined;
  const words = split.map((w) => (w.kind === 'word' ? w.text : ''));
  if (words[0] !== 'istioctl' || words[1] !== 'install') return undefined;
  const request: IstioctlInstallRequest = {profile: 'default', skipConfirmation: false};
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-y' || word === '--skip-confirmation') request.skipConfirmation = true;
    else if ((word === '--set' || word === '-s') && words[i + 1]?.startsWith('profile=')) request.profile = words[++i]!.slice('profile='.length);
    else if (word.startsWith('--set=profile=')) request.profile = word.slice('--set=profile='.length);
    else return {unsupported: word};
  }
  return request;
}

/** wait.go WaitForResources' poll interval: a workload is seen ready up to this long after it became so. */
const POLL_MS = 2000;

/** The Ready time (ms) of a pod, or undefined while it is not Ready. */
function podReadyAt(pod: ModelObject): number | undefined {
  const condition = list(field(pod.value, 'status', 'conditions')).find((c) => field(c, 'type') === 'Ready');
  if (field(condition, 'status') !== 'True') return undefined;
  const at = Date.parse(String(field(condition, 'lastTransitionTime') ?? ''));
  return Number.isNaN(at) ? undefined : at;
}

/**
 * The pods of a component's workload in istio-system: a DaemonSet's own, a Deployment's through its
 * ReplicaSet `NAME-<pod-template-hash>` (ownerReferences, as the controllers set them).
 */
function workloadPods(workload: {kind: string; name: string}, model: StateModel): ModelObject[] {
  return model.objects.filter((o) => o.kind === 'Pod' && o.namespace === 'istio-system' && list(field(o.value, 'metadata', 'ownerReferences')).some((ref) => {
    const name = String(field(ref, 'name') ?? '');
    return workload.kind === 'DaemonSet'
      ? field(ref, 'kind') === 'DaemonSet' && name === workload.name
      : field(ref, 'kind') === 'ReplicaSet' && name.startsWith(`${workload.name}-`) && !name.slice(workload.name.length + 1).includes('-');
  }));
}

/** When the component's workload had every pod Ready, from the state the install moved to; undefined when its pods do not say. */
function readyAt(component: Component, after: StateModel): number | undefined {
  const workload = WORKLOAD[component];
  if (!workload) return undefined;
  const times = workloadPods(workload, after).map(podReadyAt);
  if (times.length === 0 || times.some((t) => t === undefined)) return undefined;
  return Math.max(...(times as number[]));
}

/**
 * The components in the order their `installed` lines print (install.go install: each waits for its
 * parent, then applies and waits for its workload), or a gap when racing components' order cannot be told.
 */
function finishingOrder(components: readonly Component[], after: StateModel): Component[] {
  const order: Component[] = [];
  const finished = (c: Component): boolean => PARENT[c] === undefined || !components.includes(PARENT[c]!) || order.includes(PARENT[c]!);
  for (;;) {
    const running = components.filter((c) => !order.includes(c) && finished(c));
    if (running.length === 0) return order;
    if (running.length > 1) {
      const timed = running.map((c) => ({c, at: readyAt(c, after)}));
      const names = running.map((c) => FACING[c].name).join(' and ');
      const untimed = timed.find((t) => t.at === undefined);
      if (untimed) throw new ModelGap(`${names} install at the same time, and the state the install moves to does not say when ${FACING[untimed.c].name}'s pods became Ready (their Ready condition's lastTransitionTime), which decides which finishes first`);
      timed.sort((a, b) => a.at! - b.at!);
      if (timed[1]!.at! - timed[0]!.at! < POLL_MS) throw new ModelGap(`${FACING[timed[0]!.c].name} and ${FACING[timed[1]!.c].name} install at the same time and their pods became Ready less than istioctl's 2 s readiness poll apart: either could print first`);
      order.push(timed[0]!.c);
    } else order.push(running[0]!);
  }
}

/** The tag of a running istiod's discovery image, as GetIstioVersions reports the control plane. */
function controlPlaneVersion(model: StateModel): string | undefined {
  const pod = model.objects.find((o) => o.kind === 'Pod' && o.namespace === 'istio-system' && field(o.value, 'metadata', 'labels', 'app') === 'istiod' && field(o.value, 'status', 'phase') === 'Running');
  const containers = field(pod?.value, 'spec', 'containers');
  const image = Array.isArray(containers) ? String(field(containers.find((c) => field(c, 'name') === 'discovery'), 'image') ?? '') : '';
  return image.includes(':') ? releaseTag(image.slice(image.lastIndexOf(':') + 1)) : undefined;
}

/** WaitForResources: the component's Deployment or DaemonSet ready, or, where the model holds no such object, every pod of it Ready. */
function ensureReady(component: Component, after: StateModel): void {
  const workload = WORKLOAD[component];
  if (!workload) return;
  const object = after.objects.find((o) => o.kind === workload.kind && o.namespace === 'istio-system' && o.name === workload.name);
  const ready = !object
    ? readyAt(component, after) !== undefined
    : workload.kind === 'Deployment'
      ? Number(field(object.value, 'status', 'readyReplicas') ?? 0) > 0
      : Number(field(object.value, 'status', 'numberReady') ?? 0) > 0;
  if (!ready) throw new ModelGap(`istioctl install waits for ${workload.kind} istio-system/${workload.name}, which the state it moves to does not hold ready`);
}

export function printIstioctlInstall(request: IstioctlInstallRequest, before: StateModel, after: StateModel): string {
  const components = PROFILES[request.profile];
  if (!components) throw new ModelGap(`profile "${request.profile}" is not one whose components this printer knows (${Object.keys(PROFILES).join(', ')})`);
  if (before.now === undefined) throw new ModelGap('the state has no clock (cluster.now) for the EOL check');
  for (const component of components) ensureReady(component, after);
  const order = finishingOrder(components, after);
  let text = `${ART}\n\n`;
  const now = new Date(before.now);
  if (now.getUTCFullYear() > EOL.year || (now.getUTCFullYear() === EOL.year && now.getUTCMonth() + 1 >= EOL.month)) {
    text += `WARNING: Istio ${CODE_BASE_VERSION} may be out of support (EOL) already: see https://istio.io/latest/docs/releases/supported-releases/ for supported releases\n`;
  }
  const running = controlPlaneVersion(before);
  if (running !== undefined && running !== ISTIOCTL_VERSION) {
    // detectIstioVersionDiff compares the tags as Go strings (`icpTag < tag`), so 1.30.10 counts as older than 1.30.3.
    const verb = running < ISTIOCTL_VERSION ? 'upgraded' : 'downgraded';
    text += `WARNING: Istio is being ${verb} from ${running} to ${ISTIOCTL_VERSION}.\n`
      + '         Running this command will overwrite it; use revisions to upgrade alongside the existing version.\n'
      + '         Before upgrading, you may wish to use \'istioctl x precheck\' to check for upgrade warnings.\n';
  }
  if (!request.skipConfirmation) text += `This will install the Istio ${ISTIOCTL_VERSION} profile "${request.profile}" into the cluster. Proceed? (y/N) y\n`;
  for (const component of order) text += `\u2714 ${FACING[component].name} installed ${FACING[component].icon}\n`;
  text += '\u2714 Installation complete\n';
  // install.go Install's post-install message.
  if (request.profile === 'ambient') text += 'The ambient profile has been installed successfully, enjoy Istio without sidecars!\n';
  return text;
}
