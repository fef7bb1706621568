/**
 * The "Try it" shell's brain: matches what the learner typed to a recorded
 * command and answers with the output recorded in the current cluster state.
 * Commands that changed the real cluster move the session to the next state.
 * Never invents output: a command the recording lacks gets an honest refusal.
 */
import {normalizeCommand, type NormalizeContext} from './normalize';
import {resolveRun, type Scenario, type ScenarioCommand} from './scenario';

export type Reply =
  | {kind: 'output'; text: string; command: ScenarioCommand; movedTo?: string}
  | {kind: 'unknown'; text: string}
  | {kind: 'not-in-state'; text: string}
  | {kind: 'builtin'; name: 'help' | 'hint' | 'clear' | 'reset' | 'empty'; text: string};

export class ScenarioSession {
  private stateId: string;
  /** Walkthrough steps done: the learner's place in the recorded story. */
  private progress = 0;
  private readonly context: NormalizeContext;
  private readonly byKey: Map<string, ScenarioCommand>;

  constructor(readonly scenario: Scenario) {
    this.stateId = scenario.states[0]!.id;
    this.context = {namespace: scenario.namespace, placeholders: scenario.placeholders};
    this.byKey = new Map(scenario.commands.map((command) => [normalizeCommand(command.run, this.context), command]));
  }

  get state(): string {
    return this.stateId;
  }

  /** The recorded command a typed line means, if the recording has it. */
  match(line: string): ScenarioCommand | undefined {
    return this.byKey.get(normalizeCommand(line, this.context));
  }

  /** The commands this session can answer, as a learner would type them. */
  commandLines(): string[] {
    return [...new Set(this.scenario.commands.map((command) => resolveRun(this.scenario, command.run)))];
  }

  run(line: string): Reply {
    const trimmed = line.trim();
    const builtin = this.builtin(trimmed);
    if (builtin) return builtin;
    const command = this.match(trimmed);
    if (!command) return {kind: 'unknown', text: this.unknownText(trimmed)};
    const output = command.outputs[this.stateId];
    if (output === undefined) {
      const state = this.scenario.states.find((s) => s.id === this.stateId);
      return {kind: 'not-in-state', text: `This recording has no output for that command in the current state (${state?.description ?? this.stateId}).\nType "hint" for the next command worth running, or "reset" to start over.\n`};
    }
    this.advanceWalkthrough(command);
    const movedTo = command.moves?.[this.stateId];
    if (movedTo) this.stateId = movedTo;
    return {kind: 'output', text: output, command, movedTo};
  }

  /** Tab completion: the session's commands (and built-ins) that continue what was typed, `k` alias included. */
  complete(prefix: string): string[] {
    const typed = prefix.replace(/^\s+/, '').replace(/\s+/g, ' ');
    const lines = [...this.commandLines(), 'help', 'hint', 'clear', 'reset'];
    const viaAlias = /^k( |$)/.test(typed);
    return lines
      .map((line) => (viaAlias && line.startsWith('kubectl ') ? `k${line.slice('kubectl'.length)}` : line))
      .filter((line) => line.startsWith(typed) && line !== typed);
  }

  reset(): void {
    this.stateId = this.scenario.states[0]!.id;
    this.progress = 0;
  }

  /** Running the walkthrough's next step (or a later one) moves the learner's place past it. */
  private advanceWalkthrough(command: ScenarioCommand): void {
    for (let i = this.progress; i < this.scenario.walkthrough.length; i++) {
      if (this.match(this.scenario.walkthrough[i]!) === command) {
        this.progress = i + 1;
        return;
      }
    }
  }

  /** The next walkthrough command after the learner's place that the current state can answer. */
  hint(): string | undefined {
    for (const run of this.scenario.walkthrough.slice(this.progress)) {
      const command = this.match(run);
      if (command && command.outputs[this.stateId] !== undefined) return resolveRun(this.scenario, run);
    }
    return undefined;
  }

  private builtin(line: string): Reply | undefined {
    switch (line) {
      case '':
        return {kind: 'builtin', name: 'empty', text: ''};
      case 'help':
        return {kind: 'builtin', name: 'help', text: this.helpText()};
      case 'hint': {
        const next = this.hint();
        return {kind: 'builtin', name: 'hint', text: next ? `Try: ${next}\n` : 'You have run every command of this session. Type "reset" to start over.\n'};
      }
      case 'clear':
        return {kind: 'builtin', name: 'clear', text: ''};
      case 'reset':
        this.reset();
        return {kind: 'builtin', name: 'reset', text: 'Session reset: the cluster is back in its first recorded state.\n'};
      default:
        return undefined;
    }
  }

  private helpText(): string {
    return [
      `This shell replays a recorded session (${this.scenario.title}); no real cluster is involved.`,
      'It answers these commands, typed any way kubectl and istioctl accept them (k, vs, dr, -n default, ...):',
      ...this.commandLines().map((line) => `  ${line}`),
      'Built-ins: help, hint (next command worth running), clear (or Ctrl+L), reset (start over).',
      'Keys: Up/Down history, Tab completes, Ctrl+C cancels the line.',
      '',
    ].join('\n');
  }

  private unknownText(line: string): string {
    const unresolved = /<[a-z][a-z0-9-]*>/i.exec(line);
    const why = unresolved
      ? `${unresolved[0]} is a placeholder: replace it with a real name (kubectl get pods lists them).`
      : `This recording has no output for "${line}", so it will not make one up.`;
    return [why, 'This session can run:', ...this.commandLines().map((l) => `  ${l}`), ''].join('\n');
  }
}
