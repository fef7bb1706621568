import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import {sitemapPaths} from '../support/static-server';
import {SEED_OUTLINE} from '../site/seed-outline';
import {launch, openAuditedPage} from './support/audited-page';

const origin = inject('origin');
const pages = sitemapPaths(readFileSync(`${inject('buildDir')}/sitemap.xml`, 'utf8'));

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

/** Text of everything a reader takes for a heading: h1–h6, admonition titles and list items. */
async function headingTexts(page: Page): Promise<string[]> {
  return page.$$eval('h1, h2, h3, h4, h5, h6, .theme-admonition [class*="admonitionHeading"], li', (elements) =>
    elements.map((element) => (element.textContent ?? '').replace(/\u200b/g, '').replace(/\s+/g, ' ').trim()),
  );
}

describe('the sitemap', () => {
  it('lists every page of the chapter outline', () => {
    for (const {path} of SEED_OUTLINE) expect(pages).toContain(path);
  });
});

describe.each(pages)('page %s', (path) => {
  const outline = SEED_OUTLINE.find((entry) => entry.path === path);

  it('loads with no console error and no request off loopback, showing its seed headings and diagrams', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const response = await page.goto(origin + path, {waitUntil: 'networkidle'});
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();

      if (outline) {
        const texts = await headingTexts(page);
        for (const heading of outline.headings) {
          expect(texts.some((text) => text === heading || text.startsWith(`${heading} `)), `heading "${heading}"`).toBe(true);
        }
        if (outline.diagrams > 0) {
          // Diagrams are drawn as the reader reaches them: act like one.
          await page.mouse.move(5, 5);
          for (const diagram of await page.locator('[data-diagram]').all()) await diagram.scrollIntoViewIfNeeded();
          const diagrams = page.locator('.docusaurus-mermaid-container svg');
          await diagrams.nth(outline.diagrams - 1).waitFor({state: 'attached', timeout: 20_000});
          expect(await diagrams.count()).toBeGreaterThanOrEqual(outline.diagrams);
          // A diagram that failed to parse renders Mermaid's error graphic instead of nodes.
          expect(await page.locator('.docusaurus-mermaid-container [aria-roledescription="error"]').count()).toBe(0);
        }
      }
      // Let late chunks (Mermaid, search index) settle before judging the console.
      await page.waitForLoadState('networkidle');
      expect(audit.pageErrors).toEqual([]);
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('offline search', () => {
  it('finds PeerAuthentication from the search bar, with its index served locally', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(origin + '/', {waitUntil: 'networkidle'});
      const input = page.locator('input.navbar__search-input');
      await input.click();
      await input.fill('PeerAuthentication');
      // Suggestions come from the index built into the site; choosing one opens the page.
      const suggestion = page.locator('[role="option"]', {has: page.locator('mark', {hasText: 'PeerAuthentication'})}).filter({hasText: 'Security'}).first();
      await suggestion.waitFor({timeout: 15_000});
      await suggestion.click();
      await page.waitForURL(/\/istio\/security/, {timeout: 15_000});
      await page.locator('article h1', {hasText: /^Security$/}).waitFor({timeout: 15_000});
      expect(audit.offLoopbackRequests).toEqual([]);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists PeerAuthentication results on the search page', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(origin + '/search?q=PeerAuthentication', {waitUntil: 'networkidle'});
      const result = page.locator('article a[href*="/istio/security"]').first();
      await result.waitFor({timeout: 15_000});
      expect(audit.offLoopbackRequests).toEqual([]);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
