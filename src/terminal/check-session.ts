/**
 * Build-time checks of a recorded session (labs/sessions/NAME/): the .cast against
 * the asciicast v2 schemas line by line, the scenario against its schema, then
 * the cross-checks no schema can express (states that exist, a walkthrough the
 * scenario answers, a cast that tells the same story). Every problem names the
 * file and line. Node-side only: the plugin and the tests use it.
 */
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import Ajv, {type ErrorObject} from 'ajv';
import {checkYamlLabFile, LabDataError} from '../labs/check-lab-file';
import {rangeOf} from '../engine/locate';
import {parseYaml} from '../engine/yaml/index';
import headerSchema from '../../schemas/labs/asciicast-v2-header.schema.json';
import eventSchema from '../../schemas/labs/asciicast-v2-event.schema.json';
import scenarioSchema from '../../schemas/labs/scenario.schema.json';
import {castDisagreement} from './asciicast/compose';
import {ClusterModelError, computedOutputs, stateModels, withAnalyses} from './cluster-state';
import type {StateModel} from './printers/model';
import {CastSyntaxError, parseCastLines, type Cast, type CastEvent, type CastHeader} from './asciicast/format';
import type {Scenario} from './scenario';
import {ScenarioSession} from './session';

export class SessionDataError extends Error {
  override name = 'SessionDataError';
}

const ajv = new Ajv({allErrors: true, strict: false});
const validateHeader = ajv.compile(headerSchema);
const validateEvent = ajv.compile(eventSchema);

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '(top level)'} ${error.message ?? 'is invalid'}`).join('; ');
}

/** Parses and validates a .cast file; throws SessionDataError naming `file:line` of each bad line. */
export function checkCast(file: string, text: string): Cast {
  let lines: Array<{line: number; value: unknown}>;
  try {
    lines = parseCastLines(text);
  } catch (error) {
    if (error instanceof CastSyntaxError) throw new SessionDataError(`${file}:${error.line}: ${error.message.replace(/^line \d+: /, '')}`);
    throw error;
  }
  const problems: string[] = [];
  const [header, ...events] = lines;
  if (!header) throw new SessionDataError(`${file}:1: empty file: an asciicast v2 file starts with a header line`);
  if (!validateHeader(header.value)) problems.push(`${file}:${header.line}: header: ${describe(validateHeader.errors)}`);
  let previous = 0;
  for (const {line, value} of events) {
    if (!validateEvent(value)) {
      problems.push(`${file}:${line}: event: ${describe(validateEvent.errors)}`);
      continue;
    }
    const time = (value as CastEvent)[0];
    if (time < previous) problems.push(`${file}:${line}: event time ${time} is before the previous event's ${previous}`);
    previous = time;
  }
  if (problems.length) throw new SessionDataError(problems.join('\n'));
  return {header: header.value as CastHeader, events: events.map((event) => event.value as CastEvent)};
}

export interface ScenarioCheckOptions {
  /** Reads a file the cluster model names, relative to the session's directory; default: from disk beside `file`. */
  readFile?: (name: string) => string;
  /**
   * 'check' (the default): every output the engine computes from the cluster model must be the
   * one recorded. 'skip': leave them to the caller (compose-casts writes them).
   */
  computed?: 'check' | 'skip';
}

