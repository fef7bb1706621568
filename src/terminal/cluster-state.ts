/**
 * A recorded session's cluster, state by state: the Kubernetes objects the real cluster held
 * (scenario.yaml's `cluster:` section names YAML files, relative to the session's directory),
 * and the outputs the project's engine computes from them. Today that is `istioctl analyze`
 * against the live cluster, through the same analyzers and log printer as `meshdive analyze`;
 * kubectl's and istioctl's other printers can read the same objects.
 * Node-side only (the build's session checker, compose-casts, tests): the page replays text.
 */
import {analyzeIstioctl, CONFIG_ANALYSIS_URL} from '../engine/analysis/istioctl';
import {isRecord} from '../engine/findings';
import {isClusterScoped} from '../engine/metadata';
import {pushTo} from '../engine/model/groups';
import {splitApiVersion} from '../engine/api-version';
import {parseYaml} from '../engine/yaml/index';
import {printMessages} from '../cli/analyze/print';
import {selectMessages} from '../cli/analyze/select';
import type {ClusterModel, Scenario} from './scenario';
import {field, heldKey, type StateModel} from './printers/model';
import {coversIstioctl, printIstioctl} from './printers/istioctl';
import {parseDescribePod, printDescribePods} from './printers/describe-pod';
import {ModelGap} from './printers/model';
import {analysisKey, namespaceNotFound, parseAnalyze, type AnalyzeRequest} from './printers/istioctl-analyze';
import {printAmbientIstioctl, printFromModel} from './printers/index';
import {parseLinkerd} from './printers/linkerd-command';
import {installOutput, installRequest} from './linkerd-install';
import {injectFileMoveError, injectMoveError, parseInjectFile, parseInjectPipeline, printInjectFile, printInjectPipeline} from './printers/linkerd-inject';
import {kindSpec} from '../engine/families/catalog';
import {applyFilePath, printWorkdir, workdirWords, type WorkdirFile} from './printers/workdir';
import {typedApply} from './typed-apply';
import {parseWaypoint} from './printers/istioctl-waypoint';
import {parseIstioctlInstall, printIstioctlInstall} from './printers/istioctl-install';
import {completeInjectedPod, InjectedPodError, isInjected} from './injected-pods';
import type {RecordedConnection} from './printers/ztunnel-connections';
import {capturedByZtunnel, ztunnelDump, type ZtunnelDump} from './printers/ztunnel-dump';
import {withZtunnelSerials, type ZtunnelFacts} from './printers/ztunnel-certificates';
import {connectionPathProblems} from './printers/ztunnel-connection-paths';
import {WORKLOAD_CERTIFICATE_SPAN_MS, withSerials, type ProxyCertificateFacts} from './printers/mesh-certificates';
import {proxies} from './printers/istioctl-proxies';
import {execCurlOutput, parseExecCurl} from './kubectl-exec-curl';

export interface ClusterFile {
  /** As the scenario names it: relative to the session's directory. */
  name: string;
  text: string;
}

/** A Kubernetes object of a state's cluster, and the file it is written in. */
export interface ClusterObject {
  file: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  value: Record<string, unknown>;
}

export class ClusterModelError extends Error {
  override name = 'ClusterModelError';
}

/** The files a state's cluster is made of, in order: the shared ones, then the state's. */
export function stateFiles(model: ClusterModel, state: string): string[] {
  return [...model.files, ...(model.states?.[state] ?? [])];
}

/**
 * The objects of a state's files. Each object is in one file only: a state that changes an
 * object lists its own file for it instead of the shared one, so no file silently overrides another.
 */
