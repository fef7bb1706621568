/// <reference lib="webworker" />
/**
 * The validation engine, off the main thread: typing never waits for parsing, schema
 * checks and CEL rules, and the engine's precompiled validators load only here.
 * Completion and hover come from the same schemas, so they are answered here too.
 */
import {validateYaml, type Diagnostic} from '@site/src/engine';
import {hoverAt, suggestionsAt} from '@site/src/engine/editing/suggestions';
import {simulateLabRequest} from '@site/src/simulator/lab-request';
import {checkExercise} from '@site/src/simulator/exercises';
import {routingDiagram} from '@site/src/simulator/diagram';
import type {EngineRequest, EngineResponse} from './validation-protocol';

declare const self: DedicatedWorkerGlobalScope;

function validate(text: string, context: unknown[] | undefined): Diagnostic[] {
  try {
    return validateYaml(text, {context}).diagnostics;
  } catch (error) {
    // The engine answers bad input with diagnostics; an exception here is our bug. Say so, keep the editor usable.
    const start = {line: 1, column: 1};
    return [{severity: 'error', code: 'internal', message: `The validator failed on this input (${String(error)}). Your text is unchanged.`, path: '', document: 0, range: {start, end: start}}];
  }
}

function answer(request: EngineRequest): EngineResponse {
  switch (request.type) {
    case 'validate':
      return {requestId: request.requestId, type: 'validate', diagnostics: validate(request.text, request.context)};
    case 'complete':
      return {requestId: request.requestId, type: 'complete', suggestions: safely(() => suggestionsAt(request.text, request.line, request.column), [])};
    case 'hover':
      return {requestId: request.requestId, type: 'hover', hover: safely(() => hoverAt(request.text, request.line, request.column), undefined)};
    case 'route':
      return {
        requestId: request.requestId,
        type: 'route',
        answer: safely(() => simulateLabRequest(request.text, request.context ?? [], request.request), {kind: 'invalid' as const, message: 'The simulator failed on this input; your text is unchanged.'}),
      };
    case 'diagram':
      return {
        requestId: request.requestId,
        type: 'diagram',
        diagram: safely(() => routingDiagram(request.text, request.context ?? []), {kind: 'invalid' as const, message: 'the diagram could not be drawn from this input'}),
      };
    case 'check':
      return {
        requestId: request.requestId,
        type: 'check',
        results: safely(() => checkExercise({checks: request.checks}, request.text, request.context ?? []), [
          {criterion: 'the checks run', passed: false, reason: 'The checker failed on this input; your text is unchanged.'},
        ]),
      };
  }
}

function safely<T>(compute: () => T, fallback: T): T {
  try {
    return compute();
  } catch {
    return fallback;
  }
}

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  self.postMessage(answer(event.data));
};
