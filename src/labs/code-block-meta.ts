/**
 * Decides what a fenced code block becomes, from its language, its meta string and
 * its content. Pure: the CodeBlock theme wrapper and the tests share it.
 *
 *   ```yaml                 YAML of an API family the labs teach (Istio's) → an editable lab
 *   ```yaml static          stays a plain, highlighted block
 *   ```yaml lab=reviews     a lab validated against the `reviews` context in labs/contexts/
 *   ```bash session=NAME    a terminal replaying the recorded session labs/sessions/NAME
 */
import {splitApiVersion} from '../engine/api-version';
import {FAMILY_KINDS, familyOfGroup, makesLab, routesRequests} from '../engine/families/catalog';
import {WEBHOOKS_ON_OTHER_KINDS} from '../engine/families/control-planes';
import type {LabContext} from './lab-context';

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

/** What a YAML block's documents declare, read from their top-level `apiVersion:` and `kind:` lines (comments are not lines). */
export interface DeclaredDocument {
  apiVersion?: string;
  kind?: string;
}

const DOCUMENT_SEPARATOR = /^---(?:[ \t].*)?$/m;
const TOP_LEVEL_FIELD = /^(apiVersion|kind):[ \t]*(["']?)([^\s"'#]+)\2[ \t]*(?:#.*)?$/gm;

export function declaredDocuments(code: string): DeclaredDocument[] {
  return code.split(DOCUMENT_SEPARATOR).map((text) => {
    const document: DeclaredDocument = {};
    for (const [, field, , value] of text.matchAll(TOP_LEVEL_FIELD)) document[field as 'apiVersion' | 'kind'] ??= value;
    return document;
  }).filter((document) => document.apiVersion !== undefined || document.kind !== undefined);
}

/** A block becomes a lab when one of its documents belongs to an API family the labs teach (families/catalog.ts). */
export function isLabYaml(code: string): boolean {
  return declaredDocuments(code).some((document) => document.apiVersion !== undefined && makesLab(document.apiVersion));
}

/**
 * What a lab's header and panels show: its documents' kinds, its family's name and version
 * (with, in a context whose cluster runs it, the control plane whose webhook also judges them),
 * whether requests route through it.
 */
export function labSummary(code: string, context?: LabContext): {kinds: string[]; family: string; judgedAs: string; routesRequests: boolean} {
  const documents = declaredDocuments(code);
  const labFamily = documents.map((d) => d.apiVersion !== undefined && familyOfGroup(splitApiVersion(d.apiVersion).group)).find((f) => f && f.labs);
  const judgedAs = labFamily ? labFamily.judgedAs : 'Kubernetes 1.33';
  return {
    kinds: documents.flatMap((document) => (document.kind ? [document.kind] : [])),
    family: labFamily ? labFamily.title : 'Kubernetes',
    judgedAs: context ? withWebhooksOf(judgedAs, documents, context) : judgedAs,
    routesRequests: documents.some((document) => document.apiVersion !== undefined && document.kind !== undefined && routesRequests(document.apiVersion, document.kind)),
  };
}

/**
 * A Gateway API route in a cluster running Linkerd is judged by Linkerd's webhook too, as the
 * engine judges it in that lab (families/README.md): the verdict names both.
 */
function withWebhooksOf(judgedAs: string, documents: readonly DeclaredDocument[], context: LabContext): string {
  const keys = documents.flatMap((d) => (d.apiVersion !== undefined && d.kind !== undefined ? [`${splitApiVersion(d.apiVersion).group}/${d.kind}`] : []));
  const webhooks = WEBHOOKS_ON_OTHER_KINDS
    .filter((webhook) => keys.some((key) => webhook.kinds.has(key)))
    .filter((webhook) => context.resources.some((resource) => typeof resource === 'object' && resource !== null && webhook.shows(resource as Record<string, unknown>)))
    .map((webhook) => FAMILY_KINDS.find((family) => family.name === webhook.family)!.judgedAs);
  return webhooks.length > 0 ? `${judgedAs} with ${webhooks.map((name) => `${name}'s webhook`).join(' and ')}` : judgedAs;
}

export function upgradeFor(language: string | undefined, metastring: string | undefined, code: string): CodeBlockUpgrade {
  const meta = parseMeta(metastring);
  if (meta.has('static')) return {kind: 'plain'};
  const session = meta.get('session');
  if ((language === 'bash' || language === 'shell' || language === 'sh') && typeof session === 'string') {
    return {kind: 'terminal', session};
  }
  if ((language === 'yaml' || language === 'yml') && isLabYaml(code)) {
    const context = meta.get('lab');
    const id = meta.get('id');
    return {kind: 'yaml-lab', context: typeof context === 'string' ? context : undefined, id: typeof id === 'string' ? id : undefined};
  }
  return {kind: 'plain'};
}
