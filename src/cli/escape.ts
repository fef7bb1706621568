/**
 * Text output goes to terminals, and much of it comes from the input: names, values, file
 * names. A YAML escape such as "\e[2J" puts an ESC into a value that a message repeats, and a
 * terminal would obey it (clear the screen, retitle the window, ring the bell, rewrite the
 * line after a CR); bidi overrides reorder what the reader sees. Such characters are shown
 * as escapes instead, as Go's %q shows them: \x1b, \r, \u202e. JSON output needs none of
 * this: JSON.stringify escapes C0 itself, and C1 and bidi characters are valid JSON text.
 */

// C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides and isolates.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Record<string, string> = {'\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\r': '\\r', '\u000B': '\\v'};

function escapeOne(character: string): string {
  const code = character.charCodeAt(0);
  return NAMED[character] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** `text` with control and bidi-override characters escaped; tab and newline kept for the caller's layout. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** One line of output: also tab and newline escaped (a newline in a file name would forge a report line). */
export function escapeLine(text: string): string {
  return escapeControls(text).replace(/[\t\n]/g, (c) => (c === '\t' ? '\\t' : '\\n'));
}
