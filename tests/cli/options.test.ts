/**
 * The option parser every meshdive command shares (node:util parseArgs underneath): what it
 * accepts, and that each problem is a UsageError in the CLI's words.
 */
import {describe, expect, it} from 'vitest';
import {parseOptions, usageErrorReport, UsageError} from '../../src/cli/options';

const SPEC = {
  output: {type: 'string', short: 'o'},
  suppress: {type: 'string', short: 'S', multiple: true},
  color: {type: 'boolean', goBool: true},
  'all-namespaces': {type: 'boolean', short: 'A', goBool: true},
  help: {type: 'boolean', short: 'h'},
} as const;

const parse = (...argv: string[]) => parseOptions(argv, SPEC);

describe('parseOptions', () => {
  it('reads long and short options, with the value attached or next, and keeps positionals in order', () => {
    const {values, positionals} = parse('a.yaml', '-ojson', '--output=yaml', '-S', 'IST0101=*', 'dir/', '--suppress', 'IST0102=x', '-');
    expect(values.output).toBe('yaml');
    expect(values.suppress).toEqual(['IST0101=*', 'IST0102=x']);
    expect(positionals).toEqual(['a.yaml', 'dir/', '-']);
  });

  it('reads -o=json and -A=false as pflag reads a shorthand with =', () => {
    expect(parse('-o=json', '-A=false').values).toMatchObject({output: 'json', 'all-namespaces': false});
    expect(parse('--', '-o=json').positionals).toEqual(['-o=json']);
  });

  it('takes everything after -- as positionals, and says which', () => {
    const {positionals, afterTerminator} = parse('x', '--', '--output', '-h');
    expect(positionals).toEqual(['x', '--output', '-h']);
    expect(afterTerminator).toEqual(['--output', '-h']);
  });

  it('takes a value that looks like an option, as pflag does', () => {
    const {values} = parse('--output', '--color');
    expect(values.output).toBe('--color');
    expect(values.color).toBeUndefined();
  });

  it('accepts Go boolean spellings after = on the switches that take them, and refuses others', () => {
    expect(parse('--color=false').values.color).toBe(false);
    expect(parse('--color=T').values.color).toBe(true);
    expect(parse('-A').values['all-namespaces']).toBe(true);
    expect(() => parse('--color=maybe')).toThrow(new UsageError('--color takes true or false, got "maybe"'));
    expect(() => parse('--help=1')).toThrow(new UsageError('--help takes no value'));
  });

  it('refuses an unknown option and a missing value with a UsageError', () => {
    expect(() => parse('--bogus')).toThrow(new UsageError('unknown option "--bogus"'));
    expect(() => parse('--bogus=1')).toThrow(new UsageError('unknown option "--bogus=1"'));
    expect(() => parse('-x')).toThrow(new UsageError('unknown option "-x"'));
    expect(() => parse('a.yaml', '--output')).toThrow(new UsageError('--output needs a value'));
  });

  it('does not take an inherited property name for an option', () => {
    expect(() => parse('--constructor')).toThrow(UsageError);
  });
});

describe('the usage error report', () => {
  it('is the message, a blank line and the usage; control characters in the message are escaped', () => {
    expect(usageErrorReport('meshdive analyze', 'unknown option "--\u001b[2J"', 'Usage: …\n')).toBe('meshdive analyze: unknown option "--\\x1b[2J"\n\nUsage: …\n');
  });
});
