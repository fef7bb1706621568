import type {ReactNode} from 'react';
import Link from '@docusaurus/Link';
import type {Scenario} from '@site/src/terminal/scenario';
import {walkthroughTranscript} from '@site/src/terminal/transcript';
import styles from './styles.module.css';

/**
 * The recording as text, for screen readers, searching and copying. Rendered on
 * the server too (with the block's commands) so that loading adds no height.
 */
export function SessionTranscript({session, scenario, commands}: {session: string; scenario: Scenario | null; commands: string[]}): ReactNode {
  const text = scenario
    ? walkthroughTranscript(scenario).map(({command, output}) => `${scenario.prompt}${command}\n${output}${output && !output.endsWith('\n') ? '\n' : ''}`).join('')
    : commands.map((command) => `$ ${command}\n`).join('');
  return (
    <details className={styles.fullTranscript}>
      <summary>Transcript of the recording</summary>
      <pre tabIndex={0}>{text}</pre>
      <Link to={`/transcripts/${session}`}>The whole recording, with every output, as a page</Link>
    </details>
  );
}
