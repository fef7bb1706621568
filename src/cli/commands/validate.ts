/**
 * `meshdive validate`: the engine on files, for CI and terminals (kubectl apply plus istioctl
 * analyze, without a cluster). Its usage is also the CLI's general usage (`meshdive --help`).
 */
import {CLI_DEFAULT_MAX_BYTES, contextFromYaml} from '../../engine/index';
import type {CliCommand} from '../command';
import {loadContext} from '../context';
import {ReportWriter} from '../format';
import {inputName, readInput} from '../io';
import {holdsNoObjects, noObjectsDiagnostic} from '../no-objects';
import {parseOptions, parseSize, UsageError} from '../options';
import {threadsFor, validateOnThreads} from '../parallel';

export const USAGE = `Usage: meshdive validate [options] FILE...
       meshdive analyze [options] FILE|DIR...   (istioctl analyze --use-kube=false; see meshdive analyze --help)
       meshdive record --session NAME [options] -- COMMAND...   (see meshdive record --help)
       meshdive route --request "GET http://HOST/ [-H name:value]" [options] FILE...   (see meshdive route --help)

Validates Kubernetes/Istio YAML as an Istio 1.30 cluster would (kubectl apply
plus istioctl analyze), without a cluster.

Arguments:
  FILE                 YAML file to validate; - reads standard input

Options:
  --format text|json   output format (default: text)
                         text: file:line:column: severity code: message
                         json: {"files":[{"file":...,"diagnostics":[...]}]}
  --context PATH       the cluster: a directory of YAML files, one YAML file, or a
                       lab context file (labs/contexts/NAME.yaml) with its Services,
                       Deployments, Namespaces, DestinationRules...; references are checked
                       against them as against a live cluster
  --max-bytes N        largest accepted input per file (and context file), in bytes;
                       accepts K, M, G suffixes (default: 64M); reading a larger one
                       stops at the limit with an I/O error (exit 2)
  --threads N          threads that check one file's documents (default: 1);
                       the report is the same whatever the number
  -h, --help           show this help
  --version            show the version

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.
A run whose inputs hold no object (empty, or only comments and ---) is an error,
exit 1, as kubectl apply fails with "no objects passed to apply"; so is an empty
--context (exit 2). Text output shows control characters from the input escaped (\\x1b).
`;

const OPTIONS = {
  format: {type: 'string'},
  context: {type: 'string'},
  'max-bytes': {type: 'string'},
  threads: {type: 'string'},
  help: {type: 'boolean', short: 'h'},
} as const;

export interface ValidateOptions {
  format: 'text' | 'json';
  contextPath?: string;
  maxBytes: number;
  files: string[];
  /** Threads per file, when given (--threads). */
  threads?: number;
}

/** The options of a run, or 'help'. */
export function parseValidateArgs(argv: readonly string[]): ValidateOptions | 'help' {
  const {values, positionals} = parseOptions(argv, OPTIONS);
  if (values.help) return 'help';
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
  const maxBytes = values['max-bytes'] === undefined ? CLI_DEFAULT_MAX_BYTES : parseSize('--max-bytes', values['max-bytes']);
  if (positionals.length === 0) throw new UsageError('no input files (use - to read standard input)');
  if (positionals.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be given only once');
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64 && /^[0-9]+$/.test(values.threads!))) {
    throw new UsageError(`--threads must be a whole number from 1 to 64, got ${JSON.stringify(values.threads)}`);
  }
  return {format, contextPath: values.context, maxBytes, files: positionals, ...(threads !== undefined && {threads})};
}

export const validateCommand: CliCommand = {
  prefix: 'meshdive',
  usage: USAGE,
  async run(argv) {
    const options = parseValidateArgs(argv);
    if (options === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    return validate(options);
  },
};

async function validate({format, contextPath, maxBytes, files, threads}: ValidateOptions): Promise<number> {
  const context = contextPath === undefined ? undefined : await loadContext(contextPath, maxBytes);
  // One after another: standard input and FIFOs are read while nothing else holds their limit's worth.
  const inputs: {file: string; text: string}[] = [];
  for (const file of files) inputs.push({file, text: await readInput(file, maxBytes)});
  // Files of one run are applied together, so they may refer to each other.
  const values = inputs.length > 1 ? inputs.map(({text}) => contextFromYaml(text, maxBytes)) : [];
  // kubectl refuses an apply only when none of its files holds an object; an empty file beside others is fine.
  const noObjects = inputs.every(({text}) => holdsNoObjects(text));
  const writer = new ReportWriter(process.stdout, format);
  for (let i = 0; i < inputs.length; i++) {
    const {file, text} = inputs[i]!;
    const companions = values.filter((_, j) => j !== i).flat();
    const options = {maxBytes, context, companions: companions.length ? companions : undefined, documents: false};
    const {diagnostics} = await validateOnThreads(text, options, threadsFor(threads));
    if (noObjects && !diagnostics.some((d) => d.severity === 'error')) diagnostics.unshift(noObjectsDiagnostic());
    inputs[i]!.text = '';
    // Each file's report is written as soon as it is known, diagnostic by diagnostic.
    await writer.file({file: inputName(file), diagnostics});
  }
  await writer.end();
  return writer.counts.error > 0 ? 1 : 0;
}