export function clusterObjects(files: readonly ClusterFile[]): ClusterObject[] {
  const objects: ClusterObject[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = parseYaml(file.text, {maxBytes: 4 * 1024 * 1024});
    const problems = [...parsed.problems, ...parsed.documents.flatMap((d) => d.problems)];
    if (problems.length > 0) throw new ClusterModelError(`${file.name}:${parsed.lines.position(problems[0]!.start).line}: ${problems[0]!.message}`);
    for (const document of parsed.documents) {
      const value = document.value;
      if (value === null || value === undefined) continue;
      const line = parsed.lines.position(document.start).line;
      if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isRecord(value.metadata) || typeof value.metadata.name !== 'string') {
        throw new ClusterModelError(`${file.name}:${line}: not a Kubernetes object (apiVersion, kind and metadata.name)`);
      }
      const {group} = splitApiVersion(value.apiVersion);
      const scoped = isClusterScoped(group, value.kind);
      const written = typeof value.metadata.namespace === 'string' ? value.metadata.namespace : '';
      if (!scoped && written === '') throw new ClusterModelError(`${file.name}:${line}: ${value.kind} ${value.metadata.name} has no namespace: a cluster's objects each have theirs`);
      const object: ClusterObject = {file: file.name, group, kind: value.kind, namespace: scoped ? '' : written, name: value.metadata.name, value};
      const key = `${group}/${object.kind}/${object.namespace}/${object.name}`;
      const before = seen.get(key);
      if (before !== undefined) throw new ClusterModelError(`${file.name}:${line}: ${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name} is already in ${before}`);
      seen.set(key, file.name);
      objects.push(object);
    }
  }
  return objects;
}

export type {AnalyzeRequest};

/**
 * `istioctl analyze` with the flags a session uses (`-A`/`--all-namespaces`, `-n`/`--namespace`),
 * or undefined for another command. Other flags or file arguments are refused: the engine's
 * answer to them would not be the live cluster's.
 */
export function analyzeRequest(run: string, contextNamespace: string): AnalyzeRequest | undefined {
  const request = parseAnalyze(run, contextNamespace);
  if (request && 'unsupported' in request) throw new ClusterModelError(`"${run}": only -A/--all-namespaces and -n/--namespace are computed from the cluster model, not "${request.unsupported}"`);
  return request;
}

/** k8sresourcelock.LeaderElectionRecordAnnotationKey: ConfigMaps that only hold a leader's lease. */
const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/**
 * Whether istioctl's live source sees an object (AddRunningKubeSourceWithRevision's filters):
 * ConfigMaps of the istio namespace named istio… and not a leader-election record; Secrets but
 * Helm releases and service account tokens. (Objects of the ignored namespaces, kube-system…,
 * the engine leaves out as istioctl's file source does.)
 */
function watchedLive(object: ClusterObject): boolean {
  if (object.group !== '') return true;
  const metadata = isRecord(object.value.metadata) ? object.value.metadata : {};
  if (object.kind === 'ConfigMap') {
    const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
    return object.namespace === 'istio-system' && object.name.startsWith('istio') && !(LEADER_ELECTION_ANNOTATION in annotations);
  }
  if (object.kind === 'Secret') return object.value.type !== 'helm.sh/release.v1' && object.value.type !== 'kubernetes.io/service-account-token';
  return true;
}

/** analyzeTargetAsString. */
const target = (namespace: string | undefined): string => (namespace === undefined ? 'all namespaces' : `namespace: ${namespace}`);

/**
 * What `istioctl analyze` prints on a terminal against a live cluster holding these files'
 * objects, stdout then stderr, as istioctl 1.30.3's analyze.go writes them:
 * - a selected namespace the cluster lacks: `namespace "NS" not found`, nothing analyzed;
 * - the messages as `meshdive analyze` prints them, without a reference (a live object has no
 *   file and line: `(Kind namespace/name)`), then Fprintln's newline, even after no message;
 * - then on stderr `✔ No validation issues found when analyzing …` when none is printed, or
 *   the closing lines when one is an Error (the default failure threshold).
 * The mesh config is the cluster's own (ConfigMap istio in istio-system, key mesh), as
 * AddRunningKubeSourceWithRevision reads it.
 */
export function istioctlAnalyzeOutput(files: readonly ClusterFile[], request: AnalyzeRequest): string {
  const objects = clusterObjects(files);
  return printAnalysis(objects, request, () => liveMessages(objects, request.namespace ?? ''));
}

type LiveMessages = ReturnType<typeof analyzeIstioctl>['messages'];

