import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import {launch, openAuditedPage} from './support/audited-page';
import {editorReady, yamlLab} from './support/yaml-lab';
import {HTTPS_GATEWAY, TLS_ENTRY} from '../support/tls-ports';

/**
 * Connections, not requests, as a reader sees them in a lab on the Istio traffic page, opened from a share link:
 * the request panel's answer for a TCP Service port (an L4 connection with no HTTP status, forwarded by the client's
 * sidecar), the panel's https scheme (a TLS connection whose SNI is the Host field: to an external TLS port, to an
 * ingress gateway's HTTPS server that ends it), and the routing diagram's Gateway listeners that TCPRoutes and TLSRoutes attach to.
 */
const origin = inject('origin');
const PAGE = `${origin}/istio/traffic-management`;
const LAB = 'reviews-virtualservice';

let browser: Browser;
beforeAll(async () => {
  browser = await launch(inject('chromiumPath'));
});
afterAll(async () => {
  await browser?.close();
});

const share = (text: string): string => `${PAGE}#lab-${LAB}=${Buffer.from(text, 'utf8').toString('base64url')}`;

/** A Service db with a TCP port and its Deployment, beside the lab's reviews, and a VirtualService with http routes for it. */
const TCP_PORT = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec:
  selector: {app: db}
  ports: [{name: tcp-postgres, port: 5432}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: default}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: default}
spec:
  hosts: [db]
  http:
  - fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
    route: [{destination: {host: db}}]
`;

/** A Gateway with a TCP and a TLS Passthrough listener, a TCPRoute and a TLSRoute on them, and a TLSRoute the TCP listener refuses. */
const L4_ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: default}
spec:
  gatewayClassName: istio
  listeners:
  - {name: db, port: 5432, protocol: TCP}
  - {name: tls, port: 443, protocol: TLS, hostname: "*.example.com", tls: {mode: Passthrough}}
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: default}
spec:
  parentRefs: [{name: edge, sectionName: db}]
  rules: [{backendRefs: [{name: reviews, port: 9080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: sni, namespace: default}
spec:
  parentRefs: [{name: edge, sectionName: tls}, {name: edge, sectionName: db}]
  hostnames: [reviews.example.com]
  rules: [{backendRefs: [{name: reviews, port: 9080}]}]
`;

async function openShared(page: Page, yaml: string) {
  await page.goto(share(yaml), {waitUntil: 'networkidle'});
  const lab = yamlLab(page, LAB);
  await editorReady(lab, 30_000);
  return lab;
}

