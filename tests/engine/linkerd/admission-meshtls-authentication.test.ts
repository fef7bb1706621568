/**
 * A MeshTLSAuthentication as Linkerd's webhook judges it: admission.rs
 * `impl Validate<MeshTLSAuthenticationSpec>`, validate_identity_ref, and runtime/src/validation.rs
 * validate_identity (SPIFFE IDs as rust-spiffe reads them, or DNS-like names).
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest, verdict} from './admission-support';

const authn = (spec: string) => manifest('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication', spec);
const identity = (id: string) => denial(authn(`  identities: [${JSON.stringify(id)}]\n`));
const DNS_REGEX = String.raw`^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`;

describe('MeshTLSAuthentication identities (validate_identity)', () => {
  it('accepts DNS-like identities, a leading wildcard label and SPIFFE IDs with or without a path', () => {
    for (const id of ['web.emojivoto.serviceaccount.identity.linkerd.cluster.local', '*', '*.emojivoto.serviceaccount.identity.linkerd.cluster.local',
      'spiffe://root.linkerd.cluster.local', 'spiffe://root.linkerd.cluster.local/ns/emojivoto/sa/web']) expect(identity(id), id).toBeUndefined();
  });

  it('refuses a DNS-like identity with a wildcard elsewhere, an empty label or an upper-case letter, quoting the regex', () => {
    for (const id of ['web.*', 'web..local', '.web', 'web.', 'Web.local', 'http://web.local/path']) {
      expect(identity(id), id).toEqual({path: '/spec/identities/0', message: `id ${id} is invalid: identity must be a valid SPIFFE id or a DNS SAN, matching the regex: ${DNS_REGEX}`});
    }
  });

  it("words each SPIFFE error as validation.rs's IdError does", () => {
    const cases: Array<[string, string]> = [
      ['spiffe:///ns/web', 'SPIFFE trust domain is missing'],
      ['spiffe://example.org:8080/web', 'SPIFFE trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores'],
      ['spiffe://Example.org/web', 'SPIFFE trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores'],
      ['spiffe://example.org/web?x=1', 'SPIFFE path segment characters are limited to letters, numbers, dots, dashes, and underscores'],
      ['spiffe://example.org//web', 'SPIFFE path cannot contain empty segments'],
      ['spiffe://example.org/./web', 'SPIFFE path cannot contain dot segments'],
      ['spiffe://example.org/web/..', 'SPIFFE path cannot contain dot segments'],
      ['spiffe://example.org/web/', 'SPIFFE path cannot have a trailing slash'],
    ];
    for (const [id, reason] of cases) expect(identity(id), id).toEqual({path: '/spec/identities/0', message: `id ${id} is invalid: ${reason}`});
  });

  it('denies at the first invalid identity only', () => {
    expect(verdict(authn('  identities: ["*.local", "bad..id", "worse..id"]\n'))).toEqual([expect.objectContaining({
      at: '7:27', path: '/spec/identities/1', code: 'linkerd-admission'})]);
  });
});

describe('MeshTLSAuthentication identityRefs (validate_identity_ref)', () => {
  it('accepts ServiceAccounts (in any namespace) and Namespaces', () => {
    expect(verdict(authn('  identityRefs:\n  - {kind: ServiceAccount, name: web, namespace: other}\n  - {kind: Namespace, name: emojivoto}\n'))).toEqual([]);
  });

  it('refuses a Namespace ref with a namespace: Namespaces are cluster-scoped', () => {
    expect(denial(authn('  identityRefs:\n  - {kind: Namespace, name: emojivoto, namespace: emojivoto}\n')))
      .toEqual({path: '/spec/identityRefs/0/namespace', message: 'Namespace identity_ref is cluster-scoped and cannot have a namespace'});
  });

  it('refuses any other kind, with its canonical kind', () => {
    expect(denial(authn('  identityRefs:\n  - {kind: ServiceAccount, name: web}\n  - {group: apps, kind: Deployment, name: web}\n')))
      .toEqual({path: '/spec/identityRefs/1/kind', message: 'invalid identity target kind: Deployment.apps'});
  });
});
