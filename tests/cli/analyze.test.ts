/**
 * `meshdive analyze` end to end, through the real launcher and a bundle built from the current
 * sources (into a temporary copy, as tests/simulator/cli.test.ts does, so that it can run beside
 * the suites that rebuild dist/): istioctl 1.30.3's `analyze --use-kube=false` on files, with
 * its output on stdout and stderr and its exit statuses (istioctl/pkg/analyze/analyze.go,
 * istioctl/cmd/sysexits.go).
 */
import {spawn, spawnSync} from 'node:child_process';
import {closeSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {privateCliInstall} from '../support/cli-bundle';

const {bin, buildCli} = privateCliInstall('meshdive-analyze-');
const work = mkdtempSync(join(tmpdir(), 'meshdive-analyze-files-'));

beforeAll(buildCli, 60_000);

/** Runs in `work`, so that file names are as typed; TERM is set, stdout is a pipe (no colour unless asked). */
function analyze(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, 'analyze', ...args], {cwd: work, input, encoding: 'utf8', timeout: 60_000, env: {...process.env, TERM: 'xterm'}});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

function file(name: string, text: string): string {
  mkdirSync(join(work, name, '..'), {recursive: true});
  writeFileSync(join(work, name), text);
  return name;
}

const FOUND_ISSUES = (target: string) => `Error: Analyzers found issues when analyzing ${target}.\n` +
  'See https://istio.io/v1.30/docs/reference/config/analysis for more information about causes and resolutions.\n';