describe('connections in a lab', () => {
  it('answers a request to a TCP Service port as an L4 connection: no HTTP status, the http routes unread', async () => {
    const {page, audit} = await openAuditedPage(browser);
    const lab = await openShared(page, TCP_PORT);
    const panel = lab.locator('[data-request-panel]');
    await panel.locator('summary').click();
    await panel.getByRole('textbox', {name: 'Host'}).fill('db:5432');
    const connection = panel.locator('[data-connection]');
    await connection.waitFor({timeout: 15_000});
    await expect(connection.getAttribute('data-connection')).resolves.toBe('tcp');
    await expect(connection.getAttribute('data-connection-state')).resolves.toBe('established');
    await expect(connection.innerText()).resolves.toMatch(/L4 connection: plain TCP forwarded by the client's sidecar \(Service default\/db port 5432 is TCP: no VirtualService has tcp routes for it/);
    // The headline is the connection's state, not an HTTP status: the VirtualService's 503 abort never applies.
    await expect(panel.locator('[data-headline="routing"] strong').innerText()).resolves.toBe('established');
    await expect(panel.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))).resolves.toEqual(['established']);
    await expect(panel.innerText()).resolves.not.toMatch(/\b503\b/);
    expect(audit.offLoopbackRequests).toEqual([]);
  });

  it('sends https from the panel: TLS ends at the gateway server its SNI picks; to the plaintext server the handshake fails', async () => {
    const {page, audit} = await openAuditedPage(browser);
    const lab = await openShared(page, HTTPS_GATEWAY);
    const panel = lab.locator('[data-request-panel]');
    await panel.locator('summary').click();
    await panel.getByRole('combobox', {name: 'Scheme'}).selectOption('https');
    await panel.getByRole('textbox', {name: 'Host'}).fill('reviews.example.com:443');
    const terminated = panel.locator('[data-tls-termination="reviews.example.com"]');
    await terminated.waitFor({timeout: 15_000});
    await expect(terminated.innerText()).resolves.toBe("TLS with SNI reviews.example.com (the Host field) ends at the Gateway's server 0 (HTTPS, SIMPLE); the request inside is routed as HTTP.");
    await expect(panel.locator('[data-headline="routing"] strong').innerText()).resolves.toBe('200');
    // The same ClientHello to the plaintext server on port 80: no HTTP answer, the gateway's 400 DPE said in the summary.
    await panel.getByRole('textbox', {name: 'Host'}).fill('reviews.example.com:80');
    await panel.locator('[data-outcome="unreachable"]').waitFor({timeout: 15_000});
    // The Host field grows with the row: a host and port of 22 characters is shown whole, not scrolled inside the box.
    await expect(panel.locator('[data-host-field]').evaluate((field: HTMLInputElement) => field.scrollWidth <= field.clientWidth)).resolves.toBe(true);
    await expect(panel.locator('[data-headline="routing"]').innerText()).resolves.toMatch(/TLS to a plaintext HTTP server on port 80: the handshake fails \(the gateway logs 400 DPE\)/);
    await expect(panel.locator('[data-tls-termination]').count()).resolves.toBe(0);
    expect(audit.offLoopbackRequests).toEqual([]);
  });

  it('sends https to an external TLS port: the sidecar\'s chain takes the SNI; http to it has none and passes through', async () => {
    const {page, audit} = await openAuditedPage(browser);
    const lab = await openShared(page, TLS_ENTRY);
    const panel = lab.locator('[data-request-panel]');
    await panel.locator('summary').click();
    await panel.getByRole('textbox', {name: 'Host'}).fill('api.example.com:443');
    await panel.getByRole('combobox', {name: 'Scheme'}).selectOption('https');
    const connection = panel.locator('[data-connection="tls"]');
    await connection.waitFor({timeout: 15_000});
    await expect(connection.getAttribute('data-sni')).resolves.toBe('api.example.com');
    await expect(connection.getAttribute('data-connection-state')).resolves.toBe('established');
    await panel.getByRole('combobox', {name: 'Scheme'}).selectOption('http');
    await panel.locator('[data-outcome="passthrough"]').waitFor({timeout: 15_000});
    await expect(panel.locator('[data-connection]').getAttribute('data-connection')).resolves.toBe('tcp');
    await expect(panel.locator('[data-headline="routing"]').innerText()).resolves.toMatch(/no tls chain takes a connection without SNI: passed through to the original destination api\.example\.com:443 \(PassthroughCluster\)/);
    expect(audit.offLoopbackRequests).toEqual([]);
  });

  it('draws the Gateway listeners TCPRoutes and TLSRoutes attach to, and the one that refuses a route as a problem', async () => {
    const {page, audit} = await openAuditedPage(browser);
    const lab = await openShared(page, L4_ROUTES);
    const diagram = lab.locator('[data-routing-diagram]');
    await diagram.locator('summary').click();
    const drawn = diagram.locator('[data-drawn]');
    await drawn.locator('svg').waitFor({timeout: 20_000});
    const text = await drawn.innerText();
    expect(text).toContain('listener db of edge (TCP, port 5432): any connection');
    expect(text).toContain('listener tls of edge (TLS Passthrough, port 443): SNI reviews.example.com');
    expect(text).toMatch(/listener db of edge \(TCP, port 5432\): allowedRoutes refuse a TLSRoute/);
    // The refusing listener is drawn with the problem class, the others are not.
    const problems = await drawn.locator('g.node.problem').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
    expect(problems.some((p) => p.includes('refuse a TLSRoute'))).toBe(true);
    expect(problems.some((p) => p.includes('any connection'))).toBe(false);
    expect(audit.offLoopbackRequests).toEqual([]);
  });
});
