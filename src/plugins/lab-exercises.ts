import {readdirSync, readFileSync} from 'node:fs';
import {basename, join, relative} from 'node:path';
import type {LoadContext, Plugin} from '@docusaurus/types';
import {checkYamlLabFile, LabDataError} from '../labs/check-lab-file';
import type {LabContext} from '../labs/lab-context';
import {checkExercise, type Exercise} from '../simulator/exercises';

/**
 * Reads the exercises in labs/exercises/, fails the build on a malformed one (file, line
 * and field) and on a broken one: every check must pass on the solution, and the starting
 * YAML must fail at least one (else there is nothing to do). Hands them to the pages as
 * plugin data.
 */
export default function labExercises(context: LoadContext): Plugin {
  const directory = join(context.siteDir, 'labs', 'exercises');
  return {
    name: 'lab-exercises',
    getPathsToWatch: () => [join(directory, '*.yaml'), join(context.siteDir, 'labs', 'contexts', '*.yaml')],
    async loadContent() {
      return loadExercises(context.siteDir);
    },
    async contentLoaded({content, actions}) {
      actions.setGlobalData(content);
    },
  };
}

/** All exercises by id, checked; throws an Error listing every problem. */
export function loadExercises(siteDir: string): Record<string, Exercise> {
  const directory = join(siteDir, 'labs', 'exercises');
  const schema = readSchema(siteDir, 'exercise.schema.json');
  const contexts = loadContexts(siteDir);
  const exercises: Record<string, Exercise> = {};
  const failures: string[] = [];
  for (const file of readdirSync(directory).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const path = join(directory, file);
    const shown = relative(siteDir, path);
    try {
      const exercise = checkYamlLabFile(shown, readFileSync(path, 'utf8'), schema) as Exercise;
      const expected = basename(file).replace(/\.ya?ml$/, '');
      if (exercise.id !== expected) throw new LabDataError(`${shown}: id "${exercise.id}" must match the file name "${expected}"`);
      const lab = contexts.get(exercise.context);
      if (!lab) throw new LabDataError(`${shown}: context "${exercise.context}" is not a file in labs/contexts/`);
      const solution = checkExercise(exercise, exercise.solution, lab.resources).filter((r) => !r.passed);
      if (solution.length > 0) {
        throw new LabDataError(`${shown}: the solution fails check(s):\n${solution.map((r) => `  - ${r.criterion}: ${r.reason}`).join('\n')}`);
      }
      if (checkExercise(exercise, exercise.start, lab.resources).every((r) => r.passed)) {
        throw new LabDataError(`${shown}: the starting YAML already passes every check`);
      }
      exercises[exercise.id] = exercise;
    } catch (error) {
      failures.push(error instanceof LabDataError ? error.message : `${shown}: ${String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`Malformed or broken lab exercise(s):\n${failures.join('\n')}`);
  return exercises;
}

function readSchema(siteDir: string, name: string): object {
  return JSON.parse(readFileSync(join(siteDir, 'schemas', 'labs', name), 'utf8')) as object;
}

function loadContexts(siteDir: string): Map<string, LabContext> {
  const directory = join(siteDir, 'labs', 'contexts');
  const schema = readSchema(siteDir, 'context.schema.json');
  const contexts = new Map<string, LabContext>();
  for (const file of readdirSync(directory).filter((f) => /\.ya?ml$/.test(f))) {
    const lab = checkYamlLabFile(relative(siteDir, join(directory, file)), readFileSync(join(directory, file), 'utf8'), schema) as LabContext;
    contexts.set(lab.name, lab);
  }
  return contexts;
}
