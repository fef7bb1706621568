/**
 * The engine's answers to the labs' requests, as the worker gives them (validation.worker.ts
 * only carries messages). Relative imports keep this module loadable by the unit tests.
 */
import {EDITOR_MAX_BYTES, validateYaml, type Diagnostic} from '../../engine/index';
import {utf8Length} from '../../engine/yaml/index';
import {hoverAt, suggestionsAt} from '../../engine/editing/suggestions';
import {simulateLabRequest} from '../../simulator/lab-request';
import {checkExercise} from '../../simulator/exercises';
import {routingDiagram} from '../../simulator/diagram';
import type {EngineRequest, EngineResponse} from './validation-protocol';

function validate(text: string, context: unknown[] | undefined): Diagnostic[] {
  try {
    return validateYaml(text, {context}).diagnostics;
  } catch (error) {
    // The engine answers bad input with diagnostics; an exception here is our bug. Say so, keep the editor usable.
    const start = {line: 1, column: 1};
    return [{severity: 'error', code: 'internal', message: `The validator failed on this input (${String(error)}). Your text is unchanged.`, path: '', document: 0, range: {start, end: start}}];
  }
}

/** The engine's answer to one lab request; never throws. */
export function answer(request: EngineRequest): EngineResponse {
  // The limit the engine applies to an editor's text, applied to every kind of request: a
  // pasted megabyte is refused in one pass over it, not parsed, simulated or completed.
  const bytes = utf8Length(request.text);
  if (bytes > EDITOR_MAX_BYTES) return {requestId: request.requestId, type: 'too-large', bytes, maxBytes: EDITOR_MAX_BYTES};
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
