/**
 * What the browser loads late (the terminal's session, the YAML lab's worker, the simulator) bundles
 * for the browser without Node built-ins: webpack refuses `node:` imports, so one import of
 * node:crypto in a printer stops the site's build.
 */
import {resolve} from 'node:path';
import {build} from 'esbuild';
import {describe, expect, it} from 'vitest';

const root = resolve(__dirname, '../..');

describe.each([
  ['the terminal session and its printers', 'src/terminal/session.ts'],
  ['the YAML lab worker', 'src/components/YamlLab/validation.worker.ts'],
  ['the simulator', 'src/simulator/index.ts'],
])('%s', (_name, entry) => {
  it('bundles for the browser without Node built-ins', async () => {
    const result = await build({
      entryPoints: [resolve(root, entry)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
      alias: {'@site': root},
    });
    expect(Object.keys(result.metafile!.inputs).filter((path) => path.startsWith('node:'))).toEqual([]);
  }, 120_000);
});
