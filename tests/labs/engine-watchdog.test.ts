import {describe, expect, it} from 'vitest';
import {EngineClient, type EngineWorker, type EngineWorkerEvents, type EngineWorkerFactory} from '../../src/components/YamlLab/validation-client';
import {answer} from '../../src/components/YamlLab/engine-answers';
import type {EngineRequest, EngineResponse} from '../../src/components/YamlLab/validation-protocol';
import {EDITOR_MAX_BYTES} from '../../src/engine/index';

/*
 * The labs' client for the engine's worker, with fake workers that behave by the text
 * they are given: "hang…" never answers, "throw…" fails the worker, "late…" answers after
 * LATE_MS, "big…" is refused as too large; anything else is answered at once.
 * Budgets are small so the tests are quick; no test asserts how long anything took.
 */

const BUDGET_MS = 60;
const LATE_MS = 150;
const BUDGETS = {evaluationMs: BUDGET_MS, startupMs: 300};
const A_ROUTE = {method: 'GET', host: 'reviews', path: '/', headers: {}};

function reply(request: EngineRequest): EngineResponse {
  const {requestId, text} = request;
  const start = {line: 1, column: 1};
  switch (request.type) {
    case 'validate':
      return {requestId, type: 'validate', diagnostics: [{severity: 'info', code: 'echo', message: `checked ${text}`, path: '', document: 0, range: {start, end: start}}]};
    case 'complete':
      return {requestId, type: 'complete', suggestions: [{label: `completed ${text}`, insertText: 'x', kind: 'field'} as never]};
    case 'hover':
      return {requestId, type: 'hover', hover: {contents: `explained ${text}`, line: 1, startColumn: 1, endColumn: 2}};
    case 'route':
      return {requestId, type: 'route', answer: {kind: 'invalid', message: `routed ${text}`}};
    case 'check':
      return {requestId, type: 'check', results: [{criterion: `checked ${text}`, passed: true}] as never};
    case 'diagram':
      return {requestId, type: 'diagram', diagram: {kind: 'diagram', source: `drew ${text}`}};
  }
}

class FakeWorker implements EngineWorker {
  readonly received: EngineRequest[] = [];
  terminated = false;

  constructor(private readonly events: EngineWorkerEvents, loads: 'ready' | 'fails' | 'never') {
    if (loads === 'ready') setTimeout(() => this.events.message({type: 'ready'}), 0);
    if (loads === 'fails') setTimeout(() => this.events.failure('the engine chunk did not load'), 0);
  }

  postMessage(request: EngineRequest): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.received.push(request);
    const {text} = request;
    // A terminated worker stops running; a late answer is one already on its way.
    if (text.startsWith('hang')) return;
    if (text.startsWith('throw')) setTimeout(() => this.events.failure('Uncaught RangeError: Maximum call stack size exceeded'), 0);
    else if (text.startsWith('late')) setTimeout(() => this.events.message(reply(request)), LATE_MS);
    else if (text.startsWith('big')) setTimeout(() => this.events.message({requestId: request.requestId, type: 'too-large', bytes: 300_000, maxBytes: 262_144}), 0);
    else setTimeout(() => this.terminated || this.events.message(reply(request)), 0);
  }

  terminate(): void {
    this.terminated = true;
  }

  texts(): string[] {
    return this.received.map((request) => request.text);
  }
}

