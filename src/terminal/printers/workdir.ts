/**
 * The shell's working directory: the files a session holds (scenario.yaml's `cluster.workdir`, the
 * manifests its page shows), the same in every state, since no recorded command writes one. The
 * build parses each file into its documents (../cluster-state.ts), so the page parses no YAML.
 * Answered here: `cat FILE…` (GNU coreutils: each file's text in turn; a missing one is
 * `cat: FILE: No such file or directory` and the others still print), `ls` (the names, sorted, on
 * one line when they fit 80 columns, as ls lays out one row: two spaces apart; `-1`, `-a`, `-A`, and getopt's
 * error for a letter ls lacks), and the missing-file
 * error of `kubectl apply -f FILE` (cli-runtime's builder: `error: the path "FILE" does not exist`); an
 * existing file is applied by the session, which may move state (../typed-apply.ts).
 * A path is read as filepath.Clean reads it (`./deploy.yaml` is `deploy.yaml`, `.` the directory); a
 * path elsewhere in the file system is not modelled.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {ModelGap, type StateModel} from './model';

export interface WorkdirFile {
  name: string;
  text: string;
  /** Its YAML documents, each a Kubernetes object (checked by the build). */
  documents: readonly Record<string, unknown>[];
}

/** What a path names in the working directory: a file's name, the directory itself, or undefined for a path outside it. */
export type WorkdirPath = {file: string} | {directory: true} | undefined;

/** filepath.Clean of a relative path, then where it is; `..`, absolute paths and subdirectories are outside what the model holds. */
export function workdirPath(path: string): WorkdirPath {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (path.startsWith('/') || parts.some((part) => part === '..')) return undefined;
  if (parts.length === 0) return path === '' ? undefined : {directory: true};
  return parts.length === 1 ? {file: parts[0]!} : undefined;
}

