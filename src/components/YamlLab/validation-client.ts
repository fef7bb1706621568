import type {Diagnostic} from '@site/src/engine/types';
import type {ValidationRequest, ValidationResponse} from './validation-protocol';

/** One validation worker per page, shared by all its labs. */
let worker: Worker | undefined;
let nextRequestId = 1;
const pending = new Map<number, (diagnostics: Diagnostic[]) => void>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./validation.worker.ts', import.meta.url));
    worker.onmessage = (event: MessageEvent<ValidationResponse>) => {
      const resolve = pending.get(event.data.requestId);
      pending.delete(event.data.requestId);
      resolve?.(event.data.diagnostics);
    };
  }
  return worker;
}

export function validateInWorker(text: string, context?: unknown[]): Promise<Diagnostic[]> {
  const requestId = nextRequestId++;
  const request: ValidationRequest = {requestId, text, context};
  return new Promise((resolve) => {
    pending.set(requestId, resolve);
    getWorker().postMessage(request);
  });
}
