/**
 * The "Try it" shell's brain: matches what the learner typed to a recorded
 * command and answers with the output recorded in the current cluster state.
 * Commands that changed the real cluster move the session to the next state.
 * Never invents output: a command the recording lacks gets an honest refusal.
 */
import {normalizeCommand, podsByDeployment, type NormalizeContext} from './normalize';
import {labelRequest, labelsShown, relabelOutput, type LabelRequest} from './relabel';
import {resolveRun, type Scenario, type ScenarioCommand} from './scenario';
import {splitWords} from './shell-words';
import {rowsNamed} from './table';
import {printFromModel, type StateModel} from './printers/index';
import {MAX_LINE_LENGTH, showControls, truncate} from './user-input';
import {typedApply} from './typed-apply';

export type Reply =
  | {kind: 'output'; text: string; command: ScenarioCommand; movedTo?: string}
  | {kind: 'unknown'; text: string}
  /** Not recorded: printed from the current state's cluster model, as kubectl prints it (src/terminal/printers). */
  | {kind: 'printed'; text: string; movedTo?: string}
  | {kind: 'not-in-state'; text: string}
  | {kind: 'builtin'; name: 'help' | 'hint' | 'clear' | 'reset' | 'empty'; text: string};

/** Abbreviations a learner types, with the words they stand for, as prefixes of a command line. */
const COMPLETION_ALIASES: ReadonlyArray<readonly [short: string, full: string]> = [
  ['k ', 'kubectl '],
  ['istioctl pc ', 'istioctl proxy-config '],
  ['istioctl ps', 'istioctl proxy-status'],
];

/**
 * `istioctl install -y` skips the "Proceed? (y/N)" question the recording answered:
 * the same installation, without that line.
 */
function withoutConfirmation(line: string, output: string): string {
  const words = splitWords(line).flatMap((word) => (word.kind === 'word' ? [word.text] : []));
  const skips = words.some((word) => word === '-y' || /^--skip-confirmation(=true)?$/.test(word));
  if (words[0] !== 'istioctl' || !['install', 'upgrade'].includes(words.find((word) => !word.startsWith('-') && word !== 'istioctl') ?? '') || !skips) return output;
  return output.replace(/^.*Proceed\? \(y\/N\) y\n/m, '');
}

export class ScenarioSession {
  private stateId: string;
  /** Walkthrough steps done: the learner's place in the recorded story. */
  private progress = 0;
  private readonly context: NormalizeContext;
  private readonly byKey: Map<string, ScenarioCommand>;

  /** `models`: each state's cluster (cluster-state.ts stateModels), for commands the printers answer. */
  constructor(readonly scenario: Scenario, private readonly models: Readonly<Record<string, StateModel>> = {}) {
    this.stateId = scenario.states[0]!.id;
    const words = scenario.commands.flatMap((command) => splitWords(resolveRun(scenario, command.run)).flatMap((word) => (word.kind === 'word' ? [word.text] : [])));
    this.context = {namespace: scenario.namespace, placeholders: scenario.placeholders, deploymentPods: podsByDeployment([...Object.values(scenario.placeholders), ...words])};
    this.byKey = new Map(scenario.commands.map((command) => [normalizeCommand(command.run, this.context), command]));
  }

  get state(): string {
    return this.stateId;
  }

  /** The recorded command a typed line means, if the recording has it. */
  match(line: string): ScenarioCommand | undefined {
    if (line.length > MAX_LINE_LENGTH) return undefined;
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
    if (trimmed.length > MAX_LINE_LENGTH) return {kind: 'unknown', text: tooLongText(trimmed.length)};
    const canonical = normalizeCommand(trimmed, this.context);
    const command = this.byKey.get(canonical);
    if (!command) return this.derived(canonical) ?? this.applied(trimmed) ?? this.printed(trimmed, true) ?? {kind: 'unknown', text: this.unknownText(trimmed)};
    const output = command.outputs[this.stateId];
    if (output === undefined) {
      const relabel = this.relabel(canonical);
      if (relabel) return relabel;
      // A state the recording reached without running this command: the printers answer from its model as they would a typed one.
      const printed = this.printed(trimmed);
      if (printed) return printed;
      const state = this.scenario.states.find((s) => s.id === this.stateId);
      return {kind: 'not-in-state', text: `This recording has no output for that command in the current state (${state?.description ?? this.stateId}).\nType "hint" for the next command worth running, or "reset" to start over.\n`};
    }
    return this.answer(command, withoutConfirmation(trimmed, output));
  }

