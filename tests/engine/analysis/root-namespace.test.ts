/**
 * meshRootNamespace: the one reading of meshConfig.rootNamespace (pkg/config/mesh/mesh.go
 * DefaultMeshConfig's istio-system when unset), which the analyzers that look for mesh-wide
 * policies use.
 */
import {describe, expect, it} from 'vitest';
import {strictMtlsWithoutInjectionAnalyzer} from '../../../src/engine/analysis/analyzers/meshdive/strictMtlsWithoutInjection';
import {defaultMeshConfig} from '../../../src/engine/analysis/meshConfig';
import {runAnalyzers, type Report} from '../../../src/engine/analysis/run';
import {meshRootNamespace, type AnalysisResource} from '../../../src/engine/model/resource';

const resource = (group: string, kind: string, namespace: string, name: string, value: Record<string, unknown>): AnalysisResource =>
  ({document: 0, pathPrefix: '', group, kind, namespace, name, value: {metadata: {name, ...(namespace ? {namespace} : {})}, ...value}});

describe('the mesh\'s root namespace', () => {
  it('is meshConfig.rootNamespace when written, istio-system otherwise', () => {
    expect(meshRootNamespace({rootNamespace: 'mesh-root'})).toBe('mesh-root');
    expect(meshRootNamespace(defaultMeshConfig())).toBe('istio-system');
    expect(meshRootNamespace(undefined)).toBe('istio-system');
  });

  it('is where a STRICT PeerAuthentication is mesh-wide, not blamed on its namespace\'s missing injection', () => {
    const strict = {spec: {mtls: {mode: 'STRICT'}}};
    const resources = [
      resource('', 'Namespace', '', 'mesh-root', {}),
      resource('', 'Namespace', '', 'istio-system', {}),
      resource('security.istio.io', 'PeerAuthentication', 'mesh-root', 'default', strict),
      resource('security.istio.io', 'PeerAuthentication', 'istio-system', 'default', strict),
    ];
    const reported = (meshConfig: Record<string, unknown>): string[] => {
      const reports: Report[] = [];
      runAnalyzers({resources, analyzers: [strictMtlsWithoutInjectionAnalyzer], closedWorld: true, meshConfig, report: (r) => reports.push(r)});
      return reports.map((r) => `${r.message} ${r.resource.namespace}`);
    };
    expect(reported({...defaultMeshConfig(), rootNamespace: 'mesh-root'})).toEqual(['StrictMtlsWithoutInjection istio-system']);
    expect(reported(defaultMeshConfig())).toEqual(['StrictMtlsWithoutInjection mesh-root']);
  });
});