/** A factory that records its workers; `loads` says how each successive worker starts. */
function fakeWorkers(...loads: ('ready' | 'fails' | 'never')[]): {factory: EngineWorkerFactory; workers: FakeWorker[]} {
  const workers: FakeWorker[] = [];
  const factory: EngineWorkerFactory = (events) => {
    const worker = new FakeWorker(events, loads[workers.length] ?? 'ready');
    workers.push(worker);
    return worker;
  };
  return {factory, workers};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a request that outlives its budget', () => {
  it('is answered with a message saying so, and the next request is answered by a fresh worker', async () => {
    const {factory, workers} = fakeWorkers();
    const client = new EngineClient(factory, BUDGETS);

    const stuck = await client.validate('hang: forever', undefined, 'lab-a');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({severity: 'error', code: 'evaluation-timeout', range: {start: {line: 1, column: 1}}});
    expect(stuck[0]!.message).toBe(`Validation stopped: this text took longer than ${BUDGET_MS / 1000} s to check, so the checker was restarted. Your text is unchanged.`);
    expect(workers[0]!.terminated).toBe(true);

    await expect(client.validate('kind: VirtualService', undefined, 'lab-a')).resolves.toMatchObject([{message: 'checked kind: VirtualService'}]);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.terminated).toBe(false);
  });

  it('gives every panel a message in its own shape', async () => {
    const {factory} = fakeWorkers();
    const client = new EngineClient(factory, BUDGETS);

    const route = await client.route('hang', undefined, A_ROUTE, 'lab-a');
    expect(route).toEqual({kind: 'invalid', message: expect.stringMatching(/^The simulation stopped: this text took longer than .* s to route, so the checker was restarted\. Your text is unchanged\.$/)});
    const diagram = await client.diagram('hang', undefined, 'lab-a');
    // Not 'invalid': the YAML was not judged, and the diagram panel must not say it was.
    expect(diagram).toEqual({kind: 'stopped', message: expect.stringMatching(/^The diagram stopped: this text took longer than .* s to draw/)});
    const check = await client.check('hang', undefined, [], 'lab-a');
    expect(check).toEqual([{criterion: 'the checks run', passed: false, reason: expect.stringMatching(/^The exercise check stopped: this text took longer than .* s to check/)}]);
    // Completion and hover have nowhere to say it: they offer nothing, and the editor stays usable.
    await expect(client.complete('hang', 1, 1)).resolves.toEqual([]);
    await expect(client.hover('hang', 1, 1)).resolves.toBeUndefined();
  });

  it('does not hold up the other labs: their waiting requests go to the new worker, none is lost', async () => {
    const {factory, workers} = fakeWorkers();
    const client = new EngineClient(factory, BUDGETS);

    const stuck = client.validate('hang', undefined, 'lab-a');
    const others = Promise.all([
      client.validate('lab b text', undefined, 'lab-b'),
      client.route('lab c text', undefined, A_ROUTE, 'lab-c'),
      client.diagram('lab c text', undefined, 'lab-c'),
      client.complete('lab d text', 3, 4),
    ]);

    await expect(stuck).resolves.toMatchObject([{code: 'evaluation-timeout'}]);
    const [validated, routed, drawn, completed] = await others;
    expect(validated).toMatchObject([{message: 'checked lab b text'}]);
    expect(routed).toEqual({kind: 'invalid', message: 'routed lab c text'});
    expect(drawn).toEqual({kind: 'diagram', source: 'drew lab c text'});
    expect(completed).toMatchObject([{label: 'completed lab d text'}]);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.texts()).toEqual(['hang']);
    expect(workers[1]!.texts()).toEqual(['lab b text', 'lab c text', 'lab c text', 'lab d text']);
  });

  it('sends the stuck lab\'s other waiting requests after everyone else\'s', async () => {
    const {factory, workers} = fakeWorkers();
    const client = new EngineClient(factory, BUDGETS);

    const all = Promise.all([
      client.validate('hang', undefined, 'lab-a'),
      client.route('hang', undefined, A_ROUTE, 'lab-a'),
      client.validate('lab b text', undefined, 'lab-b'),
    ]);
    const [, route, validated] = await all;
    expect(validated).toMatchObject([{message: 'checked lab b text'}]);
    expect(route).toMatchObject({kind: 'invalid', message: expect.stringMatching(/^The simulation stopped/)});
    expect(workers[1]!.texts()).toEqual(['lab b text', 'hang']);
  });

  it('takes an answer that comes late but within the budget, and ignores one from a worker it has replaced', async () => {
    const {factory, workers} = fakeWorkers();
    const client = new EngineClient(factory, {...BUDGETS, evaluationMs: LATE_MS * 4});
    await expect(client.validate('late but in time', undefined, 'lab-a')).resolves.toMatchObject([{message: 'checked late but in time'}]);
    expect(workers).toHaveLength(1);

    // Budget 100 ms, answer at 150 ms: it lands while the next request (sent at ~100 ms) is in flight.
    const strict = fakeWorkers();
    const impatient = new EngineClient(strict.factory, {...BUDGETS, evaluationMs: 100});
    await expect(impatient.validate('late and over budget', undefined, 'lab-a')).resolves.toMatchObject([{code: 'evaluation-timeout'}]);
    // The replaced worker's answer lands while the next request waits for its own.
    const next = impatient.validate('hang', undefined, 'lab-b');
    await sleep(LATE_MS * 2);
    await expect(next).resolves.toMatchObject([{code: 'evaluation-timeout', message: expect.stringMatching(/^Validation stopped/)}]);
    expect(strict.workers).toHaveLength(2);
  });
});

describe('a worker that fails', () => {
  it('while answering is reported in the answer and replaced for the next request', async () => {
    const {factory, workers} = fakeWorkers();
    const client = new EngineClient(factory, BUDGETS);

    const pending = Promise.all([client.validate('throw', undefined, 'lab-a'), client.validate('lab b text', undefined, 'lab-b')]);
    const [failed, next] = await pending;
    expect(failed).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'evaluation-failed',
        message: 'Validation stopped: the checker failed (Uncaught RangeError: Maximum call stack size exceeded) and was restarted. Your text is unchanged.',
      }),
    ]);
    expect(next).toMatchObject([{message: 'checked lab b text'}]);
    expect(workers.map((worker) => worker.terminated)).toEqual([true, false]);
  });

  it('to load answers every waiting request, and the next request tries a fresh worker', async () => {
    const {factory, workers} = fakeWorkers('fails');
    const client = new EngineClient(factory, BUDGETS);

    const [validated, routed] = await Promise.all([client.validate('a', undefined, 'lab-a'), client.route('b', undefined, A_ROUTE, 'lab-b')]);
    expect(validated).toMatchObject([{code: 'engine-unavailable', message: 'Validation is unavailable: the checker could not start (the engine chunk did not load). Your text is unchanged; reload the page to try again.'}]);
    expect(routed).toMatchObject({kind: 'invalid', message: expect.stringMatching(/^The simulation is unavailable: the checker could not start/)});
    expect(workers[0]!.received).toEqual([]);

    await expect(client.validate('again', undefined, 'lab-a')).resolves.toMatchObject([{message: 'checked again'}]);
    expect(workers).toHaveLength(2);
  });

  it('that never finishes loading is given up on after the startup budget', async () => {
    const {factory, workers} = fakeWorkers('never');
    const client = new EngineClient(factory, BUDGETS);
    await expect(client.validate('a', undefined, 'lab-a')).resolves.toMatchObject([{code: 'engine-unavailable', message: expect.stringMatching(/did not load within 0\.3 s/)}]);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('that cannot even be created is reported, not left pending', async () => {
    const client = new EngineClient(() => {
      throw new Error('Workers are not allowed here');
    }, BUDGETS);
    await expect(client.validate('a', undefined, 'lab-a')).resolves.toMatchObject([{code: 'engine-unavailable', message: expect.stringMatching(/Workers are not allowed here/)}]);
  });
});

