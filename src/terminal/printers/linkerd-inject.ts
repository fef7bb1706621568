/**
 * `kubectl get TYPE [NAME…] [-n NS] -o yaml | linkerd inject [--manual] - | kubectl apply -f -`
 * answered from the state the pipeline runs in. linkerd inject (linkerd2 version-2.20
 * cli/cmd/inject.go, pkg/inject/report.go) reads the List kubectl prints and writes, after the
 * YAML it hands to kubectl, its report on stderr (generateReport): a blank line, a ‼ line per
 * warning (hostNetwork, a sidecar already there, `linkerd.io/inject: disabled`, no supported object,
 * UDP ports), a blank line when a warning printed, then `KIND "NAME" injected|skipped|annotated` per
 * object and a closing blank line. An object it cannot inject because of a sidecar or hostNetwork
 * fails the whole run (transform's ThrowInjectError: `Error transforming resources:` with no YAML,
 * so kubectl apply has nothing to apply). kubectl apply then prints `kind.group/NAME configured`
 * for an object the injection changed (the pod template's `linkerd.io/inject: enabled` added, or
 * with --manual the proxy itself) and `unchanged` for the rest, after the warning for an object
 * kubectl apply did not create (no last-applied-configuration annotation).
 *
 * The pipeline changes the cluster, so only a recorded command's move answers it (computed by
 * ../cluster-state.ts computedOutputs), never a typed line.
 */
