/**
 * istioctl analyze, gateway/conflictinggateway.go: Gateways with the same selector (or a sub-selector of one pod), port and host (IST0145).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

describe('Gateways that claim the same workloads, port and hosts', () => {
  const gateway = (name: string, hosts: string) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ${hosts}\n`;

  it('reports both Gateways when selector, port and a host are the same', () => {
    // gateway/conflictinggateway.go; messages.yaml IST0145 "Conflict with gateways %s (workload selector %s, port %s, hosts %v)."
    expect(findings(gateway('a', '["*", shop.example.com]') + '---\n' + gateway('b', '[shop.example.com]'))).toEqual([
      {at: '9:5', severity: 'error', code: 'IST0145', message: 'Conflict with gateways default/b (workload selector istio=ingressgateway, port 80, hosts *,shop.example.com).'},
      {at: '20:5', severity: 'error', code: 'IST0145', message: 'Conflict with gateways default/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com).'},
    ]);
  });

  it('compares hosts as written, as istiod merges servers (model.CheckDuplicates): `*` and a host of it do not conflict', () => {
    expect(findings(gateway('a', '["*"]') + '---\n' + gateway('b', '[shop.example.com]'))).toEqual([]);
  });

  it('compares a Gateway with those of a selector containing its own when some pod matches both', () => {
    const withSelector = (name: string, selector: string) => gateway(name, '[shop.example.com]').replace('{istio: ingressgateway}', selector);
    const pair = withSelector('narrow', '{istio: ingressgateway, app: shop}') + '---\n' + withSelector('wide', '{istio: ingressgateway}');
    const pod = '---\napiVersion: v1\nkind: Pod\nmetadata: {name: gw, namespace: default, labels: {istio: ingressgateway, app: shop}}\nspec: {containers: [{name: istio-proxy, image: proxyv2}]}\n';
    expect(findings(pair + pod).map((f) => f.message)).toEqual([
      'Conflict with gateways default/wide (workload selector app=shop,istio=ingressgateway, port 80, hosts shop.example.com).',
      'Conflict with gateways default/narrow (workload selector istio=ingressgateway, port 80, hosts shop.example.com).',
    ]);
    expect(findings(pair)).toEqual([]);
  });

  it('accepts distinct hosts on the same selector and port', () => {
    expect(findings(gateway('a', '[bookinfo.example.com]') + '---\n' + gateway('b', '[shop.example.com]'))).toEqual([]);
  });
});
