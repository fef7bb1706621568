import {readFileSync} from 'node:fs';
import {checkSession} from '../../src/terminal/check-session';
import type {Scenario} from '../../src/terminal/scenario';

export const SESSION_NAMES = ['installation', 'sidecar-not-injected', 'traffic-not-routing', 'linkerd-proxy-not-injected', 'linkerd-403', 'linkerd-install', 'ambient-install', 'waypoint-not-used', 'linkerd-inject', 'linkerd-traffic'] as const;

export function loadSession(name: string): ReturnType<typeof checkSession> {
  const dir = `labs/sessions/${name}`;
  return checkSession(dir, readFileSync(`${dir}/session.cast`, 'utf8'), readFileSync(`${dir}/scenario.yaml`, 'utf8'));
}

/** A small scenario for state-machine tests, independent of the recorded sessions. */
export const TINY: Scenario = {
  session: 'tiny',
  title: 'Tiny',
  mesh: 'istio',
  namespace: 'default',
  prompt: '$ ',
  placeholders: {'pod-name': 'web-5d9c7b8f6-abcde'},
  states: [
    {id: 'before', description: 'before the fix'},
    {id: 'after', description: 'after the fix'},
  ],
  commands: [
    {run: 'kubectl get pods', outputs: {before: 'web 1/1\n', after: 'web 2/2\n'}},
    {run: 'kubectl label namespace default istio-injection=enabled', outputs: {before: 'namespace/default labeled\n'}, moves: {before: 'after'}},
    {run: 'kubectl get pod <pod-name> -o jsonpath={.spec.containers[*].name}', outputs: {before: 'web', after: 'web'}},
  ],
  walkthrough: ['kubectl get pods', 'kubectl label namespace default istio-injection=enabled', 'kubectl get pods'],
};
