/**
 * Share links (the URL fragment `#lab-<block>=<base64url of UTF-8>`): any text under the
 * size limit comes back exactly; any fragment, hostile or random, decodes in bounded time
 * to nothing (no entry for this block), the text, or a refusal with a short reason (never
 * an exception, never the payload echoed back, never a different text).
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {SHARE_MAX_ENCODED} from '../../src/labs/share';
import {HOSTILE_SHARE_LINKS} from './hostile-inputs';
import {callFace, CASE_TIME_BOUND_MS, LARGE_CASE_TIME_BOUND_MS, stopFaces} from './support/bounded';
import {expectNoRawControl, expectSameAnswer} from './support/invariants';
import {checkProperty, PROPERTY_TEST_TIMEOUT_MS} from './support/property';

afterAll(stopFaces);

const blockId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);

/** Text that UTF-8 can carry (no lone surrogates): what an editor holds. */
const editorText = fc.oneof(
  fc.string({unit: 'grapheme', maxLength: 300}),
  fc.string({unit: 'binary', maxLength: 300}).filter((text) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)),
  fc.constantFrom('', '\u0000', '\ufeffapiVersion: v1', '\r\n\r', '🙂'.repeat(100), 'x'.repeat(SHARE_MAX_ENCODED * 3 / 4)),
);

function checkDecoded(hash: string, id: string, bound = CASE_TIME_BOUND_MS, again = true) {
  const decoded = callFace('shareDecode', [hash, id], bound);
  if (decoded !== null) {
    if (decoded.ok) {
      // base64 carries 3 bytes in 4 characters; UTF-8 needs at least one byte per UTF-16 unit.
      expect(decoded.text.length, 'more text than the link can carry').toBeLessThanOrEqual(Math.ceil((SHARE_MAX_ENCODED * 3) / 4));
    } else {
      expect(decoded.reason.trim()).not.toBe('');
      expect(decoded.reason.length, 'a reason that carries the payload').toBeLessThanOrEqual(200);
      expectNoRawControl(decoded.reason, 'the refusal');
    }
  }
  if (again) expectSameAnswer(decoded, callFace('shareDecode', [hash, id], bound), 'decoding');
  return decoded;
}

describe('share links', () => {
  it('give back exactly the text they were made from, when it fits the limit', () => {
    checkProperty(fc.property(blockId, editorText, (id, text) => {
      const {encoded, decoded} = callFace('shareRoundTrip', [id, text]);
      const payload = encoded.slice(`lab-${id}=`.length);
      if (payload.length <= SHARE_MAX_ENCODED) expect(decoded).toEqual({ok: true, text});
      else expect(decoded?.ok, 'a link over the limit decoded to a text').toBe(false);
    }), {numRuns: 150});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('decode any fragment to nothing, the text or a short refusal, and never to another block\'s text', () => {
    const fragment = fc.array(fc.oneof(
      fc.string({unit: 'binary', maxLength: 40}),
      fc.constantFrom('lab-demo=', 'lab-demo', 'lab-other=aGk', '&', '=', '#', '%', 'aGk', '____', '-_', 'AAAA', '\u0000', '\u009b'),
    ), {maxLength: 8}).map((parts) => parts.join(''));
    checkProperty(fc.property(fragment, fc.constantFrom('', '#'), (hash, prefix) => {
      const decoded = checkDecoded(prefix + hash, 'demo');
      if (decoded !== null) expect(hash.includes('lab-demo='), 'an answer for a block the fragment does not name').toBe(true);
    }), {numRuns: 200});
  }, PROPERTY_TEST_TIMEOUT_MS);
});

describe('share links: the hostile fragments', () => {
  it.each(HOSTILE_SHARE_LINKS.map((link) => [link.name, link] as const))('%s: decoded in bounded time, with a short reason when refused', (_, link) => {
    checkDecoded(link.hash, 'demo', link.large ? LARGE_CASE_TIME_BOUND_MS : CASE_TIME_BOUND_MS, !link.large);
  }, LARGE_CASE_TIME_BOUND_MS + 10_000);

  it('refuses a payload over the limit, without decoding it', () => {
    expect(checkDecoded(HOSTILE_SHARE_LINKS[0]!.hash, 'demo')).toMatchObject({ok: false});
  });

  it('refuses bytes that are not UTF-8 rather than replacing them', () => {
    expect(checkDecoded('#lab-demo=__79_g', 'demo')).toMatchObject({ok: false});
  });
});
