import {afterEach, describe, expect, it, vi} from 'vitest';
import {sharedFile, underCi} from '../support/shared';

describe('reference material in ../shared', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads CI from the environment as CI systems set it', () => {
    expect(underCi({CI: 'true'})).toBe(true);
    expect(underCi({CI: '1'})).toBe(true);
    expect(underCi({CI: 'false'})).toBe(false);
    expect(underCi({CI: '0'})).toBe(false);
    expect(underCi({CI: ''})).toBe(false);
    expect(underCi({})).toBe(false);
  });

  it('fails under CI when a file the tests need is missing, instead of skipping', () => {
    expect(() => sharedFile('reference/no-such-file.yaml', 'the made-up reference', undefined, {CI: 'true'})).toThrow(
      /the made-up reference not found at .*no-such-file\.yaml.*must not skip/,
    );
  });

  it('skips loudly outside CI when a file is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const file = sharedFile('reference/no-such-file.yaml', 'the made-up reference', undefined, {});
    expect(file.available).toBe(false);
    expect(file.reason).toMatch(/the made-up reference not found/);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^SKIPPED: the made-up reference not found/));
  });

  it('finds a file that exists, under CI or not', () => {
    const file = sharedFile('ignored', 'this test file', __filename, {CI: 'true'});
    expect(file).toMatchObject({path: __filename, available: true});
  });
});
