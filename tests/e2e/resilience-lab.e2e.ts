/**
 * The lab request panel's upstream behaviour box: the resilience timeline drawn for ten
 * requests against pods that answer as the script says, the mTLS of each destination
 * workload, and a script mistake said plainly (src/components/YamlLab/TimelineView.tsx).
 * Linkerd's failure accrual shutting every pod and the fail-fast that follows, drawn the same way.
 * Its rate field: which requests a Linkerd rate limit answers 429, drawn one cell per request
 * (src/components/YamlLab/RateLimitView.tsx).
 */
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Locator} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {editorReady, yamlLab as lab} from './support/yaml-lab';

const origin = inject('origin');
const PAGE = `${origin}/istio/traffic-management`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

const requestRows = (panel: Locator) => panel.locator('[data-timeline] li[data-status]').evaluateAll((items) =>
  items.map((item) => `${item.getAttribute('data-status')}/${item.getAttribute('data-attempts')}`));

describe('the upstream behaviour box of the request panel', () => {
  it('draws a timeline of retries under a script, shows mTLS per workload, and names a script mistake', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'reviews-virtualservice');
      await editorReady(labRoot);
      const panel = labRoot.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.locator('[data-outcome="routed"]').waitFor({timeout: 10_000});
      // The lab's pods have sidecars and no policy: auto mTLS between sidecars.
      await expect.poll(() => panel.locator('[data-mtls]').evaluateAll((items) => items.map((i) => i.getAttribute('data-mtls')))).toEqual(['mtls']);

      const box = panel.getByRole('textbox', {name: /Upstream behaviour/});
      // Refused connections: the mesh default retries twice on connect-failure, then 503 UF,URX.
      await box.fill('*: refuse');
      await expect.poll(() => requestRows(panel)).toEqual(Array.from({length: 10}, () => '503/3'));
      await expect.poll(() => panel.locator('[data-timeline] [data-worst-case]').getAttribute('data-worst-case')).toBe('unbounded');
      // The heading follows the timeline, not the routing answer's 200.
      await expect(panel.locator('[data-headline]').getAttribute('data-headline')).resolves.toBe('timeline');
      await expect(panel.locator('[data-headline]').innerText()).resolves.toMatch(/^503 UF,URX 10 requests under the upstream script: 10 × 503 UF,URX/);

      // A 503 is not retried by the mesh default: one try each.
      await box.fill('*: 503 after 20ms');
      await expect.poll(() => requestRows(panel)).toEqual(Array.from({length: 10}, () => '503/1'));

      // Without a script, the routing answer is the heading again.
      await box.fill('');
      await expect.poll(() => panel.locator('[data-headline]').getAttribute('data-headline')).toBe('routing');

      await box.fill('pod 1 hang');
      await panel.locator('[data-timeline-error]').waitFor({timeout: 10_000});
      await expect(panel.locator('[data-timeline-error]').textContent()).resolves.toMatch(/upstream script line 1: no ":"/);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the Linkerd failure accrual lab', () => {
  it('draws every pod shut after five retried requests, the sixth failing fast after 3 s and its retry shed, the last four shed at once', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(`${origin}/patterns/resilience`, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'pattern-linkerd-reviews-failure-accrual');
      await editorReady(labRoot);
      const panel = labRoot.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.getByRole('textbox', {name: 'Host'}).fill('reviews.bookinfo:9080');
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/productpage-v1');
      await panel.locator('[data-outcome="routed"]').waitFor({timeout: 10_000});
      await panel.getByRole('textbox', {name: /Upstream behaviour/}).fill('*: 503');
      await expect.poll(() => requestRows(panel)).toEqual([...Array(5).fill('503/3'), '503/2', ...Array(4).fill('503/1')]);
      const events = () => panel.locator('[data-timeline] [data-event]').evaluateAll((items) => items.map((i) => i.getAttribute('data-event')));
      await expect.poll(events).toEqual(['ejected', 'ejected', 'ejected', 'fail-fast']);
      await expect(panel.locator('[data-timeline] [data-event="fail-fast"]').innerText()).resolves.toMatch(/3750 ms: reviews\.bookinfo\.svc\.cluster\.local enters fail-fast/);
      // The event list is named for what Linkerd does, not for Envoy's outlier detection.
      await expect(panel.getByRole('list', {name: 'Failure accrual and fail-fast'}).count()).resolves.toBe(1);
      await expect(panel.getByRole('list', {name: 'Outlier detection'}).count()).resolves.toBe(0);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the rate field of the request panel', () => {
  it("draws which requests Linkerd's HTTPLocalRateLimitPolicy answers 429, names the limit, and refuses a rate over the bound", async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(`${origin}/patterns/traffic`, {waitUntil: 'networkidle'});
      const labRoot = lab(page, 'pattern-linkerd-reviews-rate-limit');
      await editorReady(labRoot);
      const panel = labRoot.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.getByRole('textbox', {name: 'Host'}).fill('reviews-v1.bookinfo');
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/productpage-v1');
      await panel.locator('[data-outcome="routed"]').waitFor({timeout: 10_000});
      const rate = panel.getByRole('spinbutton', {name: /Rate/});
      // One pod, and productpage's service account has an override of 50 per second: at 100, the
      // burst and the first second's refill serve the first 99, then every other request is served.
      await rate.fill('100');
      await panel.locator('[data-rate-limit]').waitFor({timeout: 10_000});
      await expect.poll(() => panel.locator('[data-rate-limit]').getAttribute('data-served-per-second')).toBe('50');
      const cells = panel.locator('[data-rate-limit] li[data-outcome]');
      await expect(cells.count()).resolves.toBe(120);
      const outcomes = await cells.evaluateAll((items) => items.map((i) => i.getAttribute('data-outcome')));
      expect(outcomes.slice(0, 99)).toEqual(Array(99).fill('served'));
      expect(outcomes.slice(99, 103)).toEqual(['limited', 'served', 'limited', 'served']);
      // The strip wraps into rows whose cells all start at one height: Infima's `.markdown li + li`
      // top margin once lifted each row's first cell above the rest.
      const misplaced = await cells.evaluateAll((items) => items.flatMap((item, i) => {
        if (i === 0) return [];
        const previous = items[i - 1]!.getBoundingClientRect();
        const box = item.getBoundingClientRect();
        return box.top === previous.top || box.top >= previous.bottom ? [] : [`#${i + 1} starts at ${box.top}, #${i} at ${previous.top}`];
      }));
      expect(misplaced).toEqual([]);
      const legend = panel.getByRole('list', {name: 'Rate limits on the path'});
      await expect(legend.innerText()).resolves.toMatch(/HTTPLocalRateLimitPolicy bookinfo\/reviews-rate-limit \(total 100 rps, override 50 rps for bookinfo-productpage/);
      // Under every limit: nothing refused.
      await rate.fill('10');
      await expect.poll(() => cells.evaluateAll((items) => items.every((i) => i.getAttribute('data-outcome') === 'served'))).toBe(true);
      await rate.fill('5000');
      await panel.locator('[data-rate-limit-error]').waitFor({timeout: 10_000});
      await expect(panel.locator('[data-rate-limit-error]').textContent()).resolves.toMatch(/at most 1000 requests per second/);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
