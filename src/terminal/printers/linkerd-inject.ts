/**
 * `kubectl get TYPE [NAME…] [-n NS] -o yaml | linkerd inject [--manual] [-o yaml|json] [override flags] - [| kubectl apply -f -]`
 * answered from the state the pipeline runs in. linkerd inject (linkerd2 version-2.20
 * cli/cmd/inject.go, inject_util.go, pkg/inject/report.go) reads what kubectl prints (a List, or one
 * object for one name) and writes the YAML it hands on (processYAML: processList re-marshals the List
 * with `metadata: {}`, each document followed by `---`; `-o json`: yaml.YAMLToJSON's compact JSON and a
 * newline), then its report on stderr (generateReport):
 * a blank line, a ‼ line per warning (hostNetwork, a sidecar already there, `linkerd.io/inject:
 * disabled`, no supported object, UDP ports), a blank line when a warning printed, then
 * `KIND "NAME" injected|skipped|annotated` per object and a closing blank line. Without --manual an
 * injectable object's pod template gets `linkerd.io/inject: enabled`, plus one `config.linkerd.io/…`
 * annotation per override flag whose value differs from the installed values (getOverrideAnnotations:
 * --proxy-cpu-request, --proxy-cpu-limit, --proxy-memory-request, --proxy-memory-limit, the deprecated
 * --proxy-cpu and --proxy-memory, --proxy-log-level, --default-inbound-policy). An object it cannot
 * inject because of a sidecar or hostNetwork fails the whole run (transform's ThrowInjectError:
 * `Error transforming resources:` with no YAML, so kubectl apply has nothing to apply).
 *
 * kubectl apply (v1.33 pkg/cmd/apply/apply.go) then writes, per object, the warning for one it did
 * not create (no last-applied-configuration annotation: it adds one, so `configured`), or
 * `configured` when the object it got differs from the live one or from its last-applied
 * configuration (which it rewrites with the whole object it got: GetModifiedConfiguration), and
 * `unchanged` when its three-way patch is empty.
 *
 * A pipeline into kubectl apply changes the cluster, so only a recorded command's move answers it
 * (computed by ../cluster-state.ts computedOutputs); typed, it is answered only when it changes
 * nothing (no apply, or a run linkerd inject refuses): `typedInjectPipeline`.
 */
