/**
 * Which messages `meshdive analyze` reports and which fail the run, as istioctl 1.30.3 decides:
 * - the namespace (pkg/config/analysis/local/istiod_analyze.go, filterMessages): with a namespace
 *   selected, a message on a resource in another namespace is dropped; cluster-scoped resources
 *   (namespace "") are kept, and a Namespace's own namespace is its name (kube Origin.Namespace);
 * - suppressions (`-S CODE=RESOURCE`, same function): the code matches and RESOURCE, where `*`
 *   matches any text (github.com/ryanuber/go-glob), matches the origin (`Kind namespace/name`);
 * - the output threshold hides messages below it (diag.Messages.FilterOutLowerThan); the failure
 *   threshold is compared with every message left after namespace and suppressions, shown or not
 *   (analyze.go, errorIfMessagesExceedThreshold).
 */
import type {MessageLevel} from '../../engine/analysis/messages';

/** diag.Level's sort order: Error is worst. */
const SEVERITY: Record<MessageLevel, number> = {Error: 0, Warning: 1, Info: 2};

export const LEVELS: readonly MessageLevel[] = ['Info', 'Warning', 'Error'];

/** formatting.MessageThreshold.Set: the level named, in any case; undefined for anything else. */
export function parseLevel(text: string): MessageLevel | undefined {
  return LEVELS.find((level) => level.toUpperCase() === text.toUpperCase());
}

/** Level.IsWorseThanOrEqualTo. */
export function atLeast(level: MessageLevel, threshold: MessageLevel): boolean {
  return SEVERITY[level] <= SEVERITY[threshold];
}

export interface Suppression {
  code: string;
  resource: string;
}

/** `CODE=RESOURCE`, split as istioctl splits it (exactly one `=`); undefined when it is not that. */
export function parseSuppression(text: string): Suppression | undefined {
  const parts = text.split('=');
  return parts.length === 2 ? {code: parts[0]!, resource: parts[1]!} : undefined;
}

/**
 * ryanuber/go-glob's Glob, step by step: `*` matches any run of characters, nothing else is
 * special. Its quirk is kept: once the subject is used up, the last part is not compared
 * ("a*b" matches "a"); where Go would then slice out of range, the match holds here.
 */
export function goGlob(pattern: string, subject: string): boolean {
  if (pattern === '') return subject === '';
  const parts = pattern.split('*');
  if (parts.length === 1) return subject === pattern;
  const leadingGlob = pattern.startsWith('*');
  const trailingGlob = pattern.endsWith('*');
  const end = parts.length - 1;
  let rest = subject;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === 0) {
      if (leadingGlob) continue;
      if (!rest.startsWith(part)) return false;
    } else if (i === end) {
      if (rest.length > 0) return trailingGlob || rest.endsWith(part);
    } else if (!rest.includes(part)) {
      return false;
    }
    rest = rest.slice(Math.max(rest.indexOf(part) + part.length, 0));
  }
  return true;
}

interface Selectable {
  code: string;
  origin: string;
  resource: {group: string; kind: string; namespace: string; name: string};
}

/** The namespace filterMessages compares: a Namespace's own name, else the resource's namespace. */
function originNamespace({resource}: Selectable): string {
  return resource.group === '' && resource.kind === 'Namespace' ? resource.name : resource.namespace;
}

/** filterMessages: the messages in the selected namespace (all of them when `namespace` is undefined: --all-namespaces), less the suppressed. */
export function selectMessages<M extends Selectable>(messages: readonly M[], namespace: string | undefined, suppressions: readonly Suppression[]): M[] {
  return messages.filter((m) => {
    const ns = originNamespace(m);
    if (namespace !== undefined && ns !== '' && ns !== namespace) return false;
    return !suppressions.some((s) => s.code === m.code && goGlob(s.resource, m.origin));
  });
}