import {splitWords} from '../shell-words';
import {field, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {parseGet, type GetRequest} from './get';

export interface InjectPipeline {
  get: GetRequest;
  /** --manual: the proxy is written into the pod template instead of the annotation. */
  manual: boolean;
}

const APPLY_STDIN = new Set(['kubectl apply -f -', 'kubectl apply --filename=-', 'kubectl apply --filename -']);
const INJECT_ANNOTATION = 'linkerd.io/inject';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The three commands of the pipeline, each as its words; undefined for any other line. */
export function parseInjectPipeline(line: string, defaultNamespace: string, placeholders: Readonly<Record<string, string>> = {}): InjectPipeline | undefined {
  const words = splitWords(line);
  if (words.some((word) => word.kind === 'substitution')) return undefined;
  const segments: string[][] = [[]];
  for (const word of words) {
    if (word.kind === 'pipe') segments.push([]);
    else if (word.kind === 'word') segments.at(-1)!.push(word.text);
  }
  if (segments.length !== 3) return undefined;
  const [get, inject, apply] = segments as [string[], string[], string[]];
  if (!APPLY_STDIN.has(apply.join(' '))) return undefined;
  if (inject[0] !== 'linkerd' || inject[1] !== 'inject' || !inject.includes('-')) return undefined;
  const flags = inject.slice(2).filter((word) => word !== '-');
  if (flags.some((flag) => flag !== '--manual') || inject.filter((word) => word === '-').length !== 1) return undefined;
  // Quoting is lost by splitting: rejoin with the words quoted as the shell would need them.
  const request = parseGet(get.map((word) => (/^[\w./:=@,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' '), defaultNamespace, placeholders);
  if (!request || request.output.kind !== 'yaml') return undefined;
  return {get: request, manual: flags.includes('--manual')};
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
}

/** The pod template's metadata and spec, or the pod's own; undefined for an object without one. */
function podTemplate(object: ModelObject): {metadata: unknown; spec: Record<string, unknown>} | undefined {
  if (object.group === '' && object.kind === 'Pod') return isRecord(object.value.spec) ? {metadata: object.value.metadata, spec: object.value.spec} : undefined;
  const template = field(object.value, 'spec', 'template');
  // CronJobs keep theirs one level down (spec.jobTemplate.spec.template).
  const nested = template ?? field(object.value, 'spec', 'jobTemplate', 'spec', 'template');
  const spec = field(nested, 'spec');
  return isRecord(spec) ? {metadata: field(nested, 'metadata'), spec} : undefined;
}

const containerFields = (spec: Record<string, unknown>, key: 'containers' | 'initContainers'): Array<{name: string; image: string}> =>
  list(spec[key]).map((c) => ({name: String(field(c, 'name') ?? ''), image: String(field(c, 'image') ?? '')}));

/** healthcheck.HasExistingSidecars: Linkerd's or Istio's proxy or init container, by name or image. */
function hasExistingSidecars(spec: Record<string, unknown>): boolean {
  const all = [...containerFields(spec, 'initContainers'), ...containerFields(spec, 'containers')];
  if (all.some((c) => c.image.startsWith('cr.l5d.io/linkerd/proxy:') || c.image.startsWith('gcr.io/istio-release/proxyv2:') || c.name === 'linkerd-proxy' || c.name === 'istio-proxy')) return true;
  return containerFields(spec, 'initContainers').some((c) => c.image.startsWith('cr.l5d.io/linkerd/proxy-init:') || c.image.startsWith('gcr.io/istio-release/proxy_init:') || c.name === 'linkerd-init' || c.name === 'istio-init');
}

/** newReport with OriginCLI: only the template's own `disabled` annotation disables; the namespace's is not read. */
function reportOf(object: ModelObject): Report {
  const template = podTemplate(object);
  const base = {kind: object.kind.toLowerCase(), name: object.name};
  if (!template) {
    const annotatable = object.group === '' && (object.kind === 'Service' || object.kind === 'Namespace');
    return {...base, hostNetwork: false, sidecar: false, udp: false, unsupported: true, injectDisabled: false, annotatable};
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
  // transform never sets Annotated without override flags: a report is injected or skipped.
  for (const r of reports) text += injectable(r) ? `${r.kind} "${r.name}" injected\n` : `${r.kind} "${r.name}" skipped\n`;
  return `${text}\n`;
}

/** kubectl's name printer: `kind.group/name`, `kind/name` for the core group. */
const printedName = (o: ModelObject): string => `${o.kind.toLowerCase()}${o.group ? `.${o.group}` : ''}/${o.name}`;

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

/** What the terminal shows: kubectl get's errors, linkerd inject's report (or its error), then kubectl apply's lines. */
export function printInjectPipeline(pipeline: InjectPipeline, model: StateModel): string {
  const {objects, errors} = selected(pipeline.get, model);
  if (objects.length === 0) throw new ModelGap('kubectl get printing an empty List into linkerd inject is not modelled');
  const reports = objects.map(reportOf);
  // processList stops at the first object transform refuses.
  const refused = reports.find((r) => !injectable(r) && injectErrors(r).length > 0);
  if (refused) {
    return `${errors}Error transforming resources:\nfailed to inject ${refused.kind}/${refused.name}: ${injectErrors(refused).join(', ')}error: no objects passed to apply\n`;
  }
  let applied = '';
  objects.forEach((object, i) => {
    const annotations = stringMap(field(object.value, 'metadata', 'annotations'));
    if (!(LAST_APPLIED in annotations)) {
      throw new ModelGap(`the model does not say whether ${object.namespace}/${object.name} was created by kubectl apply (its ${LAST_APPLIED} annotation), which decides kubectl apply's warning`);
    }
    const template = podTemplate(object);
    const changed = injectable(reports[i]!) && (pipeline.manual || stringMap(field(template?.metadata, 'annotations'))[INJECT_ANNOTATION] !== 'enabled');
    applied += `${printedName(object)} ${changed ? 'configured' : 'unchanged'}\n`;
  });
  return `${errors}${injectReport(reports)}${applied}`;
}

/**
 * Whether the state a recorded pipeline moves to holds what it applied: each object the report
 * injects with `linkerd.io/inject: enabled` on its pod template (or, with --manual, a linkerd-proxy
 * in it). A sentence saying what is missing, or undefined.
 */
export function injectMoveError(pipeline: InjectPipeline, from: StateModel, to: StateModel): string | undefined {
  const {objects} = selected(pipeline.get, from);
  for (const object of objects) {
    if (!injectable(reportOf(object))) continue;
    const after = to.objects.find((o) => o.group === object.group && o.kind === object.kind && o.namespace === object.namespace && o.name === object.name);
    const template = after && podTemplate(after);
    const done = pipeline.manual
      ? template !== undefined && hasExistingSidecars(template.spec)
      : stringMap(field(template?.metadata, 'annotations'))[INJECT_ANNOTATION] === 'enabled';
    if (!done) return `${printedName(object)} in ${object.namespace} is injected, but the state it moves to does not hold it ${pipeline.manual ? 'with linkerd-proxy in its pod template' : `with ${INJECT_ANNOTATION}: enabled on its pod template`}`;
  }
  return undefined;
}
