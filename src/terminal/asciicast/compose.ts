/**
 * Writes a scenario's walkthrough as an asciicast: typed command, then its
 * recorded output, with a marker at each command. Used to (re)build the
 * sessions' .cast files and to check that a cast and its scenario agree.
 */
import {ScenarioSession} from '../session';
import {resolveRun, type Scenario} from '../scenario';
import {toTerminalText, type Cast, type CastEvent} from './format';

export interface ComposeOptions {
  width?: number;
  height?: number;
  /** Seconds per typed character and per output line. */
  typingDelay?: number;
  lineDelay?: number;
}

export function composeCast(scenario: Scenario, options: ComposeOptions = {}): Cast {
  const typing = options.typingDelay ?? 0.045;
  const lineDelay = options.lineDelay ?? 0.03;
  const session = new ScenarioSession(scenario);
  const events: CastEvent[] = [];
  let time = 0.2;
  const prompt = scenario.prompt;
  for (const run of scenario.walkthrough) {
    const line = resolveRun(scenario, run);
    events.push([time, 'm', line]);
    events.push([time, 'o', prompt]);
    time += 0.6;
    for (const char of line) {
      events.push([time, 'o', char]);
      time += typing;
    }
    time += 0.3;
    events.push([time, 'o', '\r\n']);
    const reply = session.run(line);
    if (reply.kind !== 'output') throw new Error(`walkthrough command "${line}" has no output in state ${session.state}`);
    time += 0.4;
    // Output without a final newline (jsonpath) would glue the next prompt to it; a learner reads it better on its own line.
    const text = reply.text === '' || reply.text.endsWith('\n') ? reply.text : `${reply.text}\n`;
    for (const outputLine of text.split(/(?<=\n)/)) {
      events.push([time, 'o', toTerminalText(outputLine)]);
      time += lineDelay;
    }
    time += 1.2;
  }
  events.push([time, 'o', prompt]);
  return {
    header: {version: 2, width: options.width ?? 100, height: options.height ?? 24, idle_time_limit: 2, title: scenario.title, env: {SHELL: '/bin/bash', TERM: 'xterm-256color'}},
    events,
  };
}

/**
 * Replays the cast's commands through the scenario's state machine and returns
 * the first disagreement: a cast whose outputs differ from the scenario's would
 * make Play and Try it tell different stories.
 */
export function castDisagreement(scenario: Scenario, cast: Cast): string | undefined {
  const session = new ScenarioSession(scenario);
  const marks = cast.events.map((event, index) => ({event, index})).filter(({event}) => event[1] === 'm');
  for (let m = 0; m < marks.length; m++) {
    const {event, index} = marks[m]!;
    const line = event[2];
    const reply = session.run(line);
    if (reply.kind !== 'output') return `marker "${line}" (event ${index + 1}) is not a command the scenario answers in state ${session.state}`;
    const end = marks[m + 1]?.index ?? cast.events.length;
    const written = cast.events.slice(index + 1, end).filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    if (!written.includes(toTerminalText(reply.text))) return `the cast's output after "${line}" (event ${index + 1}) differs from the scenario's output for that point of the walkthrough`;
  }
  return undefined;
}
