/**
 * The heavy half of the terminal lab, loaded with import() on the client only:
 * xterm.js, its fit addon and CSS, driven by the pure engine in src/terminal.
 * Play replays the session's asciicast; Try it runs a readline against the
 * scenario's state machine.
 */
import {Terminal, type ITheme} from '@xterm/xterm';
import {FitAddon} from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type {CheckedSession} from '@site/src/terminal/check-session';
import {buildTimeline, nextMarkTime, outputsBetween, outputsUntil, type Timeline} from '@site/src/terminal/asciicast/timeline';
import {toTerminalText} from '@site/src/terminal/asciicast/format';
import {LineEditor} from '@site/src/terminal/line-editor';
import {ScenarioSession} from '@site/src/terminal/session';

export type Mode = 'play' | 'try';

export interface PlayerStatus {
  mode: Mode;
  playing: boolean;
  position: number;
  duration: number;
  marks: Array<{time: number; label: string}>;
  state: string;
}

export interface Controller {
  setMode(mode: Mode): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  nextCommand(): void;
  seek(time: number): void;
  setDark(dark: boolean): void;
  focus(): void;
  dispose(): void;
}

const LIGHT: ITheme = {background: '#f6f8fa', foreground: '#1f2328', cursor: '#1f2328', selectionBackground: '#b6d7ff', green: '#116329', red: '#cf222e', yellow: '#7d4e00', blue: '#0550ae'};
const DARK: ITheme = {background: '#1b1d22', foreground: '#e6edf3', cursor: '#e6edf3', selectionBackground: '#3b5070', green: '#3fb950', red: '#ff7b72', yellow: '#d29922', blue: '#79c0ff'};
const TICK_MS = 33;
const MAX_COLUMNS = 270;
/**
 * DECSET 2004: xterm then wraps pasted text in `CSI 200~ ... CSI 201~`, and the line editor
 * shows the escape sequences and control characters of a paste instead of acting on them.
 * A terminal reset turns it off again.
 */
const BRACKETED_PASTE_ON = '\x1b[?2004h';

