/**
 * Reads a typed `linkerd ...` line into what a Linkerd printer answers: `linkerd check` (`--pre`,
 * `--proxy`, `--crds`, `-n`, `-o table|short|json`), `linkerd viz stat` of Deployments, pods, namespaces,
 * Services and the other workload types (`deploy`, `po/NAME`, `ns`, `svc NAME…`, `sts`, `ds`, `job`, `rs`, `rc`,
 * `cj`; `-n`, `-A`, `-o wide|json`, `--to`/`--from` with their namespaces (statOutbound); `authority` is no type
 * 2.20's resourceNames know), `linkerd viz authz` of a Deployment
 * and `linkerd diagnostics policy po/NAME PORT` (parsePolicy). Flags are read as cobra/pflag
 * reads them: anywhere on the line, `--flag value` or `--flag=value`, `-nNS`. Anything else (other
 * commands, flags, output formats, resource types) is undefined: the session refuses it.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import type {CheckRequest} from './linkerd-check';
import type {StatRequest, StatType} from './linkerd-stat';
import type {AuthzRequest} from './linkerd-authz';
import type {PolicyRequest} from './linkerd-policy';

export type LinkerdRequest =
  | {command: 'check'; request: CheckRequest}
  | {command: 'stat'; request: StatRequest}
  | {command: 'authz'; request: AuthzRequest}
  | {command: 'policy'; request: PolicyRequest};

const DEPLOYMENT_TYPES = new Set(['deploy', 'deployment', 'deployments']);
/** k8s.CanonicalResourceNameFromFriendlyName for the types viz stat answers here. */
const STAT_TYPES: Record<string, StatType> = {
  deploy: 'deployment', deployment: 'deployment', deployments: 'deployment',
  po: 'pod', pod: 'pod', pods: 'pod',
  ns: 'namespace', namespace: 'namespace', namespaces: 'namespace',
  svc: 'service', service: 'service', services: 'service',
  sts: 'statefulset', statefulset: 'statefulset', statefulsets: 'statefulset',
  ds: 'daemonset', daemonset: 'daemonset', daemonsets: 'daemonset',
  job: 'job', jobs: 'job',
  rs: 'replicaset', replicaset: 'replicaset', replicasets: 'replicaset',
  rc: 'replicationcontroller', replicationcontroller: 'replicationcontroller', replicationcontrollers: 'replicationcontroller',
  cj: 'cronjob', cronjob: 'cronjob', cronjobs: 'cronjob',
};

interface Words {
  positionals: string[];
  flags: Map<string, string>;
}

const VALUED = new Set(['namespace', 'output', 'token', 'destination-pod', 'to', 'to-namespace', 'from', 'from-namespace']);
const NAMES: Record<string, string> = {'-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output', '-A': 'all-namespaces', '--all-namespaces': 'all-namespaces', '--pre': 'pre', '--proxy': 'proxy', '--crds': 'crds', '--token': 'token', '--destination-pod': 'destination-pod',
  '--to': 'to', '--to-namespace': 'to-namespace', '--from': 'from', '--from-namespace': 'from-namespace'};
/** viz stat's --to/--from flags, which no other command here takes. */
const OUTBOUND_FLAGS = ['to', 'to-namespace', 'from', 'from-namespace'];
/** k8s.CanonicalResourceNameFromFriendlyName for the two types `diagnostics policy` answers. */
const POLICY_TYPES: Record<string, PolicyRequest['type']> = {po: 'pod', pod: 'pod', pods: 'pod', svc: 'service', service: 'service', services: 'service'};

function readWords(words: string[]): Words | undefined {
  const result: Words = {positionals: [], flags: new Map()};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-')) {
      result.positionals.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const raw = word.startsWith('--') && equals > 0 ? word.slice(0, equals) : word;
    let name = NAMES[raw];
    let value = word.startsWith('--') && equals > 0 ? word.slice(equals + 1) : undefined;
    if (!name && !word.startsWith('--') && VALUED.has(NAMES[word.slice(0, 2)] ?? '')) {
      name = NAMES[word.slice(0, 2)];
      value = word.slice(2).replace(/^=/, '');
    }
    if (!name) return undefined;
    if (VALUED.has(name)) {
      value ??= words[++i];
      if (value === undefined) return undefined;
    } else if (value !== undefined && value !== 'true') {
      if (value !== 'false') return undefined;
      continue;
    }
    result.flags.set(name, value ?? 'true');
  }
  return result;
}

