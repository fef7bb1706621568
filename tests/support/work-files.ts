import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** A fresh temporary folder for a CLI test's input files: `file(name, text)` writes one there and returns its path. */
export function workFiles(prefix: string): (name: string, text: string) => string {
  const work = mkdtempSync(join(tmpdir(), prefix));
  return (name, text) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };
}
