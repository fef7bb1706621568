import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {escapePointerSegment, joinPointer, splitPointer} from '../../src/engine/pointer';

describe('engine JSON pointers', () => {
  it('joins segments onto a base, indexes as numbers, escaping ~ and / as RFC 6901 says', () => {
    expect(joinPointer('/spec', 'http', 0, 'route')).toBe('/spec/http/0/route');
    expect(joinPointer('', 'metadata', 'annotations', 'sidecar.istio.io/inject')).toBe('/metadata/annotations/sidecar.istio.io~1inject');
    expect(joinPointer('/a', '~x/')).toBe('/a/~0x~1');
    expect(joinPointer('/a')).toBe('/a');
    expect(escapePointerSegment(12)).toBe('12');
  });

  it('splits what it joins back into the same segments', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({maxLength: 6}), fc.nat(99)), {maxLength: 5}), (segments) => {
        expect(splitPointer(joinPointer('', ...segments))).toEqual(segments.map(String));
      }),
    );
  });
});
