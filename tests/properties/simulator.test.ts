/**
 * The traffic simulator on any configuration and any request, hostile regexes, header
 * names and replica counts included: it decides in bounded time without an exception,
 * its decision is well-formed (shares in [0, 1] summing to 1, each destination's share its
 * weight over the route's total), bounded in size by its input, and the same for the same
 * input. The request panel (simulateLabRequest) and `meshdive route` are both driven.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/decision';
import type {LabRequestInput} from '../../src/simulator/lab-request';
import {HOSTILE_YAML, type HostileYaml} from './hostile-inputs';
import {headerName, headerValue, labRequest, labYaml, trapText} from './support/arbitraries';
import {callFace, CASE_TIME_BOUND_MS, LARGE_CASE_TIME_BOUND_MS, stopFaces} from './support/bounded';
import {expectNoRawControl, expectSameAnswer, linesOf, rangeProblem} from './support/invariants';
import {checkProperty, PROPERTY_TEST_TIMEOUT_MS} from './support/property';

afterAll(stopFaces);

const OUTCOMES = new Set(['routed', 'no-route', 'redirect', 'direct-response', 'passthrough', 'unreachable']);
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9;
const isShare = (share: number): boolean => Number.isFinite(share) && share >= 0 && share <= 1;

/** What is wrong with a decision, or undefined. */
function decisionProblem(decision: Decision, inputSize: number): string | undefined {
  if (!OUTCOMES.has(decision.outcome)) return `outcome ${decision.outcome}`;
  if (decision.status !== null && !(Number.isInteger(decision.status) && decision.status >= 100 && decision.status <= 599)) return `status ${decision.status}`;
  if (decision.trace.length === 0) return 'no trace: the decision says nothing of how it was made';
  const emptyStep = decision.trace.find((step) => typeof step.message !== 'string' || step.message.trim() === '');
  if (emptyStep) return `a trace step without a message: ${JSON.stringify(emptyStep)}`;
  if (decision.summary.trim() === '') return 'no summary: the answer is not said in words';

  // What the client sees: exact shares summing to 1, or nothing when no status is known.
  const badEntry = decision.distribution.find((e) => !isShare(e.share) || e.share === 0);
  if (badEntry) return `distribution entry with share ${badEntry.share}`;
  const total = decision.distribution.reduce((sum, e) => sum + e.share, 0);
  if (decision.distribution.length > 0 && !close(total, 1)) return `distribution shares sum to ${total}`;
  if (decision.distribution.length === 0 && decision.status !== null) return `status ${decision.status} with an empty distribution`;

  // Destinations of the route: each its weight over the total of the weighted ones.
  const destinations = decision.destinations;
  const badShare = destinations.find((d) => !isShare(d.share));
  if (badShare) return `destination ${badShare.host} with share ${badShare.share}`;
  if (destinations.length > 0 && !close(destinations.reduce((sum, d) => sum + d.share, 0), 1)) return `destination shares sum to ${destinations.reduce((sum, d) => sum + d.share, 0)}`;
  if (destinations.length > 1) {
    const weights = destinations.reduce((sum, d) => sum + (d.weight ?? 0), 0);
    const off = destinations.find((d) => !close(d.share, (d.weight ?? 0) / weights));
    if (off) return `destination ${off.host} ${off.subset ?? ''} has share ${off.share}, its weight ${off.weight} over ${weights} is ${(off.weight ?? 0) / weights}`;
  }
  if (decision.route && !(Number.isInteger(decision.route.index) && decision.route.index >= 0)) return `route index ${decision.route.index}`;

  const size = JSON.stringify(decision).length;
  if (size > 32 * inputSize + 256 * 1024) return `the decision is ${size} characters for ${inputSize} characters of input`;
  return undefined;
}

const requestSize = (request: LabRequestInput): number => JSON.stringify(request).length;

/** The request panel's answer: a well-formed decision, its route's range inside the YAML; or a message saying why not. */
function checkLabRequest(text: string, request: LabRequestInput, bound = CASE_TIME_BOUND_MS, again = true) {
  const answer = callFace('labRequest', [text, 'reviews', request], bound);
  if (answer.kind === 'invalid') {
    expect(answer.message).toMatch(/^The YAML is not valid \(line \d+: .+\), so no request is simulated\.$/s);
  } else {
    expect(decisionProblem(answer.decision, text.length + requestSize(request))).toBeUndefined();
    if (answer.routeRange) expect(rangeProblem(linesOf(text), answer.routeRange, 'the route\'s range')).toBeUndefined();
  }
  if (again) expectSameAnswer(answer, callFace('labRequest', [text, 'reviews', request], bound), 'the request panel');
  return answer;
}

function decided(input: HostileYaml): Decision {
  const answer = checkLabRequest(input.text, input.request, input.large ? LARGE_CASE_TIME_BOUND_MS : CASE_TIME_BOUND_MS, !input.large);
  expect(answer.kind, answer.kind === 'invalid' ? answer.message : '').toBe('decision');
  return (answer as {decision: Decision}).decision;
}

