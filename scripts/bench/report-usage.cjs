// Preloaded by bench/validate.mjs (NODE_OPTIONS=--require) where GNU time is missing:
// writes the process's CPU time and peak memory at exit, in GNU time's `%U %S %M` format.
'use strict';
const {writeFileSync} = require('node:fs');

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6} ${usage.maxRSS}\n`);
  });
}
