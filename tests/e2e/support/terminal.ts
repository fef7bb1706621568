/**
 * A terminal lab in Chromium as the terminal e2e files drive it: opened on an audited page once its
 * server-rendered transcript shows and xterm is ready, switched to "Try it", and typed into
 * command by command, each answer read with the scrollback above it.
 */
import {expect} from 'vitest';
import type {Browser, Locator, Page} from 'playwright-core';
import {openAuditedPage, type Audit} from './audited-page';

/** Text compared without its layout: xterm wraps and pads rows. */
export const squash = (text: string): string => text.replace(/\s+/g, '');

/** The terminal's rows as rendered, plus three screens of scrollback above them (Shift+PageUp). */
export async function terminalText(page: Page, lab: Locator): Promise<string> {
  const rows = lab.locator('.xterm-rows');
  const frames = [await rows.innerText()];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Shift+PageUp');
    frames.unshift(await rows.innerText());
  }
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+PageDown');
  return frames.join('\n');
}

export interface TerminalLab {
  page: Page;
  lab: Locator;
  audit: Audit;
  close: () => Promise<void>;
}

/** The page's first terminal lab, ready; `clipboard` grants the page clipboard access (Copy buttons). */
export async function openTerminalLab(browser: Browser, url: string, options: {clipboard?: boolean} = {}): Promise<TerminalLab> {
  const {context, page, audit} = await openAuditedPage(browser);
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: new URL(url).origin});
  await page.goto(url, {waitUntil: 'networkidle'});
  const lab = page.locator('[data-lab="terminal"]').first();
  // Server-rendered transcript first: the block's commands as text.
  await expect(lab.locator('pre').first().textContent()).resolves.toContain('$ ');
  await lab.scrollIntoViewIfNeeded();
  await lab.and(page.locator('[data-ready="true"]')).waitFor({timeout: 20_000});
  return {page, lab, audit, close: () => context.close()};
}

/** Switches the lab to "Try it"; the function returned types a command and expects parts of its answer. */
export async function tryIt(page: Page, lab: Locator): Promise<(command: string, expected: string[]) => Promise<void>> {
  await lab.getByRole('tab', {name: 'Try it'}).click();
  await lab.locator('.xterm-rows').getByText('type "help"').waitFor();
  return async (command, expected) => {
    await page.keyboard.type('clear');
    await page.keyboard.press('Enter');
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
    // Answered when the prompt is back on the last line, under the output.
    await expect.poll(async () => (await lab.locator('.xterm-rows').innerText()).trimEnd().split('\n').filter((row) => row.trim()).slice(-2), {timeout: 10_000})
      .toSatisfy((rows: string[]) => rows.length === 2 && rows[1]!.trim() === '$');
    const text = squash(await terminalText(page, lab));
    for (const part of expected) expect(text, `"${command}" → "${part}"`).toContain(squash(part));
  };
}

/** Nothing left loopback, and the page logged no error. */
export function expectClean(audit: Audit): void {
  expect(audit.offLoopbackRequests).toEqual([]);
  expect(audit.pageErrors).toEqual([]);
  expect(audit.consoleErrors).toEqual([]);
}
