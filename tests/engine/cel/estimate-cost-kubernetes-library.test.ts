/**
 * The estimator in the Kubernetes library's environment, against the estimated costs of
 * k8s.io/apiserver pkg/cel/library/cost_test.go (Kubernetes 1.33): its test size estimator sizes
 * every string and bytes value as at most 12, presence tests are free.
 */
import {describe, expect, it} from 'vitest';
import {estimateCost, type Estimate, type Node} from '../../../src/engine/cel/estimate-cost';
import {kubernetesCallEstimate, kubernetesEnvironment} from '../../../src/engine/cel/estimate-library';
import {parseRule} from '../../../src/engine/cel/estimate-expr';

const range = (min: number, max: number): Estimate => ({min: BigInt(min), max: BigInt(max)});
/** library/cost_test.go testCostEstimator. */
const environment = kubernetesEnvironment(new Map(), ({type}) => (type.kind === 'string' || type.kind === 'bytes' ? range(0, 12) : undefined));
const estimate = (expr: string) => estimateCost(parseRule(expr), environment);

const LISTS = {
  int: '[1, 2, 3, 4, 5]',
  uint: '[uint(1), uint(2), uint(3), uint(4), uint(5)]',
  double: '[1.0, 2.0, 3.0, 4.0, 5.0]',
  bool: '[false, true, false, true, false]',
  string: "['012345678901', '012345678901', '012345678901', '012345678901', '012345678901']",
  bytes: "[bytes('012345678901'), bytes('012345678901'), bytes('012345678901'), bytes('012345678901'), bytes('012345678901')]",
  duration: "[duration('1s'), duration('2s'), duration('3s'), duration('4s'), duration('5s')]",
  timestamp: "[timestamp('2011-01-01T00:00:00.000+01:00'), timestamp('2011-01-02T00:00:00.000+01:00'), timestamp('2011-01-03T00:00:00.000+01:00'), "
    + "timestamp('2011-01-04T00:00:00.000+01:00'), timestamp('2011-01-05T00:00:00.000+01:00')]",
};

describe('TestListsCost and TestIndexOfCost: one per item compared, plus the strings or bytes traversed', () => {
  it.each([
    ['int', range(15, 15)], ['uint', range(20, 20)], ['double', range(15, 15)], ['duration', range(20, 20)],
  ] as const)('sum of a %s list', (type, wanted) => {
    expect(estimate(`${LISTS[type]}.sum()`)).toEqual(wanted);
  });

  it.each([
    ['int', range(15, 15)], ['uint', range(20, 20)], ['double', range(15, 15)], ['bool', range(15, 15)],
    ['string', range(15, 25)], ['bytes', range(25, 35)], ['duration', range(20, 20)], ['timestamp', range(20, 20)],
  ] as const)('isSorted, max and min of a %s list', (type, wanted) => {
    for (const call of ['.isSorted()', '.max()', '.min()']) expect(estimate(LISTS[type] + call), call).toEqual(wanted);
  });

  it.each([
    ['int', '3', range(15, 15)], ['uint', 'uint(3)', range(21, 21)], ['double', '3.0', range(15, 15)], ['bool', 'true', range(15, 15)],
    ['string', "'x'", range(15, 25)], ['bytes', "bytes('x')", range(26, 36)], ['duration', "duration('3s')", range(21, 21)],
    ['timestamp', "timestamp('2011-01-03T00:00:00.000+01:00')", range(21, 21)],
  ] as const)('indexOf and lastIndexOf in a %s list', (type, param, wanted) => {
    for (const call of ['indexOf', 'lastIndexOf']) expect(estimate(`${LISTS[type]}.${call}(${param})`), call).toEqual(wanted);
  });

  it('indexOf in a string traverses it', () => {
    expect(estimate("'01234567890123456789012345678901234567890123456789'.indexOf('123')")).toEqual(range(5, 5));
  });
});

