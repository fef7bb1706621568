import {existsSync} from 'node:fs';
import type {TestProject} from 'vitest/node';
import {ensureChromium} from '../../support/chromium';
import {serveStatic, type StaticServer} from '../../support/static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
    chromiumPath: string;
  }
}

let server: StaticServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (!existsSync('build/sitemap.xml')) {
    throw new Error('No production build found in build/: run `npm run build` first (npm test does this for you).');
  }
  project.provide('chromiumPath', ensureChromium());
  server = await serveStatic('build');
  project.provide('origin', server.origin);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
