/**
 * A DestinationRule's session cookie attributes (new in Istio 1.30), which its CRD leaves
 * unchecked and istiod's webhook checks (validation.go validateLoadBalancer).
 */
import {describe, expect, it} from 'vitest';
import {problems, yaml} from '../helpers';

const istio = (text: string) => problems(text).filter((d) => d.code.startsWith('istio'));

const rule = (attributes: string) => yaml`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: sticky
  namespace: shop
spec:
  host: cart
  trafficPolicy:
    loadBalancer:
      consistentHash:
        httpCookie:
          name: session
          ttl: 0s
          attributes:
${attributes}`;

describe('httpCookie attributes', () => {
  it('take distinct names, with or without a value', () => {
    expect(istio(rule('          - {name: SameSite, value: Strict}\n          - {name: Secure}\n'))).toEqual([]);
  });

  it('reject an empty name and a name given twice', () => {
    expect(istio(rule('          - {name: "", value: x}\n          - {name: Secure}\n          - {name: Secure}\n')).map((d) => [d.path, d.message])).toEqual([
      ['/spec/trafficPolicy/loadBalancer/consistentHash/httpCookie/attributes/0/name', 'cookie attribute name cannot be empty'],
      ['/spec/trafficPolicy/loadBalancer/consistentHash/httpCookie/attributes/2/name', 'duplicate cookie attribute name: Secure'],
    ]);
  });
});