/** The file a path names, the directory's files (sorted, as filepath.Walk visits them), or undefined when it does not exist; a gap outside the directory. */
export function workdirFiles(model: StateModel, path: string): WorkdirFile[] | undefined {
  const where = workdirPath(path);
  if (!where) throw new ModelGap(`${path} is outside the shell's working directory, the only place the session holds files`);
  const files = model.workdir ?? [];
  if ('directory' in where) return [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const file = files.find((f) => f.name === where.file);
  return file ? [file] : undefined;
}

/** The line's words after the shell's quoting, or undefined for a line with pipes, redirections or substitutions. */
export const workdirWords = (line: string, placeholders: Readonly<Record<string, string>>): string[] | undefined => {
  const split = splitWords(resolvePlaceholders(line, placeholders));
  return split.every((word) => word.kind === 'word') ? split.map((word) => (word as {text: string}).text) : undefined;
};

/** coreutils ls.c's getopt_long short options (`w`, `I` and `T` take a value). */
const LS_SHORT = 'abcdfghiklmnopqrstuvw:xABCDFGHI:LNQRST:UXZ1';

/** What `ls`'s options ask for: the entries of `.` with `-a` (`.` and `..` first), one per line with `-1`; anything else a gap or getopt's error. */
type LsOptions = {all: boolean; onePerLine: boolean} | {error: string};

/**
 * getopt_long over ls's arguments, as GNU coreutils reads them: a letter ls lacks is `invalid option`
 * (exit 2; getopt reports the first, scanning in order); `-1`, `-a`, `-A` and `-f`-free listings
 * are answered; `-l` and the other options that print what the session does not hold (modes,
 * owners, sizes, times, inodes, colours) or order by it, long options, and operands are gaps.
 */
function lsOptions(args: readonly string[]): LsOptions {
  const end = args.indexOf('--');
  const flagged = end < 0 ? args : args.slice(0, end);
  if (flagged.some((arg) => arg.startsWith('--'))) throw new ModelGap('ls\'s long options are not modelled');
  // getopt reads every option before ls lists anything: the first letter it lacks is the error, whatever came before.
  const letters: string[] = [];
  let operands = end < 0 ? 0 : args.length - end - 1;
  for (let i = 0; i < flagged.length; i++) {
    const arg = flagged[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      operands++;
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      const at = LS_SHORT.indexOf(letter);
      if (at < 0 || letter === ':') return {error: `ls: invalid option -- '${letter}'\nTry 'ls --help' for more information.\n`};
      letters.push(letter);
      // -w COLS, -I PATTERN, -T COLS: the rest of the word, or the next one, is the value.
      if (LS_SHORT[at + 1] === ':') {
        if (j === arg.length - 1 && ++i >= flagged.length) return {error: `ls: option requires an argument -- '${letter}'\nTry 'ls --help' for more information.\n`};
        break;
      }
    }
  }
  if (operands > 0) throw new ModelGap('ls with a path lists what the path names, which is not modelled here (ls alone lists the working directory)');
  for (const letter of letters) {
    if (letter === 'l') throw new ModelGap('ls -l prints each file\'s mode, link count, owner, group, size and modification time, which the session does not hold');
    if (!'aA1'.includes(letter)) throw new ModelGap(`ls -${letter} is not modelled: the session holds the files' names and contents, not their modes, owners, times, inodes or the terminal's colours`);
  }
  return {all: letters.includes('a'), onePerLine: letters.includes('1')};
}

/**
 * GNU ls: the names sorted, on one row two spaces apart when they fit an 80-column terminal (more is a
 * gap: its column layout is not modelled), or one per line with -1; -a adds `.` and `..`, -A (almost
 * all) adds nothing, as no name starts with a dot. ls sorts with strcoll: byte order in the C locale,
 * punctuation ignored first in en_US.UTF-8; names the two would order differently are a gap, as the
 * recording's locale is not known.
 */
function printLs(args: readonly string[], model: StateModel): string {
  const options = lsOptions(args);
  if ('error' in options) return options.error;
  const files = (model.workdir ?? []).map((f) => f.name).sort();
  const letters = (name: string): string => name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (files.some((name, i) => i > 0 && letters(files[i - 1]!) > letters(name))) throw new ModelGap('ls sorts these names differently in the C locale and in en_US.UTF-8, and the recording\'s locale is not known');
  const names = options.all ? ['.', '..', ...files] : files;
  if (names.length === 0) return '';
  if (options.onePerLine) return names.map((name) => `${name}\n`).join('');
  const line = names.join('  ');
  if (line.length >= 80) throw new ModelGap('ls lays out more names than fit one 80-column row in columns, which is not modelled');
  return `${line}\n`;
}

function printCat(paths: readonly string[], model: StateModel): string {
  let text = '';
  for (const path of paths) {
    const where = workdirPath(path);
    if (where && 'directory' in where) {
      text += `cat: ${path}: Is a directory\n`;
      continue;
    }
    const files = workdirFiles(model, path);
    text += files ? files[0]!.text : `cat: ${path}: No such file or directory\n`;
  }
  return text;
}

/** `kubectl apply -f FILE` / `--filename[=]FILE` with nothing else on the line: the path, or undefined. */
export function applyFilePath(args: readonly string[]): string | undefined {
  if (args[0] !== 'kubectl' || args[1] !== 'apply') return undefined;
  const rest = args.slice(2);
  if (rest.length === 2 && (rest[0] === '-f' || rest[0] === '--filename')) return rest[1];
  if (rest.length === 1 && /^(-f|--filename=)./.test(rest[0]!)) return rest[0]!.replace(/^(-f=?|--filename=)/, '');
  return undefined;
}

/**
 * `cat`, `ls` and `kubectl apply -f FILE` as the working directory answers them: a thunk, or undefined
 * for another line. kubectl apply of a file that exists changes the cluster, which a single state's
 * model cannot answer: the session does (../typed-apply.ts), so here it is a gap.
 */
export function printWorkdir(line: string, placeholders: Readonly<Record<string, string>>, model: StateModel): (() => string) | undefined {
  const args = workdirWords(line, placeholders);
  if (!args || model.workdir === undefined) return undefined;
  if (args[0] === 'ls') return () => printLs(args.slice(1), model);
  if (args[0] === 'cat' && args.length > 1 && !args.slice(1).some((arg) => arg.startsWith('-'))) return () => printCat(args.slice(1), model);
  const path = applyFilePath(args);
  if (path === undefined || path === '-') return undefined;
  return () => {
    if (workdirFiles(model, path) === undefined) return `error: the path "${path}" does not exist\n`;
    throw new ModelGap('kubectl apply -f changes the cluster, and only a recorded command moves the session to the state that follows');
  };
}