/** The engine's messages on the objects istioctl's live source watches (`defaultNamespace` only names objects without one, which a cluster has not). */
function liveMessages(objects: readonly ClusterObject[], defaultNamespace: string): LiveMessages {
  const mesh = meshConfigText(objects);
  // What the live source watches, written back as JSON documents (YAML too): the lines no longer matter, a live object has none.
  const watched = new Map<string, string[]>();
  for (const object of objects.filter(watchedLive)) pushTo(watched, object.file, JSON.stringify(object.value));
  const result = analyzeIstioctl({
    files: [...watched].map(([name, documents]) => ({name, text: documents.join('\n---\n')})),
    ...(mesh === undefined ? {} : {meshConfig: {name: 'configmap istio-system/istio', text: mesh}}),
    defaultNamespace,
    live: true,
  });
  if (result.errors.length > 0) throw new ClusterModelError(`the engine could not read the cluster model: ${result.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
  return result.messages;
}

/** analyze.go's output for one request, over the messages of the whole cluster (`analyzed`, run only when the namespace exists). */
function printAnalysis(objects: readonly ClusterObject[], request: AnalyzeRequest, analyzed: () => LiveMessages): string {
  if (request.namespace !== undefined && !objects.some((o) => o.group === '' && o.kind === 'Namespace' && o.name === request.namespace)) {
    return namespaceNotFound(request.namespace);
  }
  const messages = selectMessages(analyzed(), request.namespace, []);
  let text = printMessages(messages, 'log', false);
  if (messages.length === 0) text += `\u2714 No validation issues found when analyzing ${target(request.namespace)}.\n`;
  if (messages.some((m) => m.level === 'Error')) {
    text += `Error: Analyzers found issues when analyzing ${target(request.namespace)}.\nSee ${CONFIG_ANALYSIS_URL} for more information about causes and resolutions.\n`;
  }
  return text;
}

/** An output the engine computes for a scenario: command `command`'s in state `state`. */
export interface ComputedOutput {
  command: number;
  state: string;
  text: string;
}

/**
 * The outputs of a scenario that come from its cluster model: every `istioctl analyze` output
 * recorded for a state, and those of the istioctl commands a printer answers from the state's
 * model (proxy-status, version, proxy-config cluster|endpoint). `read` reads a file the model names.
 */
export function computedOutputs(scenario: Scenario, read: (file: string) => string): ComputedOutput[] {
  const computed: ComputedOutput[] = [];
  const model = scenario.cluster;
  const cache = new Map<string, string>();
  const readOnce = (name: string): string => {
    let text = cache.get(name);
    if (text === undefined) {
      try {
        text = read(name);
      } catch (error) {
        throw new ClusterModelError(`cluster file ${name} cannot be read: ${(error as Error).message}`);
      }
      cache.set(name, text);
    }
    return text;
  };
  // The istioctl commands a printer covers (printers/istioctl.ts), from each state's model; a state
  // whose model cannot answer (a gap) keeps its hand-written output.
  let models: Record<string, StateModel> | undefined;
  scenario.commands.forEach((command, i) => {
    // istioctl analyze is computed by the engine below, not read from the models' analyses.
    if (!model || !coversIstioctl(command.run, scenario) || parseAnalyze(command.run, scenario.namespace) !== undefined) return;
    models ??= stateModels(scenario, readOnce);
    for (const state of Object.keys(command.outputs)) {
      const printed = models[state] && printIstioctl(command.run, scenario, models[state]);
      if (printed?.kind === 'printed') computed.push({command: i, state, text: printed.text});
    }
  });
  // kubectl describe pod (printers/describe-pod.ts), likewise; a gap keeps the hand-written output.
  scenario.commands.forEach((command, i) => {
    const request = model ? parseDescribePod(command.run, scenario.namespace, scenario.placeholders) : undefined;
    if (!request) return;
    models ??= stateModels(scenario, readOnce);
    for (const state of Object.keys(command.outputs)) {
      if (!models[state]) continue;
      try {
        computed.push({command: i, state, text: printDescribePods(request, models[state])});
      } catch (error) {
        if (!(error instanceof ModelGap)) throw error;
      }
    }
  });
  scenario.commands.forEach((command, i) => {
    // `linkerd check`, `linkerd viz stat|authz`: printed from the state's model (printers/linkerd.ts).
    if (model && parseLinkerd(command.run, scenario.namespace, scenario.placeholders)) {
      models ??= stateModels(scenario, readOnce);
      for (const state of Object.keys(command.outputs)) {
        const printed = printFromModel(command.run, scenario, models[state]!);
        if (printed?.kind === 'gap') throw new ClusterModelError(`"${command.run}" in state "${state}": ${printed.reason}`);
        if (printed) computed.push({command: i, state, text: printed.text});
      }
      return;
    }
    // `kubectl apply -f FILE` of the session's files: kubectl's lines from the state it ran in, and the
    // recorded move must be to the state those leave the cluster in (typed-apply.ts), or none when they change nothing.
    const applyArgs = model?.workdir ? workdirWords(command.run, scenario.placeholders) : undefined;
    const applyPath = applyArgs && applyFilePath(applyArgs);
    if (applyPath !== undefined && applyPath !== '-') {
      models ??= stateModels(scenario, readOnce);
      for (const state of Object.keys(command.outputs)) {
        const applied = typedApply(command.run, scenario, models, state);
        if (!applied) throw new ClusterModelError(`"${command.run}": ${applyPath} is not a file of cluster.workdir`);
        if ('gap' in applied) throw new ClusterModelError(`"${command.run}" in state "${state}": ${applied.gap}`);
        const recorded = command.moves?.[state];
        if (applied.movedTo !== recorded) throw new ClusterModelError(`"${command.run}" from state "${state}": the recording moves to ${recorded ?? 'no other state'}, the apply leaves the cluster in ${applied.movedTo ?? 'the same state'}`);
        computed.push({command: i, state, text: applied.text});
      }
      return;
    }
    const istioInstall = model ? parseIstioctlInstall(command.run, scenario.placeholders) : undefined;
    if (istioInstall && !('unsupported' in istioInstall)) {
      // istioctl install (printers/istioctl-install.ts): from the state it ran in and the one it moves to.
      models ??= stateModels(scenario, readOnce);
      for (const state of Object.keys(command.outputs)) {
        try {
          computed.push({command: i, state, text: printIstioctlInstall(istioInstall, models[state]!, models[command.moves?.[state] ?? state]!)});
        } catch (error) {
          // A gap keeps a hand-written output (marked with why); an unmarked output must be printed.
          if (!(error instanceof ModelGap)) throw error;
          if (command.handWritten === undefined) throw new ClusterModelError(`"${command.run}" in state "${state}": ${error.message}`);
        }
      }
      return;
    }
    // `cat`, `ls` over the session's files (printers/workdir.ts).
    // (kubectl apply -f FILE changes the cluster: a recorded one keeps its own output.)
    const workdir = model?.workdir && !command.run.startsWith('kubectl ') ? printWorkdir(command.run, scenario.placeholders, {objects: [], workdir: workdirFiles(model.workdir)}) : undefined;
    if (workdir) {
      let text: string;
      try {
        text = workdir();
      } catch (error) {
        if (error instanceof ModelGap) throw new ClusterModelError(`"${command.run}": ${error.message}`);
        throw error;
      }
      for (const state of Object.keys(command.outputs)) computed.push({command: i, state, text});
      return;
    }
    // `linkerd inject FILE [| kubectl apply -f -]`, printed from the state it ran in and the session's files.
    const injectFile = model?.workdir ? parseInjectFile(command.run, scenario.placeholders) : undefined;
    if (injectFile) {
      models ??= stateModels(scenario, readOnce);
      for (const state of Object.keys(command.outputs)) {
        const after = command.moves?.[state];
        const moved = after === undefined ? undefined : injectFileMoveError(injectFile, models[state]!, models[after]!, scenario.namespace);
        if (moved) throw new ClusterModelError(`"${command.run}" from state "${state}": ${moved}`);
        try {
          computed.push({command: i, state, text: printInjectFile(injectFile, models[state]!, scenario.namespace)});
        } catch (error) {
          if (error instanceof ModelGap) throw new ClusterModelError(`"${command.run}" in state "${state}": ${error.message}`);
          throw error;
        }
      }
      return;
    }
    // `kubectl get … -o yaml | linkerd inject - | kubectl apply -f -`, printed from the state it ran in (printers/linkerd-inject.ts).
    const inject = model ? parseInjectPipeline(command.run, scenario.namespace, scenario.placeholders) : undefined;
    if (inject) {
      models ??= stateModels(scenario, readOnce);
      for (const state of Object.keys(command.outputs)) {
        const after = command.moves?.[state];
        const moved = after === undefined ? undefined : injectMoveError(inject, models[state]!, models[after]!);
        if (moved) throw new ClusterModelError(`"${command.run}" from state "${state}": ${moved}`);
        try {
          computed.push({command: i, state, text: printInjectPipeline(inject, models[state]!)});
        } catch (error) {
          if (error instanceof ModelGap) throw new ClusterModelError(`"${command.run}" in state "${state}": ${error.message}`);
          throw error;
        }
      }
      return;
    }
    const install = installRequest(command.run);
    if (model && install) {
      for (const state of Object.keys(command.outputs)) {
        const files = (id: string) => stateFiles(model, id).map((name) => ({name, text: readOnce(name)}));
        computed.push({command: i, state, text: installOutput(install, files(state), files(command.moves?.[state] ?? state))});
      }
      return;
    }
    // `kubectl exec … -- curl …`: the simulator's answer for the pod in the state (./kubectl-exec-curl.ts).
    const execCurl = model ? parseExecCurl(command.run, scenario.namespace) : undefined;
    if (execCurl) {
      models ??= stateModels(scenario, readOnce);
      for (const state of Object.keys(command.outputs)) {
        try {
          computed.push({command: i, state, text: execCurlOutput(execCurl, models[state]!)});
        } catch (error) {
          // A gap keeps a hand-written output (marked with why); an unmarked output must be derived.
          if (!(error instanceof ModelGap)) throw error;
          if (command.handWritten === undefined) throw new ClusterModelError(`"${command.run}" in state "${state}": ${error.message}`);
        }
      }
      return;
    }
    const request = analyzeRequest(command.run, scenario.namespace);
    if (!request) return;
    for (const state of Object.keys(command.outputs)) {
      if (!model) throw new ClusterModelError(`"${command.run}" is computed from the session's cluster model: scenario.yaml needs a cluster: section`);
      const files = stateFiles(model, state).map((name) => ({name, text: readOnce(name)}));
      computed.push({command: i, state, text: istioctlAnalyzeOutput(files, request)});
    }
  });
  computed.push(...ambientOutputs(scenario, readOnce));
  return computed;
}

