import {describe, expect, it} from 'vitest';
import {canonicalQuantityJson, formatQuantity, parseQuantity, QUANTITY_ERRORS} from '../../../src/engine/go/resource-quantity';

const written = (text: string): string => {
  const parsed = parseQuantity(text);
  if ('error' in parsed) throw new Error(`${text}: ${parsed.error}`);
  return formatQuantity(parsed);
};

describe('resource.Quantity written back as MarshalJSON writes it', () => {
  // quantity_test.go TestQuantityString: each canonical text is kept as parsed, its alternate spelling is rewritten to it.
  const canonical: Array<[expect: string, alternate: string]> = [
    ['1Gi', '1024Mi'], ['300Mi', '307200Ki'], ['6Ki', ''], ['1001Gi', '1025024Mi'], ['1Ti', '1024Gi'], ['5', '5000m'],
    ['500m', '0.5'], ['1G', '1000M'], ['1G', '0.001T'], ['1m', '1000u'], ['80m', ''], ['1080m', '1.08'], ['1080m', '1080000000n'],
    ['300M', ''], ['1T', ''], ['1234567M', ''], ['1234567m', ''], ['3k', ''], ['1025', ''], ['0', ''], ['1e9', '.001e12'],
    ['1e-3', '0.001e0'], ['1e-9', '1000e-12'], ['80e-3', ''], ['300e6', ''], ['1e12', ''], ['1e3', ''], ['3e3', ''], ['0', '00'],
    ['1n', ''], ['80n', ''], ['1080n', ''], ['1u', ''], ['80u', ''], ['1080u', ''],
  ];
  it.each(canonical)('keeps %s as written and rewrites %s to it', (expect_, alternate) => {
    const kept = parseQuantity(expect_);
    expect('kept' in kept && kept.kept).toBe(expect_);
    if (alternate === '') return;
    const parsed = parseQuantity(alternate);
    expect('error' in parsed || parsed.kept !== undefined).toBe(false);
    expect(written(alternate)).toBe(expect_);
  });

  // TestQuantityParseEmit, and each negated.
  const emitted: Array<[string, string]> = [
    ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1000M', '1G'], ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
  ];
  it.each(emitted)('%s is written %s, and negated with a minus', (input, expect_) => {
    expect(written(input)).toBe(expect_);
    expect(written(`-${input}`)).toBe(`-${expect_}`);
  });

  it('a fraction becomes thousandths, millionths or billionths without fractional digits', () => {
    expect(written('0.1')).toBe('100m');
    expect(written('1.5')).toBe('1500m');
    expect(written('0.0000005')).toBe('500n');
  });

  it('a binary amount is written in the largest power of 1024 that divides it, else in decimal', () => {
    expect(written('1.5Gi')).toBe('1536Mi');
    expect(written('2048Ki')).toBe('2Mi');
    // Under 1024 it is DecimalSI; a fraction of a byte is rounded in decimal.
    expect(written('0.5Ki')).toBe('512');
    expect(written('0.5Mi')).toBe('512Ki');
    // 1024.1024 is not whole: decimal, down to the millionths that hold it.
    expect(written('1.0001Ki')).toBe('1024102400u');
  });

  it('trailing zeros move into the largest decimal suffix', () => {
    expect(written('1000m')).toBe('1');
    expect(written('128000Mi')).toBe('125Gi');
    expect(written('1000')).toBe('1k');
    expect(written('2000k')).toBe('2M');
  });

  it('beyond nano a value is rounded up, away from zero', () => {
    expect(written('0.1n')).toBe('1n');
    expect(written('-0.1n')).toBe('-1n');
  });

  it('a text already canonical-looking is kept as written, sign and leading zeros included, as Go keeps it', () => {
    expect(written('+1')).toBe('+1');
    expect(written('01')).toBe('01');
    expect(written('100m')).toBe('100m');
    expect(written('100Mi')).toBe('100Mi');
    // A binary mantissa divisible by 8 is not kept: 128Mi is rewritten, to itself.
    expect(parseQuantity('128Mi')).not.toHaveProperty('kept');
    expect(written('128Mi')).toBe('128Mi');
  });

  it('zero in any spelling is 0', () => {
    for (const zero of ['0.0', '-0', '0Mi', '0e3', '.']) expect(written(zero)).toBe('0');
  });

  it('a DecimalSI exponent without a suffix is written with none, as suffix.go constructBytes fails silently', () => {
    expect(written('1000E')).toBe('1');
  });

  it('refuses what ParseQuantity refuses, with its errors', () => {
    expect(parseQuantity('')).toEqual({error: QUANTITY_ERRORS.format});
    expect(parseQuantity('1.2.3')).toEqual({error: QUANTITY_ERRORS.format});
    expect(parseQuantity('1Qi')).toEqual({error: QUANTITY_ERRORS.format});
    expect(parseQuantity('1Ki3')).toEqual({error: QUANTITY_ERRORS.suffix});
    expect(parseQuantity('1e')).toEqual({error: QUANTITY_ERRORS.suffix});
  });
});

describe('UnmarshalJSON then MarshalJSON (what a Go type does to a YAML value)', () => {
  it('a YAML number arrives as its JSON text: 1e3 is the number 1000, written 1k; the string "1e3" is kept', () => {
    expect(canonicalQuantityJson(1e3)).toBe('1k');
    expect(canonicalQuantityJson('1e3')).toBe('1e3');
    expect(canonicalQuantityJson(0.1)).toBe('100m');
    expect(canonicalQuantityJson(1)).toBe('1');
    // encoding/json writes 1e21 as 1e+21, which parses canonical-looking and is kept.
    expect(canonicalQuantityJson(1e21)).toBe('1e+21');
  });

  it('a string is trimmed first (TestJSONWhitespace)', () => {
    expect(canonicalQuantityJson(' 1')).toBe('1');
    expect(canonicalQuantityJson('1 ')).toBe('1');
    expect(canonicalQuantityJson(-1)).toBe('-1');
  });

  it('an unparseable value is the error UnmarshalJSON returns', () => {
    expect(canonicalQuantityJson('lots')).toEqual({error: QUANTITY_ERRORS.format});
  });
});
