/**
 * The mesh's root namespace is meshConfig.rootNamespace (istio-system when unset), for every
 * lookup istiod makes there (pilot/pkg/model/push_context.go ps.Mesh.RootNamespace): a
 * DestinationRule's last namespace, mesh-wide AuthorizationPolicies and Sidecars, ztunnel's Global
 * policies. A mesh config naming `mesh-root` moves all of them there, and istio-system becomes an
 * ordinary namespace.
 */
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {destinationRule, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';

const text = (line: string, model: StateModel): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};

const authorizationPolicy = (name: string, namespace: string, spec: Record<string, unknown>): ModelObject =>
  ({group: 'security.istio.io', kind: 'AuthorizationPolicy', namespace, name, value: {apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: {name, namespace}, spec}});
const sidecar = (name: string, namespace: string, hosts: string[]): ModelObject =>
  ({group: 'networking.istio.io', kind: 'Sidecar', namespace, name, value: {apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: {name, namespace}, spec: {egress: [{hosts}]}}});

const HTTP = [{name: 'http', port: 9080, protocol: 'TCP', targetPort: 9080}];
const productpage = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage', version: 'v1'}, '10.244.0.5', {ports: [{name: 'http', containerPort: 9080}]});
const base = (...objects: ModelObject[]): StateModel => namespaced(ISTIOD, namespace('default'), namespace('istio-system'), namespace('mesh-root'), namespace('shop'),
  productpage, service('productpage', 'default', HTTP), service('reviews', 'default', HTTP), service('ratings', 'shop', HTTP), ...objects);
const rootedAt = (root: string, ...objects: ModelObject[]): StateModel => withMeshConfig(base(...objects), {rootNamespace: root});

describe('the root namespace, read from the mesh config by every istioctl printer', () => {
  it('proxy-config cluster: the DestinationRule of the mesh\'s root namespace names the subsets, one left in istio-system does not', () => {
    const rules = [destinationRule('reviews', 'mesh-root', 'reviews.default.svc.cluster.local', ['v1']), destinationRule('reviews', 'istio-system', 'reviews.default.svc.cluster.local', ['v2'])];
    const clusters = text('istioctl proxy-config cluster productpage-v1-abc --fqdn reviews.default.svc.cluster.local', rootedAt('mesh-root', ...rules));
    expect(clusters).toMatch(/ v1 +outbound +EDS +reviews\.mesh-root\n/);
    expect(clusters).not.toContain('v2');
    // Unset, the root namespace is istio-system again.
    expect(text('istioctl proxy-config cluster productpage-v1-abc --fqdn reviews.default.svc.cluster.local', withMeshConfig(base(...rules))))
      .toMatch(/ v2 +outbound +EDS +reviews\.istio-system\n/);
  });

  it('x describe pod: the DestinationRule found for the pod\'s Service is the root namespace\'s', () => {
    const rules = [destinationRule('productpage', 'mesh-root', 'productpage.default.svc.cluster.local', ['v1']), destinationRule('productpage', 'istio-system', 'productpage.default.svc.cluster.local', ['v2'])];
    const described = text('istioctl x describe pod productpage-v1-abc', rootedAt('mesh-root', ...rules));
    expect(described).toContain('DestinationRule: productpage.mesh-root for "productpage.default.svc.cluster.local"\n   Matching subsets: v1\n');
    expect(described).not.toContain('productpage.istio-system');
  });

  it('x describe pod: a selector-less AuthorizationPolicy of the root namespace is mesh-wide, one in istio-system is not', () => {
    const policies = [authorizationPolicy('deny-all', 'mesh-root', {action: 'DENY'}), authorizationPolicy('deny-old-root', 'istio-system', {action: 'DENY'})];
    const described = text('istioctl x describe pod productpage-v1-abc', rootedAt('mesh-root', ...policies));
    expect(described).toContain('RBAC policies: ns[mesh-root]-policy[deny-all]-rule[0]\n');
    expect(text('istioctl x describe pod productpage-v1-abc', rootedAt('istio-system', ...policies))).toContain('RBAC policies: ns[istio-system]-policy[deny-old-root]-rule[0]\n');
  });

  it('proxy-config cluster: a selector-less Sidecar of the root namespace narrows every namespace\'s sidecars', () => {
    const narrowed = text('istioctl proxy-config cluster productpage-v1-abc', rootedAt('mesh-root', sidecar('default', 'mesh-root', ['./*'])));
    expect(narrowed).toContain('reviews.default.svc.cluster.local');
    expect(narrowed).not.toContain('ratings.shop.svc.cluster.local');
    expect(text('istioctl proxy-config cluster productpage-v1-abc', rootedAt('mesh-root', sidecar('default', 'istio-system', ['./*'])))).toContain('ratings.shop.svc.cluster.local');
  });
});
