import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Locator, Page} from 'playwright-core';
import {upgradeFor} from '../../src/labs/code-block-meta';
import {sitemapPaths} from '../support/static-server';
import {launch, openAuditedPage} from './support/audited-page';
import {editorReady, editorText, goToLine, yamlLab as lab} from './support/yaml-lab';

const origin = inject('origin');
const PAGE = `${origin}/istio/traffic-management`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

/** How many fenced blocks in docs/ the theme turns into labs, decided as the theme decides. */
function chapterLabBlocks(): number {
  let count = 0;
  for (const file of readdirSync('docs', {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.mdx'))) {
    for (const fence of readFileSync(join('docs', file), 'utf8').matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```/gm)) {
      if (upgradeFor(fence[1], fence[2], fence[3]!).kind === 'yaml-lab') count++;
    }
  }
  expect(count, 'lab blocks in docs/').toBeGreaterThan(0);
  return count;
}

async function problemLines(labRoot: Locator): Promise<{line: string | null; severity: string | null; text: string}[]> {
  return labRoot.locator('li[data-line]').evaluateAll((items) =>
    items.map((item) => ({line: item.getAttribute('data-line'), severity: item.getAttribute('data-severity'), text: item.textContent ?? ''})),
  );
}

describe('YAML labs on the traffic-management page', () => {
  it('does not load Monaco before a lab nears the viewport', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      // A short window keeps every lab far below the fold.
      await page.setViewportSize({width: 1000, height: 300});
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.endsWith('.js')));
      const before = await scripts();
      expect(await page.locator('.monaco-editor').count()).toBe(0);
      // The server-rendered fallback already shows the YAML.
      await expect(lab(page, 'reviews-virtualservice').innerText()).resolves.toContain('subset: v2');

      const labRoot = lab(page, 'reviews-virtualservice');
      await labRoot.scrollIntoViewIfNeeded();
      const fallbackHeight = (await labRoot.boundingBox())!.height;
      await editorReady(labRoot);
      // The editor takes the fallback's place without moving the page.
      expect(Math.abs((await labRoot.boundingBox())!.height - fallbackHeight)).toBeLessThanOrEqual(1);
      const after = await scripts();
      const monacoChunks = after.filter((name) => !before.includes(name));
      expect(monacoChunks.length).toBeGreaterThan(0);
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('judges the chapter\'s VirtualService and DestinationRule valid against the reviews context', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const virtualService = lab(page, 'reviews-virtualservice');
      await editorReady(virtualService);
      await expect(virtualService.locator('[data-state]').getAttribute('data-state')).resolves.toBe('valid');
      const destinationRule = lab(page, 'reviews-destinationrule');
      await editorReady(destinationRule);
      await expect(destinationRule.locator('[data-state]').getAttribute('data-state')).resolves.toBe('valid');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('flags a misspelt field at its line, clears it when fixed, keeps edits over reload, and resets undoably', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      let labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);

      // Line 14 is `    route:` of the first HTTP rule; make it `xroute`.
      await goToLine(page, labRoot, 14);
      // How fast the verdict arrives is measured by `npm run bench:labs`, not asserted here.
      await page.keyboard.type('x');
      await labRoot.locator('li[data-line="14"][data-severity="error"]').waitFor({timeout: 10_000});
      const problems = await problemLines(labRoot);
      expect(problems.find((problem) => problem.line === '14')?.text).toMatch(/xroute/);
      expect(problems.find((problem) => problem.line === '14')?.text).toMatch(/route/);

      // Clicking the problem moves the cursor to it.
      await labRoot.locator('li[data-line="14"] button').click();
      await expect(page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).resolves.toBe(true);

      // The cursor is now before the stray `x`: delete it and the lab is valid again.
      await page.keyboard.press('Delete');
      await labRoot.locator('[data-state="valid"]').waitFor({timeout: 10_000});

      // Edit again, then reload: the edit survives.
      await goToLine(page, labRoot, 14);
      await page.keyboard.type('x');
      await labRoot.locator('li[data-line="14"]').waitFor({timeout: 10_000});
      await page.waitForTimeout(600); // the save debounce
      await page.reload({waitUntil: 'networkidle'});
      labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      await expect(editorText(labRoot)).resolves.toContain('xroute:');
      await labRoot.locator('li[data-line="14"][data-severity="error"]').waitFor({timeout: 10_000});

      // Reset restores the chapter's YAML, and Ctrl+Z takes the reset back.
      await labRoot.getByRole('button', {name: 'Reset'}).click();
      await labRoot.locator('[data-state="valid"]').waitFor({timeout: 10_000});
      await expect(editorText(labRoot)).resolves.not.toContain('xroute');
      await labRoot.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+z');
      await labRoot.locator('li[data-line="14"]').waitFor({timeout: 10_000});
      await expect(editorText(labRoot)).resolves.toContain('xroute:');

      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps every keystroke of fast typing on a slow machine', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      // A CPU six times slower than this one: each keystroke's re-render and validation lag
      // behind the typing, which is when a controlled editor used to drop characters.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', {rate: 6});
      await goToLine(page, labRoot, 17);
      await page.keyboard.press('End');
      const typed = ['  - route:', '    - destination:', '        host: reviews', '        subset: v3'];
      for (const line of typed) {
        await page.keyboard.press('Enter');
        await page.keyboard.press('Shift+Home');
        await page.keyboard.type(line);
      }
      await cdp.send('Emulation.setCPUThrottlingRate', {rate: 1});
      await expect.poll(() => editorText(labRoot), {timeout: 10_000}).toContain(`subset: v2\n${typed.join('\n')}\n`);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('completes field names from the schema and explains a field on hover', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      // After line 17 (`subset: v2` of the jason route's destination), start a new field.
      await goToLine(page, labRoot, 17);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('po');
      await page.keyboard.press('Control+Space');
      const suggestions = page.locator('.suggest-widget .monaco-list-row');
      await suggestions.first().waitFor({timeout: 10_000});
      await expect(suggestions.allInnerTexts()).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/^port/)]));
      await page.keyboard.press('Escape');

      // Hover the middle of `subset` on line 17 (column 11): lines are LINE_HEIGHT (20px) tall, under 12px of padding.
      const text = await labRoot.locator('.monaco-editor .view-lines').boundingBox();
      const charWidth = await labRoot.locator('.monaco-editor .view-lines').evaluate(() => {
        const probe = document.createElement('span');
        probe.textContent = 'x'.repeat(100);
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;font:14px SFMono-Regular, Menlo, Monaco, Consolas, "Liberation Mono", "Courier New", monospace';
        document.body.append(probe);
        const width = probe.getBoundingClientRect().width / 100;
        probe.remove();
        return width;
      });
      await page.mouse.move(text!.x + 10.5 * charWidth, text!.y + 12 + 16 * 20 + 10);
      const hover = page.locator('.monaco-hover').filter({hasText: 'subset'});
      await hover.first().waitFor({timeout: 10_000});
      await expect(hover.first().innerText()).resolves.toMatch(/subset/);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('copies, downloads, diffs and shares the edit', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin});
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      await goToLine(page, labRoot, 17);
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('3');
      await labRoot.locator('[data-state="valid"]').waitFor({timeout: 10_000});

      await labRoot.getByRole('button', {name: 'Copy'}).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('subset: v3');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain('kind: VirtualService');
      expect(copied.split('\n')[16]).toBe('        subset: v3');

      const [download] = await Promise.all([page.waitForEvent('download'), labRoot.getByRole('button', {name: 'Download'}).click()]);
      expect(download.suggestedFilename()).toBe('virtualservice.yaml');

      await labRoot.getByRole('button', {name: 'Diff'}).click();
      const diff = labRoot.locator('.monaco-diff-editor');
      await diff.waitFor({timeout: 10_000});
      await expect(labRoot.getByRole('button', {name: 'Diff'}).getAttribute('aria-pressed')).resolves.toBe('true');
      // The diff is computed in the editor worker: wait for the changed line to be marked.
      await expect.poll(() => diff.locator('.line-insert, .char-insert').count(), {timeout: 10_000}).toBeGreaterThan(0);

      await labRoot.getByRole('button', {name: 'Share'}).click();
      await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#lab-reviews-virtualservice=/);
      const shared = await page.evaluate(() => navigator.clipboard.readText());
      expect(shared).toContain('#lab-reviews-virtualservice=');

      // Someone else opens the link: a fresh browser with no saved edit.
      const other = await openAuditedPage(browser);
      try {
        await other.page.goto(shared, {waitUntil: 'networkidle'});
        const theirs = lab(other.page, 'reviews-virtualservice');
        await editorReady(theirs);
        await expect(editorText(theirs)).resolves.toMatch(/subset: v3\s+- route:/);
      } finally {
        await other.context.close();
      }
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('follows the site\'s dark theme', async () => {
    const {context, page} = await openAuditedPage(browser);
    try {
      await page.emulateMedia({colorScheme: 'dark'});
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
      await labRoot.locator('.monaco-editor.vs-dark').waitFor({timeout: 10_000});
      await page.locator('button[title*="mode"], button[aria-label*="mode"]').first().click();
      await labRoot.locator('.monaco-editor.vs').waitFor({timeout: 10_000});
    } finally {
      await context.close();
    }
  });

  it('sends a request through the edited VirtualService and shows where it goes', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      const panel = labRoot.locator('[data-request-panel]');
      await panel.locator('summary').click();
      const rows = () => panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-subset')}=${tr.getAttribute('data-share')}`));

      // The default request carries end-user: jason, so the first rule sends it to v2, highlighted in the YAML.
      await panel.locator('[data-outcome="routed"]').waitFor({timeout: 10_000});
      await expect.poll(rows).toEqual(['v2=1']);
      await expect.poll(() => labRoot.locator('.view-overlays [class*="routeLine"]').count()).toBe(8);

      // Without the header, the default route splits 50/50.
      await panel.getByRole('textbox', {name: 'Headers, one per line'}).fill('');
      await expect.poll(rows).toEqual(['v1=0.5', 'v3=0.5']);

      // Edit the weights: the split follows the YAML.
      await goToLine(page, labRoot, 22);
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('80');
      await goToLine(page, labRoot, 26);
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('20');
      await expect.poll(rows).toEqual(['v1=0.8', 'v3=0.2']);

      // Broken YAML: the panel says so rather than guessing.
      await goToLine(page, labRoot, 18);
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await panel.locator('[data-outcome="invalid"]').waitFor({timeout: 10_000});
      await expect(panel.innerText()).resolves.toMatch(/not valid/);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('draws the routing of the edited VirtualService, keeping the last good diagram while the YAML is invalid', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      const diagram = labRoot.locator('[data-routing-diagram]');
      await diagram.locator('summary').click();
      await diagram.locator('[data-drawn] svg').waitFor({timeout: 15_000});
      await expect(diagram.locator('[data-drawn]').innerText()).resolves.toMatch(/rule 1: header end-user = jason/);
      await expect(diagram.locator('[data-drawn]').innerText()).resolves.toMatch(/50%/);

      // Change a weight: the diagram is redrawn with the new split.
      await goToLine(page, labRoot, 22);
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('150');
      await expect.poll(() => diagram.locator('[data-drawn]').innerText(), {timeout: 10_000}).toMatch(/75%/);

      // Break the YAML: the last good diagram stays, marked as such.
      await goToLine(page, labRoot, 14);
      await page.keyboard.type('x');
      await diagram.locator('[data-stale]').waitFor({timeout: 10_000});
      await expect(diagram.locator('[data-drawn]').innerText()).resolves.toMatch(/75%/);
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('leaves the editor with Escape for the toolbar', async () => {
    const {context, page} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      await goToLine(page, labRoot, 3);
      await page.keyboard.press('Escape');
      const focused = await page.evaluate(() => ({tag: document.activeElement?.tagName, text: document.activeElement?.textContent, inToolbar: !!document.activeElement?.closest('[role="toolbar"]')}));
      expect(focused.tag).toBe('BUTTON');
      expect(focused.inToolbar).toBe(true);
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => !!document.activeElement?.closest('[role="toolbar"]'))).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });

  it('keeps working, and says edits will not be kept, when storage is disabled', async () => {
    // Docusaurus's theme warns once that it cannot use storage either; that warning is the only message allowed.
    const {context, page} = await openAuditedPage(browser, {
      expected: [
        'Docusaurus browser storage is not available.\nPossible reasons: running Docusaurus in an iframe, in an incognito browser session, or using too strict browser privacy settings. SecurityError: The operation is insecure.',
      ],
    });
    try {
      await context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          get() {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
      });
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      await expect(labRoot.innerText()).resolves.toMatch(/edits will not be kept/);
      await goToLine(page, labRoot, 14);
      await page.keyboard.type('x');
      await labRoot.locator('li[data-line="14"][data-severity="error"]').waitFor({timeout: 10_000});
    } finally {
      await context.close();
    }
  });

  it('opens a shared edit from the link as text, and refuses an oversized one with a message', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const hostile = '<img src=x onerror="window.__pwned=1">\nkind: VirtualService\n';
      const encoded = Buffer.from(hostile, 'utf8').toString('base64url');
      await page.goto(`${PAGE}#lab-reviews-virtualservice=${encoded}`, {waitUntil: 'networkidle'});
      let labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      await expect(editorText(labRoot)).resolves.toContain('<img src=x onerror=');
      await expect(page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned)).resolves.toBeUndefined();
      await expect(labRoot.innerText()).resolves.toMatch(/shared link/);

      await page.goto(`${PAGE}#lab-reviews-virtualservice=${'A'.repeat(100_000)}`, {waitUntil: 'networkidle'});
      await page.reload({waitUntil: 'networkidle'});
      labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      await expect(labRoot.innerText()).resolves.toMatch(/too large/);
      await expect(editorText(labRoot)).resolves.toContain('subset: v2');
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Labs whose warning is the lesson: IST0134 on TCP ServiceEntries without addresses (the DNS capture section of /patterns/traffic). */
const SHOWS_ITS_FINDING = new Set(['pattern-tcp-entries-dns-capture']);

describe('YAML labs across the book', () => {
  // Every lab of the book, one after another: the time grows with the book (the pattern pages added 24 labs).
  it('turn every Istio YAML block into a lab that judges the chapter\'s own YAML valid', async () => {
    const {context, page} = await openAuditedPage(browser);
    try {
      let labs = 0;
      for (const path of sitemapPaths(readFileSync(`${inject('buildDir')}/sitemap.xml`, 'utf8'))) {
        await page.goto(origin + path, {waitUntil: 'networkidle'});
        for (const labRoot of await page.locator('[data-lab="yaml"]').all()) {
          // An exercise starts from YAML that is wrong on purpose; the chapter's own blocks must be right.
          if ((await labRoot.getAttribute('data-lab-id'))?.startsWith('exercise-')) continue;
          await editorReady(labRoot);
          const id = await labRoot.getAttribute('data-lab-id');
          const verdict = await labRoot.locator('[data-state]').innerText();
          // A lab whose warning is its lesson (tests/site/pattern-pages.test.ts checks which warning) shows it, and no error.
          expect(await labRoot.locator('[data-state]').getAttribute('data-state'), `${path} ${id}: ${verdict}`).toBe(SHOWS_ITS_FINDING.has(id ?? '') ? 'warnings' : 'valid');
          labs++;
        }
      }
      // Every fenced block of the chapter's sources that the theme upgrades to a lab was found and judged.
      expect(labs).toBe(chapterLabBlocks());
    } finally {
      await context.close();
    }
  }, 300_000);

  it('shows each lab\'s YAML, highlighted, without JavaScript', async () => {
    const {context, page} = await openAuditedPage(browser, {javaScriptEnabled: false});
    try {
      await page.goto(PAGE);
      const labRoot = lab(page, 'reviews-virtualservice');
      await expect(labRoot.innerText()).resolves.toContain('exact: jason');
      await expect(labRoot.locator('.token').count()).resolves.toBeGreaterThan(10);
    } finally {
      await context.close();
    }
  });
});
