/**
 * istioctl analyze, virtualservice/destinationhosts.go: a VirtualService destination's host must be a
 * Service or a ServiceEntry visible from its namespace (IST0101), with a port when the service has several (IST0112).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster} from '../support/clusters';
import {findings} from '../support/findings';
import {reviewsVs, routeTo} from '../support/manifests';

const withBookinfo = {context: bookinfoCluster};

describe('a VirtualService destination host, looked up in the cluster', () => {
  it('reports a destination host that no Service or ServiceEntry provides (IST0101)', () => {
    // virtualservice/destinationhosts.go
    expect(findings(reviewsVs(routeTo('{host: reveiws}')), withBookinfo)).toEqual([{
      at: '10:27', severity: 'error', code: 'IST0101', message: 'Referenced host not found: "reveiws"',
    }]);
  });

  it('accepts a host provided by a ServiceEntry', () => {
    // util.GetDestinationHost looks at ServiceEntries too
    expect(findings(reviewsVs(routeTo('{host: httpbin.org}'), '[httpbin.org]'), withBookinfo)).toEqual([]);
  });

  it('resolves the FQDN reviews.default.svc.cluster.local', () => {
    // util.GetDestinationHost: ScopedFqdn of the Service
    expect(findings(reviewsVs(routeTo('{host: reviews.default.svc.cluster.local, subset: v1}')), withBookinfo)).toEqual([]);
  });

  it('does not resolve a short name across namespaces, but does resolve the FQDN', () => {
    // short names are qualified with the VirtualService's namespace
    expect(findings(reviewsVs(routeTo('{host: reviews}'), '[reviews]', 'shop'), withBookinfo)).toEqual([expect.objectContaining({
      severity: 'error', code: 'IST0101', message: 'Referenced host not found: "reviews"',
    })]);
    expect(findings(reviewsVs(routeTo('{host: reviews.default.svc.cluster.local}'), '[reviews.default.svc.cluster.local]', 'shop'), withBookinfo)).toEqual([]);
  });

  it('does not see a ServiceEntry exported only to its own namespace', () => {
    // util.GetDestinationHost honours exportTo
    expect(findings(reviewsVs(routeTo('{host: private.example.com}'), '[private.example.com]'), withBookinfo)).toEqual([expect.objectContaining({
      severity: 'error', code: 'IST0101', message: 'Referenced host not found: "private.example.com"',
    })]);
  });

  it('requires a port for a multi-port service (IST0112)', () => {
    // virtualservice/destinationhosts.go checkServiceEntryPorts; messages.yaml IST0112
    expect(findings(reviewsVs(routeTo('{host: ratings}'), '[ratings]'), withBookinfo)).toEqual([{
      at: '10:27', severity: 'error', code: 'IST0112',
      message: 'This VirtualService routes to a service "ratings" that exposes multiple ports [9080 9090]. Specifying a port in the destination is required to disambiguate.',
    }]);
  });
});
