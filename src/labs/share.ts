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

export type ShareLink = {ok: true; fragment: string} | {ok: false; reason: string};

/** The fragment that shares this edit, or why not: a link the site would refuse to open is never made. */
export function shareLink(blockId: string, text: string): ShareLink {
  const fragment = encodeShare(blockId, text);
  const size = fragment.length - PREFIX.length - blockId.length - 1;
  if (size <= SHARE_MAX_ENCODED) return {ok: true, fragment};
  return {ok: false, reason: `This edit is too large to share as a link (${kilobytes(size)} KB; at most ${kilobytes(SHARE_MAX_ENCODED)} KB). Download it to pass it on as a file.`};
}

function kilobytes(characters: number): number {
  return Math.ceil(characters / 1024);
}

export type SharedEdit = {ok: true; text: string} | {ok: false; reason: string};

/**
 * This block's part of a location hash (`lab-<id>=…` at its start or after an `&`),
 * found without splitting the hash: a hostile one may hold a million parts.
 */
function sharedPayload(fragment: string, blockId: string): string | undefined {
  const key = `${PREFIX}${blockId}=`;
  for (let at = fragment.indexOf(key); at >= 0; at = fragment.indexOf(key, at + 1)) {
    if (at > 0 && fragment[at - 1] !== '&') continue;
    const end = fragment.indexOf('&', at + key.length);
    return fragment.slice(at + key.length, end < 0 ? fragment.length : end);
  }
  return undefined;
}

/**
 * Reads this block's shared edit from a location hash, if there is one. The payload is
 * checked for size before anything is decoded, so the text is at most 3/4 of
 * SHARE_MAX_ENCODED bytes; it must be UTF-8. What it holds (control or bidi characters
 * included) reaches the editor as text, which shows them and the validator judges.
 */
export function decodeShare(hash: string, blockId: string): SharedEdit | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const payload = sharedPayload(fragment, blockId);
  if (payload === undefined) return undefined;
  if (payload.length > SHARE_MAX_ENCODED) {
    return {ok: false, reason: `The shared edit is too large (${payload.length} characters; at most ${SHARE_MAX_ENCODED}).`};
  }
  if (!/^[A-Za-z0-9_-]*$/.test(payload)) return {ok: false, reason: 'The shared edit in the link is damaged.'};
  try {
    // ignoreBOM keeps a leading U+FEFF: the edit comes back exactly as it was shared.
    const text = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(fromBase64Url(payload));
    return {ok: true, text};
  } catch {
    return {ok: false, reason: 'The shared edit in the link is not valid text.'};
  }
}
