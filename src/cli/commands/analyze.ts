/**
 * `meshdive analyze`: `istioctl analyze --use-kube=false`, offline. The files are the whole
 * cluster, with istioctl's default resources and the mesh config when given; the flags, their
 * defaults, the namespace selection, the output and the exit status follow istioctl 1.30.3's
 * istioctl/pkg/analyze/analyze.go and istioctl/cmd/sysexits.go (see the README's CLI section).
 * Usage errors, for which istioctl exits 64, take the CLI's one usage path (exit 2).
 */
import {ISTIOCTL_ANALYZERS} from '../../engine/analysis/analyzers/all';
import {analyzeIstioctl, CONFIG_ANALYSIS_URL} from '../../engine/analysis/istioctl';
import {goQuote, isIstioMessage, messageTypeByCode, type MessageLevel} from '../../engine/analysis/messages';
import {CLI_DEFAULT_MAX_BYTES} from '../../engine/index';
import {gatherPaths, readPaths, type InputFile, type ReadFile} from '../analyze/files';
import {analyzersAsString} from '../analyze/list';
import {OUTPUT_FORMATS, printMessages, type OutputFormat} from '../analyze/print';
import {atLeast, LEVELS, parseLevel, parseSuppression, selectMessages, type Suppression} from '../analyze/select';
import type {CliCommand} from '../command';
import {escapeLine} from '../escape';
import {IoError, readInput} from '../io';
import {parseOptions, parseSize, UsageError} from '../options';

/** istioctl's exit statuses (istioctl/cmd/sysexits.go). */
export const EXIT = {ok: 0, unknownError: 1, dataError: 65, analyzerFoundIssues: 79} as const;

export const ANALYZE_USAGE = `Usage: meshdive analyze [options] [FILE|DIR|-]...

Analyzes Istio configuration as \`istioctl analyze --use-kube=false\` (Istio 1.30) does,
without a cluster: the files are the whole cluster, with istioctl's default resources
(the istio-ingressgateway Service and Pod in istio-system) and the mesh config.
Directories are read recursively; files ending in .json, .yaml or .yml are read, others
skipped with a note. - reads standard input.

Options:
  -o, --output log|json|yaml        output format (default: log)
      --failure-threshold LEVEL     the least severe level that fails the run, exit 79
                                    (Info, Warning, Error; default: Error)
      --output-threshold LEVEL      the least severe level printed (default: Info)
  -n, --namespace NS                the namespace analyzed, and of resources without one
                                    (default: default)
  -A, --all-namespaces              analyze all namespaces
  -S, --suppress CODE=RESOURCE      suppress a message code on a resource, e.g.
                                    "IST0102=DestinationRule default/primary-dr";
                                    * matches any text; repeatable
      --meshConfigFile FILE         mesh config values to analyze with (an unreadable
                                    or invalid file is ignored, as istioctl ignores it)
      --meshNetworksFile FILE       mesh networks to analyze with (as istioctl's test harness)
      --analyzer NAME               run only this analyzer, e.g.
                                    gateway.ConflictingGatewayAnalyzer; repeatable
      --ignore-unknown              do not fail (exit 65) on documents that cannot be parsed
      --color[=false]               colour the levels (default: on a terminal, unless TERM=dumb)
  -k, --use-kube=false              accepted for istioctl's command lines; no cluster is used
      --timeout DURATION            accepted for istioctl's command lines (nothing waits)
  -L, --list-analyzers              list the analyzers available to run, and stop
  -R, --recursive                   removed in istioctl: says so and exits
      --max-bytes N                 largest accepted input per file (default: 64M)
  -h, --help                        show this help

Output (as istioctl prints it): log lines such as
  Error [IST0101] (VirtualService default/reviews vs.yaml:14) Referenced host+subset in destinationrule not found: "reviews+v4"
or istioctl's message list in JSON or YAML (code, documentationUrl, level, message,
origin, reference). On stderr: "✔ No validation issues found when analyzing ..." when
nothing is printed, and the closing "Error: Analyzers found issues ..." lines.

Exit status (istioctl's): 0 nothing at or above the failure threshold (and always with
-o json or -o yaml, as istioctl); 79 a message at or above it (log output); 65 a file
could not be parsed (log output, without --ignore-unknown); 1 an input cannot be read
or a --suppress value is malformed; 2 usage error (istioctl: 64).
`;

