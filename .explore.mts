import {ensureChromium} from './tests/support/chromium';
import {serveStatic} from './tests/support/static-server';
import {launch, openAuditedPage} from './tests/e2e/support/audited-page';
const server = await serveStatic('build');
const browser = await launch(ensureChromium());
for (const theme of ['light', 'dark']) {
  const {page, audit, context} = await openAuditedPage(browser);
  await context.addInitScript((t) => localStorage.setItem('theme', t), theme);
  await page.setViewportSize({width: 1280, height: 900});
  await page.goto(server.origin + '/troubleshooting/sidecar-not-injected', {waitUntil: 'networkidle'});
  const lab = page.locator('[data-lab="terminal"]').first();
  if (theme === 'light') {
    // Before JS takes over: the server-rendered transcript, same height.
    const html = await (await fetch(server.origin + '/troubleshooting/sidecar-not-injected')).text();
    console.log('SSR has transcript:', html.includes('data-lab="terminal"'), html.includes('$ kubectl get pod &lt;pod-name&gt;'));
  }
  await lab.scrollIntoViewIfNeeded();
  await page.locator('[data-lab="terminal"][data-ready="true"]').waitFor({timeout: 15000});
  if (theme === 'light') {
    await page.getByRole('tab', {name: 'Try it'}).click();
    for (const c of ['k get po', 'kubectl get pod <pod-name> -o jsonpath=\'{.spec.containers[*].name}\'', 'kubectl get  svc']) {
      await page.keyboard.type(c); await page.keyboard.press('Enter');
    }
    await page.keyboard.type('k get na'); await page.keyboard.press('Tab');
  } else {
    await page.getByRole('combobox', {name: 'Speed'}).selectOption('4');
    await page.getByRole('button', {name: 'Play'}).click();
    await page.waitForTimeout(2500);
    for (let i = 0; i < 4; i++) await page.getByRole('button', {name: 'Next command'}).click();
    await page.getByRole('button', {name: 'Pause'}).click();
  }
  await page.waitForTimeout(300);
  await lab.screenshot({path: `/tmp/terminal-${theme}.png`});
  console.log(theme, JSON.stringify(audit));
  await context.close();
}
await browser.close(); await server.close();
