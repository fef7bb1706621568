import {describe, expect, it} from 'vitest';
import {FAMILY_KINDS, canonicalResourceName, familyOfGroup, kindSpec, makesLab, podRunningKinds, routesRequests} from '../../../src/engine/families/catalog';
import {FAMILIES, admissionIfControlPlane, admissionRule, familyOfGroup as judgingFamilyOfGroup} from '../../../src/engine/families/registry';
import {classifyKind} from '../../../src/engine/kinds';
import {knownKinds} from '../../../src/engine/schema/index';

describe('the API families', () => {
  it('are the same families in the light catalog and the judging registry', () => {
    expect(FAMILIES.map((family) => family.name)).toEqual(FAMILY_KINDS.map((family) => family.name));
    expect(FAMILIES.map((family) => family.name)).toEqual(['kubernetes', 'istio', 'gateway-api', 'linkerd']);
  });

  it.each(['istio', 'gateway-api', 'linkerd'])('list exactly the %s kinds and versions the CRD schemas serve, each family its own', (name) => {
    const family = FAMILIES.find((f) => f.name === name)!;
    const listed = family.kinds.flatMap((spec) => spec.versions.map((version) => `${spec.group}/${version}/${spec.kind}`)).sort();
    expect(listed).toEqual(family.schemaKinds!().map((gvk) => `${gvk.group}/${gvk.version}/${gvk.kind}`).sort());
    // Every served kind of the catalog is one family's.
    expect(knownKinds().filter((gvk) => judgingFamilyOfGroup(gvk.group)?.name === name).length).toBe(listed.length);
  });

  it('serve every kind of the catalog through exactly one family', () => {
    const served = FAMILIES.flatMap((family) => family.schemaKinds?.() ?? []).map((gvk) => `${gvk.group}/${gvk.version}/${gvk.kind}`).sort();
    expect(served).toEqual(knownKinds().map((gvk) => `${gvk.group}/${gvk.version}/${gvk.kind}`).sort());
  });

  it('own their groups, and every group under a family domain (a misspelt Istio group is still Istio\'s)', () => {
    expect(familyOfGroup('')?.name).toBe('kubernetes');
    expect(familyOfGroup('apps')?.name).toBe('kubernetes');
    expect(familyOfGroup('storage.k8s.io')?.name).toBe('kubernetes');
    expect(familyOfGroup('networking.istio.io')?.name).toBe('istio');
    expect(familyOfGroup('networkin.istio.io')?.name).toBe('istio');
    expect(familyOfGroup('istio.io')?.name).toBe('istio');
    // A domain is matched by whole labels: `myistio.io` is someone else's.
    expect(familyOfGroup('myistio.io')).toBeUndefined();
    expect(familyOfGroup('example.com')).toBeUndefined();
    expect(judgingFamilyOfGroup('security.istio.io')?.admission.size).toBeGreaterThan(0);
  });

  it('register each admission rule for a kind the family lists', () => {
    for (const family of FAMILIES) {
      for (const key of family.admission.keys()) {
        const slash = key.lastIndexOf('/');
        expect(family.kinds.some((spec) => spec.group === key.slice(0, slash) && spec.kind === key.slice(slash + 1)), `${family.name}: ${key}`).toBe(true);
      }
    }
    expect(admissionRule('networking.istio.io', 'VirtualService')).toBeTypeOf('function');
    expect(admissionRule('apps', 'Deployment')).toBeTypeOf('function');
    expect(admissionRule('', 'ConfigMap')).toBeUndefined();
  });

  it('list, per kind, every family\'s rule that waits for its control plane, once each in family order', () => {
    for (const key of ['gateway.networking.k8s.io/HTTPRoute', 'gateway.networking.k8s.io/GRPCRoute', 'gateway.networking.k8s.io/TLSRoute', 'gateway.networking.k8s.io/TCPRoute']) {
      const slash = key.lastIndexOf('/');
      const expected = FAMILIES.flatMap((family) => {
        const rule = family.admissionOfOtherKinds?.get(key);
        return rule ? [{family: family.name, rule}] : [];
      });
      expect(expected.map(({family}) => family), key).toEqual(['linkerd']);
      expect(admissionIfControlPlane(key.slice(0, slash), key.slice(slash + 1)), key).toEqual(expected);
    }
    expect(admissionIfControlPlane('gateway.networking.k8s.io', 'Gateway')).toBeUndefined();
  });

  it('run the admission rule of the kind', () => {
    const rule = admissionRule('apps', 'Deployment')!;
    expect(rule({apiVersion: 'apps/v1', kind: 'Deployment', spec: {replicas: -1}}, 'apps', 'Deployment')).toHaveLength(1);
    const vs = admissionRule('networking.istio.io', 'VirtualService')!;
    const findings = vs({apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name: 'x'}, spec: {hosts: ['a'], http: [{}]}}, 'networking.istio.io', 'VirtualService');
    expect(findings.some((f) => f.severity === 'error')).toBe(true);
  });
});