const OPTIONS = {
  output: {type: 'string', short: 'o'},
  'failure-threshold': {type: 'string'},
  'output-threshold': {type: 'string'},
  namespace: {type: 'string', short: 'n'},
  'all-namespaces': {type: 'boolean', short: 'A', goBool: true},
  suppress: {type: 'string', short: 'S', multiple: true},
  meshConfigFile: {type: 'string'},
  meshNetworksFile: {type: 'string'},
  analyzer: {type: 'string', multiple: true},
  'ignore-unknown': {type: 'boolean', goBool: true},
  color: {type: 'boolean', goBool: true},
  'use-kube': {type: 'boolean', short: 'k', goBool: true},
  timeout: {type: 'string'},
  recursive: {type: 'boolean', short: 'R', goBool: true},
  'list-analyzers': {type: 'boolean', short: 'L', goBool: true},
  'max-bytes': {type: 'string'},
  help: {type: 'boolean', short: 'h'},
} as const;

export interface AnalyzeOptions {
  format: OutputFormat;
  failureThreshold: MessageLevel;
  outputThreshold: MessageLevel;
  /** The namespace analyzed; undefined with --all-namespaces. */
  namespace: string | undefined;
  suppress: string[];
  meshConfigFile?: string;
  meshNetworksFile?: string;
  analyzers: string[];
  ignoreUnknown: boolean;
  colour: boolean;
  recursive: boolean;
  listAnalyzers: boolean;
  maxBytes: number;
  args: string[];
}

/** pflag's words for a value its flag refuses. */
const invalidArgument = (value: string, flag: string, problem: string) => `invalid argument ${JSON.stringify(value)} for ${JSON.stringify(flag)} flag: ${problem}`;

function level(flag: string, value: string | undefined, fallback: MessageLevel): MessageLevel {
  if (value === undefined) return fallback;
  const parsed = parseLevel(value);
  if (parsed === undefined) throw new UsageError(invalidArgument(value, flag, `invalid level option (valid values: ${LEVELS.join(', ')})`));
  return parsed;
}

/** The options of a run, or 'help'. `stdoutIsTerminal` and `term` decide the colour default (formatting.IstioctlColorDefault). */
export function parseAnalyzeArgs(argv: readonly string[], environment: {stdoutIsTerminal: boolean; term: string | undefined}): AnalyzeOptions | 'help' {
  const {values, positionals} = parseOptions(argv, OPTIONS);
  if (values.help) return 'help';
  if (values['use-kube'] === true) throw new UsageError('meshdive analyze reads files only, as istioctl analyze --use-kube=false; there is no cluster to use');
  if (values.timeout !== undefined && !/^(?:[0-9]*\.?[0-9]+(?:ns|us|µs|ms|s|m|h))+$|^0$/.test(values.timeout)) {
    throw new UsageError(invalidArgument(values.timeout, '--timeout', 'not a duration such as 30s or 1m'));
  }
  // analyze.go lowercases the format before checking it.
  const format = (values.output ?? 'log').toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`${values.output} not a valid option for format. See meshdive analyze --help`);
  }
  return {
    format: format as OutputFormat,
    failureThreshold: level('--failure-threshold', values['failure-threshold'], 'Error'),
    outputThreshold: level('--output-threshold', values['output-threshold'], 'Info'),
    // No -n: "default"; -A blanks the selection whatever -n says (analyze.go).
    namespace: values['all-namespaces'] ? undefined : values.namespace || 'default',
    suppress: values.suppress,
    meshConfigFile: values.meshConfigFile,
    meshNetworksFile: values.meshNetworksFile,
    analyzers: values.analyzer,
    ignoreUnknown: values['ignore-unknown'] ?? false,
    colour: values.color ?? (environment.stdoutIsTerminal && environment.term?.toLowerCase() !== 'dumb'),
    recursive: values.recursive ?? false,
    listAnalyzers: values['list-analyzers'] ?? false,
    maxBytes: values['max-bytes'] === undefined ? CLI_DEFAULT_MAX_BYTES : parseSize('--max-bytes', values['max-bytes']),
    args: positionals,
  };
}

