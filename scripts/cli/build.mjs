// Bundles the CLI (src/cli/main.ts + the engine) into dist/meshdive.js, so that
// `meshdive` starts as plain JavaScript without a TypeScript loader.
import {build} from 'esbuild';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(await readFile(new URL('package.json', `file://${root}/`), 'utf8'));

await build({
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
});
console.log('built dist/meshdive.js');
