/**
 * The session's files in the shell's working directory (scenario.yaml's cluster.workdir): `cat`, `ls`,
 * `kubectl apply -f FILE`'s missing-file error, and `linkerd inject FILE` (cli/cmd/inject_util.go read:
 * `-` is stdin, a path a file or a directory walked in lexical order, uninjectAndInject over all of it
 * as one input; each document written back and followed by `---`, then one report).
 */
import {describe, expect, it} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {workdirPath, type WorkdirFile} from '../../../src/terminal/printers/workdir';
import {injectFileMoveError, parseInjectFile, printInjectFile} from '../../../src/terminal/printers/linkerd-inject';
import {LINKERD_CONFIG} from './linkerd-support';
import {cobraFailure} from '../../../src/terminal/printers/cobra';
import {INJECT} from '../../../src/terminal/printers/linkerd-cli-commands';

const CONFIG = LINKERD_CONFIG;

const DEPLOYMENT = `# reviews-v4, the version the page canaries
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v4
  namespace: bookinfo
spec:
  selector:
    matchLabels: {app: reviews, version: v4}
  template:
    metadata:
      labels: {app: reviews, version: v4}
    spec:
      containers:
        - name: reviews
          image: docker.io/istio/examples-bookinfo-reviews-v3:1.20.3
          resources:
            requests: {cpu: 0.1, memory: 1024Mi}
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: reviews-v4
  namespace: bookinfo
spec:
  selector: {app: reviews, version: v4}
  ports:
    - port: 9080
`;

const file = (name: string, text: string): WorkdirFile => ({name, text, documents: parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>)});
const model = (objects: ModelObject[] = []): StateModel => ({objects: [...objects, CONFIG], linkerd: {facts: {cliVersion: 'version-2.20', certificates: {}}},
  workdir: [file('reviews-v4.yaml', DEPLOYMENT), file('reviews-v4-svc.yaml', SERVICE)]} as StateModel);