import {splitWords} from '../shell-words';
import {resolvePlaceholders} from '../normalize';
import {FAMILY_KINDS} from '../../engine/families/catalog';
import {workdirFiles, workdirPath} from './workdir';
import {cobraFailure} from './cobra';
import {INJECT} from './linkerd-cli-commands';
import {appliedObjects, LAST_APPLIED, objectName, printedName, sameJson, WARNING_NO_LAST_APPLIED} from './kubectl-apply';
import {field, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {parseGet, type GetRequest} from './get';
import {goYaml, withoutManagedFields} from './output';
import {goJson} from './jsonpath';
import {installValue, linkerdConfigValues} from './linkerd-values';
import {injectProxy} from './linkerd-proxy-spec';
import {linkerdState} from './linkerd-model';
import {GO_TYPED_KINDS, throughGoType} from './linkerd-go-types';
import {parseQuantity} from '../../engine/go/resource-quantity';

export interface InjectPipeline {
  get: GetRequest;
  /** --manual: the proxy is written into the pod template instead of the annotation. */
  manual: boolean;
  /** The override flags given, as the annotation each sets and its value (before comparing with the installed values). */
  overrides: Readonly<Record<string, string>>;
  /** Piped into `kubectl apply -f -`; otherwise the injected YAML is printed. */
  apply: boolean;
  /** -o/--output: processYAML's format, yaml (each document then `---`) or json (yaml.YAMLToJSON's compact JSON, then a newline). */
  output: 'yaml' | 'json';
}

/** options.go's proxy flags that getOverrideAnnotations turns into pod annotations, and the values.yaml key each overrides. */
const OVERRIDE_FLAGS: Record<string, {annotation: string; values: string[]}> = {
  'proxy-cpu-request': {annotation: 'config.linkerd.io/proxy-cpu-request', values: ['proxy', 'resources', 'cpu', 'request']},
  'proxy-cpu': {annotation: 'config.linkerd.io/proxy-cpu-request', values: ['proxy', 'resources', 'cpu', 'request']},
  'proxy-cpu-limit': {annotation: 'config.linkerd.io/proxy-cpu-limit', values: ['proxy', 'resources', 'cpu', 'limit']},
  'proxy-memory-request': {annotation: 'config.linkerd.io/proxy-memory-request', values: ['proxy', 'resources', 'memory', 'request']},
  'proxy-memory': {annotation: 'config.linkerd.io/proxy-memory-request', values: ['proxy', 'resources', 'memory', 'request']},
  'proxy-memory-limit': {annotation: 'config.linkerd.io/proxy-memory-limit', values: ['proxy', 'resources', 'memory', 'limit']},
  'proxy-log-level': {annotation: 'config.linkerd.io/proxy-log-level', values: ['proxy', 'logLevel']},
  'default-inbound-policy': {annotation: 'config.linkerd.io/default-inbound-policy', values: ['proxy', 'defaultInboundPolicy']},
};

const POLICIES = new Set(['all-unauthenticated', 'all-authenticated', 'cluster-unauthenticated', 'cluster-authenticated', 'deny', 'audit']);

/** `-o FORMAT`, `-oFORMAT`, `-o=FORMAT`, `--output FORMAT`, `--output=FORMAT` as pflag reads them: the value and the words used, or undefined. */
function outputFlag(words: readonly string[], i: number): {value: string | undefined; used: number} | undefined {
  const word = words[i]!;
  if (word === '-o' || word === '--output') return {value: words[i + 1], used: 2};
  if (word.startsWith('--output=')) return {value: word.slice('--output='.length), used: 1};
  if (word.startsWith('-o') && !word.startsWith('--')) return {value: word.slice(2).replace(/^=/, ''), used: 1};
  return undefined;
}

/**
 * The inject command's flags: --manual, -o yaml|json, one input (`-` or a path), the override flags (`--flag value` or
 * `--flag=value`); undefined for anything else (another format is processYAML's "unsupported format", not modelled).
 */
function injectFlags(words: readonly string[]): {manual: boolean; overrides: Record<string, string>; output: 'yaml' | 'json'; inputs: string[]} | undefined {
  let manual = false;
  const inputs: string[] = [];
  let output: 'yaml' | 'json' = 'yaml';
  const overrides: Record<string, string> = {};
  const given = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    // `-` (stdin) or a path: read(args[0]).
    if (word === '-' || !word.startsWith('-')) {
      inputs.push(word);
      continue;
    }
    const format = outputFlag(words, i);
    if (format) {
      if (format.value !== 'yaml' && format.value !== 'json') return undefined;
      output = format.value;
      i += format.used - 1;
      continue;
    }
    if (word === '--manual' || word === '--manual=true') {
      manual = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    const flag = match && OVERRIDE_FLAGS[match[1]!];
    if (!flag) return undefined;
    const value = match[2] ?? words[++i];
    if (value === undefined) return undefined;
    // ParseQuantity (then ToWholeCPUCores) for the CPU flags; the policy is one the proxy accepts.
    if (match[1]!.startsWith('proxy-cpu') && 'error' in parseQuantity(value)) return undefined;
    if (match[1] === 'default-inbound-policy' && !POLICIES.has(value)) return undefined;
    // The same setting given twice with different values (a flag repeated, or with its deprecated alias): pflag's
    // last-wins and ApplySetFlags' order are not modelled, so the line is refused.
    if (given.has(flag.annotation) && overrides[flag.annotation] !== value) return undefined;
    given.add(flag.annotation);
    overrides[flag.annotation] = value;
  }
  // Further arguments are ignored by RunE (it reads args[0]); not modelled.
  return inputs.length === 1 ? {manual, overrides, output, inputs} : undefined;
}

/** getOverrideAnnotations: the overrides whose value differs from the installed values (linkerd-config's). */
function overrideAnnotations(pipeline: Pick<InjectPipeline, 'overrides'>, model: StateModel): Record<string, string> {
  const entries = Object.entries(pipeline.overrides);
  if (entries.length === 0) return {};
  const values = linkerdConfigValues(model, 'linkerd inject (to compare its override flags with)');
  const result: Record<string, string> = {};
  for (const [annotation, value] of entries) {
    const flag = Object.values(OVERRIDE_FLAGS).find((f) => f.annotation === annotation)!;
    const installed = installValue(values, flag.values.join('.'));
    if (value !== installed) result[annotation] = value;
  }
  return result;
}

const APPLY_STDIN = new Set(['kubectl apply -f -', 'kubectl apply --filename=-', 'kubectl apply --filename -']);
const INJECT_ANNOTATION = 'linkerd.io/inject';

/** The pipeline's commands, each as its words; undefined for any other line. */
export function parseInjectPipeline(line: string, defaultNamespace: string, placeholders: Readonly<Record<string, string>> = {}): InjectPipeline | undefined {
  const words = splitWords(line);
  if (words.some((word) => word.kind === 'substitution')) return undefined;
  const segments: string[][] = [[]];
  for (const word of words) {
    if (word.kind === 'pipe') segments.push([]);
    else if (word.kind === 'word') segments.at(-1)!.push(word.text);
  }
  if (segments.length !== 2 && segments.length !== 3) return undefined;
  const [get, inject, apply] = segments as [string[], string[], string[] | undefined];
  if (apply && !APPLY_STDIN.has(apply.join(' '))) return undefined;
  if (inject[0] !== 'linkerd' || inject[1] !== 'inject') return undefined;
  const flags = injectFlags(inject.slice(2));
  if (!flags || flags.inputs[0] !== '-') return undefined;
  // Quoting is lost by splitting: rejoin with the words quoted as the shell would need them.
  const request = parseGet(get.map((word) => (/^[\w./:=@,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' '), defaultNamespace, placeholders);
  if (!request || request.output.kind !== 'yaml') return undefined;
  return {get: request, manual: flags.manual, overrides: flags.overrides, output: flags.output, apply: apply !== undefined};
}

/** `linkerd inject [flags] PATH [| kubectl apply -f -]`: PATH a file of the working directory, or the directory (./workdir.ts). */
export interface InjectFile extends Omit<InjectPipeline, 'get'> {
  path: string;
}

/** The command's words, or undefined for any other line. */
export function parseInjectFile(line: string, placeholders: Readonly<Record<string, string>> = {}): InjectFile | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders));
  if (words.some((word) => word.kind === 'substitution')) return undefined;
  const segments: string[][] = [[]];
  for (const word of words) {
    if (word.kind === 'pipe') segments.push([]);
    else if (word.kind === 'word') segments.at(-1)!.push(word.text);
    else return undefined;
  }
  if (segments.length > 2) return undefined;
  const [inject, apply] = segments as [string[], string[] | undefined];
  if (apply && !APPLY_STDIN.has(apply.join(' '))) return undefined;
  if (inject[0] !== 'linkerd' || inject[1] !== 'inject') return undefined;
  const flags = injectFlags(inject.slice(2));
  // A URL is fetched over HTTPS (toURL): not modelled.
  if (!flags || flags.inputs[0] === '-' || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(flags.inputs[0]!)) return undefined;
  return {path: flags.inputs[0]!, manual: flags.manual, overrides: flags.overrides, output: flags.output, apply: apply !== undefined};
}

