/**
 * A share link is a stranger's YAML opened in the reader's browser. Opened and drawn as a
 * reader would, its values must stay text: in the editor, and in the routing diagram,
 * where a Mermaid directive in a label once restyled the diagram and made the browser
 * fetch from another host. The audited page refuses and records any request off loopback.
 */
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Locator, Page} from 'playwright-core';
import {SHARE_MAX_ENCODED} from '../../src/labs/share';
import {launch, openAuditedPage} from './support/audited-page';
import {editorReady, editorText, yamlLab} from './support/yaml-lab';

const origin = inject('origin');
const PAGE = `${origin}/istio/traffic-management`;
const LAB = 'reviews-virtualservice';

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

/** Styles every node and every HTML label of the diagram with images from a host that does not exist. */
const DIRECTIVE = "%%{init: {'themeCSS':'.node{background-image:url(http://example.invalid/x.png)} span,div,p{background-image:url(http://example.invalid/label.png)}'}}%%";
const IMG = '<img src=http://example.invalid/img.png onerror=window.__pwned=1>';
const JAVASCRIPT = 'javascript:window.__pwned=2';
const HUGE = `${'W'.repeat(5000)}%%{init: {'themeCSS':'*{background:url(http://example.invalid/huge.png)}'}}%%`;

/** The chapter's VirtualService, its header values replaced by hostile ones (JSON strings are YAML). */
const HOSTILE_YAML = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: ${JSON.stringify(DIRECTIVE)}
    route:
    - destination:
        host: reviews
        subset: v2
  - match:
    - headers:
        x-img:
          exact: ${JSON.stringify(IMG)}
    route:
    - destination:
        host: reviews
        subset: v1
  - match:
    - uri:
        prefix: ${JSON.stringify(JAVASCRIPT)}
    route:
    - destination:
        host: reviews
        subset: v1
  - match:
    - headers:
        x-huge:
          exact: ${JSON.stringify(HUGE)}
    route:
    - destination:
        host: reviews
        subset: v3
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 50
    - destination:
        host: reviews
        subset: v3
      weight: 50
`;

const lab = (page: Page): Locator => yamlLab(page, LAB);

function shareHash(text: string): string {
  return `#lab-${LAB}=${Buffer.from(text, 'utf8').toString('base64url')}`;
}

describe('a hostile share link', () => {
  it('opens as text in the editor and draws as text in the routing diagram, fetching nothing from outside', async () => {
    const {page, audit} = await openAuditedPage(browser);
    await page.goto(`${PAGE}${shareHash(HOSTILE_YAML)}`, {waitUntil: 'networkidle'});
    const labRoot = lab(page);
    await editorReady(labRoot);
    await expect(labRoot.innerText()).resolves.toMatch(/shared link/);
    // The editor holds the stranger's text as text (Monaco draws the visible lines).
    const shown = await editorText(labRoot);
    expect(shown).toContain(DIRECTIVE);
    expect(shown).toContain(IMG);
    expect(shown).toContain(JAVASCRIPT);

    const diagram = labRoot.locator('[data-routing-diagram]');
    await diagram.locator('summary').click();
    const drawn = diagram.locator('[data-drawn]');
    await drawn.locator('svg').waitFor({timeout: 15_000});
    // Give any injected style time to load its images, as an open diagram would.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);

    // The values are drawn as label text, the long one cut short.
    const text = await drawn.innerText();
    expect(text).toContain("rule 1: header end-user = %%{init: {'themeCSS'");
    expect(text).toContain('header x-img = <img src=http://example.invalid/img.png');
    expect(text).toContain(`rule 3: uri ${JAVASCRIPT}*`);
    expect(text).toMatch(/header x-huge = W+…/);
    expect(text).not.toContain('W'.repeat(200));
    expect(text).toMatch(/50%/);

    // Nothing of theirs became markup, style or script.
    const found = await page.evaluate(() => ({
      handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
      images: Array.from(document.querySelectorAll('img, image')).map((element) => element.outerHTML).filter((html) => html.includes('example.invalid')),
      links: Array.from(document.querySelectorAll('[href], [xlink\\:href]')).map((element) => element.getAttribute('href') ?? '').filter((href) => /javascript:|example\.invalid/i.test(href)),
      styles: Array.from(document.querySelectorAll('style')).map((style) => style.textContent ?? '').filter((css) => css.includes('example.invalid')),
      backgrounds: Array.from(document.querySelectorAll('[data-routing-diagram] [data-drawn] *'))
        .map((element) => getComputedStyle(element).backgroundImage)
        .filter((image) => image !== 'none'),
      fetched: performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.includes('example.invalid')),
      pwned: (window as unknown as {__pwned?: number}).__pwned,
    }));
    expect(found).toEqual({handlers: 0, images: [], links: [], styles: [], backgrounds: [], fetched: [], pwned: undefined});
    expect(audit.offLoopbackRequests).toEqual([]);
  });

  it('cannot be outgrown by Share: an edit too large for a link is refused with a message, and the address is left alone', async () => {
    const {context, page} = await openAuditedPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin});
    // A shared edit exactly at the limit opens; one more character would not fit a link.
    const filler = `# ${'x'.repeat((SHARE_MAX_ENCODED / 4) * 3 - HOSTILE_YAML.length - 3)}\n`;
    const largest = `${filler}${HOSTILE_YAML}`;
    expect(Buffer.from(largest).toString('base64url')).toHaveLength(SHARE_MAX_ENCODED);
    await page.goto(`${PAGE}${shareHash(largest)}`, {waitUntil: 'networkidle'});
    const labRoot = lab(page);
    await editorReady(labRoot);
    const hashBefore = await page.evaluate(() => location.hash);
    await labRoot.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('#');
    await labRoot.getByRole('button', {name: 'Share'}).click();
    await expect.poll(() => labRoot.innerText()).toMatch(/This edit is too large to share as a link \(25 KB; at most 24 KB\)/);
    await expect(page.evaluate(() => location.hash)).resolves.toBe(hashBefore);
  });
});