/**
 * The recorded `istioctl ztunnel-config …` and `istioctl waypoint list|status|apply` outputs, printed
 * from each state's model (src/terminal/printers/istioctl-ztunnel.ts, istioctl-waypoint.ts). An
 * apply is printed from the state it ran in; with --wait the state it moves to must hold the
 * waypoint programmed, and with --enroll-namespace the namespace labelled with it.
 */
function ambientOutputs(scenario: Scenario, read: (file: string) => string): ComputedOutput[] {
  let models: Record<string, StateModel> | undefined;
  const computed: ComputedOutput[] = [];
  scenario.commands.forEach((command, i) => {
    for (const state of Object.keys(command.outputs)) {
      if (!scenario.cluster) {
        if (printAmbientIstioctl(command.run, scenario, {objects: []}, 'all') === undefined) return;
        throw new ClusterModelError(`"${command.run}" is computed from the session's cluster model: scenario.yaml needs a cluster: section`);
      }
      models ??= stateModels(scenario, read);
      const printed = printAmbientIstioctl(command.run, scenario, models[state]!, 'all');
      if (printed === undefined) return;
      if (printed.kind === 'gap') throw new ClusterModelError(`"${command.run}" in state "${state}": ${printed.reason}`);
      computed.push({command: i, state, text: printed.text});
      const apply = parseWaypoint(command.run, scenario.namespace, scenario.placeholders);
      const after = command.moves?.[state];
      if (apply?.verb === 'apply' && !printed.text.includes('Warning: namespace (')) {
        const model = models[after ?? state]!;
        const gateway = model.objects.find((o) => o.kind === 'Gateway' && o.namespace === apply.namespace && o.name === apply.name);
        const conditions = Array.isArray((gateway?.value.status as {conditions?: unknown} | undefined)?.conditions) ? (gateway!.value.status as {conditions: Array<{type?: unknown; status?: unknown}>}).conditions : [];
        if (!gateway) throw new ClusterModelError(`"${command.run}" from state "${state}" applies waypoint ${apply.namespace}/${apply.name}, which state "${after ?? state}" does not hold`);
        if (apply.wait && !conditions.some((c) => c.type === 'Programmed' && c.status === 'True')) {
          throw new ClusterModelError(`"${command.run}" waits for waypoint ${apply.namespace}/${apply.name}, which state "${after ?? state}" does not hold programmed`);
        }
        const namespace = model.objects.find((o) => o.kind === 'Namespace' && o.name === apply.namespace);
        const labels = (namespace?.value.metadata as {labels?: Record<string, unknown>} | undefined)?.labels ?? {};
        if (apply.enroll && labels['istio.io/use-waypoint'] !== apply.name) {
          throw new ClusterModelError(`"${command.run}" enrolls namespace ${apply.namespace}, which state "${after ?? state}" does not hold labelled istio.io/use-waypoint=${apply.name}`);
        }
      }
    }
  });
  return computed;
}

