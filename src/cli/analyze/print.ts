/**
 * `meshdive analyze` output, as istioctl prints its messages (istioctl/pkg/util/formatting/
 * formatter.go and pkg/config/analysis/diag/message.go at 1.30.3):
 * - log: `Error [IST0101] (VirtualService default/reviews vs.yaml:14) Referenced host+subset…`,
 *   one line per message, the level coloured on a terminal;
 * - json: json.MarshalIndent(messages, "", "\t") of each message's map (keys sorted, as Go sorts
 *   map keys; `<`, `>`, `&`, U+2028 and U+2029 escaped, as Go's encoder escapes them);
 * - yaml: the same maps through sigs.k8s.io/yaml (go-yaml v2).
 * Whichever the format, istioctl writes it with Fprintln: one newline more, even after nothing.
 */
import type {MessageLevel} from '../../engine/analysis/messages';
import {escapeControls} from '../escape';
import {goYamlList} from './go-yaml';

/** What the formats show of a message (the engine's IstioctlMessage has all of it). */
export interface PrintedMessage {
  code: string;
  level: MessageLevel;
  message: string;
  /** `Kind namespace/name` (istioctl's FriendlyName). */
  origin: string;
  /** `file:line`, or the file alone (a .json file has no line in istioctl). */
  reference?: string;
  documentationUrl: string;
}

export type OutputFormat = 'log' | 'json' | 'yaml';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['log', 'json', 'yaml'];

/** istioctl's doc reference for messages printed by analyze (`SetDocRef("istioctl-analyze")`). */
const DOC_REF = 'istioctl-analyze';

/** The documentation URL with `?ref=istioctl-analyze`, as diag.Message builds it once SetDocRef is called. */
export function withDocRef(url: string): string {
  return `${url.replace(/\?.*$/, '')}?ref=${DOC_REF}`;
}

const COLOUR: Record<MessageLevel, string> = {Info: '', Warning: '\u001b[33m', Error: '\u001b[1;31m'};

/** formatting.render: the level (coloured), the code, the origin and reference, the text. */
export function logLine(m: PrintedMessage, colour: boolean): string {
  const level = colour ? `${COLOUR[m.level]}${m.level}\u001b[0m` : m.level;
  const origin = ` (${m.origin}${m.reference === undefined ? '' : ` ${m.reference}`})`;
  // The origin and text come from the input: their control characters are shown escaped; the colour is ours.
  return `${level} [${m.code}]${escapeControls(`${origin} ${m.message}`).replace(/\n/g, '\\n')}`;
}

/** diag.Message.Unstructured(true): the map JSON and YAML print, with the doc reference set. */
function unstructured(m: PrintedMessage): Record<string, string | undefined> {
  return {code: m.code, documentationUrl: withDocRef(m.documentationUrl), level: m.level, message: m.message, origin: m.origin, reference: m.reference};
}

/** A string as Go's encoding/json writes it (HTML-safe escaping on). */
export function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function printJson(messages: readonly PrintedMessage[]): string {
  if (messages.length === 0) return '[]';
  const objects = messages.map((m) => {
    const fields = Object.entries(unstructured(m)).filter(([, value]) => value !== undefined);
    return `\t{\n${fields.map(([key, value]) => `\t\t${goJsonString(key)}: ${goJsonString(value!)}`).join(',\n')}\n\t}`;
  });
  return `[\n${objects.join(',\n')}\n]`;
}

/** formatting.Print followed by istioctl's Fprintln: the whole of stdout for these messages. */
export function printMessages(messages: readonly PrintedMessage[], format: OutputFormat, colour: boolean): string {
  if (format === 'json') return `${printJson(messages)}\n`;
  if (format === 'yaml') return `${goYamlList(messages.map(unstructured))}\n`;
  return `${messages.map((m) => logLine(m, colour)).join('\n')}\n`;
}
