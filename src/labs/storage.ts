/**
 * Per-block edit persistence over localStorage that never throws: storage may be
 * disabled (privacy modes, sandboxed iframes: reading `localStorage` itself throws),
 * full (QuotaExceededError), or hold anything a previous version wrote.
 */
export type StorageStatus = 'ok' | 'unavailable' | 'full';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function defaultStore(): KeyValueStore | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

function isQuotaError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

export class EditStore {
  constructor(private readonly store: KeyValueStore | undefined = defaultStore()) {}

  /** Whether edits can be kept at all (probes with a write, since reads may succeed on a full store). */
  probe(): StorageStatus {
    if (!this.store) return 'unavailable';
    const key = 'meshdive:probe';
    try {
      this.store.setItem(key, '1');
      this.store.removeItem(key);
      return 'ok';
    } catch (error) {
      return isQuotaError(error) ? 'full' : 'unavailable';
    }
  }

  load(key: string): string | undefined {
    try {
      const value = this.store?.getItem(key);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  save(key: string, value: string): StorageStatus {
    if (!this.store) return 'unavailable';
    try {
      this.store.setItem(key, value);
      return 'ok';
    } catch (error) {
      return isQuotaError(error) ? 'full' : 'unavailable';
    }
  }

  remove(key: string): void {
    try {
      this.store?.removeItem(key);
    } catch {
      // Nothing kept, nothing to remove.
    }
  }
}

/** A stable, short identifier for a block: the same text on the same page maps to the same key. */
export function contentHash(text: string): string {
  // FNV-1a, 32 bit: not for security, only to tell blocks apart.
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function labStorageKey(pagePath: string, blockId: string): string {
  return `meshdive:yaml-lab:v1:${pagePath}:${blockId}`;
}