describe('TestURLsCost', () => {
  it('an accessor costs 1 beyond the parse; equality of two URLs traverses the right-hand one', () => {
    for (const accessor of ['getScheme', 'getHostname', 'getHost', 'getPort', 'getEscapedPath', 'getQuery']) {
      expect(estimate(`url('https:://kubernetes.io/').${accessor}()`), accessor).toEqual(range(4, 4));
    }
    expect(estimate("url('https:://kubernetes.io/') == url('https:://kubernetes.io/')")).toEqual(range(7, 9));
    expect(estimate("url('https:://kubernetes.io/') == url('http://x.b')")).toEqual(range(5, 5));
  });
});

describe('TestStringLibrary', () => {
  it.each([
    ["'ABCDEFGHIJ abcdefghij'.lowerAscii()", range(3, 3)],
    ["'ABCDEFGHIJ abcdefghij'.lowerAscii() == 'abcdefghij ABCDEFGHIJ'.lowerAscii()", range(7, 9)],
    ["'ABCDEFGHIJ abcdefghij'.upperAscii()", range(3, 3)],
    ["'ABCDEFGHIJ abcdefghij'.upperAscii() == 'abcdefghij ABCDEFGHIJ'.upperAscii()", range(7, 9)],
    ["strings.quote('ABCDEFGHIJ abcdefghij')", range(3, 3)],
    ["strings.quote('ABCDEFGHIJ abcdefghij') == strings.quote('ABCDEFGHIJ abcdefghij')", range(7, 11)],
    ["'abc 123 def 123'.replace('123', '456')", range(3, 3)],
    ["'abc 123 def 123'.replace('', 'x')", range(3, 3)],
    ["'abc 123 def 123'.replace('123', '')", range(3, 3)],
    ["'abc 123 def 123'.replace('123', '456', 1)", range(3, 3)],
    ["'abc 123 def 123'.split(' ')", range(3, 3)],
    ["'abc 123 def 123'.split(' ', 1)", range(3, 3)],
    ["'abc 123 def 123'.substring(5)", range(2, 2)],
    ["'abc 123 def 123'.substring(5, 8)", range(2, 2)],
    ["'  abc 123 def 123  '.trim()", range(2, 2)],
    ["['aa', 'bb', 'cc', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join(' ')", range(11, 23)],
    ["['aa', 'bb', 'cc', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join()", range(10, 22)],
    ["'abc 123 def 123'.find('123')", range(2, 2)],
    ["'abc 123 def 123'.findAll('123')", range(2, 2)],
    ["'abc 123 def 123'.findAll('123', 1)", range(2, 2)],
    ["jsonpatch.escapeKey('abc/def~ abc/def~')", range(2, 2)],
  ])('%s', (expr, wanted) => {
    expect(estimate(expr)).toEqual(wanted);
  });
});

