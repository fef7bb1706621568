/**
 * Decides what a fenced code block becomes, from its language, its meta string and
 * its content. Pure: the CodeBlock theme wrapper and the tests share it.
 *
 *   ```yaml                 Istio YAML → an editable lab
 *   ```yaml static          stays a plain, highlighted block
 *   ```yaml lab=reviews     a lab validated against the `reviews` context in labs/contexts/
 *   ```bash session=NAME    a terminal replaying the recorded session labs/sessions/NAME
 */
export type CodeBlockUpgrade =
  | {kind: 'plain'}
  | {kind: 'yaml-lab'; context?: string; id?: string}
  | {kind: 'terminal'; session: string};

/** Flags and key=value pairs of a fence's meta string, e.g. `static lab=reviews title="x y"`. */
export function parseMeta(metastring: string | undefined): Map<string, string | true> {
  const meta = new Map<string, string | true>();
  for (const match of (metastring ?? '').matchAll(/([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g)) {
    meta.set(match[1]!, match[2] ?? match[3] ?? match[4] ?? true);
  }
  return meta;
}

// A document's apiVersion in an *.istio.io group, at the start of a line (not in a comment).
const ISTIO_API_VERSION = /^apiVersion:\s*["']?[a-z0-9.-]+\.istio\.io\/[a-z0-9]+["']?\s*$/m;

export function isIstioYaml(code: string): boolean {
  return ISTIO_API_VERSION.test(code);
}

export function upgradeFor(language: string | undefined, metastring: string | undefined, code: string): CodeBlockUpgrade {
  const meta = parseMeta(metastring);
  if (meta.has('static')) return {kind: 'plain'};
  const session = meta.get('session');
  if ((language === 'bash' || language === 'shell' || language === 'sh') && typeof session === 'string') {
    return {kind: 'terminal', session};
  }
  if ((language === 'yaml' || language === 'yml') && isIstioYaml(code)) {
    const context = meta.get('lab');
    const id = meta.get('id');
    return {kind: 'yaml-lab', context: typeof context === 'string' ? context : undefined, id: typeof id === 'string' ? id : undefined};
  }
  return {kind: 'plain'};
}