describe('a lab\'s newer request', () => {
  it('replaces its older one of the same kind still waiting, which is answered as skipped', async () => {
    const {factory, workers} = fakeWorkers();
    const client = new EngineClient(factory, BUDGETS);

    const stuck = client.validate('hang', undefined, 'lab-a');
    const older = client.validate('lab b, first', undefined, 'lab-b');
    const otherKind = client.route('lab b, first', undefined, A_ROUTE, 'lab-b');
    const newer = client.validate('lab b, second', undefined, 'lab-b');

    await expect(older).resolves.toEqual([expect.objectContaining({severity: 'info', code: 'superseded'})]);
    await expect(newer).resolves.toMatchObject([{message: 'checked lab b, second'}]);
    await expect(otherKind).resolves.toEqual({kind: 'invalid', message: 'routed lab b, first'});
    await stuck;
    // The older validation never reached a worker.
    expect(workers[1]!.received.map((request) => `${request.type} ${request.text}`)).toEqual(['route lab b, first', 'validate lab b, second']);
  });

  it('is answered after the older ones: one worker answers one request at a time, in order', async () => {
    const {factory} = fakeWorkers();
    const client = new EngineClient(factory, {...BUDGETS, evaluationMs: LATE_MS * 4});
    const order: string[] = [];
    await Promise.all(
      ['late one', 'two', 'three'].map((text, index) => client.validate(text, undefined, `lab-${index}`).then(([diagnostic]) => order.push(diagnostic!.message))),
    );
    expect(order).toEqual(['checked late one', 'checked two', 'checked three']);
  });
});

describe('the size budget', () => {
  it('refuses a text over the engine\'s editor limit, counted in UTF-8 bytes, for every kind of request', () => {
    const ascii = 'a'.repeat(EDITOR_MAX_BYTES + 1);
    expect(answer({requestId: 1, type: 'validate', text: ascii})).toEqual({requestId: 1, type: 'too-large', bytes: EDITOR_MAX_BYTES + 1, maxBytes: EDITOR_MAX_BYTES});
    // Fewer characters than the limit, more bytes: "é" is two bytes in UTF-8.
    const accented = `# ${'é'.repeat(EDITOR_MAX_BYTES / 2)}`;
    expect(accented.length).toBeLessThan(EDITOR_MAX_BYTES);
    expect(answer({requestId: 2, type: 'route', text: accented, request: A_ROUTE})).toMatchObject({type: 'too-large'});
    expect(answer({requestId: 3, type: 'complete', text: ascii, line: 1, column: 1})).toMatchObject({type: 'too-large'});
    expect(answer({requestId: 4, type: 'diagram', text: ascii})).toMatchObject({type: 'too-large'});
    expect(answer({requestId: 5, type: 'check', text: ascii, checks: []})).toMatchObject({type: 'too-large'});
    expect(answer({requestId: 6, type: 'hover', text: ascii, line: 1, column: 1})).toMatchObject({type: 'too-large'});
  });

  it('evaluates a text at the limit', () => {
    const atLimit = `# ${'a'.repeat(EDITOR_MAX_BYTES - 2)}`;
    expect(answer({requestId: 1, type: 'validate', text: atLimit})).toMatchObject({type: 'validate'});
  });

  it('is told to the reader in each panel\'s shape', async () => {
    const {factory} = fakeWorkers();
    const client = new EngineClient(factory, BUDGETS);
    await expect(client.validate('big', undefined, 'lab-a')).resolves.toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'input-too-large',
        message: 'Validation skipped: this text is 300,000 bytes, over the labs\' limit of 262,144 bytes. Your text is unchanged.',
      }),
    ]);
    await expect(client.route('big', undefined, A_ROUTE, 'lab-a')).resolves.toEqual({kind: 'invalid', message: expect.stringMatching(/^The simulation skipped: this text is 300,000 bytes/)});
    await expect(client.complete('big', 1, 1)).resolves.toEqual([]);
  });
});