/** What generateReport reads of one object (inject.Report). */
interface Report {
  kind: string;
  name: string;
  hostNetwork: boolean;
  sidecar: boolean;
  udp: boolean;
  unsupported: boolean;
  injectDisabled: boolean;
  annotatable: boolean;
  /** transform set Annotated: a Namespace (its annotations are overridden), or a pod template given override annotations. */
  annotated?: boolean;
  /** IsControlPlaneComponent: the template is labelled linkerd.io/control-plane-component. */
  controlPlane?: boolean;
}

const kindOf = (object: ModelObject): string => object.kind.toLowerCase();

/** The pod template's metadata and spec, or the pod's own, for the kinds inject reads one from (populateMeta); undefined otherwise. */
function podTemplate(object: ModelObject): {metadata: unknown; spec: Record<string, unknown>} | undefined {
  const kind = kindOf(object);
  if (!(kind in GO_TYPED_KINDS) || kind === 'namespace' || kind === 'service') return undefined;
  if (kind === 'pod') return isRecord(object.value.spec) ? {metadata: object.value.metadata, spec: object.value.spec} : undefined;
  // CronJobs keep theirs one level down (spec.jobTemplate.spec.template).
  const template = kind === 'cronjob' ? field(object.value, 'spec', 'jobTemplate', 'spec', 'template') : field(object.value, 'spec', 'template');
  const spec = field(template, 'spec');
  return isRecord(spec) ? {metadata: field(template, 'metadata'), spec} : undefined;
}

