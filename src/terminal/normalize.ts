/**
 * Reduces a typed kubectl/istioctl command to a canonical form that keeps its
 * meaning and drops its spelling: aliases (`k`, `vs`, `pc`), quoting, spacing,
 * flag order and `--flag=value` vs `--flag value`, the namespace that is the
 * default anyway, `TYPE/NAME` vs `TYPE NAME`, `a | kubectl apply -f -` vs
 * `kubectl apply -f <(a)`. Two commands match when their canonical forms are equal.
 */
import {splitWords, type Word} from './shell-words';
import {canonicalResourceName} from '../engine/families/catalog';

export interface NormalizeContext {
  /** The namespace the session's kubeconfig points at; `-n` naming it changes nothing. */
  namespace: string;
  /** `<pod-name>` and the like, resolved to the recorded cluster's real names. */
  placeholders: Readonly<Record<string, string>>;
  /**
   * Deployment name → its one pod in the recorded cluster, for istioctl's
   * `deploy/NAME` (istioctl picks a pod of the deployment). See podsByDeployment.
   */
  deploymentPods?: Readonly<Record<string, string>>;
}

/**
 * A resource type as kubectl resolves it, from the API families' catalog: `vs`, `VirtualService`,
 * `virtualservices.networking.istio.io`, `virtualservices.v1.networking.istio.io` → `virtualservices`.
 * A qualified name's first segment is the resource; the rest is version and group.
 */
function canonicalResource(name: string): string {
  const lower = name.toLowerCase();
  const resource = lower.includes('.') ? lower.slice(0, lower.indexOf('.')) : lower;
  return canonicalResourceName(resource) ?? lower;
}

/** A pod name as a Deployment names its pods: `DEPLOYMENT-<replicaset hash>-<5 chars>`. */
const DEPLOYMENT_POD = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?)-[a-z0-9]{6,10}-[a-z0-9]{5}$/;

/**
 * The deployments whose pod is unambiguous among the given pod names. A deployment
 * with two known pods (before and after a restart) maps to none: istioctl would pick
 * one of the live pods, and the recording cannot tell which.
 */
export function podsByDeployment(podNames: Iterable<string>): Record<string, string> {
  const pods = new Map<string, Set<string>>();
  for (const pod of podNames) {
    const deployment = DEPLOYMENT_POD.exec(pod)?.[1];
    if (deployment) pods.set(deployment, (pods.get(deployment) ?? new Set()).add(pod));
  }
  return Object.fromEntries([...pods].filter(([, names]) => names.size === 1).map(([deployment, names]) => [deployment, [...names][0]!]));
}

interface FlagSpec {
  /** Flag names (`-n`, `--namespace`) → canonical name. */
  names: Record<string, string>;
  /** Canonical names of flags that take a value. */
  valued: ReadonlySet<string>;
}

const KUBECTL_FLAGS: FlagSpec = {
  names: {
    '-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output',
    '-f': 'filename', '--filename': 'filename', '-l': 'selector', '--selector': 'selector',
    '-c': 'container', '--container': 'container', '-A': 'all-namespaces', '--all-namespaces': 'all-namespaces',
    '-w': 'watch', '--watch': 'watch', '-L': 'label-columns', '--label-columns': 'label-columns',
    '-p': 'patch', '--patch': 'patch', '--context': 'context', '--type': 'type', '--tail': 'tail',
    '--field-selector': 'field-selector', '--sort-by': 'sort-by', '--since': 'since',
    '-i': 'stdin', '--stdin': 'stdin', '-t': 'tty', '--tty': 'tty',
  },
  valued: new Set(['namespace', 'output', 'filename', 'selector', 'container', 'label-columns', 'patch', 'context', 'type', 'tail', 'field-selector', 'sort-by', 'since']),
};

const ISTIOCTL_FLAGS: FlagSpec = {
  names: {
    '-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output',
    '-f': 'filename', '--filename': 'filename', '-A': 'all-namespaces', '--all-namespaces': 'all-namespaces',
    '-i': 'istio-namespace', '--istioNamespace': 'istio-namespace', '--istio-namespace': 'istio-namespace',
    '-r': 'revision', '--revision': 'revision', '-y': 'skip-confirmation', '--skip-confirmation': 'skip-confirmation',
    '--set': 'set', '-s': 'set', '--name': 'name', '--port': 'port', '--fqdn': 'fqdn', '--cluster': 'cluster',
    '--context': 'context', '--direction': 'direction', '--subset': 'subset', '-v': 'verbosity',
  },
  valued: new Set(['namespace', 'output', 'filename', 'istio-namespace', 'revision', 'set', 'name', 'port', 'fqdn', 'cluster', 'context', 'direction', 'subset', 'verbosity']),
};

