/**
 * What the "Try it" terminal accepts from the learner. Recorded output is our data and is
 * written to xterm as it is; what the learner types or pastes is not, and is bounded.
 */

/**
 * The longest command line the terminal reads, as the Linux terminal driver in canonical
 * mode does (termios(3): "lines longer than 4096 chars are truncated", 4095 plus the
 * newline). The recorded commands are a few hundred characters at most, so a longer line
 * cannot be one of them, and the matcher never has to read megabytes of a paste.
 */
export const MAX_LINE_LENGTH = 4095;

/** C0 controls, DEL and C1 controls (U+0080–U+009F: xterm.js reads U+009B as CSI, U+009D as OSC). */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Control characters made visible as `cat -v` shows them: `^[` for ESC, `^?` for DEL,
 * `M-^[` for U+009B. Written raw, they would move the cursor, recolour or clear the screen.
 */
export function showControls(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    if (code === 0x7f) return '^?';
    return code < 0x80 ? `^${String.fromCharCode(code + 0x40)}` : `M-^${String.fromCharCode(code - 0x80 + 0x40)}`;
  });
}

/** `text`, cut to `max` characters without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, Math.max(0, end));
}
