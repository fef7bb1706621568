/**
 * Page weight: for every page of the production build, the JavaScript loaded before
 * any interaction and the first contentful paint, in headless Chromium on loopback,
 * and each page's JavaScript as a ratio of the lightest text-only page.
 * Run: npm run build && npm run bench:pages
 */
import {existsSync, readFileSync} from 'node:fs';
import {chromium} from 'playwright-core';
import {CHROMIUM_ARGS, ensureChromium} from '../../tests/support/chromium';
import {serveStatic, sitemapPaths} from '../../tests/support/static-server';

const RUNS = 3;

interface PageFigures {
  path: string;
  scriptBytes: number;
  scripts: number;
  fcpMs: number;
  textOnly: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const buildDir = process.env.MESHDIVE_BUILD_DIR ?? 'build';
  if (!existsSync(`${buildDir}/sitemap.xml`)) throw new Error(`No build found in ${buildDir}/: run \`npm run build\` first.`);
  const server = await serveStatic(buildDir);
  const browser = await chromium.launch({executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true});
  const paths = sitemapPaths(readFileSync(`${buildDir}/sitemap.xml`, 'utf8'));
  const figures: PageFigures[] = [];
  try {
    for (const path of paths) {
      const runs: {bytes: number; count: number; fcp: number; textOnly: boolean}[] = [];
      for (let run = 0; run < RUNS; run++) {
        // A fresh context each run: nothing cached, as a first visit.
        const context = await browser.newContext({viewport: {width: 1280, height: 800}});
        const page = await context.newPage();
        await page.goto(server.origin + path, {waitUntil: 'networkidle'});
        runs.push(
          await page.evaluate(() => {
            // Each URL once: a chunk both prefetched and then run is one download.
            const byUrl = new Map<string, PerformanceResourceTiming>();
            for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
              if (new URL(entry.name).pathname.endsWith('.js')) byUrl.set(entry.name, entry);
            }
            const scripts = [...byUrl.values()];
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            return {
              bytes: scripts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
              count: scripts.length,
              fcp: paint ? paint.startTime : NaN,
              // A chapter page of prose: no diagram, no lab (the search page is no chapter page).
              textOnly: !!document.querySelector('article .markdown') && !document.querySelector('[data-diagram], .docusaurus-mermaid-container, [data-lab]'),
            };
          }),
        );
        await context.close();
      }
      figures.push({
        path,
        scriptBytes: median(runs.map((run) => run.bytes)),
        scripts: median(runs.map((run) => run.count)),
        fcpMs: median(runs.map((run) => run.fcp)),
        textOnly: runs[0]!.textOnly,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const textPages = figures.filter((page) => page.textOnly);
  const lightest = textPages.reduce((min, page) => (page.scriptBytes < min.scriptBytes ? page : min), textPages[0] ?? figures[0]!);
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  console.log(`Page weight: median of ${RUNS} cold loads in headless Chromium over loopback, uncompressed bytes of every`);
  console.log('JavaScript file fetched (run or prefetched) until the network is idle, before any interaction.');
  console.log(`Lightest text-only page: ${lightest.path} (${kib(lightest.scriptBytes)} KiB of JavaScript)\n`);
  console.log('| page | kind | JS before interaction (KiB) | JS files | FCP (ms) | JS ratio to lightest text page |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const page of figures) {
    const ratio = (page.scriptBytes / lightest.scriptBytes).toFixed(2);
    console.log(`| ${page.path} | ${page.textOnly ? 'text' : 'other'} | ${kib(page.scriptBytes)} | ${page.scripts} | ${page.fcpMs.toFixed(0)} | ${ratio}x |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