/** linkerd 2.20's flags that the sessions use (cli/cmd/check.go, viz/cmd/stat.go, authz.go, install.go, inject.go). */
const LINKERD_FLAGS: FlagSpec = {
  names: {
    '-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output', '-A': 'all-namespaces', '--all-namespaces': 'all-namespaces',
    '-t': 'time-window', '--time-window': 'time-window', '-l': 'selector', '--selector': 'selector', '-L': 'linkerd-namespace', '--linkerd-namespace': 'linkerd-namespace',
    '--pre': 'pre', '--proxy': 'proxy', '--crds': 'crds', '--wait': 'wait', '--context': 'context', '--set': 'set',
  },
  valued: new Set(['namespace', 'output', 'time-window', 'selector', 'linkerd-namespace', 'wait', 'context', 'set']),
};

const ISTIOCTL_COMMANDS: Record<string, string> = {pc: 'proxy-config', ps: 'proxy-status', x: 'experimental', ver: 'version'};
const PROXY_CONFIG_TYPES: Record<string, string> = {
  route: 'route', routes: 'route', r: 'route', cluster: 'cluster', clusters: 'cluster', c: 'cluster',
  listener: 'listener', listeners: 'listener', l: 'listener', endpoint: 'endpoint', endpoints: 'endpoint', ep: 'endpoint',
  bootstrap: 'bootstrap', b: 'bootstrap', secret: 'secret', s: 'secret', all: 'all', a: 'all', log: 'log',
};
/** kubectl verbs whose first argument is a resource type (or TYPE/NAME). */
const TYPED_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'scale', 'patch', 'explain', 'top', 'wait']);
/** kubectl verbs that take a pod (or TYPE/NAME of something with pods). */
const POD_VERBS = new Set(['logs', 'exec', 'port-forward', 'attach', 'cp']);

interface Parsed {
  positionals: string[];
  flags: Map<string, string[]>;
}

export function resolvePlaceholders(line: string, placeholders: Readonly<Record<string, string>>): string {
  return line.replace(/<([a-z][a-z0-9-]*)>/gi, (whole, name: string) => placeholders[name.toLowerCase()] ?? whole);
}

/**
 * Process substitutions nested deeper than this are compared as written, not normalised:
 * each level re-reads its text, so unbounded nesting (`<(<(<(...`) would be quadratic.
 */
const MAX_SUBSTITUTION_DEPTH = 4;

/** The canonical form of a command line; '' for a blank line or a comment. */
export function normalizeCommand(line: string, context: NormalizeContext): string {
  return normalizeLine(line, context, 0);
}

function normalizeLine(line: string, context: NormalizeContext, depth: number): string {
  return normalizeWords(splitWords(resolvePlaceholders(line, context.placeholders)), context, depth);
}

function normalizeWords(words: Word[], context: NormalizeContext, depth: number): string {
  const segments: Array<Array<Exclude<Word, {kind: 'pipe'}>>> = [[]];
  for (const word of words) {
    if (word.kind === 'pipe') segments.push([]);
    else segments[segments.length - 1]!.push(word);
  }
  const canonical = segments.map((segment) => normalizeSimple(segment, context, depth));
  // `a | kubectl apply -f -` is `kubectl apply -f <(a)`: same manifest, same result.
  if (canonical.length === 2 && canonical[1] === 'kubectl apply --filename=-') {
    return `kubectl apply --filename=<(${canonical[0]})`;
  }
  return canonical.join(' | ');
}

function wordText(word: Exclude<Word, {kind: 'pipe'}>, context: NormalizeContext, depth: number): string {
  if (word.kind !== 'substitution') return word.text;
  return `<(${depth < MAX_SUBSTITUTION_DEPTH ? normalizeLine(word.inner, context, depth + 1) : word.inner})`;
}

function normalizeSimple(words: Array<Exclude<Word, {kind: 'pipe'}>>, context: NormalizeContext, depth: number): string {
  const texts = words.map((word) => wordText(word, context, depth));
  if (texts.length === 0) return '';
  const program = texts[0] === 'k' ? 'kubectl' : texts[0]!;
  if (program === 'kubectl') return render('kubectl', normalizeKubectl(parseFlags(texts.slice(1), KUBECTL_FLAGS), context));
  if (program === 'istioctl') return render('istioctl', normalizeIstioctl(parseFlags(texts.slice(1), ISTIOCTL_FLAGS), context));
  if (program === 'linkerd') return render('linkerd', normalizeLinkerd(parseFlags(texts.slice(1), LINKERD_FLAGS), context));
  return texts.join(' ');
}

