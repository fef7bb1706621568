/**
 * `meshdive validate`: the engine on files, for CI and terminals. Bundled to
 * dist/meshdive.js by scripts/cli/build.mjs; bin/meshdive.js launches it.
 */
import {CLI_DEFAULT_MAX_BYTES, contextFromYaml, validateYaml} from '../engine/index';
import {parseArgs, USAGE, UsageError, type ValidateCommand} from './args';
import {ReportWriter} from './format';
import {loadContext} from './context';
import {escapeControls, escapeLine} from './escape';
import {inputName, IoError, readInput} from './io';
import {holdsNoObjects, noObjectsDiagnostic} from './no-objects';

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
      process.stderr.write(`meshdive: ${escapeLine(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof IoError) {
      process.stderr.write(`meshdive: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`meshdive: internal error: ${escapeControls(error instanceof Error ? error.stack ?? error.message : String(error))}\n`);
    return 2;
  }
}

async function runValidate(command: ValidateCommand): Promise<number> {
  const maxBytes = command.maxBytes ?? CLI_DEFAULT_MAX_BYTES;
  const context = command.contextPath === undefined ? undefined : await loadContext(command.contextPath, maxBytes);
  // One after another: standard input and FIFOs are read while nothing else holds their limit's worth.
  const inputs: {file: string; text: string}[] = [];
  for (const file of command.files) inputs.push({file, text: await readInput(file, maxBytes)});
  // Files of one run are applied together, so they may refer to each other.
  const values = inputs.length > 1 ? inputs.map(({text}) => contextFromYaml(text, maxBytes)) : [];
  // kubectl refuses an apply only when none of its files holds an object; an empty file beside others is fine.
  const noObjects = inputs.every(({text}) => holdsNoObjects(text));
  const writer = new ReportWriter(process.stdout, command.format);
  for (let i = 0; i < inputs.length; i++) {
    const {file, text} = inputs[i]!;
    const companions = values.filter((_, j) => j !== i).flat();
    const {diagnostics} = validateYaml(text, {maxBytes, context, companions: companions.length ? companions : undefined, documents: false});
    if (noObjects && !diagnostics.some((d) => d.severity === 'error')) diagnostics.unshift(noObjectsDiagnostic());
    inputs[i]!.text = '';
    // Each file's report is written as soon as it is known, diagnostic by diagnostic.
    await writer.file({file: inputName(file), diagnostics});
  }
  await writer.end();
  return writer.counts.error > 0 ? 1 : 0;
}

/** The engine itself, for in-process use of the bundle (e.g. the benchmark). */
export {validateYaml} from '../engine/index';
