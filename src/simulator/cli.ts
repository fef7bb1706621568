/**
 * `meshdive route`: where would this request go? Reads the files (and a cluster context),
 * refuses YAML the cluster would reject (schema and webhook errors), then prints the
 * simulator's decision, its exact shares, an optional sampled run and the trace.
 *
 * Exit status: 0 a decision was made (whatever it is, a 404 or 503 included), 1 the YAML
 * has errors the cluster would reject, 2 usage or I/O error.
 */
import {CLI_DEFAULT_MAX_BYTES, validateYaml} from '../engine/index';
import {parseYaml} from '../engine/yaml/index';
import {escapeControls} from '../cli/escape';
import {formatText} from '../cli/format';
import {loadContext} from '../cli/context';
import {IoError, readInput} from '../cli/io';
import {sampleRequests} from './distribution';
import {formatDecisionText} from './format';
import {parseRequest, RequestSyntaxError} from './request';
import {simulate} from './simulate';
import {SourceError} from './source';
import {World} from './world';

export const ROUTE_USAGE = `Usage: meshdive route [options] --request "METHOD URL [-H name:value]..." FILE...

Shows where a request goes, as Istio's proxies would route it: the VirtualService and
HTTP route that apply (and why earlier routes did not), the destinations and their
shares, the subset and the pods it selects, 404/503 outcomes, fault, timeout, retries.

Options:
  --request TEXT       the request, curl-like: "GET http://reviews:9080/ -H end-user:jason"
  --from WORKLOAD      client workload (namespace/name or name) or namespace
  --gateway GATEWAY    the request enters through this Gateway (namespace/name or name)
  --context PATH       cluster resources: a directory of YAML files, a YAML file, or a
                       lab context file (labs/contexts/NAME.yaml)
  --requests N         also draw N requests with a fixed seed (same result every run)
  --seed N             seed for --requests (default 1)
  --format text|json   output format (default: text)
  -h, --help           show this help

Exit status: 0 decision printed, 1 the YAML has errors the cluster would reject,
2 usage or I/O error.
`;

class RouteUsageError extends Error {}

interface RouteCommand {
  request?: string;
  from?: string;
  gateway?: string;
  context?: string;
  requests?: number;
  seed: number;
  format: 'text' | 'json';
  files: string[];
  help?: boolean;
}

function parseRouteArgs(argv: readonly string[]): RouteCommand {
  const command: RouteCommand = {format: 'text', seed: 1, files: []};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new RouteUsageError(`${flag} needs a value`);
      return next;
    };
    const count = (name: string): number => {
      const text = value();
      const n = Number(text);
      if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n)) throw new RouteUsageError(`${name} expects a whole number, got ${JSON.stringify(text)}`);
      return n;
    };
    switch (flag) {
      case '-h': case '--help': command.help = true; break;
      case '--request': command.request = value(); break;
      case '--from': command.from = value(); break;
      case '--gateway': command.gateway = value(); break;
      case '--context': command.context = value(); break;
      case '--requests': command.requests = count('--requests'); break;
      case '--seed': command.seed = count('--seed'); break;
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new RouteUsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
        command.format = format;
        break;
      }
      case '--': command.files.push(...argv.slice(i + 1)); i = argv.length; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new RouteUsageError(`unknown option ${JSON.stringify(arg)}`);
        command.files.push(arg);
    }
  }
  if (command.help) return command;
  if (command.request === undefined) throw new RouteUsageError('--request is required, e.g. --request "GET http://reviews:9080/ -H end-user:jason"');
  if (command.files.length === 0) throw new RouteUsageError('no input files (use - to read standard input)');
  if (command.requests !== undefined && command.requests > 10_000_000) throw new RouteUsageError('--requests is limited to 10000000');
  return command;
}

export async function runRoute(argv: readonly string[]): Promise<number> {
  try {
    const command = parseRouteArgs(argv);
    if (command.help) {
      process.stdout.write(ROUTE_USAGE);
      return 0;
    }
    return await route(command);
  } catch (error) {
    if (error instanceof RouteUsageError || error instanceof RequestSyntaxError || error instanceof SourceError) {
      process.stderr.write(`${routeErrorLine(error.message)}${error instanceof RouteUsageError ? `\n${ROUTE_USAGE}` : ''}`);
      return 2;
    }
    if (error instanceof IoError) {
      process.stderr.write(`meshdive route: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`meshdive route: internal error: ${escapeControls(error instanceof Error ? error.stack ?? error.message : String(error))}\n`);
    return 2;
  }
}

async function route(command: RouteCommand): Promise<number> {
  const request = parseRequest(command.request!);
  const context = command.context === undefined ? [] : await loadContext(command.context, CLI_DEFAULT_MAX_BYTES);
  const inputs = await Promise.all(command.files.map(async (file) => ({file: file === '-' ? '<stdin>' : file, text: await readInput(file)})));
  const values = inputs.map(({text}) => documentValues(text));
  // Only what `kubectl apply` rejects blocks the simulation. istioctl-analyze findings (a
  // missing subset, an unknown host) are accepted by the cluster: their effect, a 503 or
  // 404, is exactly what the simulation shows.
  const reports = inputs.map(({file, text}) => ({file, diagnostics: validateYaml(text, {maxBytes: CLI_DEFAULT_MAX_BYTES, analysis: false}).diagnostics}));
  if (reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'))) {
    const errors = reports.map((r) => ({...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error')}));
    process.stderr.write(`meshdive route: the YAML has errors the cluster would reject; fix them before simulating:\n${formatText(errors)}`);
    return 1;
  }
  const world = new World(context, values);
  const decision = simulate(world, {request, from: command.from, gateway: command.gateway});
  const sampled = command.requests === undefined ? undefined : {count: command.requests, seed: command.seed, entries: sampleRequests(decision, command.requests, command.seed)};
  const files = inputs.map((i) => i.file);
  if (command.format === 'json') process.stdout.write(`${JSON.stringify({files, decision, ...(sampled ? {sampled} : {})})}\n`);
  else process.stdout.write(routeText(decision, files, sampled));
  return 0;
}

/** The decision as `meshdive route` prints it. Hosts, headers and paths come from the user's input: no control character reaches the terminal raw. */
export function routeText(...args: Parameters<typeof formatDecisionText>): string {
  return escapeControls(formatDecisionText(...args));
}

/** A refusal as `meshdive route` prints it on stderr, with the request's own text escaped. */
export function routeErrorLine(message: string): string {
  return `meshdive route: ${escapeControls(message)}\n`;
}

/** Documents of a file by index (unparseable ones as undefined, so indexes stay true). */
function documentValues(text: string): unknown[] {
  return parseYaml(text, {maxBytes: CLI_DEFAULT_MAX_BYTES}).documents.map((d) => d.value ?? undefined);
}

