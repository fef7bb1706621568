/**
 * What an AuthorizationPolicy requires (policy-controller/k8s/index/src/inbound/index.rs
 * PolicyIndex::policy_client_authz): a MeshTLSAuthentication's identities and identityRefs
 * (meshtls_authentication.rs; `*` and `*.suffix` as core/src/identity_match.rs parses them), a
 * ServiceAccount, a NetworkAuthentication's networks with `except`. A policy whose
 * authentication does not exist is ignored: it admits nobody.
 */
import {describe, expect, it} from 'vitest';
import {identityMatches, parseIdentityMatch} from '../../src/simulator/linkerd/identity';
import {networkMatches, parseAddress, parseNet} from '../../src/simulator/linkerd/networks';
import {parseCidr} from '../../src/engine/families/linkerd/admission/cidr';
import {ask, authorizationPolicy, meshTls, SERVER_HTTP} from './linkerd-helpers';

const ID = (sa: string, ns: string) => `${sa}.${ns}.serviceaccount.identity.linkerd.cluster.local`;
const onServer = '{group: policy.linkerd.io, kind: Server, name: api-http}';
const requiring = (refs: string, extra = '') => SERVER_HTTP + extra + authorizationPolicy('api', onServer, refs);
const mtlsRef = '[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: clients}]';

describe('MeshTLSAuthentication', () => {
  it('admits an exact identity and no other', () => {
    const policies = requiring(mtlsRef, meshTls('clients', `{identities: ["${ID('web', 'shop')}"]}`));
    expect(ask({policies, from: 'shop/web'})).toMatchObject({verdict: 'allowed', authorizedBy: {name: 'api', authentications: ['MeshTLSAuthentication shop/clients']}});
    expect(ask({policies, from: 'ops/batch'}).verdict).toBe('forbidden');
  });

  it('"*" admits every meshed client, never an unmeshed one', () => {
    const policies = requiring(mtlsRef, meshTls('clients', '{identities: ["*"]}'));
    expect(ask({policies, from: 'ops/batch'}).verdict).toBe('allowed');
    expect(ask({policies, from: 'shop/legacy'}).verdict).toBe('forbidden');
  });

  it('"*.ops.serviceaccount.identity.linkerd.cluster.local" admits the ops namespace only', () => {
    const policies = requiring(mtlsRef, meshTls('clients', '{identities: ["*.ops.serviceaccount.identity.linkerd.cluster.local"]}'));
    expect(ask({policies, from: 'ops/batch'}).verdict).toBe('allowed');
    expect(ask({policies, from: 'shop/web'}).verdict).toBe('forbidden');
  });

  it('identityRefs name service accounts (in the authentication\'s namespace by default) and namespaces', () => {
    const bySa = requiring(mtlsRef, meshTls('clients', '{identityRefs: [{kind: ServiceAccount, name: web}]}'));
    expect(ask({policies: bySa, from: 'shop/web'}).verdict).toBe('allowed');
    const otherNs = requiring(mtlsRef, meshTls('clients', '{identityRefs: [{kind: ServiceAccount, name: web, namespace: ops}]}'));
    expect(ask({policies: otherNs, from: 'shop/web'}).verdict).toBe('forbidden');
    const byNs = requiring(mtlsRef, meshTls('clients', '{identityRefs: [{kind: Namespace, name: ops}]}'));
    expect(ask({policies: byNs, from: 'ops/batch'}).verdict).toBe('allowed');
    expect(ask({policies: byNs, from: 'shop/web'}).verdict).toBe('forbidden');
  });

  it('a workload without serviceAccountName is the namespace\'s default service account', () => {
    const policies = requiring(mtlsRef, meshTls('clients', `{identities: ["${ID('default', 'ops')}"]}`));
    expect(ask({policies, from: 'ops/batch'}).verdict).toBe('allowed');
  });

  it('a policy naming a MeshTLSAuthentication that does not exist admits nobody', () => {
    const answer = ask({policies: requiring(mtlsRef), from: 'shop/web'});
    expect(answer.verdict).toBe('forbidden');
    expect(answer.trace.some((s) => s.message.includes('could not find MeshTLSAuthentication clients in namespace shop'))).toBe(true);
  });
});

