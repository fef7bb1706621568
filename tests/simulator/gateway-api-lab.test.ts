/** HTTPRoutes in a YAML lab: the request panel shows, sends its request, highlights the rule, and the routing diagram draws the route. */
import {describe, expect, it} from 'vitest';
import {firstHost} from '../../src/components/YamlLab/first-host';
import {routesRequests} from '../../src/engine/families/catalog';
import {labSummary} from '../../src/labs/code-block-meta';
import {routingDiagram} from '../../src/simulator/diagram';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {parseFlowchart} from './diagram-mermaid';
import {backend, edgeRoute, meshRoute, shopContext} from './gateway-api-support';

const MESH = meshRoute(`  - matches:
    - headers: [{name: x-user, value: jason}]
    backendRefs:
${backend('reviews-v2')}
  - backendRefs:
${backend('reviews-v1', 90)}
${backend('reviews-v3', 10)}
`);

describe('an HTTPRoute lab', () => {
  it('gets the request panel and diagram, as a VirtualService does', () => {
    expect(routesRequests('gateway.networking.k8s.io/v1', 'HTTPRoute')).toBe(true);
    expect(routesRequests('gateway.networking.k8s.io/v1', 'GRPCRoute')).toBe(true);
    expect(routesRequests('gateway.networking.k8s.io/v1', 'Gateway')).toBe(false);
    expect(labSummary(MESH).routesRequests).toBe(true);
  });

  it("sends the panel's request to the parent Service, or to the first hostname that is no wildcard", () => {
    expect(firstHost(MESH)).toBe('reviews');
    expect(firstHost('kind: HTTPRoute\nspec:\n  parentRefs:\n  - group: ""\n    kind: Service\n    name: ratings\n')).toBe('ratings');
    expect(firstHost(edgeRoute('', 'r', '  hostnames: ["*.shop.example", books.shop.example]\n'))).toBe('reviews');
    expect(firstHost(edgeRoute('', 'r', '  hostnames: [books.shop.example]\n'))).toBe('books.shop.example');
    expect(firstHost('kind: HTTPRoute\nspec:\n  rules:\n  - backendRefs:\n    - {kind: ServiceEntry, name: x}\n', 'fallback')).toBe('fallback');
  });

  it('routes mesh traffic and highlights the rule taken', () => {
    const answer = simulateLabRequest(MESH, shopContext(), {method: 'GET', host: 'reviews.shop', path: '/', headers: {'X-User': 'jason'}});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision.destinations.map((d) => [d.host, d.share])).toEqual([['reviews-v2.shop.svc.cluster.local', 1]]);
    expect(answer.routeRange).toMatchObject({start: {line: 10}, end: {line: 13}});
  });

  it('enters through the Gateway when the lab routes attach to a Gateway only', () => {
    const answer = simulateLabRequest(edgeRoute(`  - backendRefs:\n${backend('reviews-v3')}\n`), shopContext(), {method: 'GET', host: 'shop.example', path: '/', headers: {}});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision.source).toMatchObject({kind: 'gateway', gateway: 'shop/edge'});
    expect(answer.decision.destinations.map((d) => d.host)).toEqual(['reviews-v3.shop.svc.cluster.local']);
  });

  it('draws parents, rules, shares, pods and problems', async () => {
    const diagram = routingDiagram(`${MESH.replace(backend('reviews-v3', 10), backend('reviews-v9', 10))}`, shopContext());
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    const {nodes, edges} = await parseFlowchart(diagram.source);
    const texts = nodes.map((node) => node.text);
    expect(texts).toContain('HTTPRoute reviews: Service reviews:9080');
    expect(texts).toContain('rule 1: PathPrefix "/", header x-user = "jason"');
    expect(texts).toContain('rule 2: PathPrefix "/"');
    expect(edges.map((edge) => edge.text)).toEqual(expect.arrayContaining(['100%', '90%', '10%']));
    expect(nodes.find((node) => node.text === '500: no Service reviews-v9 port 9080')?.classes).toEqual(['problem']);
    expect(texts.some((text) => /^reviews-v1-[a-z0-9]+-[a-z0-9]+$/.test(text))).toBe(true);
  });
});
