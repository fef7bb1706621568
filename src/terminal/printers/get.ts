/**
 * `kubectl get` (kubectl v1.33 pkg/cmd/get/get.go) answered from a state's cluster model:
 * one resource type, optional names, `-n`/`-A`, `-l`, `--show-labels`, and `-o` wide, name,
 * yaml, json or jsonpath. Tables are laid out as kubectl's tabwriter lays them out (padding 3,
 * the last column unpadded: ./tabwriter.ts), with NAMESPACE first under -A and LABELS last under
 * --show-labels (cli-runtime pkg/printers/tableprinter.go). A list with nothing in it prints
 * `No resources found in NS namespace.` (or `No resources found` across namespaces or for a
 * cluster-scoped type) on stderr, a missing name the API server's NotFound.
 *
 * A line the printers do not cover (another verb, flag or output, several types) is undefined:
 * the session refuses it. A model that lacks what the API server would return is a ModelGap.
 */
import {canonicalResourceName, FAMILY_KINDS} from '../../engine/families/catalog';
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {customColumns} from './custom';
import {byteOrder, printJsonPath} from './jsonpath';
import {KIND_COLUMNS, type KindColumns} from './kinds';
import {formatLabels, parseSelector, selects, SelectorError} from './labels';
import {heldKey, ModelGap, stringMap, field, type ModelObject, type StateModel} from './model';
import {asList, goJsonIndent, goYaml, withoutManagedFields} from './output';
import {tabwrite} from './tabwriter';

export type GetOutput = {kind: 'table'; wide: boolean} | {kind: 'name' | 'yaml' | 'json'} | {kind: 'jsonpath'; template: string};

export interface GetRequest {
  /** The resource as kubectl resolves it: plural, group, kind. */
  resource: string;
  group: string;
  kind: string;
  namespaced: boolean;
  names: string[];
  /** undefined: all namespaces (-A). */
  namespace: string | undefined;
  selector: string | undefined;
  showLabels: boolean;
  /** `-L KEY[,KEY]` (repeatable): a column per label key, before LABELS. */
  labelColumns: string[];
  output: GetOutput;
}

interface ResourceType {
  plural: string;
  group: string;
  kind: string;
  namespaced: boolean;
}

const resourceTypes = new Map<string, ResourceType>();
/** Every family's type by `plural.group`, for names kubectl reads fully qualified (`authorizationpolicies.policy.linkerd.io`). */
const qualifiedTypes = new Map<string, ResourceType>();
for (const family of FAMILY_KINDS) {
  for (const spec of family.kinds) {
    if (!spec.plural) continue;
    const type = {plural: spec.plural, group: spec.group, kind: spec.kind, namespaced: spec.namespaced};
    if (!resourceTypes.has(spec.plural)) resourceTypes.set(spec.plural, type);
    if (!qualifiedTypes.has(`${spec.plural}.${spec.group}`)) qualifiedTypes.set(`${spec.plural}.${spec.group}`, type);
  }
}

/**
 * A type kubectl resolves to one group whatever the priority of groups: `plural.group` or
 * `plural.version.group` as its RESTMapper reads a qualified resource
 * (`authorizationpolicies.policy.linkerd.io`, `gateways.gateway.networking.k8s.io`), or a short
 * name only one group declares (`gtw`). Undefined: not one (a bare name goes by group priority).
 */
function qualifiedType(name: string): ResourceType | undefined {
  const lower = name.toLowerCase();
  if (!lower.includes('.')) {
    const declaring = FAMILY_KINDS.flatMap((family) => family.kinds.filter((spec) => spec.plural && (spec.shortNames ?? []).includes(lower)));
    const spec = declaring.length === 1 ? declaring[0]! : undefined;
    return spec ? {plural: spec.plural!, group: spec.group, kind: spec.kind, namespaced: spec.namespaced} : undefined;
  }
  const [resource, ...rest] = lower.split('.');
  const plural = canonicalResourceName(resource!);
  if (plural === undefined) return undefined;
  return qualifiedTypes.get(`${plural}.${rest.join('.')}`) ?? qualifiedTypes.get(`${plural}.${rest.slice(1).join('.')}`);
}

