#!/usr/bin/env node
// Launcher for the compiled CLI (dist/meshdive.js, built by `npm run build:cli`).
'use strict';
const {existsSync} = require('node:fs');
const {join} = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'meshdive.js');
if (!existsSync(bundle)) {
  process.stderr.write('meshdive: dist/meshdive.js is missing; run `npm run build:cli` first\n');
  process.exit(2);
}
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