  /**
   * What kubectl would print for a command the recording answers in another form:
   * `kubectl get TYPE NAME...` is the recorded `kubectl get TYPE` table cut down to
   * those rows (kubectl lays out only the rows it prints); `kubectl label` that changes no
   * label, or that --overwrite would need, is told from the labels the recording shows
   * (relabel.ts); `kubectl label ... --overwrite` that sets a new label is the recorded
   * `kubectl label ...`, whose output does not depend on --overwrite then.
   * Anything else, or a name the table lacks, stays unanswered.
   */
  private derived(canonical: string): Reply | undefined {
    const named = namedGet(canonical);
    if (named && !named.flags.some((flag) => flag.startsWith('--output='))) {
      const list = this.byKey.get(['kubectl', 'get', named.type, ...named.flags].join(' '));
      const output = list?.outputs[this.stateId];
      const text = output === undefined ? undefined : rowsNamed(output, named.names);
      if (list && text !== undefined) return {kind: 'output', text, command: list};
    }
    const relabel = this.relabel(canonical);
    if (relabel) return relabel;
    if (/^kubectl label /.test(canonical) && / --overwrite=true/.test(canonical)) {
      const command = this.byKey.get(canonical.replace(' --overwrite=true', ''));
      const output = command?.outputs[this.stateId];
      if (command && output !== undefined && !output.startsWith('error:')) return this.answer(command, output);
    }
    return undefined;
  }

  /**
   * `kubectl label TYPE NAME KEY=VALUE...` whose outcome the labels recorded in the current state
   * decide (nothing to change, or a refusal without --overwrite): kubectl's answer, the state unchanged.
   */
  private relabel(canonical: string): Reply | undefined {
    const request = labelRequest(canonical);
    if (!request) return undefined;
    const printed = this.printedName(request);
    if (!printed) return undefined;
    for (const [key, command] of this.byKey) {
      const output = command.outputs[this.stateId];
      const current = output === undefined ? undefined : labelsShown(key, output, request);
      const text = current && relabelOutput(request, current, printed);
      if (text) return {kind: 'output', text, command};
    }
    return undefined;
  }

  /**
   * The object as kubectl's name printer writes it (`namespace/default`): as a recorded
   * `kubectl label` of it printed it, else by kubectl's rule for the core kinds (kind, then `.group`).
   */
  private printedName(request: LabelRequest): string | undefined {
    const prefix = `kubectl label ${request.type} ${request.name} `;
    for (const [key, command] of this.byKey) {
      if (!key.startsWith(prefix)) continue;
      for (const output of Object.values(command.outputs)) {
        const printed = /^(\S+\/\S+) (?:labeled|not labeled|unlabeled)\n$/.exec(output)?.[1];
        if (printed?.endsWith(`/${request.name}`)) return printed;
      }
    }
    const kind = PRINTED_KINDS[request.type];
    return kind === undefined ? undefined : `${kind}/${request.name}`;
  }

  /** A typed `kubectl apply -f FILE` of the session's files: kubectl's lines, and the recorded state it leaves the cluster in (typed-apply.ts). */
  private applied(line: string): Reply | undefined {
    const applied = typedApply(line, this.scenario, this.models, this.stateId);
    if (!applied) return undefined;
    if ('gap' in applied) return {kind: 'unknown', text: this.unknownText(line, applied.gap)};
    if (applied.movedTo) this.stateId = applied.movedTo;
    return {kind: 'printed', text: applied.text, ...(applied.movedTo ? {movedTo: applied.movedTo} : {})};
  }