const containerFields = (spec: Record<string, unknown>, key: 'containers' | 'initContainers'): Array<{name: string; image: string}> =>
  list(spec[key]).map((c) => ({name: String(field(c, 'name') ?? ''), image: String(field(c, 'image') ?? '')}));

/** healthcheck.HasExistingSidecars: Linkerd's or Istio's proxy or init container, by name or image. */
function hasExistingSidecars(spec: Record<string, unknown>): boolean {
  const all = [...containerFields(spec, 'initContainers'), ...containerFields(spec, 'containers')];
  if (all.some((c) => c.image.startsWith('cr.l5d.io/linkerd/proxy:') || c.image.startsWith('gcr.io/istio-release/proxyv2:') || c.name === 'linkerd-proxy' || c.name === 'istio-proxy')) return true;
  return containerFields(spec, 'initContainers').some((c) => c.image.startsWith('cr.l5d.io/linkerd/proxy-init:') || c.image.startsWith('gcr.io/istio-release/proxy_init:') || c.name === 'linkerd-init' || c.name === 'istio-init');
}

const CONTROL_PLANE_COMPONENT = 'linkerd.io/control-plane-component';

/** uninjectObjectMeta: every `linkerd.io…` annotation but `linkerd.io/inject: disabled`, and every `linkerd.io…` label, gone (not for the control plane's own). */
function uninjectMeta(metadata: unknown): void {
  if (!isRecord(metadata) || CONTROL_PLANE_COMPONENT in stringMap(metadata.labels)) return;
  metadata.annotations = Object.fromEntries(Object.entries(stringMap(metadata.annotations)).filter(([key, value]) => !key.startsWith('linkerd.io') || (key === INJECT_ANNOTATION && value === 'disabled')));
  metadata.labels = Object.fromEntries(Object.entries(stringMap(metadata.labels)).filter(([key]) => !key.startsWith('linkerd.io')));
}

/**
 * linkerd inject first runs uninject over its input (uninjectAndInject): for a kind it reads into a Go
 * type, linkerd-init and linkerd-proxy leave the pod spec with their volumes (uninjectPodSpec), Linkerd's
 * metadata leaves the object and its template, and the object is written back through its Go type
 * (YamlMarshalObj). Other kinds pass through as they came.
 */
function uninjected(object: ModelObject): ModelObject {
  const kind = kindOf(object);
  if (!(kind in GO_TYPED_KINDS)) return object;
  const value = clone(withoutManagedFields(object.value));
  const copy = {...object, value};
  const template = podTemplate(copy);
  if (!template && kind !== 'namespace' && kind !== 'service') return object;
  if (template) {
    const spec = template.spec;
    spec.initContainers = list(spec.initContainers).filter((c) => field(c, 'name') !== 'linkerd-init' && field(c, 'name') !== 'linkerd-proxy');
    spec.containers = list(spec.containers).filter((c) => field(c, 'name') !== 'linkerd-proxy');
    spec.volumes = list(spec.volumes).filter((v) => !PROXY_VOLUMES.has(String(field(v, 'name'))));
    uninjectMeta(template.metadata);
  }
  // A Pod's own metadata is its template's (conf.workload.Meta is nil for pods).
  if (kind !== 'pod') uninjectMeta(value.metadata);
  return {...object, value: throughGoType(kind, value)};
}

const PROXY_VOLUMES = new Set(['linkerd-identity-end-entity', 'linkerd-proxy-init-xtables-lock', 'linkerd-identity-token']);

