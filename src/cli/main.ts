/**
 * `meshdive validate`: the engine on files, for CI and terminals. Bundled to
 * dist/meshdive.js by scripts/cli/build.mjs; bin/meshdive.js launches it.
 */
import {CLI_DEFAULT_MAX_BYTES, contextFromYaml, validateYaml} from '../engine/index';
import {parseArgs, USAGE, UsageError, type ValidateCommand} from './args';
import {countBySeverity, formatJson, formatText, type FileReport} from './format';
import {loadContext} from './context';
import {IoError, readInput} from './io';

declare const MESHDIVE_VERSION: string;

export async function main(argv: readonly string[]): Promise<number> {
  // `meshdive record` (for authors with a cluster) has its own options and usage.
  // Loaded only when used: the recorder brings Ajv, which `validate` must not pay for at start-up.
  if (argv[0] === 'record') return (await import('../terminal/recorder/cli')).runRecord(argv.slice(1));
  if (argv[0] === 'route') return (await import('../simulator/cli')).runRoute(argv.slice(1));
  try {
    const command = parseArgs(argv);
    if (command.command === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command.command === 'version') {
      process.stdout.write(`${typeof MESHDIVE_VERSION === 'string' ? MESHDIVE_VERSION : 'dev'}\n`);
      return 0;
    }
    return await runValidate(command);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`meshdive: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof IoError) {
      process.stderr.write(`meshdive: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`meshdive: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 2;
  }
}

async function runValidate(command: ValidateCommand): Promise<number> {
  const maxBytes = command.maxBytes ?? CLI_DEFAULT_MAX_BYTES;
  const context = command.contextPath === undefined ? undefined : await loadContext(command.contextPath, maxBytes);
  const inputs = await Promise.all(command.files.map(async (file) => ({file, text: await readInput(file)})));
  // Files of one run are applied together, so they may refer to each other.
  const values = inputs.length > 1 ? inputs.map(({text}) => contextFromYaml(text, maxBytes)) : [];
  const reports: FileReport[] = inputs.map(({file, text}, i) => {
    const companions = values.filter((_, j) => j !== i).flat();
    const result = validateYaml(text, {maxBytes, context, companions: companions.length ? companions : undefined, documents: false});
    return {file: file === '-' ? '<stdin>' : file, diagnostics: result.diagnostics};
  });
  process.stdout.write(command.format === 'json' ? formatJson(reports) : formatText(reports));
  return countBySeverity(reports).error > 0 ? 1 : 0;
}


/** The engine itself, for in-process use of the bundle (e.g. the benchmark). */
export {validateYaml} from '../engine/index';
