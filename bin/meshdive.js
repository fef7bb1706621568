#!/usr/bin/env -S node --v8-pool-size=1
// Launcher for the compiled CLI (dist/meshdive.js, built by `npm run build:cli`).
//
// --v8-pool-size=1: the CLI's work is one JavaScript thread. V8's default pool has a helper
// thread per core for concurrent GC and compilation; on a 2-core machine those helpers and
// the main thread contend, and validating a 20,000-resource manifest took ~10% longer
// (median 801 ms against 717 ms, `npm run bench:validate`'s input). `npx meshdive` starts
// the CLI through this line; `node bin/meshdive.js` skips it and runs with V8's default.
//
// It loads the bundle with V8's code cache (dist/meshdive.js.v8cache, written next to
// the bundle after a run, when that directory is writable): the ~1 MB bundle then starts
// without parsing and compiling its functions again. The cache holds the functions the runs
// that wrote it compiled; its stamp lists the parts of the bundle those runs used (commands,
// and the engine's families and kinds: the bundle's codeCacheParts()). A run that used a part
// the stamp lacks saves the cache again, with what it deserialized and what it compiled: CI
// that validates Istio files first and Gateway API files next compiles the Gateway API's
// validators once, not at every run. A run that adds nothing does not pay createCachedData.
// The cache is only an accelerator: V8 rejects one that does not match the bundle and this
// Node version, and any problem with it falls back to a plain require().
'use strict';
const {closeSync, existsSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync} = require('node:fs');
const {dirname, join} = require('node:path');
const {isAscii} = require('node:buffer');

const bundle = join(__dirname, '..', 'dist', 'meshdive.js');
if (!existsSync(bundle)) {
  process.stderr.write('meshdive: dist/meshdive.js is missing; run `npm run build:cli` first\n');
  process.exit(2);
}

const loaded = loadWithCodeCache(bundle) ?? {exports: require(bundle), save() {}};
if (loaded.exports.isShareWorker?.()) {
  // A worker thread checking its share of a large file (src/cli/parallel.ts).
  loaded.exports.serveShare();
} else {
  loaded.exports
    .main(process.argv.slice(2), {launcher: __filename})
    .then((code) => {
      process.exitCode = code;
      loaded.save();
    });
}

/** Runs the bundle as a CommonJS module from a vm.Script with cached data; undefined if that cannot be done. */
function loadWithCodeCache(file) {
  let script;
  let cacheFile;
  let cachedData;
  /** The parts of the bundle the stored cache covers (its stamp's second line). */
  let covered = [];
  try {
    const vm = require('node:vm');
    const Module = require('node:module');
    const info = statSync(file);
    // Keyed by the bundle's size and time and by the Node version: a rebuilt bundle or another Node starts afresh.
    // "meshdive-cache 2": the format with the parts line; a cache of the earlier format is another build's.
    cacheFile = `${file}.v8cache`;
    const stamp = Buffer.from(`meshdive-cache 2 ${process.version} ${info.size} ${info.mtimeMs}\n`);
    try {
      const stored = readFileSync(cacheFile);
      const partsEnd = stored.indexOf(10, stamp.length);
      if (partsEnd !== -1 && stored.subarray(0, stamp.length).equals(stamp)) {
        covered = stored.toString('latin1', stamp.length, partsEnd).split(' ').filter(Boolean);
        cachedData = stored.subarray(partsEnd + 1);
      }
    } catch {
      // no cache yet
    }
    // The bundle is ASCII (scripts/cli/ascii.mjs): read as Latin-1, the same text, it is a copy;
    // Node's UTF-8 decoder took ~40 ms over its 3 MB at every start.
    const source = readFileSync(file);
    script = new vm.Script(Module.wrap(isAscii(source) ? source.toString('latin1') : source.toString('utf8')), {filename: file, cachedData});
    const module = new Module(file, null);
    module.filename = file;
    module.paths = Module._nodeModulePaths(dirname(file));
    module.loaded = true;
    const localRequire = Module.createRequire(file);
    script.runInThisContext().call(module.exports, module.exports, localRequire, module, file, dirname(file));
    // A rejected cache covers nothing: the one saved next holds only what this run compiles.
    if (cachedData === undefined || script.cachedDataRejected === true) covered = undefined;
    return {
      exports: module.exports,
      save() {
        const used = partsUsed(module.exports);
        const missing = covered === undefined ? used : used.filter((part) => !covered.includes(part));
        if (covered !== undefined && missing.length === 0) return;
        const parts = [...(covered ?? []), ...missing].sort();
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        let fd;
        try {
          // The temporary first: in a read-only install the run stops here, before createCachedData (~100-300 ms).
          fd = openSync(temporary, 'w');
          // After the run: the cache then holds the functions the run compiled (and those it deserialized), not only the top level.
          writeSync(fd, Buffer.concat([stamp, Buffer.from(`${parts.join(' ')}\n`, 'latin1'), script.createCachedData()]));
          closeSync(fd);
          fd = undefined;
          renameSync(temporary, cacheFile);
        } catch {
          try {
            if (fd !== undefined) closeSync(fd);
            unlinkSync(temporary);
          } catch {
            // read-only install: run without a cache
          }
        }
      },
    };
  } catch {
    return undefined;
  }
}

/** The bundle's account of what the run used (codeCacheParts), as words that fit the stamp's line; [] if it gives none. */
function partsUsed(exports) {
  try {
    const parts = exports.codeCacheParts?.() ?? [];
    return parts.filter((part) => typeof part === 'string' && /^[\x21-\x7e]+$/.test(part));
  } catch {
    return [];
  }
}
