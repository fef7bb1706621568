/**
 * The routing diagram of a lab that shows ambient mode says who applies each route to ambient clients
 * (ambient/diagram.ts), from the same binding the router uses (ambient/waypoint.ts serviceWaypoint).
 */
import {describe, expect, it} from 'vitest';
import {routingDiagram} from '../../src/simulator/diagram';
import {labContext} from '../support/labs';

const ambient = labContext('ambient-bookinfo');
const httpRoute = (service: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${service}, namespace: bookinfo}
spec:
  parentRefs: [{group: "", kind: Service, name: ${service}, port: 9080}]
  rules: [{backendRefs: [{name: ${service}, port: 9080}]}]
`;

function source(yaml: string, context = ambient.resources): string {
  const diagram = routingDiagram(yaml, context);
  if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
  return diagram.source;
}

describe('the routing diagram in ambient mode', () => {
  it('names the waypoint that applies the routes of an enrolled Service', () => {
    expect(source(httpRoute('ratings'))).toContain('g0h_ambient["ambient clients#58; waypoint bookinfo/waypoint applies these routes for ratings"]\n  g0h_ambient -.- g0h');
  });

  it('marks the routes of a Service without a waypoint as ignored by ztunnel', () => {
    expect(source(httpRoute('reviews'))).toContain('g0h_ambient["ambient clients#58; reviews has no waypoint, so ztunnel #40;L4#41; ignores these routes"]:::problem');
  });

  it('notes a VirtualService\'s hosts too', () => {
    const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ratings, namespace: bookinfo}\nspec:\n  hosts: [ratings]\n  http: [{route: [{destination: {host: ratings}}]}]\n';
    expect(source(vs)).toContain('v0h_ambient["ambient clients#58; waypoint bookinfo/waypoint applies these routes for ratings"]');
  });

  it('adds nothing to a lab that does not show ambient mode', () => {
    const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\nspec:\n  hosts: [reviews]\n  http: [{route: [{destination: {host: reviews}}]}]\n';
    expect(source(vs, labContext('reviews').resources)).not.toContain('_ambient');
  });
});
