/**
 * istioctl analyze, virtualservice/gateways.go: the Gateways a VirtualService binds to must exist
 * (IST0101) and serve at least one of its hosts (IST0132).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster, canaryCluster} from '../support/clusters';
import {findings} from '../support/findings';
import {reviewsVs, routeTo} from '../support/manifests';

const withBookinfo = {context: bookinfoCluster};
const withCanary = {context: canaryCluster};
// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7 hosts, 8 gateways, 9.. http.
const gatewayVs = (gateways: string, rest = '') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  hosts: [bookinfo.example.com]\n  gateways: ${gateways}\n  http:\n  - ${rest}route:\n    - destination: {host: reviews}\n`;

describe('a VirtualService bound to a Gateway, looked up in the cluster', () => {
  it('reports a missing gateway with IST0101 and IST0132', () => {
    // virtualservice/gateways.go: both messages, on the gateway reference
    expect(findings(reviewsVs(`  gateways: [missing-gw]\n${routeTo('{host: reviews}')}`, '[bookinfo.example.com]'), withBookinfo)).toEqual([
      {at: '8:14', severity: 'error', code: 'IST0101', message: 'Referenced gateway not found: "missing-gw"'},
      {at: '8:14', severity: 'warning', code: 'IST0132', message: 'one or more host [bookinfo.example.com] defined in VirtualService default/reviews not found in Gateway default/missing-gw.'},
    ]);
  });

  it('warns only when no VirtualService host is served by the gateway (IST0132)', () => {
    // virtualservice/gateways.go vsHostInGateway: any host matching is enough
    expect(findings(reviewsVs(`  gateways: [bookinfo-gateway]\n${routeTo('{host: reviews}')}`, '[bookinfo.example.com, shop.example.com]'), withBookinfo)).toEqual([]);
    expect(findings(reviewsVs(`  gateways: [bookinfo-gateway]\n${routeTo('{host: reviews}')}`, '[shop.example.com]'), withBookinfo)).toEqual([{
      at: '8:14', severity: 'warning', code: 'IST0132',
      message: 'one or more host [shop.example.com] defined in VirtualService default/reviews not found in Gateway default/bookinfo-gateway.',
    }]);
  });
});

describe('a gateway name in a VirtualService, read as istioctl reads it', () => {
  it('reads the legacy dotted form gw.istio-system as a Gateway of that name in the VirtualService namespace', () => {
    // resource.NewShortOrFullName splits on "/" only: "gw.istio-system" is default/gw.istio-system,
    // which does not exist: IST0101, and IST0132 naming that full name.
    expect(findings(gatewayVs('[gw.istio-system]'), withCanary)).toEqual([
      {at: '8:14', severity: 'error', code: 'IST0101', message: 'Referenced gateway not found: "gw.istio-system"'},
      // the webhook's own warning (validation, not analysis)
      {at: '8:14', severity: 'warning', code: 'istio-validation-warning', message: 'using legacy gatewayName format "gw.istio-system"; prefer the <namespace>/<name> format: "istio-system/gw"'},
      {at: '8:14', severity: 'warning', code: 'IST0132', message: 'one or more host [bookinfo.example.com] defined in VirtualService default/reviews not found in Gateway default/gw.istio-system.'},
    ]);
  });

  it('accepts namespace/name and the mesh gateway', () => {
    expect(findings(gatewayVs('[istio-system/gw, mesh]'), withCanary)).toEqual([]);
  });

  it('does not look up gateways named in http match conditions (only spec.gateways is analysed)', () => {
    // GatewayAnalyzer iterates vs.Gateways; no analyzer resolves match[].gateways.
    expect(findings(gatewayVs('[istio-system/gw]', 'match:\n    - gateways: [missing-gw]\n    '), withCanary)).toEqual([]);
  });
});
