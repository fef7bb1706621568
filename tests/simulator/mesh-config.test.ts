/**
 * The lab's mesh config (egress/mesh-config.ts labMeshConfig), the one reading of ConfigMap
 * istio-system/istio that egress and CUSTOM providers share: its `mesh` key over istiod's
 * defaults (pilot/pkg/bootstrap/mesh.go, mesh.ApplyMeshConfig), or the defaults and why.
 */
import {describe, expect, it} from 'vitest';
import {labMeshConfig} from '../../src/simulator/egress/mesh-config';
import {World} from '../../src/simulator/index';

const configMap = (data: Record<string, unknown>, namespace = 'istio-system') =>
  ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'istio', namespace}, data});
const meshOf = (...objects: unknown[]) => labMeshConfig(new World(objects));

describe('the lab mesh config', () => {
  it('applies the mesh key over the defaults, and keeps what the ConfigMap wrote', () => {
    const mesh = meshOf(configMap({mesh: 'outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n'}));
    expect(mesh.config.outboundTrafficPolicy).toEqual({mode: 'REGISTRY_ONLY'});
    expect(mesh.config.rootNamespace).toBe('istio-system');
    expect(mesh.written).toEqual({outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'}});
    expect(mesh.from).toMatchObject({kind: 'ConfigMap', namespace: 'istio-system', name: 'istio'});
    expect(mesh.problem).toBeUndefined();
  });

  it('holds the defaults without a ConfigMap istio in istiod\'s namespace, with no problem to tell', () => {
    const mesh = meshOf(configMap({mesh: 'outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n'}, 'default'));
    expect(mesh.config.outboundTrafficPolicy).toEqual({mode: 'ALLOW_ANY'});
    expect(mesh).not.toHaveProperty('from');
    expect(mesh.problem).toBeUndefined();
  });

  it('is read once per world', () => {
    const world = new World([configMap({mesh: 'outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n'})]);
    expect(labMeshConfig(world)).toBe(labMeshConfig(world));
  });

  it('says, naming the ConfigMap, why its mesh key could not be used', () => {
    const problem = (data: Record<string, unknown>) => meshOf(configMap(data)).problem;
    expect(problem({})).toBe('ConfigMap istio-system/istio has no data.mesh');
    expect(problem({mesh: 'outboundTrafficPolicy: [unclosed'})).toMatch(/^ConfigMap istio-system\/istio's data\.mesh is not YAML: /);
    expect(problem({mesh: '- a list'})).toBe("ConfigMap istio-system/istio's data.mesh: failed to convert to proto.: the mesh config is not a mapping");
    expect(problem({mesh: 'a: "\u0001"'})).toMatch(/^ConfigMap istio-system\/istio's data\.mesh is not read: input contains the control character U\+0001/);
  });

  it('does not parse a mesh text over the YAML reader\'s byte bound (256 KiB): the defaults hold', () => {
    const mesh = meshOf(configMap({mesh: `outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n#${'x'.repeat(256 * 1024)}\n`}));
    expect(mesh.config.outboundTrafficPolicy).toEqual({mode: 'ALLOW_ANY'});
    expect(mesh.problem).toMatch(/^ConfigMap istio-system\/istio's data\.mesh is not read: input is 262,191 bytes, over the limit of 262,144 bytes$/);
  });
});
