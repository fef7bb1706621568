import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Locator, Page} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {editorReady, goToLine, openExercise, yamlLab as lab} from './support/yaml-lab';

/**
 * The Linkerd pages' labs: a Gateway API HTTPRoute (the reviews canary with the Service as
 * parent) and Linkerd's policy resources, judged in the browser by the same engine as the CLI:
 * CRD schemas and CEL, Linkerd's admission webhook, cross-resource analysis, and routing.
 */
const origin = inject('origin');
const TRAFFIC = `${origin}/linkerd/traffic-management`;
const SECURITY = `${origin}/linkerd/security`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

/** The first problem listed at `line` that mentions `text`: a verdict on a half-typed edit may come first. */
async function problem(labRoot: Locator, line: number, text = ''): Promise<{severity: string | null; text: string}> {
  const item = labRoot.locator(`li[data-line="${line}"]`, {hasText: text}).first();
  await item.waitFor({timeout: 10_000});
  return {severity: await item.getAttribute('data-severity'), text: await item.innerText()};
}

/** Replaces the end of a line: `count` characters deleted before its end, then `text` typed. */
async function retypeLineEnd(page: Page, labRoot: Locator, line: number, count: number, text: string): Promise<void> {
  await goToLine(page, labRoot, line);
  await page.keyboard.press('End');
  for (let i = 0; i < count; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

describe('The Linkerd traffic page\'s HTTPRoute labs', () => {
  it('judges the canary valid as Gateway API v1.5.1, and a CEL rule of the HTTPRoute CRD at the line it guards', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(TRAFFIC, {waitUntil: 'networkidle'});
      const canary = lab(page, 'linkerd-reviews-httproute');
      await editorReady(canary);
      await expect(canary.locator('[data-state]').getAttribute('data-state')).resolves.toBe('valid');
      await expect(canary.locator('[data-state]').innerText()).resolves.toContain('Gateway API v1.5.1');

      // A per-backend timeout longer than the whole request's breaks the CRD's CEL rule on `timeouts` (line 21).
      const retries = lab(page, 'linkerd-reviews-retries');
      await editorReady(retries);
      await goToLine(page, retries, 22);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('backendRequest: 3s');
      const found = await problem(retries, 21, 'backendRequest timeout');
      expect(found.severity).toBe('error');
      expect(found.text).toContain('backendRequest timeout cannot be longer than request timeout');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('flags a backend Service that does not exist at its line', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(TRAFFIC, {waitUntil: 'networkidle'});
      const canary = lab(page, 'linkerd-reviews-httproute');
      await editorReady(canary);
      // Line 25 is `    - name: reviews-v3`: make it reviews-v4, a Service the lab's cluster lacks.
      await retypeLineEnd(page, canary, 25, 1, '4');
      const found = await problem(canary, 25, 'reviews-v4');
      expect(found.severity).toBe('error');
      expect(found.text).toMatch(/reviews-v4.*does not exist/);
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('The Linkerd traffic page\'s request panel', () => {
  it('sends a request through the HTTPRoute as a meshed client\'s proxy would, and follows the edited weights', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(TRAFFIC, {waitUntil: 'networkidle'});
      const canary = lab(page, 'linkerd-reviews-httproute');
      await editorReady(canary);
      const panel = canary.locator('[data-request-panel]');
      await panel.locator('summary').click();
      const rows = () => panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('td')?.textContent?.trim()}=${tr.getAttribute('data-share')}`));

      // The default request carries end-user: jason: the header rule sends it to reviews-v2.
      await panel.locator('[data-outcome="routed"]').waitFor({timeout: 10_000});
      await expect.poll(rows).toEqual(['reviews-v2=1']);
      // Everyone else: 80/20 between v1 and v3, as the weights say.
      await panel.getByRole('textbox', {name: 'Headers, one per line'}).fill('');
      await expect.poll(rows).toEqual(['reviews-v1=0.8', 'reviews-v3=0.2']);
      // Line 27 is v3's `weight: 20`: make it 0, and v1 takes everything.
      await retypeLineEnd(page, canary, 27, 2, '0');
      await expect.poll(rows).toEqual(['reviews-v1=1']);
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('The Linkerd security page\'s authorization lab', () => {
  it('is valid as Linkerd 2.20 judges it, admits only productpage in the request panel, refuses what Linkerd\'s webhook refuses, and names an authentication that does not exist', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      await page.goto(SECURITY, {waitUntil: 'networkidle'});
      const policy = lab(page, 'linkerd-reviews-authorization');
      await editorReady(policy);
      await expect(policy.locator('[data-state]').getAttribute('data-state')).resolves.toBe('valid');
      await expect(policy.locator('[data-state]').innerText()).resolves.toContain('Linkerd 2.20');

      // Line 37 names the MeshTLSAuthentication: a typo there is accepted by the cluster and allows nobody.
      await retypeLineEnd(page, policy, 37, 0, 'x');
      const missing = await problem(policy, 37, 'productpagex');
      expect(missing.text).toContain('productpagex');
      expect(missing.text).toMatch(/does not exist/);
      await policy.getByRole('button', {name: 'Reset'}).click();
      await policy.locator('[data-state="valid"]').waitFor({timeout: 10_000});

      // The request panel asks Linkerd's policy: only productpage's identity is admitted.
      const panel = policy.locator('[data-request-panel]');
      await panel.locator('summary').click();
      const verdicts = () => panel.locator('[data-linkerd-verdict]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-workload')}=${item.getAttribute('data-linkerd-verdict')}`));
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['reviews-v1=forbidden', 'reviews-v2=forbidden', 'reviews-v3=forbidden']);
      await expect(panel.locator('[data-outcome]').innerText()).resolves.toContain('403');

      // Each reviews proxy's evaluation is drawn: the Server's policy does not admit the client, so "nothing admits" decides.
      const deciding = () => panel.locator('[data-authz-trace][data-mesh="linkerd"]').evaluateAll((figures) =>
        figures.map((figure) => `${figure.getAttribute('data-workload')}:${figure.querySelector('[data-decides="true"]')?.getAttribute('data-stage')}`));
      await expect.poll(deciding, {timeout: 10_000}).toEqual(['reviews-v1:deny', 'reviews-v2:deny', 'reviews-v3:deny']);
      const first = panel.locator('[data-authz-trace][data-mesh="linkerd"]').first();
      await expect(first.locator('[data-stage]').evaluateAll((stages) => stages.map((stage) => stage.getAttribute('data-stage')))).resolves.toEqual(['server', 'route', 'server-authorizations', 'deny']);
      const rejecting = first.locator('[data-policy="AuthorizationPolicy bookinfo/reviews-from-productpage"]');
      await expect(rejecting.getAttribute('data-result')).resolves.toBe('rejects');
      await expect(rejecting.innerText()).resolves.toMatch(/is not among|not meshed/);

      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/productpage-v1');
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['reviews-v1=allowed', 'reviews-v2=allowed', 'reviews-v3=allowed']);
      // Now the policy admits productpage's identity: it is marked as deciding, and the last stage is not reached.
      await expect.poll(deciding, {timeout: 10_000}).toEqual(['reviews-v1:server-authorizations', 'reviews-v2:server-authorizations', 'reviews-v3:server-authorizations']);
      await expect(first.locator('[data-deciding="true"]').getAttribute('data-policy')).resolves.toBe('AuthorizationPolicy bookinfo/reviews-from-productpage');
      await expect(first.locator('[data-stage="deny"]').getAttribute('data-reached')).resolves.toBe('false');

      // Line 32 is the policy's target kind: Linkerd's webhook refuses a Deployment there.
      await retypeLineEnd(page, policy, 32, 'Server'.length, 'Deployment');
      // While typing, the line is judged at each pause (an empty kind first): wait for the final verdict.
      const atLine32 = policy.locator('li[data-line="32"]');
      await expect.poll(() => atLine32.allInnerTexts(), {timeout: 15_000}).toEqual(expect.arrayContaining([expect.stringContaining('unsupported authorization target type')]));
      const refused = atLine32.filter({hasText: 'unsupported authorization target type'}).first();
      await expect(refused.getAttribute('data-severity')).resolves.toBe('error');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('A Linkerd exercise', () => {
  it('fails on the 403 with the reason, and is solved by typing the MeshTLSAuthentication\'s real name', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'linkerd-fix-403');
      const check = async () => {
        const results = exercise.locator('[data-checks]');
        const before = (await results.count()) > 0 ? Number(await results.getAttribute('data-checks')) : 0;
        await exercise.getByRole('button', {name: 'Check', exact: true}).click();
        await exercise.locator(`[data-checks="${before + 1}"]`).waitFor({timeout: 10_000});
        return exercise.locator('[data-passed]').evaluateAll((items) => items.map((item) => ({passed: item.getAttribute('data-passed') === 'true', text: item.textContent ?? ''})));
      };

      let criteria = await check();
      const productpage = criteria.find((criterion) => /productpage's requests/.test(criterion.text));
      expect(productpage?.passed).toBe(false);
      expect(productpage?.text).toMatch(/403/);

      // Line 35 is the policy's `name: productpage`: the MeshTLSAuthentication is called productpage-identity.
      await retypeLineEnd(page, exercise, 35, 0, '-identity');
      criteria = await check();
      expect(criteria.filter((criterion) => !criterion.passed)).toEqual([]);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('true');
      await expect(exercise.locator('[data-progress]').getAttribute('data-progress')).resolves.toBe('solved');
      // Progress is kept as the Istio exercises' is: after a reload, the chapter page lists it solved.
      await page.goto(`${origin}/`, {waitUntil: 'networkidle'});
      await expect(page.locator('[data-exercise-row="linkerd-fix-403"] [data-progress]').getAttribute('data-progress')).resolves.toBe('solved');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