describe('classifying a kind through the registry', () => {
  it('finds schema kinds, built-ins, unknown kinds and foreign APIs', () => {
    expect(classifyKind('networking.istio.io/v1beta1', 'VirtualService')).toMatchObject({type: 'schema', gvk: {version: 'v1beta1'}});
    expect(classifyKind('apps/v1', 'Deployment')).toMatchObject({type: 'built-in', group: 'apps', version: 'v1'});
    expect(classifyKind('storage.k8s.io/v1', 'Anything')).toMatchObject({type: 'built-in'});
    expect(classifyKind('v1', 'Servce')).toMatchObject({type: 'unknown', code: 'unknown-kind', at: 'kind', message: expect.stringContaining('did you mean "Service"')});
    expect(classifyKind('apps/v1beta1', 'Deployment')).toMatchObject({type: 'unknown', at: 'apiVersion', message: expect.stringContaining('served as apps/v1')});
    expect(classifyKind('networking.istio.io/v1', 'VirtualServce')).toMatchObject({type: 'unknown', code: 'unknown-istio-kind', at: 'kind'});
    expect(classifyKind('foo.istio.io/v1', 'Thing')).toMatchObject({type: 'unknown', message: expect.stringContaining('known Istio groups: ')});
    expect(classifyKind('example.com/v1', 'Widget')).toEqual({type: 'other', group: 'example.com'});
  });
});

describe('what the book reads from the catalog', () => {
  it('names resources as kubectl does: plural, singular, kind and short names', () => {
    expect(canonicalResourceName('vs')).toBe('virtualservices');
    expect(canonicalResourceName('VirtualService')).toBe('virtualservices');
    expect(canonicalResourceName('deploy')).toBe('deployments');
    expect(canonicalResourceName('sts')).toBe('statefulsets');
    expect(canonicalResourceName('crds')).toBe('customresourcedefinitions');
    expect(canonicalResourceName('telemetry')).toBe('telemetries');
    expect(canonicalResourceName('widgets')).toBeUndefined();
  });

  it('makes labs of Istio, Gateway API and Linkerd documents, and offers requests where the simulator routes them', () => {
    expect(makesLab('networking.istio.io/v1')).toBe(true);
    expect(makesLab('security.istio.io/v1')).toBe(true);
    expect(makesLab('gateway.networking.k8s.io/v1')).toBe(true);
    expect(makesLab('policy.linkerd.io/v1beta3')).toBe(true);
    expect(makesLab('linkerd.io/v1alpha2')).toBe(true);
    expect(makesLab('apps/v1')).toBe(false);
    expect(makesLab('v1')).toBe(false);
    expect(routesRequests('networking.istio.io/v1', 'VirtualService')).toBe(true);
    expect(routesRequests('networking.istio.io/v1', 'DestinationRule')).toBe(false);
    expect(routesRequests('example.com/v1', 'VirtualService')).toBe(false);
    // The simulator answers egress for these: whether a request to an outside host leaves the mesh.
    expect(['ServiceEntry', 'Sidecar'].map((kind) => routesRequests('networking.istio.io/v1', kind))).toEqual([true, true]);
    expect(routesRequests('policy.linkerd.io/v1alpha1', 'EgressNetwork')).toBe(true);
  });

  it('lists the kinds that run pods, with where their pods come from', () => {
    const names = podRunningKinds().map((spec) => `${spec.group}/${spec.kind}`).sort();
    expect(names).toEqual(['/Pod', '/ReplicationController', 'apps/DaemonSet', 'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'batch/Job']);
    expect(kindSpec('apps', 'DaemonSet')?.pods).toEqual({template: ['spec', 'template'], count: 'one-per-node'});
    expect(kindSpec('batch', 'CronJob')?.pods).toBeUndefined();
  });
});
