/**
 * A transcript page's text is computed at build time (src/plugins/lab-sessions.ts), so the page ships
 * no session engine: the same walkthrough the terminal plays, and the mesh the session was recorded on.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkSession} from '../../src/terminal/check-session';
import {transcriptPageData, walkthroughTranscript} from '../../src/terminal/transcript';

function session(name: string) {
  const dir = `labs/sessions/${name}`;
  const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
  return checkSession(dir, read('session.cast'), read('scenario.yaml'), read);
}

describe('transcript page data', () => {
  it('names the mesh a session runs: Linkerd for the linkerd CLI, Istio otherwise', () => {
    expect(transcriptPageData(session('linkerd-403').scenario).mesh).toBe('Linkerd 2.20');
    expect(transcriptPageData(session('linkerd-install').scenario).mesh).toBe('Linkerd 2.20');
    expect(transcriptPageData(session('traffic-not-routing').scenario).mesh).toBe('Istio 1.30');
    expect(transcriptPageData(session('waypoint-not-used').scenario).mesh).toBe('Istio 1.30');
  });

  it('holds the walkthrough as the terminal replays it, with each state described', () => {
    const {scenario} = session('traffic-not-routing');
    const data = transcriptPageData(scenario);
    expect(data.steps.map(({command, output}) => ({command, output}))).toEqual(walkthroughTranscript(scenario));
    expect(data.steps.every((step) => step.prompt === scenario.prompt)).toBe(true);
    expect(data.states).toEqual(scenario.states.map((state) => state.description));
    // Plain data: it survives the JSON module the plugin writes.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