/** Where a run writes, as it goes (istioctl's "Reading from stdin:" comes before the reading). */
export interface AnalyzeOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** analyzeTargetAsString. */
const target = (namespace: string | undefined) => (namespace === undefined ? 'all namespaces' : `namespace: ${namespace}`);

/** hashicorp/go-multierror's list format, which istioctl's file errors are printed in. */
function multiError(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

/**
 * A run after its arguments are read: the files gathered, analysed, filtered and printed as
 * istioctl's RunE does, in its order. What RunE returns as an error (an input that cannot be
 * read, a malformed -S) ends the run after what was already written: cobra's "Error: …", exit 1.
 */
export async function analyze(options: AnalyzeOptions, stdinIsTerminal: boolean, output: AnalyzeOutput): Promise<number> {
  try {
    return await analyzeInto(options, stdinIsTerminal, output);
  } catch (error) {
    if (!(error instanceof IoError || error instanceof AnalyzeFailure)) throw error;
    output.stderr(`Error: ${error instanceof AnalyzeFailure ? escapeLine(error.message) : error.message}\n`);
    return EXIT.unknownError;
  }
}

async function analyzeInto(options: AnalyzeOptions, stdinIsTerminal: boolean, {stdout, stderr}: AnalyzeOutput): Promise<number> {
  // --list-analyzers prints analyzers.All() and stops, before anything else (the format was checked first).
  if (options.listAnalyzers) {
    stdout(analyzersAsString(ISTIOCTL_ANALYZERS));
    return EXIT.ok;
  }
  // --recursive was removed: istioctl says so and stops, before reading anything.
  if (options.recursive) {
    stdout('The recursive flag has been removed and is hardcoded to true without explicitly specifying it.\n');
    return EXIT.ok;
  }

  const paths = await gatherPaths(options.args, stderr);
  if (paths.includes('-') && stdinIsTerminal && options.format === 'log') stdout('Reading from stdin:\n');

  const suppressions: Suppression[] = [];
  for (const text of options.suppress) {
    const suppression = parseSuppression(text);
    if (suppression === undefined) throw new AnalyzeFailure(`${text} is not a valid suppression value. See meshdive analyze --help`);
    const type = messageTypeByCode(suppression.code);
    if (type === undefined || !isIstioMessage(type.name)) {
      stderr(`Warning: Supplied message code '${escapeLine(suppression.code)}' is an unknown message code and will not have any effect.\n`);
    }
    suppressions.push(suppression);
  }

  // istioctl ignores a mesh config file it cannot read or parse (`_ = sa.AddFileKubeMeshConfig(...)`): the defaults apply.
  const meshConfig = options.meshConfigFile === undefined ? undefined : await readInput(options.meshConfigFile, options.maxBytes).then(
    (text) => ({name: options.meshConfigFile!, text}), () => undefined);
  const meshNetworks = options.meshNetworksFile === undefined ? undefined : {name: options.meshNetworksFile, text: await readInput(options.meshNetworksFile, options.maxBytes)};
  const read = await readPaths(paths, options.maxBytes);
  const files = read.filter((file): file is InputFile => 'text' in file);

  // Resources written without a namespace are in the selected one ("" with --all-namespaces), as istioctl's file source places them.
  const result = analyzeIstioctl({files, meshConfig, meshNetworks, defaultNamespace: options.namespace ?? '', ...(options.analyzers.length ? {analyzers: options.analyzers} : {})});
  // AddReaderKubeSource's errors, file by file (a mesh config istioctl could not read is ignored), counted once however many (parseErrors++).
  const errors = readerErrors(read, result.errors.filter((e) => e.file !== meshConfig?.name || paths.includes(e.file)));
  const parseErrors = errors.length > 0 ? 1 : 0;
  if (parseErrors) stderr(`Error(s) adding files: ${escapeControlsKeepLayout(multiError(errors))}`);

  const messages = selectMessages(result.messages, options.namespace, suppressions);
  const shown = messages.filter((m) => atLeast(m.level, options.outputThreshold));
  stdout(printMessages(shown, options.format, options.colour));

  if (shown.length === 0) {
    if (parseErrors === 0) {
      const names = paths.map(escapeLine);
      stderr(names.length > 1 ? `\u2714 No validation issues found when analyzing:\n  - ${names.join('\n  - ')}\n`
        : `\u2714 No validation issues found when analyzing ${names.length === 1 ? names[0] : target(options.namespace)}.\n`);
    } else {
      stderr(`No validation issues found when analyzing ${target(options.namespace)} (but ${parseErrors} file could not be parsed).\n`);
    }
  }

  // The exit status comes from the messages before the output threshold, and only in log format (analyze.go).
  let status: number = EXIT.ok;
  if (options.format === 'log') {
    if (messages.some((m) => atLeast(m.level, options.failureThreshold))) {
      status = EXIT.analyzerFoundIssues;
      stderr(`Error: Analyzers found issues when analyzing ${target(options.namespace)}.\nSee ${CONFIG_ANALYSIS_URL} for more information about causes and resolutions.\n`);
    } else if (parseErrors > 0 && !options.ignoreUnknown) {
      status = EXIT.dataError;
      stderr(`Error: Some files couldn't be parsed.\n`);
    }
  }
  return status;
}

/**
 * AddReaderKubeSource's error list, reader by reader: a read error as it is, a file whose
 * documents failed as KubeSource.ApplyContent says it (`errors parsing content "FILE": <its errors>`).
 */
function readerErrors(read: readonly ReadFile[], errors: readonly {file: string; message: string}[]): string[] {
  const byFile = new Map<string, string[]>();
  for (const {file, message} of errors) {
    const list = byFile.get(file);
    if (list) list.push(message);
    else byFile.set(file, [message]);
  }
  const list: string[] = [];
  for (const file of read) {
    if ('readError' in file) {
      list.push(file.readError);
      continue;
    }
    const messages = byFile.get(file.name);
    if (messages === undefined) continue;
    byFile.delete(file.name);
    list.push(`errors parsing content ${goQuote(file.name)}: ${multiError(messages)}`);
  }
  // Anything else the engine could not read (the mesh networks file).
  for (const [file, messages] of byFile) list.push(`errors parsing content ${goQuote(file)}: ${multiError(messages)}`);
  return list;
}

/** Tabs and newlines are the error list's layout; any other control character from the input is escaped. */
function escapeControlsKeepLayout(text: string): string {
  return text.split('\n').map((line) => line.split('\t').map(escapeLine).join('\t')).join('\n');
}

/** A failure istioctl reports from its RunE as a plain error: "Error: …", exit 1. */
class AnalyzeFailure extends Error {}

export const analyzeCommand: CliCommand = {
  prefix: 'meshdive analyze',
  usage: ANALYZE_USAGE,
  async run(argv) {
    const options = parseAnalyzeArgs(argv, {stdoutIsTerminal: process.stdout.isTTY === true, term: process.env.TERM});
    if (options === 'help') {
      process.stdout.write(ANALYZE_USAGE);
      return EXIT.ok;
    }
    return analyze(options, process.stdin.isTTY === true, {stdout: writerTo(process.stdout), stderr: writerTo(process.stderr)});
  },
};

/** Writes to a stream until it fails: a reader that has gone (`| head`, EPIPE) ends the output quietly, not the run. */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  stream.on('error', () => {
    gone = true;
  });
  return (text) => {
    if (!gone) stream.write(text);
  };
}
