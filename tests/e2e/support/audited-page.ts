import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core';
import {CHROMIUM_ARGS} from '../../support/chromium';

/**
 * A browser page that records what must never happen on this site: console errors,
 * uncaught exceptions, and any request that would leave the machine.
 */
export interface Audit {
  consoleErrors: string[];
  pageErrors: string[];
  offLoopbackRequests: string[];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopback(url: string): boolean {
  const {protocol, hostname} = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return LOOPBACK_HOSTS.has(hostname) || hostname.startsWith('127.');
}

export async function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({executablePath, args: CHROMIUM_ARGS, headless: true});
}

export async function openAuditedPage(browser: Browser): Promise<{context: BrowserContext; page: Page; audit: Audit}> {
  const context = await browser.newContext();
  const audit: Audit = {consoleErrors: [], pageErrors: [], offLoopbackRequests: []};
  // Every request passes here; anything not on loopback is recorded and refused.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    audit.offLoopbackRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') audit.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => audit.pageErrors.push(String(error)));
  // WebSockets do not pass through route(): record them too.
  page.on('websocket', (socket) => {
    if (!isLoopback(socket.url().replace(/^ws/, 'http'))) audit.offLoopbackRequests.push(socket.url());
  });
  return {context, page, audit};
}
