import type {CheckedSession} from '@site/src/terminal/check-session';

/**
 * A session's data, written by src/plugins/lab-sessions.ts as one JSON module per
 * session. The template makes webpack split every session into its own chunk,
 * fetched only when a terminal for it loads.
 */
export async function loadSession(name: string): Promise<CheckedSession> {
  const module = (await import(/* webpackChunkName: "lab-session-[request]" */ `@generated/lab-sessions/default/${name}.json`)) as {default: CheckedSession};
  return module.default;
}
