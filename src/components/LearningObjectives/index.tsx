import type {ReactNode} from 'react';
import styles from './styles.module.css';

/**
 * The chapter's goals, shown as a banner at the top of the chapter. Replaces the seed's
 * inline-styled <div>, so that colours follow the site's light and dark themes.
 */
export default function LearningObjectives({children}: {children: ReactNode}): ReactNode {
  return (
    <section className={styles.objectives} aria-labelledby="learning-objectives">
      <h2 id="learning-objectives" className={styles.title}>
        <span aria-hidden="true">🎯</span> Learning Objectives
      </h2>
      <div className={styles.list}>{children}</div>
    </section>
  );
}