/** newReport with OriginCLI: only the template's own `disabled` annotation disables; the namespace's is not read. */
function reportOf(object: ModelObject, overrides: Readonly<Record<string, string>> = {}): Report {
  const template = podTemplate(object);
  const kind = kindOf(object);
  const base = {kind, name: object.name};
  if (!template) {
    const annotatable = kind === 'service' || kind === 'namespace';
    // transform: allowNsInject annotates a Namespace whatever the flags.
    return {...base, hostNetwork: false, sidecar: false, udp: false, unsupported: true, injectDisabled: false, annotatable, annotated: kind === 'namespace', controlPlane: false};
  }
  const annotations = stringMap(field(template.metadata, 'annotations'));
  return {
    ...base,
    hostNetwork: template.spec.hostNetwork === true,
    sidecar: hasExistingSidecars(template.spec),
    udp: list(template.spec.containers).some((c) => list(field(c, 'ports')).some((p) => field(p, 'protocol') === 'UDP')),
    unsupported: false,
    injectDisabled: annotations[INJECT_ANNOTATION] === 'disabled',
    annotatable: true,
    annotated: Object.keys(overrides).length > 0,
    controlPlane: CONTROL_PLANE_COMPONENT in stringMap(field(template.metadata, 'labels')),
  };
}

/** Report.Injectable (automountServiceAccountToken is never false with the default token projection). */
const injectable = (r: Report): boolean => !r.hostNetwork && !r.sidecar && !r.unsupported && !r.injectDisabled;

/** ThrowInjectError's reasons, for an object that is not injectable. */
function injectErrors(r: Report): string[] {
  const errors: string[] = [];
  if (r.hostNetwork) errors.push('hostNetwork is enabled');
  if (r.sidecar) errors.push('pod has a sidecar injected already');
  if (r.udp) errors.push('UDP port(s) configured on pod spec');
  return errors;
}

/** The error transform returns for one object, which stops processList and the run: a control plane component without --manual, or ThrowInjectError's reasons. */
function transformError(r: Report, manual: boolean): string | undefined {
  if (r.controlPlane && !manual) return '--manual must be set when injecting control plane components';
  if (injectable(r)) return undefined;
  const errors = injectErrors(r);
  return errors.length > 0 ? `failed to inject ${r.kind}/${r.name}: ${errors.join(', ')}` : undefined;
}

/** generateReport without --verbose. */
export function injectReport(reports: readonly Report[]): string {
  const names = (pick: (r: Report) => boolean): string[] => reports.filter(pick).map((r) => `${r.kind}/${r.name}`);
  const hostNetwork = names((r) => r.hostNetwork);
  const sidecar = names((r) => r.sidecar);
  const udp = names((r) => r.udp);
  const disabled = names((r) => r.injectDisabled);
  const noneSupported = !reports.some(injectable) && !reports.some((r) => r.annotatable);
  let text = '\n';
  if (hostNetwork.length > 0) text += `\u203C "hostNetwork: true" detected in ${hostNetwork.join(', ')}\n`;
  if (sidecar.length > 0) text += `\u203C known 3rd party sidecar detected in ${sidecar.join(', ')}\n`;
  if (disabled.length > 0) text += `\u203C "${INJECT_ANNOTATION}: disabled" annotation set on ${disabled.join(', ')}\n`;
  if (noneSupported) text += '\u203C no supported objects found\n';
  if (udp.length > 0) text += `\u203C ${udp.join(', ')} ${udp.length > 1 ? 'use' : 'uses'} "protocol: UDP"\n`;
  if (hostNetwork.length + sidecar.length + udp.length + disabled.length > 0 || noneSupported) text += '\n';
  for (const r of reports) text += `${r.kind} "${r.name}" ${injectable(r) ? 'injected' : r.annotated ? 'annotated' : 'skipped'}\n`;
  return `${text}\n`;
}


/** The objects kubectl get prints, by name in the order given or all of the namespace's sorted; names it lacks are its NotFound errors. */
function selected(request: GetRequest, model: StateModel): {objects: ModelObject[]; errors: string} {
  if (request.selector !== undefined) throw new ModelGap('a label selector in the pipeline\'s kubectl get is not modelled');
  const inScope = model.objects.filter((o) => o.group === request.group && o.kind === request.kind && (!request.namespaced || request.namespace === undefined || o.namespace === request.namespace));
  if (request.names.length === 0) return {objects: [...inScope].sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1)), errors: ''};
  const objects: ModelObject[] = [];
  let errors = '';
  for (const name of request.names) {
    const object = inScope.find((o) => o.name === name);
    if (object) objects.push(object);
    else errors += `Error from server (NotFound): ${request.resource}${request.group ? `.${request.group}` : ''} "${name}" not found\n`;
  }
  return {objects, errors};
}