export function createController(options: {
  container: HTMLElement;
  data: CheckedSession;
  dark: boolean;
  rows: number;
  onStatus: (status: PlayerStatus) => void;
  onEscape?: () => void;
}): Controller {
  const {container, data, onStatus} = options;
  const term = new Terminal({
    rows: options.rows,
    cols: data.cast.header.width,
    convertEol: false,
    cursorBlink: false,
    disableStdin: true,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: 13,
    scrollback: 2000,
    screenReaderMode: true,
    theme: options.dark ? DARK : LIGHT,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(container);
  // kubectl and istioctl tables are wide (proxy-config route: ~270 columns). Wrapped, they are
  // unreadable; so the terminal is at least as wide as the widest recorded line and scrolls sideways.
  const widest = Math.min(MAX_COLUMNS, Math.max(0, ...Object.values(data.scenario.commands).flatMap((command) =>
    Object.values(command.outputs).flatMap((output) => output.split('\n').map((line) => [...line].length)))) + 1);
  const refit = (): void => {
    const proposed = fit.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows) || proposed.cols <= 0) return; // not laid out yet
    const cols = Math.max(proposed.cols, widest);
    // A horizontal scrollbar takes about a row of height.
    const rows = Math.max(4, cols > proposed.cols ? proposed.rows - 1 : proposed.rows);
    if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
  };
  refit();
  const resizeObserver = new ResizeObserver(refit);
  resizeObserver.observe(container);

  const timeline: Timeline = buildTimeline(data.cast);
  const session = new ScenarioSession(data.scenario, data.models);
  const editor = new LineEditor(data.scenario.prompt, (line) => session.complete(line));
  let mode: Mode = 'play';
  let position = 0;
  let speed = 1;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastTick = 0;

  const status = (): void =>
    onStatus({mode, playing: timer !== undefined, position, duration: timeline.duration, marks: timeline.marks, state: session.state});

  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const advanceTo = (target: number): void => {
    const to = Math.min(target, timeline.duration);
    if (to < position) {
      term.reset();
      term.write(outputsUntil(timeline, to));
    } else {
      term.write(outputsBetween(timeline, position, to));
    }
    position = to;
    if (position >= timeline.duration) stop();
    status();
  };

  const showIntro = (): void => {
    term.reset();
    term.write(toTerminalText(`${timeline.marks.length} recorded commands: ▶ plays them, "Try it" lets you type.\n`));
  };

  const startTry = (): void => {
    term.reset();
    term.options.disableStdin = false;
    term.write(BRACKETED_PASTE_ON + toTerminalText(`A recorded cluster answers: type "help" for its commands, "hint" for the next one.\n`) + data.scenario.prompt);
    term.focus();
  };

  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.key === 'Escape') {
      options.onEscape?.();
      return false;
    }
    return true;
  });

  // While typing, the cursor stays in view sideways. The browser scrolls only as far as xterm's
  // input textarea needs, so after a command longer than the view the next prompt's first columns
  // stayed hidden ("obal Flags:"). Run after xterm has rendered the move.
  const followCursor = (): void => {
    if (mode !== 'try' || container.scrollWidth <= container.clientWidth) return;
    const cell = container.scrollWidth / term.cols;
    const right = (term.buffer.active.cursorX + 2) * cell;
    container.scrollLeft = right <= container.clientWidth ? 0 : right - container.clientWidth;
  };
  let followFrame = 0;
  term.onCursorMove(() => {
    cancelAnimationFrame(followFrame);
    followFrame = requestAnimationFrame(followCursor);
  });

  // Typed and pasted input reaches the screen only through the line editor's echo, which
  // never holds control characters, and the session's replies, which quote it the same way.
  term.onData((input) => {
    if (mode !== 'try') return;
    for (const effect of editor.feed(input)) {
      if (effect.clearScreen) term.clear();
      term.write(effect.write);
      if (effect.submit === undefined) continue;
      const reply = session.run(effect.submit);
      if (reply.kind === 'builtin' && reply.name === 'clear') {
        term.write('\x1b[2J\x1b[3J\x1b[H');
        term.clear();
      } else if (reply.kind === 'builtin' && reply.name === 'reset') {
        term.reset();
        term.write(BRACKETED_PASTE_ON);
      }
      if (reply.text) term.write(toTerminalText(reply.text.endsWith('\n') ? reply.text : `${reply.text}\n`));
      term.write(data.scenario.prompt);
      status();
    }
  });

  const controller: Controller = {
    setMode(next) {
      stop();
      mode = next;
      if (mode === 'try') {
        startTry();
      } else {
        term.options.disableStdin = true;
        position = 0;
        showIntro();
      }
      status();
    },
    play() {
      if (mode !== 'play') return;
      if (position >= timeline.duration) advanceTo(0);
      // Starting from the beginning: the intro text gives way to the recording.
      if (position === 0) term.reset();
      stop();
      lastTick = performance.now();
      timer = setInterval(() => {
        const now = performance.now();
        const elapsed = ((now - lastTick) / 1000) * speed;
        lastTick = now;
        advanceTo(position + elapsed);
      }, TICK_MS);
      status();
    },
    pause() {
      stop();
      status();
    },
    setSpeed(next) {
      speed = next;
    },
    nextCommand() {
      if (mode !== 'play') return;
      if (position === 0) term.reset();
      // Before the first command, step over its (empty) start: each step shows one whole command.
      const first = timeline.marks[0]?.time ?? 0;
      advanceTo(nextMarkTime(timeline, Math.max(position, first)));
    },
    seek(time) {
      if (mode !== 'play') return;
      if (position === 0) term.reset();
      advanceTo(Math.max(0, time));
    },
    setDark(dark) {
      term.options.theme = dark ? DARK : LIGHT;
    },
    focus() {
      term.focus();
    },
    dispose() {
      stop();
      cancelAnimationFrame(followFrame);
      resizeObserver.disconnect();
      term.dispose();
    },
  };
  showIntro();
  status();
  return controller;
}
