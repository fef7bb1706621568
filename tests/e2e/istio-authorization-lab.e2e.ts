import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {checkExercise, goToLine, openExercise, typeLines} from './support/yaml-lab';

/**
 * Istio's AuthorizationPolicy in a lab: the exercise "only productpage may GET /reviews/*"
 * (labs/exercises/istio-only-productpage-reviews.yaml) has a request panel that asks the
 * simulator what every reviews pod's sidecar answers a client, and a JWT claims box; the
 * exercise is solved by typing the policy. Its client workload picker lists the lab's workloads
 * (service account, data plane) and feeds From; each reviews sidecar's evaluation is drawn in
 * Istio's order with the deciding stage and policy marked. The partner allowlist exercise
 * (labs/exercises/istio-ingress-partner-range.yaml) tries the client address field: refused text
 * is said next to it, and the gateway's ipBlocks admit or refuse the address typed. The TLS
 * passthrough exercise (labs/exercises/istio-ingress-tls-passthrough.yaml) sends a host on the
 * gateway's PASSTHROUGH port as an L4 connection whose SNI is the Host field, and is solved by typing
 * a `tls` route on sniHosts in place of the `http` route that never applies there.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

describe('The Istio authorization exercise\'s lab', () => {
  it('answers who may call reviews in its request panel, says bad JWT claims next to their box, and is solved by typing the principal and the operation', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'istio-only-productpage-reviews');

      const panel = exercise.locator('[data-request-panel]');
      await panel.locator('summary').click();
      const verdicts = () => panel.locator('[data-istio-verdict]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-workload')}=${item.getAttribute('data-istio-verdict')}`));
      const outcome = () => panel.locator('[data-outcome]').innerText();
      await panel.getByRole('textbox', {name: 'Path'}).fill('/reviews/1');
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/ratings-v1');

      // The starting policy lets in the whole namespace: ratings too, by its rule.
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['reviews-v1=allowed', 'reviews-v2=allowed', 'reviews-v3=allowed']);
      await expect(outcome()).resolves.toContain('allowed by ALLOW bookinfo/reviews-viewer rules[0]');
      const ratings = (await checkExercise(exercise)).find((criterion) => /ratings' GET/.test(criterion.text));
      expect(ratings?.passed).toBe(false);

      // Line 14 is `namespaces: ["bookinfo"]`: name productpage's principal instead, and add the operation to the same rule.
      await goToLine(page, exercise, 14);
      await page.keyboard.press('Shift+End');
      await page.keyboard.type('principals:');
      await typeLines(page, [
        '        - cluster.local/ns/bookinfo/sa/bookinfo-productpage',
        '    to:',
        '    - operation:',
        '        methods:',
        '        - GET',
        '        paths:',
        '        - /reviews/*',
      ]);

      // ratings now gets 403: an ALLOW policy exists and none of its rules matches.
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['reviews-v1=denied', 'reviews-v2=denied', 'reviews-v3=denied']);
      await expect(outcome()).resolves.toMatch(/^403/);
      await expect(panel.locator('[data-istio-verdict]').first().innerText()).resolves.toContain('none matched');
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo/productpage-v1');
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['reviews-v1=allowed', 'reviews-v2=allowed', 'reviews-v3=allowed']);

      // Claims that are not JSON are said next to the box, as text: the markup typed there is never rendered.
      const claims = panel.getByRole('textbox', {name: 'JWT claims'});
      await claims.fill('{"iss": "<img src=x onerror=alert(1)>", ');
      await expect(panel.locator('[data-claims-error]').innerText({timeout: 10_000})).resolves.toMatch(/not JSON/);
      await expect(claims.getAttribute('aria-invalid')).resolves.toBe('true');
      // The error describes the box (aria-describedby) and stays out of its accessible name, which is the label's text alone.
      await expect(panel.getByRole('textbox', {name: 'JWT claims (JSON; empty: no token)', exact: true}).count()).resolves.toBe(1);
      await expect(claims.getAttribute('aria-describedby')).resolves.toBe(await panel.locator('[data-claims-error]').getAttribute('id'));
      await expect(panel.locator('img').count()).resolves.toBe(0);
      // No RequestAuthentication applies here, so a well-formed token changes nothing.
      await claims.fill('{"iss": "https://issuer.example", "sub": "alice"}');
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['reviews-v1=allowed', 'reviews-v2=allowed', 'reviews-v3=allowed']);
      await expect(panel.locator('[data-claims-error]').count()).resolves.toBe(0);

      const criteria = await checkExercise(exercise);
      expect(criteria.filter((criterion) => !criterion.passed)).toEqual([]);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('true');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('The request panel\'s client picker and allow/deny trace', () => {
  it('picks the client among the lab\'s workloads and draws each sidecar\'s evaluation, the deciding stage and policy marked', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'istio-only-productpage-reviews');
      const panel = exercise.locator('[data-request-panel]');
      await panel.locator('summary').click();
      // A short host is completed in the client's namespace: name reviews' for clients of other namespaces.
      await panel.getByRole('textbox', {name: 'Host'}).fill('reviews.bookinfo');
      await panel.getByRole('textbox', {name: 'Path'}).fill('/reviews/1');

      const picker = panel.getByRole('combobox', {name: 'Client workload'});
      // The list arrives with the first answer: every Bookinfo workload, its data plane and service account.
      await expect.poll(() => picker.locator('option').allTextContents(), {timeout: 10_000}).toContain('bookinfo/ratings-v1 (sidecar, service account bookinfo-ratings)');
      expect((await picker.locator('option').allTextContents()).some((text) => /^legacy\/legacy-client \(none, /.test(text))).toBe(true);

      await picker.selectOption('bookinfo/ratings-v1');
      await expect(panel.getByRole('textbox', {name: 'From'}).inputValue()).resolves.toBe('bookinfo/ratings-v1');
      await expect.poll(() => panel.locator('[data-client]').getAttribute('data-client'), {timeout: 10_000}).toBe('bookinfo/ratings-v1');
      await expect(panel.locator('[data-client]').innerText()).resolves.toContain('service account bookinfo-ratings');
      // Its options are wider than the panel (workload, data plane, service account): the picker still lies inside the panel.
      const [panelBox, pickerBox] = await Promise.all([panel.boundingBox(), picker.boundingBox()]);
      expect(pickerBox!.x).toBeGreaterThanOrEqual(panelBox!.x);
      expect(pickerBox!.x + pickerBox!.width).toBeLessThanOrEqual(panelBox!.x + panelBox!.width);

      const deciding = () => panel.locator('[data-authz-trace]').evaluateAll((figures) =>
        figures.map((figure) => `${figure.getAttribute('data-workload')}:${figure.querySelector('[data-decides="true"]')?.getAttribute('data-stage')}`));
      // The starting policy's rule takes the whole namespace: ALLOW decides at each reviews sidecar, by reviews-viewer.
      await expect.poll(deciding, {timeout: 10_000}).toEqual(['reviews-v1:ALLOW', 'reviews-v2:ALLOW', 'reviews-v3:ALLOW']);
      const first = panel.locator('[data-authz-trace]').first();
      await expect(first.locator('[data-deciding="true"]').getAttribute('data-policy')).resolves.toBe('bookinfo/reviews-viewer');
      await expect(first.locator('[data-stage]').evaluateAll((stages) => stages.map((stage) => stage.getAttribute('data-stage')))).resolves.toEqual(['connection', 'CUSTOM', 'DENY', 'ALLOW']);

      // A client without a sidecar has no peer namespace to match: no rule matches and the implicit deny decides.
      await picker.selectOption('legacy/legacy-client');
      await expect.poll(deciding, {timeout: 10_000}).toEqual(['reviews-v1:default', 'reviews-v2:default', 'reviews-v3:default']);
      await expect(panel.locator('[data-client]').getAttribute('data-client-dataplane')).resolves.toBe('none');
      await expect(first.locator('[data-stage="connection"]').innerText()).resolves.toContain('no peer principal');

      // A client typed in From that the list lacks is shown as typed; the default client is back on the empty choice.
      await panel.getByRole('textbox', {name: 'From'}).fill('bookinfo');
      await expect.poll(() => picker.inputValue(), {timeout: 10_000}).toBe('typed');
      await picker.selectOption('');
      await expect(panel.getByRole('textbox', {name: 'From'}).inputValue()).resolves.toBe('');
      await expect.poll(() => panel.locator('[data-client]').getAttribute('data-client'), {timeout: 10_000}).toBe('');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('The partner allowlist exercise\'s client address field', () => {
  it('says a bad address next to the field, fails with the reason, and once solved by typing the gateway admits the partner and refuses anyone else with 403', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'istio-ingress-partner-range');
      const panel = exercise.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.getByRole('textbox', {name: 'Host'}).fill('bookinfo.example.com');
      await panel.getByRole('textbox', {name: 'Path'}).fill('/productpage');
      const address = panel.locator('[data-client-address]');
      const status = () => panel.locator('[data-headline="routing"] strong').innerText();
      const verdicts = () => panel.locator('[data-istio-verdict]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-enforcer')}:${item.getAttribute('data-workload')}=${item.getAttribute('data-istio-verdict')}`));

      // Three octets are not an address: the field says so, no request is simulated, and the message is tied to the field.
      await address.fill('198.51.100');
      const error = panel.locator('[data-client-address-error]');
      await expect(error.innerText({timeout: 10_000})).resolves.toMatch(/"198\.51\.100" is not an IPv4 or IPv6 address/);
      await expect(address.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(address.getAttribute('aria-describedby')).resolves.toBe(await error.getAttribute('id'));
      // The error is outside the label: the field's accessible name is the label's text alone.
      await expect(panel.getByRole('textbox', {name: 'Client address (optional)', exact: true}).count()).resolves.toBe(1);
      await expect(panel.locator('[data-outcome]').getAttribute('data-outcome')).resolves.toBe('invalid');
      await expect(panel.locator('[data-headline]').count()).resolves.toBe(0);

      // The starting policy is on productpage, whose peer is the gateway pod: the partner gets 403 there too.
      await address.fill('198.51.100.7');
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['sidecar:productpage-v1=denied']);
      await expect(status()).resolves.toBe('403');
      await expect(panel.locator('[data-client-address-error]').count()).resolves.toBe(0);
      await expect(address.getAttribute('aria-invalid')).resolves.toBe('false');
      let criteria = await checkExercise(exercise);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('false');
      const partner = criteria.find((criterion) => /partner client/.test(criterion.text));
      expect(partner?.passed).toBe(false);
      expect(partner?.text).toMatch(/productpage-v1: ALLOW policies exist \(bookinfo\/partner-only\) and none matched/);
      expect(criteria.find((criterion) => /curl, inside the mesh/.test(criterion.text))?.passed).toBe(false);

      // Move the policy to the gateway: line 29 is its namespace, line 33 its selector's label.
      await goToLine(page, exercise, 33);
      await page.keyboard.press('Shift+End');
      await page.keyboard.type('istio: ingressgateway');
      await goToLine(page, exercise, 29);
      await page.keyboard.press('Shift+End');
      await page.keyboard.type('namespace: istio-system');

      // The gateway enforces it now: the partner passes both proxies, another address is refused at the gateway.
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['gateway:istio-ingressgateway=allowed', 'sidecar:productpage-v1=allowed']);
      await expect(status()).resolves.toBe('200');
      await address.fill('203.0.113.9');
      await expect.poll(verdicts, {timeout: 10_000}).toEqual(['gateway:istio-ingressgateway=denied']);
      await expect(status()).resolves.toBe('403');
      await expect(panel.locator('[data-istio-verdict]').first().innerText()).resolves.toContain('istio-system/partner-only');

      criteria = await checkExercise(exercise);
      expect(criteria.filter((criterion) => !criterion.passed)).toEqual([]);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('true');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('The TLS passthrough exercise', () => {
  it('shows the request as an L4 connection by SNI, fails with the http route, and is solved by typing a tls route on sniHosts', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      const exercise = await openExercise(page, 'istio-ingress-tls-passthrough');
      const panel = exercise.locator('[data-request-panel]');
      await panel.locator('summary').click();
      await panel.getByRole('textbox', {name: 'Host'}).fill('reviews.example.com:443');
      const summary = () => panel.locator('[data-headline="routing"]').innerText();

      // The http route for the host never applies on the PASSTHROUGH port: the wildcard SNI chain takes it to productpage.
      const connection = panel.locator('[data-connection]');
      await expect(connection.getAttribute('data-sni', {timeout: 10_000})).resolves.toBe('reviews.example.com');
      await expect(connection.getAttribute('data-connection')).resolves.toBe('tls');
      await expect(connection.innerText()).resolves.toMatch(/TLS with SNI reviews\.example\.com .*PASSTHROUGH.*method, path and headers play no part\. Connection established\./);
      // A connection has no HTTP status: the headline says it is established.
      await expect.poll(summary, {timeout: 10_000}).toMatch(/^established productpage\.bookinfo\.svc\.cluster\.local/);
      let criteria = await checkExercise(exercise);
      expect(criteria.find((criterion) => /reviews\.example\.com reaches reviews/.test(criterion.text))?.passed).toBe(false);

      // Remove the http block (lines 22 to 26) and add a tls route for the exact SNI after the wildcard one.
      await goToLine(page, exercise, 22);
      for (let line = 0; line < 5; line++) await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Delete');
      await goToLine(page, exercise, 27);
      await page.keyboard.press('End');
      await typeLines(page, ['  - match:', '    - sniHosts: [reviews.example.com]', '    route:', '    - destination: {host: reviews, port: {number: 9080}}']);

      // The exact SNI wins over the wildcard, whatever their order; another host keeps going to productpage.
      await expect.poll(summary, {timeout: 10_000}).toMatch(/^established reviews\.bookinfo\.svc\.cluster\.local/);
      await panel.getByRole('textbox', {name: 'Host'}).fill('www.example.com:443');
      await expect.poll(summary, {timeout: 10_000}).toMatch(/^established productpage\.bookinfo\.svc\.cluster\.local/);
      // A host no chain takes: the gateway closes the connection (flag NR), and the connection line says why.
      await panel.getByRole('textbox', {name: 'Host'}).fill('other.test:443');
      await expect.poll(summary, {timeout: 10_000}).toMatch(/^closed NR no filter chain on gateway bookinfo\/tls-gateway port 443 matches SNI other\.test/);
      await expect(connection.getAttribute('data-connection-state')).resolves.toBe('closed');

      criteria = await checkExercise(exercise);
      expect(criteria.filter((criterion) => !criterion.passed)).toEqual([]);
      await expect(exercise.locator('[data-solved]').getAttribute('data-solved')).resolves.toBe('true');
      expect(audit.consoleErrors).toEqual([]);
      expect(audit.offLoopbackRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
