/**
 * Typed `kubectl apply -f FILE` of a session's file (kubectl v1.33 apply.go applyOneObject, patcher.go;
 * k8s.io/kubectl/pkg/util/apply.go GetModifiedConfiguration): created / configured / unchanged from the
 * state's model, kubectl's warning for an object without last-applied, and the session moved to the
 * recorded state the apply leaves the cluster in, or refused when the recording never saw it.
 */
import {describe, expect, it} from 'vitest';
import {ScenarioSession} from '../../src/terminal/session';
import {applyToModel, appliedObjects, LAST_APPLIED, modifiedConfiguration} from '../../src/terminal/printers/kubectl-apply';
import type {ModelObject, StateModel} from '../../src/terminal/printers/model';
import {loadSession} from './scenarios';

const session = (name: string): ScenarioSession => {
  const {scenario, models} = loadSession(name);
  return new ScenarioSession(scenario, models);
};

describe('kubectl apply -f FILE typed in a session', () => {
  it('linkerd-traffic: any spelling of the path creates the page\'s route and moves to the canary state; again, configured, and the state stays', () => {
    for (const line of ['kubectl apply -f ./reviews-httproute.yaml', 'kubectl apply --filename=reviews-httproute.yaml', 'kubectl apply -freviews-httproute.yaml']) {
      const s = session('linkerd-traffic');
      const reply = s.run(line);
      expect(reply.text, line).toBe('httproute.gateway.networking.k8s.io/reviews created\n');
      expect(s.state, line).toBe('canary');
      // The API server defaulted the route's lists (backendRefs' group, kind, weight; the header match's type; the
      // catch-all's path), so the JSON merge patch replaces them and is never empty: kubernetes/kubernetes#66450.
      expect(s.run('kubectl apply -f ./reviews-httproute.yaml').text).toBe('httproute.gateway.networking.k8s.io/reviews configured\n');
      expect(s.state).toBe('canary');
    }
  });

  it('linkerd-403: the fixed policy is configured (its last-applied configuration differs), then unchanged', () => {
    const s = session('linkerd-403');
    expect(s.run('kubectl apply -f ./reviews-authorizationpolicy.yaml')).toMatchObject({text: 'authorizationpolicy.policy.linkerd.io/reviews-from-productpage configured\n', movedTo: 'allowed'});
    expect(s.state).toBe('allowed');
    expect(s.run('kubectl apply --filename ./reviews-authorizationpolicy.yaml').text).toBe('authorizationpolicy.policy.linkerd.io/reviews-from-productpage unchanged\n');
    expect(s.state).toBe('allowed');
  });

  it('linkerd-inject: applying ratings-v2.yaml would create a Deployment no recorded state holds: refused with the reason', () => {
    const s = session('linkerd-inject');
    const reply = s.run('kubectl apply -f ratings-v2.yaml');
    expect(reply.kind).toBe('unknown');
    expect(reply.text).toContain('would leave the cluster in a state this recording never reached (deployment.apps/ratings-v2 created)');
    expect(s.state).toBe('not-meshed');
  });
});

const route = (spec: Record<string, unknown>, annotations?: Record<string, string>): Record<string, unknown> => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'r', namespace: 'bookinfo', ...(annotations ? {annotations} : {})}, spec,
});
const live = (value: Record<string, unknown>): ModelObject => ({group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'bookinfo', name: 'r', value});
const apply = (sent: Record<string, unknown>, objects: ModelObject[]): string => applyToModel(appliedObjects([sent], 'default'), {objects} as StateModel).text;

describe('applyToModel', () => {
  const spec = {parentRefs: [{name: 'reviews', kind: 'Service', group: ''}], hostnames: ['a']};
  const last = (value: Record<string, unknown>): Record<string, string> => ({[LAST_APPLIED]: `${JSON.stringify(modifiedConfiguration(value))}\n`});

  it('GetModifiedConfiguration keeps an empty annotations map, as unstructured SetAnnotations writes one', () => {
    expect(modifiedConfiguration(route(spec)).metadata).toEqual({name: 'r', namespace: 'bookinfo', annotations: {}});
  });

  it('created; configured with kubectl\'s warning when the live object has no last-applied configuration', () => {
    expect(apply(route(spec), [])).toBe('httproute.gateway.networking.k8s.io/r created\n');
    expect(apply(route(spec), [live(route(spec))])).toBe(
      'Warning: resource httproutes.gateway.networking.k8s.io/r is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. ' +
      'kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n' +
      'httproute.gateway.networking.k8s.io/r configured\n');
  });

  it('a custom resource: unchanged when the live object holds every field sent (extra map keys are the server\'s), configured when a list differs at all', () => {
    const sent = route(spec);
    expect(apply(sent, [live({...route({...spec, extra: 1}, last(sent)), status: {x: 1}})])).toBe('httproute.gateway.networking.k8s.io/r unchanged\n');
    expect(apply(sent, [live(route({...spec, parentRefs: [{name: 'reviews', kind: 'Service', group: '', port: 9080}]}, last(sent)))])).toMatch(/ configured\n$/);
    expect(apply(route({...spec, hostnames: ['b']}), [live(route(spec, last(sent)))])).toMatch(/ configured\n$/);
  });

  it('a built-in kind whose live list items hold more than sent depends on the strategic merge keys: a gap', () => {
    const deployment = (containers: unknown[], annotations?: Record<string, string>) => ({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'd', namespace: 'default', ...(annotations ? {annotations} : {})}, spec: {template: {spec: {containers}}}});
    const sent = deployment([{name: 'a', image: 'x'}]);
    const object = (value: Record<string, unknown>): ModelObject => ({group: 'apps', kind: 'Deployment', namespace: 'default', name: 'd', value});
    expect(() => apply(sent, [object(deployment([{name: 'a', image: 'x', imagePullPolicy: 'IfNotPresent'}], last(sent)))])).toThrow(/merge keys/);
    expect(apply(sent, [object(deployment([{name: 'a', image: 'x'}], last(sent)))])).toBe('deployment.apps/d unchanged\n');
    expect(apply(sent, [object(deployment([{name: 'a', image: 'y'}], last(sent)))])).toBe('deployment.apps/d configured\n');
  });

  it('a namespaced document without a namespace goes to the kubeconfig\'s; a cluster-scoped one has none; an unknown kind is a gap', () => {
    expect(appliedObjects([{apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}}], 'default')[0]).toMatchObject({namespace: 'default'});
    expect(appliedObjects([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'n', namespace: 'x'}}], 'default')[0]).toMatchObject({namespace: ''});
    expect(() => appliedObjects([{apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}}], 'default')).toThrow(/catalog/);
  });
});
