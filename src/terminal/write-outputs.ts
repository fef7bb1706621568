/**
 * Writes outputs into a scenario.yaml's text in place: each `commands[i].outputs[state]` value is
 * replaced by a literal block (`|`), or a double-quoted string when a block could not hold the
 * text as it is; comments and the rest of the file stay as written. Node-side (compose-casts).
 */
import {locate, parseYaml} from '../engine/yaml/index';

export interface OutputEdit {
  command: number;
  state: string;
  text: string;
}

/** A literal block keeps the text exactly when it ends with one newline and no line starts with a space or ends with blanks. */
function fitsLiteralBlock(text: string): boolean {
  if (!text.endsWith('\n') || text.endsWith('\n\n')) return false;
  return text.slice(0, -1).split('\n').every((line) => !/^[ \t]/.test(line) && !/[ \t]$/.test(line));
}

function scalar(text: string, indent: number): string {
  if (!fitsLiteralBlock(text)) return JSON.stringify(text);
  const pad = ' '.repeat(indent);
  return `|\n${text.slice(0, -1).split('\n').map((line) => (line === '' ? '' : pad + line)).join('\n')}`;
}

export function writeOutputs(file: string, text: string, edits: readonly OutputEdit[]): string {
  const parsed = parseYaml(text, {maxBytes: 4 * 1024 * 1024});
  const root = parsed.documents[0]?.root ?? null;
  const spans = edits.map((edit) => {
    const found = locate(root, `/commands/${edit.command}/outputs/${edit.state}`);
    if (!found?.exact || !found.key) throw new Error(`${file}: no output for state "${edit.state}" in command ${edit.command}`);
    const {end} = found.value;
    // From the key's end (the value's indicator, `|` or a quote, comes after it) to the value's last line end.
    const start = found.key.end;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const indent = /^ */.exec(text.slice(lineStart))![0].length + 2;
    const lastLineEnd = text.indexOf('\n', Math.max(start, end - 1));
    const stop = text[end - 1] === '\n' ? end - 1 : lastLineEnd === -1 ? text.length : lastLineEnd;
    return {start, stop, replacement: `: ${scalar(edit.text, indent)}`};
  });
  let out = text;
  for (const span of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, span.start) + span.replacement + out.slice(span.stop);
  // The file must now read back as those outputs, or nothing is written.
  const reread = parseYaml(out, {maxBytes: 4 * 1024 * 1024}).documents[0]?.value as {commands?: Array<{outputs?: Record<string, unknown>}>} | undefined;
  for (const edit of edits) {
    if (reread?.commands?.[edit.command]?.outputs?.[edit.state] !== edit.text) throw new Error(`${file}: writing the output of command ${edit.command} in state "${edit.state}" did not read back as written`);
  }
  return out;
}
