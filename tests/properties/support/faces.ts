/**
 * The engine's faces as the property tests drive them: plain data in, plain data out, so
 * that each call can run in a worker that is terminated when it overruns (bounded.ts).
 * Each face calls the project's code the way its user does (the lab editor, the request
 * panel, `meshdive route`, the terminal's controller); no face re-implements a decision.
 */
import {readFileSync} from 'node:fs';
import {formatText, type FileReport} from '../../../src/cli/format';
import {CLI_DEFAULT_MAX_BYTES, validateYaml, type ValidateOptions} from '../../../src/engine/index';
import {hoverAt, suggestionsAt} from '../../../src/engine/editing/suggestions';
import {parseYaml} from '../../../src/engine/yaml/index';
import {decodeShare, encodeShare} from '../../../src/labs/share';
import {routingDiagram} from '../../../src/simulator/diagram';
import {simulateLabRequest, type LabRequestInput} from '../../../src/simulator/lab-request';
import {parseRequest, RequestSyntaxError} from '../../../src/simulator/request';
import {routeErrorLine, routeText as printedDecision} from '../../../src/cli/commands/route';
import {simulate} from '../../../src/simulator/simulate';
import {SourceError} from '../../../src/simulator/source';
import {World} from '../../../src/simulator/world';
import {toTerminalText} from '../../../src/terminal/asciicast/format';
import {LineEditor} from '../../../src/terminal/line-editor';
import type {Scenario} from '../../../src/terminal/scenario';
import {ScenarioSession} from '../../../src/terminal/session';

const contexts = new Map<string, unknown[]>();

/** The resources of labs/contexts/NAME.yaml (the tests run from the repository root). */
function labContext(name: string | undefined): unknown[] {
  if (name === undefined) return [];
  let resources = contexts.get(name);
  if (!resources) {
    const lab = parseYaml(readFileSync(`labs/contexts/${name}.yaml`, 'utf8')).documents[0]!.value as {resources: unknown[]};
    resources = lab.resources;
    contexts.set(name, resources);
  }
  return resources;
}

export interface ValidateFaceOptions extends Omit<ValidateOptions, 'context'> {
  contextLab?: string;
}

/** validateYaml, with the documents' values left out (only their ranges travel back). */
function validate(text: string, options: ValidateFaceOptions = {}) {
  const {contextLab, ...rest} = options;
  const result = validateYaml(text, {...rest, context: contextLab === undefined ? undefined : labContext(contextLab)});
  return {diagnostics: result.diagnostics, documents: result.documents.map((d) => ({index: d.index, range: d.range}))};
}

export type RouteAnswer =
  | {kind: 'decision'; decision: ReturnType<typeof simulate>}
  /** The YAML has errors the cluster would reject: `meshdive route` exits 1. */
  | {kind: 'rejected'; errors: number}
  /** The request or its source cannot be read: `meshdive route` exits 2 with this message. */
  | {kind: 'refused'; message: string};

/** What `meshdive route --context labs/contexts/LAB.yaml --request REQUEST` decides for one YAML file. */
function route(contextLab: string | undefined, yaml: string, request: string, from?: string, gateway?: string): RouteAnswer {
  try {
    const parsedRequest = parseRequest(request);
    const diagnostics = validateYaml(yaml, {maxBytes: CLI_DEFAULT_MAX_BYTES, analysis: false}).diagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) return {kind: 'rejected', errors};
    const values = parseYaml(yaml, {maxBytes: CLI_DEFAULT_MAX_BYTES}).documents.map((d) => d.value ?? undefined);
    return {kind: 'decision', decision: simulate(new World(labContext(contextLab), [values]), {request: parsedRequest, from, gateway})};
  } catch (error) {
    if (error instanceof RequestSyntaxError || error instanceof SourceError) return {kind: 'refused', message: error.message};
    throw error;
  }
}

/** `meshdive route`'s text output (exit status 0), or its refusal. */
function routeText(contextLab: string | undefined, yaml: string, request: string): string {
  const answer = route(contextLab, yaml, request);
  if (answer.kind === 'decision') return printedDecision(answer.decision, ['input.yaml']);
  return answer.kind === 'refused' ? routeErrorLine(answer.message) : '';
}

function labRequest(text: string, contextLab: string | undefined, input: LabRequestInput) {
  return simulateLabRequest(text, labContext(contextLab), input);
}

function diagram(text: string, contextLab: string | undefined) {
  return routingDiagram(text, labContext(contextLab));
}

function completion(text: string, line: number, column: number) {
  return {suggestions: suggestionsAt(text, line, column), hover: hoverAt(text, line, column) ?? null};
}

export interface TerminalTranscript {
  /** Everything written to xterm, in order, as the lab's controller writes it. */
  written: string;
  replies: Array<{kind: string; text: string}>;
  state: string;
}

/**
 * Keystroke chunks (xterm's onData) through the line editor and the scenario session,
 * writing what src/components/TerminalLab/controller.ts writes to the terminal.
 */
function terminal(scenario: Scenario, chunks: readonly string[]): TerminalTranscript {
  const session = new ScenarioSession(scenario);
  const editor = new LineEditor(scenario.prompt, (line) => session.complete(line));
  const written: string[] = [];
  const replies: TerminalTranscript['replies'] = [];
  for (const chunk of chunks) {
    for (const effect of editor.feed(chunk)) {
      written.push(effect.write);
      if (effect.submit === undefined) continue;
      const reply = session.run(effect.submit);
      replies.push({kind: reply.kind, text: reply.text});
      if (reply.text) written.push(toTerminalText(reply.text.endsWith('\n') ? reply.text : `${reply.text}\n`));
      written.push(scenario.prompt);
    }
  }
  return {written: written.join(''), replies, state: session.state};
}

function shareDecode(hash: string, blockId: string) {
  return decodeShare(hash, blockId) ?? null;
}

function shareRoundTrip(blockId: string, text: string) {
  const encoded = encodeShare(blockId, text);
  return {encoded, decoded: decodeShare(`#${encoded}`, blockId) ?? null};
}

function cliText(reports: FileReport[]): string {
  return formatText(reports);
}

/** Validation as `meshdive validate FILE` prints it in text form. */
function cliValidateText(file: string, text: string): string {
  return formatText([{file, diagnostics: validateYaml(text, {documents: false}).diagnostics}]);
}

export const FACES = {validate, route, routeText, labRequest, diagram, completion, terminal, shareDecode, shareRoundTrip, cliText, cliValidateText};
export type Faces = typeof FACES;
export type FaceName = keyof Faces;
