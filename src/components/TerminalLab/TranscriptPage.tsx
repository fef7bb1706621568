import type {ReactNode} from 'react';
import Layout from '@theme/Layout';
import type {CheckedSession} from '@site/src/terminal/check-session';
import {walkthroughTranscript} from '@site/src/terminal/transcript';

/**
 * One recorded session as a plain page (added by src/plugins/lab-sessions.ts):
 * every command and its output, readable without JavaScript and by any screen reader.
 */
export default function TranscriptPage({session}: {session: CheckedSession}): ReactNode {
  const {scenario} = session;
  return (
    <Layout title={`Transcript: ${scenario.title}`} description={`The recorded terminal session "${scenario.title}", command by command.`}>
      <main className="container margin-vert--lg">
        <h1>Transcript: {scenario.title}</h1>
        <p>
          A terminal session recorded on a Kubernetes 1.33 cluster with Istio 1.30. The cluster goes through these states:
        </p>
        <ol>
          {scenario.states.map((state) => <li key={state.id}>{state.description}</li>)}
        </ol>
        {walkthroughTranscript(scenario).map(({command, output}, index) => (
          <section key={index}>
            {/* Focusable: a long output scrolls sideways, and keyboard users must be able to scroll it. */}
            <pre tabIndex={0} aria-label={`${scenario.prompt}${command}`}><code>{`${scenario.prompt}${command}\n${output}`}</code></pre>
          </section>
        ))}
      </main>
    </Layout>
  );
}
