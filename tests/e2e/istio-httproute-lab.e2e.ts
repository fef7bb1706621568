import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Locator, Page} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {editorReady, goToLine, yamlLab as lab} from './support/yaml-lab';

/**
 * The Gateway API lab on the Istio traffic page: the reviews canary as an HTTPRoute whose parent
 * is the reviews Service, judged as Gateway API v1.5.1 in a cluster running Istio, typed into
 * and routed in its request panel as a sidecar client's proxy would route it.
 */
const origin = inject('origin');
const TRAFFIC = `${origin}/istio/traffic-management`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

/** Replaces the end of a line: `count` characters deleted before its end, then `text` typed. */
async function retypeLineEnd(page: Page, labRoot: Locator, line: number, count: number, text: string): Promise<void> {
  await goToLine(page, labRoot, line);
  await page.keyboard.press('End');
  for (let i = 0; i < count; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

describe('an HTTPRoute lab on the Istio traffic page', () => {
  it('validates and routes: jason to reviews-v2, everyone else 50/50, then the typed weights and a typo in a backend', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(TRAFFIC, {waitUntil: 'networkidle'});
      const route = lab(page, 'reviews-httproute');
      await editorReady(route, 30_000);
      const verdict = route.locator('[data-state]').first();
      await expect(verdict.getAttribute('data-state')).resolves.toBe('valid');
      await expect(verdict.innerText()).resolves.toContain('Gateway API v1.5.1');

      const panel = route.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/productpage-v1');
      const rows = () => panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('td')?.textContent?.trim()}=${tr.getAttribute('data-share')}`));
      // The panel's default request carries end-user: jason: the header rule sends it to reviews-v2.
      await panel.locator('[data-outcome="routed"]').waitFor({timeout: 15_000});
      await expect.poll(rows, {timeout: 10_000}).toEqual(['reviews-v2=1']);
      await expect(panel.innerText()).resolves.toContain('200 reviews-v2.bookinfo.svc.cluster.local');
      // Everyone else is split evenly between v1 and v3.
      await panel.getByRole('textbox', {name: 'Headers, one per line'}).fill('');
      await expect.poll(rows, {timeout: 10_000}).toEqual(['reviews-v1=0.5', 'reviews-v3=0.5']);

      // Line 27 is v3's `weight: 50`: type 0, and v1 takes every request.
      await retypeLineEnd(page, route, 27, 2, '0');
      await expect.poll(rows, {timeout: 10_000}).toEqual(['reviews-v1=1']);
      await expect(verdict.getAttribute('data-state')).resolves.toBe('valid');

      // Line 25 is `    - name: reviews-v3`: make it reviews-v4, a Service the cluster lacks. The engine flags it at its line.
      await retypeLineEnd(page, route, 25, 1, '4');
      // The verdict on the half-typed `reviews-v` can arrive first: wait for the one on reviews-v4.
      const problem = route.locator('li[data-line="25"]', {hasText: 'reviews-v4'}).first();
      await problem.waitFor({timeout: 10_000});
      await expect(problem.getAttribute('data-severity')).resolves.toBe('error');
      await expect(problem.innerText()).resolves.toMatch(/reviews-v4.*does not exist/);

      expect(audit.consoleErrors).toEqual([]);
      expect(audit.pageErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
