import type {ReactNode, Ref} from 'react';
import styles from './styles.module.css';

export interface ToolbarActions {
  onReset(): void;
  onCopy(): void;
  onDownload(): void;
  onToggleDiff(): void;
  onShare(): void;
}

/** The lab's actions, reachable by keyboard (Escape in the editor lands here). */
export default function Toolbar({
  actions,
  diffOpen,
  modified,
  toolbarRef,
}: {
  actions: ToolbarActions;
  diffOpen: boolean;
  modified: boolean;
  toolbarRef: Ref<HTMLDivElement>;
}): ReactNode {
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Lab actions" ref={toolbarRef}>
      <button type="button" className={styles.tool} onClick={actions.onReset} disabled={!modified} title="Restore the chapter's YAML (undo with Ctrl+Z)">
        Reset
      </button>
      <button type="button" className={styles.tool} onClick={actions.onCopy} title="Copy the YAML">
        Copy
      </button>
      <button type="button" className={styles.tool} onClick={actions.onDownload} title="Download as a .yaml file">
        Download
      </button>
      <button type="button" className={styles.tool} onClick={actions.onToggleDiff} aria-pressed={diffOpen} title="Compare with the chapter's YAML">
        Diff
      </button>
      <button type="button" className={styles.tool} onClick={actions.onShare} title="Copy a link that carries this edit">
        Share
      </button>
    </div>
  );
}
