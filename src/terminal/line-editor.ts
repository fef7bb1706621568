/**
 * A readline for the "Try it" prompt: turns the keystrokes xterm reports into
 * terminal output and submitted lines. Pure so that history, completion and
 * control keys are unit-tested without a browser.
 *
 * What the learner types is echoed, and what they type is untrusted: the line never
 * holds a control character (keys it does not handle are dropped, control characters
 * in text are shown as `^[`, `M-^[`), so its echo cannot drive xterm, and it never holds
 * more than MAX_LINE_LENGTH characters.
 */
import {MAX_LINE_LENGTH, showControls, truncate} from './user-input';

export interface EditorEffect {
  /** Bytes to write to the terminal. */
  write: string;
  /** A line the learner submitted with Enter. */
  submit?: string;
  clearScreen?: boolean;
}

export type Completer = (line: string) => string[];

const ERASE_LINE = '\r\x1b[2K';
const BELL = '\x07';
/** xterm wraps a paste in these when the application turned on bracketed paste (`CSI ? 2004 h`). */
export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

export class LineEditor {
  private buffer = '';
  private cursor = 0;
  private readonly history: string[] = [];
  /** Position while browsing history; history.length means the line being edited. */
  private historyIndex = 0;
  private draft = '';

  constructor(
    private readonly prompt: string,
    private readonly complete: Completer,
  ) {}

  get line(): string {
    return this.buffer;
  }

  promptText(): string {
    return this.prompt;
  }

  /**
   * Handles one onData chunk: a key, an escape sequence, or pasted text. xterm hands over
   * a bracketed paste in one chunk, so the paste ends with the chunk at the latest.
   */
  feed(data: string): EditorEffect[] {
    const effects: EditorEffect[] = [];
    let pasting = false;
    for (const key of splitKeys(data)) {
      if (key === PASTE_START || key === PASTE_END) pasting = key === PASTE_START;
      else effects.push(pasting ? this.pasted(key) : this.key(key));
    }
    return effects;
  }

  /**
   * A key of pasted text is text, as readline reads a bracketed paste: control characters
   * and escape sequences are shown (`^[[2J`), not acted on, a tab is a space. Line ends
   * still run each line, so that commands copied from the page run as they are pasted.
   */
  private pasted(key: string): EditorEffect {
    if (key === '\r' || key === '\n') return this.enter();
    return this.insert(key === '\t' ? ' ' : showControls(key));
  }

