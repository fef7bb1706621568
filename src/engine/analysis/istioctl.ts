/**
 * `istioctl analyze --use-kube=false <files>`: the files are the whole cluster (a closed world),
 * plus the default resources istioctl adds in file mode (AddDefaultResources: a dummy
 * istio-ingressgateway Pod and Service in the istio namespace, unless the mesh config turns
 * ingress off), analysed with the mesh config given over istioctl's defaults. Messages come out
 * as istioctl prints them: its origin (`Kind namespace/name`), reference (`file:line`), text and
 * documentation URL, sorted and de-duplicated as diag.Messages.SortedDedupedCopy does.
 */
import {splitApiVersion} from '../api-version';
import {isRecord} from '../findings';
import {isClusterScoped} from '../metadata';
import {Cluster} from '../model/cluster';
import {SYSTEM_NAMESPACES, type AnalysisResource} from '../model/resource';
import {locate, parseYamlStream, type LineIndex, type StreamedDocument} from '../yaml/index';
import type {Analyzer} from './analyzer';
import {ISTIOCTL_ANALYZERS, ISTIOCTL_UNLISTED_ANALYZERS} from './analyzers/all';
import {applyMeshConfig, ingressEnabled} from './meshConfig';
import {messageText, messageType, type MessageLevel, type MessageName} from './messages';
import {runAnalyzers} from './run';

export interface IstioctlRun {
  files: {name: string; text: string}[];
  meshConfig?: {name: string; text: string};
  meshNetworks?: {name: string; text: string};
  /** Run only these analyzers (istioctl names such as 'virtualservice.DestinationHostAnalyzer'); all when absent. */
  analyzers?: readonly string[];
  /** The namespace of resources written without one (KubeSource.SetDefaultNamespace: istioctl's -n, "" with -A); default "default". */
  defaultNamespace?: string;
  /**
   * The files are a live cluster's objects (AddRunningKubeSource): no file-mode default resources
   * (the cluster has its own ingress gateway, or none), and no reference, a live object has no file.
   */
  live?: boolean;
}

export interface IstioctlMessage {
  code: string;
  name: MessageName;
  level: MessageLevel;
  /** The filled template. */
  message: string;
  resource: {group: string; version: string; kind: string; namespace: string; name: string};
  /** istioctl's FriendlyName: `Kind namespace/name` (cluster-scoped: `Kind name`). */
  origin: string;
  /** istioctl's Reference with the message's line: `file:line`. */
  reference?: string;
  line?: number;
  /** As `istioctl analyze` builds it: url.ConfigAnalysis, the code, and its DocRef. */
  documentationUrl: string;
}

export interface IstioctlResult {
  messages: IstioctlMessage[];
  /** Files or documents that could not be read, as istioctl reports them. */
  errors: {file: string; message: string}[];
}

/** url.ConfigAnalysis for istioctl 1.30: BaseURL, the docs version, reference/config/analysis. */
export const CONFIG_ANALYSIS_URL = 'https://istio.io/v1.30/docs/reference/config/analysis';
/** istioctl analyze sets this DocRef on every message (`?ref=istioctl-analyze`). */
const DOC_REF = 'istioctl-analyze';
/** annotation.GalleyAnalyzeSuppress: codes (or `*`) not to report on the annotated resource. */
const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';
const LEVEL_ORDER: Record<MessageLevel, number> = {Error: 0, Warning: 1, Info: 2};

/** Where a resource came from: its file, the line it starts at, and the parsed document to locate fields in. */
interface Origin {
  file: string;
  line: number;
  version: string;
  document: StreamedDocument;
  lines: LineIndex;
  pathPrefix: string;
  /** A List item: istioctl's line for it is one past the item's own (kubeyaml's chunk line plus yaml.v3's 1-based item line). */
  listItem: boolean;
}