describe('TestSetsCost: both lists sized, multiplied (twice for equivalent), plus the call', () => {
  it.each([
    ['sets.contains([], [])', range(21, 21)],
    ['sets.contains([1], [])', range(21, 21)],
    ['sets.contains([1], [1])', range(22, 22)],
    ['sets.contains([1], [1, 1])', range(23, 23)],
    ['sets.contains([1, 1], [1])', range(23, 23)],
    ['sets.contains([2, 1], [1])', range(23, 23)],
    ['sets.contains([1, 2, 3, 4], [2, 3])', range(29, 29)],
    ['sets.contains([1], [1.0, 1])', range(23, 23)],
    ['sets.contains([1, 2], [2u, 2.0])', range(25, 25)],
    ['sets.contains([1, 2u], [2, 2.0])', range(25, 25)],
    ['sets.contains([1, 2.0, 3u], [1.0, 2u, 3])', range(30, 30)],
    ['sets.contains([[1], [2, 3]], [[2, 3.0]])', range(53, 53)],
    ['!sets.contains([1], [2])', range(23, 23)],
    ['!sets.contains([1], [1, 2])', range(24, 24)],
    ['!sets.contains([1], ["1", 1])', range(24, 24)],
    ['!sets.contains([1], [1.1, 1u])', range(24, 24)],
    ['sets.equivalent([], [])', range(21, 21)],
    ['sets.equivalent([1], [1])', range(23, 23)],
    ['sets.equivalent([1], [1, 1])', range(25, 25)],
    ['sets.equivalent([1, 1], [1])', range(25, 25)],
    ['sets.equivalent([1], [1u, 1.0])', range(25, 25)],
    ['sets.equivalent([1], [1u, 1.0])', range(25, 25)],
    ['sets.equivalent([1, 2, 3], [3u, 2.0, 1])', range(39, 39)],
    ['sets.equivalent([[1.0], [2, 3]], [[1], [2, 3.0]])', range(69, 69)],
    ['!sets.equivalent([2, 1], [1])', range(26, 26)],
    ['!sets.equivalent([1], [1, 2])', range(26, 26)],
    ['!sets.equivalent([1, 2], [2u, 2, 2.0])', range(34, 34)],
    ['!sets.equivalent([1, 2], [1u, 2, 2.3])', range(34, 34)],
    ['sets.intersects([1], [1])', range(22, 22)],
    ['sets.intersects([1], [1, 1])', range(23, 23)],
    ['sets.intersects([1, 1], [1])', range(23, 23)],
    ['sets.intersects([2, 1], [1])', range(23, 23)],
    ['sets.intersects([1], [1, 2])', range(23, 23)],
    ['sets.intersects([1], [1.0, 2])', range(23, 23)],
    ['sets.intersects([1, 2], [2u, 2, 2.0])', range(27, 27)],
    ['sets.intersects([1, 2], [1u, 2, 2.3])', range(27, 27)],
    ['sets.intersects([[1], [2, 3]], [[1, 2], [2, 3.0]])', range(65, 65)],
    ['!sets.intersects([], [])', range(22, 22)],
    ['!sets.intersects([1], [])', range(22, 22)],
    ['!sets.intersects([1], [2])', range(23, 23)],
    ['!sets.intersects([1], ["1", 2])', range(24, 24)],
    ['!sets.intersects([1], [1.1, 2u])', range(24, 24)],
  ])('%s', (expr, wanted) => {
    expect(estimate(expr)).toEqual(wanted);
  });
});

describe("TestSize: replace's result size", () => {
  const node = (size: Estimate): Node => ({path: undefined, type: {kind: 'string', params: []}, expr: undefined, size});
  const exact = (size: number) => range(size, size);
  it.each([
    ['replace empty with char', exact(3), [exact(0), exact(1)], exact(7)],
    ['maybe replace char with empty', exact(3), [exact(1), exact(0)], range(0, 3)],
    ['maybe replace repeated', exact(4), [exact(2), exact(4)], range(4, 8)],
    ['maybe replace empty', exact(4), [range(0, 1), range(0, 2)], range(0, 14)],
    ['replace non-empty size range, maybe larger', exact(4), [range(1, 1), range(1, 2)], range(4, 8)],
    ['replace non-empty size range, maybe smaller', exact(4), [range(1, 2), range(1, 1)], range(2, 4)],
  ] as const)('%s', (_name, target, args, wanted) => {
    const result = kubernetesCallEstimate('replace', '', node(target), args.map(node), environment.estimateSize);
    expect(result?.resultSize).toEqual(wanted);
  });

  it("counts replacements as Go's uint64(math.Ceil(float64 / float64)): 2^53 + 1 is read as 2^53, and a count beyond uint64 saturates", () => {
    const replace = (target: Estimate, args: Estimate[]) => kubernetesCallEstimate('replace', '', node(target), args.map(node), environment.estimateSize)?.resultSize;
    const huge = 2n ** 53n + 1n;
    // the longest result replaces each of float64(2^53 + 1) = 2^53 one-byte pieces by two bytes (exact division would give 2^54 + 2)
    expect(replace({min: huge, max: huge}, [exact(1), exact(2)])).toEqual({min: huge, max: 2n ** 54n});
    expect(replace({min: 0n, max: 2n ** 64n - 1n}, [exact(1), exact(2)])?.max).toBe(2n ** 64n - 1n);
  });
});