/**
 * An object as the printers read it: an injected pod completed by the injector's model
 * (./injected-pods.ts), so that what the webhook wrote is printed without being written twice.
 */
function printedObject({file, group, kind, namespace, name, value}: ClusterObject): StateModel['objects'][number] {
  if (group !== '' || kind !== 'Pod' || !isInjected(value)) return {group, kind, namespace, name, value};
  try {
    return {group, kind, namespace, name, value: completeInjectedPod(value, `${file}: Pod ${namespace}/${name}`)};
  } catch (error) {
    if (error instanceof InjectedPodError) throw new ClusterModelError(error.message);
    throw error;
  }
}

/** The `mesh` key of ConfigMap istio-system/istio, the mesh config istiod and istioctl's live source read. */
function meshConfigText(objects: readonly ClusterObject[]): string | undefined {
  const configMap = objects.find((o) => o.group === '' && o.kind === 'ConfigMap' && o.namespace === 'istio-system' && o.name === 'istio');
  const mesh = isRecord(configMap?.value.data) ? configMap.value.data.mesh : undefined;
  return typeof mesh === 'string' ? mesh : undefined;
}

/** The mesh config as YAML reads it, for the proxy-config printers. */
function meshConfigOf(objects: readonly ClusterObject[]): unknown {
  const mesh = meshConfigText(objects);
  return mesh === undefined ? undefined : parseYaml(mesh).documents[0]?.value ?? {};
}