function parseFlags(args: string[], spec: FlagSpec): Parsed {
  const parsed: Parsed = {positionals: [], flags: new Map()};
  const add = (name: string, value: string): void => {
    const values = parsed.flags.get(name);
    if (values) values.push(value);
    else parsed.flags.set(name, [value]);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const rawName = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    const inline = arg.startsWith('--') && equals > 0 ? arg.slice(equals + 1) : undefined;
    const known = spec.names[rawName];
    if (known) {
      if (spec.valued.has(known)) add(known, inline ?? args[++i] ?? '');
      else add(known, inline ?? 'true');
      continue;
    }
    // Short flag glued to its value: -ndefault, -oyaml, -n=default.
    const shortName = spec.names[arg.slice(0, 2)];
    if (!arg.startsWith('--') && shortName && spec.valued.has(shortName)) {
      add(shortName, arg.slice(2).replace(/^=/, ''));
      continue;
    }
    add(rawName.replace(/^-+/, ''), inline ?? 'true');
  }
  return parsed;
}

function dropDefaultNamespace(parsed: Parsed, context: NormalizeContext): void {
  const namespaces = parsed.flags.get('namespace');
  if (namespaces && namespaces.every((namespace) => namespace === context.namespace)) parsed.flags.delete('namespace');
}

/**
 * A trailing `{"\n"}` only ends jsonpath's output with a newline, which the terminal adds
 * anyway: the template without its trailing `{"\n"}`s (one is kept if it is all there is).
 * Scanned from the end, in one pass however many there are.
 */
function withoutTrailingNewlines(template: string): string {
  let end = template.length;
  for (let start = newlineTemplateEndingAt(template, end); start > 0; start = newlineTemplateEndingAt(template, end)) end = start;
  return template.slice(0, end);
}

/** Where a `{ "\n" }` (or `{'\n'}`) that ends at `end` starts, or -1. */
function newlineTemplateEndingAt(text: string, end: number): number {
  let index = end - 1;
  if (text[index] !== '}') return -1;
  index = skipSpacesBack(text, index - 1);
  const quote = text[index];
  if ((quote !== '"' && quote !== "'") || text[index - 1] !== 'n' || text[index - 2] !== '\\' || text[index - 3] !== quote) return -1;
  index = skipSpacesBack(text, index - 4);
  return text[index] === '{' ? index : -1;
}

function skipSpacesBack(text: string, from: number): number {
  let index = from;
  while (index >= 0 && /\s/.test(text[index]!)) index--;
  return index;
}

function normalizeOutput(parsed: Parsed): void {
  const outputs = parsed.flags.get('output');
  if (!outputs) return;
  parsed.flags.set('output', outputs.map((output) => {
    const [format, ...rest] = output.split('=');
    let template = rest.join('=').trim();
    const kind = format!.toLowerCase();
    if (kind === 'jsonpath' || kind === 'jsonpath-as-json') template = withoutTrailingNewlines(template);
    return rest.length ? `${kind}=${template}` : kind;
  }));
}

/** `-f ./x.yaml` and `-f x.yaml` name the same file. */
function normalizeFilenames(parsed: Parsed): void {
  const files = parsed.flags.get('filename');
  if (files) parsed.flags.set('filename', files.map((file) => file.replace(/^(?:\.\/)+(?=.)/, '')));
}

function normalizeKubectl(parsed: Parsed, context: NormalizeContext): Parsed {
  dropDefaultNamespace(parsed, context);
  normalizeOutput(parsed);
  normalizeFilenames(parsed);
  const [verb, ...rest] = parsed.positionals;
  if (verb === undefined) return parsed;
  if (verb === 'rollout' && rest.length > 0) {
    const [subverb, ...targets] = rest;
    return {...parsed, positionals: ['rollout', subverb!, ...typedTargets(targets)]};
  }
  if (TYPED_VERBS.has(verb)) {
    let targets = typedTargets(rest);
    if (verb === 'label' || verb === 'annotate') targets = sortAssignments(targets);
    return {...parsed, positionals: [verb, ...targets]};
  }
  if (POD_VERBS.has(verb) && rest.length > 0) {
    const [target, ...more] = rest;
    const slash = target!.indexOf('/');
    const resolved = slash > 0 ? [canonicalResource(target!.slice(0, slash)), target!.slice(slash + 1)] : ['pods', target!];
    return {...parsed, positionals: [verb, ...resolved, ...more]};
  }
  return parsed;
}

