/**
 * Which messages `meshdive analyze` keeps and which levels fail it, as istioctl 1.30.3 decides
 * (pkg/config/analysis/local/istiod_analyze.go filterMessages, diag/level.go, analyze.go).
 */
import {describe, expect, it} from 'vitest';
import {atLeast, goGlob, parseLevel, parseSuppression, selectMessages} from '../../src/cli/analyze/select';

const message = (code: string, kind: string, namespace: string, name: string, group = 'networking.istio.io') =>
  ({code, origin: namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`, resource: {group, kind, namespace, name}});

const inDefault = message('IST0101', 'VirtualService', 'default', 'reviews');
const inShop = message('IST0101', 'VirtualService', 'shop', 'cart');
const clusterScoped = message('IST0102', 'MutatingWebhookConfiguration', '', 'istio-sidecar-injector', 'admissionregistration.k8s.io');
const shopNamespace = message('IST0102', 'Namespace', '', 'shop', '');

describe('namespace selection', () => {
  it('keeps the selected namespace\'s messages and those of cluster-scoped resources', () => {
    expect(selectMessages([inDefault, inShop, clusterScoped], 'default', [])).toEqual([inDefault, clusterScoped]);
  });

  it('places a Namespace in its own namespace', () => {
    expect(selectMessages([shopNamespace], 'shop', [])).toEqual([shopNamespace]);
    expect(selectMessages([shopNamespace], 'default', [])).toEqual([]);
  });

  it('keeps everything with --all-namespaces', () => {
    expect(selectMessages([inDefault, inShop, shopNamespace], undefined, [])).toEqual([inDefault, inShop, shopNamespace]);
  });
});

describe('suppressions (-S CODE=RESOURCE)', () => {
  it('drop a code on the resources whose origin the pattern matches', () => {
    expect(selectMessages([inDefault, inShop], undefined, [{code: 'IST0101', resource: 'VirtualService shop/*'}])).toEqual([inDefault]);
    expect(selectMessages([inDefault, inShop], undefined, [{code: 'IST0101', resource: '*'}])).toEqual([]);
    expect(selectMessages([inDefault], undefined, [{code: 'IST0102', resource: '*'}])).toEqual([inDefault]);
    // istioctl's help still shows the old name.namespace form, which matches no origin today.
    expect(selectMessages([inDefault], undefined, [{code: 'IST0101', resource: 'VirtualService reviews.default'}])).toEqual([inDefault]);
  });

  it('are split at their one =', () => {
    expect(parseSuppression('IST0103=Pod default/*')).toEqual({code: 'IST0103', resource: 'Pod default/*'});
    expect(parseSuppression('IST0103')).toBeUndefined();
    expect(parseSuppression('IST0103=a=b')).toBeUndefined();
  });
});

describe('go-glob', () => {
  it('matches * against any run of characters, and nothing else specially', () => {
    expect(goGlob('VirtualService */reviews', 'VirtualService default/reviews')).toBe(true);
    expect(goGlob('*reviews*', 'VirtualService default/reviews')).toBe(true);
    expect(goGlob('Virtual*default*', 'VirtualService default/reviews')).toBe(true);
    expect(goGlob('Gateway *', 'VirtualService default/reviews')).toBe(false);
    expect(goGlob('VirtualService default/?eviews', 'VirtualService default/reviews')).toBe(false);
    expect(goGlob('', '')).toBe(true);
    expect(goGlob('', 'x')).toBe(false);
  });

  it('keeps go-glob\'s quirk: once the subject is used up, the last part is not compared', () => {
    expect(goGlob('a*b', 'a')).toBe(true);
    expect(goGlob('a*b', 'ac')).toBe(false);
  });
});

describe('levels and thresholds', () => {
  it('are named in any case', () => {
    expect(parseLevel('warning')).toBe('Warning');
    expect(parseLevel('ERROR')).toBe('Error');
    expect(parseLevel('fatal')).toBeUndefined();
  });

  it('compare Error as worst, then Warning, then Info', () => {
    expect(atLeast('Error', 'Warning')).toBe(true);
    expect(atLeast('Warning', 'Warning')).toBe(true);
    expect(atLeast('Info', 'Warning')).toBe(false);
    expect(atLeast('Info', 'Info')).toBe(true);
    expect(atLeast('Warning', 'Error')).toBe(false);
  });
});
