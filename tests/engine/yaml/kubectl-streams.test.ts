/**
 * A manifest stream as kubectl reads it: documents and their markers, byte order mark and CRLF, duplicate keys,
 * and kind resolution per document.
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';
import {destinationRule, reviewsDr} from '../support/manifests';

describe('a manifest stream as kubectl reads it', () => {
  it('reports a duplicate key', () => {
    // sigs.k8s.io/yaml (yaml.v2 strict): mapping key already defined
    expect(findings(destinationRule('  name: reviews\n', '  host: reviews\n  host: ratings\n'))).toEqual([expect.objectContaining({
      at: '7:3', severity: 'error', code: 'yaml-duplicate-key', message: expect.stringContaining('"host"'),
    })]);
  });

  it('handles --- and ... document markers and reports unknown kinds per document', () => {
    // kubectl: no matches for kind "Foo" in version "networking.istio.io/v1"
    const text = destinationRule('  name: a\n') + '---\n' + destinationRule('  name: b\n', '  host: ratings\n') + '...\n---\napiVersion: networking.istio.io/v1\nkind: Foo\nmetadata:\n  name: c\nspec: {}\n';
    expect(findings(text)).toEqual([expect.objectContaining({
      at: '17:7', severity: 'error', code: 'unknown-istio-kind', message: expect.stringContaining('no matches for kind "Foo" in version "networking.istio.io/v1"'),
    })]);
  });

  it('accepts a BOM and CRLF line endings (kubectl reads files through unicode.BOMOverride)', () => {
    expect(findings(`\ufeff${reviewsDr('')}`.replace(/\n/g, '\r\n'))).toEqual([]);
  });

  it('skips empty documents and comment-only documents', () => {
    expect(findings(`---\n---\n# nothing\n---\n${reviewsDr('')}---\n`)).toEqual([]);
  });
});