/**
 * Each state's cluster as the printers read it (src/terminal/printers): its objects, the kinds the
 * session keeps track of in each namespace, and its clock from `cluster.now` when the scenario gives one. A clock for a state the scenario lacks
 * is refused. `read` reads a file the model names.
 */
export function stateModels(scenario: Scenario, read: (file: string) => string): Record<string, StateModel> {
  const model = scenario.cluster;
  if (!model) return {};
  const states = new Set(scenario.states.map((state) => state.id));
  for (const state of Object.keys(model.now ?? {})) if (!states.has(state)) throw new ClusterModelError(`cluster.now names an unknown state "${state}"`);
  for (const state of Object.keys(model.linkerd?.traffic ?? {})) if (!states.has(state)) throw new ClusterModelError(`cluster.linkerd.traffic names an unknown state "${state}"`);
  for (const state of Object.keys(model.linkerd?.stateTraffic ?? {})) if (!states.has(state)) throw new ClusterModelError(`cluster.linkerd.stateTraffic names an unknown state "${state}"`);
  for (const state of Object.keys(model.ztunnel?.connections ?? {})) if (!states.has(state)) throw new ClusterModelError(`cluster.ztunnel.connections names an unknown state "${state}"`);
  for (const [state, entries] of Object.entries(model.linkerd?.traffic ?? {})) {
    // An entry counts for a Deployment or for one pod: one that names neither would be summed into its namespace unseen.
    const unnamed = entries.find((entry) => entry.deployment === undefined && entry.pod === undefined);
    if (unnamed) throw new ClusterModelError(`cluster.linkerd.traffic.${state} has an entry in namespace ${unnamed.namespace} that names neither a deployment nor a pod`);
  }
  const cache = new Map<string, string>();
  const readOnce = (name: string): string => {
    if (!cache.has(name)) cache.set(name, read(name));
    return cache.get(name)!;
  };
  const perState = scenario.states.map((state) => ({state, objects: clusterObjects(stateFiles(model, state.id).map((name) => ({name, text: readOnce(name)})))}));
  const workdir = model.workdir === undefined ? {} : {workdir: workdirFiles(model.workdir)};
  // The kinds the session keeps track of, namespace by namespace, in any of its states.
  const held = [...new Set([
    ...perState.flatMap(({objects}) => objects.map((o) => heldKey(o.group, o.kind, o.namespace))),
    ...(model.empty ?? []).map((entry) => heldKey(entry.group ?? '', entry.kind, entry.namespace ?? '')),
  ])].sort();
  // Serials the recording did not keep, derived once for every state (./printers/mesh-certificates.ts).
  const proxyCertificates = model.certificates === undefined ? undefined : withSerials(model.certificates);
  const ztunnelFacts = model.ztunnel === undefined ? undefined : withZtunnelSerials(model.ztunnel);
  const models = Object.fromEntries(perState.map(({state, objects}) => {
    const now = model.now?.[state.id];
    const linkerd = model.linkerd === undefined ? {} : {linkerd: {facts: model.linkerd, traffic: model.linkerd.traffic?.[state.id], stateTraffic: model.linkerd.stateTraffic?.[state.id]}};
    const meshConfig = meshConfigOf(objects);
    // Each state ships its own connections only.
    const {connections: _all, ...ztunnelCertificates} = ztunnelFacts ?? {};
    const ztunnel = ztunnelFacts === undefined ? {} : {ztunnel: ztunnelCertificates as ZtunnelFacts};
    const connections = model.ztunnel?.connections?.[state.id];
    if (connections) checkConnections(connections, objects, state.id);
    const certificates = proxyCertificates === undefined ? {} : {certificates: proxyCertificates};
    const stateModel: StateModel = {objects: objects.map(printedObject), held, ...workdir, ...(now === undefined ? {} : {now: Date.parse(now)}), ...linkerd, ...certificates, ...ztunnel, ...(connections ? {ztunnelConnections: connections} : {}), ...(meshConfig === undefined ? {} : {meshConfig})};
    if (connections) checkConnectionPaths(connections, stateModel, state.id);
    return [state.id, stateModel];
  }));
  if (proxyCertificates) checkProxyCertificates(proxyCertificates, ztunnelFacts, Object.values(models));
  return models;
}

