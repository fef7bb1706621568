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

/**
 * The other commands' help (linkerd2 version-2.20 cli/cmd/check.go, cli/cmd/inject.go with options.go's
 * proxy and inject flag sets, viz/cmd/authz.go, cli/cmd/policy.go): Long, then the usage with the
 * command's local flags (persistent ones it defines included) and its parents' as Global Flags.
 */
describe('linkerd check|inject|viz authz|diagnostics policy --help', () => {
  it('check: its Long, examples and both flag sets sorted together, the root\'s as global flags', () => {
    const text = help('linkerd check --help');
    expect(text.startsWith('Check the Linkerd installation for potential problems.\n\nThe check command will perform')).toBe(true);
    expect(text).toContain('\nUsage:\n  linkerd check [flags]\n\nExamples:\n  # Check that the Linkerd control plane is up and running\n  linkerd check\n');
    expect(text).toContain('\n  -o, --output string                 Output format. One of: table, json, short (default "table")\n');
    expect(text).toContain('\n      --wait duration                 Maximum allowed time for all tests to pass (default 5m0s)\n');
    expect(text).toContain('\nGlobal Flags:\n      --api-addr string            Override kubeconfig');
    for (const line of ['linkerd check -h', 'linkerd check --proxy -n bookinfo -h', 'linkerd check --pre --help']) expect(help(line), line).toBe(text);
  });

  it('inject: the proxy flags a version-2.20 build shows (proxy-image visible, deprecated ones hidden), defaults from the chart', () => {
    const text = help('linkerd inject -h');
    expect(text.startsWith('Add the Linkerd proxy to a Kubernetes config.\n\nYou can inject resources contained in a single file, inside a folder and its\nsub-folders, or coming from stdin.\n\nUsage:\n  linkerd inject [flags] CONFIG-FILE\n')).toBe(true);
    expect(text).toContain('--proxy-image string                          Linkerd proxy container image name (default "cr.l5d.io/linkerd/proxy")\n');
    expect(text).toContain('--default-inbound-policy string               Inbound policy to use to control inbound access to the proxy (default "all-unauthenticated")\n');
    expect(text).not.toMatch(/--proxy-(cpu|memory|version) /);
    expect(text).not.toContain('disable-identity');
    expect(help('linkerd inject ratings-v2.yaml --manual --help')).toBe(text);
  });

  it('viz authz under viz\'s and the root\'s flags; diagnostics policy (or dg policy) with its defaults', () => {
    const authz = help('linkerd viz authz -h');
    expect(authz.startsWith('Display stats for authorizations for a resource.\n\nUsage:\n  linkerd viz authz [flags] resource\n\nFlags:\n')).toBe(true);
    expect(authz).toContain('\nGlobal Flags:\n      --api-addr string            ');
    expect(authz).toContain('      --viz-namespace string       Name of the linkerd-viz namespace. If not set, it\'s automatically detected\n');
    expect(help('linkerd viz authz -n bookinfo deploy/reviews-v1 --help')).toBe(authz);
    const policy = help('linkerd diagnostics policy --help');
    expect(policy).toContain('\nUsage:\n  linkerd diagnostics policy [flags] resource port\n\nExamples:\n  # get the inbound policy for pod emoji-6d66d87995-bvrnn on port 8080\n');
    expect(policy).toContain('  -n, --namespace string         Namespace of resource (default "default")\n');
    expect(policy).toContain('      --token string             Token to use when querying the policy service (default "default:diagnostics")\n');
    expect(help('linkerd dg policy -n bookinfo po/x 9080 -h')).toBe(policy);
  });

  it('a value pflag would check that is not checked here (a duration, a port) leaves the line to the command: no help invented', () => {
    expect(parseLinkerd('linkerd check --wait=5m -h', 'default')).toBeUndefined();
    expect(parseLinkerd('linkerd check -h --bogus', 'default')?.command).not.toBe('help');
  });
});
