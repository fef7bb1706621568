import {useEffect, useState, type ReactNode} from 'react';
import {usePluginData} from '@docusaurus/useGlobalData';
import useBrokenLinks from '@docusaurus/useBrokenLinks';
import CodeBlock from '@theme-original/CodeBlock';
import YamlLab from '@site/src/components/YamlLab';
import {PROGRESS_EVENT, readProgress, type ExerciseProgress} from '@site/src/labs/exercise-progress';
import type {Exercise as ExerciseData} from '@site/src/simulator/exercises';
import TaskText from './TaskText';
import styles from './styles.module.css';

/** The exercises of labs/exercises/, by id, as the lab-exercises plugin provides them. */
export function useExercises(): Record<string, ExerciseData> {
  return usePluginData('lab-exercises') as Record<string, ExerciseData>;
}

/** The reader's progress on an exercise, read after hydration and kept current. */
export function useProgress(id: string): ExerciseProgress | undefined {
  const [progress, setProgress] = useState<ExerciseProgress>();
  useEffect(() => {
    const update = () => setProgress(readProgress(id));
    update();
    window.addEventListener(PROGRESS_EVENT, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(PROGRESS_EVENT, update);
      window.removeEventListener('storage', update);
    };
  }, [id]);
  return progress;
}

export function ProgressBadge({progress}: {progress: ExerciseProgress | undefined}): ReactNode {
  if (!progress) return <span className={styles.badge} data-progress="new">Not started</span>;
  if (progress.status === 'solved') return <span className={`${styles.badge} ${styles.solved}`} data-progress="solved">✓ Solved</span>;
  return (
    <span className={styles.badge} data-progress="attempted">
      Attempted: {progress.passed} of {progress.total}
    </span>
  );
}

/** `<Exercise name="…"/>`: a task from labs/exercises/ as a lab that checks itself. */
export default function Exercise({name}: {name: string}): ReactNode {
  const exercises = useExercises();
  const exercise = exercises[name];
  if (!exercise) {
    // Thrown during the build's server rendering: a wrong name fails the build.
    throw new Error(`<Exercise name="${name}"> names no exercise in labs/exercises/ (known: ${Object.keys(exercises).join(', ')}).`);
  }
  // The section's id is a link target (the progress lists link here): tell the link checker.
  useBrokenLinks().collectAnchor(exercise.id);
  const progress = useProgress(exercise.id);
  const start = exercise.start.replace(/\n$/, '');
  return (
    <section className={styles.exercise} id={exercise.id} data-exercise={exercise.id} aria-labelledby={`${exercise.id}-title`}>
      <div className={styles.heading}>
        <h3 id={`${exercise.id}-title`} className={styles.title}>
          Exercise: {exercise.title}
        </h3>
        <ProgressBadge progress={progress} />
      </div>
      <TaskText text={exercise.task} />
      <YamlLab
        code={start}
        context={exercise.context}
        id={`exercise-${exercise.id}`}
        exercise={exercise}
        fallback={
          <CodeBlock language="yaml" showLineNumbers>
            {start}
          </CodeBlock>
        }
      />
    </section>
  );
}
