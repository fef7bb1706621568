import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {expectClean, openTerminalLab, squash, tryIt} from './support/terminal';

/**
 * The troubleshooting terminals in Chromium: the seed's commands typed as a
 * learner would (short names, extra spaces, `k`, pipes), answered from the
 * recording; Play reaches the end; nothing leaves loopback.
 */
const origin = inject('origin');
let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

const openLab = (url: string) => openTerminalLab(browser, url, {clipboard: true});

describe('Sidecar Not Injected terminal', () => {
  it('answers the seed\'s commands, typed with variants, from the recorded cluster states', async () => {
    const {page, lab, audit, close} = await openLab(origin + '/troubleshooting/sidecar-not-injected');
    try {
      const run = await tryIt(page, lab);
      await run(`k get  ns default -o jsonpath="{.metadata.labels}"`, ['{"kubernetes.io/metadata.name":"default"}']);
      await run(`kubectl get pod <pod-name> -o jsonpath='{.spec.containers[*].name}'`, ['reviews']);
      await run(`kubectl   get po reviews-v1-5b6f8d9c7d-x7k2p -o=jsonpath='{.spec.containers[*].name}'`, ['reviews']);
      await run('istioctl kube-inject -f deployment.yaml | kubectl apply -f -', ['deployment.apps/ratings-v1 configured']);
      await run('k label ns default istio-injection=enabled', ['namespace/default labeled']);
      await run('kubectl rollout restart deploy -n default', ['deployment.apps/reviews-v1 restarted']);
      await run('k get po', ['reviews-v1-84d5b6f7c9-t6wzm 2/2 Running']);
      await run(`kubectl get pod reviews-v1-84d5b6f7c9-t6wzm -o jsonpath='{.spec.initContainers[*].name}'`, ['istio-init istio-proxy']);
      await run('istioctl analyze -n default', ['✔ No validation issues found when analyzing namespace: default.']);
      await run('kubectl delete pod reviews', ['will not make one up', 'This session can run:']);
      await run('reset', ['Session reset']);
      await run('kubectl get pods', ['reviews-v1-5b6f8d9c7d-x7k2p 1/1 Running']);
      expectClean(audit);
    } finally {
      await close();
    }
  });

  it('has history, completion, hint and Ctrl+C at the prompt', async () => {
    const {page, lab, audit, close} = await openLab(origin + '/troubleshooting/sidecar-not-injected');
    try {
      const run = await tryIt(page, lab);
      await run('hint', [`Try: kubectl get namespace default -o jsonpath='{.metadata.labels}'`]);
      // Tab completes up to where the session's commands part (`-o jsonpath=...` or `--show-labels`), like bash.
      await page.keyboard.type('k get name');
      await page.keyboard.press('Tab');
      await page.keyboard.type('o');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(async () => squash(await lab.locator('.xterm-rows').innerText())).toContain(squash('{"kubernetes.io/metadata.name":"default"}'));
      await page.keyboard.press('ArrowUp');
      await expect.poll(async () => squash(await lab.locator('.xterm-rows').innerText())).toContain(squash(`$ k get namespace default -o jsonpath='{.metadata.labels}'`).repeat(1));
      await page.keyboard.press('Control+C');
      await expect.poll(async () => await lab.locator('.xterm-rows').innerText()).toContain('^C');
      expectClean(audit);
    } finally {
      await close();
    }
  });
});

describe('a command wider than the terminal\'s view', () => {
  it('scrolls the view sideways with the cursor while typed, and back to the prompt\'s first column after the answer', async () => {
    const {page, lab, audit, close} = await openLab(origin + '/troubleshooting/linkerd-403');
    try {
      await tryIt(page, lab);
      // The host scrolls sideways because the terminal is as wide as the session's widest line.
      const view = lab.locator('.xterm').locator('xpath=..');
      const scroll = () => view.evaluate((host) => ({left: host.scrollLeft, overflow: host.scrollWidth - host.clientWidth}));
      expect((await scroll()).overflow).toBeGreaterThan(0);
      await page.keyboard.type('linkerd viz stat deployments --namespace bookinfo --from deployment/productpage-v1 --to deployment/reviews-v1');
      await expect.poll(async () => (await scroll()).left).toBeGreaterThan(0);
      await page.keyboard.press('Enter');
      await expect.poll(async () => squash(await lab.locator('.xterm-rows').innerText())).toContain(squash('--viz-namespace string'));
      await expect.poll(async () => (await scroll()).left).toBe(0);
      expectClean(audit);
    } finally {
      await close();
    }
  });
});

