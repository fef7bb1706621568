/**
 * `meshdive record --session NAME [options] -- <command>`: runs a command
 * against a real cluster through a real shell and adds it to the recorded
 * session labs/sessions/NAME (asciicast + scenario entry).
 */
import {join} from 'node:path';
import {existsSync, readFileSync} from 'node:fs';
import {parseOptions, usageErrorReport, UsageError} from '../../cli/options';
import {checkSession} from '../check-session';
import {findSensitive, Redactor} from './redact';
import {runInShell} from './run-command';
import {load} from 'js-yaml';
import {isMesh, type Mesh, type Scenario} from '../scenario';
import {appendRecording, CAST_FILE, SCENARIO_FILE} from './session-files';

export const RECORD_USAGE = `Usage: meshdive record --session NAME [options] -- COMMAND...

Runs COMMAND through a real shell (against your current kubectl context), shows
its output, and adds it to the recorded session labs/sessions/NAME:
session.cast (asciicast v2) and scenario.yaml (output for the session's state).

Options:
  --session NAME       session directory name under --dir (required)
  --mesh MESH          the mesh the cluster runs: istio (sidecar or ambient) or
                       linkerd; required until the session's scenario names one
  --dir DIR            sessions directory (default: labs/sessions)
  --state ID           state the command runs in (default: where the recorded
                       walkthrough has brought the session)
  --moves-to ID        the command changes the cluster: later commands are
                       recorded in state ID
  --redact LIST        comma-separated: tokens, ips, all
  --cluster-name NAME  replace NAME (e.g. your kubeconfig cluster) with
                       my-cluster; repeatable
  --shell PATH         shell to run COMMAND with (default: $SHELL or /bin/sh)
  -h, --help           show this help

Exit status: the command's own exit status; 2 for usage errors.
`;

interface RecordArgs {
  session: string;
  dir: string;
  state?: string;
  movesTo?: string;
  mesh?: Mesh;
  tokens: boolean;
  ips: boolean;
  clusterNames: string[];
  shell?: string;
  command: string;
}

const OPTIONS = {
  session: {type: 'string'},
  dir: {type: 'string'},
  state: {type: 'string'},
  mesh: {type: 'string'},
  'moves-to': {type: 'string'},
  shell: {type: 'string'},
  'cluster-name': {type: 'string', multiple: true},
  redact: {type: 'string', multiple: true},
  help: {type: 'boolean', short: 'h'},
} as const;

export function parseRecordArgs(argv: readonly string[]): RecordArgs | 'help' {
  const {values, positionals, afterTerminator} = parseOptions(argv[0] === 'record' ? argv.slice(1) : argv, OPTIONS);
  if (values.help) return 'help';
  const stray = positionals.slice(0, positionals.length - afterTerminator.length);
  if (stray.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(stray[0])}: the command goes after --`);
  let tokens = false;
  let ips = false;
  for (const kind of values.redact.flatMap((list) => list.split(','))) {
    if (!['tokens', 'ips', 'all'].includes(kind)) throw new UsageError(`--redact accepts tokens, ips, all; got ${JSON.stringify(kind)}`);
    tokens ||= kind === 'tokens' || kind === 'all';
    ips ||= kind === 'ips' || kind === 'all';
  }
  const session = values.session;
  if (!session || !/^[a-z0-9][a-z0-9-]*$/.test(session)) throw new UsageError('--session NAME is required (lowercase letters, digits, dashes)');
  const mesh = values.mesh;
  if (mesh !== undefined && !isMesh(mesh)) throw new UsageError(`--mesh accepts istio, linkerd; got ${JSON.stringify(mesh)}`);
  if (afterTerminator.length === 0) throw new UsageError('missing command: put it after --');
  // One argument is a command line as typed; several are words to quote back into one.
  const command = afterTerminator.length === 1 ? afterTerminator[0]! : afterTerminator.map(quoteWord).join(' ');
  return {
    session, dir: values.dir ?? 'labs/sessions', state: values.state, movesTo: values['moves-to'], mesh,
    tokens, ips, clusterNames: values['cluster-name'], shell: values.shell, command,
  };
}

/** The mesh an existing session's scenario.yaml names, if any. */
function recordedMesh(scenarioPath: string): Mesh | undefined {
  if (!existsSync(scenarioPath)) return undefined;
  const mesh = (load(readFileSync(scenarioPath, 'utf8')) as Partial<Scenario> | null)?.mesh;
  return isMesh(mesh) ? mesh : undefined;
}

function quoteWord(word: string): string {
  return /^[\w@%+=:,./<>-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export async function runRecord(argv: string[], io: {out: (text: string) => void; err: (text: string) => void} = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}): Promise<number> {
  let args: RecordArgs | 'help';
  try {
    args = parseRecordArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(usageErrorReport('meshdive record', error.message, RECORD_USAGE));
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    io.out(RECORD_USAGE);
    return 0;
  }
  const dir = join(args.dir, args.session);
  const recorded = recordedMesh(join(dir, SCENARIO_FILE));
  const mesh = args.mesh ?? recorded;
  if (!mesh || (recorded && mesh !== recorded)) {
    const problem = mesh ? `--mesh ${mesh}: session ${args.session} was recorded with ${recorded}` : `--mesh istio|linkerd is required: session ${args.session} names no mesh yet`;
    io.err(usageErrorReport('meshdive record', problem, RECORD_USAGE));
    return 2;
  }
  const run = await runInShell(args.command, {shell: args.shell});
  const redactor = new Redactor({tokens: args.tokens, ips: args.ips, clusterNames: args.clusterNames});
  const chunks = run.chunks.map((chunk) => ({time: chunk.time, text: redactor.redact(chunk.text)}));
  const output = chunks.map((chunk) => chunk.text).join('');
  io.out(output);

  const left = findSensitive(output, args.clusterNames);
  if (left.length > 0) {
    const kinds = [...new Set(left.map((finding) => finding.kind))];
    io.err(`meshdive record: the output still contains ${left.length} possibly sensitive value(s) (${kinds.join(', ')}): ${[...new Set(left.map((f) => f.text))].slice(0, 5).join(', ')}\n` +
      `  Re-record with --redact ${kinds.includes('token') && kinds.includes('ip') ? 'all' : kinds.includes('ip') ? 'ips' : 'tokens'}${kinds.includes('cluster') ? ' --cluster-name NAME' : ''} to replace them.\n`);
  }
  const {state} = appendRecording(dir, args.session, mesh, {command: args.command, output, chunks, state: args.state, movesTo: args.movesTo});
  io.err(`meshdive record: added "${args.command}" to ${dir} (state ${state}${args.movesTo ? ` → ${args.movesTo}` : ''}, exit ${run.exitCode})\n`);

  // Report, without failing the recording, whether the session already passes the build's checks.
  try {
    checkSession(dir, readFileSync(join(dir, CAST_FILE), 'utf8'), existsSync(join(dir, SCENARIO_FILE)) ? readFileSync(join(dir, SCENARIO_FILE), 'utf8') : '');
  } catch (error) {
    io.err(`meshdive record: note: the session does not pass the build checks yet:\n${error instanceof Error ? error.message : String(error)}\n`);
  }
  return run.exitCode;
}
