import type {Page} from 'playwright-core';

/**
 * A page used as a reader uses it: scrolled through with the wheel (labs, terminals and
 * diagrams load as the reader nears them), then every widget on it waited for. A widget
 * that never becomes ready is a failure that names it.
 */

/** Scrolls from top to bottom with the mouse wheel, a screen at a time, as a reader does. */
export async function readThrough(page: Page): Promise<void> {
  await page.mouse.move(20, 20);
  const viewport = page.viewportSize() ?? {width: 1280, height: 720};
  for (let step = 0; step < 400; step++) {
    const atBottom = await page.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2);
    if (atBottom) break;
    await page.mouse.wheel(0, Math.round(viewport.height * 0.8));
    // Give the widgets coming into view a moment to start loading, as a reader's eyes would.
    await page.waitForTimeout(60);
  }
}

export interface WidgetState {
  kind: 'YAML lab' | 'terminal' | 'diagram';
  name: string;
  ready: boolean;
}

/** Every lab, terminal and diagram on the page, and whether it has finished loading. */
export async function widgetStates(page: Page): Promise<WidgetState[]> {
  return page.evaluate(() => {
    const states: Array<{kind: 'YAML lab' | 'terminal' | 'diagram'; name: string; ready: boolean}> = [];
    document.querySelectorAll<HTMLElement>('[data-lab="yaml"]').forEach((lab, index) => {
      const verdict = lab.querySelector('[data-state="valid"], [data-state="invalid"], [data-state="warnings"]');
      states.push({kind: 'YAML lab', name: lab.dataset.labId ?? `#${index + 1}`, ready: Boolean(lab.querySelector('.monaco-editor .view-lines') && verdict)});
    });
    document.querySelectorAll<HTMLElement>('[data-lab="terminal"]').forEach((terminal, index) => {
      states.push({kind: 'terminal', name: terminal.dataset.session ?? `#${index + 1}`, ready: terminal.dataset.ready === 'true' && Boolean(terminal.querySelector('.xterm'))});
    });
    document.querySelectorAll<HTMLElement>('[data-diagram]').forEach((diagram, index) => {
      const drawn = diagram.querySelector('svg') && !diagram.querySelector('[aria-roledescription="error"]');
      states.push({kind: 'diagram', name: `#${index + 1}`, ready: Boolean(drawn)});
    });
    return states;
  });
}

/**
 * Waits until every widget is ready; otherwise fails naming the ones that are not. A widget
 * still waiting is looked at, once, as a reader stops at it: a fast wheel can carry a widget
 * through the viewport between two frames, so that it was never seen.
 */
export async function waitForWidgets(page: Page, timeoutMs = 30_000): Promise<WidgetState[]> {
  const deadline = Date.now() + timeoutMs;
  let lookedAt = false;
  for (;;) {
    const states = await widgetStates(page);
    const waiting = states.filter((state) => !state.ready);
    if (waiting.length === 0) return states;
    if (!lookedAt) {
      lookedAt = true;
      // One at a time, each held in view for a few frames, so that the page's observers see it.
      for (const widget of await page.locator('[data-lab], [data-diagram]').all()) {
        await widget.scrollIntoViewIfNeeded();
        await page.waitForTimeout(150);
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`Not loaded after ${timeoutMs / 1000} s: ${waiting.map((state) => `${state.kind} "${state.name}"`).join(', ')}`);
    }
    await page.waitForTimeout(100);
  }
}
