/**
 * istioctl analyze, virtualservice/jwtclaimroute.go (JWTClaimRouteAnalyzer): routing on a JWT claim needs a
 * RequestAuthentication for the gateway pods (IST0149).
 */
import {describe, expect, it} from 'vitest';
import {ingressCluster} from '../support/clusters';
import {istioctlFindings} from '../support/findings';

const withIngress = {context: ingressCluster};

const claimRoute = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [bookinfo.example.com]
  gateways: [istio-system/gw]
  http:
  - match:
    - headers:
        "@request.auth.claims.groups": {exact: admin}
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: reviews}}]
`;

describe('a VirtualService that routes on a JWT claim', () => {
  it('routes on a JWT claim through a gateway whose pods no RequestAuthentication covers', () => {
    expect(istioctlFindings(claimRoute, withIngress)).toEqual([{
      at: '10:9', severity: 'error', code: 'IST0149',
      message: 'The virtual service uses the JWT claim based routing (key: @request.auth.claims.groups) but found no request authentication for the gateway (istio-system/gw) pod (istio-ingressgateway). ' +
        'The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
    }]);
  });

  it('is silent with a RequestAuthentication for the gateway pods, and without context', () => {
    const ra = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  jwtRules: [{issuer: "https://issuer.example.com", jwksUri: "https://issuer.example.com/jwks"}]
`;
    expect(istioctlFindings(`${claimRoute}---\n${ra}`, withIngress)).toEqual([]);
    expect(istioctlFindings(claimRoute)).toEqual([]);
  });
});