export function analyzeIstioctl(run: IstioctlRun): IstioctlResult {
  const errors: IstioctlResult['errors'] = [];
  const meshConfig = readMeshConfig(run.meshConfig, errors);
  const meshNetworks = run.meshNetworks ? readYamlMapping(run.meshNetworks, errors) : undefined;
  const origins = new Map<AnalysisResource, Origin>();
  const defaultNamespace = run.defaultNamespace ?? 'default';
  const resources: AnalysisResource[] = [];
  // istioctl adds its defaults before the files, so a file's own ingress gateway replaces them.
  if (!run.live && ingressEnabled(meshConfig)) {
    const istioNamespace = 'istio-system';
    readFile({name: 'internal-ingress', text: defaultIngressGateway(istioNamespace, String(meshConfig.ingressService ?? 'istio-ingressgateway'))}, resources, origins, errors, defaultNamespace);
  }
  for (const file of run.files) readFile(file, resources, origins, errors, defaultNamespace);

  const collected: IstioctlMessage[] = [];
  runAnalyzers({
    resources,
    // istioctl's analyzers select Pods: a Deployment in the files stands for no pod (nothing expands it).
    cluster: new Cluster(resources, {workloads: 'pods'}),
    analyzers: selectAnalyzers(run.analyzers),
    closedWorld: true,
    meshConfig,
    meshNetworks,
    report({resource, message, parameters, at}) {
      const type = messageType(message);
      if (suppressed(resource, type.code)) return;
      const origin = origins.get(resource);
      const linePath = at?.lineAt === undefined ? at?.path : at.lineAt;
      const line = origin && linePath !== undefined && linePath !== null ? fieldLine(origin, resource, linePath) : undefined;
      const startLine = origin ? origin.line : 0;
      const shownLine = line ?? startLine;
      const group = resource.group;
      collected.push({
        code: type.code,
        name: message,
        level: type.level,
        message: messageText(message, parameters),
        resource: {group, version: origin?.version ?? '', kind: resource.kind, namespace: resource.namespace, name: resource.name},
        origin: resource.namespace ? `${resource.kind} ${resource.namespace}/${resource.name}` : `${resource.kind} ${resource.name}`,
        // kube.Position.String: no line for a .json file ("TODO: support json file position").
        reference: origin && !run.live ? (shownLine > 0 && !/\.json$/.test(origin.file.slice(origin.file.lastIndexOf('/') + 1)) ? `${origin.file}:${shownLine}` : origin.file) : undefined,
        line,
        documentationUrl: `${CONFIG_ANALYSIS_URL}/${type.code.toLowerCase()}/?ref=${DOC_REF}`,
      });
    },
  });
  return {messages: sortedDeduped(collected), errors};
}

/**
 * analyzers.NamedCombined: the named ones, in the list's order; all of them when none is named or
 * none matches. Those All() leaves out (the alpha analyzer) run only when named.
 */
function selectAnalyzers(names: readonly string[] | undefined): readonly Analyzer[] {
  if (!names) return ISTIOCTL_ANALYZERS;
  const wanted = new Set(names);
  const selected = [...ISTIOCTL_ANALYZERS, ...ISTIOCTL_UNLISTED_ANALYZERS].filter((analyzer) => wanted.has(analyzer.name));
  return selected.length > 0 ? selected : ISTIOCTL_ANALYZERS;
}

function readMeshConfig(file: IstioctlRun['meshConfig'], errors: IstioctlResult['errors']): Record<string, unknown> {
  if (!file) return applyMeshConfig(undefined);
  const written = readYamlMapping(file, errors);
  try {
    return applyMeshConfig(written);
  } catch (error) {
    errors.push({file: file.name, message: (error as Error).message});
    return applyMeshConfig(undefined);
  }
}

function readYamlMapping(file: {name: string; text: string}, errors: IstioctlResult['errors']): Record<string, unknown> | undefined {
  const parsed = parseYamlStream(file.text, {maxBytes: Number.MAX_SAFE_INTEGER});
  for (const problem of parsed.problems) errors.push({file: file.name, message: problem.message});
  for (const document of parsed.documents) {
    for (const problem of document.problems) errors.push({file: file.name, message: `line ${parsed.lines.position(problem.start).line}: ${problem.message}`});
    if (isRecord(document.value)) return document.value;
  }
  return undefined;
}

/**
 * file.KubeSource.ApplyContent: each document (a List's items each) becomes a resource; documents
 * of no kind istioctl knows are skipped; those it cannot read are errors naming `file[index]`.
 * Resources of the namespaces injection ignores (kube-system…) are dropped, as istioctl's
 * namespace filter drops them.
 */
function readFile(file: {name: string; text: string}, resources: AnalysisResource[], origins: Map<AnalysisResource, Origin>, errors: IstioctlResult['errors'], defaultNamespace: string): void {
  const parsed = parseYamlStream(file.text, {maxBytes: Number.MAX_SAFE_INTEGER});
  for (const problem of parsed.problems) errors.push({file: file.name, message: `error reading documents in ${file.name}: ${problem.message}`});
  for (const document of parsed.documents) {
    const where = `${file.name}[${document.index}]`;
    if (document.value === undefined) {
      for (const p of document.problems) errors.push({file: file.name, message: `error processing ${where}: line ${parsed.lines.position(p.start).line}: ${p.message}`});
      continue;
    }
    if (document.value === null) continue;
    if (!isRecord(document.value)) {
      errors.push({file: file.name, message: `error processing ${where}: failed interpreting jsonChunk: the document is not a mapping`});
      continue;
    }
    const startLine = documentStartLine(file.text, parsed.lines, document.start);
    const value = document.value;
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        if (!isRecord(item)) return;
        addResource(item, `/items/${i}`, true);
      });
      continue;
    }
    if ((typeof value.apiVersion !== 'string' || value.apiVersion === '') && (typeof value.kind !== 'string' || value.kind === '')) {
      errors.push({file: file.name, message: `error processing ${where}: unable to parse resource with no group, version and kind`});
      continue;
    }
    addResource(value, '', false);

    function addResource(object: Record<string, unknown>, pathPrefix: string, listItem: boolean): void {
      if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || object.kind === '') return;
      const {group, version} = splitApiVersion(object.apiVersion);
      const metadata = isRecord(object.metadata) ? object.metadata : {};
      const name = typeof metadata.name === 'string' ? metadata.name : '';
      const written = typeof metadata.namespace === 'string' ? metadata.namespace : '';
      const namespace = isClusterScoped(group, object.kind) ? '' : written || defaultNamespace;
      if (SYSTEM_NAMESPACES.has(object.kind === 'Namespace' && group === '' ? name : namespace)) return;
      const resource: AnalysisResource = {document: document.index, pathPrefix, group, kind: object.kind, name, namespace, value: object};
      let line = startLine;
      if (listItem) {
        const item = locate(document.root, pathPrefix);
        line = item ? parsed.lines.position(item.value.start).line + 1 : startLine;
      }
      origins.set(resource, {file: file.name, line, version, document, lines: parsed.lines, pathPrefix, listItem});
      resources.push(resource);
    }
  }
}

