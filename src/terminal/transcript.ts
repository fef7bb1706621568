/**
 * The walkthrough as plain text (prompt, command, output), for readers without
 * JavaScript or with a screen reader, and for copying: the same story the
 * recording plays, produced by the same state machine.
 */
import {istioKinds} from '../engine/families/istio/kinds';
import {linkerdKinds} from '../engine/families/linkerd/kinds';
import {ScenarioSession} from './session';
import {resolveRun, type Mesh, type Scenario} from './scenario';
import {transcriptStepText, type TranscriptPageData, type TranscriptStep} from './transcript-text';

/** The walkthrough's commands as the session answers them, in order. */
export function walkthroughTranscript(scenario: Scenario): TranscriptStep[] {
  const session = new ScenarioSession(scenario);
  return scenario.walkthrough.map((run) => {
    const command = resolveRun(scenario, run);
    const reply = session.run(command);
    return {prompt: scenario.prompt, command, output: reply.kind === 'output' ? reply.text : ''};
  });
}

/** The walkthrough as one text, each step as the transcript page writes it. */
export function walkthroughText(scenario: Scenario): string {
  return walkthroughTranscript(scenario).map(transcriptStepText).join('');
}

/** How a page names the mesh a session was recorded with: the version the book targets, as its labs name it. */
const MESH_NAMES: Record<Mesh, string> = {istio: istioKinds.judgedAs, linkerd: linkerdKinds.judgedAs};

export function transcriptPageData(scenario: Scenario): TranscriptPageData {
  return {
    title: scenario.title,
    mesh: MESH_NAMES[scenario.mesh],
    states: scenario.states.map((state) => state.description),
    steps: walkthroughTranscript(scenario),
  };
}
