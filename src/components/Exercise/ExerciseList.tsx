import type {ReactNode} from 'react';
import Link from '@docusaurus/Link';
import {ProgressBadge, useExercises, useProgress} from './index';
import styles from './styles.module.css';

function Row({id, title}: {id: string; title: string}): ReactNode {
  const progress = useProgress(id);
  return (
    <li className={styles.row} data-exercise-row={id}>
      <Link to={`/exercises#${id}`}>{title}</Link> <ProgressBadge progress={progress} />
    </li>
  );
}

/** `<ExerciseList/>`: every exercise with the reader's progress, kept in this browser. */
export default function ExerciseList(): ReactNode {
  const exercises = Object.values(useExercises());
  return (
    <ul className={styles.list} aria-label="Exercises and your progress">
      {exercises.map((exercise) => (
        <Row key={exercise.id} id={exercise.id} title={exercise.title} />
      ))}
    </ul>
  );
}
