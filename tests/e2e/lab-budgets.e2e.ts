import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {editorReady, yamlLab as lab} from './support/yaml-lab';

/*
 * The labs' budgets in the real build. The time budget (a stuck evaluation is stopped and
 * the worker restarted) is covered by tests/labs/engine-watchdog.test.ts with fake workers:
 * the site keeps no input that hangs the engine on purpose, and no test-only hook.
 */

const origin = inject('origin');
const PAGE = `${origin}/istio/traffic-management`;
/** The engine's EDITOR_MAX_BYTES, as the reader is told it. */
const LIMIT = '262,144';

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

describe('the size budget of a lab', () => {
  it('answers a pasted text over the engine\'s limit with a message, while the other lab on the page keeps validating', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin});
      await page.goto(PAGE, {waitUntil: 'networkidle'});
      const virtualService = lab(page, 'reviews-virtualservice');
      await editorReady(virtualService, 30_000);

      // Replace the YAML with ~300 KB from the clipboard: a comment line repeated, as a careless
      // paste would. (Typed with keyboard.insertText, Monaco takes minutes over that much text.)
      await page.evaluate((text) => navigator.clipboard.writeText(text), '# pasted\n'.repeat(34_000));
      await virtualService.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Control+v');
      const refusal = virtualService.locator('li[data-severity="error"]').filter({hasText: 'Validation skipped'});
      await refusal.waitFor({timeout: 20_000});
      await expect(refusal.innerText()).resolves.toMatch(new RegExp(`this text is 306,000 bytes, over the labs' limit of ${LIMIT} bytes\\. Your text is unchanged\\.`));

      // The other lab still gets verdicts: break its YAML and the error shows at its line.
      const destinationRule = lab(page, 'reviews-destinationrule');
      await editorReady(destinationRule, 30_000);
      await expect(destinationRule.locator('[data-state]').first().getAttribute('data-state')).resolves.toBe('valid');
      await destinationRule.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('x');
      await destinationRule.locator('[data-state="invalid"]').waitFor({timeout: 15_000});

      // And the oversized lab is checked again once its text is back under the limit.
      await virtualService.getByRole('button', {name: 'Reset'}).click();
      await virtualService.locator('[data-state="valid"]').waitFor({timeout: 15_000});
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
