/** Command-line parsing for `meshdive validate`. Usage errors are thrown as UsageError (exit 2). */

export class UsageError extends Error {}

export type OutputFormat = 'text' | 'json';

export interface ValidateCommand {
  command: 'validate';
  format: OutputFormat;
  contextPath?: string;
  maxBytes?: number;
  files: string[];
}

export type Command = ValidateCommand | {command: 'help'} | {command: 'version'};

export const USAGE = `Usage: meshdive validate [options] FILE...
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
  -h, --help           show this help
  --version            show the version

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.
A run whose inputs hold no object (empty, or only comments and ---) is an error,
exit 1, as kubectl apply fails with "no objects passed to apply"; so is an empty
--context (exit 2). Text output shows control characters from the input escaped (\x1b).
`;

function parseSize(text: string): number {
  const match = /^([0-9]+)([kmg]i?b?)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--max-bytes expects a positive number of bytes (e.g. 262144 or 256K), got ${JSON.stringify(text)}`);
  const unit = (match[2] ?? '').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Number(match[1]) * factor;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`--max-bytes must be a positive number, got ${JSON.stringify(text)}`);
  return bytes;
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError('missing command: expected "validate" or "record"');
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'help') return {command: 'help'};
  if (first === '--version') return {command: 'version'};
  if (first !== 'validate') throw new UsageError(`unknown command ${JSON.stringify(first)}: expected "validate" or "record"`);

  const command: ValidateCommand = {command: 'validate', format: 'text', files: []};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return {command: 'help'};
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
        command.format = format;
        break;
      }
      case '--context':
        command.contextPath = value();
        break;
      case '--max-bytes':
        command.maxBytes = parseSize(value());
        break;
      case '--':
        command.files.push(...rest.slice(i + 1));
        i = rest.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
        command.files.push(arg);
    }
  }
  if (command.files.length === 0) throw new UsageError('no input files (use - to read standard input)');
  if (command.files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be given only once');
  return command;
}
