/**
 * istioctl analyze, gateway/conflictinggateway.go: Gateways with the same selector, port and an overlapping host (IST0145).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

describe('Gateways that claim the same workloads, port and hosts', () => {
  const gateway = (name: string, hosts: string) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ${hosts}\n`;

  it('reports both Gateways when selector, port and hosts overlap', () => {
    // gateway/conflictinggateway.go; messages.yaml IST0145 "Conflict with gateways %s (workload selector %s, port %s, hosts %v)."
    expect(findings(gateway('a', '["*"]') + '---\n' + gateway('b', '[shop.example.com]'))).toEqual([
      {at: '9:5', severity: 'error', code: 'IST0145', message: 'Conflict with gateways default/b (workload selector istio=ingressgateway, port 80, hosts *).'},
      {at: '20:5', severity: 'error', code: 'IST0145', message: 'Conflict with gateways default/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com).'},
    ]);
  });

  it('accepts distinct hosts on the same selector and port', () => {
    expect(findings(gateway('a', '[bookinfo.example.com]') + '---\n' + gateway('b', '[shop.example.com]'))).toEqual([]);
  });
});
