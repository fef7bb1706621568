import {describe, expect, it} from 'vitest';
import {cursorContext} from '../../../src/engine/editing/cursor-context';

const VS = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
      weight: 50
`;

/** Cursor at the end of the given 1-based line, after replacing it with `text`. */
function atLineEnd(source: string, line: number, text: string) {
  const lines = source.split('\n');
  lines[line - 1] = text;
  return cursorContext(lines.join('\n'), line, text.length + 1);
}

describe('cursorContext', () => {
  it('reads apiVersion and kind of the document', () => {
    expect(atLineEnd(VS, 4, '  na')).toMatchObject({apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService'});
  });

  it('finds the mapping of a key being typed, through lists', () => {
    expect(atLineEnd(VS, 4, '  na')).toMatchObject({pointer: '/metadata', mode: 'key', prefix: 'na'});
    expect(atLineEnd(VS, 13, '    ro')).toMatchObject({pointer: '/spec/http/0', mode: 'key', prefix: 'ro'});
    expect(atLineEnd(VS, 16, '        sub')).toMatchObject({pointer: '/spec/http/0/route/0/destination', prefix: 'sub'});
    expect(atLineEnd(VS, 17, '      we')).toMatchObject({pointer: '/spec/http/0/route/0', prefix: 'we'});
    expect(atLineEnd(VS, 12, '          ex')).toMatchObject({pointer: '/spec/http/0/match/0/headers/end-user'});
  });

  it('lists the keys already in that mapping, above and below', () => {
    expect(atLineEnd(VS, 13, '    ro').siblings).toEqual(['match']);
    expect(atLineEnd(VS, 15, '        ho').siblings).toEqual(['subset']);
  });

  it('starts a new list item as index 0 of the list', () => {
    expect(atLineEnd(VS, 14, '    - de')).toMatchObject({pointer: '/spec/http/0/route/0', mode: 'key', prefix: 'de'});
    expect(atLineEnd(VS, 9, '  - ma')).toMatchObject({pointer: '/spec/http/0', mode: 'key'});
  });

  it('knows when a value is being written, and for which key', () => {
    expect(atLineEnd(VS, 16, '        subset: v')).toMatchObject({pointer: '/spec/http/0/route/0/destination', mode: 'value', key: 'subset', prefix: 'v'});
    expect(atLineEnd(VS, 2, 'kind: Vir')).toMatchObject({pointer: '', mode: 'value', key: 'kind', prefix: 'Vir'});
  });

  it('answers at the top level and on an empty line', () => {
    expect(cursorContext('', 1, 1)).toMatchObject({pointer: '', mode: 'key', prefix: ''});
    expect(atLineEnd(VS, 19, '')).toMatchObject({pointer: '', mode: 'key'});
  });

  it('keeps to the document the cursor is in', () => {
    const twoDocs = `apiVersion: v1\nkind: Service\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec:\n  mtls:\n    mo`;
    expect(cursorContext(twoDocs, 8, 7)).toMatchObject({kind: 'PeerAuthentication', pointer: '/spec/mtls', prefix: 'mo'});
  });
});
