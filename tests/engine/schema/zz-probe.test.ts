import {it} from 'vitest';
import {validateResource} from '../../../src/engine/schema/index';
const run = (apiVersion: string, kind: string, spec: unknown) => {
  const r = validateResource(apiVersion, kind, {apiVersion, kind, metadata: {name: 'a'}, spec})!;
  for (const i of r) console.log(`${i.severity} ${i.code} ${i.path} | ${i.message}`);
  console.log('---');
};
it('probe', () => {
  run('policy.linkerd.io/v1beta3', 'Server', {port: 80});
  run('gateway.networking.k8s.io/v1', 'Gateway', {gatewayClassName: 'x', listeners: [{name: 'h', port: 80, protocol: 'HTTP'}], addresses: [{type: 'IPAddress', value: 'nope'}]});
  run('networking.istio.io/v1', 'DestinationRule', {host: 'x', trafficPolicy: {loadBalancer: {simple: 'ROUND_ROBIN', consistentHash: {httpHeaderName: 'a', useSourceIp: true}}}});
  run('networking.istio.io/v1', 'DestinationRule', {host: 'x', trafficPolicy: {loadBalancer: {simple: 'round_robin'}, connectionPool: {tcp: {maxConnections: 'x'}}}});
  run('networking.istio.io/v1', 'VirtualService', {hosts: 'x', http: [{timeout: '5x', route: [{destination: {host: 'r'}, weight: 1.5}]}]});
  run('security.istio.io/v1', 'AuthorizationPolicy', {selector: {matchLabels: {'app.kubernetes.io/name': 'x'.repeat(70)}}, rules: [{from: [{source: {principals: ['']}}]}]});
  run('gateway.networking.k8s.io/v1', 'HTTPRoute', {hostnames: ['Foo'], parentRefs: [{name: 'g', port: 70000}]});
  run('networking.istio.io/v1', 'ServiceEntry', {hosts: ['a'], ports: [{number: 0, name: 'x', protocol: 'HTTP'}], addresses: ['1.2.3.4/33']});
});
