/**
 * TLSRoutes and TCPRoutes at a Gateway API Gateway in the routing diagram: each listener a parentRef names is
 * drawn as the way in, TLS Passthrough with the SNI hosts istiod gives the chain (the route's hostnames ∩ the
 * listener's), TLS Terminate (TLS ends at the gateway, the first rule proxied as TCP), TCP (any connection);
 * a listener that does not take the route is a problem node (allowedRoutes, hostnames outside the listener's,
 * no such listener or Gateway), as gatewayApiL4 reads them (conversion.go, route_collections.go). Labels written
 * by the reader are drawn as text (Mermaid's own parser reads no directive from them).
 */
import {describe, expect, it} from 'vitest';
import {routingDiagram} from '../../src/simulator/diagram';
import {parseFlowchart} from './diagram-mermaid';
import {GATEWAY_API_EDGE, L4_BACKENDS} from './gateway-l4-support';
import {SHOP_NAMESPACE} from './sidecar-l4-support';
import {documents} from './helpers';

const CONTEXT = documents(`${SHOP_NAMESPACE}
${L4_BACKENDS}
---
${GATEWAY_API_EDGE}`);

/** A TLSRoute (v1) or TCPRoute (v1alpha2) in shop with the body given (indented YAML under spec). */
const route = (kind: 'TLSRoute' | 'TCPRoute', name: string, body: string) => `apiVersion: gateway.networking.k8s.io/${kind === 'TLSRoute' ? 'v1' : 'v1alpha2'}
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec:
${body}`;

const draw = async (yaml: string) => {
  const diagram = routingDiagram(yaml, CONTEXT);
  if (diagram.kind !== 'diagram') throw new Error(`no diagram: ${JSON.stringify(diagram)}`);
  const parsed = await parseFlowchart(diagram.source);
  const node = (pattern: RegExp) => parsed.nodes.find((n) => pattern.test(n.text));
  return {parsed, node};
};

describe('TLS and TCP listeners in the routing diagram', () => {
  it('draws a Passthrough listener with the SNI hosts of its chain, leading to the TLSRoute and its SNI rule', async () => {
    const {parsed, node} = await draw(route('TLSRoute', 'sni', `  parentRefs: [{name: edge, sectionName: tls}]
  hostnames: [nginx.example.com]
  rules: [{backendRefs: [{name: nginx, port: 443}]}]`));
    const listener = node(/^listener tls of edge \(TLS Passthrough, port 443\): SNI nginx\.example\.com$/);
    const drawnRoute = node(/^TLSRoute sni: Gateway edge\/tls/);
    expect(listener && drawnRoute).toBeTruthy();
    expect(parsed.edges).toContainEqual(expect.objectContaining({start: listener!.id, end: drawnRoute!.id}));
    expect(node(/^rule 1: SNI nginx\.example\.com$/)).toBeTruthy();
  });

  it('draws a Terminate listener as the end of TLS, and a TCP listener as taking any connection', async () => {
    const {node} = await draw(`${route('TLSRoute', 'term', `  parentRefs: [{name: edge, sectionName: term}]
  hostnames: [db.example.com]
  rules: [{backendRefs: [{name: db, port: 5432}]}]`)}
---
${route('TCPRoute', 'db', `  parentRefs: [{name: edge, port: 5432}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]`)}`);
    expect(node(/^listener term of edge \(TLS Terminate, port 8443\): TLS ends here; the first rule, as TCP$/)).toBeTruthy();
    expect(node(/^listener db of edge \(TCP, port 5432\): any connection$/)).toBeTruthy();
  });

  it('marks a listener that does not take the route as a problem, with the reason', async () => {
    const {node} = await draw(`${route('TCPRoute', 'wrong', `  parentRefs: [{name: edge, sectionName: tls}, {name: edge, sectionName: nope}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]`)}
---
${route('TLSRoute', 'outside', `  parentRefs: [{name: edge, sectionName: tls}]
  hostnames: [db.internal]
  rules: [{backendRefs: [{name: nginx, port: 443}]}]`)}`);
    expect(node(/^listener tls of edge \(TLS Passthrough, port 443\): allowedRoutes refuse a TCPRoute from shop$/)?.classes).toContain('problem');
    expect(node(/^listener nope of edge: no such listener$/)?.classes).toContain('problem');
    expect(node(/^listener tls of edge \(TLS Passthrough, port 443\): no hostname within \*\.example\.com$/)?.classes).toContain('problem');
  });

  it('draws what the lab names as text: no directive, class or link from a listener name', async () => {
    const hostile = CONTEXT.map((d) => JSON.parse(JSON.stringify(d).replace('"name":"tls"', '"name":"tls%%{init: {}}%%:::problem click x href"')));
    const diagram = routingDiagram(route('TLSRoute', 'sni', `  parentRefs: [{name: edge}]
  hostnames: [nginx.example.com]
  rules: [{backendRefs: [{name: nginx, port: 443}]}]`), hostile);
    if (diagram.kind !== 'diagram') throw new Error(JSON.stringify(diagram));
    const parsed = await parseFlowchart(diagram.source);
    const listener = parsed.nodes.find((n) => n.text.startsWith('listener tls%%{init'));
    expect(listener?.text).toMatch(/^listener tls%%\{init: \{\}\}%%:::problem click x href of edge \(TLS Passthrough, port 443\): SNI nginx/);
    expect(listener?.classes).not.toContain('problem');
    expect(parsed.config).toEqual({});
    expect(parsed.nodes.filter((n) => n.link)).toEqual([]);
  });

  it('marks a backendRef of another namespace that no ReferenceGrant permits as a closed connection, and draws its pods once one does (conversion.go buildDestination)', async () => {
    const vault = `apiVersion: v1
kind: Service
metadata: {name: vault, namespace: other}
spec: {selector: {app: vault}, ports: [{name: tls, port: 443}]}`;
    const cross = route('TLSRoute', 'cross', `  parentRefs: [{name: edge, sectionName: tls}]
  hostnames: [vault.example.com]
  rules: [{backendRefs: [{name: vault, namespace: other, port: 443}]}]`);
    const refused = await draw(`${vault}\n---\n${cross}`);
    expect(refused.node(/^connection closed: no ReferenceGrant in other permits it \(Istio\)$/)).toBeTruthy();
    const grant = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: allow, namespace: other}
spec:
  from: [{group: gateway.networking.k8s.io, kind: TLSRoute, namespace: shop}]
  to: [{group: "", kind: Service}]`;
    const permitted = await draw(`${vault}\n---\n${grant}\n---\n${cross}`);
    expect(permitted.node(/no ReferenceGrant/)).toBeUndefined();
  });
});
