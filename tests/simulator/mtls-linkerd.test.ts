/**
 * The mTLS matrix for Linkerd (mtls-linkerd.ts), Linkerd 2.20 "Automatic mTLS": every TCP
 * connection between two meshed pods is mTLS with no configuration, whatever the protocol (an
 * opaque port travels as opaque transport over mTLS; an application's TLS inside it); a pod
 * without Linkerd's proxy on either end means plain text, and the destination's policy, not the
 * connection, decides whether a client without identity is admitted.
 */
import {describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/index';
import {apiDeployment, decide, MESHED_SHOP, SERVER_HTTP} from './linkerd-helpers';

const matrix = (d: Decision) => d.destinations.flatMap((x) => x.mtls ?? []).map((c) => `${c.workload}: ${c.client.dataplane} sends ${c.client.sends} → ${c.server.dataplane}: ${c.result}`);

describe('Linkerd clients in the mTLS matrix', () => {
  it('meshed to meshed: Linkerd\'s automatic mTLS, naming both identities', () => {
    const d = decide({});
    expect(matrix(d)).toEqual(['api: linkerd sends linkerd-mtls → linkerd: mtls']);
    const c = d.destinations[0]!.mtls![0]!;
    expect(c.client.because).toContain('identity web.shop.serviceaccount.identity.linkerd.cluster.local');
    expect(c.server.because).toContain('identity api.shop.serviceaccount.identity.linkerd.cluster.local');
  });

  it('an unmeshed client sends plain text, and the connection does not fail: the policy decides', () => {
    expect(matrix(decide({from: 'shop/legacy'}))).toEqual(['api: none sends plaintext → linkerd: plaintext']);
  });

  it('a meshed client to a pod without Linkerd\'s proxy sends plain text', () => {
    const cluster = `${MESHED_SHOP}---${apiDeployment({'linkerd.io/inject': 'disabled'})}`;
    expect(matrix(decide({cluster}))).toEqual(['api: linkerd sends plaintext → none: plaintext']);
  });

  it('an opaque port is still mTLS, as opaque transport to the inbound proxy', () => {
    const opaque = `${SERVER_HTTP.trimEnd()}\n  proxyProtocol: opaque\n`;
    const c = decide({policies: opaque}).destinations[0]!.mtls![0]!;
    expect(c).toMatchObject({result: 'mtls', client: {sends: 'linkerd-mtls'}});
    expect(c.reason).toMatch(/opaque transport over mTLS to the inbound proxy \(port 4143\)/);
    expect(c.server.because).toMatch(/Server shop\/api-http has proxyProtocol opaque/);
  });

  it('the opaque-ports annotation makes a port opaque too', () => {
    const cluster = `${MESHED_SHOP}---${apiDeployment({'config.linkerd.io/opaque-ports': '8080'})}`;
    expect(decide({cluster}).destinations[0]!.mtls![0]!.reason).toMatch(/opaque transport/);
  });
});
