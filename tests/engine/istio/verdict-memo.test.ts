import {describe, expect, it} from 'vitest';
import {memoizedVerdict} from '../../../src/engine/istio/verdict-memo';
import {durationError} from '../../../src/engine/istio/durations';

describe('remembered verdicts on repeated strings', () => {
  it('answers a repeated string from the memo, valid or not, with the check\'s own verdict', () => {
    const memo = new Map<string, string>();
    const calls: string[] = [];
    const check = (text: string) => {
      calls.push(text);
      return text.startsWith('bad') ? `${text} is bad` : undefined;
    };
    expect([memoizedVerdict(memo, 'good', check), memoizedVerdict(memo, 'bad-1', check)]).toEqual([undefined, 'bad-1 is bad']);
    expect([memoizedVerdict(memo, 'good', check), memoizedVerdict(memo, 'bad-1', check)]).toEqual([undefined, 'bad-1 is bad']);
    expect(calls).toEqual(['good', 'bad-1']);
  });

  it('stops remembering at its cap, and still answers every string', () => {
    const memo = new Map<string, string>();
    for (let i = 0; i < 12_000; i++) expect(memoizedVerdict(memo, `x${i}`, (t) => (i % 2 ? t : undefined))).toBe(i % 2 ? `x${i}` : undefined);
    expect(memo.size).toBe(10_000);
    expect(memoizedVerdict(memo, 'x11999', () => 'checked again')).toBe('checked again');
  });

  it('gives a duration the same verdict the second time', () => {
    for (const text of ['30s', '1.5ms', '0.5ms', '1h30m', '10x', '1001us']) expect(durationError(text)).toBe(durationError(text));
    expect(durationError('0.5ms')).toBe('duration must be greater than 1ms');
    expect(durationError('1001us')).toBe('only durations to ms precision are supported');
    expect(durationError('30s')).toBeUndefined();
  });
});