export function parseLinkerd(line: string, defaultNamespace: string, placeholders: Readonly<Record<string, string>> = {}): LinkerdRequest | undefined {
  const split = splitWords(resolvePlaceholders(line, placeholders));
  if (split.some((word) => word.kind !== 'word')) return undefined;
  const texts = split.map((word) => (word as {text: string}).text);
  if (texts[0] !== 'linkerd') return undefined;
  const words = readWords(texts.slice(1));
  if (!words) return undefined;
  const [first, second, ...rest] = words.positionals;
  const namespace = words.flags.get('namespace');
  const output = words.flags.get('output');
  if (!(first === 'viz' && second === 'stat') && OUTBOUND_FLAGS.some((flag) => words.flags.has(flag))) return undefined;
  if (first === 'check' && second === undefined) {
    if (output !== undefined && output !== 'table' && output !== 'short' && output !== 'json') return undefined;
    const pre = words.flags.has('pre');
    const proxy = words.flags.has('proxy');
    const crds = words.flags.has('crds');
    if (words.flags.has('all-namespaces') || Number(pre) + Number(proxy) + Number(crds) > 1) return undefined;
    return {command: 'check', request: {pre, proxy, crds, namespace: namespace ?? '', output: output ?? 'table'}};
  }
  if (first === 'diagnostics' && second === 'policy') return parsePolicy(rest, words);
  if (words.flags.has('token') || words.flags.has('destination-pod')) return undefined;
  if (first !== 'viz' || (second !== 'stat' && second !== 'authz') || rest.length === 0) return undefined;
  const [target, ...names] = rest;
  const slash = target!.indexOf('/');
  const type = (slash > 0 ? target!.slice(0, slash) : target!).toLowerCase();
  const named = slash > 0 ? [target!.slice(slash + 1), ...names] : names;
  if (second === 'stat') {
    const statType = STAT_TYPES[type];
    if (!statType || (output !== undefined && output !== 'table' && output !== 'wide' && output !== 'json')) return undefined;
    const all = words.flags.has('all-namespaces');
    // validateConflictingFlags and validateNamespaceFlags refuse these; the line is left to the session to refuse.
    if ((all && named.length > 0) || (all && namespace !== undefined) || (statType === 'namespace' && namespace !== undefined)) return undefined;
    const request: StatRequest = {type: statType, names: named, namespace: all ? undefined : namespace ?? defaultNamespace, output: (output ?? 'table') as StatRequest['output']};
    const outbound = statOutbound(words, statType, request.namespace);
    if (outbound === null) return undefined;
    return {command: 'stat', request: outbound ? {...request, outbound} : request};
  }
  if (!DEPLOYMENT_TYPES.has(type)) return undefined;
  if (named.length !== 1 || output !== undefined || words.flags.has('all-namespaces')) return undefined;
  return {command: 'authz', request: {name: named[0]!, namespace: namespace ?? defaultNamespace}};
}

/**
 * viz/cmd/stat.go's --to/--from with BuildStatSummaryRequest: `TYPE/NAME` of a Deployment, pod or
 * namespace (or, for --to, a Service), its namespace --to-namespace/--from-namespace or the request's
 * (none under -A: DstQueryLabels/QueryLabels then add no namespace label). Stat'd types: Deployments,
 * pods, namespaces and Services, those the model's Deployment-to-Deployment edges answer. undefined
 * without either flag; null for what the model does not answer or the CLI refuses with its usage
 * (both flags, both namespaces, a namespace flag alone or with a namespace stat type, another type) or
 * the metrics API with a prototext error (--from svc).
 */
function statOutbound(words: Words, statType: StatType, namespace: string | undefined): StatRequest['outbound'] | null | undefined {
  const to = words.flags.get('to');
  const from = words.flags.get('from');
  const toNamespace = words.flags.get('to-namespace');
  const fromNamespace = words.flags.get('from-namespace');
  if (to === undefined && from === undefined && toNamespace === undefined && fromNamespace === undefined) return undefined;
  if ((to !== undefined && from !== undefined) || (toNamespace !== undefined && fromNamespace !== undefined)) return null;
  const direction = to !== undefined ? 'to' : 'from';
  const target = to ?? from;
  const otherNamespace = direction === 'to' ? toNamespace : fromNamespace;
  if (target === undefined || (direction === 'to' ? fromNamespace : toNamespace) !== undefined) return null;
  if (statType === 'namespace' && otherNamespace !== undefined) return null;
  const [typeText, name, extra] = target.split('/');
  const type = STAT_TYPES[(typeText ?? '').toLowerCase()];
  if (!name || extra !== undefined) return null;
  if (type !== 'deployment' && type !== 'pod' && type !== 'namespace' && !(type === 'service' && direction === 'to')) return null;
  if (statType !== 'deployment' && statType !== 'pod' && statType !== 'namespace' && statType !== 'service') return null;
  return {direction, type, name, namespace: otherNamespace ?? namespace};
}

/**
 * cli/cmd/policy.go: `diagnostics policy [flags] TYPE/NAME PORT`, -n (its own default "default"),
 * -o yaml|json, --token (sent with outbound requests only). Refused: --destination-pod (a port-forward
 * to a named pod, which fails for a name the cluster lacks) and lines the CLI rejects before asking
 * (a bare type, a type neither Pod nor Service, a port that is not a number).
 */
function parsePolicy(args: string[], words: Words): LinkerdRequest | undefined {
  if (args.length !== 2 || words.flags.has('all-namespaces') || words.flags.has('pre') || words.flags.has('proxy') || words.flags.has('crds')) return undefined;
  const elems = args[0]!.split('/');
  const type = elems.length === 2 ? POLICY_TYPES[elems[0]!.toLowerCase()] : undefined;
  if (!type || elems[1] === '' || !/^\d+$/.test(args[1]!)) return undefined;
  const output = words.flags.get('output') ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') return undefined;
  if (words.flags.has('destination-pod')) return undefined;
  return {command: 'policy', request: {type, name: elems[1]!, namespace: words.flags.get('namespace') ?? 'default', port: Number(args[1]), output, token: words.flags.get('token') ?? 'default:diagnostics'}};
}
