/**
 * istioctl analyze, gateway/certificate.go: one certificate in several Gateways for the same workloads (IST0138).
 */
import {describe, expect, it} from 'vitest';
import {istioctlFindings} from '../support/findings';
import {httpsGateway} from '../support/manifests';

describe('a certificate shared by Gateways', () => {
  it('IST0138: two Gateways for the same workloads with one certificate', () => {
    const found = istioctlFindings(`${httpsGateway('a', 'bookinfo-cert')}---\n${httpsGateway('b', 'bookinfo-cert')}`);
    expect(found).toEqual([
      {at: '3:18', severity: 'warning', code: 'IST0138', message: 'Duplicate certificate in multiple gateways [istio-system/a istio-system/b] may cause 404s if clients re-use HTTP2 connections.'},
      {at: '13:18', severity: 'warning', code: 'IST0138', message: 'Duplicate certificate in multiple gateways [istio-system/b istio-system/a] may cause 404s if clients re-use HTTP2 connections.'},
    ]);
  });

  it('is silent for different certificates or workloads', () => {
    expect(istioctlFindings(`${httpsGateway('a', 'a-cert')}---\n${httpsGateway('b', 'b-cert')}`)).toEqual([]);
    expect(istioctlFindings(`${httpsGateway('a', 'cert', '{istio: ingressgateway}')}---\n${httpsGateway('b', 'cert', '{istio: other}')}`)).toEqual([]);
  });
});
