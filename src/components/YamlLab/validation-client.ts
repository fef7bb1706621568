/**
 * The labs' way to the engine's worker, with a watchdog: every request gets an answer.
 *
 * The worker runs one request at a time, and this client sends it one at a time, so the
 * request in the worker is the one on the clock. A request that outlives its budget
 * (any YAML can arrive in a shared link, and an evaluation that never ends cannot be
 * interrupted from inside) gets a message saying so; its worker is terminated, and the
 * requests waiting behind it, other labs' included, go to a fresh worker. A worker that
 * fails (a script error, a chunk that does not load, a message that cannot be read)
 * is reported and replaced the same way, so no promise is left pending.
 *
 * One worker for the page, not one per lab: each worker loads and compiles the engine (a
 * 0.95 MB chunk) before its first answer, 0.4–0.6 s per worker in headless Chromium on
 * a 2-core machine with the chunk cached (up to 2 s while the machine is busy), and keeps
 * it in memory; the exercises page has five labs. With the watchdog, a shared worker
 * contains a hang as well as separate ones would: a stuck lab costs the others at most
 * one budget's wait, then a restart.
 */
import {CODES} from '../../engine/codes';
import type {Diagnostic} from '@site/src/engine/types';
import type {HoverInfo, Suggestion} from '@site/src/engine/editing/suggestions';
import type {CheckResult, ExerciseCheck} from '@site/src/simulator/exercises';
import type {RoutingDiagram} from '@site/src/simulator/diagram';
import type {EngineRequest, EngineRequestType, EngineResponse, LabRequest, RouteAnswer, WorkerMessage} from './validation-protocol';

/** What the client needs of a worker: the browser's Worker on the site, a fake in tests. */
export interface EngineWorker {
  postMessage(request: EngineRequest): void;
  terminate(): void;
}

/** How a worker reports back: each message it posts, and any failure, described. */
export interface EngineWorkerEvents {
  message(data: WorkerMessage): void;
  failure(description: string): void;
}

export type EngineWorkerFactory = (events: EngineWorkerEvents) => EngineWorker;

export interface Budgets {
  /** How long one request may run in the worker. */
  evaluationMs: number;
  /** How long a new worker may take to load the engine (over the network, on first use). */
  startupMs: number;
}

/**
 * A lab's request takes 1–2 ms in the worker (a keystroke shows its verdict in ~24 ms,
 * debounce included: README, bench:labs); the largest text the engine accepts
 * (EDITOR_MAX_BYTES, 256 KiB, ~570 VirtualServices) validates in 0.2–1 s on a 2-core
 * machine. 5 s leaves a slow phone room for that, and is also the longest any other lab
 * waits behind a stuck one. Startup is mostly the download of the engine's chunk.
 */
export const DEFAULT_BUDGETS: Budgets = {evaluationMs: 5_000, startupMs: 30_000};

/** Why a request has no answer from the engine. */
export type Refusal =
  | {type: 'refused'; reason: 'timeout'; seconds: number}
  | {type: 'refused'; reason: 'failed'; detail: string}
  | {type: 'refused'; reason: 'unavailable'; detail: string}
  | {type: 'refused'; reason: 'too-large'; bytes: number; maxBytes: number}
  | {type: 'refused'; reason: 'superseded'};

type WithoutId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
type Question<T extends EngineRequestType> = WithoutId<Extract<EngineRequest, {type: T}>>;
type Answer<T extends EngineRequestType> = Extract<EngineResponse, {type: T}> | Refusal;

interface Job {
  request: WithoutId<EngineRequest>;
  /** Who asked: a lab's id, or undefined when the caller does not say. */
  lab: string | undefined;
  settle(outcome: EngineResponse | Refusal): void;
}

