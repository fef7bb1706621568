/**
 * Sharing an edit through the URL fragment: `#lab-<blockId>=<base64url of UTF-8>`.
 * The fragment never reaches a server. On load it is untrusted input: size-limited,
 * decoded as text only, and handed to the editor as text, never to the DOM as HTML.
 */
export const SHARE_MAX_ENCODED = 24 * 1024;
const PREFIX = 'lab-';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export function encodeShare(blockId: string, text: string): string {
  return `${PREFIX}${blockId}=${toBase64Url(new TextEncoder().encode(text))}`;
}

export type SharedEdit = {ok: true; text: string} | {ok: false; reason: string};

/** Reads this block's shared edit from a location hash, if there is one. */
export function decodeShare(hash: string, blockId: string): SharedEdit | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const entry = fragment.split('&').find((part) => part.startsWith(`${PREFIX}${blockId}=`));
  if (entry === undefined) return undefined;
  const payload = entry.slice(PREFIX.length + blockId.length + 1);
  if (payload.length > SHARE_MAX_ENCODED) {
    return {ok: false, reason: `The shared edit is too large (${payload.length} characters; at most ${SHARE_MAX_ENCODED}).`};
  }
  if (!/^[A-Za-z0-9_-]*$/.test(payload)) return {ok: false, reason: 'The shared edit in the link is damaged.'};
  try {
    const text = new TextDecoder('utf-8', {fatal: true}).decode(fromBase64Url(payload));
    return {ok: true, text};
  } catch {
    return {ok: false, reason: 'The shared edit in the link is not valid text.'};
  }
}