  /**
   * A command the recording lacks that a printer derives from the current state's model; a gap in the
   * model is refused, with its reason when `explain` (a line nothing else answers).
   */
  private printed(line: string, explain = false): Reply | undefined {
    const model = this.models[this.stateId];
    const printed = model === undefined ? undefined : printFromModel(line, this.scenario, model);
    if (printed?.kind === 'printed') return {kind: 'printed', text: printed.text};
    if (printed?.kind === 'gap' && explain) return {kind: 'unknown', text: this.unknownText(line, printed.reason)};
    return undefined;
  }

  private answer(command: ScenarioCommand, output: string): Reply {
    this.advanceWalkthrough(command);
    const movedTo = command.moves?.[this.stateId];
    if (movedTo) this.stateId = movedTo;
    return {kind: 'output', text: output, command, movedTo};
  }

  /** Tab completion: the session's commands (and built-ins) that continue what was typed, `k` alias included. */
  complete(prefix: string): string[] {
    if (prefix.length > MAX_LINE_LENGTH) return [];
    const typed = prefix.replace(/^\s+/, '').replace(/\s+/g, ' ');
    const lines = [...this.commandLines(), 'help', 'hint', 'clear', 'reset'];
    // Typed through an alias (`k get`, `istioctl pc r`): complete the full form, shown in the learner's spelling.
    const alias = COMPLETION_ALIASES.find(([short]) => typed.startsWith(short) || typed === short.trimEnd());
    return lines
      .map((line) => (alias && line.startsWith(alias[1]) ? alias[0] + line.slice(alias[1].length) : line))
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

  /** The refusal: why (a placeholder left in, or what the cluster model cannot answer), then what the session runs. */
  private unknownText(line: string, gap?: string): string {
    const unresolved = /<[a-z][a-z0-9-]*>/i.exec(line);
    const why = unresolved
      ? `${unresolved[0]} is a placeholder: replace it with a real name (kubectl get pods lists them).`
      : gap === undefined
        ? `This recording has no output for "${quoted(line)}", so it will not make one up.`
        : `This recording has no output for "${quoted(line)}", so it will not make one up: ${quoted(gap, GAP_LENGTH)}.`;
    return [why, 'This session can run:', ...this.commandLines().map((l) => `  ${l}`), ''].join('\n');
  }
}

/** kubectl's name printer for the core kinds a learner labels: the kind in lower case, then `.group`. */
const PRINTED_KINDS: Readonly<Record<string, string>> = {namespaces: 'namespace', pods: 'pod', services: 'service', deployments: 'deployment.apps'};

/** How much of an unknown line the refusal quotes back. */
const QUOTED_LENGTH = 200;

/** How much of a model gap's reason the refusal shows (it may quote the learner's words). */
const GAP_LENGTH = 600;

/** The learner's line (or a reason quoting it) as the refusal shows it: short, and with its control characters visible. */
function quoted(line: string, length = QUOTED_LENGTH): string {
  const shown = showControls(line);
  return shown.length > length ? `${truncate(shown, length)}…` : shown;
}

function tooLongText(length: number): string {
  return `Line too long (${length} characters; this terminal reads at most ${MAX_LINE_LENGTH}): no command of this recorded session is that long, so it is not run.\nType "help" for the commands it answers.\n`;
}

/**
 * The canonical `kubectl get TYPE NAME... --flag=value...`: its type, names and flags
 * (names never start with `-`); undefined for any other command. Read word by word.
 */
function namedGet(canonical: string): {type: string; names: string[]; flags: string[]} | undefined {
  const [program, verb, type, ...rest] = canonical.split(' ');
  if (program !== 'kubectl' || verb !== 'get' || type === undefined || !/^[a-z0-9.-]+$/.test(type)) return undefined;
  const firstFlag = rest.findIndex((word) => !/^[^-\s]\S*$/.test(word));
  const names = firstFlag < 0 ? rest : rest.slice(0, firstFlag);
  const flags = firstFlag < 0 ? [] : rest.slice(firstFlag);
  if (names.length === 0 || !flags.every((flag) => /^--\S+$/.test(flag))) return undefined;
  return {type, names, flags};
}
