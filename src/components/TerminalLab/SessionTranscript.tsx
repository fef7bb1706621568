import type {ReactNode} from 'react';
import type {Scenario} from '@site/src/terminal/scenario';
import {walkthroughTranscript} from '@site/src/terminal/transcript';
import styles from './styles.module.css';

/** The whole recording as text: for screen readers, searching and copying. */
export function SessionTranscript({scenario}: {scenario: Scenario}): ReactNode {
  return (
    <details className={styles.fullTranscript}>
      <summary>Transcript of the recording</summary>
      <pre>
        {walkthroughTranscript(scenario).map(({command, output}) => `${scenario.prompt}${command}\n${output}${output && !output.endsWith('\n') ? '\n' : ''}`).join('')}
      </pre>
    </details>
  );
}