const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The object linkerd inject hands on, from the uninjected one (`uninjected`): a Namespace annotated
 * `linkerd.io/inject: enabled` with the override annotations (AnnotateNamespace); an object that is
 * not injectable as it is; an injectable one with (without --manual) its pod template annotated with
 * `linkerd.io/inject: enabled` and the override annotations, or (with --manual) the proxy itself
 * (./linkerd-proxy-spec.ts) from linkerd-config's install values: GetPodPatch's JSON patch, then
 * JSONToYAML through its Go type (./linkerd-go-types.ts).
 */
function injected(object: ModelObject, report: Report, annotations: Readonly<Record<string, string>>, manual: boolean, model: StateModel): Record<string, unknown> {
  const kind = kindOf(object);
  if (kind === 'namespace') {
    const copy = clone(object.value);
    const metadata = isRecord(copy.metadata) ? copy.metadata : (copy.metadata = {});
    metadata.annotations = {...stringMap(metadata.annotations), [INJECT_ANNOTATION]: 'enabled', ...annotations};
    return throughGoType(kind, copy);
  }
  if (!injectable(report)) return object.value;
  const copy = clone(object.value);
  const template = kind === 'cronjob' ? field(copy, 'spec', 'jobTemplate', 'spec', 'template') : kind === 'pod' ? copy : field(copy, 'spec', 'template');
  if (!isRecord(template)) return copy;
  const metadata = isRecord(template.metadata) ? template.metadata : (template.metadata = {});
  if (!manual) {
    metadata.annotations = {...stringMap(metadata.annotations), ...annotations, [INJECT_ANNOTATION]: 'enabled'};
    return throughGoType(kind, copy);
  }
  // A control plane pod's proxy reads values its own annotations set (proxy.component's localhost addresses, the trust bundle's ConfigMap).
  if (report.controlPlane) throw new ModelGap('linkerd inject --manual of a Linkerd control plane component renders the proxy from its own annotations, which the model does not');
  // The override flags become pod annotations that GetOverriddenValues reads back into the values: not modelled.
  if (Object.keys(annotations).length > 0) throw new ModelGap('linkerd inject --manual with override flags renders the proxy from overridden values, which the model does not');
  const spec = isRecord(template.spec) ? template.spec : (template.spec = {});
  injectProxy({metadata, spec}, {kind, name: object.name, namespace: object.namespace, metadata, spec},
    linkerdConfigValues(model, 'linkerd inject --manual (the proxy\'s install values)'), linkerdState(model).facts.cliVersion);
  return throughGoType(kind, copy);
}

