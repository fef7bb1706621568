import type {Diagnostic} from '@site/src/engine/types';
import type {HoverInfo, Suggestion} from '@site/src/engine/editing/suggestions';

/** Messages between the labs and the engine's worker. */
export type EngineRequest =
  | {requestId: number; type: 'validate'; text: string; context?: unknown[]}
  | {requestId: number; type: 'complete'; text: string; line: number; column: number}
  | {requestId: number; type: 'hover'; text: string; line: number; column: number};

export type EngineResponse =
  | {requestId: number; type: 'validate'; diagnostics: Diagnostic[]}
  | {requestId: number; type: 'complete'; suggestions: Suggestion[]}
  | {requestId: number; type: 'hover'; hover: HoverInfo | undefined};
