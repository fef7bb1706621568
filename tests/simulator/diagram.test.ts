import {describe, expect, it} from 'vitest';
import {routingDiagram} from '../../src/simulator/diagram';
import {labContext} from '../support/labs';
import {parseFlowchart} from './diagram-mermaid';

const reviews = labContext('reviews');

const VS = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - match:
    - headers:
        end-user: {exact: jason}
    route:
    - destination: {host: reviews, subset: v2}
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 3
    - destination: {host: reviews, subset: v3}
      weight: 1
`;

describe('routingDiagram', () => {
  it('draws hosts, rules in order with their matches, shares from relative weights, and pods', async () => {
    const diagram = routingDiagram(VS, reviews.resources);
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    expect(diagram.source).toMatch(/^flowchart LR/);
    const {nodes, edges} = await parseFlowchart(diagram.source);
    const texts = nodes.map((node) => node.text);
    expect(texts).toContain('rule 1: header end-user = jason');
    expect(texts).toContain('rule 2: any request');
    expect(edges.map((edge) => edge.text)).toEqual(expect.arrayContaining(['100%', '75%', '25%']));
    expect(texts.some((text) => /^reviews-v2-[a-z0-9]+-[a-z0-9]+$/.test(text))).toBe(true);
  });

  it('draws TCP and TLS rules beside HTTP ones: a TLS rule by its SNI hosts, a TCP rule by its port, with their shares', async () => {
    const l4 = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: edge}
spec:
  hosts: [reviews.example.com]
  gateways: [edge]
  tls:
  - match: [{port: 443, sniHosts: [reviews.example.com]}]
    route:
    - {destination: {host: reviews, subset: v1}, weight: 3}
    - {destination: {host: reviews, subset: v3}, weight: 1}
  tcp:
  - route: [{destination: {host: reviews}}]
`;
    const diagram = routingDiagram(l4, reviews.resources);
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    const {nodes, edges} = await parseFlowchart(diagram.source);
    const texts = nodes.map((node) => node.text);
    expect(texts).toEqual(expect.arrayContaining(['TLS rule 1: SNI reviews.example.com and port 443', 'TCP rule 1: any connection']));
    expect(edges.map((edge) => edge.text)).toEqual(expect.arrayContaining(['75%', '25%', '100%']));
  });

  it('marks a subset that no DestinationRule defines', async () => {
    const diagram = routingDiagram(VS.replace('subset: v3', 'subset: v9'), reviews.resources);
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    const problem = (await parseFlowchart(diagram.source)).nodes.find((node) => node.text === '503 NC: no subset v9');
    expect(problem?.classes).toEqual(['problem']);
  });

  it('draws what the reader typed as text: a quote or a tag cannot break out of a label', async () => {
    const diagram = routingDiagram(VS.replace('exact: jason', 'exact: \'ja"son<img>\''), reviews.resources);
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    expect(diagram.source).not.toMatch(/<img>|ja"son/);
    expect((await parseFlowchart(diagram.source)).nodes.map((node) => node.text)).toContain('rule 1: header end-user = ja"son<img>');
  });

  it('draws nothing for invalid YAML, saying why', () => {
    expect(routingDiagram(VS.replace('route:', 'rout:'), reviews.resources)).toMatchObject({kind: 'invalid', message: expect.stringMatching(/line \d+/)});
  });

  it('links a delegating rule to its delegate, and marks a missing delegate', async () => {
    const root = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /api}
    delegate: {name: reviews-api}
  - match:
    - uri: {prefix: /old}
    delegate: {name: gone}
  - directResponse: {status: 404}
`;
    const delegate = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-api}
spec:
  http:
  - route:
    - destination: {host: reviews, subset: v3}
`;
    const diagram = routingDiagram(root + delegate, reviews.resources);
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    const {nodes, edges} = await parseFlowchart(diagram.source);
    const node = (id: string) => nodes.find((n) => n.id === id);
    expect(edges).toContainEqual({start: 'v0r0', end: 'v1h', text: 'delegate'});
    expect(node('v1h')?.text).toBe('delegate reviews-api');
    expect(node('v0r1_delegate')).toMatchObject({text: 'delegate default/gone not found: rule dropped', classes: ['problem']});
    expect(node('v0r2_direct')?.text).toBe('direct response 404');
  });
});
