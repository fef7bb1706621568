/**
 * `istioctl proxy-config listener` at a sidecar that captures DNS (istio 1.30.3), agreeing with the simulator's listeners
 * (src/simulator/dns-capture.ts, service-address.ts):
 * - the agent captures DNS when its istio-proxy container's ISTIO_META_DNS_CAPTURE is a true Go bool (pilot-agent
 *   options.go DNSCaptureByAgent; the injector writes proxyMetadata there), and then istiod binds the TCP and TLS listeners
 *   of a ServiceEntry host without addresses to the address its IP autoallocate controller recorded in the entry's
 *   status.addresses (service.go nodeUsesAutoallocatedIPs, GetAddressForProxy; listener.go buildSidecarOutboundListener);
 *   a TLS default chain bound there matches no SNI (tls.go buildSidecarOutboundTLSFilterChainOpts: SNI only on 0.0.0.0);
 * - the DNS proxy itself is pilot-agent's server on localhost:15053 (pkg/dns/server, DNS_PROXY_ADDR), which istio-iptables
 *   redirects port 53 to: Envoy holds no listener for it, so the listener table has no 15053 row.
 */
import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {parseYaml} from '../../../src/engine/yaml/index';
import {parseRequest, simulate, World} from '../../../src/simulator/index';
import {ISTIOD, namespace, namespaced, sidecarPod, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

const CAPTURE = {ISTIO_META_DNS_CAPTURE: 'true'};
const capturing = sidecarPod('client-abc', 'default', {app: 'client'}, '10.244.0.5', {proxyEnv: CAPTURE});
const plain = sidecarPod('client-abc', 'default', {app: 'client'}, '10.244.0.5');

const entry = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): ModelObject => ({
  group: 'networking.istio.io', kind: 'ServiceEntry', namespace: 'default', name,
  value: {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name, namespace: 'default', ...(extra.labels ? {labels: extra.labels} : {})}, spec, ...(extra.status ? {status: extra.status} : {})},
});
const allocated = (host: string, value: string) => ({status: {addresses: [{host, value}]}});
const pg = entry('pg', {hosts: ['db.example.com'], location: 'MESH_EXTERNAL', ports: [{number: 5432, name: 'tcp-pg', protocol: 'TCP'}], resolution: 'DNS'}, allocated('db.example.com', '240.240.0.5'));
const google = entry('google', {hosts: ['www.google.com'], location: 'MESH_EXTERNAL', ports: [{number: 443, name: 'tls', protocol: 'TLS'}], resolution: 'DNS'}, allocated('www.google.com', '240.240.0.6'));

const cluster = (client: ModelObject, ...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'), ...objects));
const rows = (model: StateModel, port: number) => text(`istioctl pc listener client-abc --port ${port}`, model).split('\n').slice(1).filter(Boolean).map((r) => r.replace(/\s+/g, ' ').trim());

describe('istioctl proxy-config listener with DNS capture (service.go nodeUsesAutoallocatedIPs, GetAddressForProxy)', () => {
  it('binds a TCP entry host\'s listener to its auto-allocated 240.240.x.x address, and to 0.0.0.0 without capture', () => {
    expect(rows(cluster(capturing, pg), 5432)).toEqual(['240.240.0.5 5432 ALL Cluster: outbound|5432||db.example.com']);
    expect(rows(cluster(plain, pg), 5432)).toEqual(['0.0.0.0 5432 ALL Cluster: outbound|5432||db.example.com']);
  });

  it('binds a TLS entry host\'s listener there too, its chain then matching no SNI (tls.go: SNI only on a wildcard bind)', () => {
    expect(rows(cluster(capturing, google), 443)).toEqual(['240.240.0.6 443 ALL Cluster: outbound|443||www.google.com']);
    expect(rows(cluster(plain, google), 443)).toEqual(['0.0.0.0 443 ALL PassthroughCluster', '0.0.0.0 443 SNI: www.google.com Cluster: outbound|443||www.google.com']);
  });

  it('keeps 0.0.0.0 where istiod allocates no address (the enable-autoallocate-ip "false" label), and ISTIO_META_DNS_CAPTURE that is no Go bool captures nothing', () => {
    const optedOut = entry('pg', {hosts: ['db.example.com'], ports: [{number: 5432, name: 'tcp-pg', protocol: 'TCP'}], resolution: 'DNS'}, {labels: {'networking.istio.io/enable-autoallocate-ip': 'false'}});
    expect(rows(cluster(capturing, optedOut), 5432)).toEqual(['0.0.0.0 5432 ALL Cluster: outbound|5432||db.example.com']);
    const yes = sidecarPod('client-abc', 'default', {app: 'client'}, '10.244.0.5', {proxyEnv: {ISTIO_META_DNS_CAPTURE: 'yes'}});
    expect(rows(cluster(yes, pg), 5432)).toEqual(['0.0.0.0 5432 ALL Cluster: outbound|5432||db.example.com']);
  });

  it('is a gap when the entry\'s status does not record the allocated address: the printer does not invent one', () => {
    const unrecorded = entry('pg', {hosts: ['db.example.com'], ports: [{number: 5432, name: 'tcp-pg', protocol: 'TCP'}], resolution: 'DNS'});
    const answer = print('istioctl pc listener client-abc --port 5432', cluster(capturing, unrecorded));
    expect(answer?.kind).toBe('gap');
    expect(JSON.stringify(answer)).toMatch(/240\.240\.0\.0\/16.*status\.addresses/);
  });

  it('prints no listener for the DNS proxy on 15053: it is pilot-agent\'s own server, reached by an iptables redirect of port 53', () => {
    const table = (model: StateModel) => text('istioctl pc listener client-abc', model).split('\n').map((r) => r.replace(/\s+/g, ' ').trim());
    const all = table(cluster(capturing, pg));
    expect(all.filter((r) => /^\S+ (15053|53) /.test(r))).toEqual([]);
    // Capture changes only the entry's address: the rows are the same with the address swapped back.
    expect(all.map((r) => r.replace('240.240.0.5', '0.0.0.0'))).toEqual(table(cluster(plain, pg)));
  });

  it('agrees with the simulator, which binds the same listener at the recorded address for a client whose proxyMetadata captures DNS', () => {
    const yaml = `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata:
      labels: {app: client}
      annotations:
        proxy.istio.io/config: |
          proxyMetadata:
            ISTIO_META_DNS_CAPTURE: "true"
    spec: {containers: [{name: client, image: client}]}
---
${JSON.stringify(pg.value)}`;
    const world = new World([], [parseYaml(yaml).documents.map((d) => d.value)]);
    const decision = simulate(world, {request: parseRequest('GET http://db.example.com:5432/'), from: 'default/client'});
    expect(decision.trace.map((t) => t.message).join('\n')).toMatch(/240\.240\.0\.5/);
    expect(rows(cluster(capturing, pg), 5432)[0]).toMatch(/^240\.240\.0\.5 /);
  });
});
