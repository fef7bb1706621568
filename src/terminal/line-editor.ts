/**
 * A readline for the "Try it" prompt: turns the keystrokes xterm reports into
 * terminal output and submitted lines. Pure so that history, completion and
 * control keys are unit-tested without a browser.
 */
export interface EditorEffect {
  /** Bytes to write to the terminal. */
  write: string;
  /** A line the learner submitted with Enter. */
  submit?: string;
  clearScreen?: boolean;
}

export type Completer = (line: string) => string[];

const ERASE_LINE = '\r\x1b[2K';

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

  /** Handles one onData chunk: a key, an escape sequence, or pasted text. */
  feed(data: string): EditorEffect[] {
    const effects: EditorEffect[] = [];
    for (const key of splitKeys(data)) effects.push(this.key(key));
    return effects;
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
        if (key.startsWith('\x1b') || /^[\x00-\x1f]$/.test(key)) return {write: ''};
        this.buffer = this.buffer.slice(0, this.cursor) + key + this.buffer.slice(this.cursor);
        this.cursor += key.length;
        return {write: this.cursor === this.buffer.length ? key : this.redraw()};
    }
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
    if (candidates.length === 0) return {write: '\x07'};
    const common = commonPrefix(candidates);
    if (common.length > this.cursor) {
      this.buffer = common + this.buffer.slice(this.cursor);
      this.cursor = common.length;
      if (candidates.length === 1 && this.cursor === this.buffer.length) {
        return {write: this.redraw()};
      }
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

/** Splits onData input into keys: escape sequences stay whole, pasted text splits at line ends. */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let text = '';
  const flushText = (): void => {
    if (text) keys.push(text);
    text = '';
  };
  for (let i = 0; i < data.length; i++) {
    const char = data[i]!;
    if (char === '\x1b') {
      flushText();
      const sequence = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z])?/.exec(data.slice(i))![0];
      keys.push(sequence.replace(/^\x1bO/, '\x1b['));
      i += sequence.length - 1;
    } else if (char < ' ' || char === '\x7f') {
      flushText();
      if (char === '\n' && data[i - 1] === '\r') continue;
      keys.push(char);
    } else {
      text += char;
    }
  }
  flushText();
  return keys;
}

export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0]!;
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
