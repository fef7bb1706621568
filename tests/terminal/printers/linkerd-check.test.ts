/**
 * `linkerd check` from a session's model, against linkerd 2.20's golden files: the table format of
 * healthcheck_output.go (cli/cmd/testdata/check_output.golden) and the categories and checks of a
 * healthy `linkerd check --proxy` in their order (test/integration's check.proxy.golden).
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import {hintBaseUrl, printCheckResults} from '../../../src/terminal/printers/linkerd-check';
import type {StateModel} from '../../../src/terminal/printers/model';
import {sharedFile} from '../../support/shared';
import {sessionModels} from './linkerd-support';

const outputs = sharedFile('reference/linkerd-2.20/outputs', "linkerd 2.20's golden CLI outputs");
const golden = (name: string): string => readFileSync(join(outputs.path, name), 'utf8');

function check(line: string, model: StateModel): string {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
}

/** The state's model without the viz extension's namespace: no extension check runs. */
const withoutViz = (model: StateModel): StateModel => ({...model, objects: model.objects.filter((o) => !(o.kind === 'Namespace' && o.name === 'linkerd-viz'))});

const models = sessionModels('linkerd-proxy-not-injected');

describe.skipIf(!outputs.available)('linkerd check, as healthcheck_output.go prints it', () => {
  it('a category underlined with dashes, √ for a pass, × with its error and hint link indented under a failure, a blank line after the run', () => {
    expect(printCheckResults([
      {category: 'category', description: 'check1', warning: false, hint: 'https://linkerd.io/2/checks/#hint-anchor'},
      {category: 'category', description: 'check2', warning: false, hint: 'https://linkerd.io/2/checks/#hint-anchor', error: 'This should contain instructions for fail'},
    ])).toBe(golden('cli-check_output.golden'));
  });

  it('--proxy on a healthy mesh: the categories and checks of linkerd 2.20, in allCategories order, then the result line', () => {
    const text = check('linkerd check --proxy', withoutViz(models.restarted!));
    expect(text).toBe(`${golden('integration-check.proxy.golden')}\nStatus check results are \u221A\n`);
  });

  it('links hints to /2/ unless the version is a stable-X.Y release', () => {
    expect(hintBaseUrl('version-2.20')).toBe('https://linkerd.io/2/checks/#');
    expect(hintBaseUrl('stable-2.14.10')).toBe('https://linkerd.io/2.14/checks/#');
  });
});

describe('linkerd check judged from the model', () => {
  it('--proxy -n NS where no pod has a proxy: "data plane proxies are ready" fails, fatally, and the run ends there', () => {
    const text = check('linkerd check --proxy -n bookinfo', withoutViz(models['namespace-annotated']!));
    expect(text).toContain('\u00D7 data plane proxies are ready\n    no "linkerd-proxy" containers found in the "bookinfo" namespace\n    see https://linkerd.io/2/checks/#l5d-data-plane-ready for hints\n\nStatus check results are \u00D7\n');
    expect(text).not.toContain('data plane is up-to-date');
  });

  it('a namespace that does not exist fails "data plane namespace exists"', () => {
    expect(check('linkerd check --proxy --namespace=nowhere', withoutViz(models.restarted!))).toContain('\u00D7 data plane namespace exists\n    The "nowhere" namespace does not exist\n');
  });

  it('--pre on a cluster that already runs Linkerd fails "control plane namespace does not already exist" and runs no extension check', () => {
    const text = check('linkerd check --pre', models.restarted!);
    expect(text).toContain('pre-kubernetes-setup\n--------------------\n\u00D7 control plane namespace does not already exist\n    The "linkerd" namespace already exists\n    see https://linkerd.io/2/checks/#pre-ns for hints\n');
    expect(text).toContain('\u221A can create non-namespaced resources\n');
    expect(text).not.toContain('linkerd-viz');
  });

  it('an issuer certificate expiring within 60 days is a warning: ‼ and the run still succeeds', () => {
    const model = models.restarted!;
    const soon = {...model, linkerd: {...model.linkerd!, facts: {...model.linkerd!.facts, certificates: {...model.linkerd!.facts.certificates, issuer: '2026-12-20T00:00:00Z'}}}};
    const text = check('linkerd check', withoutViz(soon));
    expect(text).toContain('\u203C issuer cert is valid for at least 60 days\n    issuer certificate will expire on 2026-12-20T00:00:00Z\n    see https://linkerd.io/2/checks/#l5d-identity-issuer-cert-not-expiring-soon for hints\n');
    expect(text.endsWith('Status check results are \u221A\n')).toBe(true);
  });

  it('without --proxy: the control plane version and extension categories instead of the data plane\'s; viz\'s own checks follow when its namespace is labelled', () => {
    const text = check('linkerd check', models.restarted!);
    expect(text).toContain('control-plane-version\n---------------------\n\u221A can retrieve the control plane version\n');
    expect(text).toContain('linkerd-extension-checks\n------------------------\n\u221A namespace configuration for extensions\n\nlinkerd-viz\n-----------\n');
    expect(text).not.toContain('linkerd-data-plane');
    expect(text).not.toContain('linkerd-viz-data-plane');
  });

  it('a model without Linkerd facts is a gap, not an invented answer', () => {
    const {linkerd: _, ...bare} = models.restarted!;
    expect(printFromModel('linkerd check', {namespace: 'default', placeholders: {}}, bare)?.kind).toBe('gap');
  });
});
