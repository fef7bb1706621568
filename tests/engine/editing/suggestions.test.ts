import {describe, expect, it} from 'vitest';
import {hoverAt, suggestionsAt} from '../../../src/engine/editing/suggestions';

const labels = (items: {label: string}[]) => items.map((item) => item.label);

function withCursorAt(lines: string[]): {text: string; line: number; column: number} {
  const line = lines.findIndex((entry) => entry.includes('|'));
  const column = lines[line]!.indexOf('|') + 1;
  lines[line] = lines[line]!.replace('|', '');
  return {text: lines.join('\n'), line: line + 1, column};
}

describe('suggestionsAt', () => {
  it('offers the route fields of a VirtualService HTTP rule, required ones first, none already written', () => {
    const {text, line, column} = withCursorAt([
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'spec:',
      '  http:',
      '  - match:',
      '    - uri: {prefix: /}',
      '    |',
    ]);
    const names = labels(suggestionsAt(text, line, column));
    expect(names).toEqual(expect.arrayContaining(['route', 'redirect', 'fault', 'timeout', 'retries', 'rewrite']));
    expect(names).not.toContain('match');
    expect(names).not.toContain('subsets');
  });

  it('offers a destination\'s fields with types and the project\'s help', () => {
    const {text, line, column} = withCursorAt([
      'apiVersion: networking.istio.io/v1beta1',
      'kind: VirtualService',
      'spec:',
      '  http:',
      '  - route:',
      '    - destination:',
      '        host: reviews',
      '        su|',
    ]);
    const items = suggestionsAt(text, line, column);
    expect(labels(items)).toEqual(expect.arrayContaining(['port', 'subset']));
    expect(labels(items)).not.toContain('host');
    const subset = items.find((item) => item.label === 'subset')!;
    expect(subset.detail).toBe('string');
    expect(subset.documentation).toBeTruthy();
    expect(items.find((item) => item.label === 'port')!.insertText).toBe('port:\n  $0');
  });

  it('stops offering exact once prefix is set (fields that exclude each other)', () => {
    const {text, line, column} = withCursorAt([
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'spec:',
      '  http:',
      '  - match:',
      '    - uri:',
      '        prefix: /api',
      '        |',
    ]);
    expect(labels(suggestionsAt(text, line, column))).not.toEqual(expect.arrayContaining(['exact']));
  });

  it('offers the mTLS modes as values', () => {
    const {text, line, column} = withCursorAt(['apiVersion: security.istio.io/v1', 'kind: PeerAuthentication', 'spec:', '  mtls:', '    mode: |']);
    expect(labels(suggestionsAt(text, line, column))).toEqual(expect.arrayContaining(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']));
  });

  it('offers apiVersions serving the kind, and kinds of the apiVersion', () => {
    const apiVersions = withCursorAt(['apiVersion: |', 'kind: PeerAuthentication']);
    expect(labels(suggestionsAt(apiVersions.text, apiVersions.line, apiVersions.column))).toEqual(['security.istio.io/v1', 'security.istio.io/v1beta1']);
    const kinds = withCursorAt(['apiVersion: networking.istio.io/v1', 'kind: |']);
    expect(labels(suggestionsAt(kinds.text, kinds.line, kinds.column))).toEqual(expect.arrayContaining(['DestinationRule', 'Gateway', 'VirtualService']));
  });

  it('offers top-level and metadata fields', () => {
    const top = withCursorAt(['apiVersion: networking.istio.io/v1', '|']);
    expect(labels(suggestionsAt(top.text, top.line, top.column))).toEqual(expect.arrayContaining(['kind', 'metadata', 'spec']));
    const meta = withCursorAt(['apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata:', '  name: x', '  |']);
    expect(labels(suggestionsAt(meta.text, meta.line, meta.column))).toEqual(expect.arrayContaining(['namespace', 'labels']));
  });

  it('offers nothing inside a free-form map (header names are the user\'s)', () => {
    const {text, line, column} = withCursorAt([
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'spec:',
      '  http:',
      '  - match:',
      '    - headers:',
      '        |',
    ]);
    expect(suggestionsAt(text, line, column)).toEqual([]);
  });
});

describe('hoverAt', () => {
  const text = ['apiVersion: security.istio.io/v1beta1', 'kind: PeerAuthentication', 'spec:', '  mtls:', '    mode: STRICT'].join('\n');

  it('describes the key under the cursor with its type, help and allowed values', () => {
    const hover = hoverAt(text, 5, 6)!;
    expect(hover.contents).toMatch(/\*\*mode\*\*/);
    expect(hover.contents).toMatch(/STRICT/);
    expect(hover.contents).toMatch(/PERMISSIVE/);
    expect(hover).toMatchObject({line: 5, startColumn: 5, endColumn: 9});
  });

  it('says nothing off a key', () => {
    expect(hoverAt(text, 5, 14)).toBeUndefined();
  });
});
