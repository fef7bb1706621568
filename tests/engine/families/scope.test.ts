import {describe, expect, it} from 'vitest';
import {FAMILY_KINDS} from '../../../src/engine/families/catalog';
import {checkMetadata} from '../../../src/engine/metadata';

const listed = FAMILY_KINDS.flatMap((family) => family.kinds).filter((spec) => spec.plural !== '');

describe('a kind\'s scope in the families agrees with the metadata check', () => {
  it.each(listed.map((spec) => [`${spec.group || 'core'}/${spec.kind}`, spec] as const))('%s', (_, spec) => {
    const apiVersion = spec.group ? `${spec.group}/${spec.versions[0]}` : spec.versions[0]!;
    const findings = checkMetadata({apiVersion, kind: spec.kind, metadata: {name: 'x', namespace: 'team'}}, apiVersion, spec.kind);
    const dropsNamespace = findings.some((f) => f.message.includes('is cluster-scoped; the namespace is ignored'));
    expect(dropsNamespace).toBe(!spec.namespaced);
  });
});

describe('cluster-scoped built-ins (kubectl api-resources --namespaced=false)', () => {
  it.each([
    ['v1', 'Namespace'], ['v1', 'Node'], ['v1', 'PersistentVolume'], ['v1', 'ComponentStatus'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole'], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'], ['apiregistration.k8s.io/v1', 'APIService'],
    ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'], ['admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy'],
    ['storage.k8s.io/v1', 'StorageClass'], ['storage.k8s.io/v1', 'CSIDriver'], ['scheduling.k8s.io/v1', 'PriorityClass'],
    ['networking.k8s.io/v1', 'IngressClass'], ['node.k8s.io/v1', 'RuntimeClass'], ['certificates.k8s.io/v1', 'CertificateSigningRequest'],
    ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema'], ['gateway.networking.k8s.io/v1', 'GatewayClass'],
  ])('%s %s drops its namespace', (apiVersion, kind) => {
    const findings = checkMetadata({apiVersion, kind, metadata: {name: 'x', namespace: 'team'}}, apiVersion, kind);
    expect(findings.map((f) => f.message)).toContain(`metadata.namespace: ${kind} is cluster-scoped; the namespace is ignored`);
  });

  it('keeps the namespace of a kind no family lists, as of a namespaced one', () => {
    const findings = checkMetadata({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'x', namespace: 'team'}}, 'example.com/v1', 'Widget');
    expect(findings).toEqual([]);
  });
});
