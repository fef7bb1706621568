/**
 * istioctl analyze, destinationrule/subset.go (PodNotSelectedAnalyzer): a DestinationRule subset must select
 * pods of its host's Service (IST0173), and its host must be a service of the mesh (IST0174).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster, canaryCluster} from '../support/clusters';
import {findings} from '../support/findings';
import {destinationRuleFor} from '../support/manifests';

const withBookinfo = {context: bookinfoCluster};
const withCanary = {context: canaryCluster};

describe('a DestinationRule subset, checked against the pods that run', () => {
  it('reports a subset whose labels select no pod (IST0173, Error)', () => {
    // destinationrule/subset.go PodNotSelectedAnalyzer, at the subset's name
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews-canary\n  namespace: default\nspec:\n  host: reviews\n  subsets:\n  - name: v3\n    labels: {version: v3}\n';
    expect(findings(text, withBookinfo)).toContainEqual(expect.objectContaining({
      at: '9:11', severity: 'error', code: 'IST0173',
      message: 'The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    }));
  });
  it('reports a subset whose labels, with the Service selector, select no pod (IST0173, Error)', () => {
    // messages.yaml IST0173 DestinationRuleSubsetNotSelectPods, level Error
    const text = destinationRuleFor('reviews', '  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v3\n    labels: {version: v3}\n');
    expect(findings(text, withCanary)).toEqual([{
      at: '11:11', severity: 'error', code: 'IST0173',
      message: 'The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    }]);
  });

  it('reports nothing for the reviews subsets whose pods run', () => {
    const text = destinationRuleFor('reviews.default.svc.cluster.local', '  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}\n');
    expect(findings(text, withCanary)).toEqual([]);
  });

  it('reports a host that matches no Service or ServiceEntry (IST0174, Warning) and checks no subset then', () => {
    // messages.yaml IST0174 UnknownDestinationRuleHost
    const text = destinationRuleFor('ratings', '  subsets:\n  - name: v1\n    labels: {version: v1}\n', 'ratings');
    expect(findings(text, withCanary)).toEqual([{
      at: '7:9', severity: 'warning', code: 'IST0174',
      message: 'The host ratings defined in the DestinationRule does not match any services in the mesh.',
    }]);
  });

  it('checks a subset without labels against the Service selector alone', () => {
    // labels.Merge(service selector, subset labels): app=reviews has pods
    expect(findings(destinationRuleFor('reviews', '  subsets:\n  - name: all\n'), withCanary)).toEqual([]);
  });

  it('accepts a host provided by a ServiceEntry', () => {
    expect(findings(destinationRuleFor('httpbin.org', '  trafficPolicy:\n    tls: {mode: SIMPLE, caCertificates: /etc/ca.pem}\n', 'httpbin'), withCanary)).toEqual([]);
  });

  it('does not judge a subset selecting by node topology: istioctl takes those labels from Nodes a lab cluster lacks', () => {
    // augmentPodLabelsWithNodeTopology: region, zone, subzone and hostname come from the pod's Node
    expect(findings(destinationRuleFor('reviews', '  subsets:\n  - name: east\n    labels: {topology.kubernetes.io/zone: us-east-1a}\n'), withCanary)).toEqual([]);
  });

  it('without a context, blames neither the host nor the subsets', () => {
    expect(findings(destinationRuleFor('ratings', '  subsets:\n  - name: v9\n    labels: {version: v9}\n'))).toEqual([]);
  });
});
