/**
 * The walkthrough as plain text (prompt, command, output), for readers without
 * JavaScript or with a screen reader, and for copying: the same story the
 * recording plays, produced by the same state machine.
 */
import {ScenarioSession} from './session';
import {resolveRun, type Scenario} from './scenario';

export interface TranscriptStep {
  command: string;
  output: string;
}

export function walkthroughTranscript(scenario: Scenario): TranscriptStep[] {
  const session = new ScenarioSession(scenario);
  return scenario.walkthrough.map((run) => {
    const command = resolveRun(scenario, run);
    const reply = session.run(command);
    return {command, output: reply.kind === 'output' ? reply.text : ''};
  });
}

/** The walkthrough as one text, each command after the scenario's prompt, each output ending its line. */
export function walkthroughText(scenario: Scenario): string {
  return walkthroughTranscript(scenario)
    .map(({command, output}) => `${scenario.prompt}${command}\n${output}${output && !output.endsWith('\n') ? '\n' : ''}`)
    .join('');
}

/** What a transcript page shows, computed at build time (src/plugins/lab-sessions.ts) so that the page ships text, not the session engine. */
export interface TranscriptPageData {
  title: string;
  /** The mesh the session runs, as the page names it. */
  mesh: string;
  states: string[];
  steps: Array<{prompt: string; command: string; output: string}>;
}

export function transcriptPageData(scenario: Scenario): TranscriptPageData {
  // A session that runs the linkerd CLI is recorded against Linkerd; the others against Istio.
  const linkerd = scenario.commands.some((command) => /^linkerd\b/.test(command.run));
  return {
    title: scenario.title,
    mesh: linkerd ? 'Linkerd 2.20' : 'Istio 1.30',
    states: scenario.states.map((state) => state.description),
    steps: walkthroughTranscript(scenario).map(({command, output}) => ({prompt: scenario.prompt, command, output})),
  };
}