/**
 * scenario.yaml's `cluster.workdir` parsed: each document a Kubernetes object of a kind the catalog holds
 * (kubectl apply maps it to a resource; linkerd inject reads only some into Go types, printers/linkerd-go-types.ts).
 */
function workdirFiles(workdir: Readonly<Record<string, string>>): WorkdirFile[] {
  return Object.entries(workdir).map(([name, text]) => {
    const parsed = parseYaml(text, {maxBytes: 65536});
    const problems = [...parsed.problems, ...parsed.documents.flatMap((d) => d.problems)];
    if (problems.length > 0) throw new ClusterModelError(`cluster.workdir ${name}:${parsed.lines.position(problems[0]!.start).line}: ${problems[0]!.message}`);
    const documents = parsed.documents.map((document) => {
      const value = document.value;
      const where = `cluster.workdir ${name}:${parsed.lines.position(document.start).line}`;
      if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isRecord(value.metadata) || typeof value.metadata.name !== 'string') {
        throw new ClusterModelError(`${where}: not a Kubernetes object (apiVersion, kind and metadata.name)`);
      }
      if (!kindSpec(splitApiVersion(value.apiVersion).group, value.kind)) throw new ClusterModelError(`${where}: a ${value.kind} of ${value.apiVersion}, a kind the model's catalog does not hold`);
      return value;
    });
    if (documents.length === 0) throw new ClusterModelError(`cluster.workdir ${name} holds no document`);
    return {name, text, documents};
  });
}

/**
 * `cluster.certificates` as istiod's CA could have issued them: one root for the mesh (ztunnel's
 * too), one workload certificate per pod that runs an istio-proxy in some state, each valid for
 * DEFAULT_WORKLOAD_CERT_TTL from two minutes before it was issued (generate_cert.go
 * genCertTemplateFromOptions), and issued no earlier than the pod was created.
 */