/** The first line where two texts differ, for a message an author can act on. */
function firstDifference(expected: string, recorded: string): string {
  const a = expected.split('\n');
  const b = recorded.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}: the engine prints ${JSON.stringify(a[at] ?? '(nothing)')}, the recording ${JSON.stringify(b[at] ?? '(nothing)')}`;
}

/** Validates scenario.yaml against its schema, then checks its references; throws with `file:line:column`. */
export function checkScenario(file: string, text: string, options: ScenarioCheckOptions = {}): Scenario {
  let scenario: Scenario;
  try {
    scenario = checkYamlLabFile(file, text, scenarioSchema) as Scenario;
  } catch (error) {
    if (error instanceof LabDataError) throw new SessionDataError(error.message);
    throw error;
  }
  const parsed = parseYaml(text, {maxBytes: 4 * 1024 * 1024});
  const document = parsed.documents[0]!;
  const at = (pointer: string, message: string): string => {
    const {start} = rangeOf(document, parsed.lines, pointer, 'value');
    return `${file}:${start.line}:${start.column}: ${message}`;
  };
  const problems: string[] = [];
  const states = new Set(scenario.states.map((state) => state.id));
  scenario.commands.forEach((command, i) => {
    for (const state of Object.keys(command.outputs)) {
      if (!states.has(state)) problems.push(at(`/commands/${i}/outputs`, `output for unknown state "${state}"`));
    }
    for (const [from, to] of Object.entries(command.moves ?? {})) {
      if (!states.has(from) || !states.has(to)) problems.push(at(`/commands/${i}/moves`, `move ${from} → ${to} names an unknown state`));
      else if (command.outputs[from] === undefined) problems.push(at(`/commands/${i}/moves`, `moves from "${from}" but has no output recorded there`));
    }
  });
  for (const state of Object.keys(scenario.cluster?.states ?? {})) {
    if (!states.has(state)) problems.push(at('/cluster/states', `cluster files for unknown state "${state}"`));
  }
  if (options.computed !== 'skip') {
    const read = options.readFile ?? ((name: string) => readFileSync(join(dirname(file), name), 'utf8'));
    try {
      for (const {command, state, text: computed} of computedOutputs(scenario, read)) {
        const recorded = scenario.commands[command]!.outputs[state]!;
        if (recorded !== computed) {
          problems.push(at(`/commands/${command}/outputs/${state}`, `"${scenario.commands[command]!.run}" in state "${state}" differs from what the engine computes from the cluster model (${firstDifference(computed, recorded)}); npm run labs:compose-casts writes it`));
        }
      }
    } catch (error) {
      if (!(error instanceof ClusterModelError)) throw error;
      problems.push(at(scenario.cluster ? '/cluster' : '', error.message));
    }
  }
  // Two entries that mean the same command would make one of them unreachable.
  const session = new ScenarioSession(scenario);
  scenario.commands.forEach((command, i) => {
    if (session.match(command.run) !== command) problems.push(at(`/commands/${i}/run`, `means the same command as an earlier entry: "${command.run}"`));
  });
  scenario.walkthrough.forEach((run, i) => {
    const reply = session.run(run);
    if (reply.kind !== 'output') problems.push(at(`/walkthrough/${i}`, `the scenario cannot answer "${run}" at this point of the walkthrough (state ${session.state})`));
  });
  if (problems.length) throw new SessionDataError(problems.join('\n'));
  return scenario;
}

export interface CheckedSession {
  scenario: Scenario;
  cast: Cast;
  /** Each state's cluster, for the commands the printers answer beyond the recording (src/terminal/printers). */
  models?: Record<string, StateModel>;
}

/** `readFile` reads the cluster model's files (relative to `dir`); default: from disk. */
export function checkSession(dir: string, castText: string, scenarioText: string, readFile?: (name: string) => string): CheckedSession {
  const scenarioFile = `${dir}/scenario.yaml`;
  const castFile = `${dir}/session.cast`;
  const scenario = checkScenario(scenarioFile, scenarioText, {readFile});
  const cast = checkCast(castFile, castText);
  const disagreement = castDisagreement(scenario, cast);
  if (disagreement) {
    const event = Number(/event (\d+)/.exec(disagreement)?.[1] ?? 0);
    // Line 1 is the header; event n is on line n + 1 (the cast has no blank lines when written by the tools).
    throw new SessionDataError(`${castFile}:${event + 1}: ${disagreement}`);
  }
  let models: Record<string, StateModel>;
  try {
    const read = readFile ?? ((name: string) => readFileSync(join(dir, name), 'utf8'));
    models = withAnalyses(scenario, stateModels(scenario, read), read);
  } catch (error) {
    if (!(error instanceof ClusterModelError)) throw error;
    throw new SessionDataError(`${scenarioFile}: ${error.message}`);
  }
  return {scenario, cast, models};
}
