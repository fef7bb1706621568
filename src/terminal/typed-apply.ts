/**
 * A typed `kubectl apply -f FILE` of a file in the session's working directory (printers/workdir.ts),
 * which the recording may lack in that spelling or at all: kubectl's lines computed against the current
 * state's model (printers/kubectl-apply.ts), and the state the cluster is then in. The session holds only
 * recorded states, so a change is answered when exactly one state a recorded command moves to from
 * here is this state with the file applied (every other object as it was); otherwise it is refused,
 * since the cluster would be in a state the recording never saw. Nothing changed stays put.
 */
import type {Scenario} from './scenario';
import {applyFilePath, workdirFiles, workdirWords} from './printers/workdir';
import {appliedObjects, applyToModel, holdsApplied} from './printers/kubectl-apply';
import {ModelGap, type StateModel} from './printers/model';

export type TypedApply = {text: string; movedTo?: string} | {gap: string};

export function typedApply(line: string, scenario: Scenario, models: Readonly<Record<string, StateModel>>, stateId: string): TypedApply | undefined {
  const model = models[stateId];
  if (model?.workdir === undefined) return undefined;
  const args = workdirWords(line, scenario.placeholders);
  const path = args && applyFilePath(args);
  if (path === undefined || path === '-') return undefined;
  try {
    const files = workdirFiles(model, path);
    // A missing path is the builder's error, printed with the other workdir answers.
    if (!files) return undefined;
    const applied = applyToModel(appliedObjects(files.flatMap((file) => file.documents), scenario.namespace), model);
    // Nothing sent, or a patch the server's defaulting undoes (a custom resource's defaulted list): the state stays.
    if (applied.changed.length === 0 || holdsApplied(applied, model, model)) return {text: applied.text};
    const next = new Set(scenario.commands.flatMap((command) => (command.moves?.[stateId] === undefined ? [] : [command.moves[stateId]!])));
    const reached = [...next].filter((id) => models[id] !== undefined && holdsApplied(applied, model, models[id]!));
    if (reached.length !== 1) {
      return {gap: `kubectl apply -f ${path} would leave the cluster in a state this recording ${reached.length === 0 ? 'never reached' : 'cannot tell apart from another'} (${applied.text.trim().split('\n').join('; ')})`};
    }
    return {text: applied.text, movedTo: reached[0]};
  } catch (error) {
    if (error instanceof ModelGap) return {gap: error.message};
    throw error;
  }
}
