/**
 * `istioctl install [--set profile=NAME] [-y|--skip-confirmation]` as istioctl 1.30.3 prints it on
 * a terminal (operator/cmd/mesh/install.go InstallCmdWithArgs and Install, shared.go Confirm,
 * operator/pkg/install/install.go, operator/pkg/util/progress/progress.go):
 * - the Istio art (pkg/art/istio-ascii.txt, printed with "%v\n");
 * - the EOL warning once the clock passes operator/version's OperatorEOLYear/Month;
 * - detectIstioVersionDiff's warning when the cluster's istiod runs another version;
 * - Confirm's prompt and the reader's `y` (none with -y);
 * - one `✔ <component> installed <icon>` line per component as it finishes, then
 *   `✔ Installation complete`. Components wait for their parents (componentDependencies):
 *   Base, then Pilot and CNI, then the gateways after Pilot, Ztunnel after CNI. Where two
 *   components wait on the same parent, which finishes first depends on the cluster's timing,
 *   which the model does not hold: a gap.
 * The in-progress line ("- Processing resources for …") is rewritten in place and leaves nothing.
 * Printed from the state the command ran in (the version warning) and the state it moves to, which
 * must hold each component's Deployment or DaemonSet ready: recorded commands only, as a typed
 * install would change the cluster.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {field, ModelGap, type StateModel} from './model';

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

/** The components in the order their `installed` lines print, or a gap when two race. */
function finishingOrder(components: readonly Component[]): Component[] {
  const order: Component[] = [];
  let ready = components.filter((c) => PARENT[c] === undefined || !components.includes(PARENT[c]!));
  while (ready.length > 0) {
    if (ready.length > 1) throw new ModelGap(`${ready.map((c) => FACING[c].name).join(' and ')} install at the same time: which finishes first depends on the cluster's timing, which the model does not hold`);
    const done = ready[0]!;
    order.push(done);
    ready = components.filter((c) => PARENT[c] === done);
  }
  return order;
}

/** The tag of a running istiod's discovery image, as GetIstioVersions reports the control plane. */
function controlPlaneVersion(model: StateModel): string | undefined {
  const pod = model.objects.find((o) => o.kind === 'Pod' && o.namespace === 'istio-system' && field(o.value, 'metadata', 'labels', 'app') === 'istiod' && field(o.value, 'status', 'phase') === 'Running');
  const containers = field(pod?.value, 'spec', 'containers');
  const image = Array.isArray(containers) ? String(field(containers.find((c) => field(c, 'name') === 'discovery'), 'image') ?? '') : '';
  return image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : undefined;
}

/** Numeric comparison of two x.y.z versions (GetTagVersion's normalised form). */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function ensureReady(component: Component, after: StateModel): void {
  const workload = WORKLOAD[component];
  if (!workload) return;
  const object = after.objects.find((o) => o.kind === workload.kind && o.namespace === 'istio-system' && o.name === workload.name);
  const ready = workload.kind === 'Deployment'
    ? Number(field(object?.value, 'status', 'readyReplicas') ?? 0) > 0
    : Number(field(object?.value, 'status', 'numberReady') ?? 0) > 0;
  if (!ready) throw new ModelGap(`istioctl install waits for ${workload.kind} istio-system/${workload.name}, which the state it moves to does not hold ready`);
}

export function printIstioctlInstall(request: IstioctlInstallRequest, before: StateModel, after: StateModel): string {
  const components = PROFILES[request.profile];
  if (!components) throw new ModelGap(`profile "${request.profile}" is not one whose components this printer knows (${Object.keys(PROFILES).join(', ')})`);
  if (before.now === undefined) throw new ModelGap('the state has no clock (cluster.now) for the EOL check');
  const order = finishingOrder(components);
  for (const component of order) ensureReady(component, after);
  let text = `${ART}\n\n`;
  const now = new Date(before.now);
  if (now.getUTCFullYear() > EOL.year || (now.getUTCFullYear() === EOL.year && now.getUTCMonth() + 1 >= EOL.month)) {
    text += `WARNING: Istio ${CODE_BASE_VERSION} may be out of support (EOL) already: see https://istio.io/latest/docs/releases/supported-releases/ for supported releases\n`;
  }
  const running = controlPlaneVersion(before);
  if (running !== undefined && running !== ISTIOCTL_VERSION) {
    const verb = compareVersions(running, ISTIOCTL_VERSION) < 0 ? 'upgraded' : 'downgraded';
    text += `WARNING: Istio is being ${verb} from ${running} to ${ISTIOCTL_VERSION}.\n`
      + '         Running this command will overwrite it; use revisions to upgrade alongside the existing version.\n'
      + '         Before upgrading, you may wish to use \'istioctl x precheck\' to check for upgrade warnings.\n';
  }
  if (!request.skipConfirmation) text += `This will install the Istio ${ISTIOCTL_VERSION} profile "${request.profile}" into the cluster. Proceed? (y/N) y\n`;
  for (const component of order) text += `\u2714 ${FACING[component].name} installed ${FACING[component].icon}\n`;
  // (The ambient profile's closing line is never reached: its components race, a gap above.)
  return `${text}\u2714 Installation complete\n`;
}