/** What kubectl apply compares: the object without its last-applied annotation (GetModifiedConfiguration). */
function withoutLastApplied(value: Record<string, unknown>): Record<string, unknown> {
  const copy = clone(value);
  const metadata = isRecord(copy.metadata) ? copy.metadata : undefined;
  if (metadata && isRecord(metadata.annotations)) {
    delete metadata.annotations[LAST_APPLIED];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  return copy;
}


/** kubectl apply's lines for one object it receives. */
function applyLines(resource: string, object: ModelObject, sent: Record<string, unknown>, manual: boolean, fromFile = false): string {
  const annotations = stringMap(field(object.value, 'metadata', 'annotations'));
  const last = annotations[LAST_APPLIED];
  if (last === undefined) return `${WARNING_NO_LAST_APPLIED(objectName(resource, object))}${printedName(object)} configured\n`;
  let original: unknown;
  try {
    original = JSON.parse(last);
  } catch {
    throw new ModelGap(`${object.namespace}/${object.name}'s ${LAST_APPLIED} is not JSON, which kubectl apply would refuse in words not modelled`);
  }
  // The three-way patch is empty only when what it got is the live object (linkerd inject added nothing)
  // and its last-applied configuration already (the annotation is rewritten with it). With --manual
  // the proxy container is written into the template, which the live object never has as sent.
  // A file's objects lack what the API server adds (status, uid…): when its last-applied configuration is what
  // it sends, whether the live object still agrees is the three-way patch, not modelled.
  if (fromFile && sameJson(original, withoutLastApplied(sent))) throw new ModelGap(`kubectl apply of ${printedName(object)} as its last-applied configuration already holds it: whether the live object differs (unchanged or configured) is not modelled`);
  const unchanged = !fromFile && !manual && sameJson(sent, withoutManagedFields(object.value)) && sameJson(original, withoutLastApplied(sent));
  return `${printedName(object)} ${unchanged ? 'unchanged' : 'configured'}\n`;
}

/** What linkerd inject reads: kubectl get's output (one object, or a List) or a file's documents, each then written as processYAML writes it. */
interface InjectInput {
  objects: ModelObject[];
  /** kubectl get's errors, printed first. */
  errors: string;
  documents: 'object' | 'list' | 'each';
  /** The object kubectl apply finds in the cluster for one it receives, and its resource's plural. */
  live: (object: ModelObject) => {object: ModelObject | undefined; resource: string};
  fromFile: boolean;
}

/** linkerd inject's YAML (without apply), its report (or its error), then kubectl apply's lines. */
function printInjected(input: InjectInput, options: Omit<InjectPipeline, 'get'>, model: StateModel): string {
  const {errors} = input;
  const annotations = overrideAnnotations(options, model);
  const objects = input.objects.map(uninjected);
  const reports = objects.map((object) => reportOf(object, annotations));
  // processList stops at the first object transform refuses (a file's documents likewise: its errors end the run).
  const refusal = reports.map((r) => transformError(r, options.manual)).find((error) => error !== undefined);
  if (refusal !== undefined) {
    const message = `${errors}Error transforming resources:\n${refusal}`;
    return options.apply ? `${message}error: no objects passed to apply\n` : message;
  }
  const sent = objects.map((object, i) => injected(object, reports[i]!, annotations, options.manual, model));
  if (!options.apply) {
    const documents = input.documents === 'each' ? sent : [input.documents === 'object' ? sent[0]! : {apiVersion: 'v1', items: sent, kind: 'List', metadata: {}}];
    const printed = documents.map((document) => (options.output === 'json' ? `${goJson(document)}\n` : `${goYaml(document)}---\n`)).join('');
    return `${errors}${printed}${injectReport(reports)}`;
  }
  const applied = input.objects.map((object, i) => {
    const {object: live, resource} = input.live(object);
    // An object the cluster lacks is created (no patch, no warning).
    return live ? applyLines(resource, live, sent[i]!, options.manual, input.fromFile) : `${printedName(object)} created\n`;
  }).join('');
  return `${errors}${injectReport(reports)}${applied}`;
}

/** What the terminal shows for `kubectl get … -o yaml | linkerd inject … - [| kubectl apply -f -]`. */
export function printInjectPipeline(pipeline: InjectPipeline, model: StateModel): string {
  const {objects, errors} = selected(pipeline.get, model);
  if (objects.length === 0) throw new ModelGap('kubectl get printing an empty List into linkerd inject is not modelled');
  // kubectl get prints one named object as itself, several (or all) as a List.
  const documents = pipeline.get.names.length === 1 && objects.length === 1 ? 'object' : 'list';
  return printInjected({objects, errors, documents, live: (object) => ({object, resource: pipeline.get.resource}), fromFile: false}, pipeline, model);
}

/** The plural kubectl's RESTMapper gives a kind (the families' catalog). */
function pluralOf(group: string, kind: string): string {
  const spec = FAMILY_KINDS.flatMap((family) => family.kinds).find((k) => k.group === group && k.kind === kind && k.plural);
  if (!spec) throw new ModelGap(`the resource kubectl apply maps ${kind} to is not in the model's catalog`);
  return spec.plural!;
}

/**
 * A file's documents as the objects linkerd inject reads, in the namespaces kubectl apply sends them to.
 * A kind inject does not read into a Go type it passes through as written (processYAML), which is not modelled.
 */
function fileObjects(command: InjectFile, model: StateModel, namespace: string): ModelObject[] {
  const files = workdirFiles(model, command.path);
  if (!files) throw new ModelGap(`${command.path} does not exist`);
  const objects = appliedObjects(files.flatMap((file) => file.documents), namespace);
  const untyped = objects.find((object) => !(object.kind.toLowerCase() in GO_TYPED_KINDS));
  if (untyped) throw new ModelGap(`linkerd inject passes a ${untyped.kind} through as written, which is not modelled`);
  return objects;
}

/**
 * A path the working directory lacks: RunE's fetchConfigs reads linkerd-config first, then read's walk
 * fails on os.Stat of the cleaned path, and cobra prints the error with inject's usage (the process exits 1);
 * kubectl apply, piped, then reads nothing. undefined when the path exists.
 */
function missingInput(command: InjectFile, model: StateModel): string | undefined {
  if (workdirFiles(model, command.path) !== undefined) return undefined;
  linkerdConfigValues(model, 'linkerd inject (its fetchConfigs, before it reads the file)');
  const where = workdirPath(command.path) as {file: string};
  const failure = cobraFailure(INJECT, `stat ${where.file}: no such file or directory`);
  return command.apply ? `${failure}error: no objects passed to apply\n` : failure;
}

/** `linkerd inject FILE [| kubectl apply -f -]` from the working directory's file (or every file, for the directory). */
export function printInjectFile(command: InjectFile, model: StateModel, namespace: string): string {
  const missing = missingInput(command, model);
  if (missing !== undefined) return missing;
  const objects = fileObjects(command, model, namespace);
  const live = (object: ModelObject) => ({
    object: model.objects.find((o) => o.group === object.group && o.kind === object.kind && o.namespace === object.namespace && o.name === object.name),
    resource: pluralOf(object.group, object.kind),
  });
  return printInjected({objects, errors: '', documents: 'each', live, fromFile: true}, command, model);
}

/** A typed `linkerd inject FILE`: printed; piped into kubectl apply it changes the cluster (a gap) unless linkerd inject refuses the run. */
export function typedInjectFile(command: InjectFile, model: StateModel, namespace: string): string {
  if (command.apply && missingInput(command, model) === undefined) {
    const objects = fileObjects(command, model, namespace);
    if (!objects.some((object) => transformError(reportOf(uninjected(object)), command.manual) !== undefined)) {
      throw new ModelGap('piped into kubectl apply, linkerd inject changes the cluster, and only a recorded command moves the session to the state that follows');
    }
  }
  return printInjectFile(command, model, namespace);
}

/**
 * A typed pipeline, answered only when it leaves the cluster as it is: linkerd inject's YAML
 * printed (no apply), or a run linkerd inject refuses (kubectl apply gets nothing). One that
 * applies changes the cluster to a state the recording may not hold: a gap.
 */
export function typedInjectPipeline(pipeline: InjectPipeline, model: StateModel): string {
  if (pipeline.apply) {
    const {objects} = selected(pipeline.get, model);
    if (!objects.some((object) => transformError(reportOf(uninjected(object)), pipeline.manual) !== undefined)) {
      throw new ModelGap('piped into kubectl apply, linkerd inject changes the cluster (at least the last-applied configuration), and only a recorded command moves the session to the state that follows');
    }
  }
  return printInjectPipeline(pipeline, model);
}

/**
 * Whether the state a recorded pipeline moves to holds what it applied: each object the report
 * injects with `linkerd.io/inject: enabled` on its pod template (or, with --manual, a linkerd-proxy
 * in it). A sentence saying what is missing, or undefined.
 */
export function injectMoveError(pipeline: InjectPipeline, from: StateModel, to: StateModel): string | undefined {
  return movedObjectsError(selected(pipeline.get, from).objects, pipeline.manual, to);
}

/** injectMoveError for `linkerd inject FILE | kubectl apply -f -`: the file's objects, in their namespaces. */
export function injectFileMoveError(command: InjectFile, from: StateModel, to: StateModel, namespace: string): string | undefined {
  return command.apply ? movedObjectsError(fileObjects(command, from, namespace), command.manual, to) : undefined;
}

function movedObjectsError(objects: readonly ModelObject[], manual: boolean, to: StateModel): string | undefined {
  for (const object of objects) {
    if (!injectable(reportOf(uninjected(object)))) continue;
    const after = to.objects.find((o) => o.group === object.group && o.kind === object.kind && o.namespace === object.namespace && o.name === object.name);
    const template = after && podTemplate(after);
    const done = manual
      ? template !== undefined && hasExistingSidecars(template.spec)
      : stringMap(field(template?.metadata, 'annotations'))[INJECT_ANNOTATION] === 'enabled';
    if (!done) return `${printedName(object)} in ${object.namespace} is injected, but the state it moves to does not hold it ${manual ? 'with linkerd-proxy in its pod template' : `with ${INJECT_ANNOTATION}: enabled on its pod template`}`;
  }
  return undefined;
}
