/**
 * istioctl analyze, gateway/certificate.go: one certificate in several Gateways for the same workloads (IST0138).
 */
import {describe, expect, it} from 'vitest';
import {istioctlFindings} from '../support/findings';

const gateway = (name: string, credential: string, selector = '{istio: ingressgateway}') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: ${selector}
  servers:
  - port: {number: 8443, name: https, protocol: HTTPS}
    hosts: [${name}.example.com]
    tls: {mode: SIMPLE, credentialName: ${credential}}
`;

describe('a certificate shared by Gateways', () => {
  it('IST0138: two Gateways for the same workloads with one certificate', () => {
    const found = istioctlFindings(`${gateway('a', 'bookinfo-cert')}---\n${gateway('b', 'bookinfo-cert')}`);
    expect(found).toEqual([
      {at: '3:18', severity: 'warning', code: 'IST0138', message: 'Duplicate certificate in multiple gateways [istio-system/a istio-system/b] may cause 404s if clients re-use HTTP2 connections.'},
      {at: '13:18', severity: 'warning', code: 'IST0138', message: 'Duplicate certificate in multiple gateways [istio-system/b istio-system/a] may cause 404s if clients re-use HTTP2 connections.'},
    ]);
  });

  it('is silent for different certificates or workloads', () => {
    expect(istioctlFindings(`${gateway('a', 'a-cert')}---\n${gateway('b', 'b-cert')}`)).toEqual([]);
    expect(istioctlFindings(`${gateway('a', 'cert', '{istio: ingressgateway}')}---\n${gateway('b', 'cert', '{istio: other}')}`)).toEqual([]);
  });
});
