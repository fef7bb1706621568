/**
 * "Route a TLS passthrough host by its SNI at the ingress gateway"
 * (labs/exercises/istio-ingress-tls-passthrough.yaml), and the lab request panel that tries it: a
 * PASSTHROUGH server proxies TCP, so `http` routes never apply there, and Envoy takes an exact SNI
 * chain before a wildcard one (istio 1.30.3 gateway.go buildGatewayNetworkFiltersFromTLSRoutes).
 */
import {describe, expect, it} from 'vitest';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {checkExercise} from '../../src/simulator/exercises';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {labResources} from './helpers';

const exercise = loadExercises(process.cwd())['istio-ingress-tls-passthrough']!;
const cluster = labResources(exercise.context);
const passed = (yaml: string) => checkExercise(exercise, yaml, cluster).map((r) => r.passed);

describe('the TLS passthrough exercise', () => {
  it('fails from the start: the http route for reviews.example.com never applies on a PASSTHROUGH port', () => {
    expect(passed(exercise.start)).toEqual([true, false, true, true]);
  });

  it('passes with a tls route on sniHosts reviews.example.com, after the wildcard one as before it', () => {
    expect(passed(exercise.solution)).toEqual([true, true, true, true]);
  });

  it('fails when the new tls route matches another port than the server\'s', () => {
    const wrongPort = exercise.solution.replace('- port: 443\n      sniHosts: [reviews.example.com]', '- port: 8443\n      sniHosts: [reviews.example.com]');
    expect(wrongPort).not.toBe(exercise.solution);
    expect(passed(wrongPort)).toEqual([true, false, true, true]);
  });
});

describe('the request panel on a PASSTHROUGH port', () => {
  it('says the request is an L4 connection with the Host field as SNI, highlights the tls route, and reaches no HTTP rate limit or upstream script', () => {
    const answer = simulateLabRequest(exercise.solution, cluster, {method: 'GET', host: 'reviews.example.com:443', path: '/', headers: {}, rate: '10'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.throughGateway).toBe(true);
    expect(answer.decision.connection).toMatchObject({protocol: 'tls', sni: 'reviews.example.com', server: {tlsMode: 'PASSTHROUGH'}});
    expect(answer.decision.route).toMatchObject({section: 'tls', index: 1});
    // The second tls route, lines 28 to 32 of the solution.
    expect([answer.routeRange?.start.line, answer.routeRange?.end.line]).toEqual([28, 32]);
    expect(answer.rateLimitError).toMatch(/L4 connection/);
    // Nor does an upstream script of HTTP answers: the TCP proxy never reads them.
    const scripted = simulateLabRequest(exercise.solution, cluster, {method: 'GET', host: 'reviews.example.com:443', path: '/', headers: {}, upstream: '*: 503'});
    expect(scripted.kind === 'decision' && scripted.timelineError).toMatch(/L4 connection .* not simulated/);
  });

  it('says a host no chain takes is closed by the gateway', () => {
    const answer = simulateLabRequest(exercise.solution, cluster, {method: 'GET', host: 'other.test:443', path: '/', headers: {}});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision).toMatchObject({outcome: 'unreachable', status: null, flags: 'NR', connection: {state: 'closed'}, summary: 'no filter chain on gateway bookinfo/tls-gateway port 443 matches SNI other.test'});
  });
});
