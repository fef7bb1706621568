/**
 * Reads a typed `linkerd ...` line into what a Linkerd printer answers: `linkerd check` (`--pre`,
 * `--proxy`, `--crds`, `-n`, `-o table|short|json`), `linkerd viz stat` of Deployments, pods, namespaces,
 * Services and the other workload types, or the CLI's refusal of the line (./linkerd-stat-command.ts),
 * `linkerd viz authz` of a Deployment
 * and `linkerd diagnostics policy po/NAME PORT` (parsePolicy). Flags are read as cobra/pflag
 * reads them: anywhere on the line, `--flag value` or `--flag=value`, `-nNS`. Anything else (other
 * commands, flags, output formats, resource types) is undefined: the session refuses it.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import type {CheckRequest} from './linkerd-check';
import type {StatRequest} from './linkerd-stat';
import {parseVizStat} from './linkerd-stat-command';
import type {AuthzRequest} from './linkerd-authz';
import type {PolicyRequest} from './linkerd-policy';
import {cobraHelp, parseCobraArgs, type CobraCommand} from './cobra';
import {CHECK, DIAGNOSTICS_POLICY, INJECT, VIZ_AUTHZ} from './linkerd-cli-commands';

export type LinkerdRequest =
  | {command: 'check'; request: CheckRequest}
  | {command: 'stat'; request: StatRequest}
  | {command: 'authz'; request: AuthzRequest}
  | {command: 'policy'; request: PolicyRequest}
  /** A line the CLI refuses before asking the cluster: what it prints (cobra's error and usage). */
  | {command: 'failure'; text: string}
  /** -h/--help: cobra's help for the command. */
  | {command: 'help'; text: string};

const DEPLOYMENT_TYPES = new Set(['deploy', 'deployment', 'deployments']);

interface Words {
  positionals: string[];
  flags: Map<string, string>;
}

const VALUED = new Set(['namespace', 'output', 'token', 'destination-pod', 'to', 'to-namespace', 'from', 'from-namespace']);
const NAMES: Record<string, string> = {'-n': 'namespace', '--namespace': 'namespace', '-o': 'output', '--output': 'output', '-A': 'all-namespaces', '--all-namespaces': 'all-namespaces', '--pre': 'pre', '--proxy': 'proxy', '--crds': 'crds', '--token': 'token', '--destination-pod': 'destination-pod',
  '--to': 'to', '--to-namespace': 'to-namespace', '--from': 'from', '--from-namespace': 'from-namespace'};
/** viz stat's --to/--from flags (read by ./linkerd-stat-command.ts), which no other command here takes. */
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
  const help = helpOf(texts);
  if (help !== undefined) return {command: 'help', text: help};
  if (texts[1] === 'viz' && texts[2] === 'stat') {
    const stat = parseVizStat(texts.slice(3), defaultNamespace);
    if (!stat) return undefined;
    if ('failure' in stat) return {command: 'failure', text: stat.failure};
    return 'help' in stat ? {command: 'help', text: stat.help} : {command: 'stat', request: stat.request};
  }
  const words = readWords(texts.slice(1));
  if (!words) return undefined;
  const [first, second, ...rest] = words.positionals;
  const namespace = words.flags.get('namespace');
  const output = words.flags.get('output');
  if (OUTBOUND_FLAGS.some((flag) => words.flags.has(flag))) return undefined;
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
  if (first !== 'viz' || second !== 'authz' || rest.length === 0) return undefined;
  const [target, ...names] = rest;
  const slash = target!.indexOf('/');
  const type = (slash > 0 ? target!.slice(0, slash) : target!).toLowerCase();
  const named = slash > 0 ? [target!.slice(slash + 1), ...names] : names;
  if (!DEPLOYMENT_TYPES.has(type)) return undefined;
  if (named.length !== 1 || output !== undefined || words.flags.has('all-namespaces')) return undefined;
  return {command: 'authz', request: {name: named[0]!, namespace: namespace ?? defaultNamespace}};
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

/** The commands whose -h/--help is answered, by the words that name them (`dg` is diagnostics' alias). */
const HELP_COMMANDS: readonly (readonly [words: readonly string[], command: CobraCommand])[] = [
  [['check'], CHECK], [['inject'], INJECT], [['viz', 'authz'], VIZ_AUTHZ], [['diagnostics', 'policy'], DIAGNOSTICS_POLICY], [['dg', 'policy'], DIAGNOSTICS_POLICY],
];

/**
 * cobra's help for `linkerd COMMAND … -h|--help` once pflag has read the whole line, or undefined. A line
 * giving a number, duration or list flag a value is left to the command's own reading: pflag would
 * refuse a malformed one before answering help, and those values are not checked here.
 */
function helpOf(texts: readonly string[]): string | undefined {
  for (const [words, command] of HELP_COMMANDS) {
    if (!words.every((word, i) => texts[1 + i] === word)) continue;
    const parsed = parseCobraArgs(command, texts.slice(1 + words.length));
    if (parsed !== 'help') return undefined;
    const flags = [...command.flags, ...command.parentFlags.flat()];
    const unchecked = texts.some((text) => flags.some((flag) => !['string', 'bool', 'stringArray'].includes(flag.type) && (text === `--${flag.name}` || text.startsWith(`--${flag.name}=`))));
    return unchecked ? undefined : cobraHelp(command);
  }
  return undefined;
}
