/**
 * One step of a recorded session as text: the prompt and command, then the output, ending its
 * line. The transcript page (src/components/TerminalLab/TranscriptPage.tsx) and the terminal's
 * walkthrough text (./transcript.ts) both write steps with it. It imports nothing, so the
 * transcript page that imports it ships no session engine and no printer.
 */
export interface TranscriptStep {
  prompt: string;
  command: string;
  output: string;
}

export function transcriptStepText({prompt, command, output}: TranscriptStep): string {
  return `${prompt}${command}\n${output}${output && !output.endsWith('\n') ? '\n' : ''}`;
}

/** What a transcript page shows, computed at build time (src/plugins/lab-sessions.ts) so that the page ships text, not the session engine. */
export interface TranscriptPageData {
  title: string;
  /** The mesh the session was recorded with, as the page names it (`Istio 1.30`). */
  mesh: string;
  states: string[];
  steps: TranscriptStep[];
}
