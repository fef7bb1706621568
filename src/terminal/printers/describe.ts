/**
 * `kubectl describe namespace NAME` (kubectl v1.33 pkg/describe/describe.go: NamespaceDescriber,
 * describeNamespace, printLabelsMultiline, printAnnotationsMultiline, DescribeResourceQuotas,
 * DescribeLimitRanges), written through tabbedString's tabwriter. A namespace holding quotas or
 * limit ranges is not printed here (their tables are not ported): a gap.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {canonicalResourceName} from '../../engine/families/catalog';
import {byteOrder} from './jsonpath';
import {field, isRecord, ModelGap, stringMap, type StateModel} from './model';
import {tabwrite} from './tabwriter';

/** describe.go's skipAnnotations: the last-applied configuration is never shown. */
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LENGTH = 140;

export interface DescribeRequest {
  names: string[];
  /** `describe namespace NAME`, two arguments: a missing name is read as a prefix (DescribeMatchingResources). */
  prefixed: boolean;
}

/** The namespaces `kubectl describe namespace A B` asks for, or undefined for another line. */
export function parseDescribeNamespace(line: string, placeholders: Readonly<Record<string, string>> = {}): DescribeRequest | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders));
  if (words.some((word) => word.kind !== 'word')) return undefined;
  const [program, verb, ...args] = words.map((word) => (word as {text: string}).text);
  if ((program !== 'kubectl' && program !== 'k') || verb !== 'describe' || args.length === 0) return undefined;
  // Any flag (-n changes nothing for a cluster-scoped kind, but -l, --show-events… are not ported): not covered.
  if (args.some((arg) => arg.startsWith('-'))) return undefined;
  const slash = args[0]!.indexOf('/');
  const type = slash > 0 ? args[0]!.slice(0, slash) : args[0]!;
  const names = slash > 0 ? args.map((arg) => arg.slice(arg.indexOf('/') + 1)) : args.slice(1);
  if (canonicalResourceName(type) !== 'namespaces' || names.length === 0) return undefined;
  if (slash > 0 && args.some((arg) => !arg.startsWith(`${type}/`))) return undefined;
  return {names, prefixed: args.length === 2};
}

/** `kubectl describe` of one namespaced type: the names, their namespace, and whether one name is a prefix. */
export interface DescribeNamespacedRequest {
  namespace: string;
  names: string[];
  /** One name (`describe pod NAME`): a missing name is read as a prefix (DescribeMatchingResources). */
  prefixed: boolean;
}

/**
 * `kubectl describe TYPE NAME... [-n NS]` (or `TYPE/NAME...`) where TYPE is any name of `resource`
 * (`po`, `pod`, `pods`); other flags are not ported: undefined.
 */
export function parseDescribeNamespaced(line: string, resource: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): DescribeNamespacedRequest | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders));
  if (words.some((word) => word.kind !== 'word')) return undefined;
  const [program, verb, ...rest] = words.map((word) => (word as {text: string}).text);
  if ((program !== 'kubectl' && program !== 'k') || verb !== 'describe') return undefined;
  let namespace = contextNamespace;
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if ((arg === '-n' || arg === '--namespace') && i + 1 < rest.length) namespace = rest[++i]!;
    else if (arg.startsWith('--namespace=')) namespace = arg.slice('--namespace='.length);
    else if (arg.startsWith('-')) return undefined;
    else args.push(arg);
  }
  if (args.length === 0) return undefined;
  const slash = args[0]!.indexOf('/');
  const type = slash > 0 ? args[0]!.slice(0, slash) : args[0]!;
  if (canonicalResourceName(type) !== resource) return undefined;
  if (slash > 0 && args.some((arg) => !arg.startsWith(`${type}/`))) return undefined;
  const names = slash > 0 ? args.map((arg) => arg.slice(arg.indexOf('/') + 1)) : args.slice(1);
  if (names.length === 0) return undefined;
  return {namespace, names, prefixed: slash < 0 && args.length === 2};
}

export function labelsLines(title: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort(byteOrder);
  if (keys.length === 0) return `${title}:\t<none>\n`;
  return keys.map((key, i) => `${i === 0 ? `${title}:` : ''}\t${key}=${labels[key]}\n`).join('');
}

export function annotationLines(title: string, annotations: Record<string, string>): string {
  const keys = Object.keys(annotations).filter((key) => !SKIP_ANNOTATIONS.has(key)).sort(byteOrder);
  if (keys.length === 0) return `${title}:\t<none>\n`;
  return keys.map((key, i) => {
    const prefix = i === 0 ? `${title}:\t` : '\t';
    const value = annotations[key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LENGTH || value.includes('\n')) {
      const shorten = (s: string): string => (s.length > MAX_ANNOTATION_LENGTH - 2 ? `${s.slice(0, MAX_ANNOTATION_LENGTH - 2)}...` : s);
      return `${prefix}${key}:\n${value.split('\n').map((s) => `\t  ${shorten(s)}\n`).join('')}`;
    }
    return `${prefix}${key}: ${value}\n`;
  }).join('');
}

function describeNamespace(name: string, model: StateModel): string {
  const namespace = model.objects.find((o) => o.group === '' && o.kind === 'Namespace' && o.name === name)!;
  if (model.objects.some((o) => o.group === '' && (o.kind === 'ResourceQuota' || o.kind === 'LimitRange') && o.namespace === name)) {
    throw new ModelGap(`namespace ${name} holds quotas or limit ranges, whose tables are not printed here`);
  }
  const conditions = field(namespace.value, 'status', 'conditions');
  if (Array.isArray(conditions) && conditions.length > 0) throw new ModelGap(`namespace ${name} has status conditions, whose table is not printed here`);
  const phase = field(namespace.value, 'status', 'phase');
  const metadata = isRecord(namespace.value.metadata) ? namespace.value.metadata : {};
  const shownPhase = typeof phase === 'string' ? phase : metadata.deletionTimestamp !== undefined ? 'Terminating' : 'Active';
  const text = `Name:\t${name}\n${labelsLines('Labels', stringMap(metadata.labels))}${annotationLines('Annotations', stringMap(metadata.annotations))}Status:\t${shownPhase}\n\nNo resource quota.\n\nNo LimitRange resource.\n`;
  return tabwrite(text, 0, 2);
}

/**
 * describe.go's RunDescribe: each description, the next after a blank line ("\n\n%s"), then the
 * errors. `describe namespace NAME` of a missing name describes every namespace whose name starts
 * with it, each followed by a newline (DescribeMatchingResources), or fails as the name did.
 */
export function printDescribeNamespaces(request: DescribeRequest, model: StateModel): string {
  const exists = (name: string): boolean => model.objects.some((o) => o.group === '' && o.kind === 'Namespace' && o.name === name);
  const [only] = request.names;
  if (request.prefixed && only !== undefined && !exists(only)) {
    const matching = model.objects.filter((o) => o.group === '' && o.kind === 'Namespace' && o.name.startsWith(only)).map((o) => o.name).sort(byteOrder);
    if (matching.length > 0) return matching.map((name) => `${describeNamespace(name, model)}\n`).join('');
  }
  const found: string[] = [];
  let errors = '';
  for (const name of request.names) {
    if (exists(name)) found.push(describeNamespace(name, model));
    else errors += `Error from server (NotFound): namespaces "${name}" not found\n`;
  }
  return found.join('\n\n') + errors;
}
