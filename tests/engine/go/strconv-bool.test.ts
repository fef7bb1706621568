/**
 * Go's strconv.ParseBool (src/engine/go/strconv-bool.ts), as Go 1.24's strconv/atob.go accepts
 * text, and istio's env.Register reading of a bool (pkg/env/var.go BoolVar.Lookup).
 */
import {describe, expect, it} from 'vitest';
import {envBool, isGoTrue, parseGoBool, parseGoBoolError} from '../../../src/engine/go/strconv-bool';

describe('strconv.ParseBool', () => {
  it('accepts exactly the twelve spellings atob.go lists', () => {
    for (const text of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseGoBool(text)).toBe(true);
    for (const text of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(parseGoBool(text)).toBe(false);
  });

  it('refuses other cases, words and padding that YAML or Rust would take', () => {
    for (const text of ['tRUE', 'yes', 'on', 'y', ' true', 'true ', '', '01', 'constructor', 'toString']) {
      expect(parseGoBool(text)).toBeUndefined();
      expect(isGoTrue(text)).toBe(false);
    }
  });

  it('words its error as Go\'s NumError does, the input quoted by strconv.Quote', () => {
    expect(parseGoBoolError('yes')).toBe('strconv.ParseBool: parsing "yes": invalid syntax');
    expect(parseGoBoolError('a"b\n')).toBe('strconv.ParseBool: parsing "a\\"b\\n": invalid syntax');
    expect(parseGoBoolError('False')).toBeUndefined();
  });
});

describe('env.Register booleans', () => {
  it('are the default when unset or unparsable, the parsed value otherwise', () => {
    expect(envBool(undefined, true)).toBe(true);
    expect(envBool('maybe', true)).toBe(true);
    expect(envBool('maybe', false)).toBe(false);
    expect(envBool('0', true)).toBe(false);
    expect(envBool('T', false)).toBe(true);
  });
});
