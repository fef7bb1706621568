import {describe, expect, it} from 'vitest';
import {decodeShare, encodeShare, SHARE_MAX_ENCODED} from '../../src/labs/share';
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
