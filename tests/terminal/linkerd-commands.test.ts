/**
 * Typed `linkerd` lines mean what cobra/pflag read them as: flag order, `-n NS`, `--namespace=NS`,
 * `-nNS`, `--proxy=true`, `deploy/NAME` and `deployment NAME` are the same command; `linkerd check -n`
 * is not dropped when it names the kubeconfig's namespace, because without it the data-plane
 * checks cover every namespace. A recorded Linkerd session answers them all.
 */
import {describe, expect, it} from 'vitest';
import {normalizeCommand} from '../../src/terminal/normalize';
import {parseLinkerd} from '../../src/terminal/printers/linkerd-command';
import {ScenarioSession} from '../../src/terminal/session';
import {loadSession} from './scenarios';

const context = {namespace: 'default', placeholders: {}};
const same = (a: string, b: string): void => expect(normalizeCommand(a, context), `${a}  ≡  ${b}`).toBe(normalizeCommand(b, context));
const differ = (a: string, b: string): void => expect(normalizeCommand(a, context), `${a}  ≢  ${b}`).not.toBe(normalizeCommand(b, context));

describe('linkerd command lines, normalized', () => {
  it('linkerd check: flags in any order and spelling', () => {
    same('linkerd check --proxy -n bookinfo', 'linkerd check -n bookinfo --proxy');
    same('linkerd check --proxy -n bookinfo', 'linkerd check --namespace=bookinfo --proxy=true');
    same('linkerd check --proxy -n bookinfo', 'linkerd   check  --proxy  -nbookinfo');
    same('linkerd check', 'linkerd check -o table');
    differ('linkerd check --proxy -n bookinfo', 'linkerd check --proxy');
    differ('linkerd check --proxy', 'linkerd check --pre');
    differ('linkerd check -n default --proxy', 'linkerd check --proxy');
  });

  it('linkerd viz stat and authz: resource shorthand, TYPE/NAME, and the kubeconfig namespace as their default', () => {
    same('linkerd viz stat deploy -n bookinfo', 'linkerd viz stat deployments --namespace bookinfo');
    same('linkerd viz stat deploy -n bookinfo', 'linkerd viz stat -n bookinfo deployment');
    same('linkerd viz authz -n bookinfo deploy/reviews-v1', 'linkerd viz authz deployment reviews-v1 --namespace=bookinfo');
    same('linkerd viz stat deploy/web', 'linkerd viz stat deploy web -n default');
    differ('linkerd viz authz -n bookinfo deploy/reviews-v1', 'linkerd viz authz -n bookinfo deploy/reviews-v2');
  });

  it('parses what the printers answer, and nothing they do not', () => {
    expect(parseLinkerd('linkerd check --pre', 'default')).toEqual({command: 'check', request: {pre: true, proxy: false, crds: false, namespace: '', output: 'table'}});
    expect(parseLinkerd('linkerd viz stat po -n bookinfo', 'default')).toEqual({command: 'stat', request: {targets: [{type: 'pod', names: []}], namespace: 'bookinfo', output: 'table'}});
    expect(parseLinkerd('linkerd viz stat svc/reviews -o json', 'default')).toEqual({command: 'stat', request: {targets: [{type: 'service', names: ['reviews']}], namespace: 'default', output: 'json'}});
    expect(parseLinkerd('linkerd viz stat rc -n bookinfo', 'default')).toEqual({command: 'stat', request: {targets: [{type: 'replicationcontroller', names: []}], namespace: 'bookinfo', output: 'table'}});
    // What the CLI refuses is its failure (tests/terminal/printers/linkerd-stat-errors.test.ts): pkg/k8s resourceNames has
    // no "authority" in 2.20, validateOutputFormat, validateNamespaceFlags, validateConflictingFlags.
    for (const line of ['linkerd viz stat authority -n bookinfo', 'linkerd viz stat deploy -o yaml', 'linkerd viz stat ns -n bookinfo', 'linkerd viz stat deploy -A -n bookinfo']) {
      expect(parseLinkerd(line, 'default'), line).toMatchObject({command: 'failure'});
    }
    // -A with the kubeconfig's namespace is no conflict.
    expect(parseLinkerd('linkerd viz stat deploy -A -n default', 'default')).toMatchObject({command: 'stat', request: {namespace: undefined}});
    expect(parseLinkerd('linkerd check --pre --proxy', 'default')).toBeUndefined();
    expect(parseLinkerd('linkerd install', 'default')).toBeUndefined();
  });
});

