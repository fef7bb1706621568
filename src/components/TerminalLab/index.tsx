import {useCallback, useEffect, useRef, useState, type ReactNode} from 'react';
import {useLoadWhenNeeded} from '@site/src/labs/use-load-when-needed';
import useBaseUrl from '@docusaurus/useBaseUrl';
import {useColorMode} from '@docusaurus/theme-common';
import {commandsOfBlock} from '@site/src/terminal/block-commands';
import type {Controller, Mode, PlayerStatus} from './controller';
import {SessionTranscript} from './SessionTranscript';
import styles from './styles.module.css';

/** Rows of the terminal; the server-rendered transcript takes the same height. */
const ROWS = 20;
const SPEEDS = [0.5, 1, 2, 4] as const;

export interface TerminalLabProps {
  /** labs/sessions/NAME */
  session: string;
  /** The fenced block's code: the seed's commands, shown until the terminal loads. */
  code: string;
}

type LoadState = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * A recorded troubleshooting session as a terminal: Play watches it, Try it
 * lets the learner type. Server-rendered as a transcript of the block's
 * commands; xterm and the session's data load on the client when the lab
 * nears the viewport or gets focus.
 */
export default function TerminalLab({session, code}: TerminalLabProps): ReactNode {
  const rootRef = useRef<HTMLDivElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<Controller | null>(null);
  const [load, setLoad] = useState<LoadState>('idle');
  const [status, setStatus] = useState<PlayerStatus | null>(null);
  const [speed, setSpeed] = useState<number>(1);
  const [data, setData] = useState<Awaited<ReturnType<typeof import('./load-session').loadSession>> | null>(null);
  const [walkthrough, setWalkthrough] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const {colorMode} = useColorMode();
  const transcriptHref = useBaseUrl(`/transcripts/${session}`);
  const dark = colorMode === 'dark';
  const darkRef = useRef(dark);
  darkRef.current = dark;

  const start = useCallback(() => setLoad((current) => (current === 'idle' ? 'loading' : current)), []);

  // Load when the reader comes near the terminal (after acting on the page) or focuses it.
  useLoadWhenNeeded(rootRef, start, load === 'idle');

  useEffect(() => {
    if (load !== 'loading') return undefined;
    let cancelled = false;
    Promise.all([
      import(/* webpackChunkName: "terminal-lab" */ './controller'),
      import(/* webpackChunkName: "terminal-lab" */ '@site/src/terminal/transcript'),
      import('./load-session').then(({loadSession}) => loadSession(session)),
    ])
      .then(([{createController}, {walkthroughText}, loaded]) => {
        if (cancelled || !screenRef.current) return;
        controllerRef.current = createController({
          container: screenRef.current,
          data: loaded,
          dark: darkRef.current,
          rows: ROWS,
          onStatus: setStatus,
          // Tab completes inside the terminal, so Escape is the way out for keyboard users.
          onEscape: () => rootRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus(),
        });
        setData(loaded);
        setWalkthrough(walkthroughText(loaded.scenario));
        setLoad('ready');
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        console.warn(`Terminal lab "${session}" could not load:`, error);
        setLoad('failed');
      });
    return () => {
      cancelled = true;
    };
  }, [load, session]);

  useEffect(() => () => controllerRef.current?.dispose(), []);
  useEffect(() => controllerRef.current?.setDark(dark), [dark]);

  const ready = load === 'ready' && status !== null;
  const mode: Mode = status?.mode ?? 'play';
  const setMode = (next: Mode): void => controllerRef.current?.setMode(next);
  const copyCommands = (): void => {
    void navigator.clipboard?.writeText(commandsOfBlock(code).join('\n')).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };

  return (
    <div ref={rootRef} className={styles.root} data-lab="terminal" data-session={session} data-ready={ready ? 'true' : 'false'} data-mode={mode} onFocusCapture={start}>
      <div className={styles.header}>
        <span className={styles.title}>{data?.scenario.title ?? 'Recorded session'}</span>
        <div className={styles.tabs} role="tablist" aria-label="Terminal mode">
          <button type="button" role="tab" aria-selected={mode === 'play'} disabled={!ready} className={styles.tab} onClick={() => setMode('play')}>Play</button>
          <button type="button" role="tab" aria-selected={mode === 'try'} disabled={!ready} className={styles.tab} onClick={() => setMode('try')}>Try it</button>
        </div>
        <button type="button" className={styles.copy} onClick={copyCommands} title="Copy the block's commands">
          {copied ? 'Copied' : 'Copy commands'}
        </button>
      </div>
      <div className={styles.screen} style={{height: `${ROWS * 17 + 12}px`}}>
        {/* Server-rendered, and shown until xterm takes over: the block's commands as text. */}
        <pre className={styles.transcript} tabIndex={ready ? -1 : 0} aria-hidden={ready} style={ready ? {visibility: 'hidden'} : undefined} aria-label="Commands of this recorded session">
          {commandsOfBlock(code).map((command) => `$ ${command}\n`).join('')}
          {'\n'}
          {/* A plain link: Docusaurus's Link prefetches its route once in view, and a transcript's route holds the
              session engine and the recording (over 1 MB), fetched for every reader of the page. The transcript
              below keeps a Link, which the build checks. */}
          <a href={transcriptHref}>Read the recorded outputs</a>
          {load === 'failed' ? '\n(The interactive terminal could not load; the commands above are the recorded session.)' : ''}
        </pre>
        {/* xterm's own DOM: React never renders children here. */}
        <div ref={screenRef} className={styles.host} />
      </div>
      <div className={styles.controls}>
        {mode === 'play' ? (
          <PlayControls status={status} ready={ready} speed={speed} controller={controllerRef.current} onSpeed={(next) => {
            setSpeed(next);
            controllerRef.current?.setSpeed(next);
          }} />
        ) : (
          <span className={styles.hint}>Type the page's commands, or help, hint, clear, reset. Esc leaves the terminal.</span>
        )}
      </div>
      <SessionTranscript session={session} walkthrough={walkthrough} commands={commandsOfBlock(code)} />
    </div>
  );
}

