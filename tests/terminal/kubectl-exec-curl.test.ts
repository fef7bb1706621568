/**
 * `kubectl exec … -- curl …` derived from a session state's model by the simulator
 * (src/terminal/kubectl-exec-curl.ts): the recorded answers are the policy's decision in that state,
 * and change with it (an ALLOW that admits curl, an L4 DENY ztunnel enforces as a reset); curl's and
 * kubectl's own writing (curl 8 tool_operate.c post_per_transfer, kubectl v1.33 exec.go and
 * podcmd.FindOrDefaultContainerByName, client-go remotecommand's exit error) around it.
 */
import {describe, expect, it} from 'vitest';
import {execCurlOutput, parseExecCurl} from '../../src/terminal/kubectl-exec-curl';
import type {ModelObject, StateModel} from '../../src/terminal/printers/model';
import {loadSession} from './scenarios';

const CURL_REVIEWS = 'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://reviews:9080/reviews/1';
const LEGACY_PRODUCTPAGE = 'kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage.default:9080/productpage';

const waypointNotUsed = loadSession('waypoint-not-used').models!;
const ambientInstall = loadSession('ambient-install').models!;

function run(line: string, model: StateModel): string {
  const exec = parseExecCurl(line, 'default');
  if (!exec) throw new Error(`not a kubectl exec of curl: ${line}`);
  return execCurlOutput(exec, model);
}

const withObjects = (model: StateModel, ...objects: ModelObject[]): StateModel => ({...model, objects: [...model.objects.filter((o) => !objects.some((n) => n.kind === o.kind && n.namespace === o.namespace && n.name === o.name)), ...objects]});

function policy(name: string, spec: Record<string, unknown>): ModelObject {
  return {group: 'security.istio.io', kind: 'AuthorizationPolicy', namespace: 'default', name,
    value: {apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: {name, namespace: 'default', creationTimestamp: '2026-11-25T09:33:30Z'}, spec}};
}

describe('kubectl exec … -- curl derived from the session model', () => {
  it('answers as the waypoint enforces reviews-viewer: 200 while no Service uses it, 403 once enrolled or bound again', () => {
    expect(run(CURL_REVIEWS, waypointNotUsed['not-enrolled']!)).toBe('200\n');
    expect(run(CURL_REVIEWS, waypointNotUsed.enrolled!)).toBe('403\n');
    expect(run(CURL_REVIEWS, waypointNotUsed['for-workload']!)).toBe('200\n');
    expect(run(CURL_REVIEWS, waypointNotUsed['for-service']!)).toBe('403\n');
  });

  it('follows the policy: an ALLOW naming curl\'s identity turns the waypoint\'s 403 into 200', () => {
    const admitsCurl = policy('reviews-viewer', {
      targetRefs: [{kind: 'Service', group: '', name: 'reviews'}], action: 'ALLOW',
      rules: [{from: [{source: {principals: ['cluster.local/ns/default/sa/curl']}}], to: [{operation: {methods: ['GET']}}]}],
    });
    expect(run(CURL_REVIEWS, withObjects(waypointNotUsed.enrolled!, admitsCurl))).toBe('200\n');
  });

  it('prints Istio\'s 403 body without a newline when curl keeps the body', () => {
    expect(run('kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/1', waypointNotUsed.enrolled!)).toBe('RBAC: access denied');
    expect(run('kubectl exec deploy/curl -- curl -s -w "\\n%{http_code}\\n" http://reviews:9080/reviews/1', waypointNotUsed.enrolled!)).toBe('RBAC: access denied\n403\n');
    // A 200's body is the application's page: not modelled.
    expect(() => run('kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/1', waypointNotUsed['not-enrolled']!)).toThrow(/body of a 200 answer/);
  });

  it('shows ztunnel\'s L4 DENY as a reset: http_code 000, exit code 56, and curl\'s error only with -S', () => {
    const denyDefault = policy('deny-default', {selector: {matchLabels: {app: 'reviews'}}, action: 'DENY', rules: [{from: [{source: {namespaces: ['default']}}]}]});
    const model = withObjects(waypointNotUsed['not-enrolled']!, denyDefault);
    expect(run(CURL_REVIEWS, model)).toBe('000\ncommand terminated with exit code 56\n');
    expect(run(CURL_REVIEWS.replace('curl -s ', 'curl -sS '), model)).toBe('curl: (56) Recv failure: Connection reset by peer\n000\ncommand terminated with exit code 56\n');
  });

  it('resets the plaintext client outside the mesh only once default is STRICT', () => {
    expect(run(LEGACY_PRODUCTPAGE, ambientInstall.waypoint!)).toBe('200\n');
    expect(run(LEGACY_PRODUCTPAGE, ambientInstall.strict!)).toBe('000\ncommand terminated with exit code 56\n');
    // The same client with --namespace=, and curl's long options.
    expect(run('kubectl exec --namespace=legacy deploy/curl -- curl --silent --output /dev/null --write-out "%{response_code}\\n" http://productpage.default:9080/productpage', ambientInstall.strict!))
      .toBe('000\ncommand terminated with exit code 56\n');
  });

  it('defaults the container as kubectl does: the injector\'s default-container annotation, else the first with a notice', () => {
    const {models} = loadSession('traffic-not-routing');
    const line = "kubectl exec deploy/ratings-v1 -- curl -s -o /dev/null -w '%{http_code}\\n' -H 'end-user: jason' http://reviews:9080/reviews/0";
    // Istio's injector annotates kubectl.kubernetes.io/default-container: ratings, so kubectl says nothing.
    expect(run(line, models!.broken!)).toBe('503\n');
    expect(run(line.replace('-- curl', '-c ratings -- curl'), models!.fixed!)).toBe('200\n');
    const pod = models!.fixed!.objects.find((o) => o.kind === 'Pod' && o.name.startsWith('ratings-v1-'))!;
    const {['kubectl.kubernetes.io/default-container']: _dropped, ...annotations} = (pod.value.metadata as {annotations: Record<string, string>}).annotations;
    const unannotated = {...pod, value: {...pod.value, metadata: {...(pod.value.metadata as object), annotations}}};
    expect(run(line, withObjects(models!.fixed!, unannotated))).toBe('Defaulted container "ratings" out of: ratings, istio-init (init), istio-proxy (init)\n200\n');
  });

  it('refuses what it does not model instead of guessing', () => {
    const model = waypointNotUsed.enrolled!;
    expect(() => run('kubectl exec deploy/curl -- curl -o /dev/null -w "%{http_code}" http://reviews:9080/reviews/1', model)).toThrow(/progress meter/);
    expect(() => run('kubectl exec deploy/curl -- curl -s -L http://reviews:9080/reviews/1', model)).toThrow(/curl -L is not modelled/);
    expect(() => run('kubectl exec -t deploy/curl -- curl -s http://reviews:9080/reviews/1', model)).toThrow(/kubectl exec -t is not modelled/);
    expect(() => run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{time_total}" http://reviews:9080/reviews/1', model)).toThrow(/%\{time_total\}/);
    expect(() => run('kubectl exec deploy/reviews-v9 -- curl -s http://reviews:9080/', model)).toThrow(/not found/);
    // Without a port, curl dials 80, which the reviews Service does not have: not an answer the simulator gives curl.
    expect(() => run('kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" http://reviews/reviews/1', model)).toThrow(/does not listen on port 80/);
    expect(parseExecCurl('kubectl exec deploy/curl -- wget -qO- http://reviews:9080/', 'default')).toBeUndefined();
    expect(parseExecCurl('kubectl get pods', 'default')).toBeUndefined();
  });
});
