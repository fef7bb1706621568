/**
 * The policies istiod 1.30.3 sends ztunnel from PeerAuthentications and AuthorizationPolicies
 * (pilot/pkg/serviceregistry/ambient/policies.go and authorization.go), as `istioctl ztunnel-config
 * policies` lists them and `-o json` prints their rules, and the names a workload is given.
 */
import {describe, expect, it} from 'vitest';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {ztunnelDump} from '../../../src/terminal/printers/istioctl-ztunnel';
import {cluster, obj, policy, print} from './ztunnel-support';

const peer = (name: string, spec: Record<string, unknown>, namespace = 'default', created = '2026-01-01T00:00:00Z'): ModelObject =>
  obj('security.istio.io', 'PeerAuthentication', namespace, name, {metadata: {name, namespace, creationTimestamp: created}, spec});

const policies = (...extra: ModelObject[]) => ztunnelDump(cluster({'istio.io/dataplane-mode': 'ambient'}, extra)).policies;
const named = (name: string, ...extra: ModelObject[]) => policies(...extra).find((p) => p.name === name);
const reviewsPolicies = (...extra: ModelObject[]): string[] =>
  ztunnelDump(cluster({'istio.io/dataplane-mode': 'ambient'}, extra)).workloads.find((w) => w.name.startsWith('reviews-v1'))!.authorizationPolicies;

const noIdentity = {notPrincipals: [{Presence: []}]};

describe('PeerAuthentications as ztunnel policies', () => {
  it('sends the static STRICT policy of the root namespace once any PeerAuthentication exists, and lists it', () => {
    expect(policies().map((p) => p.name)).toEqual([]);
    const model = cluster({'istio.io/dataplane-mode': 'ambient'}, [peer('default', {mtls: {mode: 'STRICT'}}, 'istio-system')]);
    expect(print('istioctl ztunnel-config policies', model)).toBe([
      'NAMESPACE    POLICY NAME                   ACTION SCOPE',
      'istio-system istio_converted_static_strict Deny   WorkloadSelector',
      '',
    ].join('\n'));
    expect(ztunnelDump(model).policies[0]!.rules).toEqual([[[noIdentity]]]);
  });

  it('attaches the static STRICT policy to the workloads a mesh or namespace STRICT mode covers, not to a PERMISSIVE namespace\'s', () => {
    expect(reviewsPolicies(peer('mesh', {mtls: {mode: 'STRICT'}}, 'istio-system'))).toEqual(['istio-system/istio_converted_static_strict']);
    expect(reviewsPolicies(peer('mesh', {mtls: {mode: 'STRICT'}}, 'istio-system'), peer('ns', {mtls: {mode: 'PERMISSIVE'}}))).toEqual([]);
    expect(reviewsPolicies(peer('mesh', {mtls: {mode: 'STRICT'}}, 'istio-system'), peer('ns', {mtls: {mode: 'UNSET'}}))).toEqual(['istio-system/istio_converted_static_strict']);
  });

  it('converts a workload policy whose port is PERMISSIVE under a STRICT namespace into a DENY with the port exempted, merged with the STRICT rule', () => {
    const extra = [peer('ns', {mtls: {mode: 'STRICT'}}), peer('reviews-metrics', {selector: {matchLabels: {app: 'reviews'}}, portLevelMtls: {15020: {mode: 'PERMISSIVE'}}})];
    expect(named('converted_peer_authentication_reviews-metrics', ...extra)).toMatchObject({
      namespace: 'default', action: 'Deny', scope: 'WorkloadSelector',
      rules: [[[{notDestinationPorts: [15020]}], [noIdentity]]],
    });
    // The converted policy replaces the static one on the workloads it selects.
    expect(reviewsPolicies(...extra)).toEqual(['default/converted_peer_authentication_reviews-metrics']);
  });

  it('gives each STRICT port of a PERMISSIVE workload its own group, in port order, and keeps the static policy off it', () => {
    const extra = [peer('reviews', {selector: {matchLabels: {app: 'reviews'}}, mtls: {mode: 'PERMISSIVE'}, portLevelMtls: {9443: {mode: 'STRICT'}, 8443: {mode: 'STRICT'}, 80: {mode: 'DISABLE'}}})];
    expect(named('converted_peer_authentication_reviews', ...extra)!.rules).toEqual([
      [[{...noIdentity, destinationPorts: [8443]}]],
      [[{...noIdentity, destinationPorts: [9443]}]],
    ]);
    expect(reviewsPolicies(...extra)).toEqual(['default/converted_peer_authentication_reviews']);
  });

  it('sends nothing for what adds no exception: STRICT ports under a STRICT workload, a policy without a selector or in the root namespace, no port-level modes', () => {
    const names = (...extra: ModelObject[]): string[] => policies(...extra).map((p) => p.name);
    expect(names(peer('reviews', {selector: {matchLabels: {app: 'reviews'}}, mtls: {mode: 'STRICT'}, portLevelMtls: {9080: {mode: 'STRICT'}}}))).toEqual(['istio_converted_static_strict']);
    expect(names(peer('ns', {portLevelMtls: {9080: {mode: 'PERMISSIVE'}}}))).toEqual(['istio_converted_static_strict']);
    expect(names(peer('root', {selector: {matchLabels: {app: 'reviews'}}, portLevelMtls: {9080: {mode: 'STRICT'}}}, 'istio-system'))).toEqual(['istio_converted_static_strict']);
    expect(names(peer('reviews', {selector: {matchLabels: {app: 'reviews'}}, mtls: {mode: 'PERMISSIVE'}}))).toEqual(['istio_converted_static_strict']);
  });

  it('reads the oldest namespace policy, and refuses two made in the same second (istiod\'s index order decides)', () => {
    const workload = peer('reviews', {selector: {matchLabels: {app: 'reviews'}}, portLevelMtls: {9080: {mode: 'PERMISSIVE'}}});
    // The older namespace policy is PERMISSIVE: the port exception adds nothing.
    expect(named('converted_peer_authentication_reviews', workload, peer('b-strict', {mtls: {mode: 'STRICT'}}, 'default', '2026-01-02T00:00:00Z'), peer('a-permissive', {mtls: {mode: 'PERMISSIVE'}}))).toBeUndefined();
    expect(() => policies(workload, peer('one', {mtls: {mode: 'STRICT'}}), peer('two', {mtls: {mode: 'PERMISSIVE'}}))).toThrow(/same second/);
  });
});

