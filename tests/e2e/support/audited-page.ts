import {isIP} from 'node:net';
import {chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page} from 'playwright-core';
import {onTestFinished} from 'vitest';
import {CHROMIUM_ARGS} from '../../support/chromium';

/**
 * The only way a browser test opens a page. Everything the site promises never happens is
 * recorded: console errors and warnings, uncaught exceptions and rejections in the page and
 * its workers (Playwright reports both as `pageerror`), failed requests and error responses,
 * and any request whose host is not loopback. Service workers are blocked. When the test
 * ends, anything recorded that the test did not name as expected fails it, and the context
 * is closed: no test can forget to look.
 */
export interface Audit {
  consoleErrors: string[];
  consoleWarnings: string[];
  pageErrors: string[];
  failedRequests: string[];
  offLoopbackRequests: string[];
}

export interface AuditOptions extends Pick<BrowserContextOptions, 'javaScriptEnabled' | 'viewport' | 'colorScheme' | 'reducedMotion'> {
  /**
   * Exact texts the test expects among console messages, page errors or failed requests
   * (e.g. a 404 it provokes). Each must occur: an expected message that never comes fails too.
   */
  expected?: string[];
}

/**
 * Loopback as the network stack sees it: `localhost`, IPv4 127.0.0.0/8 and IPv6 ::1, after the URL
 * parser has normalised the host. A name that merely starts with `127.` (`127.0.0.1.nip.io`) is
 * resolved elsewhere by DNS, so it is not loopback.
 */
export function isLoopback(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') return true;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

export async function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({executablePath, args: CHROMIUM_ARGS, headless: true});
}

/** The recorded events the test did not expect, and the expected ones that never came. */
export function unexpectedEvents(audit: Audit, expected: readonly string[] = []): string[] {
  const recorded: Array<[string, string[]]> = [
    ['console error', audit.consoleErrors],
    ['console warning', audit.consoleWarnings],
    ['page error', audit.pageErrors],
    ['failed request', audit.failedRequests],
    ['request off loopback', audit.offLoopbackRequests],
  ];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [kind, events] of recorded) {
    for (const event of events) {
      const match = expected.find((text) => event === text || event.startsWith(`${text} (`));
      if (match !== undefined && kind !== 'request off loopback') seen.add(match);
      else problems.push(`${kind}: ${event}`);
    }
  }
  for (const text of expected) if (!seen.has(text)) problems.push(`expected but never seen: ${text}`);
  return problems;
}

export async function openAuditedPage(browser: Browser, options: AuditOptions = {}): Promise<{context: BrowserContext; page: Page; audit: Audit}> {
  const {expected = [], ...contextOptions} = options;
  const context = await browser.newContext({...contextOptions, serviceWorkers: 'block'});
  const audit: Audit = {consoleErrors: [], consoleWarnings: [], pageErrors: [], failedRequests: [], offLoopbackRequests: []};
  onTestFinished(async () => {
    await context.close().catch(() => undefined);
    const problems = unexpectedEvents(audit, expected);
    if (problems.length > 0) throw new Error(`The page did what this site promises never happens:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  });
  // Every request passes here; anything not on loopback is recorded and refused.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    audit.offLoopbackRequests.push(url);
    return route.abort('blockedbyclient');
  });
  // WebSockets do not pass through route(): record them too.
  await context.routeWebSocket(/.*/, (socket) => {
    if (!isLoopback(socket.url().replace(/^ws/, 'http'))) {
      audit.offLoopbackRequests.push(socket.url());
      return socket.close();
    }
    socket.connectToServer();
  });
  const page = await context.newPage();
  // Console messages of the page and of its workers alike reach the page's console event.
  page.on('console', (message) => {
    const where = message.location().url;
    const text = `${message.text()}${where ? ` (${where})` : ''}`;
    if (message.type() === 'error') audit.consoleErrors.push(text);
    else if (message.type() === 'warning') audit.consoleWarnings.push(text);
  });
  page.on('pageerror', (error) => audit.pageErrors.push(String(error)));
  page.on('requestfailed', (request) => {
    // Requests this audit refused are already recorded as off loopback; ERR_ABORTED is a
    // cancellation (a navigation or the page itself dropped it), not a failure.
    const errorText = request.failure()?.errorText ?? 'failed';
    if (isLoopback(request.url()) && errorText !== 'net::ERR_ABORTED') audit.failedRequests.push(`${request.method()} ${request.url()}: ${errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) audit.failedRequests.push(`${response.request().method()} ${response.url()}: HTTP ${response.status()}`);
  });
  return {context, page, audit};
}
