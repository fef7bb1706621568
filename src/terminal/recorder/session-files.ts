/**
 * Adds a recorded command to a session directory: its events appended to
 * session.cast (typed command after a marker, then the output as it came) and
 * its output recorded in scenario.yaml for the state the session is in.
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {dump, load} from 'js-yaml';
import {readCast, toTerminalText, writeCast, type Cast} from '../asciicast/format';
import {isMesh, type Mesh, type Scenario} from '../scenario';
import {ScenarioSession} from '../session';

export interface RecordedCommand {
  command: string;
  output: string;
  chunks: Array<{time: number; text: string}>;
  /** State the command ran in; by default the state the walkthrough has reached. */
  state?: string;
  /** State the cluster is in after the command, when it changed the cluster. */
  movesTo?: string;
}

export const CAST_FILE = 'session.cast';
export const SCENARIO_FILE = 'scenario.yaml';

export function newScenario(name: string, mesh: Mesh, state: string): Scenario {
  return {session: name, title: name, mesh, namespace: 'default', prompt: '$ ', placeholders: {}, states: [{id: state, description: state}], walkthrough: [], commands: []};
}

/** The state reached by replaying the walkthrough: where the next recording happens. */
export function currentState(scenario: Scenario): string {
  const session = new ScenarioSession(scenario);
  for (const run of scenario.walkthrough) session.run(run);
  return session.state;
}

/** `mesh` names a new session's mesh; an existing session keeps its own. */
export function appendRecording(dir: string, name: string, mesh: Mesh, recorded: RecordedCommand, size: {width: number; height: number} = {width: 100, height: 26}): {state: string; scenario: Scenario} {
  mkdirSync(dir, {recursive: true});
  const scenarioPath = join(dir, SCENARIO_FILE);
  const castPath = join(dir, CAST_FILE);
  const scenario: Scenario = existsSync(scenarioPath) ? (load(readFileSync(scenarioPath, 'utf8')) as Scenario) : newScenario(name, mesh, recorded.state ?? 'initial');
  if (!isMesh(scenario.mesh)) scenario.mesh = mesh;
  const state = recorded.state ?? currentState(scenario);
  const ensureState = (id: string): void => {
    if (!scenario.states.some((s) => s.id === id)) scenario.states.push({id, description: id});
  };
  ensureState(state);
  const session = new ScenarioSession(scenario);
  let entry = session.match(recorded.command);
  if (!entry) {
    entry = {run: recorded.command, outputs: {}};
    scenario.commands.push(entry);
  }
  entry.outputs[state] = recorded.output;
  if (recorded.movesTo) {
    ensureState(recorded.movesTo);
    entry.moves = {...entry.moves, [state]: recorded.movesTo};
  }
  scenario.walkthrough.push(recorded.command);
  writeFileSync(scenarioPath, dump(scenario, {lineWidth: -1, noRefs: true}));

  const cast: Cast = existsSync(castPath)
    ? readCast(readFileSync(castPath, 'utf8'))
    : {header: {version: 2, ...size, timestamp: Math.floor(Date.now() / 1000), idle_time_limit: 2, title: scenario.title, env: {SHELL: '/bin/bash', TERM: 'xterm-256color'}}, events: []};
  let time = (cast.events[cast.events.length - 1]?.[0] ?? 0) + 0.5;
  cast.events.push([time, 'm', recorded.command], [time, 'o', scenario.prompt]);
  time += 0.5;
  for (const char of recorded.command) {
    cast.events.push([time, 'o', char]);
    time += 0.05;
  }
  cast.events.push([time, 'o', '\r\n']);
  const start = time + 0.1;
  for (const chunk of recorded.chunks) cast.events.push([start + chunk.time, 'o', toTerminalText(chunk.text)]);
  writeFileSync(castPath, writeCast(cast));
  return {state, scenario};
}
