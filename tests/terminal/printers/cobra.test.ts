/**
 * cobra v1.10.2's usage and failure text, and pflag v1.0.10's reading of a line, over a small command:
 * flags sorted by name, usages one column past the longest flag (the `\x00` marker plus Println's
 * spaces), types named as UnquoteUsage names them (none for a bool), defaults only when not the zero
 * value (quoted for strings), the nearest parent's flag winning a shared name.
 */
import {describe, expect, it} from 'vitest';
import {cobraFailure, cobraUsage, parseCobraArgs, type CobraCommand} from '../../../src/terminal/printers/cobra';

const command: CobraCommand = {
  useLine: 'tool sub [flags] NAME',
  name: 'sub',
  flags: [
    {name: 'output', shorthand: 'o', type: 'string', usage: 'Output format', defaultValue: 'table'},
    {name: 'all', type: 'bool', usage: 'Everything'},
  ],
  parentFlags: [
    [{name: 'ns', type: 'string', usage: 'Parent namespace', defaultValue: 'x'}, {name: 'group', type: 'stringArray', usage: 'Groups'}],
    [{name: 'ns', type: 'string', usage: 'Root namespace'}, {name: 'debug', shorthand: 'd', type: 'bool', usage: 'Debug', defaultValue: 'true'}],
  ],
};

describe('cobra usage', () => {
  it('lays out Flags and Global Flags as FlagUsages does, without Examples when the command has none', () => {
    expect(cobraUsage(command)).toBe([
      'Usage:',
      '  tool sub [flags] NAME',
      '',
      'Flags:',
      '      --all             Everything',
      '  -h, --help            help for sub',
      '  -o, --output string   Output format (default "table")',
      '',
      'Global Flags:',
      '  -d, --debug               Debug (default true)',
      '      --group stringArray   Groups',
      '      --ns string           Parent namespace (default "x")',
      '',
    ].join('\n'));
  });

  it('a failure is the error line, the usage, and Println\'s empty line', () => {
    expect(cobraFailure(command, 'boom')).toBe(`Error: boom\n${cobraUsage(command)}\n`);
  });
});

describe('pflag parse', () => {
  it('reads flags anywhere, glued or apart, bool runs, and arguments after --', () => {
    const parsed = parseCobraArgs(command, ['a', '-do', 'json', '--ns=y', 'b', '--all=false', '--', '-o', '--x']);
    expect(parsed).toEqual({positionals: ['a', 'b', '-o', '--x'], values: new Map([['debug', 'true'], ['output', 'json'], ['ns', 'y'], ['all', 'false']])});
  });

  it('fails as pflag fails, and -h/--help asks for help', () => {
    expect(parseCobraArgs(command, ['--nope'])).toEqual({error: 'unknown flag: --nope'});
    expect(parseCobraArgs(command, ['-dz'])).toEqual({error: 'unknown shorthand flag: \'z\' in -z'});
    expect(parseCobraArgs(command, ['-o'])).toEqual({error: 'flag needs an argument: \'o\' in -o'});
    expect(parseCobraArgs(command, ['--ns'])).toEqual({error: 'flag needs an argument: --ns'});
    expect(parseCobraArgs(command, ['---x'])).toEqual({error: 'bad flag syntax: ---x'});
    expect(parseCobraArgs(command, ['--debug=maybe'])).toEqual({error: 'invalid argument "maybe" for "-d, --debug" flag: strconv.ParseBool: parsing "maybe": invalid syntax'});
    expect(parseCobraArgs(command, ['x', '-h'])).toBe('help');
    expect(parseCobraArgs(command, ['--help=true'])).toBe('help');
  });
});
