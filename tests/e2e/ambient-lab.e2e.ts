import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {checkExercise, goToLine, openExercise, typeLines} from './support/yaml-lab';

/**
 * The ambient exercise's lab (labs/exercises/ambient-waypoint-canary.yaml) shows the simulator's
 * data-plane decision: the request panel says who routed and which proxies each reviews pod is
 * reached through, and the routing diagram says whether a waypoint applies the HTTPRoute. Enrolling
 * reviews in the waypoint, typed above the route, changes both and solves it. The L7 policy exercise
 * (ambient-waypoint-l7-policy.yaml) is solved by typing too: the selector replaced by targetRefs, and
 * reviews enrolled.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

describe('The ambient waypoint exercise\'s lab', () => {
  it('draws the data plane in its request panel and routing diagram, before and after reviews uses the waypoint', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'ambient-waypoint-canary');

      const panel = exercise.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.getByRole('textbox', {name: 'Host'}).fill('reviews');
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/productpage-v1');
      const dataplane = panel.locator('[data-dataplane]');
      const crossings = () => dataplane.locator('[data-path]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-path')}=${item.getAttribute('data-crosses')}`));
      await expect.poll(() => dataplane.getAttribute('data-routed-by'), {timeout: 10_000}).toBe('none');
      expect(await crossings()).toEqual(['reviews-v1=ztunnel ztunnel', 'reviews-v2=ztunnel ztunnel', 'reviews-v3=ztunnel ztunnel']);
      await expect(dataplane.innerText()).resolves.toContain('No waypoint: neither Service bookinfo/reviews nor namespace bookinfo is labelled istio.io/use-waypoint');
      await expect(dataplane.locator('[data-transport="HBONE"]').count()).resolves.toBeGreaterThan(0);

      const diagram = exercise.locator('[data-routing-diagram]');
      await diagram.locator('summary').click();
      await expect(diagram.locator('[data-drawn]').innerText({timeout: 20_000})).resolves.toContain('reviews has no waypoint, so ztunnel (L4) ignores these routes');

      // Enrol reviews: its Service again, labelled istio.io/use-waypoint, above the HTTPRoute.
      await goToLine(page, exercise, 1);
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.type('apiVersion: v1');
      await typeLines(page, ['kind: Service', 'metadata:', '  name: reviews', '  namespace: bookinfo', '  labels:', '    app: reviews', '    istio.io/use-waypoint: waypoint',
        'spec:', '  selector:', '    app: reviews', '  ports:', '  - name: http', '    port: 9080', '---']);

      await expect.poll(() => dataplane.getAttribute('data-routed-by'), {timeout: 10_000}).toBe('waypoint');
      expect(await crossings()).toEqual(['reviews-v1=ztunnel waypoint ztunnel', 'reviews-v2=ztunnel waypoint ztunnel']);
      await expect(dataplane.innerText()).resolves.toContain('Waypoint bookinfo/waypoint: Service bookinfo/reviews uses waypoint bookinfo/waypoint');
      await expect.poll(() => diagram.locator('[data-drawn]').innerText(), {timeout: 20_000}).toContain('waypoint bookinfo/waypoint applies these routes for reviews');
      // Solved by what was typed: every check passes.
      expect((await checkExercise(exercise)).filter((criterion) => !criterion.passed)).toEqual([]);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('true');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('solves the L7 policy exercise by typing: ztunnel resets everyone, then the waypoint allows productpage\'s GET alone', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'ambient-waypoint-l7-policy');
      const failed = (await checkExercise(exercise)).filter((criterion) => !criterion.passed);
      expect(failed.map((criterion) => criterion.text).join('\n')).toContain('connection reset by ztunnel');

      // The selector (lines 7 to 9, under spec:) becomes targetRefs to the reviews Service.
      await goToLine(page, exercise, 6);
      await page.keyboard.press('End');
      for (let line = 0; line < 3; line++) await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+End');
      await page.keyboard.press('Delete');
      await typeLines(page, ['  targetRefs:', '  - kind: Service', '    group: ""', '    name: reviews']);
      // Then reviews enrolled in the waypoint, typed above the policy.
      await goToLine(page, exercise, 1);
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.type('apiVersion: v1');
      await typeLines(page, ['kind: Service', 'metadata:', '  name: reviews', '  namespace: bookinfo', '  labels:', '    app: reviews', '    istio.io/use-waypoint: waypoint',
        'spec:', '  selector:', '    app: reviews', '  ports:', '  - name: http', '    port: 9080', '---']);

      expect((await checkExercise(exercise)).filter((criterion) => !criterion.passed)).toEqual([]);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('true');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