describe('AuthorizationPolicies\' rules as ztunnel holds them', () => {
  it('keeps the L4 parts of each rule: to, from, then one rule per when, and drops an ALLOW rule with HTTP attributes', () => {
    const rules = named('reviews', policy('reviews', {selector: {matchLabels: {app: 'reviews'}}, rules: [
      {from: [{source: {namespaces: ['default', 'prod-*'], principals: ['*'], serviceAccounts: ['curl', 'other/sa'], ipBlocks: ['10.0.0.0/8', '192.168.1.1', 'bad']}}], to: [{operation: {ports: ['9080', '70000']}}], when: [{key: 'destination.ip', notValues: ['10.96.0.1']}]},
      {to: [{operation: {methods: ['GET']}}]},
    ]}))!.rules;
    expect(rules).toEqual([[
      [{destinationPorts: [9080]}],
      [{namespaces: [{Exact: 'default'}, {Prefix: 'prod-'}], principals: [{Presence: []}], sourceIps: ['10.0.0.0/8', '192.168.1.1/32'],
        serviceAccounts: [{namespace: 'default', serviceAccount: 'curl'}, {namespace: 'other', serviceAccount: 'sa'}]}],
      [{notDestinationIps: ['10.96.0.1/32']}],
    ]]);
  });

  it('sends IPv6 addresses and networks as istiod\'s netip reads them and ztunnel\'s ipnet prints them (stringToIP, rbac.rs)', () => {
    const rules = named('v6', policy('v6', {selector: {matchLabels: {app: 'reviews'}}, action: 'DENY', rules: [
      {from: [{source: {ipBlocks: ['2001:DB8:0:0:1::1', 'fd00::1/8', '::ffff:10.244.2.9', 'fe80::1%eth0', '2001:db8::/0', '0:0:0:0:0:0:0:1/128']}}]},
      // Skipped as istiod skips what netip refuses: a zone in a prefix, leading-zero or too many bits, two `::`, five hex digits, a trailing dot.
      {from: [{source: {ipBlocks: ['fe80::1%eth0/64', 'fd00::/08', 'fd00::/129', '1::2::3', '12345::', 'fe80::1%', '::1.2.3']}}]},
      {when: [{key: 'destination.ip', values: ['2001:db8:0:1:0:0:0:0/64']}, {key: 'source.ip', notValues: ['::']}]},
    ]}))!.rules;
    expect(rules).toEqual([
      // RFC 5952 as Rust writes it: lower case, the longest zero run (the first of equal ones) as ::, host bits kept, a zone dropped.
      [[{sourceIps: ['2001:db8::1:0:0:1/128', 'fd00::1/8', '::ffff:10.244.2.9/128', 'fe80::1/128', '2001:db8::/0', '::1/128']}]],
      [[{}]],
      [[{destinationIps: ['2001:db8:0:1::/64']}], [{notSourceIps: ['::/128']}]],
    ]);
  });

  it('keeps a DENY rule with HTTP attributes, without them (more restrictive), and leaves out a dry-run policy', () => {
    expect(named('deny-get', policy('deny-get', {action: 'DENY', rules: [{to: [{operation: {methods: ['GET'], ports: ['8080']}}]}]}))!.rules).toEqual([[[{destinationPorts: [8080]}]]]);
    const dryRun = obj('security.istio.io', 'AuthorizationPolicy', 'default', 'trial', {metadata: {annotations: {'istio.io/dry-run': 'true'}}, spec: {}});
    expect(named('trial', dryRun)).toBeUndefined();
  });

  it('attaches the selector policies of the workload\'s and the root namespace, sorted, before the PeerAuthentication keys', () => {
    expect(reviewsPolicies(
      policy('z-reviews', {selector: {matchLabels: {app: 'reviews'}}}),
      policy('a-reviews', {selector: {matchLabels: {app: 'reviews'}}}, 'istio-system'),
      policy('namespace-wide', {}),
      policy('productpage', {selector: {matchLabels: {app: 'productpage'}}}),
      peer('mesh', {mtls: {mode: 'STRICT'}}, 'istio-system'),
    )).toEqual(['default/z-reviews', 'istio-system/a-reviews', 'istio-system/istio_converted_static_strict']);
  });
});
