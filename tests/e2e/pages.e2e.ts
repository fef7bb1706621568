import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Locator, Page} from 'playwright-core';
import {sitemapPaths} from '../support/static-server';
import {SEED_OUTLINE} from '../site/seed-outline';
import {launch, openAuditedPage} from './support/audited-page';
import {readThrough, waitForWidgets} from './support/reader';

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

  it('works as a reader uses it: read through, every lab, terminal and diagram loaded, typed into, nothing logged and nothing off loopback', async () => {
    // The audit fails this test on any console error or warning, page or worker error, failed request or request off loopback.
    const {page} = await openAuditedPage(browser);
    const response = await page.goto(origin + path, {waitUntil: 'networkidle'});
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();

    await readThrough(page);
    const widgets = await waitForWidgets(page, 60_000);
    if (outline) {
      expect(widgets.filter((widget) => widget.kind === 'diagram').length, 'diagrams drawn').toBeGreaterThanOrEqual(outline.diagrams);
      const texts = await headingTexts(page);
      for (const heading of outline.headings) {
        expect(texts.some((text) => text === heading || text.startsWith(`${heading} `)), `heading "${heading}"`).toBe(true);
      }
    }
    const lab = page.locator('[data-lab="yaml"]').first();
    if ((await lab.count()) > 0) await typeIntoLab(page, lab);
    const terminal = page.locator('[data-lab="terminal"]').first();
    if ((await terminal.count()) > 0) await typeIntoTerminal(page, terminal);
    // Let late chunks (Mermaid, search index) settle before the audit judges the page.
    await page.waitForLoadState('networkidle');
  }, 120_000);
});

/** Adds a comment line at the end of the lab, as a reader's note, and waits for the engine's new verdict. */
async function typeIntoLab(page: Page, lab: Locator): Promise<void> {
  await lab.scrollIntoViewIfNeeded();
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('# a reader was here');
  // Monaco draws spaces as no-break spaces.
  await expect.poll(async () => (await lab.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' '), {timeout: 10_000}).toContain('# a reader was here');
  await lab.locator('[data-state="valid"], [data-state="invalid"], [data-state="warnings"]').waitFor({timeout: 10_000});
}

/** Opens the terminal's "Try it" shell and asks it for help, as a first-time reader would. */
async function typeIntoTerminal(page: Page, terminal: Locator): Promise<void> {
  await terminal.scrollIntoViewIfNeeded();
  await terminal.getByRole('tab', {name: 'Try it'}).click();
  const rows = terminal.locator('.xterm-rows');
  await rows.getByText('type "help"').waitFor({timeout: 10_000});
  await page.keyboard.type('help');
  await page.keyboard.press('Enter');
  // The help's last line: with many commands its first lines scroll above the terminal's rows.
  await expect.poll(() => rows.innerText(), {timeout: 10_000}).toContain('Built-ins: help, hint');
}

describe('offline search', () => {
  it('finds PeerAuthentication from the search bar, with its index served locally', async () => {
    const {context, page} = await openAuditedPage(browser);
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
    } finally {
      await context.close();
    }
  });

  it('lists PeerAuthentication results on the search page', async () => {
    const {context, page} = await openAuditedPage(browser);
    try {
      await page.goto(origin + '/search?q=PeerAuthentication', {waitUntil: 'networkidle'});
      const result = page.locator('article a[href*="/istio/security"]').first();
      await result.waitFor({timeout: 15_000});
    } finally {
      await context.close();
    }
  });
});
