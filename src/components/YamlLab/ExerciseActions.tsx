import type {ReactNode} from 'react';
import styles from './styles.module.css';

/** The exercise's action row; the server renders it disabled, at the same height. */
export default function ExerciseActions({
  onCheck,
  onHint,
  onSolution,
  hintsShown,
  hintCount,
  solutionShown,
}: {
  onCheck?: () => void;
  onHint?: () => void;
  onSolution?: () => void;
  hintsShown: number;
  hintCount: number;
  solutionShown: boolean;
}): ReactNode {
  const ready = onCheck !== undefined;
  return (
    <div className={styles.exerciseActions}>
      <button type="button" className={`${styles.tool} ${styles.primaryTool}`} onClick={onCheck} disabled={!ready}>
        Check
      </button>
      <button type="button" className={styles.tool} onClick={onHint} disabled={!ready || hintsShown >= hintCount}>
        {hintsShown >= hintCount ? 'No more hints' : `Show a hint (${hintsShown + 1} of ${hintCount})`}
      </button>
      <button type="button" className={styles.tool} onClick={onSolution} disabled={!ready} aria-pressed={solutionShown}>
        {solutionShown ? 'Hide the solution' : 'Show the solution'}
      </button>
    </div>
  );
}
