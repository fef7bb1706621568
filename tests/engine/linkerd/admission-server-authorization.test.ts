/**
 * A ServerAuthorization as Linkerd's webhook judges it: admission.rs
 * `impl Validate<ServerAuthorizationSpec>` (meshTLS against `unauthenticated`, `unauthenticatedTLS`
 * against identities and service accounts, and the client networks' exceptions).
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest} from './admission-support';

const authz = (client: string) => manifest('policy.linkerd.io/v1beta1', 'ServerAuthorization', `  server: {name: web-http}\n  client:\n${client}`);

describe('ServerAuthorization clients (Validate<ServerAuthorizationSpec>)', () => {
  it('accepts unauthenticated clients from networks, and meshTLS clients by identity or service account', () => {
    expect(denial(authz('    unauthenticated: true\n    networks:\n    - cidr: 10.0.0.0/8\n      except: [10.0.0.1]\n'))).toBeUndefined();
    expect(denial(authz('    meshTLS:\n      serviceAccounts: [{name: web}]\n'))).toBeUndefined();
    expect(denial(authz('    meshTLS: {unauthenticatedTLS: true}\n'))).toBeUndefined();
  });

  it('refuses meshTLS with unauthenticated: true', () => {
    expect(denial(authz('    unauthenticated: true\n    meshTLS:\n      identities: ["*"]\n')))
      .toEqual({path: '/spec/client/unauthenticated', message: '`unauthenticated` must be false if `mesh_tls` is specified'});
  });

  it('refuses unauthenticatedTLS with identities or service accounts, in its own (ungrammatical) words', () => {
    for (const clients of ['identities: ["*"]', 'serviceAccounts: [{name: web}]']) {
      expect(denial(authz(`    meshTLS:\n      unauthenticatedTLS: true\n      ${clients}\n`)), clients).toEqual({
        path: '/spec/client/meshTLS/unauthenticatedTLS', message: '`unauthenticatedTLS` be false if any `identities` or `service_accounts` is specified',
      });
    }
  });

  it('refuses client networks as validate_networks does, and unparsable ones first', () => {
    expect(denial(authz('    unauthenticated: true\n    networks:\n    - cidr: 10.1.1.0/24\n      except: [10.1.0.0/16]\n')))
      .toEqual({path: '/spec/client/networks/0/except/0', message: "cidr '10.1.1.0/24' is completely negated by exception '10.1.0.0/16'"});
    expect(denial(authz('    unauthenticated: true\n    meshTLS: {}\n    networks:\n    - cidr: bogus\n')))
      .toEqual({path: '/spec/client/networks/0/cidr', message: 'data did not match any variant of untagged enum Cidr'});
  });
});
