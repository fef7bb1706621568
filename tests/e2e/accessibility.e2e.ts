import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import {sitemapPaths} from '../support/static-server';
import {launch, openAuditedPage} from './support/audited-page';
import {readThrough, waitForWidgets} from './support/reader';

/**
 * Every page, light and dark, judged by axe-core (WCAG 2.1 A and AA, and axe's best
 * practices) as a reader sees it: with its YAML labs, terminals and diagrams loaded, not
 * only their server-rendered stand-ins.
 */
const origin = inject('origin');
const pages = sitemapPaths(readFileSync(`${inject('buildDir')}/sitemap.xml`, 'utf8'));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Reads the page through, as a reader scrolling it would; a lab, terminal or diagram that never loads fails the test. */
async function loadLateParts(page: Page): Promise<void> {
  await readThrough(page);
  await waitForWidgets(page, 60_000);
  await page.waitForLoadState('networkidle');
}

async function axeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({content: AXE_SOURCE});
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as {axe: {run(context: Document, options: object): Promise<{violations: Array<{id: string; impact: string | null; help: string; nodes: Array<{target: string[]}>}>}>}}).axe;
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  }, TAGS);
}

describe.each(['light', 'dark'] as const)('accessibility (%s)', (colorScheme) => {
  it.each(pages)('%s has no axe violations with its labs loaded', async (path) => {
    const {context, page} = await openAuditedPage(browser);
    try {
      await page.emulateMedia({colorScheme});
      await page.goto(origin + path, {waitUntil: 'networkidle'});
      await loadLateParts(page);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
