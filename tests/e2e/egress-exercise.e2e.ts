import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {checkExercise, goToLine, openExercise, typeLines} from './support/yaml-lab';

/**
 * The egress exercise (labs/exercises/bookinfo-egress-allowlist.yaml): its request panel says
 * whether a request to an outside host leaves the mesh, and the exercise is solved by typing
 * the ServiceEntry's port 80 and a REGISTRY_ONLY Sidecar.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

describe('The egress exercise', () => {
  it('shows in its request panel whether an outside host is reached, and is solved by typing the port and the Sidecar', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'bookinfo-egress-allowlist');

      const panel = exercise.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.getByRole('textbox', {name: 'Host'}).fill('www.example.org');
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/productpage-v1');
      const egress = () => panel.locator('[data-egress]').getAttribute('data-egress');
      // The start keeps Istio's default ALLOW_ANY: the unknown host is passed through.
      await expect.poll(egress, {timeout: 10_000}).toBe('allowed');
      expect((await checkExercise(exercise)).filter((criterion) => !criterion.passed).map((criterion) => criterion.text)).toHaveLength(2);

      // Line 14 is the ServiceEntry's last line (`protocol: TLS`): add port 80, then the Sidecar.
      await goToLine(page, exercise, 14);
      await page.keyboard.press('End');
      await typeLines(page, [
        '  - number: 80',
        '    name: http',
        '    protocol: HTTP',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: Sidecar',
        'metadata:',
        '  name: default',
        '  namespace: bookinfo',
        'spec:',
        '  outboundTrafficPolicy:',
        '    mode: REGISTRY_ONLY',
      ]);

      await expect.poll(egress, {timeout: 10_000}).toBe('blocked');
      await expect(panel.locator('[data-outcome]').innerText()).resolves.toMatch(/^502/);
      await expect(panel.locator('[data-egress]').innerText()).resolves.toContain('REGISTRY_ONLY, from Sidecar bookinfo/default');
      await panel.getByRole('textbox', {name: 'Host'}).fill('api.example.com');
      await expect.poll(egress, {timeout: 10_000}).toBe('allowed');

      const criteria = await checkExercise(exercise);
      expect(criteria.filter((criterion) => !criterion.passed)).toEqual([]);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('true');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