function PlayControls({status, ready, speed, controller, onSpeed}: {
  status: PlayerStatus | null;
  ready: boolean;
  speed: number;
  controller: Controller | null;
  onSpeed: (speed: number) => void;
}): ReactNode {
  const duration = status?.duration ?? 1;
  const position = status?.position ?? 0;
  return (
    <>
      <button type="button" className={styles.control} disabled={!ready} onClick={() => (status?.playing ? controller?.pause() : controller?.play())} aria-label={status?.playing ? 'Pause' : 'Play'}>
        {status?.playing ? '❚❚' : '▶'}
      </button>
      <button type="button" className={styles.control} disabled={!ready} onClick={() => controller?.nextCommand()} title="Skip to the next command">Next command</button>
      <select className={styles.speed} disabled={!ready} value={speed} aria-label="Speed" onChange={(event) => onSpeed(Number(event.target.value))}>
        {SPEEDS.map((value) => <option key={value} value={value}>{value}×</option>)}
      </select>
      <div
        className={styles.progress}
        role="slider"
        tabIndex={ready ? 0 : -1}
        aria-label="Position in the recording"
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(position)}
        data-progress={(position / duration).toFixed(3)}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          controller?.seek(((event.clientX - box.left) / box.width) * duration);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowRight') controller?.nextCommand();
          if (event.key === 'ArrowLeft') controller?.seek(position - 5);
        }}>
        <div className={styles.progressFill} style={{width: `${(position / duration) * 100}%`}} />
        {(status?.marks ?? []).map((mark) => (
          <span key={mark.time} data-mark className={styles.mark} style={{left: `${(mark.time / duration) * 100}%`}} title={mark.label} />
        ))}
      </div>
    </>
  );
}
