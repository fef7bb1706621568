/**
 * `destinationSubnets` at a sidecar (istiod 1.30.3 tls.go: a tcp match with subnets is a chain on those CIDRs
 * and the list goes on; a tls match's subnets replace the chain's CIDRs). The listener is bound to the Service's
 * ClusterIP (listener.go "we listen on the service VIP"), so Envoy compares the subnets with it, before the SNI
 * (filter chain match order: destination IP, then server names) and the longest prefix first. A lab Service
 * without a ClusterIP has one allocated in the cluster's service ranges: the lab's ServiceCIDRs (networking.k8s.io/v1,
 * GA in Kubernetes 1.33), else kind's 10.96.0.0/16: a subnet covering every range holds, one outside them does not, one
 * inside them cannot be decided and is taken as outside, which the trace says.
 */
import {describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/index';
import {connectIn, SHOP_NAMESPACE, shopApp, shopVirtualService, traceOf} from './sidecar-l4-support';

const CLUSTER = `${SHOP_NAMESPACE}
${shopApp('db', '{name: tcp-db, port: 5432}', {clusterIP: '10.96.12.7'})}
${shopApp('unaddressed', '{name: tcp-db, port: 5432}')}
${shopApp('api', '{name: tls, port: 443}', {clusterIP: '10.96.40.2'})}
${shopApp('replica', '{name: tcp-db, port: 5432}')}
${shopApp('canary', '{name: tls, port: 443}')}
${shopApp('client', '{name: http, port: 80}')}`;

const connect = connectIn(CLUSTER);
const hosts = (d: Decision) => d.destinations.map((x) => x.host.split('.')[0]);

const bySubnet = (body: string) => shopVirtualService(body, 'by-subnet');

const tcp = (host: string, subnets: string) => bySubnet(`  hosts: [${host}]
  tcp:
  - match: [{destinationSubnets: [${subnets}]}]
    route: [{destination: {host: replica}}]
  - route: [{destination: {host: ${host}}}]`);

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
    const d = connect(bySubnet(`  hosts: [db]
  tcp:
  - match: [{destinationSubnets: [10.96.0.0/16]}]
    route: [{destination: {host: db}}]
  - match: [{destinationSubnets: [10.96.12.7/32]}]
    route: [{destination: {host: replica}}]`), 'GET http://db:5432/');
    expect(d.route).toMatchObject({index: 1});
    expect(hosts(d)).toEqual(['replica']);
  });

  it('falls to the default chain to the Service when only subnet chains exist and none holds', () => {
    const d = connect(bySubnet(`  hosts: [db]
  tcp:
  - match: [{destinationSubnets: [192.168.0.0/16]}]
    route: [{destination: {host: replica}}]`), 'GET http://db:5432/');
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
    expect(traceOf(d)).toMatch(/the ClusterIP the API server allocates Service shop\/unaddressed in 10\.96\.0\.0\/16 \(kind's service subnet \(the lab holds no ServiceCIDR\)\) may or may not be in it; the simulator takes it as outside \(write spec\.clusterIP to decide\)/);
  });
});

describe('tls destinationSubnets', () => {
  const TLS = (subnets: string) => bySubnet(`  hosts: [api]
  tls:
  - match: [{sniHosts: [other.example.com], destinationSubnets: [${subnets}]}]
    route: [{destination: {host: canary}}]
  - match: [{sniHosts: [api]}]
    route: [{destination: {host: api}}]`);

  it('matches the address before the SNI, never going back: a holding subnet whose SNI differs leaves the connection to the default chain', () => {
    // Envoy prunes the chains by destination address first (listener_components.proto FilterChainMatch), so the
    // chain for SNI api, which has no subnets, is never tried for 10.96.40.2.
    const d = connect(bySubnet(`  hosts: [api]
  tls:
  - match: [{sniHosts: [api]}]
    route: [{destination: {host: api}}]
  - match: [{sniHosts: [other.example.com], destinationSubnets: [10.96.40.0/24]}]
    route: [{destination: {host: canary}}]`), 'GET https://api:443/');
    expect(d).toMatchObject({outcome: 'passthrough', destinations: [], connection: {state: 'established'}});
    expect(traceOf(d)).toMatch(/no tls chain for this destination address takes SNI api/);
  });

  it('carries a match\'s subnets over to the chains after it, as tls.go reassigns them', () => {
    // The second chain inherits 10.96.41.0/24, so no chain without subnets is left for 10.96.40.2.
    const d = connect(TLS('10.96.41.0/24'), 'GET https://api:443/');
    expect(d).toMatchObject({outcome: 'passthrough', destinations: []});
  });

  it('routes by SNI when no chain has subnets', () => {
    const d = connect(TLS('10.96.41.0/24').replace(', destinationSubnets: [10.96.41.0/24]', ''), 'GET https://api:443/');
    expect(hosts(d)).toEqual(['api']);
  });
});

describe('tcp destinationSubnets without a ClusterIP, in the ranges of the lab\'s ServiceCIDRs', () => {
  /** The API server's default ServiceCIDR on another range, and a second one added to it. */
  const ranges = (...cidrs: string[]) => cidrs.map((cidr, i) => `---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata: {name: ${i === 0 ? 'kubernetes' : `extra-${i}`}}
spec: {cidrs: [${cidr}]}`).join('\n');
  const connectWith = (cidrs: string[], vs: string) => connectIn(`${CLUSTER}\n${ranges(...cidrs)}`)(vs, 'GET http://unaddressed:5432/');

  it('misses kind\'s range when the cluster allocates elsewhere, and holds a subnet covering the ServiceCIDR', () => {
    expect(hosts(connectWith(['10.200.0.0/16'], tcp('unaddressed', '10.96.0.0/12')))).toEqual(['unaddressed']);
    const d = connectWith(['10.200.0.0/16'], tcp('unaddressed', '10.200.0.0/16'));
    expect(hosts(d)).toEqual(['replica']);
    expect(traceOf(d)).toMatch(/the ClusterIP the API server allocates Service shop\/unaddressed in 10\.200\.0\.0\/16 \(ServiceCIDR kubernetes\) is surely in it/);
  });

  it('cannot decide a subnet holding only one of several ranges', () => {
    const d = connectWith(['10.200.0.0/16', '10.201.0.0/16'], tcp('unaddressed', '10.200.0.0/16'));
    expect(hosts(d)).toEqual(['unaddressed']);
    expect(traceOf(d)).toMatch(/in 10\.200\.0\.0\/16 and 10\.201\.0\.0\/16 \(ServiceCIDRs kubernetes, extra-1\) may or may not be in it/);
    expect(hosts(connectWith(['10.200.0.0/16', '10.201.0.0/16'], tcp('unaddressed', '10.200.0.0/15')))).toEqual(['replica']);
  });

  it('skips an IPv6 range and one that does not parse, falling back to kind\'s when none is left', () => {
    expect(hosts(connectWith(['"fd00:10:96::/112"', 'not-a-range'], tcp('unaddressed', '10.96.0.0/16')))).toEqual(['replica']);
  });
});