function checkProxyCertificates(facts: ProxyCertificateFacts, ztunnel: ZtunnelFacts | undefined, states: readonly StateModel[]): void {
  const ztunnelRoot = ztunnel?.root;
  if (ztunnelRoot && (ztunnelRoot.serial !== facts.root.serial || ztunnelRoot.notBefore !== facts.root.notBefore || ztunnelRoot.notAfter !== facts.root.notAfter)) {
    throw new ClusterModelError('cluster.certificates.root and cluster.ztunnel.root differ: one CA signs every workload certificate of the mesh');
  }
  const proxyPods = states.flatMap((state) => proxies(state)).map((p) => p.pod);
  const seen = new Set<string>();
  for (const proxy of facts.proxies) {
    const where = `cluster.certificates.proxies: pod ${proxy.namespace}/${proxy.pod}`;
    if (seen.has(`${proxy.namespace}/${proxy.pod}`)) throw new ClusterModelError(`${where} is listed twice`);
    seen.add(`${proxy.namespace}/${proxy.pod}`);
    const pods = proxyPods.filter((pod) => pod.namespace === proxy.namespace && pod.name === proxy.pod);
    if (pods.length === 0) throw new ClusterModelError(`${where} is no running pod with an istio-proxy in any state`);
    if (Date.parse(proxy.notAfter) - Date.parse(proxy.notBefore) !== WORKLOAD_CERTIFICATE_SPAN_MS) throw new ClusterModelError(`${where}: a workload certificate is valid 24h from two minutes before it was issued (notBefore ${proxy.notBefore}, notAfter ${proxy.notAfter})`);
    const created = pods.map((pod) => Date.parse(String(field(pod.value, 'metadata', 'creationTimestamp')))).find((time) => !Number.isNaN(time));
    if (created !== undefined && Date.parse(proxy.notBefore) + 2 * 60_000 < created) throw new ClusterModelError(`${where}: its certificate was issued before the pod was created`);
  }
}

/**
 * A state's recorded ztunnel connections name pods that state runs and ztunnel captured (the CNI
 * agent's `ambient.istio.io/redirection: enabled`): ztunnel keeps no state for any other.
 */
function checkConnections(connections: readonly RecordedConnection[], objects: readonly {group: string; kind: string; namespace: string; name: string; value: unknown}[], state: string): void {
  for (const connection of connections) {
    const pod = objects.find((o) => o.group === '' && o.kind === 'Pod' && o.namespace === connection.namespace && o.name === connection.pod);
    const where = `cluster.ztunnel.connections.${state}: pod ${connection.namespace}/${connection.pod}`;
    if (!pod) throw new ClusterModelError(`${where} is not in the state`);
    if (!capturedByZtunnel(pod.value)) throw new ClusterModelError(`${where} is not captured by ztunnel (ambient.istio.io/redirection is not enabled)`);
  }
}

/** The connections ztunnel could hold in the state's cluster (printers/ztunnel-connection-paths.ts). */
function checkConnectionPaths(connections: readonly RecordedConnection[], model: StateModel, state: string): void {
  let dump: ZtunnelDump;
  try {
    dump = ztunnelDump(model);
  } catch (error) {
    if (error instanceof ModelGap) throw new ClusterModelError(`cluster.ztunnel.connections.${state}: ${error.message}`);
    throw error;
  }
  const problems = connectionPathProblems(connections, dump);
  if (problems.length > 0) throw new ClusterModelError(`cluster.ztunnel.connections.${state}: ${problems.join('; ')}`);
}

/**
 * Each state's model with `analyses`: `istioctl analyze`'s output for all namespaces and for each
 * namespace the state holds objects in (beside the Namespace itself), so that the page's terminal
 * answers a typed `istioctl analyze -n NS` without loading the engine. `read` reads a file the model names.
 */
export function withAnalyses(scenario: Scenario, models: Record<string, StateModel>, read: (file: string) => string): Record<string, StateModel> {
  const cluster = scenario.cluster;
  if (!cluster) return models;
  return Object.fromEntries(Object.entries(models).map(([state, model]) => {
    const objects = clusterObjects(stateFiles(cluster, state).map((name) => ({name, text: read(name)})));
    const namespaces = [...new Set(model.objects.filter((o) => o.namespace !== '').map((o) => o.namespace))].sort();
    const requests: AnalyzeRequest[] = [{namespace: undefined}, ...namespaces.map((namespace) => ({namespace}))];
    // One analysis of the state's cluster, each request's messages selected from it.
    let messages: LiveMessages | undefined;
    const analyzed = (): LiveMessages => (messages ??= liveMessages(objects, ''));
    return [state, {...model, analyses: Object.fromEntries(requests.map((request) => [analysisKey(request), printAnalysis(objects, request, analyzed)]))}];
  }));
}