/** kubeyaml.YAMLReader: a document starts at its first line that is neither empty nor a `---` separator. */
function documentStartLine(text: string, lines: LineIndex, start: number): number {
  let line = lines.position(start).line;
  let offset = start - (lines.position(start).column - 1);
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const content = text.slice(offset, end === -1 ? text.length : end).replace(/\r$/, '');
    if (content !== '' && !/^---\s*$/.test(content)) break;
    if (end === -1) break;
    offset = end + 1;
    line++;
  }
  return line;
}

/**
 * util.ErrorLine: the line of the field a message points at, from file.BuildFieldPathMap, which
 * records scalar values only (a mapping or a list has no line), at the value's line.
 */
function fieldLine(origin: Origin, resource: AnalysisResource, path: string): number | undefined {
  if (!isScalarAt(resource.value, path)) return undefined;
  const found = locate(origin.document.root, origin.pathPrefix + path);
  if (!found || !found.exact) return undefined;
  return origin.lines.position(found.value.start).line;
}

function isScalarAt(value: unknown, pointer: string): boolean {
  let current: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isRecord(current) && Object.prototype.hasOwnProperty.call(current, segment)) current = current[segment];
    else return false;
  }
  return current === null || typeof current !== 'object';
}

function suppressed(resource: AnalysisResource, code: string): boolean {
  const annotations = isRecord(resource.value.metadata) && isRecord(resource.value.metadata.annotations) ? resource.value.metadata.annotations : undefined;
  const value = annotations?.[SUPPRESS_ANNOTATION];
  if (typeof value !== 'string' || value === '') return false;
  return value.split(',').some((entry) => entry === '*' || entry === code);
}

/** diag.Message.String(): what SortedDedupedCopy compares. */
function messageString(m: IstioctlMessage): string {
  return `${m.level} [${m.code}] (${m.origin}${m.reference ? ` ${m.reference}` : ''}) ${m.message}`;
}

/** resource.Origin.Comparator(): kind, name, namespace. */
function comparator(m: IstioctlMessage): string {
  return `${m.resource.kind}/${m.resource.name}/${m.resource.namespace}`;
}

/** diag.Messages.SortedDedupedCopy: by level, code, origin, then text; identical strings once. */
function sortedDeduped(messages: IstioctlMessage[]): IstioctlMessage[] {
  const keyed = messages.map((m) => ({m, string: messageString(m), comparator: comparator(m)}));
  keyed.sort((a, b) =>
    LEVEL_ORDER[a.m.level] - LEVEL_ORDER[b.m.level] ||
    compare(a.m.code, b.m.code) ||
    compare(a.comparator, b.comparator) ||
    compare(a.string, b.string));
  const out: IstioctlMessage[] = [];
  let previous: string | undefined;
  for (const {m, string} of keyed) {
    if (string === previous) continue;
    previous = string;
    out.push(m);
  }
  return out;
}

/** Go's string comparison: by UTF-16 code unit here, which orders the ASCII of names and codes alike. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** local/defaults.go: the dummy ingress gateway Pod and Service AddDefaultResources reads as file `internal-ingress`. */
function defaultIngressGateway(namespace: string, ingressService: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  labels:
    istio: ingressgateway
  name: ${ingressService}-dummypod
  namespace: ${namespace}
spec:
  containers:
    - args:
      name: istio-proxy
---
apiVersion: v1
kind: Service
metadata:
  name: ${ingressService}
  namespace: ${namespace}
spec:
  ports:
  - name: http2
    nodePort: 31380
    port: 80
    protocol: TCP
    targetPort: 80
  - name: https
    nodePort: 31390
    port: 443
    protocol: TCP
    targetPort: 443
  - name: tcp
    nodePort: 31400
    port: 31400
    protocol: TCP
    targetPort: 31400
  - name: tls
    nodePort: 31447
    port: 15443
    protocol: TCP
    targetPort: 15443
  selector:
    istio: ingressgateway
`;
}
