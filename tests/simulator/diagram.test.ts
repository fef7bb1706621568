import {describe, expect, it} from 'vitest';
import {routingDiagram} from '../../src/simulator/diagram';
import {labContext} from '../support/labs';

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
  it('draws hosts, rules in order with their matches, shares from relative weights, and pods', () => {
    const diagram = routingDiagram(VS, reviews.resources);
    expect(diagram.kind).toBe('diagram');
    if (diagram.kind !== 'diagram') return;
    expect(diagram.source).toMatch(/^flowchart LR/);
    expect(diagram.source).toContain('rule 1: header end-user = jason');
    expect(diagram.source).toContain('rule 2: any request');
    expect(diagram.source).toContain('-->|"100%"|');
    expect(diagram.source).toContain('-->|"75%"|');
    expect(diagram.source).toContain('-->|"25%"|');
    expect(diagram.source).toMatch(/reviews-v2-[a-z0-9]+-[a-z0-9]+/);
  });

  it('marks a subset that no DestinationRule defines', () => {
    const diagram = routingDiagram(VS.replace('subset: v3', 'subset: v9'), reviews.resources);
    expect(diagram.kind === 'diagram' && diagram.source).toContain('503 NC: no subset v9');
  });

  it('escapes what the reader typed so it cannot break out of a label', () => {
    const diagram = routingDiagram(VS.replace('exact: jason', 'exact: \'ja"son<img>\''), reviews.resources);
    expect(diagram.kind === 'diagram' && diagram.source).toContain('ja#quot;son#lt;img#gt;');
  });

  it('draws nothing for invalid YAML, saying why', () => {
    expect(routingDiagram(VS.replace('route:', 'rout:'), reviews.resources)).toMatchObject({kind: 'invalid', message: expect.stringMatching(/line \d+/)});
  });

  it('links a delegating rule to its delegate, and marks a missing delegate', () => {
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
    expect(diagram.source).toContain('v0r0 -->|"delegate"| v1h');
    expect(diagram.source).toContain('v1h(["delegate reviews-api"])');
    expect(diagram.source).toMatch(/v0r1_delegate\["delegate default\/gone not found: rule dropped"\]:::problem/);
    expect(diagram.source).toContain('v0r2_direct["direct response 404"]');
  });
});
