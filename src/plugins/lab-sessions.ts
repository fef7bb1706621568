import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import type {LoadContext, Plugin} from '@docusaurus/types';
import {checkSession, SessionDataError, type CheckedSession} from '../terminal/check-session';
import {transcriptPageData} from '../terminal/transcript';

/**
 * Reads the recorded terminal sessions in labs/sessions/NAME/ (session.cast +
 * scenario.yaml), fails the build on a malformed one with file and line, and
 * writes each session as its own JSON module. The terminal widget imports it
 * with import() when it loads, so a session's data is fetched only by the
 * pages whose terminals need it, not shipped in every page's initial JS.
 */
/** Where a session's transcript page lives; TerminalLab links to it. */
export function transcriptPath(baseUrl: string, name: string): string {
  return `${baseUrl.replace(/\/$/, '')}/transcripts/${name}`;
}

export default function labSessions(context: LoadContext): Plugin<unknown> {
  const directory = join(context.siteDir, 'labs', 'sessions');
  return {
    name: 'lab-sessions',
    getPathsToWatch: () => [join(directory, '*', 'session.cast'), join(directory, '*', 'scenario.yaml'), join(directory, '*', 'cluster', '*.yaml')],
    async loadContent() {
      const sessions: Record<string, CheckedSession> = {};
      const failures: string[] = [];
      const names = existsSync(directory) ? readdirSync(directory, {withFileTypes: true}).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort() : [];
      for (const name of names) {
        const shown = relative(context.siteDir, join(directory, name));
        try {
          const read = (file: string): string => readFileSync(join(directory, name, file), 'utf8');
          const session = checkSession(shown, read('session.cast'), read('scenario.yaml'), read);
          if (session.scenario.session !== name) throw new SessionDataError(`${shown}/scenario.yaml:1:1: session "${session.scenario.session}" must match the directory name "${name}"`);
          sessions[name] = session;
        } catch (error) {
          failures.push(error instanceof SessionDataError ? error.message : `${shown}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failures.length > 0) throw new Error(`Malformed recorded session(s):\n${failures.join('\n')}`);
      return sessions;
    },
    async contentLoaded({content, actions}) {
      const names = Object.keys(content as Record<string, CheckedSession>).sort();
      // One loader per session, so that webpack splits each session's data into a chunk of
      // its own, fetched only when a terminal for it loads (src/components/TerminalLab/load-session.ts).
      await actions.createData(
        'loaders.js',
        `export default {\n${names.map((name) => `  ${JSON.stringify(name)}: () => import(${JSON.stringify(`./${name}.json`)}),`).join('\n')}\n};\n`,
      );
      await Promise.all(Object.entries(content as Record<string, CheckedSession>).map(async ([name, session]) => {
        // .docusaurus/lab-sessions/default/NAME.json, imported lazily by src/components/TerminalLab/load-session.ts.
        await actions.createData(`${name}.json`, JSON.stringify(session));
        // A plain page with the whole recording: the transcript for readers without JavaScript. Its text
        // is computed here, so the page ships the text alone, not the session engine and the recording.
        const transcript = await actions.createData(`${name}.transcript.json`, JSON.stringify(transcriptPageData(session.scenario)));
        actions.addRoute({
          path: transcriptPath(context.baseUrl, name),
          component: '@site/src/components/TerminalLab/TranscriptPage.tsx',
          modules: {transcript},
          exact: true,
        });
      }));
    },
  };
}
