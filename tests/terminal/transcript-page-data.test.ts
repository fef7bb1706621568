/**
 * A transcript page's text is computed at build time (src/plugins/lab-sessions.ts), so the page ships
 * no session engine: the same walkthrough the terminal plays, and the mesh the session was recorded on.
 */
import {readFileSync} from 'node:fs';
import {createElement, type ReactNode} from 'react';
import {renderToStaticMarkup} from 'react-dom/server';
import {describe, expect, it, vi} from 'vitest';
import {checkSession} from '../../src/terminal/check-session';
import {transcriptPageData, walkthroughText, walkthroughTranscript} from '../../src/terminal/transcript';
import TranscriptPage from '../../src/components/TerminalLab/TranscriptPage';

// The page as Docusaurus renders it, its theme's Layout reduced to its content.
vi.mock('@theme/Layout', () => ({default: ({children}: {children: ReactNode}) => children}));
vi.mock('@site/src/terminal/transcript-text', () => import('../../src/terminal/transcript-text'));

function session(name: string) {
  const dir = `labs/sessions/${name}`;
  const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
  return checkSession(dir, read('session.cast'), read('scenario.yaml'), read);
}

/** What a <pre> shows, from React's server markup: its text with the entities React writes decoded. */
function preTexts(html: string): string[] {
  const decode = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  return [...html.matchAll(/<pre[^>]*><code>([\s\S]*?)<\/code><\/pre>/g)].map((match) => decode(match[1]!));
}

describe('transcript page data', () => {
  it('names the mesh the scenario declares', () => {
    expect(transcriptPageData(session('linkerd-403').scenario).mesh).toBe('Linkerd 2.20');
    expect(transcriptPageData(session('linkerd-install').scenario).mesh).toBe('Linkerd 2.20');
    expect(transcriptPageData(session('traffic-not-routing').scenario).mesh).toBe('Istio 1.30');
    expect(transcriptPageData(session('waypoint-not-used').scenario).mesh).toBe('Istio 1.30');
    // From the field, not from the commands: a Linkerd session that ran no linkerd command is still Linkerd's.
    const {scenario} = session('linkerd-403');
    const kubectlOnly = {...scenario, mesh: 'linkerd' as const, commands: scenario.commands.filter((command) => command.run.startsWith('kubectl'))};
    expect(transcriptPageData({...kubectlOnly, walkthrough: kubectlOnly.commands.map((command) => command.run)}).mesh).toBe('Linkerd 2.20');
  });

  it('holds the walkthrough as the terminal replays it, with each state described', () => {
    const {scenario} = session('traffic-not-routing');
    const data = transcriptPageData(scenario);
    expect(data.steps).toEqual(walkthroughTranscript(scenario));
    expect(data.steps.every((step) => step.prompt === scenario.prompt)).toBe(true);
    expect(data.states).toEqual(scenario.states.map((state) => state.description));
    // Plain data: it survives the JSON module the plugin writes.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('writes a step on the page as the terminal lab\'s walkthrough text writes it', () => {
    // One step: the first command of the walkthrough, whose output has no final newline in one case below.
    const {scenario} = session('traffic-not-routing');
    const one = {...scenario, walkthrough: scenario.walkthrough.slice(0, 1)};
    const [pre] = preTexts(renderToStaticMarkup(createElement(TranscriptPage, {transcript: transcriptPageData(one)})));
    expect(pre).toBe(walkthroughText(one));
    expect(pre!.startsWith(`$ ${scenario.walkthrough[0]}\n`)).toBe(true);

    // An output without a final newline (a jsonpath query's) ends its line on both.
    const unterminated = {...one, commands: one.commands.map((command) => ({...command, outputs: Object.fromEntries(Object.entries(command.outputs).map(([state, text]) => [state, text.trimEnd()]))}))};
    const [page] = preTexts(renderToStaticMarkup(createElement(TranscriptPage, {transcript: transcriptPageData(unterminated)})));
    expect(page).toBe(walkthroughText(unterminated));
    expect(page!.endsWith('\n')).toBe(true);

    // The whole walkthrough: every step's text, in order, is the walkthrough text.
    const all = preTexts(renderToStaticMarkup(createElement(TranscriptPage, {transcript: transcriptPageData(scenario)})));
    expect(all.length).toBe(scenario.walkthrough.length);
    expect(all.join('')).toBe(walkthroughText(scenario));
  });
});
