/**
 * `linkerd viz stat -h|--help`: cobra v1.10.2's defaultHelpFunc over NewCmdStat (linkerd2 version-2.20
 * viz/cmd/stat.go): Long right-trimmed, an empty line, then the usage (Usage, Examples, Flags, Global
 * Flags) the refusals print. Help is asked once pflag has read the whole line and before the Args
 * check, so a bad flag after -h is still an error and no resource is needed.
 */
import {describe, expect, it} from 'vitest';
import {parseLinkerd} from '../../../src/terminal/printers/linkerd-command';
import {cobraHelp, cobraUsage, parseCobraArgs, type CobraCommand} from '../../../src/terminal/printers/cobra';
import {VIZ_STAT} from '../../../src/terminal/printers/linkerd-stat-command';

const help = (line: string): string => {
  const parsed = parseLinkerd(line, 'default');
  if (parsed?.command !== 'help') throw new Error(`not help: ${JSON.stringify(parsed)}`);
  return parsed.text;
};

describe('viz stat --help', () => {
  it('prints Long, an empty line, then the usage with its examples and flags', () => {
    const text = help('linkerd viz stat --help');
    expect(text.startsWith('Display traffic stats about one or many resources.\n\n  The RESOURCES argument specifies the target resource(s) to aggregate stats over:\n  (TYPE [NAME] | TYPE/NAME)\n')).toBe(true);
    expect(text).toContain('  * all (all resource types, not supported in --from or --to)\n\nThis command will hide resources that have completed');
    expect(text).toContain('displays stats about all resources of the specified RESOURCETYPE\n\nUsage:\n  linkerd viz stat [flags] (RESOURCES)\n\nExamples:\n  # Get all deployments in the test namespace.\n');
    expect(text.endsWith(cobraUsage(VIZ_STAT))).toBe(true);
    expect(text).toContain('\n  -h, --help                    help for stat\n');
    expect(text).toContain('\nGlobal Flags:\n      --api-addr string ');
  });

  it('-h, anywhere on the line and without a resource, asks for the same help', () => {
    const text = help('linkerd viz stat --help');
    for (const line of ['linkerd viz stat -h', 'linkerd viz stat deploy -h', 'linkerd viz stat -n emojivoto -h deploy/web', 'linkerd viz stat -Ah', 'linkerd viz stat --help=true']) {
      expect(help(line), line).toBe(text);
    }
  });

  it('a flag error after -h is still the error with the usage; --help=false is no help', () => {
    const parsed = parseLinkerd('linkerd viz stat -h --nope', 'default');
    expect(parsed).toMatchObject({command: 'failure'});
    expect((parsed as {text: string}).text.startsWith('Error: unknown flag: --nope\nUsage:\n')).toBe(true);
    expect(parseLinkerd('linkerd viz stat deploy --help=false', 'default')).toMatchObject({command: 'stat'});
  });
});

describe('cobra help', () => {
  const command: CobraCommand = {useLine: 'tool sub', name: 'sub', flags: [], parentFlags: [], long: 'Does things.\n  Indented.  \n\n'};

  it('right-trims Long and leaves it out when empty', () => {
    expect(cobraHelp(command)).toBe(`Does things.\n  Indented.\n\n${cobraUsage(command)}`);
    expect(cobraHelp({...command, long: undefined})).toBe(cobraUsage(command));
  });

  it('pflag reads the whole line before help is answered', () => {
    expect(parseCobraArgs(command, ['-h', 'x'])).toBe('help');
    expect(parseCobraArgs(command, ['-h', '--bad'])).toEqual({error: 'unknown flag: --bad'});
    expect(parseCobraArgs(command, ['--help=false', 'x'])).toEqual({positionals: ['x'], values: new Map()});
  });
});
