/** File and stdin reading for the CLI; failures become IoError (exit 2) with a clear message. */
import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';

export class IoError extends Error {}

export async function readInput(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new IoError(`${file}: is a directory (give the YAML files inside it)`);
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof IoError) throw error;
    throw new IoError(`${file}: ${describeFsError(error)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** All .yaml/.yml/.json files under a directory, sorted for stable results. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, {withFileTypes: true, recursive: true});
  } catch (error) {
    throw new IoError(`--context ${dir}: ${describeFsError(error)}`);
  }
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as {path: string}).path, e.name))
    .sort();
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a directory';
  return error instanceof Error ? error.message : String(error);
}
