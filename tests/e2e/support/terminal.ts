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

/**
 * The terminal's rows as rendered, plus its scrollback above them (Shift+PageUp until the top, at
 * most 30 screens): a long answer such as `linkerd check`'s fills several screens.
 */
export async function terminalText(page: Page, lab: Locator): Promise<string> {
  const rows = lab.locator('.xterm-rows');
  const frames = [await rows.innerText()];
  let pages = 0;
  while (pages < 30) {
    await page.keyboard.press('Shift+PageUp');
    pages++;
    // xterm renders on the next animation frame: the top is reached when the rows stay as they were.
    const frame = await changedFrom(rows, frames[0]!);
    if (frame === undefined) break;
    frames.unshift(frame);
  }
  for (let i = 0; i < pages; i++) await page.keyboard.press('Shift+PageDown');
  return frames.join('\n');
}

/** The rows' text once it differs from `before`, or undefined when it has not changed within half a second. */
async function changedFrom(rows: Locator, before: string): Promise<string | undefined> {
  const deadline = Date.now() + 500;
  for (;;) {
    const frame = await rows.innerText();
    if (frame !== before) return frame;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface TerminalLab {
  page: Page;
  lab: Locator;
  audit: Audit;
  close: () => Promise<void>;
}

/** The page's first terminal lab, ready; `clipboard` grants the page clipboard access (Copy buttons). */
export async function openTerminalLab(browser: Browser, url: string, options: {clipboard?: boolean; session?: string} = {}): Promise<TerminalLab> {
  const {context, page, audit} = await openAuditedPage(browser);
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: new URL(url).origin});
  await page.goto(url, {waitUntil: 'networkidle'});
  // The page's first terminal, or the one recording the named session.
  const lab = page.locator(options.session ? `[data-lab="terminal"][data-session="${options.session}"]` : '[data-lab="terminal"]').first();
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