describe('Traffic Not Routing Correctly terminal', () => {
  it('answers the seed\'s commands and moves to the fixed state on apply', async () => {
    const {page, lab, audit, close} = await openLab(origin + '/troubleshooting/traffic-not-routing');
    try {
      const run = await tryIt(page, lab);
      await run('k get vs', ['NAME GATEWAYS HOSTS AGE', 'reviews ["reviews"] 6m12s']);
      await run('kubectl get  virtualservices.networking.istio.io  -n default', ['reviews ["reviews"] 6m12s']);
      await run('kubectl get dr', ['NAME HOST AGE', 'reviews reviews 6m14s']);
      await run('istioctl pc routes <pod-name>', ['reviews.default.svc.cluster.local:9080', '/* reviews.default', 'inbound|http|9080']);
      await run('istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg.default', ['reviews.default.svc.cluster.local:9080']);
      // Variants no entry lists: one named row of the recorded table, the VirtualService's rules, a deployment for its pod.
      await run('k get vs reviews -n default', ['NAME GATEWAYS HOSTS AGE', 'reviews ["reviews"] 6m12s']);
      await run('kubectl get virtualservices.networking.istio.io reviews -o yaml', ['end-user:', 'exact: jason', 'subset: v2']);
      await run('istioctl pc routes deploy/productpage-v1', ['reviews.default.svc.cluster.local:9080', '/* reviews.default']);
      // Every route configuration in JSON, the inbound chains' inline ones too; one subset's cluster as Envoy's JSON.
      await run('istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg -o json', ['"name": "InboundPassthroughCluster",', '"operation": ":0/*"']);
      await run('istioctl pc cluster <pod-name> --fqdn reviews.default.svc.cluster.local --subset v1 -o json', ['"sni": "outbound_.9080_.v1_.reviews.default.svc.cluster.local"', '"subset": "v1"']);
      // The recorded ServiceEntry cluster: DNS to the host's 443, the rule's TLS origination with auto SNI.
      await run('istioctl proxy-config cluster <pod-name> --fqdn edition.cnn.com --port 80 -o json', ['"type": "STRICT_DNS",', '"portValue": 443', '"autoSni": true,', '"name": "file-root:/etc/ssl/certs/ca-certificates.crt",']);
      // The recorded listener in front of route 9080, and virtualOutbound, typed, from the model.
      await run('istioctl proxy-config listener <pod-name> --port 9080 -o json', ['"name": "0.0.0.0_9080",', '"routeConfigName": "9080"', '"bindToPort": false']);
      await run('istioctl pc listener <pod-name> --port 15001 -o json', ['"name": "virtualOutbound",', '"name": "virtualOutbound-catchall-tcp"', '"useOriginalDst": true,']);
      await run('istioctl analyze', ['Error [IST0101] (VirtualService default/reviews) Referenced host+subset in destinationrule not found: "reviews+v2"']);
      await run('kubectl apply -f reviews-destinationrule.yaml', ['destinationrule.networking.istio.io/reviews configured']);
      await run('istioctl analyze', ['✔ No validation issues found when analyzing namespace: default.']);
      await run('k get destinationrule', ['reviews reviews 8m42s']);
      // The block's commands can be copied as they are written on the page.
      await lab.getByRole('button', {name: 'Copy commands'}).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()))
        .toBe('kubectl get virtualservice\nkubectl get destinationrule\nistioctl proxy-config route <pod-name>');
      expectClean(audit);
    } finally {
      await close();
    }
  });
});

