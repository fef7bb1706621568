import {useCallback, useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import Editor, {DiffEditor, type OnMount} from '@monaco-editor/react';
import {useColorMode} from '@docusaurus/theme-common';
import type {Diagnostic, Range} from '@site/src/engine/types';
import type {LabContext} from '@site/src/labs/lab-context';
import {decodeShare, shareLink} from '@site/src/labs/share';
import {EditStore, type StorageStatus} from '@site/src/labs/storage';
import {editorTheme, monaco} from './monaco';
import ProblemsList from './ProblemsList';
import RequestPanel from './RequestPanel';
import RoutingDiagramView from './RoutingDiagramView';
import ExercisePanel from './ExercisePanel';
import type {Exercise} from '@site/src/simulator/exercises';
import Toolbar from './Toolbar';
import {editorHeight, FONT_SIZE, LINE_HEIGHT, lineCount, VERTICAL_PADDING} from './layout';
import {validateInWorker} from './validation-client';
import styles from './styles.module.css';

export interface LabEditorProps {
  original: string;
  title: string;
  blockId: string;
  storageKey: string;
  context?: LabContext;
  /** A lab of a kind the simulator routes through (a VirtualService) gets the "Send a request" panel. */
  routesTraffic: boolean;
  /** What its verdict names as the judge (`Istio 1.30`, `Linkerd 2.20`): the lab's API family. */
  judgedAs: string;
  /** An exercise lab gets Check, hints and the solution. */
  exercise?: Exercise;
}

/** Coalesces bursts (key repeat, a paste) without a delay anyone notices: validation itself takes well under 1 ms. */
const VALIDATE_DEBOUNCE_MS = 20;
const SAVE_DEBOUNCE_MS = 300;
const MARKER_OWNER = 'meshdive';
const MONOSPACE = "SFMono-Regular, Menlo, Monaco, Consolas, 'Liberation Mono', 'Courier New', monospace";

const SEVERITY: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

function storageNotice(status: StorageStatus): string | undefined {
  if (status === 'unavailable') return 'This browser does not allow storage here: the editor works, but your edits will not be kept after you leave.';
  if (status === 'full') return 'This browser\'s storage is full: the editor works, but your latest edits will not be kept.';
  return undefined;
}

function initialText(original: string, blockId: string, saved: string | undefined): {text: string; notice?: string; shared?: boolean} {
  const shared = typeof window === 'undefined' ? undefined : decodeShare(window.location.hash, blockId);
  if (shared?.ok) {
    return {text: shared.text, shared: true, notice: 'Loaded an edit from the shared link; it replaces your saved edit only once you change it. Reset restores the chapter\'s YAML.'};
  }
  if (shared && !shared.ok) return {text: saved ?? original, notice: `${shared.reason} Showing ${saved ? 'your saved edit' : 'the chapter\'s YAML'} instead.`};
  return {text: saved ?? original};
}

export default function LabEditor({original, title, blockId, storageKey, context, routesTraffic, judgedAs, exercise}: LabEditorProps): ReactNode {
  const store = useMemo(() => new EditStore(), []);
  const initial = useMemo(() => initialText(original, blockId, store.load(storageKey)), [original, blockId, store, storageKey]);
  const [text, setText] = useState(initial.text);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>();
  const [storageStatus, setStorageStatus] = useState<StorageStatus>(() => store.probe());
  const [notice, setNotice] = useState(initial.notice);
  const [diffOpen, setDiffOpen] = useState(false);
  const [height, setHeight] = useState(() => editorHeight(lineCount(initial.text)));
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const latestRequest = useRef(0);
  const routeDecorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const {colorMode} = useColorMode();

  // Validate off the main thread; only the newest answer is shown (an older one can arrive
  // after a newer request was sent, e.g. as a skipped or timed-out verdict).
  useEffect(() => {
    const request = ++latestRequest.current;
    const timer = setTimeout(() => {
      validateInWorker(text, context?.resources, blockId).then((result) => {
        if (request !== latestRequest.current) return;
        setDiagnostics(result);
        const model = editorRef.current?.getModel();
        if (model) {
          monaco.editor.setModelMarkers(
            model,
            MARKER_OWNER,
            result.map((diagnostic) => ({
              severity: SEVERITY[diagnostic.severity],
              message: diagnostic.message,
              code: diagnostic.code,
              source: judgedAs,
              startLineNumber: diagnostic.range.start.line,
              startColumn: diagnostic.range.start.column,
              endLineNumber: diagnostic.range.end.line,
              endColumn: Math.max(diagnostic.range.end.column, diagnostic.range.start.column + 1),
            })),
          );
        }
      });
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, context, blockId, judgedAs]);

  // Keep the edit; forget it once it matches the chapter again. A shared edit that the
  // reader has not touched is not theirs yet: it must not overwrite their own saved edit.
  useEffect(() => {
    if (initial.shared && text === initial.text) return undefined;
    const timer = setTimeout(() => {
      if (text === original) {
        store.remove(storageKey);
        return;
      }
      const status = store.save(storageKey, text);
      setStorageStatus(status);
    }, SAVE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, original, store, storageKey, initial]);

  const onMount: OnMount = useCallback((editor) => {
    editorRef.current = editor;
    // Monaco keeps Tab for indentation; Escape (with no widget open) leaves for the toolbar.
    editor.addCommand(
      monaco.KeyCode.Escape,
      () => toolbarRef.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus(),
      '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !markersNavigationVisible',
    );
    editor.onDidContentSizeChange(() => setHeight(editorHeight(editor.getModel()?.getLineCount() ?? 1)));
  }, []);

  // The route the simulated request took, highlighted in the YAML.
  const showRoute = useCallback((range: Range | undefined) => {
    const editor = editorRef.current;
    if (!editor) return;
    routeDecorations.current ??= editor.createDecorationsCollection();
    routeDecorations.current.set(
      range ? [{range: new monaco.Range(range.start.line, 1, range.end.line, 1), options: {isWholeLine: true, className: styles.routeLine}}] : [],
    );
  }, []);

  const moveTo = useCallback((diagnostic: Diagnostic) => {
    const editor = editorRef.current;
    if (!editor) return;
    const position = {lineNumber: diagnostic.range.start.line, column: diagnostic.range.start.column};
    editor.setPosition(position);
    editor.revealPositionInCenterIfOutsideViewport(position);
    editor.focus();
  }, []);

  const replaceAll = useCallback((replacement: string) => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    // An edit operation, not setValue: it lands on the undo stack, so reset can be undone.
    editor.pushUndoStop();
    editor.executeEdits('reset', [{range: model.getFullModelRange(), text: replacement}]);
    editor.pushUndoStop();
  }, []);

  const actions = {
    onReset() {
      replaceAll(original);
      setNotice('Restored the chapter\'s YAML. Undo with Ctrl+Z (Cmd+Z) in the editor.');
    },
    onCopy() {
      navigator.clipboard?.writeText(text).then(
        () => setNotice('Copied the YAML.'),
        () => setNotice('Copying is not allowed here: select the text in the editor and copy it.'),
      );
    },
    onDownload() {
      const url = URL.createObjectURL(new Blob([text.endsWith('\n') ? text : `${text}\n`], {type: 'application/yaml'}));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${title.split(',')[0]!.trim().toLowerCase() || 'lab'}.yaml`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
    onToggleDiff() {
      setDiffOpen((open) => !open);
    },
    onShare() {
      const link = shareLink(blockId, text);
      if (!link.ok) {
        setNotice(link.reason);
        return;
      }
      const url = new URL(window.location.href);
      url.hash = link.fragment;
      window.history.replaceState(window.history.state, '', url);
      navigator.clipboard?.writeText(url.toString()).then(
        () => setNotice('Copied a link that opens this page with your edit.'),
        () => setNotice('The address bar now holds a link with your edit: copy it from there.'),
      );
    },
  };

  const notices = [storageNotice(storageStatus), notice].filter(Boolean);
  return (
    <>
      <div className={styles.header}>
        <span className={styles.title}>{title}</span>
        <Toolbar actions={actions} diffOpen={diffOpen} modified={text !== original} toolbarRef={toolbarRef} />
      </div>
      <div className={styles.editor} style={{height}}>
        {/* Uncontrolled: the editor owns its text. A `value` prop is written back in a passive
            effect, which on a slow machine lands after newer keystrokes and overwrites them. */}
        <Editor
          defaultValue={initial.text}
          defaultLanguage="yaml"
          path={`inmemory://lab/${blockId}.yaml`}
          theme={editorTheme(colorMode)}
          onChange={(value) => setText(value ?? '')}
          onMount={onMount}
          loading={null}
          options={{
            ariaLabel: `${title} YAML editor. Press Escape to leave the editor for its toolbar.`,
            fontSize: FONT_SIZE,
            lineHeight: LINE_HEIGHT,
            fontFamily: MONOSPACE,
            padding: {top: VERTICAL_PADDING, bottom: VERTICAL_PADDING},
            minimap: {enabled: false},
            scrollBeyondLastLine: false,
            automaticLayout: true,
            tabSize: 2,
            insertSpaces: true,
            renderWhitespace: 'none',
            scrollbar: {alwaysConsumeMouseWheel: false},
            fixedOverflowWidgets: true,
            // Tab accepts a suggestion; Enter always breaks the line, so typing `key:` and Enter
            // never inserts a field the reader did not choose.
            acceptSuggestionOnEnter: 'off',
          }}
        />
      </div>
      {diffOpen && (
        <div className={styles.diff} aria-label="Changes against the chapter's YAML">
          <DiffEditor
            original={original}
            modified={text}
            language="yaml"
            theme={editorTheme(colorMode)}
            height={editorHeight(Math.max(lineCount(original), lineCount(text)))}
            options={{readOnly: true, renderSideBySide: false, minimap: {enabled: false}, fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT, scrollBeyondLastLine: false}}
          />
        </div>
      )}
      <div className={styles.notices} aria-live="polite">
        {notices.map((message) => (
          <p key={message} className={styles.notice}>
            {message}
          </p>
        ))}
      </div>
      <ProblemsList diagnostics={diagnostics} judgedAs={judgedAs} onSelect={moveTo} />
      {exercise && (
        <ExercisePanel exercise={exercise} lab={blockId} text={text} context={context?.resources} theme={editorTheme(colorMode)} onUseSolution={replaceAll} />
      )}
      {routesTraffic && <RequestPanel lab={blockId} yaml={text} context={context?.resources} onRoute={showRoute} />}
      {routesTraffic && <RoutingDiagramView yaml={text} context={context?.resources} dark={colorMode === 'dark'} lab={blockId} />}
    </>
  );
}