/** Share of all requests per `status subset`. */
function sharesBySubset(decision: Decision): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const e of decision.distribution) {
    const key = `${e.status} ${e.subset ?? e.host ?? ''}`.trim();
    shares[key] = (shares[key] ?? 0) + e.share;
  }
  return shares;
}

/** A request line for `meshdive route`, single-quoted as a shell would take it. */
const quoted = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
const requestLine = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'get', ''),
    url: fc.oneof(fc.constantFrom('http://reviews/', 'http://reviews:9080/reviews/1', 'https://reviews/', 'http://ratings:9080/', 'reviews/', 'http://[::1]/', 'http://reviews:99999/', 'ftp://x/'), trapText.map((t) => `http://reviews/${t}`)),
    headers: fc.array(fc.tuple(headerName, headerValue), {maxLength: 3}),
    tail: fc.constantFrom('', ' -X PUT', ' -H', " 'unterminated", ' --bogus'),
  })
  .map(({method, url, headers, tail}) => `${method} ${quoted(url)}${headers.map(([n, v]) => ` -H ${quoted(`${n}: ${v}`)}`).join('')}${tail}`);

describe('the simulator on any configuration and request', () => {
  it('the request panel answers a well-formed decision, or says the YAML is invalid, for generated VirtualServices, DestinationRules and Deployments', () => {
    checkProperty(fc.property(labYaml, labRequest, (text, request) => {
      checkLabRequest(text, request);
    }), {numRuns: 60});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('`meshdive route` decides, rejects invalid YAML, or refuses an unreadable request with a message: never an exception', () => {
    checkProperty(fc.property(labYaml, requestLine, (yaml, request) => {
      const answer = callFace('route', ['reviews', yaml, request]);
      if (answer.kind === 'decision') expect(decisionProblem(answer.decision, yaml.length + request.length)).toBeUndefined();
      else if (answer.kind === 'rejected') expect(answer.errors).toBeGreaterThan(0);
      else expect(answer.message.trim()).not.toBe('');
      expectSameAnswer(answer, callFace('route', ['reviews', yaml, request]), '`meshdive route`');
    }), {numRuns: 60});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('`meshdive route` prints no raw control character, whatever the request and the YAML carry', () => {
    checkProperty(fc.property(labYaml, requestLine, (yaml, request) => {
      expectNoRawControl(callFace('routeText', ['reviews', yaml, request]), '`meshdive route` output');
    }), {numRuns: 40});
  }, PROPERTY_TEST_TIMEOUT_MS);
});

describe('the simulator on the hostile inputs', () => {
  it.each(HOSTILE_YAML.map((input) => [input.name, input] as const))('%s: a well-formed answer in bounded time', (_, input) => {
    checkLabRequest(input.text, input.request, input.large ? LARGE_CASE_TIME_BOUND_MS : CASE_TIME_BOUND_MS, !input.large);
  }, LARGE_CASE_TIME_BOUND_MS + 10_000);

  const named = (part: string): HostileYaml => HOSTILE_YAML.find((input) => input.text.includes(part))!;

  it('decides that forty `a`s do not match `/(a+)+b` (RE2 in linear time), so the catch-all rule routes', () => {
    const decision = decided(named('/(a+)+b'));
    expect(decision.route?.index).toBe(1);
    expect(sharesBySubset(decision)).toEqual({'200 v1': 1});
  });

  it('decides that a value without `!` does not match `.*` a hundred times then `!`', () => {
    const decision = decided(named(`${'.*'.repeat(100)}!`));
    expect(decision.route?.index).toBe(1);
    expect(sharesBySubset(decision)).toEqual({'200 v1': 1});
  });

  it('splits 90/10 over a Deployment of 100,000,000 replicas without listing its pods', () => {
    const decision = decided(named('replicas: 100000000'));
    const shares = sharesBySubset(decision);
    expect(Object.keys(shares).sort()).toEqual(['200 v1', '200 v2']);
    expect(shares['200 v1']).toBeCloseTo(0.9, 12);
    expect(shares['200 v2']).toBeCloseTo(0.1, 12);
    expect(decision.destinations.every((d) => d.pods.length <= 10), 'pods named one by one').toBe(true);
  });

  it('reads `constructor`, `__proto__` and `toString` as header names a request without headers does not carry', () => {
    const decision = decided(named('constructor: {}'));
    expect(decision.route?.index).toBe(2);
    expect(sharesBySubset(decision)).toEqual({'200 v1': 1});
  });

  it('matches a request that does carry a `constructor` header by that header', () => {
    const input = named('constructor: {}');
    const decision = decided({...input, request: {...input.request, headers: {constructor: 'yes'}}});
    expect(decision.route?.index).toBe(0);
    expect(sharesBySubset(decision)).toEqual({'200 v3': 1});
  });
});
