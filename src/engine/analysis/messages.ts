/**
 * istioctl's analysis messages: each written once, in the generated table, and formatted
 * here as Go's fmt.Sprintf formats the template with the message's parameters.
 */
import {MESSAGE_TABLE} from './messages.generated';

export type MessageName = keyof typeof MESSAGE_TABLE;
export type MessageLevel = 'Error' | 'Warning' | 'Info';

export interface MessageType {
  name: MessageName;
  code: string;
  level: MessageLevel;
  template: string;
}

export function messageType(name: MessageName): MessageType {
  const {code, level, template} = MESSAGE_TABLE[name];
  return {name, code, level: level as MessageLevel, template};
}

/** The message type with a given code (IST0101…), if istioctl has one. */
export function messageTypeByCode(code: string): MessageType | undefined {
  for (const name of Object.keys(MESSAGE_TABLE) as MessageName[]) if (MESSAGE_TABLE[name].code === code) return messageType(name);
  return undefined;
}

/** fmt.Sprintf for the verbs istioctl's templates use: %s, %v, %d, %q and %%. */
export function formatTemplate(template: string, parameters: readonly unknown[]): string {
  let next = 0;
  return template.replace(/%([svdq%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (next >= parameters.length) return `%!${verb}(MISSING)`;
    const value = parameters[next++];
    return verb === 'q' ? goQuote(goString(value)) : goString(value);
  });
}

/** A message's text: its template filled with its parameters. */
export function messageText(name: MessageName, parameters: readonly unknown[]): string {
  return formatTemplate(MESSAGE_TABLE[name].template, parameters);
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
