/**
 * The hand-written messages of `kubectl apply -f FILE` in every recorded session agree with the
 * session's cluster model (kubectl v1.33 apply.go printObjectAndApply's `created`, `configured`,
 * `unchanged`): an object `created` is absent from the state the command ran in and present in the
 * state it moves to; `configured` is present in both with another spec; `unchanged` is present with
 * the spec the file gives it, the one a `created` or `configured` of the same command wrote. No printer
 * writes these lines (the file's text is not in the model), so this check is what keeps them honest.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../src/terminal/check-session';
import {stateModels} from '../../src/terminal/cluster-state';
import {splitWords} from '../../src/terminal/shell-words';
import type {ModelObject, StateModel} from '../../src/terminal/printers/model';
import {SESSION_NAMES} from './scenarios';

/** `RESOURCE[.GROUP]/NAME VERB`, as kubectl names an object it applied. */
const LINE = /^([a-z0-9]+)(?:\.([a-z0-9.-]+))?\/([a-z0-9.-]+) (created|configured|unchanged)$/;

/** What apply compares: the object without the fields the API server owns. */
function content(object: ModelObject): string {
  const {metadata, status: _status, ...rest} = object.value as {metadata?: Record<string, unknown>; status?: unknown};
  const {creationTimestamp: _c, generation: _g, resourceVersion: _r, uid: _u, managedFields: _m, ...ownMetadata} = metadata ?? {};
  return JSON.stringify({...rest, metadata: ownMetadata});
}

function find(model: StateModel, resource: string, group: string, name: string): ModelObject | undefined {
  return model.objects.find((o) => o.kind.toLowerCase() === resource && o.group === group && o.name === name);
}

interface Verdict {
  where: string;
  problem: string;
}

function verdicts(session: (typeof SESSION_NAMES)[number]): {checked: number; problems: Verdict[]} {
  const dir = `labs/sessions/${session}`;
  const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
  const scenario = checkScenario(`${dir}/scenario.yaml`, read('scenario.yaml'), {computed: 'skip'});
  const models = scenario.cluster ? stateModels(scenario, read) : undefined;
  const problems: Verdict[] = [];
  let checked = 0;
  for (const command of scenario.commands) {
    const words = splitWords(command.run).map((w) => (w.kind === 'word' ? w.text : '|'));
    if (words[0] !== 'kubectl' || words[1] !== 'apply' || command.handWritten === undefined || words.includes('--server-side') || !models) continue;
    // What the file holds: each object's content as a created or configured move left it.
    const written = new Map<string, string>();
    const lines = Object.entries(command.outputs).flatMap(([state, text]) => text.trimEnd().split('\n').map((line) => ({state, line})));
    for (const {state, line} of lines) {
      const where = `${session}: "${command.run}" in state ${state}: ${line}`;
      const match = LINE.exec(line);
      if (!match) {
        problems.push({where, problem: 'not a line kubectl apply writes for an object'});
        continue;
      }
      const [, resource, group = '', name, verb] = match as unknown as [string, string, string | undefined, string, string];
      const after = command.moves?.[state];
      const before = find(models[state]!, resource, group, name);
      const moved = after === undefined ? undefined : find(models[after]!, resource, group, name);
      checked++;
      if (verb === 'unchanged') {
        if (!before) problems.push({where, problem: 'the state does not hold the object'});
        else if (after !== undefined) problems.push({where, problem: `the command moves the state to ${after}, which an unchanged object would not`});
        continue;
      }
      if (after === undefined || !moved) {
        problems.push({where, problem: `a ${verb} object must be held by the state the command moves to`});
        continue;
      }
      if (verb === 'created' && before) problems.push({where, problem: 'the state already holds the object'});
      if (verb === 'configured' && (!before || content(before) === content(moved))) problems.push({where, problem: 'a configured object is held before and changed by the move'});
      const key = `${resource}/${group}/${name}`;
      const previous = written.get(key);
      if (previous !== undefined && previous !== content(moved)) problems.push({where, problem: 'the file gives the object two contents'});
      written.set(key, content(moved));
    }
    for (const {state, line} of lines) {
      const match = LINE.exec(line);
      if (!match || match[4] !== 'unchanged') continue;
      const object = find(models[state]!, match[1]!, match[2] ?? '', match[3]!);
      const file = written.get(`${match[1]}/${match[2] ?? ''}/${match[3]}`);
      if (object && file !== undefined && content(object) !== file) {
        problems.push({where: `${session}: "${command.run}" in state ${state}: ${line}`, problem: 'the state holds another content than the file applies'});
      }
    }
  }
  return {checked, problems};
}

describe('hand-written kubectl apply messages agree with the cluster model', () => {
  const all = SESSION_NAMES.map((session) => ({session, ...verdicts(session)}));

  it('checks the applies of the ambient and Istio sessions, and those of the others', () => {
    const count = (name: string): number => all.find((s) => s.session === name)!.checked;
    expect(count('ambient-install')).toBe(2);
    expect(count('traffic-not-routing')).toBeGreaterThanOrEqual(8);
    // The Linkerd sessions' applies are no longer hand-written: typed-apply.ts computes them from their workdir files.
    expect(all.reduce((sum, s) => sum + s.checked, 0)).toBeGreaterThanOrEqual(14);
  });

  for (const {session, problems} of all) {
    it(session, () => {
      expect(problems).toEqual([]);
    });
  }
});
