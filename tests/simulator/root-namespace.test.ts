/**
 * The simulator's root namespace is the lab mesh config's rootNamespace (egress/mesh-config.ts
 * labMeshConfig over ConfigMap istio-system/istio), istio-system when unset, as istiod's lookups
 * read ps.Mesh.RootNamespace (pilot/pkg/model/push_context.go). The ConfigMap itself stays in
 * istiod's namespace, whatever root namespace it names.
 */
import {describe, expect, it} from 'vitest';
import {destinationRuleFor} from '../../src/simulator/destinations';
import {sidecarScopeOf} from '../../src/simulator/egress/outbound-policy';
import {labMeshConfig, rootNamespaceOf} from '../../src/simulator/egress/mesh-config';
import {attachedPolicies} from '../../src/simulator/istio-authz/policies';
import {World} from '../../src/simulator/index';
import {effectiveMtls} from '../../src/simulator/mtls';

const meshConfigMap = (mesh: string) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'istio', namespace: 'istio-system'}, data: {mesh}});
const resource = (apiVersion: string, kind: string, namespace: string, name: string, spec: Record<string, unknown>) => ({apiVersion, kind, metadata: {name, namespace}, spec});
const inBoth = (apiVersion: string, kind: string, spec: Record<string, unknown>) =>
  [resource(apiVersion, kind, 'mesh-root', 'in-mesh-root', spec), resource(apiVersion, kind, 'istio-system', 'in-istio-system', spec)];

const objects = [
  ...inBoth('networking.istio.io/v1', 'DestinationRule', {host: 'reviews.default.svc.cluster.local', subsets: [{name: 'v1', labels: {version: 'v1'}}]}),
  ...inBoth('security.istio.io/v1', 'AuthorizationPolicy', {action: 'DENY', rules: [{}]}),
  ...inBoth('networking.istio.io/v1', 'Sidecar', {egress: [{hosts: ['./*']}]}),
  resource('security.istio.io/v1', 'PeerAuthentication', 'mesh-root', 'in-mesh-root', {mtls: {mode: 'STRICT'}}),
  resource('security.istio.io/v1', 'PeerAuthentication', 'istio-system', 'in-istio-system', {mtls: {mode: 'DISABLE'}}),
];
const rooted = new World([meshConfigMap('rootNamespace: mesh-root\n'), ...objects]);
const unset = new World(objects);

describe('the simulator\'s root namespace, read from the lab mesh config', () => {
  it('is the mesh config\'s rootNamespace, istio-system without one; the ConfigMap is still read from istio-system', () => {
    expect(rootNamespaceOf(rooted)).toBe('mesh-root');
    expect(labMeshConfig(rooted).from).toMatchObject({namespace: 'istio-system', name: 'istio'});
    expect(rootNamespaceOf(unset)).toBe('istio-system');
  });

  it('looks up DestinationRules, AuthorizationPolicies, Sidecars and PeerAuthentications there, and treats istio-system as any namespace', () => {
    expect(destinationRuleFor(rooted, 'reviews.default.svc.cluster.local', 'default', 'default').map((r) => r.namespace)).toEqual(['mesh-root']);
    expect(attachedPolicies(rooted, {kind: 'workload', namespace: 'default', labels: {app: 'reviews'}}).map((a) => a.policy.namespace)).toEqual(['mesh-root']);
    expect(sidecarScopeOf(rooted, 'default', {app: 'reviews'})?.namespace).toBe('mesh-root');
    expect(effectiveMtls(rooted, 'default', {app: 'reviews'})).toMatchObject({mode: 'STRICT', from: {namespace: 'mesh-root', level: 'mesh'}});

    expect(destinationRuleFor(unset, 'reviews.default.svc.cluster.local', 'default', 'default').map((r) => r.namespace)).toEqual(['istio-system']);
    expect(effectiveMtls(unset, 'default', {app: 'reviews'})).toMatchObject({mode: 'DISABLE', from: {namespace: 'istio-system'}});
  });
});
