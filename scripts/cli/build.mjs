// Bundles the CLI (src/cli/main.ts + the engine) into dist/meshdive.js, so that
// `meshdive` starts as plain JavaScript without a TypeScript loader.
import {build} from 'esbuild';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {asciiOnly} from './ascii.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(await readFile(new URL('package.json', `file://${root}/`), 'utf8'));

const result = await build({
  entryPoints: [`${root}/src/cli/main.ts`],
  outfile: `${root}/dist/meshdive.js`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  define: {MESHDIVE_VERSION: JSON.stringify(pkg.version)},
  logLevel: 'warning',
  write: false,
});
for (const file of result.outputFiles) {
  await mkdir(dirname(file.path), {recursive: true});
  await writeFile(file.path, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
}
console.log('built dist/meshdive.js');
