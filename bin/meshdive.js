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
// without parsing and compiling its functions again. The cache is only an accelerator:
// V8 rejects one that does not match the bundle and this Node version, and any problem
// with it falls back to a plain require().
'use strict';
const {existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync} = require('node:fs');
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
  try {
    const vm = require('node:vm');
    const Module = require('node:module');
    const info = statSync(file);
    // Keyed by the bundle's size and time and by the Node version: a rebuilt bundle or another Node starts afresh.
    cacheFile = `${file}.v8cache`;
    const stamp = Buffer.from(`${process.version} ${info.size} ${info.mtimeMs}\n`);
    try {
      const stored = readFileSync(cacheFile);
      if (stored.subarray(0, stamp.length).equals(stamp)) cachedData = stored.subarray(stamp.length);
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
    const needsSave = cachedData === undefined || script.cachedDataRejected === true;
    return {
      exports: module.exports,
      save() {
        if (!needsSave) return;
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        try {
          // After the run: the cache then holds the functions the run compiled, not only the top level.
          writeFileSync(temporary, Buffer.concat([stamp, script.createCachedData()]));
          renameSync(temporary, cacheFile);
        } catch {
          try {
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
