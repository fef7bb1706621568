import {describe, expect, it} from 'vitest';
import {readCast, writeCast, type Cast} from '../../src/terminal/asciicast/format';
import {buildTimeline, nextMarkTime, outputsBetween, outputsUntil} from '../../src/terminal/asciicast/timeline';
import {checkCast, checkScenario, SessionDataError} from '../../src/terminal/check-session';
import {composeCast, castDisagreement} from '../../src/terminal/asciicast/compose';
import {SESSION_NAMES, loadSession, TINY} from './scenarios';

const cast: Cast = {
  header: {version: 2, width: 80, height: 24, idle_time_limit: 1},
  events: [[0.5, 'm', 'ls'], [0.5, 'o', '$ ls\r\n'], [5, 'o', 'a b\r\n'], [5.2, 'm', 'pwd'], [5.2, 'o', '$ pwd\r\n']],
};

describe('asciicast v2', () => {
  it('round-trips through text', () => {
    expect(readCast(writeCast(cast))).toEqual(cast);
  });

  it('caps idle time and marks each command on the timeline', () => {
    const timeline = buildTimeline(cast);
    expect(timeline.duration).toBeCloseTo(1.7);
    expect(timeline.marks.map((m) => m.label)).toEqual(['ls', 'pwd']);
    expect(outputsUntil(timeline, 1.5)).toBe('$ ls\r\na b\r\n');
    expect(outputsBetween(timeline, 1.5, 2)).toBe('$ pwd\r\n');
    expect(nextMarkTime(timeline, 0.5)).toBeCloseTo(1.7);
  });

  it('fails a malformed cast with the file and the line of the bad event', () => {
    const text = writeCast(cast).replace('[5,"o","a b\\r\\n"]', '[5,"x","a b"]');
    expect(() => checkCast('s/session.cast', text)).toThrow(/s\/session\.cast:4: event/);
    expect(() => checkCast('s/session.cast', '{"version":2,"width":80,"height":24}\n[1,"o"\n')).toThrow(/s\/session\.cast:2: not valid JSON/);
    expect(() => checkCast('s/session.cast', '{"version":1,"width":80,"height":24}\n')).toThrow(/s\/session\.cast:1: header/);
  });

  it('fails a malformed scenario with the file and the line', () => {
    const yaml = 'session: x\ntitle: X\nmesh: istio\nnamespace: default\nprompt: "$ "\nplaceholders: {}\nstates:\n  - id: a\n    description: A\nwalkthrough: [ls]\ncommands:\n  - run: ls\n    output: {a: "x"}\n';
    expect(() => checkScenario('x/scenario.yaml', yaml)).toThrow(SessionDataError);
    expect(() => checkScenario('x/scenario.yaml', yaml)).toThrow(/x\/scenario\.yaml:13:\d+: .*unknown field "output"/);
    const badState = yaml.replace('output: {a: "x"}', 'outputs: {b: "x"}');
    expect(() => checkScenario('x/scenario.yaml', badState)).toThrow(/x\/scenario\.yaml:13:\d+: output for unknown state "b"/);
    expect(checkScenario('x/scenario.yaml', badState.replace('{b: "x"}', '{a: "x"}')).mesh).toBe('istio');
  });

  it('requires the mesh a scenario was recorded with, by name', () => {
    const yaml = 'session: x\ntitle: X\nmesh: istio\nnamespace: default\nprompt: "$ "\nplaceholders: {}\nstates:\n  - id: a\n    description: A\nwalkthrough: [ls]\ncommands:\n  - run: ls\n    outputs: {a: "x"}\n';
    expect(checkScenario('x/scenario.yaml', yaml.replace('mesh: istio', 'mesh: linkerd')).mesh).toBe('linkerd');
    expect(() => checkScenario('x/scenario.yaml', yaml.replace('mesh: istio\n', ''))).toThrow(/^x\/scenario\.yaml:1:1: \(top level\): missing required field "mesh"$/);
    // Ambient is a mode of Istio, not a mesh of its own; a name's case matters.
    expect(() => checkScenario('x/scenario.yaml', yaml.replace('mesh: istio', 'mesh: ambient'))).toThrow(/^x\/scenario\.yaml:3:7: \/mesh: "ambient" is not one of "istio", "linkerd"$/);
    expect(() => checkScenario('x/scenario.yaml', yaml.replace('mesh: istio', 'mesh: Linkerd'))).toThrow(/\/mesh: "Linkerd" is not one of "istio", "linkerd"/);
    expect(() => checkScenario('x/scenario.yaml', yaml.replace('mesh: istio', 'mesh: [istio]'))).toThrow(/\/mesh: \["istio"\] is not one of/);
  });

  it('composes a cast the scenario agrees with, and notices one it does not', () => {
    const composed = composeCast(TINY);
    expect(castDisagreement(TINY, composed)).toBeUndefined();
    const tampered = {...composed, events: composed.events.map((e) => (e[2] === 'web 2/2\r\n' ? [e[0], e[1], 'web 9/9\r\n'] as typeof e : e))};
    expect(castDisagreement(TINY, tampered)).toMatch(/differs/);
  });
});

describe.each(SESSION_NAMES)('recorded session %s', (name) => {
  it('passes the build-time checks', () => {
    const {scenario, cast: recorded} = loadSession(name);
    expect(scenario.session).toBe(name);
    expect(recorded.events.filter((e) => e[1] === 'm').length).toBe(scenario.walkthrough.length);
  });
});
