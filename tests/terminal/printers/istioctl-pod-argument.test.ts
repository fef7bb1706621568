/**
 * istioctl 1.30.3's NAME.NAMESPACE arguments (istioctl/pkg/util/handlers/handlers.go inferNsInfo,
 * which InferPodInfo and InferPodInfoFromTypedResource both call): one reading for `x describe pod`,
 * `x describe service`, `proxy-config` and `ztunnel-config`.
 */
import {describe, expect, it} from 'vitest';
import {parseProxyConfig} from '../../../src/terminal/printers/istioctl-config';
import {parseIstioctlDescribePod, printIstioctlDescribePod} from '../../../src/terminal/printers/istioctl-describe';
import {parseIstioctlDescribeService, printIstioctlDescribeService} from '../../../src/terminal/printers/istioctl-describe-service';
import {inferNsInfo} from '../../../src/terminal/printers/istioctl-pod-argument';
import {ModelGap, type StateModel} from '../../../src/terminal/printers/model';

const empty: StateModel = {objects: []};

describe('inferNsInfo', () => {
  it('splits at the last dot, else keeps the default namespace', () => {
    expect(inferNsInfo('reviews-v1.bookinfo', 'default')).toEqual({name: 'reviews-v1', namespace: 'bookinfo'});
    expect(inferNsInfo('a.b.c', 'default')).toEqual({name: 'a.b', namespace: 'c'});
    expect(inferNsInfo('reviews-v1', 'default')).toEqual({name: 'reviews-v1', namespace: 'default'});
  });

  it('looks for the namespace after the type\'s slash only, since a type may hold dots', () => {
    expect(inferNsInfo('deployments.apps/reviews', 'default')).toEqual({name: 'deployments.apps/reviews', namespace: 'default'});
    expect(inferNsInfo('deployments.apps/reviews.shop', 'default')).toEqual({name: 'deployments.apps/reviews', namespace: 'shop'});
  });

  it('splits at a leading dot too: `.shop` is the empty name in namespace shop (LastIndex is 0, not negative)', () => {
    expect(inferNsInfo('.shop', 'default')).toEqual({name: '', namespace: 'shop'});
    expect(inferNsInfo('web.', 'default')).toEqual({name: 'web', namespace: ''});
  });
});

describe('the commands that read NAME.NAMESPACE through it', () => {
  it('x describe pod and service split a leading dot as istioctl does, and client-go refuses the empty name', () => {
    const pod = parseIstioctlDescribePod('istioctl x describe pod .shop', 'default')!;
    expect(pod).toEqual({pod: '', namespace: 'shop', describeNamespace: 'default'});
    expect(printIstioctlDescribePod(pod, empty)).toBe('Error: resource name may not be empty\n');
    const service = parseIstioctlDescribeService('istioctl x describe svc .shop', 'default')!;
    expect(service).toEqual({service: '', namespace: 'shop', describeNamespace: 'default'});
    expect(printIstioctlDescribeService(service, empty)).toBe('Error: resource name may not be empty\n');
  });

  it('x describe pod of an empty namespace (a trailing dot) is a gap, not an invented answer', () => {
    expect(() => printIstioctlDescribePod(parseIstioctlDescribePod('istioctl x describe pod web.', 'default')!, empty)).toThrow(ModelGap);
  });

  it('proxy-config reads pod/NAME.NAMESPACE and a leading dot alike', () => {
    expect(parseProxyConfig('istioctl pc cluster pod/web-1.shop', 'default')).toMatchObject({pod: 'web-1', namespace: 'shop'});
    expect(parseProxyConfig('istioctl pc cluster web-1 -n shop', 'default')).toMatchObject({pod: 'web-1', namespace: 'shop'});
    expect(parseProxyConfig('istioctl pc cluster .shop', 'default')).toMatchObject({pod: '', namespace: 'shop'});
    expect(parseProxyConfig('istioctl pc cluster deploy/web.shop', 'default')).toBeUndefined();
  });
});
