import {existsSync} from 'node:fs';
import type {TestProject} from 'vitest/node';
import {ensureChromium} from '../../support/chromium';
import {serveStatic, type StaticServer} from '../../support/static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
    chromiumPath: string;
    /** The production build under test (MESHDIVE_BUILD_DIR, default build/). */
    buildDir: string;
  }
}

let server: StaticServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const buildDir = process.env.MESHDIVE_BUILD_DIR ?? 'build';
  if (!existsSync(`${buildDir}/sitemap.xml`)) {
    throw new Error(`No production build found in ${buildDir}/: run \`npm run build\` first (npm test does this for you).`);
  }
  project.provide('chromiumPath', ensureChromium());
  project.provide('buildDir', buildDir);
  server = await serveStatic(buildDir);
  project.provide('origin', server.origin);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