describe('TestIPCost, TestCIDRCost and TestQuantityCost: a parse traverses the string, accessors and equality cost 1', () => {
  it('costs an IP by its text, an accessor 1 more, and equality of two IPs 1', () => {
    for (const [ip, base] of [["ip('192.168.0.1')", 2], ["ip('2001:db8:3333:4444:5555:6666:7777:8888')", 4]] as const) {
      expect(estimate(ip)).toEqual(range(base, base));
      for (const accessor of ['family', 'isUnspecified', 'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast']) {
        expect(estimate(`${ip}.${accessor}()`), accessor).toEqual(range(base + 1, base + 1));
      }
      expect(estimate(`${ip} == ip('192.168.0.1')`)).toEqual(range(base + 3, base + 3));
    }
  });

  it('TestIPIsCanonicalCost: costs ip.isCanonical as two traversals of its text, `ip` read as part of the function name', () => {
    expect(estimate("ip.isCanonical('192.168.0.1')")).toEqual(range(3, 3));
    expect(estimate("ip.isCanonical('2001:db8:3333:4444:5555:6666:7777:8888')")).toEqual(range(8, 8));
    expect(estimate("ip.isCanonical('2001:db8::abcd')")).toEqual(range(3, 3));
  });

  it('costs a CIDR by its text', () => {
    expect(estimate("cidr('192.168.0.0/16')")).toEqual(range(2, 2));
    expect(estimate("cidr('2001:db8::/32')")).toEqual(range(2, 2));
  });

  it('costs quantities as O(1) values once parsed', () => {
    expect(estimate('quantity("12Mi")')).toEqual(range(1, 1));
    expect(estimate('isQuantity("20M")')).toEqual(range(1, 1));
    expect(estimate('quantity("200M") == quantity("200M")')).toEqual(range(3, 3));
    expect(estimate('quantity("200M") == quantity("0.2G") && quantity("0.2G") == quantity("200M")')).toEqual(range(3, 6));
  });
});

describe('TestTwoVariableComprehensionCost: all, exists, existsOne and the transforms over (key, value) or (index, item)', () => {
  it.each([
    ["{'a': 1, 'b': 2}.all(k, v, v > 0)", range(37, 41)],
    ["{'a': 1, 'b': 2}.exists(k, v, v > 0)", range(39, 43)],
    ["{'a': 1, 'b': 2}.existsOne(k, v, v > 0)", range(38, 40)],
    ["{'a': 1, 'b': 2}.transformMap(k, v, v + 1)", range(71, 71)],
    ["{'a': 1, 'b': 2}.transformMap(k, v, v < 5, v + 1)", range(67, 75)],
    ["{'a': 1, 'b': 2}.transformMapEntry(k, v, {k: v + 1})", range(131, 131)],
    ["{'a': 1, 'b': 2}.transformMapEntry(k, v, v < 5, {k: v + 1})", range(67, 135)],
    ['[1, 2].all(i, v, v > 0)', range(17, 21)],
    ['[1, 2].exists(i, v, v > 0)', range(19, 23)],
    ['[1, 2].existsOne(i, v, v > 0)', range(18, 20)],
    ['[1, 2].transformList(i, v, v + 1)', range(49, 49)],
    ['[1, 2].transformList(i, v, v < 5, v + 1)', range(27, 53)],
  ])('%s', (expr, wanted) => {
    expect(estimate(expr)).toEqual(wanted);
  });
});
