import type {Locator, Page} from 'playwright-core';
import {inject} from 'vitest';

/** Driving a YAML lab as a reader does: reaching it, reading its editor, moving in it. */

export function yamlLab(page: Page, id: string): Locator {
  return page.locator(`[data-lab="yaml"][data-lab-id="${id}"]`);
}

/** Waits for the lab's Monaco editor and the engine's first verdict, after acting on the page as a reader would. */
export async function editorReady(labRoot: Locator, timeoutMs = 20_000): Promise<void> {
  // Labs load once the reader acts on the page and nears them: move, then scroll there. A move made
  // before the page hydrated is seen by no listener (and a move to where the pointer already is sends
  // no event), so the pointer keeps moving, as a reader's does, until the editor shows.
  const page = labRoot.page();
  const deadline = Date.now() + timeoutMs;
  await page.mouse.move(2, 2);
  await page.mouse.move(3, 3);
  await labRoot.scrollIntoViewIfNeeded();
  const editor = labRoot.locator('.monaco-editor .view-lines');
  for (let moves = 0; ; moves++) {
    try {
      await editor.waitFor({timeout: Math.max(1, Math.min(2_000, deadline - Date.now()))});
      break;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await page.mouse.move(2 + (moves % 2), 4);
    }
  }
  await labRoot.locator('[data-state="valid"], [data-state="invalid"], [data-state="warnings"]').waitFor({timeout: timeoutMs / 2});
}

/** Opens the exercises page and waits for exercise `id`'s editor and first verdict, as a reader reaches it: the exercise. */
export async function openExercise(page: Page, id: string): Promise<Locator> {
  await page.goto(`${inject('origin')}/exercises`, {waitUntil: 'networkidle'});
  const exercise = page.locator(`[data-exercise="${id}"]`);
  await editorReady(exercise);
  return exercise;
}

/** Puts the cursor at the first non-blank character of a 1-based line. */
export async function goToLine(page: Page, labRoot: Locator, line: number): Promise<void> {
  await labRoot.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let index = 1; index < line; index++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
}

/** The editor's lines in visual order: Monaco appends new line elements wherever it likes, and draws spaces as no-break spaces. */
export async function editorText(labRoot: Locator): Promise<string> {
  const lines = await labRoot.locator('.monaco-editor .view-lines .view-line').evaluateAll((elements) =>
    elements.map((element) => ({top: parseFloat((element as HTMLElement).style.top), text: element.textContent ?? ''})),
  );
  return lines
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** Types lines below the cursor, each with exactly its own indentation (Monaco's auto-indent is replaced). */
export async function typeLines(page: Page, lines: string[]): Promise<void> {
  for (const line of lines) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(line);
  }
}

/** Presses an exercise's Check and reads each criterion the new result lists. */
export async function checkExercise(exercise: Locator): Promise<Array<{passed: boolean; text: string}>> {
  const results = exercise.locator('[data-checks]');
  const before = (await results.count()) > 0 ? Number(await results.getAttribute('data-checks')) : 0;
  await exercise.getByRole('button', {name: 'Check', exact: true}).click();
  await exercise.locator(`[data-checks="${before + 1}"]`).waitFor({timeout: 10_000});
  return exercise.locator('[data-passed]').evaluateAll((items) => items.map((item) => ({passed: item.getAttribute('data-passed') === 'true', text: item.textContent ?? ''})));
}
