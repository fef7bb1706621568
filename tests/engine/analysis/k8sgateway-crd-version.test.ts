/**
 * istioctl analyze, k8sgateway/crdversion.go (CRDVersionAnalyzer): Gateway API CRDs older than
 * istiod 1.30 processes (IST0176).
 */
import {describe, expect, it} from 'vitest';
import {parseSemver} from '../../../src/engine/analysis/analyzers/k8sgateway/crdVersion';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'k8sgateway.CRDVersionAnalyzer';

const crd = (name: string, annotations: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${name}
  annotations: ${annotations}
spec:
  group: gateway.networking.k8s.io
  names: {kind: TLSRoute, plural: tlsroutes}
  scope: Namespaced
  versions: [{name: v1alpha2, served: true, storage: true}]
`;
const bundle = (version: string) => `{gateway.networking.k8s.io/bundle-version: "${version}"}`;

describe('a Gateway API CRD below its minimum bundle version', () => {
  it('warns, with the version read as semver (no "v") and the minimum', () => {
    expect(istioctlLines(crd('tlsroutes.gateway.networking.k8s.io', bundle('v1.4.1')), ANALYZER)).toEqual([
      'Warning [IST0176] (CustomResourceDefinition tlsroutes.gateway.networking.k8s.io in.yaml:1) Gateway API CRD "tlsroutes.gateway.networking.k8s.io" is at version "1.4.1" but Istio requires at least "1.5.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
    ]);
  });

  it('knows the minimum of GRPCRoute (1.1.0) and BackendTLSPolicy (1.4.0), and no other CRD', () => {
    expect(istioctlLines(crd('grpcroutes.gateway.networking.k8s.io', bundle('v1.0.0')), ANALYZER)).toHaveLength(1);
    expect(istioctlLines(crd('grpcroutes.gateway.networking.k8s.io', bundle('v1.1.0')), ANALYZER)).toEqual([]);
    expect(istioctlLines(crd('backendtlspolicies.gateway.networking.k8s.io', bundle('v1.3.0')), ANALYZER)).toHaveLength(1);
    expect(istioctlLines(crd('httproutes.gateway.networking.k8s.io', bundle('v0.1.0')), ANALYZER)).toEqual([]);
  });

  it('ignores the pre-release when comparing, but shows it', () => {
    expect(istioctlLines(crd('tlsroutes.gateway.networking.k8s.io', bundle('v1.5.0-rc.1')), ANALYZER)).toEqual([]);
    expect(istioctlLines(crd('tlsroutes.gateway.networking.k8s.io', bundle('v1.4.0-rc.1+build.7')), ANALYZER)[0]).toContain('is at version "1.4.0-rc.1+build.7"');
  });

  it('is silent without the annotation or with a version semver cannot read', () => {
    expect(istioctlLines(crd('tlsroutes.gateway.networking.k8s.io', '{}'), ANALYZER)).toEqual([]);
    expect(istioctlLines(crd('tlsroutes.gateway.networking.k8s.io', bundle('latest')), ANALYZER)).toEqual([]);
  });
});

describe('semver.NewVersion as the analyzer reads the annotation', () => {
  it('accepts a "v", and one or two numbers for the rest zero', () => {
    expect(parseSemver('v1.4')).toMatchObject({major: 1, minor: 4, patch: 0});
    expect(parseSemver('2')).toMatchObject({major: 2, minor: 0, patch: 0});
  });

  it('refuses leading zeros in numeric pre-release parts, empty parts and extra numbers', () => {
    expect(parseSemver('1.5.0-rc.01')).toBeUndefined();
    expect(parseSemver('1.5.0-')).toBeUndefined();
    expect(parseSemver('1.5.0.1')).toBeUndefined();
    expect(parseSemver('1.5.0-rc.0')).toMatchObject({prerelease: 'rc.0'});
  });
});
