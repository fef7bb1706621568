/**
 * File and stdin reading for the CLI; failures become IoError (exit 2) with a clear message.
 * Every read stops at the size limit while reading: standard input, a FIFO or /dev/zero has no
 * size to check first, and reading one whole before checking grows without bound.
 */
import {isAscii} from 'node:buffer';
import {createReadStream} from 'node:fs';
import {open, readdir, realpath, stat, type FileHandle} from 'node:fs/promises';
import {join} from 'node:path';
import type {Readable} from 'node:stream';
import {CLI_DEFAULT_MAX_BYTES} from '../engine/index';
import {escapeLine} from './escape';

export class IoError extends Error {
  constructor(message: string) {
    // Messages name files and carry read errors: never control characters into a terminal.
    super(escapeLine(message));
  }
}

/** The name of an input in reports: `-` is standard input. */
export const inputName = (file: string): string => (file === '-' ? '<stdin>' : file);

export async function readInput(file: string, maxBytes = CLI_DEFAULT_MAX_BYTES): Promise<string> {
  if (file === '-') return readLimited(process.stdin, '<stdin>', maxBytes);
  let size: number | undefined;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new IoError(`${file}: is a directory (give the YAML files inside it)`);
    // A regular file says its size: refuse it unread, with the size. Others (FIFOs, devices) are counted as read.
    if (info.isFile()) size = info.size;
  } catch (error) {
    if (error instanceof IoError) throw error;
    throw new IoError(`${file}: ${describeFsError(error)}`);
  }
  if (size !== undefined && size > maxBytes) throw new IoError(`${file}: ${tooLarge(maxBytes, size)}`);
  if (size !== undefined && size > 0) {
    const whole = await readKnownSize(file, size);
    if (whole !== undefined) return whole;
  }
  return readLimited(createReadStream(file, {highWaterMark: 1 << 20}), file, maxBytes);
}

/**
 * A regular file of known size, read in one call: a stream of chunks costs twice the CPU on a
 * big manifest (8.5 MB: ~110 ms against ~45 ms), at the start of every run. Undefined when the
 * file turns out to have grown since its size was taken: the limited stream reads it instead.
 */
async function readKnownSize(file: string, size: number): Promise<string | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    while (filled <= size) {
      const {bytesRead} = await handle.read(buffer, filled, size + 1 - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled > size ? undefined : decodeText(buffer.subarray(0, filled));
  } catch (error) {
    throw new IoError(`${file}: ${describeFsError(error)}`);
  } finally {
    await handle?.close();
  }
}

/** The stream's bytes as UTF-8 text; past maxBytes it is closed and the read fails. */
async function readLimited(stream: Readable, name: string, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += bytes.length;
      if (size > maxBytes) {
        stream.destroy();
        throw new IoError(`${name}: ${tooLarge(maxBytes)}`);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof IoError) throw error;
    throw new IoError(`${name}: ${describeFsError(error)}`);
  }
  return decodeText(Buffer.concat(chunks, size));
}

/**
 * Node makes a Latin-1 (or ASCII) string of this many bytes or more an external string, outside
 * V8's heap (string_bytes.cc, EXTERN_APEX); a shorter one, and any UTF-8 string, is in the heap.
 */
const EXTERNAL_LATIN1_BYTES = 0xfbee9;

/**
 * The bytes as UTF-8 text, always a string in V8's heap. Short ASCII input is copied as Latin-1
 * (the same string, without the decoder's scan). A large input is decoded as UTF-8 even when it is
 * ASCII: as an external string V8 would not see it, so its first full GC, early in the read, would
 * find a small heap and set the next one's limit low; the values kept for analysis then reach it
 * and a second full GC marks all of them (the styled shape at 20,000 resources: 836 million
 * instructions more, 7%). Read whole, both copies cost about the same (14 MB: ~50 ms each on
 * the project's machine, page faults included); only a warm copy into reused memory is faster.
 */
export function decodeText(bytes: Buffer): string {
  return bytes.length < EXTERNAL_LATIN1_BYTES && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function tooLarge(maxBytes: number, size?: number): string {
  const limit = `the limit of ${maxBytes.toLocaleString('en-US')} bytes (--max-bytes raises it)`;
  return size === undefined ? `input is larger than ${limit}; reading stopped there` : `input is ${size.toLocaleString('en-US')} bytes, over ${limit}`;
}

const YAML_FILE = /\.(ya?ml|json)$/i;

/**
 * All .yaml/.yml/.json files under a directory, sorted for stable results. Symbolic links are
 * followed, to files and to directories (a context assembled from links is common); each
 * directory and file is visited once, so a link cycle ends, and a file reached twice is read once.
 * A broken link with a YAML name is an error: skipping it would drop resources silently.
 */
export async function listYamlFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = async (path: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path, {withFileTypes: true});
    } catch (error) {
      throw new IoError(`--context ${path}: ${describeFsError(error)}`);
    }
    for (const entry of entries) {
      const child = join(path, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(child);
          [isDirectory, isFile] = [target.isDirectory(), target.isFile()];
        } catch (error) {
          if (YAML_FILE.test(entry.name)) throw new IoError(`--context ${child}: ${describeFsError(error)} (a symbolic link to a missing file)`);
          continue;
        }
      }
      if (isDirectory) {
        if (await firstVisit(child)) await visit(child);
      } else if (isFile && YAML_FILE.test(entry.name) && (await firstVisit(child))) {
        files.push(child);
      }
    }
  };
  const firstVisit = async (path: string): Promise<boolean> => {
    let real;
    try {
      real = await realpath(path);
    } catch (error) {
      throw new IoError(`--context ${path}: ${describeFsError(error)}`);
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  try {
    seen.add(await realpath(dir));
  } catch (error) {
    throw new IoError(`--context ${dir}: ${describeFsError(error)}`);
  }
  await visit(dir);
  return files.sort();
}

/** An fs error as a short phrase, as Go's os errors put it ("no such file or directory"). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
