/**
 * Every recorded `kubectl get` and istioctl proxy-status, version, proxy-config cluster|endpoint
 * and analyze of a session is the printers' output for
 * its state's cluster model. Where the model cannot yet say what the recording shows (no clock
 * for AGE, objects without the fields a live API server returns), the case is listed below as a
 * known mismatch and expected to fail, so that it must be taken off the list once the model holds it.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../../src/terminal/check-session';
import {computedOutputs, stateModels, withAnalyses} from '../../../src/terminal/cluster-state';
import {parseGet} from '../../../src/terminal/printers/get';
import {printFromModel} from '../../../src/terminal/printers/index';
import {coversIstioctl} from '../../../src/terminal/printers/istioctl';
import {SESSION_NAMES} from '../scenarios';

/** Recorded outputs the model cannot yet reproduce, by `session run`: none today. */
const KNOWN_MISMATCHES: Record<string, {states: string[]; why: string}> = {};

interface Case {
  session: string;
  state: string;
  run: string;
  recorded: string;
  printed: ReturnType<typeof printFromModel>;
}

function cases(): Case[] {
  return SESSION_NAMES.flatMap((session) => {
    const dir = `labs/sessions/${session}`;
    const scenario = checkScenario(`${dir}/scenario.yaml`, readFileSync(`${dir}/scenario.yaml`, 'utf8'), {computed: 'skip'});
    const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
    const models = withAnalyses(scenario, stateModels(scenario, read), read);
    return scenario.commands
      .filter((command) => parseGet(command.run, scenario.namespace, scenario.placeholders) !== undefined || coversIstioctl(command.run, scenario))
      .flatMap((command) => Object.entries(command.outputs).map(([state, recorded]) => ({
        session, state, run: command.run, recorded, printed: printFromModel(command.run, scenario, models[state]!),
      })));
  });
}

const all = cases();

describe('recorded kubectl get and istioctl outputs are what the printers print for the state\'s model', () => {
  it('covers the sessions\' kubectl get commands', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it('covers the sessions\' istioctl proxy-status, version and proxy-config cluster|endpoint outputs', () => {
    const istioctl = all.filter((c) => /^istioctl (proxy-status|version|proxy-config)/.test(c.run));
    expect(istioctl.length).toBeGreaterThanOrEqual(14);
    expect(all.filter((c) => c.run.startsWith('istioctl analyze')).length).toBeGreaterThanOrEqual(10);
  });

  for (const c of all) {
    const known = KNOWN_MISMATCHES[`${c.session} ${c.run}`];
    const title = `${c.session} [${c.state}] ${c.run}`;
    const check = (): void => {
      expect(c.printed?.kind === 'gap' ? c.printed.reason : undefined).toBeUndefined();
      expect(c.printed?.kind === 'printed' ? c.printed.text : undefined).toBe(c.recorded);
    };
    if (known?.states.includes(c.state)) it.fails(`${title} (known: ${known.why})`, check);
    else it(title, check);
  }
});

describe('every recorded output is either the printers\' or marked hand-written, with why', () => {
  for (const session of SESSION_NAMES) {
    it(session, () => {
      const dir = `labs/sessions/${session}`;
      const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
      const scenario = checkScenario(`${dir}/scenario.yaml`, read('scenario.yaml'), {computed: 'skip'});
      const models = withAnalyses(scenario, stateModels(scenario, read), read);
      // What the build computes node-side (linkerd install's apply, istioctl analyze) counts as printed.
      const computed = new Map(computedOutputs(scenario, read).map(({command, state, text}) => [`${command} ${state}`, text]));
      const printedEverywhere = (index: number, run: string, outputs: Record<string, string>): boolean =>
        Object.entries(outputs).every(([state, recorded]) => {
          if (computed.get(`${index} ${state}`) === recorded) return true;
          const printed = printFromModel(run, scenario, models[state]!);
          return printed?.kind === 'printed' && printed.text === recorded;
        });
      const verdicts = scenario.commands.map((command, index) => ({run: command.run, marked: command.handWritten !== undefined, printed: printedEverywhere(index, command.run, command.outputs)}));
      // A marked command the printers now print must lose its mark; an unmarked one must be printed.
      expect(verdicts.filter((v) => v.marked === v.printed)).toEqual([]);
    });
  }
});

