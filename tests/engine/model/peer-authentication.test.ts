import {describe, expect, it} from 'vitest';
import {composePeerAuthentication, readMtlsMode, type MtlsMode, type PeerAuthenticationReading} from '../../../src/engine/model/peer-authentication';

interface Policy extends PeerAuthenticationReading {
  name: string;
  /** Creation order: smaller is older. */
  created: number;
}

const policy = (name: string, namespace: string, mode: MtlsMode | undefined, extra: Partial<Policy> = {}): Policy =>
  ({name, namespace, selector: {}, mode, portLevel: undefined, created: 0, ...extra});
const compose = (policies: Policy[], workload: {namespace: string; labels?: Record<string, string>}, root = 'istio-system') =>
  composePeerAuthentication(policies, (p) => p, workload, root, (a, b) => a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const reviews = {namespace: 'bookinfo', labels: {app: 'reviews', version: 'v1'}};

describe('ComposePeerAuthentication (policy_applier.go), the reading shared by the simulator and the printers', () => {
  it('is PERMISSIVE with no policy, and lets the most specific level with a mode win', () => {
    expect(compose([], reviews)).toMatchObject({mode: 'PERMISSIVE', from: undefined});
    const mesh = policy('default', 'istio-system', 'STRICT');
    const namespaceWide = policy('ns', 'bookinfo', 'DISABLE');
    const workload = policy('reviews', 'bookinfo', 'PERMISSIVE', {selector: {app: 'reviews'}});
    expect(compose([mesh], reviews)).toMatchObject({mode: 'STRICT', from: {policy: mesh, level: 'mesh'}});
    expect(compose([workload, namespaceWide, mesh], reviews)).toMatchObject({mode: 'PERMISSIVE', from: {policy: workload, level: 'workload'}, levels: {mesh, namespace: namespaceWide, workload}});
    // UNSET inherits from the level above.
    const unset = policy('reviews', 'bookinfo', undefined, {selector: {app: 'reviews'}});
    expect(compose([unset, namespaceWide, mesh], reviews)).toMatchObject({mode: 'DISABLE', from: {policy: namespaceWide, level: 'namespace'}});
  });

  it('ignores policies of other namespaces, selectors the labels do not include, and a selector in the root namespace', () => {
    const elsewhere = policy('default', 'shop', 'DISABLE');
    const ratings = policy('ratings', 'bookinfo', 'DISABLE', {selector: {app: 'ratings'}});
    const rootSelector = policy('root-reviews', 'istio-system', 'DISABLE', {selector: {app: 'reviews'}});
    expect(compose([elsewhere, ratings, rootSelector], reviews)).toMatchObject({mode: 'PERMISSIVE', levels: {}});
    // Without labels (a namespace's view) no selector applies.
    const workload = policy('reviews', 'bookinfo', 'DISABLE', {selector: {app: 'reviews'}});
    expect(compose([workload], {namespace: 'bookinfo'}).mode).toBe('PERMISSIVE');
  });

  it('takes the oldest policy of a level, a tie as the order function decides, and asks it only within a level', () => {
    const newer = policy('a-newer', 'bookinfo', 'DISABLE', {created: 2});
    const older = policy('z-older', 'bookinfo', 'STRICT', {created: 1});
    expect(compose([newer, older], reviews).mode).toBe('STRICT');
    expect(compose([policy('b', 'bookinfo', 'DISABLE'), policy('a', 'bookinfo', 'STRICT')], reviews).mode).toBe('STRICT');
    const asked: string[] = [];
    composePeerAuthentication([policy('m', 'istio-system', 'STRICT'), policy('n', 'bookinfo', 'DISABLE')], (p) => p, reviews, 'istio-system', (a, b) => {
      asked.push(`${a.name}<${b.name}`);
      return 0;
    });
    expect(asked).toEqual([]);
  });

  it('gives the workload policy\'s ports their modes, UNSET taking the workload\'s, and reads the root namespace given', () => {
    const workload = policy('reviews', 'bookinfo', undefined, {selector: {app: 'reviews'}, portLevel: [[9080, 'DISABLE'], [9443, undefined]]});
    const composed = compose([workload, policy('default', 'mesh-root', 'STRICT')], reviews, 'mesh-root');
    expect(composed.mode).toBe('STRICT');
    expect([...composed.perPort]).toEqual([[9080, 'DISABLE'], [9443, 'STRICT']]);
  });

  it('reads a written mode: UNSET or none is no mode, an undefined name is invalid', () => {
    expect([readMtlsMode(undefined), readMtlsMode('UNSET'), readMtlsMode('STRICT'), readMtlsMode('strict')]).toEqual([undefined, undefined, 'STRICT', 'invalid']);
  });
});
