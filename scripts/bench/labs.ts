/**
 * YAML lab latency in headless Chromium against the production build:
 *  - from a lab entering the viewport to an editable editor (cold: fresh browser context each run);
 *  - from a keystroke to the updated problems list (debounce + worker validation + render).
 * Run: npm run build && npm run bench:labs
 */
import {existsSync} from 'node:fs';
import {chromium, type Page} from 'playwright-core';
import {CHROMIUM_ARGS, ensureChromium} from '../../tests/support/chromium';
import {serveStatic} from '../../tests/support/static-server';

const PAGE = '/istio/traffic-management';
const LAB = '[data-lab="yaml"][data-lab-id="reviews-virtualservice"]';
const COLD_RUNS = 8;
const KEYSTROKES = 30;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(values: number[]): string {
  return `median ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms (n=${values.length})`;
}

async function timeToEditable(page: Page): Promise<number> {
  return page.evaluate(async (selector) => {
    const lab = document.querySelector(selector)!;
    if (document.querySelector('.monaco-editor')) throw new Error('Monaco loaded before the lab neared the viewport: the measurement would be void.');
    const started = performance.now();
    lab.scrollIntoView({block: 'center'});
    return new Promise<number>((resolve) => {
      const check = () => {
        // Editable: Monaco mounted with its lines and the engine's first verdict shown.
        const ready = lab.querySelector('.monaco-editor .view-lines') && lab.querySelector('[data-state="valid"], [data-state="invalid"], [data-state="warnings"]');
        if (ready) resolve(performance.now() - started);
        else requestAnimationFrame(check);
      };
      check();
    });
  }, LAB);
}

async function keystrokeToProblems(page: Page): Promise<number[]> {
  const lab = page.locator(LAB);
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let line = 1; line < 14; line++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  const timings: number[] = [];
  for (let index = 0; index < KEYSTROKES; index++) {
    // Arm an observer, then type: alternately break `route` (xroute) and repair it.
    await page.evaluate((selector) => {
      // The problems list's root (React keeps the element; its state and items change).
      const problems = document.querySelector(`${selector} [data-state]`)!;
      const state = window as unknown as {__typedAt?: number; __updatedAt?: Promise<number>};
      state.__updatedAt = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(problems, {subtree: true, childList: true, characterData: true, attributes: true});
      });
      document.addEventListener('keydown', () => (state.__typedAt = performance.now()), {once: true, capture: true});
    }, LAB);
    await page.keyboard.press(index % 2 === 0 ? 'x' : 'Backspace');
    timings.push(
      await page.evaluate(async () => {
        const state = window as unknown as {__typedAt: number; __updatedAt: Promise<number>};
        return (await state.__updatedAt) - state.__typedAt;
      }),
    );
  }
  return timings;
}

async function main(): Promise<void> {
  const buildDir = process.env.MESHDIVE_BUILD_DIR ?? 'build';
  if (!existsSync(`${buildDir}/sitemap.xml`)) throw new Error(`No build found in ${buildDir}/: run \`npm run build\` first.`);
  const server = await serveStatic(buildDir);
  const browser = await chromium.launch({executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true});
  try {
    const cold: number[] = [];
    let typing: number[] = [];
    for (let run = 0; run < COLD_RUNS; run++) {
      const context = await browser.newContext({viewport: {width: 1200, height: 200}});
      // tsx (esbuild keepNames) wraps named functions in __name(); functions sent to the page need it too.
      await context.addInitScript('globalThis.__name = (target) => target');
      const page = await context.newPage();
      await page.goto(server.origin + PAGE, {waitUntil: 'networkidle'});
      cold.push(await timeToEditable(page));
      if (run === COLD_RUNS - 1) typing = await keystrokeToProblems(page);
      await context.close();
    }
    console.log(`YAML lab on ${PAGE} (headless Chromium, loopback, production build)`);
    console.log(`  lab enters viewport → editable editor with first verdict: ${summary(cold)}`);
    console.log(`  keystroke → updated problems list (incl. debounce):      ${summary(typing)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
