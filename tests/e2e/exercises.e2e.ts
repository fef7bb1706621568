import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Locator} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {checkExercise, openExercise, typeLines} from './support/yaml-lab';

const origin = inject('origin');

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

async function check(exercise: Locator): Promise<{solved: boolean; criteria: {passed: boolean; text: string}[]}> {
  const criteria = await checkExercise(exercise);
  return {solved: (await exercise.locator('[data-solved]').getAttribute('data-solved')) === 'true', criteria};
}

describe('exercises', () => {
  it('fail with reasons, pass once solved by typing, fail again when broken, and remember progress', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'reviews-destinationrule');
      await expect(exercise.locator('[data-progress]').getAttribute('data-progress')).resolves.toBe('new');

      // The starting YAML defines only subset v1: the v2 and v3 criteria fail, saying why.
      let result = await check(exercise);
      expect(result.solved).toBe(false);
      const failed = result.criteria.filter((criterion) => !criterion.passed);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.map((criterion) => criterion.text).join('\n')).toMatch(/v2|v3|503/);

      // Type the two missing subsets at the end of the DestinationRule.
      await exercise.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+End');
      await typeLines(page, ['  - name: v2', '    labels:', '      version: v2', '  - name: v3', '    labels:', '      version: v3']);
      result = await check(exercise);
      expect(result.criteria.filter((criterion) => !criterion.passed)).toEqual([]);
      expect(result.solved).toBe(true);
      await expect(exercise.locator('[data-progress]').getAttribute('data-progress')).resolves.toBe('solved');

      // Break it: v3's pods are labelled version: v3, not v4.
      await exercise.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('4');
      result = await check(exercise);
      expect(result.solved).toBe(false);
      expect(result.criteria.find((criterion) => !criterion.passed)?.text).toMatch(/v3|20%|503|no healthy/i);

      // Progress survives a reload, and the chapter page lists it.
      await page.goto(`${origin}/`, {waitUntil: 'networkidle'});
      await expect(page.locator('[data-exercise-row="reviews-destinationrule"] [data-progress]').getAttribute('data-progress')).resolves.toBe('solved');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('checks the seed canary by behaviour: 80/20 and a second tester typed in pass, a wrong subset fails with the reason', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'reviews-canary-shift');
      const editor = exercise.locator('.monaco-editor .view-lines');
      const goToLineEnd = async (line: number): Promise<void> => {
        await editor.click();
        await page.keyboard.press('Control+Home');
        for (let index = 1; index < line; index++) await page.keyboard.press('ArrowDown');
        await page.keyboard.press('End');
      };

      // Weights 50/50 → 80/20 (lines 21 and 25 of the starting YAML), bottom first so line numbers hold.
      await goToLineEnd(25);
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('20');
      await goToLineEnd(21);
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('80');
      let result = await check(exercise);
      expect(result.solved).toBe(false);
      const kim = result.criteria.find((criterion) => /kim/.test(criterion.text));
      expect(kim?.passed).toBe(false);
      expect(kim?.text).toMatch(/20% reach subset v3/);
      expect(result.criteria.filter((criterion) => /of other requests/.test(criterion.text)).map((criterion) => criterion.passed)).toEqual([true, true]);

      // kim's rule goes after jason's (line 16), before the catch-all.
      await goToLineEnd(16);
      await typeLines(page, ['  - match:', '    - headers:', '        end-user:', '          exact: kim', '    route:', '    - destination:', '        host: reviews', '        subset: v3']);
      result = await check(exercise);
      expect(result.criteria.filter((criterion) => !criterion.passed)).toEqual([]);
      expect(result.solved).toBe(true);

      // Break it: kim's rule now points at v2.
      await goToLineEnd(24);
      await page.keyboard.press('Backspace');
      await page.keyboard.type('2');
      result = await check(exercise);
      expect(result.solved).toBe(false);
      expect(result.criteria.find((criterion) => !criterion.passed)?.text).toMatch(/kim.*0% reach subset v3.*v2/s);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reveals hints one by one and shows the solution beside the YAML', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'reviews-canary-shift');
      await exercise.getByRole('button', {name: /Show a hint \(1 of/}).click();
      await expect(exercise.locator('ol[aria-label="Hints"] li').count()).resolves.toBe(1);
      await exercise.getByRole('button', {name: /Show a hint \(2 of/}).click();
      await expect(exercise.locator('ol[aria-label="Hints"] li').count()).resolves.toBe(2);

      await exercise.getByRole('button', {name: 'Show the solution'}).click();
      await exercise.locator('.monaco-diff-editor').waitFor({timeout: 10_000});
      await exercise.getByRole('button', {name: /Put the solution in the editor/}).click();
      const result = await check(exercise);
      expect(result.solved).toBe(true);
      expect(audit.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
