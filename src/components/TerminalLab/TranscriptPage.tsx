import type {ReactNode} from 'react';
import Layout from '@theme/Layout';
import {transcriptStepText, type TranscriptPageData} from '@site/src/terminal/transcript-text';

/**
 * One recorded session as a plain page (added by src/plugins/lab-sessions.ts):
 * every command and its output, readable without JavaScript and by any screen reader.
 * The text is computed at build time, so the page carries no session engine.
 */
export default function TranscriptPage({transcript}: {transcript: TranscriptPageData}): ReactNode {
  const {title, mesh, states, steps} = transcript;
  return (
    <Layout title={`Transcript: ${title}`} description={`The recorded terminal session "${title}", command by command.`}>
      <main className="container margin-vert--lg">
        <h1>Transcript: {title}</h1>
        <p>
          A terminal session recorded on a Kubernetes 1.33 cluster with {mesh}. The cluster goes through these states:
        </p>
        <ol>
          {states.map((state, index) => <li key={index}>{state}</li>)}
        </ol>
        {steps.map((step, index) => (
          <section key={index}>
            {/* Focusable: a long output scrolls sideways, and keyboard users must be able to scroll it. */}
            <pre tabIndex={0} aria-label={`${step.prompt}${step.command}`}><code>{transcriptStepText(step)}</code></pre>
          </section>
        ))}
      </main>
    </Layout>
  );
}
