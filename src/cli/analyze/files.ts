/**
 * The files `meshdive analyze` reads, chosen as istioctl 1.30.3 chooses them (istioctl/pkg/
 * analyze/analyze.go, gatherFiles and gatherFilesInDirectory):
 * - `-` is standard input, named `-` in references;
 * - a directory is walked recursively (filepath.Walk: entries in byte order of their names,
 *   symbolic links not followed into directories; a link to a file is read through);
 * - a file, given or found, is read only if its name ends in .json, .yaml or .yml (filepath.Ext,
 *   case-sensitive); another is skipped with a note on stderr, and nothing else happens;
 * - a path that cannot be statted or opened ends the run (istioctl: exit 1).
 * Each input is read with the CLI's bounded reads (--max-bytes).
 */
import {lstat, readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {escapeLine} from '../escape';
import {describeFsError, IoError, readInput} from '../io';

export const FILE_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

export interface InputFile {
  name: string;
  text: string;
}

/** Go's filepath.Ext: from the last dot of the last element (`.yaml` itself has one, unlike for Node's extname). */
function goExt(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot);
}

const isValidFile = (path: string): boolean => (FILE_EXTENSIONS as readonly string[]).includes(goExt(path));

const skipping = (path: string) => `Skipping file ${escapeLine(path)}, recognized file extensions are: [${FILE_EXTENSIONS.join(' ')}]\n`;

/** The paths to read, in istioctl's order; each file skipped is noted ("Skipping file …", for stderr) as it is met. */
export async function gatherPaths(args: readonly string[], note: (text: string) => void): Promise<string[]> {
  const paths: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      paths.push(arg);
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch (error) {
      throw new IoError(`stat ${arg}: ${describeFsError(error)}`);
    }
    if (info.isDirectory()) {
      await walk(arg, paths, note);
    } else if (isValidFile(arg)) {
      paths.push(arg);
    } else {
      note(skipping(arg));
    }
  }
  return paths;
}

/** filepath.Walk from `root`: the root's own lstat decides whether it is walked (a link to a directory is not). */
async function walk(root: string, paths: string[], note: (text: string) => void): Promise<void> {
  let info;
  try {
    info = await lstat(root);
  } catch (error) {
    throw new IoError(`lstat ${root}: ${describeFsError(error)}`);
  }
  if (!info.isDirectory()) {
    if (isValidFile(root)) paths.push(root);
    else note(skipping(root));
    return;
  }
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    throw new IoError(`open ${root}: ${describeFsError(error)}`);
  }
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) await walk(join(root, name), paths, note);
}

/** An input read, or the error istioctl's io.ReadAll gave (the run goes on; it counts as a file that could not be parsed). */
export type ReadFile = InputFile | {name: string; readError: string};

/**
 * Every path's text, read one after another (standard input and FIFOs hold no more than their
 * limit at a time). A path that cannot be opened ends the run (istioctl: os.Open's error, exit 1);
 * one that opens but cannot be read, a link to a directory met in a walk, is a read error.
 */
export async function readPaths(paths: readonly string[], maxBytes: number): Promise<ReadFile[]> {
  const files: ReadFile[] = [];
  for (const path of paths) {
    if (path !== '-') {
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        throw new IoError(`open ${path}: ${describeFsError(error)}`);
      }
      if (info.isDirectory()) {
        files.push({name: path, readError: `read ${path}: is a directory`});
        continue;
      }
    }
    files.push({name: path, text: await readInput(path, maxBytes)});
  }
  return files;
}