describe('ServiceAccount and NetworkAuthentication', () => {
  it('a ServiceAccount reference admits that identity', () => {
    const policies = requiring('[{kind: ServiceAccount, name: web}]');
    expect(ask({policies, from: 'shop/web'})).toMatchObject({verdict: 'allowed', authorizedBy: {authentications: ['ServiceAccount shop/web']}});
    expect(ask({policies, from: 'ops/batch'}).verdict).toBe('forbidden');
  });

  const network = `
---
apiVersion: policy.linkerd.io/v1alpha1
kind: NetworkAuthentication
metadata: {name: office, namespace: shop}
spec:
  networks:
  - cidr: 192.0.2.0/24
    except: [192.0.2.128/25]
  - cidr: 2001:db8::/32
`;
  const netRef = '[{group: policy.linkerd.io, kind: NetworkAuthentication, name: office}]';

  it('admits addresses in its networks, not those its except lists carve out, meshed or not', () => {
    const policies = requiring(netRef, network);
    expect(ask({policies, from: undefined, clientIp: '192.0.2.10'}).verdict).toBe('allowed');
    expect(ask({policies, from: undefined, clientIp: '192.0.2.200'}).verdict).toBe('forbidden');
    expect(ask({policies, from: undefined, clientIp: '2001:db8::7'}).verdict).toBe('allowed');
    expect(ask({policies, from: 'shop/web'}).verdict).toBe('forbidden');
  });

  it('with a MeshTLSAuthentication, requires both', () => {
    const policies = requiring('[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: clients}, {group: policy.linkerd.io, kind: NetworkAuthentication, name: office}]',
      network + meshTls('clients', '{identityRefs: [{kind: ServiceAccount, name: web}]}'));
    expect(ask({policies, from: 'shop/web', clientIp: '192.0.2.10'}).verdict).toBe('allowed');
    expect(ask({policies, from: 'shop/web'}).verdict).toBe('forbidden');
    expect(ask({policies, from: undefined, clientIp: '192.0.2.10'}).verdict).toBe('forbidden');
  });
});

describe('identity and network matching', () => {
  it('parses identity patterns as identity_match.rs does', () => {
    expect(parseIdentityMatch('*')).toEqual({suffix: []});
    expect(parseIdentityMatch('*.example.com')).toEqual({suffix: ['example', 'com']});
    expect(parseIdentityMatch('**.example.com')).toEqual({exact: '**.example.com'});
    expect(identityMatches(parseIdentityMatch('*.example.com'), 'x.example.com')).toBe(true);
    expect(identityMatches(parseIdentityMatch('*.example.com'), 'xexample.com')).toBe(false);
  });

  it('reads IPv4 and IPv6 networks with except', () => {
    const match = {net: parseNet('10.0.0.0/8')!, except: [parseNet('10.1.0.0/16')!]};
    expect(networkMatches(match, parseAddress('10.2.3.4')!)).toBe(true);
    expect(networkMatches(match, parseAddress('10.1.3.4')!)).toBe(false);
    expect(networkMatches({net: parseNet('fd00::/8')!, except: []}, parseAddress('fd12:3456::1')!)).toBe(true);
    expect(networkMatches({net: parseNet('fd00::/8')!, except: []}, parseAddress('10.2.3.4')!)).toBe(false);
    expect(parseAddress('::ffff:192.0.2.1')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]);
    expect(parseNet('10.0.0.0/33')).toBeUndefined();
  });

  it("reads text as the admission webhook's Cidr reader does (Rust's IpNet, IpAddr): one reader for both", () => {
    for (const text of ['10.0.0.0/8', '10.1.2.3', 'fd00::/8', '::ffff:192.0.2.1/120', '010.0.0.0/8', '10.0.0.0/008', '1::2::3', '::1.2.3.4:5', 'fe80::1%eth0', '10.0.0.0/']) {
      const cidr = parseCidr(text);
      expect(parseNet(text)?.prefix, text).toBe(cidr && (cidr.prefix ?? (cidr.v6 ? 128 : 32)));
    }
    expect(parseNet('010.0.0.0/8')).toBeUndefined();
    expect(parseAddress('10.0.0.01')).toBeUndefined();
    // Host bits are kept as written; containment masks them (ipnet's contains).
    expect(networkMatches({net: parseNet('10.1.2.3/8')!, except: []}, parseAddress('10.200.0.1')!)).toBe(true);
  });
});