  private key(key: string): EditorEffect {
    switch (key) {
      case '\r':
      case '\n':
        return this.enter();
      case '\x7f':
      case '\b':
        if (this.cursor === 0) return {write: ''};
        this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor);
        this.cursor--;
        return {write: this.redraw()};
      case '\x1b[3~':
        this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1);
        return {write: this.redraw()};
      case '\x03': {
        // Ctrl+C: abandon the line, as bash does.
        this.buffer = '';
        this.cursor = 0;
        this.historyIndex = this.history.length;
        return {write: `^C\r\n${this.prompt}`};
      }
      case '\x0c':
        return {write: `\x1b[2J\x1b[3J\x1b[H${this.prompt}${this.buffer}${this.cursorBack()}`, clearScreen: true};
      case '\x01':
      case '\x1b[H':
        this.cursor = 0;
        return {write: this.redraw()};
      case '\x05':
      case '\x1b[F':
        this.cursor = this.buffer.length;
        return {write: this.redraw()};
      case '\x15':
        this.buffer = this.buffer.slice(this.cursor);
        this.cursor = 0;
        return {write: this.redraw()};
      case '\x1b[A':
        return this.browse(-1);
      case '\x1b[B':
        return this.browse(1);
      case '\x1b[D':
        if (this.cursor > 0) this.cursor--;
        return {write: this.redraw()};
      case '\x1b[C':
        if (this.cursor < this.buffer.length) this.cursor++;
        return {write: this.redraw()};
      case '\t':
        return this.tab();
      default:
        // A key this editor does not handle (F5, Ctrl+X) does nothing.
        if (key.startsWith('\x1b') || /^[\x00-\x1f]$/.test(key)) return {write: ''};
        return this.insert(showControls(key));
    }
  }

  /** Inserts text (free of control characters) at the cursor, up to the line's length bound. */
  private insert(text: string): EditorEffect {
    const room = MAX_LINE_LENGTH - this.buffer.length;
    const kept = truncate(text, room);
    const bell = kept.length < text.length ? BELL : '';
    if (kept === '') return {write: bell};
    this.buffer = this.buffer.slice(0, this.cursor) + kept + this.buffer.slice(this.cursor);
    this.cursor += kept.length;
    return {write: (this.cursor === this.buffer.length ? kept : this.redraw()) + bell};
  }

  private enter(): EditorEffect {
    const line = this.buffer;
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
    this.historyIndex = this.history.length;
    this.buffer = '';
    this.cursor = 0;
    this.draft = '';
    return {write: '\r\n', submit: line};
  }

  private browse(step: number): EditorEffect {
    const next = this.historyIndex + step;
    if (next < 0 || next > this.history.length) return {write: ''};
    if (this.historyIndex === this.history.length) this.draft = this.buffer;
    this.historyIndex = next;
    this.buffer = next === this.history.length ? this.draft : this.history[next]!;
    this.cursor = this.buffer.length;
    return {write: this.redraw()};
  }

  private tab(): EditorEffect {
    const candidates = this.complete(this.buffer.slice(0, this.cursor));
    if (candidates.length === 0) return {write: BELL};
    const common = commonPrefix(candidates);
    if (common.length > this.cursor && common.length + this.buffer.length - this.cursor <= MAX_LINE_LENGTH) {
      this.buffer = common + this.buffer.slice(this.cursor);
      this.cursor = common.length;
      return {write: this.redraw()};
    }
    if (candidates.length === 1) return {write: ''};
    // Ambiguous: list the candidates under the line, then show the line again.
    return {write: `\r\n${candidates.join('\r\n')}\r\n${this.prompt}${this.buffer}${this.cursorBack()}`};
  }

  private redraw(): string {
    return `${ERASE_LINE}${this.prompt}${this.buffer}${this.cursorBack()}`;
  }

  private cursorBack(): string {
    const back = this.buffer.length - this.cursor;
    return back > 0 ? `\x1b[${back}D` : '';
  }
}

/** A key's escape sequence at the sticky position: CSI (arrows, Delete, paste brackets) or SS3 (arrows in application mode). */
const KEY_SEQUENCE = /\x1b(?:\[[0-9;]*[~A-Za-z]|O[A-Za-z])?/y;

/**
 * Splits onData input into keys: escape sequences stay whole, C0 controls and DEL are keys
 * of their own, text between them (C1 controls included) is one key, pasted text splits at line ends.
 */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let textStart = 0;
  const flushText = (end: number): void => {
    if (end > textStart) keys.push(data.slice(textStart, end));
  };
  for (let i = 0; i < data.length; i++) {
    const char = data[i]!;
    if (char === '\x1b') {
      flushText(i);
      KEY_SEQUENCE.lastIndex = i;
      const sequence = KEY_SEQUENCE.exec(data)![0];
      keys.push(sequence.startsWith('\x1bO') ? `\x1b[${sequence.slice(2)}` : sequence);
      i += sequence.length - 1;
      textStart = i + 1;
    } else if (char < ' ' || char === '\x7f') {
      flushText(i);
      textStart = i + 1;
      if (char === '\n' && data[i - 1] === '\r') continue;
      keys.push(char);
    }
  }
  flushText(data.length);
  return keys;
}

export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  const first = values[0]!;
  let length = first.length;
  for (const value of values) {
    let same = 0;
    while (same < length && same < value.length && value[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, length);
}