describe('a Linkerd session answers typed variants', () => {
  it('recorded commands in other spellings, and commands the recording lacks from the model', () => {
    const session = new ScenarioSession(loadSession('linkerd-proxy-not-injected').scenario, loadSession('linkerd-proxy-not-injected').models);
    const recorded = session.run('linkerd check -n bookinfo --proxy=true');
    expect(recorded.kind).toBe('output');
    expect(recorded.text).toContain('no "linkerd-proxy" containers found in the "bookinfo" namespace');
    // The recorded `linkerd inject --manual` step, typed another way: what the injector would add, and the
    // Deployment's own misplaced annotation dropped by the uninject pass inject runs first.
    const manual = session.run('kubectl get deployment reviews-v1 --namespace=bookinfo -oyaml | linkerd inject --manual -');
    expect(manual.kind).toBe('output');
    expect(manual.text).toContain('        linkerd.io/proxy-deployment: reviews-v1\n');
    expect(manual.text).toContain('        name: linkerd-proxy\n');
    expect(manual.text.slice(0, manual.text.indexOf('spec:'))).not.toContain('linkerd.io/inject');
    expect(manual.text.endsWith('---\n\ndeployment "reviews-v1" injected\n\n')).toBe(true);
    expect(session.state).toBe('deployment-annotated');
    expect(session.run('kubectl annotate ns bookinfo linkerd.io/inject=enabled').kind).toBe('output');
    expect(session.run('kubectl rollout restart deploy -n bookinfo').kind).toBe('output');
    expect(session.state).toBe('restarted');
    const stat = session.run('linkerd viz stat deploy/reviews-v1 --namespace=bookinfo');
    expect(stat).toEqual({kind: 'printed', text: expect.stringMatching(/^NAME +MESHED[^\n]*\nreviews-v1 +1\/1 +100\.00% +0\.3rps/)});
    expect(session.run('linkerd viz stat po -n bookinfo')).toEqual({kind: 'printed', text: expect.stringMatching(/^NAME +STATUS +MESHED[^\n]*\ndetails-v1-[a-z0-9-]+ +Running +1\/1 +100\.00% +0\.8rps/)});
    expect(session.run('linkerd viz stat rc -n bookinfo').kind).toBe('unknown');
  });
});

describe('the linkerd-inject session answers typed lines that change nothing', () => {
  it('linkerd inject --manual prints the proxy from linkerd-config\'s values and the cluster\'s trust anchor; viz stat --help its help', () => {
    const {scenario, models} = loadSession('linkerd-inject');
    const session = new ScenarioSession(scenario, models);
    const manual = session.run('kubectl get deploy details-v1 -n bookinfo -o yaml | linkerd inject --manual -');
    expect(manual.kind).toBe('printed');
    expect(manual.text).toContain('        linkerd.io/created-by: linkerd/cli version-2.20\n        linkerd.io/proxy-version: version-2.20\n        linkerd.io/trust-root-sha256: ');
    expect(manual.text).toContain('        name: linkerd-proxy\n');
    expect(manual.text).toContain('          value: |\n            -----BEGIN CERTIFICATE-----\n');
    expect(manual.text.endsWith('---\n\ndeployment "details-v1" injected\n\n')).toBe(true);
    expect(session.state).toBe('not-meshed');
    const help = session.run('linkerd viz stat --help');
    expect(help).toEqual({kind: 'printed', text: expect.stringMatching(/^Display traffic stats about one or many resources\.\n[^]*\nUsage:\n  linkerd viz stat \[flags\] \(RESOURCES\)\n/)});
  });
});
