/**
 * An AuthorizationPolicy as Linkerd's webhook judges it: admission.rs
 * `impl Validate<AuthorizationPolicySpec>` and k8s/index inbound/authorization_policy.rs `target`.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest, verdict} from './admission-support';

const policy = (spec: string) => manifest('policy.linkerd.io/v1alpha1', 'AuthorizationPolicy', spec);
const mtls = (name: string) => `  - {group: policy.linkerd.io, kind: MeshTLSAuthentication, name: ${name}}\n`;
const network = (name: string) => `  - {group: policy.linkerd.io, kind: NetworkAuthentication, name: ${name}}\n`;
const serviceAccount = (name: string) => `  - {kind: ServiceAccount, name: ${name}}\n`;
const onServer = (refs: string) => policy(`  targetRef: {group: policy.linkerd.io, kind: Server, name: web-http}\n  requiredAuthenticationRefs:\n${refs}`);

describe('AuthorizationPolicy targets (Validate<AuthorizationPolicySpec>, authorization_policy.rs target)', () => {
  it('accepts a Server, its own Namespace, a Linkerd or Gateway API HTTPRoute and a GRPCRoute', () => {
    for (const target of [
      '{group: policy.linkerd.io, kind: Server, name: web-http}',
      '{kind: Namespace, name: emojivoto}',
      '{group: core, kind: namespace, name: emojivoto}',
      '{group: policy.linkerd.io, kind: HTTPRoute, name: web}',
      '{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}',
      '{group: gateway.networking.k8s.io, kind: GRPCRoute, name: web}',
    ]) expect(verdict(policy(`  targetRef: ${target}\n  requiredAuthenticationRefs: []\n`)), target).toEqual([]);
  });

  it('refuses a Namespace target other than its own namespace ("cannot target another namespace")', () => {
    expect(denial(policy('  targetRef: {kind: Namespace, name: kube-system}\n  requiredAuthenticationRefs: []\n')))
      .toEqual({path: '/spec/targetRef/name', message: 'cannot target another namespace: kube-system'});
  });

  it('refuses any other target kind, named with its group as canonical_kind writes it', () => {
    expect(verdict(policy('  targetRef: {group: apps, kind: Deployment, name: web}\n  requiredAuthenticationRefs: []\n'))).toEqual([
      {at: '7:34', path: '/spec/targetRef/kind', severity: 'error', code: 'linkerd-admission', message: 'unsupported authorization target type: Deployment.apps'},
    ]);
    // A Server kind outside policy.linkerd.io is not a Server.
    expect(denial(policy('  targetRef: {kind: Server, name: web}\n  requiredAuthenticationRefs: []\n'))?.message)
      .toBe('unsupported authorization target type: Server');
  });
});

describe('AuthorizationPolicy authentications (Validate<AuthorizationPolicySpec>)', () => {
  it('accepts one MeshTLSAuthentication with one NetworkAuthentication, or one ServiceAccount (kinds compared case-insensitively)', () => {
    expect(verdict(onServer(mtls('clients') + network('cluster')))).toEqual([]);
    expect(verdict(onServer(serviceAccount('web') + network('cluster')))).toEqual([]);
    expect(verdict(onServer('  - {group: core, kind: serviceaccount, name: web}\n'))).toEqual([]);
  });

  it('refuses a second MeshTLSAuthentication, at the second', () => {
    expect(denial(onServer(mtls('a') + mtls('b'))))
      .toEqual({path: '/spec/requiredAuthenticationRefs/1', message: 'only a single MeshTLSAuthentication may be set'});
  });

  it('refuses a second ServiceAccount', () => {
    expect(denial(onServer(serviceAccount('a') + serviceAccount('b'))))
      .toEqual({path: '/spec/requiredAuthenticationRefs/1', message: 'only a single ServiceAccount may be set'});
  });

  it('refuses a MeshTLSAuthentication together with a ServiceAccount', () => {
    expect(denial(onServer(serviceAccount('web') + network('cluster') + mtls('clients'))))
      .toEqual({path: '/spec/requiredAuthenticationRefs/2', message: 'a MeshTLSAuthentication and ServiceAccount may not be set together'});
  });

  it('refuses a second NetworkAuthentication', () => {
    expect(denial(onServer(network('a') + network('b'))))
      .toEqual({path: '/spec/requiredAuthenticationRefs/1', message: 'only a single NetworkAuthentication may be set'});
  });

  it('refuses other kinds, listing them all', () => {
    expect(denial(onServer(mtls('clients') + '  - {group: apps, kind: Deployment, name: web}\n  - {group: "", kind: Secret, name: s}\n'))).toEqual({
      path: '/spec/requiredAuthenticationRefs/1/kind', message: 'unsupported authentication kind(s): Deployment.apps, Secret.',
    });
  });

  it('counts before it looks at kinds: two MeshTLSAuthentications beside an unsupported kind are the denial', () => {
    expect(denial(onServer('  - {kind: Pod, name: web}\n' + mtls('a') + mtls('b')))?.message).toBe('only a single MeshTLSAuthentication may be set');
  });

  it('is not asked when the schema already refuses the resource (requiredAuthenticationRefs is required)', () => {
    const found = verdict(policy('  targetRef: {kind: Namespace, name: other}\n'));
    expect(found.map((d) => d.code)).toEqual(['required']);
  });
});
