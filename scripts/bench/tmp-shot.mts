import {chromium} from 'playwright-core';
import {CHROMIUM_ARGS, ensureChromium} from '../../tests/support/chromium';
import {serveStatic} from '../../tests/support/static-server';
const server = await serveStatic('build');
const browser = await chromium.launch({executablePath: ensureChromium(), args: CHROMIUM_ARGS});
for (const [path, scheme, name] of [['/istio/traffic-management', 'dark', 'tm'], ['/architecture', 'light', 'arch'], ['/istio/security', 'light', 'sec']] as const) {
  const page = await browser.newPage({colorScheme: scheme, viewport: {width: 1280, height: 900}});
  await page.goto(server.origin + path, {waitUntil: 'networkidle'});
  const d = page.locator('.docusaurus-mermaid-container').first();
  await d.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await d.screenshot({path: `/tmp/diag-${name}.png`});
  await page.close();
}
await browser.close(); await server.close();
