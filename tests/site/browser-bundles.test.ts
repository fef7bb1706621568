/**
 * What the browser loads late (the terminal's session, the YAML lab's worker, the simulator) bundles
 * for the browser without Node built-ins: webpack refuses `node:` imports, so one import of
 * node:crypto in a printer stops the site's build.
 */
import {describe, expect, it} from 'vitest';
import {bundleForBrowser, nodeBuiltins} from '../support/browser-bundle';

describe.each([
  ['the terminal session and its printers', 'src/terminal/session.ts'],
  ['the YAML lab worker', 'src/components/YamlLab/validation.worker.ts'],
  ['the simulator', 'src/simulator/index.ts'],
])('%s', (_name, entry) => {
  it('bundles for the browser without Node built-ins', async () => {
    const {inputs} = await bundleForBrowser(entry);
    expect(nodeBuiltins(inputs)).toEqual([]);
  }, 120_000);
});

describe('a transcript page (/transcripts/*)', () => {
  it('ships the step formatter it shares with the terminal lab, not the session engine', async () => {
    const {inputs} = await bundleForBrowser('src/components/TerminalLab/TranscriptPage.tsx', ['@theme/*', 'react', 'react/*']);
    expect(inputs).toContain('src/terminal/transcript-text.ts');
    expect(inputs.filter((path) => path.startsWith('src/') && path !== 'src/terminal/transcript-text.ts' && path !== 'src/components/TerminalLab/TranscriptPage.tsx')).toEqual([]);
  }, 120_000);
});