/** `pod x`, `po/x`, `pods x` → `pods x`; `vs,dr` → `virtualservices,destinationrules`. */
function typedTargets(args: string[]): string[] {
  if (args.length === 0) return args;
  const isTypeSlashName = (arg: string): boolean => arg.includes('/') && !arg.includes('=');
  if (!isTypeSlashName(args[0]!)) {
    const [first, ...names] = args;
    return [first!.split(',').map(canonicalResource).join(','), ...names];
  }
  const firstOther = args.findIndex((arg) => !isTypeSlashName(arg));
  const leading = firstOther < 0 ? args : args.slice(0, firstOther);
  const rest = args.slice(leading.length);
  const split = leading.map((arg) => [canonicalResource(arg.slice(0, arg.indexOf('/'))), arg.slice(arg.indexOf('/') + 1)] as const);
  const types = new Set(split.map(([type]) => type));
  if (types.size === 1) return [split[0]![0], ...split.map(([, name]) => name), ...rest];
  return [...split.map(([type, name]) => `${type}/${name}`), ...rest];
}

/** `kubectl label ns default b=2 a=1`: labels are a set, their order is not meaningful. */
function sortAssignments(args: string[]): string[] {
  const isAssignment = (arg: string): boolean => /^[^=\s]+=/.test(arg) || /^[\w./-]+-$/.test(arg);
  return [...args.filter((arg) => !isAssignment(arg)), ...args.filter(isAssignment).sort()];
}

function normalizeIstioctl(parsed: Parsed, context: NormalizeContext): Parsed {
  normalizeOutput(parsed);
  normalizeFilenames(parsed);
  const positionals = [...parsed.positionals];
  if (positionals[0]) positionals[0] = ISTIOCTL_COMMANDS[positionals[0]] ?? positionals[0];
  const command = positionals[0];
  let podIndex = -1;
  if (command === 'proxy-config' && positionals[1]) {
    positionals[1] = PROXY_CONFIG_TYPES[positionals[1]] ?? positionals[1];
    podIndex = 2;
  } else if (command === 'proxy-status') {
    podIndex = 1;
  }
  const pod = podIndex > 0 ? positionals[podIndex] : undefined;
  if (pod !== undefined) {
    // `pod/NAME`, `deploy/NAME` (istioctl picks a pod of the deployment), and
    // `NAME.NAMESPACE` which istioctl reads as a namespace.
    const deployment = /^(?:deployments?|deploy)\/(.+)$/.exec(pod)?.[1];
    const [deploymentName, deploymentNamespace] = deployment?.split('.') ?? [];
    const namespace = deploymentNamespace ?? parsed.flags.get('namespace')?.[0] ?? context.namespace;
    const deployed = deploymentName && namespace === context.namespace ? context.deploymentPods?.[deploymentName] : undefined;
    const withoutType = deployed || pod.replace(/^(pods?|po)\//, '');
    const dot = withoutType.indexOf('.');
    if (dot > 0 && !withoutType.includes('/')) {
      positionals[podIndex] = withoutType.slice(0, dot);
      parsed.flags.set('namespace', [withoutType.slice(dot + 1)]);
    } else {
      positionals[podIndex] = withoutType;
    }
  }
  dropDefaultNamespace(parsed, context);
  if (command === 'install' || command === 'upgrade') {
    // The confirmation prompt and the profile that is the default anyway do not change what is installed.
    parsed.flags.delete('skip-confirmation');
    const sets = (parsed.flags.get('set') ?? []).filter((value) => value !== 'profile=default');
    if (sets.length) parsed.flags.set('set', sets);
    else parsed.flags.delete('set');
  }
  return {...parsed, positionals};
}

function render(program: string, parsed: Parsed): string {
  const flags = [...parsed.flags]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([name, values]) => [...values].sort().map((value) => `--${name}=${value}`));
  return [program, ...parsed.positionals, ...flags].join(' ');
}

/**
 * `linkerd viz stat|authz|edges|top|tap TYPE/NAME`: the resource as kubectl's (`deploy/web` is
 * `deployments web`), and `-n` naming the kubeconfig's namespace dropped as their default.
 * `linkerd check -n NS` keeps its namespace: without it the data-plane checks cover every namespace.
 * Boolean flags written `--proxy=true` are `--proxy`; the table output is the default.
 */
function normalizeLinkerd(parsed: Parsed, context: NormalizeContext): Parsed {
  const positionals = [...parsed.positionals];
  normalizeOutput(parsed);
  if (parsed.flags.get('output')?.every((output) => output === 'table')) parsed.flags.delete('output');
  for (const name of ['pre', 'proxy', 'crds', 'all-namespaces']) {
    const values = parsed.flags.get(name);
    if (values?.every((value) => value === 'false')) parsed.flags.delete(name);
  }
  if (positionals[0] === 'viz' && positionals[1] !== undefined && ['stat', 'authz', 'edges', 'top', 'tap', 'routes'].includes(positionals[1])) {
    dropDefaultNamespace(parsed, context);
    return {...parsed, positionals: ['viz', positionals[1], ...typedTargets(positionals.slice(2))]};
  }
  return {...parsed, positionals};
}
