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
