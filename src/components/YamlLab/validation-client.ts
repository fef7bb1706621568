import type {Diagnostic} from '@site/src/engine/types';
import type {HoverInfo, Suggestion} from '@site/src/engine/editing/suggestions';
import type {CheckResult, ExerciseCheck} from '@site/src/simulator/exercises';
import type {RoutingDiagram} from '@site/src/simulator/diagram';
import type {EngineRequest, EngineResponse, LabRequest, RouteAnswer} from './validation-protocol';

/** One engine worker per page, shared by all its labs. */
let worker: Worker | undefined;
let nextRequestId = 1;
const pending = new Map<number, (response: EngineResponse) => void>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./validation.worker.ts', import.meta.url));
    worker.onmessage = (event: MessageEvent<EngineResponse>) => {
      const resolve = pending.get(event.data.requestId);
      pending.delete(event.data.requestId);
      resolve?.(event.data);
    };
  }
  return worker;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'requestId'> : never;

function ask(request: WithoutId<EngineRequest>): Promise<EngineResponse> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    pending.set(requestId, resolve);
    getWorker().postMessage({...request, requestId} as EngineRequest);
  });
}

export async function validateInWorker(text: string, context?: unknown[]): Promise<Diagnostic[]> {
  const response = await ask({type: 'validate', text, context});
  return response.type === 'validate' ? response.diagnostics : [];
}

export async function completeInWorker(text: string, line: number, column: number): Promise<Suggestion[]> {
  const response = await ask({type: 'complete', text, line, column});
  return response.type === 'complete' ? response.suggestions : [];
}

export async function hoverInWorker(text: string, line: number, column: number): Promise<HoverInfo | undefined> {
  const response = await ask({type: 'hover', text, line, column});
  return response.type === 'hover' ? response.hover : undefined;
}

export async function routeInWorker(text: string, context: unknown[] | undefined, request: LabRequest): Promise<RouteAnswer> {
  const response = await ask({type: 'route', text, context, request});
  return response.type === 'route' ? response.answer : {kind: 'invalid', message: 'No answer from the simulator.'};
}

export async function checkInWorker(text: string, context: unknown[] | undefined, checks: ExerciseCheck[]): Promise<CheckResult[]> {
  const response = await ask({type: 'check', text, context, checks});
  return response.type === 'check' ? response.results : [];
}

export async function diagramInWorker(text: string, context: unknown[] | undefined): Promise<RoutingDiagram> {
  const response = await ask({type: 'diagram', text, context});
  return response.type === 'diagram' ? response.diagram : {kind: 'none'};
}
