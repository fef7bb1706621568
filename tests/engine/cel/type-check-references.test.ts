/**
 * What the checker leaves for the cost estimator, as cel-go's checked AST does: the type map
 * (free type parameters read as dyn) and, for each call, the function it names and the ids of the
 * overloads its arguments fit (checker.go resolveOverload's reference).
 */
import {describe, expect, it} from 'vitest';
import {parseRule, type Expr} from '../../../src/engine/cel/estimate-expr';
import {typeCheck, type CheckType} from '../../../src/engine/cel/type-check';

const DYN: CheckType = {kind: 'dyn', params: []};
const STRING: CheckType = {kind: 'string', params: []};

function checkRoot(source: string, variables: Record<string, CheckType> = {}) {
  const root = parseRule(source);
  return {root, checked: typeCheck(root, new Map(Object.entries(variables)))};
}

describe('the reference map', () => {
  it('names the overload a call resolves to', () => {
    const {root, checked} = checkRoot("'a' + 'b'");
    expect(checked.reference(root)).toEqual({fn: '_+_', qualified: false, overloads: ['add_string']});
  });

  it('holds every overload a dyn argument fits, the ones costed alike under the function name', () => {
    const {root, checked} = checkRoot('x + y', {x: DYN, y: DYN});
    expect([...checked.reference(root)!.overloads].sort()).toEqual(['_+_', 'add_bytes', 'add_list', 'add_string']);
  });

  it('reads a qualified function name from the call target', () => {
    const {root, checked} = checkRoot("ip.isCanonical('10.0.0.1')");
    expect(checked.reference(root)).toEqual({fn: 'ip.isCanonical', qualified: true, overloads: ['ip.isCanonical']});
  });

  it("resolves a call on a value it cannot type against every overload, leaving the call's type unknown", () => {
    const {root, checked} = checkRoot("format.named('dns1123Label') + x", {x: STRING});
    expect(checked.reference(root)?.overloads).toEqual(['add_string']);
    expect(checked.typeOf(root).kind).toBe('unknown');
  });

  it('gives a function it leaves unjudged no overloads', () => {
    const {root, checked} = checkRoot("format.named('dns1123Label')");
    expect(checked.reference(root)).toEqual({fn: 'format.named', qualified: true, overloads: []});
  });
});

describe('the type map', () => {
  it('reads a type parameter nothing bound as dyn', () => {
    const {root, checked} = checkRoot('[]');
    expect(checked.typeOf(root)).toEqual({kind: 'list', params: [DYN]});
  });

  it('types a node by what later nodes bound its parameters to', () => {
    const {root, checked} = checkRoot('[] + [1]');
    const [empty] = (root as Extract<Expr, {kind: 'call'}>).args;
    expect(checked.typeOf(empty!)).toEqual({kind: 'list', params: [{kind: 'int', params: []}]});
  });
});
