/**
 * The `meshdive` command line: picks the command and runs it through the one error path
 * (command.ts). Bundled to dist/meshdive.js by scripts/cli/build.mjs; bin/meshdive.js launches it.
 *
 * `validate` is loaded with the dispatcher, as it is what CI runs on every commit; the other
 * commands load when used, so that its start-up pays for none of their module initialisation
 * (and none of the recorder's Ajv).
 */
import {runCommand, type CliCommand} from './command';
import {usageErrorReport} from './options';
import {USAGE, validateCommand} from './commands/validate';
import {kindsClassified} from '../engine/index';
import {useLauncher} from './parallel';

declare const MESHDIVE_VERSION: string;

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  validate: async () => validateCommand,
  analyze: async () => (await import('./commands/analyze')).analyzeCommand,
  route: async () => (await import('./commands/route')).routeCommand,
  record: async () => (await import('./commands/record')).recordCommand,
};

const COMMAND_NAMES = Object.keys(COMMANDS).map((name) => JSON.stringify(name)).join(', ');

/** `launcher`: the script that started the bundle (bin/meshdive.js), which worker threads run too. */
export async function main(argv: readonly string[], {launcher}: {launcher?: string} = {}): Promise<number> {
  useLauncher(launcher);
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (first === '--version') {
    process.stdout.write(`${typeof MESHDIVE_VERSION === 'string' ? MESHDIVE_VERSION : 'dev'}\n`);
    return 0;
  }
  const load = first !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (load === undefined) {
    const problem = first === undefined ? `missing command: expected one of ${COMMAND_NAMES}` : `unknown command ${JSON.stringify(first)}: expected one of ${COMMAND_NAMES}`;
    process.stderr.write(usageErrorReport('meshdive', problem, USAGE));
    return 2;
  }
  commandsRun.add(first!);
  return runCommand(await load(), rest);
}

const commandsRun = new Set<string>();

/**
 * What this run used of the bundle, for the launcher's V8 code cache: the commands and the
 * engine's families and kinds (named by the catalog). The cache holds the functions the runs that
 * wrote it compiled; the launcher re-saves it when a run used a part it does not cover.
 */
export function codeCacheParts(): string[] {
  return [...[...commandsRun].sort(), ...kindsClassified()];
}

/** A worker thread's entry (parallel.ts), called by the launcher when it runs as one. */
export {isShareWorker, serveShare} from './parallel';

/** The engine itself, for in-process use of the bundle (e.g. the benchmark). */
export {validateYaml} from '../engine/index';
