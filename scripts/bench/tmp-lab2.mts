import {chromium} from 'playwright-core';
import {CHROMIUM_ARGS, ensureChromium} from '../../tests/support/chromium';
import {serveStatic} from '../../tests/support/static-server';
const server = await serveStatic(process.env.MESHDIVE_BUILD_DIR ?? 'build');
const browser = await chromium.launch({executablePath: ensureChromium(), args: CHROMIUM_ARGS});
const page = await browser.newPage({viewport: {width: 1280, height: 1000}});
for (const path of ['/istio/security', '/best-practices', '/istio/traffic-management']) {
  await page.goto(server.origin + path, {waitUntil: 'networkidle'});
  await page.mouse.move(3, 3);
  for (const lab of await page.locator('[data-lab="yaml"]').all()) {
    await lab.scrollIntoViewIfNeeded();
    await lab.locator('[data-state="valid"], [data-state="invalid"], [data-state="warnings"]').waitFor();
    console.log(path, await lab.getAttribute('data-lab-id'), (await lab.locator('[data-state]').innerText()).replace(/\n/g, ' | '));
  }
}
await browser.close(); await server.close();
