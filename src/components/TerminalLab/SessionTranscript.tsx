import type {ReactNode} from 'react';
import Link from '@docusaurus/Link';
import styles from './styles.module.css';

/**
 * The recording as text, for screen readers, searching and copying. Rendered on
 * the server too (with the block's commands) so that loading adds no height. The
 * walkthrough's text comes from the lazily loaded session engine (`walkthroughText`),
 * so that engine stays out of every page's first chunk.
 */
export function SessionTranscript({session, walkthrough, commands}: {session: string; walkthrough: string | null; commands: string[]}): ReactNode {
  const text = walkthrough ?? commands.map((command) => `$ ${command}\n`).join('');
  return (
    <details className={styles.fullTranscript}>
      <summary>Transcript of the recording</summary>
      <pre tabIndex={0}>{text}</pre>
      <Link to={`/transcripts/${session}`}>The whole recording, with every output, as a page</Link>
    </details>
  );
}