const BOOLEAN_FLAGS: Record<string, 'all-namespaces' | 'show-labels'> = {'-A': 'all-namespaces', '--all-namespaces': 'all-namespaces', '--show-labels': 'show-labels'};
const VALUE_FLAGS: Record<string, 'namespace' | 'output' | 'selector' | 'label-columns'> = {'-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output', '-l': 'selector', '--selector': 'selector', '-L': 'label-columns', '--label-columns': 'label-columns'};

function parseOutput(text: string): GetOutput | undefined {
  if (text === 'wide') return {kind: 'table', wide: true};
  if (text === 'name' || text === 'yaml' || text === 'json') return {kind: text};
  const jsonpath = /^jsonpath=(.*)$/s.exec(text);
  return jsonpath ? {kind: 'jsonpath', template: jsonpath[1]!} : undefined;
}

/** The `kubectl get` a typed line asks for, or undefined when the printers do not cover it. */
export function parseGet(line: string, defaultNamespace: string, placeholders: Readonly<Record<string, string>> = {}): GetRequest | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders));
  if (words.some((word) => word.kind !== 'word')) return undefined;
  const [program, verb, ...args] = words.map((word) => (word as {text: string}).text);
  if ((program !== 'kubectl' && program !== 'k') || verb !== 'get') return undefined;
  const positionals: string[] = [];
  const values: Partial<Record<'namespace' | 'output' | 'selector' | 'label-columns', string>> = {};
  // pflag's StringSlice: each -L value read as a CSV record, the records appended (quoted fields are not followed here).
  const labelColumns: string[] = [];
  const setValue = (name: 'namespace' | 'output' | 'selector' | 'label-columns', value: string): boolean => {
    if (name !== 'label-columns') values[name] = value;
    else if (value.includes('"')) return false;
    else labelColumns.push(...value.split(','));
    return true;
  };
  const booleans: Partial<Record<'all-namespaces' | 'show-labels', boolean>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    if (BOOLEAN_FLAGS[name]) {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') return undefined;
      booleans[BOOLEAN_FLAGS[name]] = inline !== 'false';
    } else if (VALUE_FLAGS[name]) {
      const value = inline ?? args[++i];
      if (value === undefined || !setValue(VALUE_FLAGS[name], value)) return undefined;
    } else if (/^-[nolL]./.test(arg)) {
      // A short flag glued to its value: -nistio-system, -oyaml, -l=app=x.
      if (!setValue(VALUE_FLAGS[arg.slice(0, 2)]!, arg.slice(2).replace(/^=/, ''))) return undefined;
    } else return undefined;
  }
  const [first, ...rest] = positionals;
  if (first === undefined) return undefined;
  let typeName = first;
  let names = rest;
  if (first.includes('/')) {
    // TYPE/NAME arguments, all of one type.
    const pairs = positionals.map((arg) => arg.split('/'));
    if (pairs.some((pair) => pair.length !== 2 || pair[1] === '')) return undefined;
    const types = new Set(pairs.map(([type]) => canonicalResourceName(type!.split('.')[0]!)));
    if (types.size !== 1) return undefined;
    typeName = pairs[0]![0]!;
    names = pairs.map(([, name]) => name!);
  }
  if (typeName.includes(',')) return undefined;
  const plural = canonicalResourceName(typeName.split('.')[0]!);
  const type = qualifiedType(typeName) ?? (plural === undefined ? undefined : resourceTypes.get(plural));
  if (!type) return undefined;
  const output = values.output === undefined ? {kind: 'table' as const, wide: false} : parseOutput(values.output);
  if (!output) return undefined;
  return {
    resource: type.plural,
    group: type.group,
    kind: type.kind,
    namespaced: type.namespaced,
    names,
    namespace: booleans['all-namespaces'] ? undefined : values.namespace ?? defaultNamespace,
    selector: values.selector,
    showLabels: booleans['show-labels'] === true,
    labelColumns,
    output,
  };
}

