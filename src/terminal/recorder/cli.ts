/**
 * `meshdive record --session NAME [options] -- <command>`: runs a command
 * against a real cluster through a real shell and adds it to the recorded
 * session labs/sessions/NAME (asciicast + scenario entry).
 */
import {join} from 'node:path';
import {existsSync, readFileSync} from 'node:fs';
import {checkSession} from '../check-session';
import {findSensitive, Redactor} from './redact';
import {runInShell} from './run-command';
import {appendRecording, CAST_FILE, SCENARIO_FILE} from './session-files';

export const RECORD_USAGE = `Usage: meshdive record --session NAME [options] -- COMMAND...

Runs COMMAND through a real shell (against your current kubectl context), shows
its output, and adds it to the recorded session labs/sessions/NAME:
session.cast (asciicast v2) and scenario.yaml (output for the session's state).

Options:
  --session NAME       session directory name under --dir (required)
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
  tokens: boolean;
  ips: boolean;
  clusterNames: string[];
  shell?: string;
  command: string;
}

class RecordUsageError extends Error {}

export function parseRecordArgs(argv: readonly string[]): RecordArgs | 'help' {
  const separator = argv.indexOf('--');
  const options = separator < 0 ? [...argv] : argv.slice(0, separator);
  const command = separator < 0 ? [] : argv.slice(separator + 1);
  if (options[0] === 'record') options.shift();
  const parsed: Partial<RecordArgs> & {clusterNames: string[]} = {dir: 'labs/sessions', tokens: false, ips: false, clusterNames: []};
  for (let i = 0; i < options.length; i++) {
    const [flag, inline] = options[i]!.includes('=') ? [options[i]!.slice(0, options[i]!.indexOf('=')), options[i]!.slice(options[i]!.indexOf('=') + 1)] : [options[i]!, undefined];
    const value = (): string => {
      const next = inline ?? options[++i];
      if (next === undefined) throw new RecordUsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--session': parsed.session = value(); break;
      case '--dir': parsed.dir = value(); break;
      case '--state': parsed.state = value(); break;
      case '--moves-to': parsed.movesTo = value(); break;
      case '--shell': parsed.shell = value(); break;
      case '--cluster-name': parsed.clusterNames.push(value()); break;
      case '--redact':
        for (const kind of value().split(',')) {
          if (kind === 'tokens' || kind === 'all') parsed.tokens = true;
          if (kind === 'ips' || kind === 'all') parsed.ips = true;
          if (!['tokens', 'ips', 'all'].includes(kind)) throw new RecordUsageError(`--redact accepts tokens, ips, all; got ${JSON.stringify(kind)}`);
        }
        break;
      default:
        throw new RecordUsageError(`unknown option ${JSON.stringify(flag)}`);
    }
  }
  if (!parsed.session || !/^[a-z0-9][a-z0-9-]*$/.test(parsed.session)) throw new RecordUsageError('--session NAME is required (lowercase letters, digits, dashes)');
  if (command.length === 0) throw new RecordUsageError('missing command: put it after --');
  // One argument is a command line as typed; several are words to quote back into one.
  const line = command.length === 1 ? command[0]! : command.map(quoteWord).join(' ');
  return {...(parsed as RecordArgs), command: line};
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
    if (error instanceof RecordUsageError) {
      io.err(`meshdive record: ${error.message}\n\n${RECORD_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    io.out(RECORD_USAGE);
    return 0;
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
  const dir = join(args.dir, args.session);
  const {state} = appendRecording(dir, args.session, {command: args.command, output, chunks, state: args.state, movesTo: args.movesTo});
  io.err(`meshdive record: added "${args.command}" to ${dir} (state ${state}${args.movesTo ? ` → ${args.movesTo}` : ''}, exit ${run.exitCode})\n`);

  // Report, without failing the recording, whether the session already passes the build's checks.
  try {
    checkSession(dir, readFileSync(join(dir, CAST_FILE), 'utf8'), existsSync(join(dir, SCENARIO_FILE)) ? readFileSync(join(dir, SCENARIO_FILE), 'utf8') : '');
  } catch (error) {
    io.err(`meshdive record: note: the session does not pass the build checks yet:\n${error instanceof Error ? error.message : String(error)}\n`);
  }
  return run.exitCode;
}
