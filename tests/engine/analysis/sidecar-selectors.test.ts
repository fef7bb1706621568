/**
 * istioctl analyze, sidecar/selector.go and sidecar/defaultselector.go: a Sidecar's workloadSelector must select
 * pods (IST0101), no pod may be selected by two Sidecars (IST0110), and a namespace has one selector-less Sidecar (IST0111).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster, ingressCluster} from '../support/clusters';
import {findings, istioctlFindings} from '../support/findings';

const withBookinfo = {context: bookinfoCluster};
const withIngress = {context: ingressCluster};
const sidecarSelecting = (name: string, labels: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: default}
spec:
  workloadSelector: {labels: ${labels}}
  egress: [{hosts: ["./*"]}]
`;

describe('a Sidecar workload selector and a namespace default Sidecar', () => {
  const sidecar = (name: string, extra = '') => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n${extra}  egress:\n  - hosts: ["./*"]\n`;

  it('reports a Sidecar selector that matches no pod as IST0101 "selector"', () => {
    // sidecar/selector.go: NewReferencedResourceNotFound(rs, "selector", sel.String())
    expect(findings(sidecar('web', '  workloadSelector:\n    labels: {app: web}\n'), withBookinfo)).toEqual([{
      at: '7:3', severity: 'error', code: 'IST0101', message: 'Referenced selector not found: "app=web"',
    }]);
    expect(findings(sidecar('reviews', '  workloadSelector:\n    labels: {app: reviews}\n'), withBookinfo)).toEqual([]);
  });

  it('reports two selector-less Sidecars in one namespace (IST0111)', () => {
    // sidecar/defaultselector.go; messages.yaml IST0111 "The Sidecars %v in namespace %q have no workload selector..."
    const message = 'The Sidecars [a b] in namespace "default" have no workload selector, which can lead to undefined behavior.';
    expect(findings(sidecar('a') + '---\n' + sidecar('b'))).toEqual([
      {at: '4:9', severity: 'error', code: 'IST0111', message},
      {at: '13:9', severity: 'error', code: 'IST0111', message},
    ]);
  });
});

describe('Sidecars whose selectors pick the same pod (sidecar.SelectorAnalyzer, IST0110)', () => {
  it('reports each Sidecar whose workloadSelector picks a pod another Sidecar picks', () => {
    const found = istioctlFindings(`${sidecarSelecting('by-app', '{app: reviews}')}---\n${sidecarSelecting('by-version', '{version: v1}')}`, withIngress);
    const message = 'The Sidecars [by-app by-version] in namespace "default" select the same workload pod "reviews-v1", which can lead to undefined behavior.';
    expect(found).toEqual([
      {at: '3:18', severity: 'error', code: 'IST0110', message},
      {at: '10:18', severity: 'error', code: 'IST0110', message},
    ]);
  });

  it('is silent for disjoint selectors and without context', () => {
    expect(istioctlFindings(`${sidecarSelecting('by-app', '{app: reviews}')}---\n${sidecarSelecting('other', '{app: ratings}')}`, withIngress).map((f) => f.code)).toEqual(['IST0101']);
    expect(istioctlFindings(`${sidecarSelecting('by-app', '{app: reviews}')}---\n${sidecarSelecting('by-version', '{version: v1}')}`)).toEqual([]);
  });
});
