/**
 * Analysis messages: istioctl's, each written once in the generated table, and the project's own
 * (checks istioctl has no analyzer for) in a table of the same shape; formatted here as Go's
 * fmt.Sprintf formats a template with the message's parameters.
 */
import {MESSAGE_TABLE} from './messages.generated';
import {PROJECT_MESSAGE_TABLE} from './messages.project';

const ALL_MESSAGES = {...MESSAGE_TABLE, ...PROJECT_MESSAGE_TABLE};

/** An istioctl message (IST codes). */
export type IstioMessageName = keyof typeof MESSAGE_TABLE;
/** Any message an analyzer may report: istioctl's or the project's. */
export type MessageName = keyof typeof ALL_MESSAGES;
export type MessageLevel = 'Error' | 'Warning' | 'Info';

export interface MessageType {
  name: MessageName;
  code: string;
  level: MessageLevel;
  template: string;
}

export function messageType(name: MessageName): MessageType {
  const {code, level, template} = ALL_MESSAGES[name];
  return {name, code, level: level as MessageLevel, template};
}

/** The message type with a given code (IST0101, duplicate-resource…), if there is one. */
export function messageTypeByCode(code: string): MessageType | undefined {
  for (const name of Object.keys(ALL_MESSAGES) as MessageName[]) if (ALL_MESSAGES[name].code === code) return messageType(name);
  return undefined;
}

/** Whether a message is istioctl's (not the project's own). */
export function isIstioMessage(name: MessageName): name is IstioMessageName {
  return Object.prototype.hasOwnProperty.call(MESSAGE_TABLE, name);
}

/** fmt.Sprintf for the verbs istioctl's templates use: %s, %v, %d, %q and %%. */
export function formatTemplate(template: string, parameters: readonly unknown[]): string {
  let next = 0;
  return template.replace(/%([svdq%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (next >= parameters.length) return `%!${verb}(MISSING)`;
    const value = parameters[next++];
    return verb === 'q' ? goQuoted(value) : goString(value);
  });
}

/** A message's text: its template filled with its parameters. */
export function messageText(name: MessageName, parameters: readonly unknown[]): string {
  return formatTemplate(ALL_MESSAGES[name].template, parameters);
}

/** %q: a string quoted; a slice's elements quoted one by one, as fmt formats a []string. */
function goQuoted(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(goQuoted).join(' ')}]` : goQuote(goString(value));
}

/** %v of the values analyzers pass: strings as they are, lists as Go prints slices. */
function goString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (value === undefined || value === null) return '<nil>';
  return String(value);
}

/** strconv.Quote: a double-quoted Go string literal, printable Unicode kept as is. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if ((cp >= 0x80 && cp < 0xa0) || cp === 0xfeff || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
      out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
