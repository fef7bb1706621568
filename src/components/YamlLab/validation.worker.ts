/// <reference lib="webworker" />
/**
 * The validation engine, off the main thread: typing never waits for parsing, schema
 * checks and CEL rules, and the engine's precompiled validators load only here.
 * Completion and hover come from the same schemas, so they are answered here too.
 * Time is bounded by the client's watchdog (validation-client.ts), which restarts this
 * worker when an answer is late; size is bounded before any evaluation (engine-answers.ts).
 */
import {answer} from './engine-answers';
import type {EngineRequest, WorkerMessage} from './validation-protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  self.postMessage(answer(event.data) satisfies WorkerMessage);
};

// The engine's modules have loaded and run: from now on a slow answer is the input's doing.
self.postMessage({type: 'ready'} satisfies WorkerMessage);