interface Running {
  worker?: EngineWorker;
  ready: boolean;
  timer?: ReturnType<typeof setTimeout>;
  current?: {job: Job; requestId: number};
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class EngineClient {
  private queue: Job[] = [];
  private running: Running | undefined;
  private nextRequestId = 1;

  constructor(
    private readonly createWorker: EngineWorkerFactory,
    private readonly budgets: Budgets = DEFAULT_BUDGETS,
  ) {}

  ask<T extends EngineRequestType>(request: Question<T>, lab?: string): Promise<Answer<T>> {
    return new Promise((resolve) => {
      if (lab !== undefined) {
        // Only a lab's newest request of a kind is worth computing: a slow text must not
        // queue one budget of work per keystroke ahead of the other labs.
        this.queue = this.queue.filter((job) => {
          if (job.lab !== lab || job.request.type !== request.type) return true;
          job.settle({type: 'refused', reason: 'superseded'});
          return false;
        });
      }
      this.queue.push({request, lab, settle: resolve as (outcome: EngineResponse | Refusal) => void});
      this.pump();
    });
  }

  async validate(text: string, context?: unknown[], lab?: string): Promise<Diagnostic[]> {
    const outcome = await this.ask<'validate'>({type: 'validate', text, context}, lab);
    return outcome.type === 'refused' ? [refusalDiagnostic(outcome)] : outcome.diagnostics;
  }

  async complete(text: string, line: number, column: number): Promise<Suggestion[]> {
    // Only the focused editor asks, and Monaco has moved on from any older completion.
    const outcome = await this.ask<'complete'>({type: 'complete', text, line, column}, FOCUSED_EDITOR);
    return outcome.type === 'refused' ? [] : outcome.suggestions;
  }

  async hover(text: string, line: number, column: number): Promise<HoverInfo | undefined> {
    const outcome = await this.ask<'hover'>({type: 'hover', text, line, column}, FOCUSED_EDITOR);
    return outcome.type === 'refused' ? undefined : outcome.hover;
  }

  async route(text: string, context: unknown[] | undefined, request: LabRequest, lab?: string): Promise<RouteAnswer> {
    const outcome = await this.ask<'route'>({type: 'route', text, context, request}, lab);
    return outcome.type === 'refused' ? {kind: 'invalid', message: refusalMessage('route', outcome)} : outcome.answer;
  }

  async check(text: string, context: unknown[] | undefined, checks: ExerciseCheck[], lab?: string): Promise<CheckResult[]> {
    const outcome = await this.ask<'check'>({type: 'check', text, context, checks}, lab);
    return outcome.type === 'refused' ? [{criterion: 'the checks run', passed: false, reason: refusalMessage('check', outcome)}] : outcome.results;
  }

  /** The routing diagram, or why the checker gave none (not a verdict on the YAML: the panel must not call it invalid). */
  async diagram(text: string, context: unknown[] | undefined, lab?: string): Promise<DiagramAnswer> {
    const outcome = await this.ask<'diagram'>({type: 'diagram', text, context}, lab);
    return outcome.type === 'refused' ? {kind: 'stopped', message: refusalMessage('diagram', outcome)} : outcome.diagram;
  }

  /** Sends the next waiting request, starting a worker if there is none. */
  private pump(): void {
    if (this.queue.length === 0) return;
    const running = this.running ?? this.start();
    if (running !== this.running || !running.ready || running.current) return;
    const job = this.queue.shift()!;
    const requestId = this.nextRequestId++;
    running.current = {job, requestId};
    running.timer = setTimeout(() => this.timedOut(running), this.budgets.evaluationMs);
    try {
      running.worker!.postMessage({...job.request, requestId} as EngineRequest);
    } catch (error) {
      this.failed(running, `the request could not be sent: ${describe(error)}`);
    }
  }

  private start(): Running {
    const running: Running = {ready: false};
    this.running = running;
    running.timer = setTimeout(() => this.failed(running, `it did not load within ${this.budgets.startupMs / 1000} s`), this.budgets.startupMs);
    try {
      running.worker = this.createWorker({
        message: (data) => this.received(running, data),
        failure: (description) => this.failed(running, description),
      });
    } catch (error) {
      this.failed(running, describe(error));
    }
    return running;
  }

  private received(running: Running, data: WorkerMessage): void {
    // A replaced worker's late word is not an answer to anything any more.
    if (running !== this.running) return;
    if (data.type === 'ready') {
      if (running.ready) return;
      running.ready = true;
      clearTimeout(running.timer);
      this.pump();
      return;
    }
    const current = running.current;
    if (!current || data.requestId !== current.requestId) return;
    clearTimeout(running.timer);
    running.current = undefined;
    current.job.settle(data.type === 'too-large' ? {type: 'refused', reason: 'too-large', bytes: data.bytes, maxBytes: data.maxBytes} : data);
    this.pump();
  }

  private timedOut(running: Running): void {
    if (running !== this.running || !running.current) return;
    const {job} = running.current;
    this.discard(running);
    job.settle({type: 'refused', reason: 'timeout', seconds: this.budgets.evaluationMs / 1000});
    // The same lab's other requests are likely as slow: everyone else's go first.
    const others = this.queue.filter((waiting) => waiting.lab === undefined || waiting.lab !== job.lab);
    this.queue = [...others, ...this.queue.filter((waiting) => !others.includes(waiting))];
    this.pump();
  }

  private failed(running: Running, detail: string): void {
    if (running !== this.running) return;
    this.discard(running);
    if (!running.ready) {
      // It never loaded, so every waiting request would fail the same way: answer them all
      // now. The next request tries a fresh worker.
      const waiting = this.queue;
      this.queue = [];
      for (const job of waiting) job.settle({type: 'refused', reason: 'unavailable', detail});
      return;
    }
    running.current?.job.settle({type: 'refused', reason: 'failed', detail});
    this.pump();
  }

  private discard(running: Running): void {
    clearTimeout(running.timer);
    running.worker?.terminate();
    this.running = undefined;
  }
}

const FOCUSED_EDITOR = 'the focused editor';

const ACTIVITY: Record<EngineRequestType, {name: string; verb: string}> = {
  validate: {name: 'Validation', verb: 'check'},
  complete: {name: 'Completion', verb: 'complete'},
  hover: {name: 'Field help', verb: 'explain'},
  route: {name: 'The simulation', verb: 'route'},
  diagram: {name: 'The diagram', verb: 'draw'},
  check: {name: 'The exercise check', verb: 'check'},
};

/** What the reader is told when a request of this kind has no answer. */
export function refusalMessage(type: EngineRequestType, refusal: Refusal): string {
  const {name, verb} = ACTIVITY[type];
  switch (refusal.reason) {
    case 'timeout':
      return `${name} stopped: this text took longer than ${refusal.seconds} s to ${verb}, so the checker was restarted. Your text is unchanged.`;
    case 'failed':
      return `${name} stopped: the checker failed (${refusal.detail}) and was restarted. Your text is unchanged.`;
    case 'unavailable':
      return `${name} is unavailable: the checker could not start (${refusal.detail}). Your text is unchanged; reload the page to try again.`;
    case 'too-large':
      return `${name} skipped: this text is ${refusal.bytes.toLocaleString('en-US')} bytes, over the labs' limit of ${refusal.maxBytes.toLocaleString('en-US')} bytes. Your text is unchanged.`;
    case 'superseded':
      return `${name} skipped: a newer request from this lab replaced it.`;
  }
}

/** Codes of the diagnostics that stand in for a verdict the engine could not give. */
export const REFUSAL_CODES = {
  timeout: 'evaluation-timeout',
  failed: 'evaluation-failed',
  unavailable: 'engine-unavailable',
  'too-large': CODES.inputTooLarge,
  superseded: 'superseded',
} as const satisfies Record<Refusal['reason'], string>;

function refusalDiagnostic(refusal: Refusal): Diagnostic {
  const start = {line: 1, column: 1};
  return {
    severity: refusal.reason === 'superseded' ? 'info' : 'error',
    code: REFUSAL_CODES[refusal.reason],
    message: refusalMessage('validate', refusal),
    path: '',
    document: 0,
    range: {start, end: start},
  };
}

function browserWorker(events: EngineWorkerEvents): EngineWorker {
  const worker = new Worker(new URL('./validation.worker.ts', import.meta.url));
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => events.message(event.data);
  worker.onerror = (event: ErrorEvent) => {
    // Handled here: the reader sees it in the lab, not as an uncaught error.
    event.preventDefault();
    events.failure(event.message || 'its script could not run');
  };
  worker.onmessageerror = () => events.failure('one of its answers could not be read');
  return worker;
}

/** The page's client, created with its worker on first use. */
let pageClient: EngineClient | undefined;
function client(): EngineClient {
  pageClient ??= new EngineClient(browserWorker);
  return pageClient;
}

export function validateInWorker(text: string, context?: unknown[], lab?: string): Promise<Diagnostic[]> {
  return client().validate(text, context, lab);
}

export function completeInWorker(text: string, line: number, column: number): Promise<Suggestion[]> {
  return client().complete(text, line, column);
}

export function hoverInWorker(text: string, line: number, column: number): Promise<HoverInfo | undefined> {
  return client().hover(text, line, column);
}

export function routeInWorker(text: string, context: unknown[] | undefined, request: LabRequest, lab?: string): Promise<RouteAnswer> {
  return client().route(text, context, request, lab);
}

export function checkInWorker(text: string, context: unknown[] | undefined, checks: ExerciseCheck[], lab?: string): Promise<CheckResult[]> {
  return client().check(text, context, checks, lab);
}

export type DiagramAnswer = RoutingDiagram | {kind: 'stopped'; message: string};

export function diagramInWorker(text: string, context: unknown[] | undefined, lab?: string): Promise<DiagramAnswer> {
  return client().diagram(text, context, lab);
}
