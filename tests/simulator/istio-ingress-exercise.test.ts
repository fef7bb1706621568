/**
 * "Admit only the partner's network at the ingress gateway" (labs/exercises/istio-ingress-partner-range.yaml),
 * and the request panel's client address field (src/simulator/lab-client-address.ts) that tries it:
 * behind the gateway a pod's `source.ip` is the gateway pod, so an ipBlocks allowlist belongs to a
 * policy the gateway enforces (istio-authz/ingress.ts; istio 1.30.3 gateway.go buildGatewayHTTPFilterChain).
 */
import {describe, expect, it} from 'vitest';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {checkExercise} from '../../src/simulator/exercises';
import {istioAnswers} from '../../src/simulator/istio-authz/attach';
import {simulateLabRequest, type LabRequestInput} from '../../src/simulator/lab-request';
import {labResources} from './helpers';

const exercise = loadExercises(process.cwd())['istio-ingress-partner-range']!;
const cluster = labResources(exercise.context);
const passed = (yaml: string) => checkExercise(exercise, yaml, cluster).map((r) => r.passed);
const moved = (from: string, to: string) => exercise.solution.replace(from, to);

describe('the partner allowlist exercise', () => {
  it("fails from the start: productpage's ipBlocks see the gateway pod, so the partner and curl get 403", () => {
    expect(passed(exercise.start)).toEqual([true, false, true, false]);
  });

  it('passes with the policy at the gateway, by ipBlocks or by remoteIpBlocks (no trusted hops: both are the peer)', () => {
    expect(passed(exercise.solution)).toEqual([true, true, true, true]);
    expect(passed(moved('ipBlocks:', 'remoteIpBlocks:'))).toEqual([true, true, true, true]);
  });

  it("fails with remoteIpBlocks on productpage: the partner passes (the gateway appends its address to x-forwarded-for) but curl's own address does not", () => {
    const onProductpage = moved('namespace: istio-system\nspec:\n  selector:\n    matchLabels:\n      istio: ingressgateway', 'namespace: bookinfo\nspec:\n  selector:\n    matchLabels:\n      app: productpage').replace('ipBlocks:', 'remoteIpBlocks:');
    expect(onProductpage).toContain('app: productpage');
    expect(passed(onProductpage)).toEqual([true, true, true, false]);
  });
});

describe("the request panel's client address field", () => {
  const send = (clientAddress: string | undefined): LabRequestInput => ({method: 'GET', host: 'bookinfo.example.com', path: '/productpage', headers: {}, ...(clientAddress === undefined ? {} : {clientAddress})});
  const gatewayVerdict = (answer: ReturnType<typeof simulateLabRequest>) => {
    if (answer.kind !== 'decision') throw new Error(answer.message);
    return `${answer.decision.status} ${istioAnswers(answer.decision).find((a) => a.enforcer === 'gateway')?.verdict}`;
  };

  it("is the gateway's peer: the partner's address is admitted, another is refused, none given matches no range", () => {
    expect(gatewayVerdict(simulateLabRequest(exercise.solution, cluster, send(' 198.51.100.7 ')))).toBe('200 allowed');
    expect(gatewayVerdict(simulateLabRequest(exercise.solution, cluster, send('203.0.113.9')))).toBe('403 denied');
    expect(gatewayVerdict(simulateLabRequest(exercise.solution, cluster, send('')))).toBe('403 denied');
    expect(gatewayVerdict(simulateLabRequest(exercise.solution, cluster, send('2001:db8::9')))).toBe('403 denied');
  });

  it('with a rate, says a request the gateway refuses reaches no rate limit, rather than counting it served', () => {
    const refused = simulateLabRequest(exercise.solution, cluster, {...send('203.0.113.9'), rate: '20'});
    expect(refused).toMatchObject({kind: 'decision', rateLimitError: expect.stringMatching(/^No rate limit is reached: the request is refused before it is routed \(403 Istio at gateway/)});
    expect(refused.kind === 'decision' && refused.rateLimit).toBeFalsy();
    const admitted = simulateLabRequest(exercise.solution, cluster, {...send('198.51.100.7'), rate: '20'});
    expect(admitted.kind === 'decision' && admitted.rateLimit?.served).toBe(200);
  });

  it('refuses what is not an IP address, or too long, with a message for the field', () => {
    for (const [address, said] of [
      ['198.51.100', /is not an IPv4 or IPv6 address/],
      ['bookinfo.example.com', /is not an IPv4 or IPv6 address/],
      ['1'.repeat(46), /46 characters long; an IP address has at most 45/],
    ] as const) {
      const answer = simulateLabRequest(exercise.solution, cluster, send(address));
      expect(answer).toMatchObject({kind: 'invalid', field: 'clientAddress'});
      if (answer.kind === 'invalid') expect(answer.message).toMatch(said);
    }
  });
});
