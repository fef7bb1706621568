import {useRef, useState, type ReactNode} from 'react';
import {DiffEditor} from '@monaco-editor/react';
import type {CheckResult, Exercise} from '@site/src/simulator/exercises';
import {recordCheck} from '@site/src/labs/exercise-progress';
import {InlineMarkdown} from '@site/src/components/Exercise/TaskText';
import ExerciseActions from './ExerciseActions';
import {editorHeight, FONT_SIZE, LINE_HEIGHT, lineCount} from './layout';
import {checkInWorker} from './validation-client';
import styles from './styles.module.css';

/**
 * Check, hints and solution for an exercise lab. Checks are behaviour (where requests
 * go, what mTLS mode applies), run by the simulator and the engine in the worker.
 */
export default function ExercisePanel({
  exercise,
  lab,
  text,
  context,
  theme,
  onUseSolution,
}: {
  exercise: Exercise;
  /** The lab's id: a newer Check replaces an older one still waiting for the engine. */
  lab: string;
  text: string;
  context?: unknown[];
  theme: string;
  onUseSolution: (solution: string) => void;
}): ReactNode {
  const [results, setResults] = useState<CheckResult[]>();
  const [checkedText, setCheckedText] = useState<string>();
  const [checkCount, setCheckCount] = useState(0);
  const [hintsShown, setHintsShown] = useState(0);
  const [solutionShown, setSolutionShown] = useState(false);
  const latestCheck = useRef(0);
  const solution = exercise.solution.replace(/\n$/, '');

  const check = () => {
    const snapshot = text;
    const request = ++latestCheck.current;
    checkInWorker(snapshot, context, exercise.checks, lab).then((found) => {
      // A second Check while the first waits: only the newer verdict is shown and recorded.
      if (request !== latestCheck.current) return;
      setResults(found);
      setCheckedText(snapshot);
      setCheckCount((count) => count + 1);
      recordCheck(exercise.id, found.filter((result) => result.passed).length, found.length);
    });
  };

  const passed = results?.filter((result) => result.passed).length ?? 0;
  return (
    <section className={styles.exercisePanel} data-exercise-panel aria-label={`Checks: ${exercise.title}`}>
      <ExerciseActions
        onCheck={check}
        onHint={() => setHintsShown((shown) => Math.min(shown + 1, exercise.hints.length))}
        onSolution={() => setSolutionShown((shown) => !shown)}
        hintsShown={hintsShown}
        hintCount={exercise.hints.length}
        solutionShown={solutionShown}
      />
      {results && (
        <div role="status" className={styles.exerciseResults} data-solved={passed === results.length} data-checks={checkCount}>
          <p className={styles.summary}>
            {passed === results.length ? '✓ Solved: every criterion passes.' : `${passed} of ${results.length} criteria pass.`}
            {checkedText !== text && <span className={styles.fieldLabel}> (checked before your latest edit)</span>}
          </p>
          <ul className={styles.criteria}>
            {results.map((result, index) => (
              <li key={index} data-passed={result.passed}>
                <span aria-hidden="true">{result.passed ? '✓' : '✗'}</span> <span className={styles.visuallyHidden}>{result.passed ? 'Passed:' : 'Failed:'}</span>{' '}
                <InlineMarkdown text={result.criterion} />
                {!result.passed && <span className={styles.reason}> — {result.reason}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {hintsShown > 0 && (
        <ol className={styles.hints} aria-label="Hints">
          {exercise.hints.slice(0, hintsShown).map((hint) => (
            <li key={hint}>
              <InlineMarkdown text={hint} />
            </li>
          ))}
        </ol>
      )}
      {solutionShown && (
        <div className={styles.solution}>
          <p className={styles.fieldLabel}>Your YAML (left) against the solution (right):</p>
          <DiffEditor
            original={text}
            modified={solution}
            language="yaml"
            theme={theme}
            height={editorHeight(Math.max(lineCount(text), lineCount(solution)))}
            options={{readOnly: true, renderSideBySide: true, minimap: {enabled: false}, fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT, scrollBeyondLastLine: false}}
          />
          <button type="button" className={styles.tool} onClick={() => onUseSolution(solution)}>
            Put the solution in the editor (undo with Ctrl+Z)
          </button>
        </div>
      )}
    </section>
  );
}
