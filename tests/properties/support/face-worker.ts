/**
 * The worker side of bounded calls (bounded.ts): runs one engine face per request and
 * answers through a MessagePort, then wakes the waiting test thread through shared memory.
 * A face that never returns is terminated from outside; this file only reports results.
 */
import {workerData, type MessagePort} from 'node:worker_threads';
import {FACES, type FaceName} from './faces';

export interface FaceRequest {
  face: FaceName;
  args: unknown[];
}

export type FaceAnswer =
  | {ok: true; value: unknown; ms: number}
  | {ok: false; error: {name: string; message: string; stack?: string}; ms: number};

const {signal, port} = workerData as {signal: Int32Array; port: MessagePort};

function answer(message: FaceAnswer): void {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on('message', ({face, args}: FaceRequest) => {
  const started = performance.now();
  try {
    const value = (FACES[face] as (...a: unknown[]) => unknown)(...args);
    answer({ok: true, value, ms: performance.now() - started});
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer({ok: false, error: {name: e.name, message: e.message, stack: e.stack}, ms: performance.now() - started});
  }
});

// Ready: the modules are loaded and the port listens.
answer({ok: true, value: 'ready', ms: 0});