describe('Installation terminal', () => {
  it('installs, then labels the namespace', async () => {
    const {page, lab, audit, close} = await openLab(origin + '/istio/installation');
    try {
      const run = await tryIt(page, lab);
      await run('istioctl  install --set profile=default', ['✔ Istiod installed', '✔ Installation complete']);
      await run('k get po -n istio-system', ['istiod-7d4b9c6f8-k5xrt 1/1 Running']);
      await run('kubectl label namespace default istio-injection=enabled', ['namespace/default labeled']);
      // Labelling again with the same value changes nothing, --overwrite or not (label.go); another value needs --overwrite.
      await run('kubectl label namespace default istio-injection=enabled', ['namespace/default not labeled']);
      await run('k label ns default istio-injection=enabled --overwrite', ['namespace/default not labeled']);
      await run('kubectl label ns default istio-injection=disabled', ["error: 'istio-injection' already has a value (enabled), and --overwrite is false"]);
      expectClean(audit);
    } finally {
      await close();
    }
  });
});

describe.each(['/istio/installation', '/troubleshooting/sidecar-not-injected', '/troubleshooting/traffic-not-routing'])('Play on %s', (path) => {
  it('plays, steps command by command, and reaches the end', async () => {
    const {page, lab, audit, close} = await openLab(origin + path);
    try {
      const progress = lab.getByRole('slider', {name: 'Position in the recording'});
      await lab.getByRole('combobox', {name: 'Speed'}).selectOption('4');
      await lab.getByRole('button', {name: 'Play'}).click();
      await expect.poll(async () => Number(await progress.getAttribute('data-progress'))).toBeGreaterThan(0);
      // One mark per command on the progress bar.
      expect(await progress.locator('[data-mark]').count()).toBeGreaterThan(2);
      for (let i = 0; i < 40 && (await progress.getAttribute('data-progress')) !== '1.000'; i++) {
        await lab.getByRole('button', {name: 'Next command'}).click();
      }
      await expect.poll(() => progress.getAttribute('data-progress')).toBe('1.000');
      await expect.poll(async () => squash(await lab.locator('.xterm-rows').innerText())).toMatch(/\$$/);
      expectClean(audit);
    } finally {
      await close();
    }
  });
});

describe('loading late', () => {
  it('a page without a terminal never fetches xterm or session data', async () => {
    const {context, page, audit} = await openAuditedPage(browser);
    try {
      // Bodies arrive after their response events: keep the promises and wait for all of them before judging.
      const bodies: Array<Promise<string>> = [];
      page.on('response', (response) => {
        if (response.url().endsWith('.js')) bodies.push(response.text());
      });
      await page.goto(origin + '/istio/security', {waitUntil: 'networkidle'});
      await page.mouse.wheel(0, 4000);
      await page.waitForLoadState('networkidle');
      const scripts = await Promise.all(bodies);
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter((script) => script.includes('xterm-accessibility-tree') || script.includes('reviews-v1-5b6f8d9c7d-x7k2p'))).toEqual([]);
      expectClean(audit);
    } finally {
      await context.close();
    }
  });

  it('renders the block\'s commands on the server, at the terminal\'s height, and exposes output to screen readers once loaded', async () => {
    const html = await (await fetch(origin + '/troubleshooting/traffic-not-routing')).text();
    expect(html).toContain('data-lab="terminal"');
    expect(html).toContain('$ istioctl proxy-config route &lt;pod-name&gt;');
    // Without JavaScript, the recorded outputs are one link away, on a plain page.
    expect(html).toContain('href="/transcripts/traffic-not-routing"');
    const transcript = await (await fetch(origin + '/transcripts/traffic-not-routing')).text();
    expect(transcript).toContain('Referenced host+subset in destinationrule not found: &quot;reviews+v2&quot;');
    expect(transcript).toContain('$ istioctl proxy-config route productpage-v1-6b746f74dc-rj5dg');
    const {page, lab, audit, close} = await openLab(origin + '/troubleshooting/traffic-not-routing');
    try {
      const screen = lab.locator('.xterm').locator('..').locator('..');
      const height = await screen.evaluate((element) => element.getBoundingClientRect().height);
      expect(height).toBeGreaterThan(300);
      const run = await tryIt(page, lab);
      await run('k get dr', ['reviews reviews 6m14s']);
      // xterm's screen-reader mode mirrors the rows into an accessibility tree.
      await expect.poll(async () => squash((await lab.locator('.xterm-accessibility-tree').textContent()) ?? '')).toContain(squash('reviews reviews 6m14s'));
      expectClean(audit);
    } finally {
      await close();
    }
  });
});
