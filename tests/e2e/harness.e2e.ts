/**
 * The browser harness proves what it promises: each of these deliberately broken pages is
 * caught. A test here names the exact event it provokes as `expected`, so a harness that
 * stopped recording it would fail with "expected but never seen".
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {serveStatic, type StaticServer} from '../support/static-server';
import {isLoopback, launch, openAuditedPage, unexpectedEvents} from './support/audited-page';
import {readThrough, waitForWidgets} from './support/reader';

const BROKEN_PAGES: Record<string, string> = {
  'worker-throws.html': `<script>new Worker('/worker-throws.js');</script>`,
  'worker-throws.js': `setTimeout(() => { throw new Error('thrown in a worker'); }, 0);`,
  'rejects.html': `<script>Promise.reject(new Error('a rejection nobody handled'));</script>`,
  'warns.html': `<script>console.warn('a terminal failed to load');</script>`,
  'lookalike-host.html': `<img alt="" src="http://127.0.0.1.nip.io:9/pixel.png">`,
  'missing-chunk.html': `<script src="/chunk-that-is-not-there.js"></script>`,
  'stuck-lab.html': `<div style="height:3000px"></div><div data-lab="yaml" data-lab-id="never-loads"></div><div data-lab="terminal" data-session="silent" data-ready="false"></div>`,
  'service-worker.html': `<script>navigator.serviceWorker.register('/sw.js').then(() => document.title = 'registered', () => document.title = 'refused');</script>`,
  'sw.js': `self.addEventListener('fetch', () => {});`,
};

let browser: Browser;
let site: StaticServer;
const directory = mkdtempSync(join(tmpdir(), 'meshdive-broken-pages-'));
beforeAll(async () => {
  for (const [name, text] of Object.entries(BROKEN_PAGES)) writeFileSync(join(directory, name), text);
  site = await serveStatic(directory);
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(directory, {recursive: true, force: true});
});

describe('the audited page', () => {
  it('knows loopback by address, not by how a host name starts', () => {
    for (const url of ['http://127.0.0.1:3000/', 'http://127.8.9.10/', 'http://localhost/', 'http://[::1]:8080/', 'data:text/plain,x', 'blob:http://127.0.0.1/x']) {
      expect(isLoopback(url), url).toBe(true);
    }
    for (const url of ['http://127.0.0.1.nip.io/', 'http://127.example.invalid/', 'http://localhost.example.invalid/', 'http://[::2]/', 'http://10.0.0.1/', 'https://example.invalid/']) {
      expect(isLoopback(url), url).toBe(false);
    }
  });

  it('catches an exception thrown in a worker', async () => {
    const {page} = await openAuditedPage(browser, {expected: ['Error: thrown in a worker']});
    await page.goto(`${site.origin}/worker-throws.html`);
    await expect.poll(() => page.evaluate(() => document.readyState)).toBe('complete');
    await page.waitForTimeout(300);
  });

  it('catches an unhandled rejection in the page', async () => {
    const {page} = await openAuditedPage(browser, {expected: ['Error: a rejection nobody handled']});
    await page.goto(`${site.origin}/rejects.html`);
    await page.waitForTimeout(200);
  });

  it('catches console warnings, not only errors', async () => {
    const {page} = await openAuditedPage(browser, {expected: ['a terminal failed to load']});
    await page.goto(`${site.origin}/warns.html`);
    await page.waitForTimeout(200);
  });

  it('refuses and reports a request to a host that only looks like loopback', async () => {
    const {page, audit} = await openAuditedPage(browser);
    await page.goto(`${site.origin}/lookalike-host.html`);
    await expect.poll(() => audit.offLoopbackRequests).toEqual(['http://127.0.0.1.nip.io:9/pixel.png']);
    await expect.poll(() => audit.consoleErrors.length).toBe(1);
    expect(unexpectedEvents(audit)).toEqual([
      expect.stringMatching(/^console error: Failed to load resource: net::ERR_BLOCKED_BY_CLIENT.* \(http:\/\/127\.0\.0\.1\.nip\.io:9\/pixel\.png\)$/),
      'request off loopback: http://127.0.0.1.nip.io:9/pixel.png',
    ]);
    // Seen and asserted: cleared so that this test's own end-of-test audit passes.
    audit.offLoopbackRequests.length = 0;
    audit.consoleErrors.length = 0;
  });

  it('reports a request the server answers with an error', async () => {
    const missing = `GET ${site.origin}/chunk-that-is-not-there.js: HTTP 404`;
    const {page} = await openAuditedPage(browser, {expected: [missing, 'Failed to load resource: the server responded with a status of 404 (Not Found)']});
    await page.goto(`${site.origin}/missing-chunk.html`);
    await page.waitForTimeout(200);
  });

  it('fails a test whose expected message never comes', async () => {
    const {page, audit} = await openAuditedPage(browser);
    await page.goto(`${site.origin}/rejects.html`);
    await expect.poll(() => audit.pageErrors.length).toBe(1);
    expect(unexpectedEvents(audit, ['Error: a rejection nobody handled', 'a message that never comes'])).toEqual(['expected but never seen: a message that never comes']);
    audit.pageErrors.length = 0;
  });

  it('blocks service workers', async () => {
    // Playwright answers the registration itself and says so on the console; no worker ever runs.
    const {page} = await openAuditedPage(browser, {expected: ['Service Worker registration blocked by Playwright']});
    await page.goto(`${site.origin}/service-worker.html`);
    await expect.poll(() => page.title()).not.toBe('');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  });
});

describe('reading a page', () => {
  it('names the lab and the terminal that never load', async () => {
    const {page} = await openAuditedPage(browser);
    await page.goto(`${site.origin}/stuck-lab.html`);
    await readThrough(page);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    await expect(waitForWidgets(page, 1_000)).rejects.toThrow('Not loaded after 1 s: YAML lab "never-loads", terminal "silent"');
  });
});
