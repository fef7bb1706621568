/**
 * `destinationSubnets` at a sidecar (istiod 1.30.3 tls.go: a tcp match with subnets is a chain on those CIDRs
 * and the list goes on; a tls match's subnets replace the chain's CIDRs). The listener is bound to the Service's
 * ClusterIP (listener.go "we listen on the service VIP"), so Envoy compares the subnets with it, before the SNI
 * (filter chain match order: destination IP, then server names) and the longest prefix first. A lab Service
 * without a ClusterIP has one allocated in kind's 10.96.0.0/16: a subnet covering that range holds, one outside
 * it does not, one inside it cannot be decided and is taken as outside, which the trace says.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {documents} from './helpers';

const app = (name: string, port: string, clusterIP?: string) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec: {selector: {app: ${name}}, ports: [${port}]${clusterIP ? `, clusterIP: ${clusterIP}, clusterIPs: [${clusterIP}]` : ''}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: ${name}, image: ${name}}]}}`;

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
${app('db', '{name: tcp-db, port: 5432}', '10.96.12.7')}
${app('unaddressed', '{name: tcp-db, port: 5432}')}
${app('api', '{name: tls, port: 443}', '10.96.40.2')}
${app('replica', '{name: tcp-db, port: 5432}')}
${app('canary', '{name: tls, port: 443}')}
${app('client', '{name: http, port: 80}')}`;

const connect = (yaml: string, request: string): Decision =>
  simulate(new World(documents(CLUSTER), [documents(yaml)]), {request: parseRequest(request), from: 'shop/client'});
const traceOf = (d: Decision) => d.trace.map((t) => t.message).join('\n');
const hosts = (d: Decision) => d.destinations.map((x) => x.host.split('.')[0]);

const tcp = (host: string, subnets: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: by-subnet, namespace: shop}
spec:
  hosts: [${host}]
  tcp:
  - match: [{destinationSubnets: [${subnets}]}]
    route: [{destination: {host: replica}}]
  - route: [{destination: {host: ${host}}}]`;

describe('tcp destinationSubnets against a written ClusterIP', () => {
  it('takes the connection when the ClusterIP is in a subnet, although a route without match follows', () => {
    const d = connect(tcp('db', '10.96.12.0/24'), 'GET http://db:5432/');
    expect(d.route).toMatchObject({section: 'tcp', index: 0});
    expect(hosts(d)).toEqual(['replica']);
    expect(traceOf(d)).toMatch(/ClusterIP 10\.96\.12\.7 is in it/);
  });

  it('leaves it to the chain without subnets when the ClusterIP is outside', () => {
    const d = connect(tcp('db', '10.96.13.0/24'), 'GET http://db:5432/');
    expect(d.route).toMatchObject({section: 'tcp', index: 1});
    expect(hosts(d)).toEqual(['db']);
    expect(traceOf(d)).toMatch(/ClusterIP 10\.96\.12\.7 is not in it/);
  });

  it('prefers the longest prefix among chains whose subnets hold', () => {
    const d = connect(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: by-subnet, namespace: shop}
spec:
  hosts: [db]
  tcp:
  - match: [{destinationSubnets: [10.96.0.0/16]}]
    route: [{destination: {host: db}}]
  - match: [{destinationSubnets: [10.96.12.7/32]}]
    route: [{destination: {host: replica}}]`, 'GET http://db:5432/');
    expect(d.route).toMatchObject({index: 1});
    expect(hosts(d)).toEqual(['replica']);
  });

  it('falls to the default chain to the Service when only subnet chains exist and none holds', () => {
    const d = connect(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: by-subnet, namespace: shop}
spec:
  hosts: [db]
  tcp:
  - match: [{destinationSubnets: [192.168.0.0/16]}]
    route: [{destination: {host: replica}}]`, 'GET http://db:5432/');
    expect(d.route).toBeUndefined();
    expect(hosts(d)).toEqual(['db']);
    expect(d.connection?.state).toBe('established');
  });
});

describe('tcp destinationSubnets without a ClusterIP in the lab', () => {
  it('holds for a subnet covering kind\'s service range', () => {
    expect(hosts(connect(tcp('unaddressed', '10.96.0.0/12'), 'GET http://unaddressed:5432/'))).toEqual(['replica']);
  });

  it('misses a subnet outside the range', () => {
    expect(hosts(connect(tcp('unaddressed', '10.244.0.0/16'), 'GET http://unaddressed:5432/'))).toEqual(['unaddressed']);
  });

  it('says that a subnet inside the range cannot be decided and takes the address as outside', () => {
    const d = connect(tcp('unaddressed', '10.96.12.0/24'), 'GET http://unaddressed:5432/');
    expect(hosts(d)).toEqual(['unaddressed']);
    expect(traceOf(d)).toMatch(/no ClusterIP, and the one the API server allocates in 10\.96\.0\.0\/16 may or may not be in it.*write spec\.clusterIP to decide/);
  });
});

describe('tls destinationSubnets', () => {
  const TLS = (subnets: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: by-subnet, namespace: shop}
spec:
  hosts: [api]
  tls:
  - match: [{sniHosts: [other.example.com], destinationSubnets: [${subnets}]}]
    route: [{destination: {host: canary}}]
  - match: [{sniHosts: [api]}]
    route: [{destination: {host: api}}]`;

  it('matches the address before the SNI, never going back: a holding subnet whose SNI differs closes the connection (NR)', () => {
    // Envoy prunes the chains by destination address first (listener_components.proto FilterChainMatch), so the
    // chain for SNI api, which has no subnets, is never tried for 10.96.40.2.
    const d = connect(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: by-subnet, namespace: shop}
spec:
  hosts: [api]
  tls:
  - match: [{sniHosts: [api]}]
    route: [{destination: {host: api}}]
  - match: [{sniHosts: [other.example.com], destinationSubnets: [10.96.40.0/24]}]
    route: [{destination: {host: canary}}]`, 'GET https://api:443/');
    expect(d).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {state: 'closed'}});
  });

  it('carries a match\'s subnets over to the chains after it, as tls.go reassigns them', () => {
    // The second chain inherits 10.96.41.0/24, so no chain without subnets is left for 10.96.40.2.
    const d = connect(TLS('10.96.41.0/24'), 'GET https://api:443/');
    expect(d).toMatchObject({outcome: 'unreachable', flags: 'NR'});
  });

  it('routes by SNI when no chain has subnets', () => {
    const d = connect(TLS('10.96.41.0/24').replace(', destinationSubnets: [10.96.41.0/24]', ''), 'GET https://api:443/');
    expect(hosts(d)).toEqual(['api']);
  });
});
