/**
 * Bundles one source entry as the site's webpack would load it in the browser (ESM, browser
 * platform, `@site` alias), in memory, so tests can read what it pulls in.
 */
import {resolve} from 'node:path';
import {build} from 'esbuild';

const root = resolve(__dirname, '../..');

export interface BrowserBundle {
  /** Every input the bundle read: project paths, node_modules paths and any `node:` built-in. */
  inputs: string[];
  text: string;
}

/** `external`: imports left out, as Docusaurus's own modules (`@theme/*`) which only its build resolves. */
export async function bundleForBrowser(entry: string, external: string[] = []): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
    alias: {'@site': root},
    external,
  });
  return {inputs: Object.keys(result.metafile!.inputs), text: result.outputFiles[0]!.text};
}

/** The Node built-ins a bundle imports: webpack refuses every one of them in the browser. */
export const nodeBuiltins = (inputs: string[]): string[] => inputs.filter((path) => path.startsWith('node:'));
