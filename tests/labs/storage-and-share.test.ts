import {describe, expect, it} from 'vitest';
import {decodeShare, encodeShare, SHARE_MAX_ENCODED, shareLink} from '../../src/labs/share';
import {contentHash, EditStore, type KeyValueStore} from '../../src/labs/storage';

class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

function failingStore(name: string): KeyValueStore {
  const fail = () => {
    throw new DOMException('refused', name);
  };
  return {getItem: fail, setItem: fail, removeItem: fail};
}

describe('EditStore', () => {
  it('keeps, reads back and forgets an edit', () => {
    const store = new EditStore(new MemoryStore());
    expect(store.probe()).toBe('ok');
    expect(store.save('k', 'kind: VirtualService')).toBe('ok');
    expect(store.load('k')).toBe('kind: VirtualService');
    store.remove('k');
    expect(store.load('k')).toBeUndefined();
  });

  it('reports a full store and never throws', () => {
    const store = new EditStore(failingStore('QuotaExceededError'));
    expect(store.probe()).toBe('full');
    expect(store.save('k', 'x')).toBe('full');
    expect(store.load('k')).toBeUndefined();
    expect(() => store.remove('k')).not.toThrow();
  });

  it('reports disabled storage, and no storage at all, as unavailable', () => {
    expect(new EditStore(failingStore('SecurityError')).save('k', 'x')).toBe('unavailable');
    expect(new EditStore(undefined).probe()).toBe('unavailable');
    expect(new EditStore(undefined).load('k')).toBeUndefined();
  });
});

describe('contentHash', () => {
  it('is stable and tells different blocks apart', () => {
    expect(contentHash('kind: VirtualService')).toBe(contentHash('kind: VirtualService'));
    expect(contentHash('kind: VirtualService')).not.toBe(contentHash('kind: DestinationRule'));
  });
});

describe('share links', () => {
  it('round-trips an edit, including non-ASCII text', () => {
    const text = 'metadata:\n  name: reviews # ✓ café\n';
    expect(decodeShare(`#${encodeShare('vs', text)}`, 'vs')).toEqual({ok: true, text});
  });

  it('finds its own block among several and ignores others', () => {
    const hash = `#${encodeShare('a', 'one')}&${encodeShare('b', 'two')}`;
    expect(decodeShare(hash, 'b')).toEqual({ok: true, text: 'two'});
    expect(decodeShare(hash, 'c')).toBeUndefined();
    expect(decodeShare('#section-heading', 'a')).toBeUndefined();
  });

  it('refuses oversized, damaged and non-UTF-8 payloads with a reason', () => {
    const huge = decodeShare(`#lab-vs=${'A'.repeat(SHARE_MAX_ENCODED + 1)}`, 'vs');
    expect(huge).toMatchObject({ok: false, reason: expect.stringMatching(/too large/)});
    expect(decodeShare('#lab-vs=<script>', 'vs')).toMatchObject({ok: false, reason: expect.stringMatching(/damaged/)});
    const invalidUtf8 = Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url');
    expect(decodeShare(`#lab-vs=${invalidUtf8}`, 'vs')).toMatchObject({ok: false, reason: expect.stringMatching(/not valid text/)});
  });
});

describe('the Share button', () => {
  // base64 writes 3 bytes in 4 characters: this many ASCII bytes make a payload exactly at the limit.
  const largestShareable = 'x'.repeat((SHARE_MAX_ENCODED / 4) * 3);

  it('makes a link for an edit up to the limit, which the site then opens', () => {
    const link = shareLink('vs', largestShareable);
    if (!link.ok) throw new Error(link.reason);
    expect(decodeShare(`#${link.fragment}`, 'vs')).toEqual({ok: true, text: largestShareable});
  });

  it('refuses an edit over the limit with a reason, rather than make a link the site refuses', () => {
    const link = shareLink('vs', `${largestShareable}x`);
    expect(link).toEqual({ok: false, reason: expect.stringMatching(/^This edit is too large to share as a link \(25 KB; at most 24 KB\)/)});
    // The limit counts encoded characters, not text: three bytes of UTF-8 each.
    expect(shareLink('vs', '✓'.repeat(SHARE_MAX_ENCODED / 4 + 1)).ok).toBe(false);
  });
});

describe('hostile share fragments', () => {
  /** Loose bound: decoding is linear in the fragment (milliseconds here); a quadratic scan would take minutes. */
  const HANG_BOUND_MS = 10_000;

  it('finds its block among a million parts, quickly', () => {
    const payload = encodeShare('vs', 'kind: VirtualService');
    const hash = `#${'x=1&'.repeat(1_000_000)}${payload}`;
    const start = performance.now();
    expect(decodeShare(hash, 'vs')).toEqual({ok: true, text: 'kind: VirtualService'});
    expect(decodeShare(hash, 'other')).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(HANG_BOUND_MS);
  });

  it('refuses a huge payload by its size, before decoding it', () => {
    const start = performance.now();
    expect(decodeShare(`#lab-vs=${'A'.repeat(10_000_000)}`, 'vs')).toMatchObject({ok: false, reason: expect.stringMatching(/too large/)});
    expect(performance.now() - start).toBeLessThan(HANG_BOUND_MS);
  });

  it('reads only a part that starts with its key, not one that merely contains it', () => {
    const inner = encodeShare('vs', 'inner');
    expect(decodeShare(`#note=${inner}`, 'vs')).toBeUndefined();
    expect(decodeShare(`#x${inner}`, 'vs')).toBeUndefined();
    expect(decodeShare(`#${encodeShare('vs-2', 'other block')}&${inner}`, 'vs')).toEqual({ok: true, text: 'inner'});
    expect(decodeShare(`#${inner}&lab-vs=${Buffer.from('second').toString('base64url')}`, 'vs')).toEqual({ok: true, text: 'inner'});
  });

  it('refuses truncated base64 and overlong or surrogate UTF-8', () => {
    expect(decodeShare('#lab-vs=A', 'vs')).toMatchObject({ok: false});
    for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(decodeShare(`#lab-vs=${Buffer.from(bytes).toString('base64url')}`, 'vs')).toMatchObject({ok: false, reason: expect.stringMatching(/not valid text/)});
    }
  });

  it('gives back a leading byte order mark, as any other character', () => {
    expect(decodeShare(`#${encodeShare('vs', '\ufeffkind: VirtualService')}`, 'vs')).toEqual({ok: true, text: '\ufeffkind: VirtualService'});
  });

  it('gives NUL, control and bidi characters back as the text they are, for the editor to show', () => {
    const text = 'a\u0000b\u202Eevil\u202C\u2066c\u2069\u001b[31m';
    expect(decodeShare(`#${encodeShare('vs', text)}`, 'vs')).toEqual({ok: true, text});
  });
});
