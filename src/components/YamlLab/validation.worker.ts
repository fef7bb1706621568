/// <reference lib="webworker" />
/**
 * The validation engine, off the main thread: typing never waits for parsing, schema
 * checks and CEL rules, and the engine's precompiled validators load only here.
 */
import {validateYaml, type Diagnostic} from '@site/src/engine';
import type {ValidationRequest, ValidationResponse} from './validation-protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ValidationRequest>) => {
  const {requestId, text, context} = event.data;
  let diagnostics: Diagnostic[];
  try {
    diagnostics = validateYaml(text, {context}).diagnostics;
  } catch (error) {
    // The engine answers bad input with diagnostics; an exception here is our bug. Say so, keep the editor usable.
    diagnostics = [
      {
        severity: 'error',
        code: 'internal',
        message: `The validator failed on this input (${String(error)}). Your text is unchanged.`,
        path: '',
        document: 0,
        range: {start: {line: 1, column: 1}, end: {line: 1, column: 1}},
      },
    ];
  }
  const response: ValidationResponse = {requestId, diagnostics};
  self.postMessage(response);
};
