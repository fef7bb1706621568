import type {CheckedSession} from '@site/src/terminal/check-session';
import loaders from '@generated/lab-sessions/default/loaders.js';

/**
 * A session's data, written by src/plugins/lab-sessions.ts as one JSON module per
 * session with a loader each: every session is its own chunk, fetched only when a
 * terminal for it loads.
 */
export async function loadSession(name: string): Promise<CheckedSession> {
  const load = loaders[name];
  if (!load) throw new Error(`No recorded session "${name}" in labs/sessions/.`);
  return (await load()).default as CheckedSession;
}
