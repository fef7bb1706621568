/**
 * `linkerd viz stat` lines the CLI refuses before it asks the metrics API print what version-2.20 prints:
 * cobra's `Error: …` (RunE's "error creating metrics request while making stats request: " around
 * buildStatSummaryRequests' error; pflag's and MinimumNArgs' errors as they are), then stat's usage
 * (viz/cmd/stat.go's Use, Example and flags, viz's and the root's persistent flags as Global Flags)
 * and an empty line.
 */
import {describe, expect, it} from 'vitest';
import {parseLinkerd} from '../../../src/terminal/printers/linkerd-command';
import {printFromModel} from '../../../src/terminal/printers';
import {loadSession} from '../scenarios';

const failure = (line: string, namespace = 'default'): string => {
  const parsed = parseLinkerd(line, namespace);
  if (parsed?.command !== 'failure') throw new Error(`${line}: ${JSON.stringify(parsed)}`);
  return parsed.text;
};
const errorLine = (line: string, namespace?: string): string => failure(line, namespace).split('\n')[0]!;
const wrapped = (message: string): string => `Error: error creating metrics request while making stats request: ${message}`;

describe('viz stat: the validation errors of buildStatSummaryRequests', () => {
  it('validateConflictingFlags: --to with --from, both namespaces, -A with another namespace than the kubeconfig\'s', () => {
    expect(errorLine('linkerd viz stat deploy --to deploy/a --from deploy/b')).toBe(wrapped('--to and --from flags are mutually exclusive'));
    expect(errorLine('linkerd viz stat deploy --to-namespace a --from-namespace b')).toBe(wrapped('--to-namespace and --from-namespace flags are mutually exclusive'));
    expect(errorLine('linkerd viz stat deploy -A -n bookinfo')).toBe(wrapped('--all-namespaces and --namespace flags are mutually exclusive'));
    expect(parseLinkerd('linkerd viz stat deploy -A -n bookinfo', 'bookinfo')).toMatchObject({command: 'stat'});
  });

  it('validateNamespaceFlags for a namespace type, in its order', () => {
    expect(errorLine('linkerd viz stat ns --to-namespace x --to ns/y')).toBe(wrapped('--to-namespace flag is incompatible with namespace resource type'));
    expect(errorLine('linkerd viz stat ns --from-namespace x')).toBe(wrapped('--from-namespace flag is incompatible with namespace resource type'));
    expect(errorLine('linkerd viz stat namespaces -n bookinfo')).toBe(wrapped('--namespace flag is incompatible with namespace resource type'));
  });

  it('BuildResources: unknown types (case-sensitive), duplicates, `all` with others, a string with two slashes', () => {
    expect(errorLine('linkerd viz stat authority')).toBe(wrapped('cannot find Kubernetes canonical name from friendly name [authority]'));
    expect(errorLine('linkerd viz stat Deploy')).toBe(wrapped('cannot find Kubernetes canonical name from friendly name [Deploy]'));
    expect(errorLine('linkerd viz stat po/a po/a')).toBe(wrapped('cannot supply duplicate resources'));
    expect(errorLine('linkerd viz stat all deploy')).toBe(wrapped('\'all\' can\'t be supplied alongside other resources'));
    expect(errorLine('linkerd viz stat deploy/a/b')).toBe(wrapped('Invalid resource string: deploy/a/b'));
    // After a type, the other arguments are names, slashes and all: no error before the metrics API.
    expect(parseLinkerd('linkerd viz stat deploy a/b', 'default')).toMatchObject({command: 'stat', request: {targets: [{type: 'deployment', names: ['a/b']}]}});
    expect(errorLine('linkerd viz stat deploy --to dep/web')).toBe(wrapped('cannot find Kubernetes canonical name from friendly name [dep]'));
  });

  it('the output format, the time window, and a name under -A, in validate\'s then BuildStatSummaryRequest\'s order', () => {
    expect(errorLine('linkerd viz stat deploy -o yaml')).toBe(wrapped('--output currently only supports table, json and wide'));
    expect(errorLine('linkerd viz stat deploy -t 10s')).toBe(wrapped('metrics time window needs to be at least 15s'));
    expect(errorLine('linkerd viz stat deploy -t 5d')).toBe(wrapped('time: unknown unit "d" in duration "5d"'));
    expect(errorLine('linkerd viz stat deploy/web -A')).toBe(wrapped('stats for a resource cannot be retrieved by name across all namespaces'));
    expect(errorLine('linkerd viz stat deploy/web -A -o yaml')).toBe(wrapped('--output currently only supports table, json and wide'));
    // The resources are built before any flag is validated.
    expect(errorLine('linkerd viz stat authority --to deploy/a --from deploy/b')).toBe(wrapped('cannot find Kubernetes canonical name from friendly name [authority]'));
  });

  it('pflag\'s and cobra\'s own errors are not wrapped', () => {
    expect(errorLine('linkerd viz stat')).toBe('Error: requires at least 1 arg(s), only received 0');
    expect(errorLine('linkerd viz stat -n bookinfo')).toBe('Error: requires at least 1 arg(s), only received 0');
    expect(errorLine('linkerd viz stat deploy --window 5m')).toBe('Error: unknown flag: --window');
    expect(errorLine('linkerd viz stat deploy -x')).toBe('Error: unknown shorthand flag: \'x\' in -x');
    expect(errorLine('linkerd viz stat deploy -Ax')).toBe('Error: unknown shorthand flag: \'x\' in -x');
    expect(errorLine('linkerd viz stat deploy --to')).toBe('Error: flag needs an argument: --to');
    expect(errorLine('linkerd viz stat deploy -n')).toBe('Error: flag needs an argument: \'n\' in -n');
    expect(errorLine('linkerd viz stat deploy --all-namespaces=yes')).toBe('Error: invalid argument "yes" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "yes": invalid syntax');
    expect(errorLine('linkerd viz stat deploy -L bad_ns')).toBe('Error: bad_ns is not a valid namespace');
  });

  it('flags read as pflag reads them: run together, glued, after --', () => {
    expect(parseLinkerd('linkerd viz stat deploy -Aojson', 'default')).toMatchObject({command: 'stat', request: {namespace: undefined, output: 'json'}});
    expect(parseLinkerd('linkerd viz stat -nbookinfo deploy', 'default')).toMatchObject({command: 'stat', request: {namespace: 'bookinfo'}});
    expect(parseLinkerd('linkerd viz stat -n=bookinfo -- deploy -x', 'default')).toMatchObject({command: 'stat', request: {targets: [{type: 'deployment', names: ['-x']}]}});
    // A window of one minute is the model's; -l, --unmeshed and another window are not answered.
    expect(parseLinkerd('linkerd viz stat deploy -t 60s', 'default')).toMatchObject({command: 'stat'});
    for (const line of ['linkerd viz stat deploy -t 5m', 'linkerd viz stat deploy -l app=web', 'linkerd viz stat deploy --unmeshed', 'linkerd viz stat srv']) {
      expect(parseLinkerd(line, 'default'), line).toBeUndefined();
    }
  });
});

