import type {Diagnostic} from '@site/src/engine/types';
import type {HoverInfo, Suggestion} from '@site/src/engine/editing/suggestions';
import type {LabRequestInput, LabRouteAnswer} from '@site/src/simulator/lab-request';
import type {CheckResult, ExerciseCheck} from '@site/src/simulator/exercises';
import type {RoutingDiagram} from '@site/src/simulator/diagram';

/** Messages between the labs and the engine's worker. */
export type EngineRequest =
  | {requestId: number; type: 'validate'; text: string; context?: unknown[]}
  | {requestId: number; type: 'complete'; text: string; line: number; column: number}
  | {requestId: number; type: 'hover'; text: string; line: number; column: number}
  | {requestId: number; type: 'route'; text: string; context?: unknown[]; request: LabRequest}
  | {requestId: number; type: 'check'; text: string; context?: unknown[]; checks: ExerciseCheck[]}
  | {requestId: number; type: 'diagram'; text: string; context?: unknown[]};

export type EngineRequestType = EngineRequest['type'];

/** A request as the lab's "Send a request" panel builds it. */
export type LabRequest = LabRequestInput;

/** The simulator's answer, or why there is none (invalid YAML is not guessed at). */
export type RouteAnswer = LabRouteAnswer;

export type EngineResponse =
  | {requestId: number; type: 'validate'; diagnostics: Diagnostic[]}
  | {requestId: number; type: 'complete'; suggestions: Suggestion[]}
  | {requestId: number; type: 'hover'; hover: HoverInfo | undefined}
  | {requestId: number; type: 'route'; answer: RouteAnswer}
  | {requestId: number; type: 'check'; results: CheckResult[]}
  | {requestId: number; type: 'diagram'; diagram: RoutingDiagram}
  /** The text is over the engine's editor size limit, so it was not evaluated. */
  | {requestId: number; type: 'too-large'; bytes: number; maxBytes: number};

/** Everything the worker posts: answers, and once, when the engine has loaded, that it is ready. */
export type WorkerMessage = EngineResponse | {type: 'ready'};
