/**
 * A private install of the CLI for end-to-end tests: the real launcher (bin/meshdive.js) and a
 * bundle built from the current sources, in a temporary copy of bin/ and dist/, so that a test
 * file can run beside tests/cli/cli.test.ts, which rebuilds dist/meshdive.js itself.
 */
import {copyFileSync, mkdirSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The launcher's path in a new private install; call `buildCli` (in beforeAll) before running it. */
export function privateCliInstall(prefix: string): {bin: string; buildCli: () => Promise<void>} {
  const install = mkdtempSync(join(tmpdir(), prefix));
  const bin = join(install, 'bin', 'meshdive.js');
  return {
    bin,
    async buildCli() {
      mkdirSync(join(install, 'bin'));
      copyFileSync(join(repositoryRoot, 'bin/meshdive.js'), bin);
      await build({
        entryPoints: [join(repositoryRoot, 'src/cli/main.ts')], outfile: join(install, 'dist', 'meshdive.js'),
        bundle: true, platform: 'node', format: 'cjs', target: 'node20', define: {MESHDIVE_VERSION: '"test"'}, logLevel: 'error',
      });
    },
  };
}