/** The columns of a kind: Kubernetes' own printers, or its CRD's. */
function columnsOf(group: string, kind: string): KindColumns | undefined {
  return KIND_COLUMNS[`${group}/${kind}`] ?? customColumns(group, kind);
}

/** `pods`, `deployments.apps`, `virtualservices.networking.istio.io`: how the API server names the resource in errors. */
const qualified = (request: GetRequest): string => (request.group === '' ? request.resource : `${request.resource}.${request.group}`);

/** `-o name`: `pod/x`, `deployment.apps/x`. */
const nameOf = (request: GetRequest, object: ModelObject): string => `${request.kind.toLowerCase()}${request.group === '' ? '' : `.${request.group}`}/${object.name}`;

/** get.go's warning for Endpoints in 1.33 (the API server's deprecation warning, printed by kubectl on stderr). */
const ENDPOINTS_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

/** What kubectl prints (stdout then stderr, as a terminal shows them) for this request against this state. */
export function printGet(request: GetRequest, model: StateModel): string {
  if (request.names.length > 0 && request.namespace === undefined && request.namespaced) return 'error: a resource cannot be retrieved by name across all namespaces\n';
  if (request.names.length > 0 && request.selector !== undefined) return 'error: name cannot be provided when a selector is specified\n';
  untracked(request, model);
  const ofType = model.objects.filter((o) => o.group === request.group && o.kind === request.kind);
  const inScope = ofType.filter((o) => !request.namespaced || request.namespace === undefined || o.namespace === request.namespace);
  let found: ModelObject[];
  const errors: string[] = [];
  if (request.names.length > 0) {
    found = [];
    for (const name of request.names) {
      const object = inScope.find((o) => o.name === name);
      if (object) found.push(object);
      else errors.push(`Error from server (NotFound): ${qualified(request)} "${name}" not found\n`);
    }
  } else {
    let requirements;
    try {
      requirements = request.selector === undefined ? [] : parseSelector(request.selector);
    } catch (error) {
      if (error instanceof SelectorError) throw new ModelGap(`kubectl's selector error is not reproduced: ${error.message}`);
      throw error;
    }
    found = inScope
      .filter((o) => selects(requirements, stringMap(field(o.value, 'metadata', 'labels'))))
      .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));
  }
  const warning = request.group === '' && request.kind === 'Endpoints' ? ENDPOINTS_WARNING : '';
  const stdout = printObjects(request, found, model);
  let stderr = errors.join('');
  // get.go: a human-readable printer that wrote nothing, without errors, says so; not -A names the namespace, whatever the type's scope.
  if (request.output.kind === 'table' && stdout === '' && errors.length === 0) {
    stderr += request.namespace !== undefined ? `No resources found in ${request.namespace} namespace.\n` : 'No resources found\n';
  }
  return warning + stdout + stderr;
}

/** A kind the session's model does not keep track of where asked: an empty list or a NotFound would be invented. */
function untracked(request: GetRequest, model: StateModel): void {
  if (model.held === undefined) return;
  const namespace = request.namespaced ? request.namespace : '';
  const held = namespace === undefined
    ? model.held.some((key) => key.startsWith(heldKey(request.group, request.kind, '')))
    : model.held.includes(heldKey(request.group, request.kind, namespace));
  if (!held) throw new ModelGap(`the session's cluster model does not keep track of ${qualified(request)}${namespace ? ` in namespace ${namespace}` : ''}`);
}

function printObjects(request: GetRequest, objects: ModelObject[], model: StateModel): string {
  const output = request.output;
  const values = objects.map((o) => withoutManagedFields(o.value));
  // printGeneric: one name asked for (singleItemImplied) prints the object itself, or only its error; anything else a List.
  const single = request.names.length === 1;
  if (single && values.length === 0 && output.kind !== 'table') return '';
  const data = single ? values[0]! : asList(values);
  switch (output.kind) {
    case 'yaml':
    case 'json':
      for (const object of objects) requireServerFields(object);
      for (const object of objects) requireRecordedData(object);
      return output.kind === 'yaml' ? goYaml(data) : goJsonIndent(data);
    case 'jsonpath':
      return printJsonPathOverRecorded(output.template, data);
    case 'name':
      return objects.map((o) => `${nameOf(request, o)}\n`).join('');
    case 'table':
      return objects.length === 0 ? '' : table(request, objects, model, output.wide);
  }
}

