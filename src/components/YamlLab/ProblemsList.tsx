import type {ReactNode} from 'react';
import type {Diagnostic} from '@site/src/engine/types';
import styles from './styles.module.css';

const SEVERITY_LABEL = {error: 'Error', warning: 'Warning', info: 'Info'} as const;

/**
 * The engine's verdict under the editor, readable by a screen reader: one item per
 * diagnostic, "Line N, column M: message"; choosing one moves the cursor there.
 * `diagnostics` is undefined while the first check runs.
 */
export default function ProblemsList({
  diagnostics,
  judgedAs,
  onSelect,
}: {
  diagnostics: Diagnostic[] | undefined;
  /** What the lab is judged as, from its API family: `Istio 1.30`, `Linkerd 2.20`. */
  judgedAs: string;
  onSelect?: (diagnostic: Diagnostic) => void;
}): ReactNode {
  if (diagnostics === undefined) {
    return (
      <div className={styles.problems} data-state="pending" role="status">
        <p className={styles.pending}>Checked against {judgedAs} once the editor loads.</p>
      </div>
    );
  }
  if (diagnostics.length === 0) {
    return (
      <div className={styles.problems} data-state="valid" role="status">
        <p className={styles.valid}>
          <span aria-hidden="true">✓ </span>Valid: {judgedAs} accepts this, analysis finds no issue.
        </p>
      </div>
    );
  }
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${diagnostics.length - errors} other finding${diagnostics.length - errors === 1 ? '' : 's'}`;
  return (
    <div className={styles.problems} data-state={errors > 0 ? 'invalid' : 'warnings'}>
      <p className={styles.summary} role="status">
        {summary}
      </p>
      <ul className={styles.problemList} aria-label="Problems">
        {diagnostics.map((diagnostic, index) => (
          <li key={index} data-line={diagnostic.range.start.line} data-column={diagnostic.range.start.column} data-severity={diagnostic.severity}>
            <button type="button" className={styles.problem} onClick={() => onSelect?.(diagnostic)} disabled={!onSelect}>
              <span className={styles[diagnostic.severity]}>{SEVERITY_LABEL[diagnostic.severity]}</span>{' '}
              <span>
                Line {diagnostic.range.start.line}, column {diagnostic.range.start.column}: {diagnostic.message}
              </span>{' '}
              <code className={styles.code}>{diagnostic.code}</code>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