function answer(line: string, state: StateModel = model()): string {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, state);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${line}: ${JSON.stringify(printed)}`);
  return printed.text;
}
const gap = (line: string, state: StateModel = model()): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, state);
  if (printed?.kind !== 'gap') throw new Error(`not a gap: ${line}: ${JSON.stringify(printed)}`);
  return printed.reason;
};

describe('paths, as filepath.Clean reads them', () => {
  it('a name or ./name is a file of the directory, . and ./ the directory, anything else outside it', () => {
    expect(workdirPath('deploy.yaml')).toEqual({file: 'deploy.yaml'});
    expect(workdirPath('./deploy.yaml')).toEqual({file: 'deploy.yaml'});
    expect(workdirPath('.')).toEqual({directory: true});
    expect(workdirPath('./')).toEqual({directory: true});
    for (const outside of ['/etc/hosts', '../deploy.yaml', 'manifests/deploy.yaml', '']) expect(workdirPath(outside), outside).toBeUndefined();
  });
});

describe('cat and ls', () => {
  it('cat prints each file as written, comments included; a missing one is its error and the rest still print', () => {
    expect(answer('cat reviews-v4.yaml')).toBe(DEPLOYMENT);
    expect(answer('cat ./reviews-v4-svc.yaml nope.yaml reviews-v4.yaml')).toBe(`${SERVICE}cat: nope.yaml: No such file or directory\n${DEPLOYMENT}`);
    expect(answer('cat .')).toBe('cat: .: Is a directory\n');
  });

  it('ls lists the names sorted on one row, two spaces apart', () => {
    expect(answer('ls')).toBe('reviews-v4-svc.yaml  reviews-v4.yaml\n');
  });

  // GNU coreutils ls.c: getopt_long over "abcdfghiklmnopqrstuvw:xABCDFGHI:LNQRST:UXZ1".
  it('ls -1 one name per line, -a with . and .., -A as ls (no dotfiles), flags combined and repeated', () => {
    expect(answer('ls -1')).toBe('reviews-v4-svc.yaml\nreviews-v4.yaml\n');
    expect(answer('ls -a')).toBe('.  ..  reviews-v4-svc.yaml  reviews-v4.yaml\n');
    expect(answer('ls -1a')).toBe('.\n..\nreviews-v4-svc.yaml\nreviews-v4.yaml\n');
    expect(answer('ls -A -1')).toBe(answer('ls -1'));
    expect(answer('ls -- ')).toBe(answer('ls'));
  });

  it('a letter ls lacks is getopt\'s error, even after -l; a missing -w value is its own error', () => {
    expect(answer('ls -z')).toBe("ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n");
    expect(answer('ls -lj')).toBe("ls: invalid option -- 'j'\nTry 'ls --help' for more information.\n");
    expect(answer('ls -w')).toBe("ls: option requires an argument -- 'w'\nTry 'ls --help' for more information.\n");
  });

  it('-l, -la and what prints modes, owners, sizes or times are gaps, as are long options and paths', () => {
    for (const line of ['ls -l', 'ls -la', 'ls -al']) expect(gap(line), line).toMatch(/mode, link count, owner, group, size and modification time/);
    expect(gap('ls -t')).toMatch(/not modelled/);
    expect(gap('ls --all')).toMatch(/long options/);
    expect(gap('ls reviews-v4.yaml')).toMatch(/with a path/);
  });

  it('a path outside the working directory is a gap; without files the session answers neither', () => {
    expect(gap('cat /etc/hosts')).toMatch(/outside the shell's working directory/);
    expect(printFromModel('ls', {namespace: 'default', placeholders: {}}, {objects: []})).toBeUndefined();
  });
});

describe('kubectl apply -f FILE', () => {
  it('a missing file is the builder\'s error, the path as typed', () => {
    expect(answer('kubectl apply -f ./nope.yaml')).toBe('error: the path "./nope.yaml" does not exist\n');
    expect(answer('kubectl apply --filename=nope.yaml')).toBe('error: the path "nope.yaml" does not exist\n');
  });

  it('a file that exists would change the cluster: typed, a gap', () => {
    expect(gap('kubectl apply -f reviews-v4.yaml')).toMatch(/changes the cluster/);
  });
});

describe('linkerd inject FILE', () => {
  it('writes the file\'s Deployment back through its Go type (quantities canonical, comments gone) with the pod template annotated, then the report', () => {
    const text = answer('linkerd inject reviews-v4.yaml');
    const [yamlPart, report] = text.split('---\n') as [string, string];
    expect(report).toBe('\ndeployment "reviews-v4" injected\n\n');
    const written = parseAllDocuments(yamlPart)[0]!.toJS();
    expect(written.spec.template.metadata.annotations).toEqual({'linkerd.io/inject': 'enabled'});
    expect(written.spec.template.spec.containers[0].resources).toEqual({requests: {cpu: '100m', memory: '1Gi'}});
    expect(yamlPart).not.toContain('#');
  });

  it('the directory: every file in lexical order as one input, each document then ---, one report', () => {
    const text = answer('linkerd inject .');
    expect(text.match(/^kind: \w+$/gm)).toEqual(['kind: Service', 'kind: Deployment']);
    expect(text.endsWith('---\n\nservice "reviews-v4" skipped\ndeployment "reviews-v4" injected\n\n')).toBe(true);
  });

  it('the flags of the pipeline apply: --manual writes the proxy, -o json one compact line per document', () => {
    expect(answer('linkerd inject --manual reviews-v4.yaml')).toContain('name: linkerd-proxy');
    expect(answer('linkerd inject -o json reviews-v4-svc.yaml').split('\n')[0]).toMatch(/^\{"apiVersion":"v1","kind":"Service"/);
  });

  // cli/cmd/inject.go RunE: fetchConfigs, then read's walk (inject_util.go) returns os.Stat's error on the cleaned
  // path; cobra (no SilenceUsage on linkerd's root) prints it, then inject's usage, and main exits 1.
  it('a missing file is os.Stat\'s error on the cleaned path, then inject\'s usage; piped, kubectl apply gets nothing', () => {
    const text = answer('linkerd inject ./nope.yaml');
    expect(text).toBe(cobraFailure(INJECT, 'stat nope.yaml: no such file or directory'));
    expect(text.startsWith('Error: stat nope.yaml: no such file or directory\nUsage:\n  linkerd inject [flags] CONFIG-FILE\n\nExamples:\n')).toBe(true);
    expect(text).toContain('\n      --opaque-ports strings                        Set opaque ports on the proxy (default [25,587,3306,4444,5432,6379,9300,11211])\n');
    expect(text).toContain('\n      --proxy-uid int                               Run the proxy under this user ID (default 2102)\n');
    expect(text).not.toContain('--proxy-cpu ');
    expect(answer('linkerd inject nope.yaml | kubectl apply -f -')).toBe(`${text}error: no objects passed to apply\n`);
  });

  it('a missing file before linkerd is installed fails in fetchConfigs instead: a gap', () => {
    const bare = {...model(), objects: []} as StateModel;
    expect(gap('linkerd inject nope.yaml', bare)).toMatch(/linkerd-config/);
  });

  it('piped into kubectl apply it changes the cluster: typed, a gap, unless inject refuses the run', () => {
    expect(gap('linkerd inject reviews-v4.yaml | kubectl apply -f -')).toMatch(/changes the cluster/);
  });

  it('reads `-` as the pipeline\'s stdin, and a URL as not modelled', () => {
    expect(parseInjectFile('linkerd inject -')).toBeUndefined();
    expect(parseInjectFile('linkerd inject https://example.com/deploy.yml')).toBeUndefined();
    expect(parseInjectFile('linkerd inject --manual ./d.yaml | kubectl apply -f -')).toMatchObject({path: './d.yaml', manual: true, apply: true});
  });
});

describe('the linkerd-inject session\'s file, typed in its terminal', () => {
  it('answers the recorded steps, variants of their paths, and a missing file, in either state', async () => {
    const {ScenarioSession} = await import('../../../src/terminal/session');
    const {loadSession} = await import('../scenarios');
    const {scenario, models} = loadSession('linkerd-inject');
    const session = new ScenarioSession(scenario, models);
    const recorded = session.run('linkerd inject ratings-v2.yaml');
    expect(recorded.kind).toBe('output');
    expect(recorded.text).toContain('            cpu: 100m\n            memory: 1Gi\n');
    // ./ratings-v2.yaml is the same file (filepath.Clean): printed from the model, the same text.
    expect(session.run('linkerd inject ./ratings-v2.yaml')).toEqual({kind: 'printed', text: recorded.text});
    expect(session.run('ls')).toEqual({kind: 'printed', text: 'ratings-v2.yaml\n'});
    expect(session.run('kubectl apply -f ratings-v3.yaml')).toEqual({kind: 'printed', text: 'error: the path "ratings-v3.yaml" does not exist\n'});
    expect(session.run('cat ratings-v3.yaml')).toEqual({kind: 'printed', text: 'cat: ratings-v3.yaml: No such file or directory\n'});
    // A line the model cannot answer is refused with the reason, not a bare "no output".
    const refused = session.run('ls -la');
    expect(refused.kind).toBe('unknown');
    expect(refused.text).toContain('no output for "ls -la", so it will not make one up: ls -l prints each file\'s mode, link count, owner, group, size and modification time, which the session does not hold.\n');
    expect(session.run('ls -1')).toEqual({kind: 'printed', text: 'ratings-v2.yaml\n'});
  });
});

describe('linkerd inject FILE | kubectl apply -f - (recorded: computed from the state it runs in)', () => {
  const deployment = (annotations: Record<string, string>): ModelObject => ({group: 'apps', kind: 'Deployment', namespace: 'bookinfo', name: 'reviews-v4',
    value: {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'reviews-v4', namespace: 'bookinfo', annotations}, spec: {}}});
  const command = parseInjectFile('linkerd inject reviews-v4.yaml | kubectl apply -f -')!;

  it('an object the cluster lacks is created; one without last-applied gets kubectl\'s warning and is configured', () => {
    expect(printInjectFile(command, model(), 'default')).toBe('\ndeployment "reviews-v4" injected\n\ndeployment.apps/reviews-v4 created\n');
    expect(printInjectFile(command, model([deployment({})]), 'default')).toMatch(/^Warning: resource deployments\.apps\/reviews-v4 is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation[^\n]*\ndeployment\.apps\/reviews-v4 configured\n$/m);
  });

  it('a last-applied configuration other than what is sent is rewritten (configured); the same one leaves the live object to decide, a gap', () => {
    expect(printInjectFile(command, model([deployment({'kubectl.kubernetes.io/last-applied-configuration': '{}'})]), 'default')).toMatch(/reviews-v4 configured\n$/);
    const sent = parseAllDocuments(printInjectFile({...command, apply: false}, model(), 'default').split('---\n')[0]!)[0]!.toJS();
    expect(() => printInjectFile(command, model([deployment({'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(sent)})]), 'default')).toThrow(/unchanged or configured/);
  });

  it('the state it moves to must hold the file\'s Deployment annotated', () => {
    const after = (annotations: Record<string, string>): StateModel => model([{...deployment({}), value: {...deployment({}).value, spec: {template: {metadata: {annotations}, spec: {containers: []}}}}}]);
    expect(injectFileMoveError(command, model(), after({'linkerd.io/inject': 'enabled'}), 'default')).toBeUndefined();
    expect(injectFileMoveError(command, model(), after({}), 'default')).toMatch(/does not hold it with linkerd\.io\/inject: enabled/);
  });
});