/**
 * A Secret's or ConfigMap's `data` key the model writes null: the key is known (a table's DATA counts it) but its
 * value was not recorded (a private key, generated PEMs), so printing the object would invent it.
 */
function requireRecordedData(object: ModelObject): void {
  for (const section of DATA_SECTIONS) {
    const entries = field(object.value, section);
    if (entries === null || typeof entries !== 'object') continue;
    const unrecorded = Object.keys(entries).filter((key) => (entries as Record<string, unknown>)[key] === null);
    if (unrecorded.length > 0) throw new ModelGap(`the model holds ${object.kind} ${object.namespace}/${object.name}'s ${section} keys ${unrecorded.join(', ')} but not their values`);
  }
}

/** Stands for a value the model does not hold while a JSONPath template runs: printed, the answer would be invented. */
const UNRECORDED = '__meshdive_model_unrecorded_value__';

/** printJsonPath, refused when what it prints reaches a `data` value the model writes null (see requireRecordedData). */
function printJsonPathOverRecorded(template: string, data: unknown): string {
  const marked = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => marked(item));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    return Object.fromEntries(Object.entries(record).map(([name, inner]) => [name,
      key !== undefined && DATA_SECTIONS.includes(key) && inner === null ? UNRECORDED : marked(inner, name)]));
  };
  const printed = printJsonPath(template, marked(data));
  if (printed.includes(UNRECORDED)) throw new ModelGap('the template prints a Secret\'s or ConfigMap\'s data value the model does not hold');
  return printed;
}

const DATA_SECTIONS = ['data', 'binaryData', 'stringData'];

/** What every object read from an API server carries, and a printer of the whole object would show. */
function requireServerFields(object: ModelObject): void {
  for (const key of ['creationTimestamp', 'resourceVersion', 'uid']) {
    if (field(object.value, 'metadata', key) === undefined) throw new ModelGap(`the model does not hold ${object.kind} ${object.name}'s metadata.${key}, which the API server returns`);
  }
}

function table(request: GetRequest, objects: ModelObject[], model: StateModel, wide: boolean): string {
  const columns = columnsOf(request.group, request.kind);
  if (!columns) throw new ModelGap(`no printer for ${request.kind} (${request.group || 'core'})`);
  if (model.now === undefined) throw new ModelGap('the session gives this state no clock (cluster.now), so AGE cannot be printed');
  const header = [...columns.headers, ...(wide ? columns.wide : [])];
  const rows = objects.map((object) => columns.row(object, model.now!, wide));
  const all = request.namespace === undefined && request.namespaced;
  // cli-runtime tableprinter.go: formatLabelHeaders (a key's last `/` part, upper-cased), labelValues (the value, '' without), then LABELS.
  const labelHeaders = request.labelColumns.map((key) => key.split('/').at(-1)!.toUpperCase());
  const withLabels = (row: string[], object: ModelObject): string[] => {
    const labels = stringMap(field(object.value, 'metadata', 'labels'));
    return [...row, ...request.labelColumns.map((key) => labels[key] ?? ''), ...(request.showLabels ? [formatLabels(labels)] : [])];
  };
  const lines = [
    [...(all ? ['NAMESPACE'] : []), ...header, ...labelHeaders, ...(request.showLabels ? ['LABELS'] : [])],
    ...rows.map((row, i) => [...(all ? [objects[i]!.namespace] : []), ...withLabels(row, objects[i]!)]),
  ];
  // printers.GetNewTabWriter: minwidth 6, padding 3; an empty last cell keeps the padding before it.
  return tabwrite(`${lines.map((cells) => cells.map(printedCell).join('\t')).join('\n')}\n`, 6, 3);
}

/** tableprinter.go printRows: a cell is cut at its first newline, carriage return or form feed, and marked `...`. */
function printedCell(cell: string): string {
  const cut = cell.search(/[\n\r\f]/);
  return cut < 0 ? cell : `${cell.slice(0, cut)}...`;
}