const virtualService = (namespace?: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v4
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: reviews
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: reviews-v1-7f9c8
  labels: {app: reviews, version: v1}
spec:
  containers: [{name: reviews, image: reviews}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;

const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: ["*"]
`;

beforeAll(() => {
  // The files most cases share; a case that needs others writes them.
  file('vs.yaml', virtualService());
  file('reviews.yaml', service);
  file('gw.yaml', gateway);
  file('clean/reviews.yaml', service);
  file('clean/vs.yaml', virtualService().replace('subset: v4', 'subset: v1'));
});

const IST0101_LINE = 'Error [IST0101] (VirtualService default/reviews vs.yaml:11) Referenced host+subset in destinationrule not found: "reviews+v4"';

describe('meshdive analyze: log output and exit status', () => {
  it('prints istioctl\'s line for each message and its closing lines, and exits 79 on an error', () => {
    const result = analyze(['vs.yaml', 'reviews.yaml']);
    expect(result.stdout).toBe(`${IST0101_LINE}\n`);
    expect(result.stderr).toBe(FOUND_ISSUES('namespace: default'));
    expect(result.status).toBe(79);
  });

  it('says "No validation issues found" on stderr and exits 0 when nothing is found, naming the files', () => {
    expect(analyze(['clean/reviews.yaml'])).toEqual({status: 0, stdout: '\n', stderr: '\u2714 No validation issues found when analyzing clean/reviews.yaml.\n'});
    expect(analyze(['clean/reviews.yaml', 'clean/vs.yaml'])).toEqual({
      status: 0, stdout: '\n', stderr: '\u2714 No validation issues found when analyzing:\n  - clean/reviews.yaml\n  - clean/vs.yaml\n',
    });
  });

  it('exits 0 on a warning by default, 79 with --failure-threshold Warning; --output-threshold hides without changing the status', () => {
    const warning = analyze(['gw.yaml']);
    expect(warning.stdout).toMatch(/^Warning \[IST0162\] \(Gateway default\/gw gw\.yaml:\d+\) The gateway is listening on a target port \(port 8080\)/);
    expect(warning).toMatchObject({status: 0, stderr: ''});
    expect(analyze(['--failure-threshold', 'warning', 'gw.yaml'])).toMatchObject({status: 79, stderr: FOUND_ISSUES('namespace: default')});
    // Hidden, still failing: istioctl then says both that it found nothing to show and that it found issues.
    expect(analyze(['--output-threshold=Error', '--failure-threshold=Warning', 'gw.yaml'])).toEqual({
      status: 79, stdout: '\n', stderr: `\u2714 No validation issues found when analyzing gw.yaml.\n${FOUND_ISSUES('namespace: default')}`,
    });
  });

  // util-linux's script(1) gives the run a terminal for stdout.
  const hasScript = spawnSync('script', ['--version'], {encoding: 'utf8'}).status === 0;
  it.skipIf(!hasScript)('colours the level by default on a terminal, unless TERM is dumb', () => {
    const onTerminal = (term: string) => spawnSync('script', ['-qec', `"${process.execPath}" "${bin}" analyze vs.yaml reviews.yaml`, '/dev/null'],
      {cwd: work, encoding: 'utf8', timeout: 60_000, env: {...process.env, TERM: term}}).stdout;
    expect(onTerminal('xterm')).toContain(`\u001b[1;31mError\u001b[0m${IST0101_LINE.slice('Error'.length)}`);
    const dumb = onTerminal('dumb');
    expect(dumb).toContain(IST0101_LINE);
    expect(dumb).not.toContain('\u001b[');
  });

  it.skipIf(!hasScript)('says "Reading from stdin:" on a terminal before it reads (log output)', async () => {
    const child = spawn('script', ['-qec', `"${process.execPath}" "${bin}" analyze - reviews.yaml`, '/dev/null'], {cwd: work, env: {...process.env, TERM: 'dumb'}});
    let output = '';
    const prompted = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Reading from stdin:')) resolve();
    }));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      // Nothing is typed until the prompt is there: a prompt written only after the reading would never come.
      await prompted;
      child.stdin.write(`${virtualService()}\u0004`);
      expect(await closed).toBe(79);
    } finally {
      child.kill();
    }
    expect(output.replace(/\r/g, '')).toMatch(/^Reading from stdin:\n[\s\S]*\nError \[IST0101\] \(VirtualService default\/reviews -:11\)/);
  }, 30_000);

  it('colours the level when asked, and not when told not to', () => {
    expect(analyze(['vs.yaml', 'reviews.yaml', '--color']).stdout).toBe(`\u001b[1;31mError\u001b[0m${IST0101_LINE.slice('Error'.length)}\n`);
    expect(analyze(['vs.yaml', 'reviews.yaml', '--color=false']).stdout).toBe(`${IST0101_LINE}\n`);
  });
});

describe('meshdive analyze: JSON and YAML', () => {
  it('prints istioctl\'s message list and exits 0 even with errors, as istioctl does outside log output', () => {
    const json = analyze(['-o', 'json', 'vs.yaml', 'reviews.yaml']);
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual([{
      code: 'IST0101', level: 'Error', message: 'Referenced host+subset in destinationrule not found: "reviews+v4"',
      origin: 'VirtualService default/reviews', reference: 'vs.yaml:11',
      documentationUrl: 'https://istio.io/v1.30/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze',
    }]);
    const yaml = analyze(['--output=YAML', 'vs.yaml', 'reviews.yaml']);
    expect(yaml).toEqual({status: 0, stderr: '', stdout: `- code: IST0101
  documentationUrl: https://istio.io/v1.30/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze
  level: Error
  message: 'Referenced host+subset in destinationrule not found: "reviews+v4"'
  origin: VirtualService default/reviews
  reference: vs.yaml:11

`});
  });

  it('prints [] for no messages', () => {
    expect(analyze(['-o', 'json', 'clean/reviews.yaml'])).toMatchObject({status: 0, stdout: '[]\n'});
  });
});

describe('meshdive analyze: what is analyzed', () => {
  it('adds istioctl\'s default ingress gateway Service and Pod, unless the mesh config turns ingress off', () => {
    // With the defaults the Gateway's selector finds the dummy Pod, whose Service lacks port 8080.
    // (The line each message points at is the engine's to get right: its tests pin it; these pin the rest.)
    expect(analyze(['gw.yaml']).stdout).toMatch(/^Warning \[IST0162\] \(Gateway default\/gw gw\.yaml:\d+\) /);
    file('mesh-off.yaml', 'ingressControllerMode: "OFF"\n');
    const off = analyze(['--meshConfigFile', 'mesh-off.yaml', 'gw.yaml']);
    expect(off.stdout).toMatch(/^Error \[IST0101\] \(Gateway default\/gw gw\.yaml:\d+\) Referenced selector not found: "istio=ingressgateway"\n$/);
    expect(off.status).toBe(79);
  });

  it('ignores a mesh config file it cannot read, as istioctl does', () => {
    expect(analyze(['--meshConfigFile', 'missing-mesh.yaml', 'gw.yaml'])).toMatchObject({status: 0, stdout: expect.stringContaining('IST0162')});
  });

  it('reads directories recursively, files ending in .json, .yaml or .yml, and skips others with a note', () => {
    file('tree/b/vs.yml', virtualService());
    file('tree/a.yaml', service);
    file('tree/notes.txt', 'not config');
    file('tree/c.YAML', virtualService('elsewhere'));
    const result = analyze(['tree']);
    expect(result.stdout).toBe('Error [IST0101] (VirtualService default/reviews tree/b/vs.yml:11) Referenced host+subset in destinationrule not found: "reviews+v4"\n');
    expect(result.stderr).toBe(
      'Skipping file tree/c.YAML, recognized file extensions are: [.json .yaml .yml]\n' +
      'Skipping file tree/notes.txt, recognized file extensions are: [.json .yaml .yml]\n' +
      FOUND_ISSUES('namespace: default'));
    expect(result.status).toBe(79);
  });

  it('names a .json file without a line in references, as istioctl\'s Position does', () => {
    file('json/vs.json', JSON.stringify({apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name: 'reviews'},
      spec: {hosts: ['reviews'], http: [{route: [{destination: {host: 'reviews', subset: 'v4'}}]}]}}, null, 2));
    expect(analyze(['json/vs.json', 'reviews.yaml']).stdout).toBe(`${IST0101_LINE.replace('vs.yaml:11', 'json/vs.json')}\n`);
  });

  it('analyzes istioctl\'s default resources alone when given no file, as istioctl does', () => {
    expect(analyze([])).toEqual({status: 0, stdout: '\n', stderr: '\u2714 No validation issues found when analyzing namespace: default.\n'});
  });

  it('shows control characters of file names escaped, in messages and notes', () => {
    file('odd/vs\u001b[2J.yaml', virtualService());
    file('odd/notes\u0007.txt', '');
    const result = analyze(['odd', 'reviews.yaml']);
    expect(result.stdout).toBe(`${IST0101_LINE.replace('vs.yaml', 'odd/vs\\x1b[2J.yaml')}\n`);
    expect(result.stderr).toMatch(/^Skipping file odd\/notes\\a\.txt, /);
  });

  it('reads standard input for -, named - in references', () => {
    const result = analyze(['-', 'reviews.yaml'], virtualService());
    expect(result.stdout).toBe(`${IST0101_LINE.replace('vs.yaml', '-')}\n`);
  });
});

describe('meshdive analyze: namespaces and suppressions', () => {
  it('reports the default namespace only, -n another, -A all; cluster-scoped resources always', () => {
    file('ns/shop.yaml', `${virtualService('shop')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n`);
    const shopLines = [
      'Error [IST0101] (VirtualService shop/reviews ns/shop.yaml:12) Referenced host not found: "reviews"',
      'Error [IST0101] (VirtualService shop/reviews ns/shop.yaml:12) Referenced host+subset in destinationrule not found: "reviews+v4"',
      'Info [IST0102] (Namespace shop ns/shop.yaml:18) The namespace is not enabled for Istio injection. Run \'kubectl label namespace shop istio-injection=enabled\' to enable it, or \'kubectl label namespace shop istio-injection=disabled\' to explicitly mark it as not needing injection.',
    ];
    expect(analyze(['ns/shop.yaml'])).toEqual({status: 0, stdout: '\n', stderr: '\u2714 No validation issues found when analyzing ns/shop.yaml.\n'});
    expect(analyze(['-n', 'shop', 'ns/shop.yaml'])).toEqual({status: 79, stdout: `${shopLines.join('\n')}\n`, stderr: FOUND_ISSUES('namespace: shop')});
    expect(analyze(['-A', 'ns/shop.yaml'])).toEqual({status: 79, stdout: `${shopLines.join('\n')}\n`, stderr: FOUND_ISSUES('all namespaces')});
  });

  it('places resources written without a namespace in the selected one (none with -A), as istioctl\'s file source does', () => {
    expect(analyze(['-n', 'shop', 'vs.yaml', 'reviews.yaml']).stdout).toBe(`${IST0101_LINE.replace('default/reviews', 'shop/reviews')}\n`);
    expect(analyze(['-A', 'vs.yaml', 'reviews.yaml']).stdout).toBe(`${IST0101_LINE.replace('default/reviews', 'reviews')}\n`);
  });

  it('suppresses a code on the resources -S names (with *), and warns about an unknown code', () => {
    expect(analyze(['-S', 'IST0101=VirtualService default/*', 'vs.yaml', 'reviews.yaml'])).toEqual({
      status: 0, stdout: '\n', stderr: '\u2714 No validation issues found when analyzing:\n  - vs.yaml\n  - reviews.yaml\n',
    });
    const unknown = analyze(['--suppress', 'IST9999=*', 'vs.yaml', 'reviews.yaml']);
    expect(unknown.stderr).toMatch(/^Warning: Supplied message code 'IST9999' is an unknown message code and will not have any effect\.\n/);
    expect(unknown.status).toBe(79);
  });
});

describe('meshdive analyze: unreadable input and usage', () => {
  it('exits 65 when a file cannot be parsed (log output), 0 with --ignore-unknown', () => {
    file('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n');
    const result = analyze(['bad.yaml']);
    expect(result.status).toBe(65);
    expect(result.stdout).toBe('\n');
    expect(result.stderr).toMatch(/^Error\(s\) adding files: 1 error occurred:\n\t\* errors parsing content "bad\.yaml": 1 error occurred:\n\t\* error processing bad\.yaml\[0\]: /);
    expect(result.stderr).toMatch(/\nNo validation issues found when analyzing namespace: default \(but 1 file could not be parsed\)\.\nError: Some files couldn't be parsed\.\n$/);
    expect(analyze(['--ignore-unknown', 'bad.yaml']).status).toBe(0);
  });

  it('exits 1 for a file that does not exist and for a malformed --suppress, as istioctl', () => {
    expect(analyze(['missing.yaml'])).toEqual({status: 1, stdout: '', stderr: 'Error: stat missing.yaml: no such file or directory\n'});
    expect(analyze(['-S', 'IST0101', 'vs.yaml'])).toEqual({status: 1, stdout: '', stderr: 'Error: IST0101 is not a valid suppression value. See meshdive analyze --help\n'});
    // What was said before the failure stays said: the skipped file, the unknown code.
    file('readme.txt', 'not config');
    expect(analyze(['-S', 'IST9999=*', '-S', 'IST0101', 'readme.txt', 'vs.yaml'])).toEqual({status: 1, stdout: '', stderr:
      'Skipping file readme.txt, recognized file extensions are: [.json .yaml .yml]\n' +
      'Warning: Supplied message code \'IST9999\' is an unknown message code and will not have any effect.\n' +
      'Error: IST0101 is not a valid suppression value. See meshdive analyze --help\n'});
  });

  it('stops reading an endless input at --max-bytes (exit 1), and does not follow a link to a directory into a loop', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const endless = spawnSync(process.execPath, [bin, 'analyze', '--max-bytes', '1M', '-'], {cwd: work, stdio: [zero, 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000});
      expect(endless).toMatchObject({status: 1, stderr: 'Error: <stdin>: input is larger than the limit of 1,048,576 bytes (--max-bytes raises it); reading stopped there\n'});
    } finally {
      closeSync(zero);
    }
    mkdirSync(join(work, 'loop'), {recursive: true});
    symlinkSync('..', join(work, 'loop', 'up.yaml'));
    // filepath.Walk does not follow the link; its name is a YAML name, so istioctl opens it, and cannot read a directory.
    expect(analyze(['loop'])).toEqual({status: 65, stdout: '\n', stderr: 'Error(s) adding files: 1 error occurred:\n\t* read loop/up.yaml: is a directory\n\n' +
      'No validation issues found when analyzing namespace: default (but 1 file could not be parsed).\nError: Some files couldn\'t be parsed.\n'});
  });

  it('ends the run when a file found in a directory cannot be opened (a broken link), as istioctl (exit 1)', () => {
    mkdirSync(join(work, 'broken'), {recursive: true});
    symlinkSync('missing.yaml', join(work, 'broken', 'gone.yaml'));
    expect(analyze(['broken'])).toEqual({status: 1, stdout: '', stderr: 'Error: open broken/gone.yaml: no such file or directory\n'});
  });

  it('stops writing quietly when `| head` has read enough (no EPIPE crash), with the exit status of the findings', () => {
    file('many.yaml', Array.from({length: 3000}, (_, i) => virtualService().replace('name: reviews', `name: vs-${i}`)).join('---\n'));
    const result = spawnSync('bash', ['-c', '"$1" "$2" analyze many.yaml | head -c 100 > /dev/null; exit "${PIPESTATUS[0]}"', 'sh', process.execPath, bin],
      {cwd: work, encoding: 'utf8', timeout: 60_000});
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.status).toBe(79);
  });

  it('exits 2 with the usage for a bad option or value (istioctl: 64)', () => {
    for (const args of [['-o', 'xml', 'vs.yaml'], ['--failure-threshold', 'fatal', 'vs.yaml'], ['--bogus', 'vs.yaml'], ['--use-kube', 'vs.yaml'], ['-n']]) {
      const result = analyze(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^meshdive analyze: .+\n\nUsage: meshdive analyze /);
    }
    expect(analyze(['-o', 'xml']).stderr).toMatch(/^meshdive analyze: xml not a valid option for format\. See meshdive analyze --help\n/);
    expect(analyze(['--failure-threshold', 'fatal']).stderr).toMatch(/^meshdive analyze: invalid argument "fatal" for "--failure-threshold" flag: invalid level option/);
  });

  it('accepts istioctl\'s --use-kube=false, and says that --recursive was removed', () => {
    expect(analyze(['--use-kube=false', 'clean/reviews.yaml']).status).toBe(0);
    expect(analyze(['-R', 'vs.yaml'])).toEqual({status: 0, stdout: 'The recursive flag has been removed and is hardcoded to true without explicitly specifying it.\n', stderr: ''});
  });

  it('prints its usage for --help, and is named in the general usage', () => {
    expect(analyze(['--help'])).toMatchObject({status: 0, stdout: expect.stringMatching(/^Usage: meshdive analyze /)});
    const general = spawnSync(process.execPath, [bin, '--help'], {encoding: 'utf8'});
    expect(general.stdout).toContain('meshdive analyze [options] FILE|DIR...');
  });
});

describe('meshdive analyze -L (--list-analyzers)', () => {
  /** istioctl 1.30.3's analyzers.All(): AnalyzersAsString prints them sorted by name, each with its description. */
  const expected = [
    'annotations.K8sAnalyzer', 'applicationUID.Analyzer', 'auth.AuthorizationPoliciesAnalyzer', 'authn.BlockedCIDRsAnalyzer',
    'conditions.ConditionAnalyzer', 'deployment.MultiServiceAnalyzer', 'deprecation.DeprecationAnalyzer', 'destinationrule.CaCertificateAnalyzer',
    'destinationrule.SubsetSelectPodAnalyzer', 'envoyfilter.EnvoyPatchAnalyzer', 'externalcontrolplane.ExternalControlPlaneAnalyzer',
    'gateway.CertificateAnalyzer', 'gateway.ConflictingGatewayAnalyzer', 'gateway.IngressGatewayPortAnalyzer', 'gateway.SecretAnalyzer',
    'injection.Analyzer', 'injection.ImageAnalyzer', 'injection.ImageAutoAnalyzer', 'k8sgateway.CRDVersionAnalyzer', 'k8sgateway.SelectorAnalyzer',
    'meshnetworks.MeshNetworksAnalyzer', 'schema.ValidationAnalyzer.AuthorizationPolicy', 'schema.ValidationAnalyzer.DestinationRule',
    'schema.ValidationAnalyzer.EnvoyFilter', 'schema.ValidationAnalyzer.Gateway', 'schema.ValidationAnalyzer.MeshConfig',
    'schema.ValidationAnalyzer.MeshNetworks', 'schema.ValidationAnalyzer.PeerAuthentication', 'schema.ValidationAnalyzer.ProxyConfig',
    'schema.ValidationAnalyzer.RequestAuthentication', 'schema.ValidationAnalyzer.ServiceEntry', 'schema.ValidationAnalyzer.Sidecar',
    'schema.ValidationAnalyzer.Telemetry', 'schema.ValidationAnalyzer.TrafficExtension', 'schema.ValidationAnalyzer.VirtualService',
    'schema.ValidationAnalyzer.WasmPlugin', 'schema.ValidationAnalyzer.WorkloadEntry', 'schema.ValidationAnalyzer.WorkloadGroup',
    'service.PortNameAnalyzer', 'serviceentry.Analyzer', 'services.MultiClusterServiceAnalyzer', 'sidecar.SelectorAnalyzer',
    'telemetry.DefaultSelectorAnalyzer', 'telemetry.LightstepAnalyzer', 'telemetry.ProviderAnalyzer', 'telemetry.SelectorAnalyzer',
    'virtualservice.ConflictingMeshGatewayHostsAnalyzer', 'virtualservice.DestinationHostAnalyzer', 'virtualservice.DestinationRuleAnalyzer',
    'virtualservice.GatewayAnalyzer', 'virtualservice.JWTClaimRouteAnalyzer', 'webhook.Analyzer',
  ];

  it("prints istioctl's analyzers sorted by name, each with its description indented below, and stops", () => {
    const result = analyze(['-L', 'missing.yaml']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('* ')).map((line) => line.slice(2, -1))).toEqual(expected);
    expect(lines.filter((line) => line !== '').every((line) => /^\* \S+:$/.test(line) || /^ {4}\S/.test(line))).toBe(true);
    expect(result.stdout).toContain('* gateway.CertificateAnalyzer:\n    Checks a gateway certificate\n* gateway.ConflictingGatewayAnalyzer:\n');
    expect(result.stdout).toContain("* schema.ValidationAnalyzer.Gateway:\n    Runs schema validation as an analyzer on 'Gateway' resources\n");
    expect(result.stdout.endsWith("    Checks the validity of Istio webhooks\n")).toBe(true);
    // Not the alpha analyzer, which All() leaves out.
    expect(result.stdout).not.toContain('annotations.AlphaAnalyzer');
  });

  it('checks the output format first, as istioctl does', () => {
    expect(analyze(['--list-analyzers', '-o', 'xml'])).toMatchObject({status: 2, stdout: ''});
    expect(analyze(['--list-analyzers', '-o', 'JSON']).stdout).toMatch(/^\* annotations\.K8sAnalyzer:\n/);
  });
});
