/**
 * istioctl analyze, deployment/pod.go (ApplicationUIDAnalyzer): UID 1337 belongs to the sidecar proxy (IST0144).
 */
import {describe, expect, it} from 'vitest';
import {istioctlFindings} from '../support/findings';

describe('a Deployment whose containers run as UID 1337', () => {
  const deployment = (securityContext: string, labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, labels: ${labels}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        securityContext: ${securityContext}
`;
  it('warns about an application running as UID 1337', () => {
    expect(istioctlFindings(deployment('{runAsUser: 1337}'))).toEqual([
      {at: '12:38', severity: 'warning', code: 'IST0144', message: 'User ID (UID) 1337 is reserved for the sidecar proxy.'},
    ]);
  });
  it('is silent for other UIDs and for the control plane', () => {
    expect(istioctlFindings(deployment('{runAsUser: 1000}'))).toEqual([]);
    expect(istioctlFindings(deployment('{runAsUser: 1337}', '{istio: ingressgateway}'))).toEqual([]);
  });
});
