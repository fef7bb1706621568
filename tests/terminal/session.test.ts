import {describe, expect, it} from 'vitest';
import {ScenarioSession} from '../../src/terminal/session';
import {TINY} from './scenarios';

describe('ScenarioSession', () => {
  it('answers a recorded command with the output of the current state', () => {
    const session = new ScenarioSession(TINY);
    expect(session.run('k get po')).toMatchObject({kind: 'output', text: 'web 1/1\n'});
  });

  it('moves to the next state on a command that changed the cluster, and later commands answer from it', () => {
    const session = new ScenarioSession(TINY);
    expect(session.run('kubectl label ns default istio-injection=enabled')).toMatchObject({kind: 'output', movedTo: 'after'});
    expect(session.state).toBe('after');
    expect(session.run('kubectl get pods')).toMatchObject({kind: 'output', text: 'web 2/2\n'});
  });

  it('never invents output: an unknown command says so and lists what the session can run', () => {
    const session = new ScenarioSession(TINY);
    const reply = session.run('kubectl delete pod web');
    expect(reply.kind).toBe('unknown');
    expect(reply.text).toContain('no output for "kubectl delete pod web"');
    expect(reply.text).toContain('kubectl get pods');
    expect(reply.text).toContain('kubectl get pod web-5d9c7b8f6-abcde');
    expect(session.state).toBe('before');
  });

  it('points at an unresolved placeholder', () => {
    expect(new ScenarioSession(TINY).run('kubectl logs <name>').text).toContain('<name> is a placeholder');
  });

  it('says when a known command was not recorded in the current state', () => {
    const session = new ScenarioSession(TINY);
    session.run('kubectl label namespace default istio-injection=enabled');
    expect(session.run('kubectl label namespace default istio-injection=enabled').kind).toBe('not-in-state');
  });

  it('resets to the first state', () => {
    const session = new ScenarioSession(TINY);
    session.run('kubectl label namespace default istio-injection=enabled');
    expect(session.run('reset')).toMatchObject({kind: 'builtin', name: 'reset'});
    expect(session.state).toBe('before');
    expect(session.run('kubectl get pods').text).toBe('web 1/1\n');
  });

  it('hints the next walkthrough command not yet run', () => {
    const session = new ScenarioSession(TINY);
    expect(session.run('hint').text).toContain('kubectl get pods');
    session.run('kubectl get pods');
    expect(session.run('hint').text).toContain('kubectl label namespace default istio-injection=enabled');
    session.run('k label ns default istio-injection=enabled');
    // The walkthrough runs `kubectl get pods` again in the new state: the hint follows the story, not a set of names.
    expect(session.run('hint').text).toBe('Try: kubectl get pods\n');
    session.run('kubectl get pods');
    expect(session.run('hint').text).toContain('You have run every command');
  });

  it('completes commands, with the k alias too', () => {
    const session = new ScenarioSession(TINY);
    expect(session.complete('kubectl get p')).toEqual(['kubectl get pods', 'kubectl get pod web-5d9c7b8f6-abcde -o jsonpath={.spec.containers[*].name}']);
    expect(session.complete('k la')).toEqual(['k label namespace default istio-injection=enabled']);
    expect(session.complete('he')).toEqual(['help']);
  });

  it('lists commands and built-ins in help', () => {
    const text = new ScenarioSession(TINY).run('help').text;
    expect(text).toContain('kubectl get pods');
    expect(text).toContain('hint');
  });
});