describe('viz stat: the usage cobra prints after the error', () => {
  const text = failure('linkerd viz stat deploy --to deploy/a --from deploy/b');

  it('opens with the use line and stat\'s examples, the last keeping the source\'s indent', () => {
    expect(text).toContain(`${wrapped('--to and --from flags are mutually exclusive')}\nUsage:\n  linkerd viz stat [flags] (RESOURCES)\n\nExamples:\n  # Get all deployments in the test namespace.\n  linkerd viz stat deployments -n test\n`);
    expect(text).toContain('  linkerd viz stat authorizationpolicy/web-authz\n  \n\nFlags:\n');
  });

  it('lists stat\'s flags and -h sorted, their usages one column past the longest, defaults quoted', () => {
    const flags = text.slice(text.indexOf('Flags:\n') + 7, text.indexOf('\n\nGlobal Flags:'));
    expect(flags.split('\n').map((line) => line.slice(0, 33))).toEqual([
      '  -A, --all-namespaces          I', '      --from string             I', '      --from-namespace string   S', '  -h, --help                    h',
      '  -n, --namespace string        N', '  -o, --output string           O', '  -l, --selector string         S', '  -t, --time-window string      S',
      '      --to string               I', '      --to-namespace string     S', '      --unmeshed                I',
    ]);
    expect(flags).toContain('  -o, --output string           Output format; one of: "table" or "json" or "wide" (default "table")\n');
    expect(flags).toContain('Needs to be at least 15s. (default "1m")\n');
  });

  it('lists viz\'s persistent flags over the root\'s, and ends with Println\'s empty line', () => {
    const global = text.slice(text.indexOf('Global Flags:\n') + 14);
    expect(global).toContain('  -L, --linkerd-namespace string   Namespace in which Linkerd is installed (default "linkerd")\n');
    expect(global).not.toContain('$LINKERD_NAMESPACE');
    expect(global).toContain('      --as-group stringArray       Group to impersonate for Kubernetes operations\n');
    expect(global).toContain('      --cni-namespace string       Namespace in which the Linkerd CNI plugin is installed (default "linkerd-cni")\n');
    expect(global.endsWith('      --viz-namespace string       Name of the linkerd-viz namespace. If not set, it\'s automatically detected\n\n')).toBe(true);
  });
});

describe('viz stat errors in a session', () => {
  it('a typed line the CLI refuses is answered in every state, from no model at all', () => {
    const {scenario, models} = loadSession('linkerd-403');
    expect(Object.keys(models ?? {})).toEqual(['denied', 'allowed']);
    for (const [state, model] of Object.entries(models ?? {})) {
      const printed = printFromModel('linkerd viz stat deploy -n bookinfo --to deploy/reviews-v2 --from deploy/productpage-v1', scenario, model);
      expect(printed, state).toMatchObject({kind: 'printed'});
      expect((printed as {text: string}).text.startsWith(wrapped('--to and --from flags are mutually exclusive'))).toBe(true);
    }
  });
});
