/**
 * Go's time.ParseDuration (src/time/format.go): magnitudes are summed as uint64 up to 1<<63, so
 * the most negative time.Duration is read and its positive twin overflows.
 */
import {describe, expect, it} from 'vitest';
import {parseGoDurationStrict} from '../../../src/engine/go/time-duration';

describe('time.ParseDuration at the ends of int64', () => {
  it('reads -9223372036854775808ns and refuses 9223372036854775808ns', () => {
    expect(parseGoDurationStrict('-9223372036854775808ns')).toEqual({nanos: -(2n ** 63n)});
    expect(parseGoDurationStrict('9223372036854775807ns')).toEqual({nanos: 2n ** 63n - 1n});
    expect(parseGoDurationStrict('9223372036854775808ns')).toEqual({error: 'time: invalid duration "9223372036854775808ns"'});
    expect(parseGoDurationStrict('-9223372036854775809ns')).toEqual({error: 'time: invalid duration "-9223372036854775809ns"'});
  });
});
