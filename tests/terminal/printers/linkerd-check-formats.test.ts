/**
 * `linkerd check -o short` and `-o json` (linkerd2 version-2.20 pkg/healthcheck/healthcheck_output.go
 * runChecksTable with prettyPrintResultsShort, runChecksJSON), against the CLI's JSON golden
 * (cli/cmd/testdata/check_output_json.golden) and the session models.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import {printCheckJson} from '../../../src/terminal/printers/linkerd-check';
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

const models = sessionModels('linkerd-proxy-not-injected');
const withoutViz = (model: StateModel): StateModel => ({...model, objects: model.objects.filter((o) => !(o.kind === 'Namespace' && o.name === 'linkerd-viz'))});

describe.skipIf(!outputs.available)('linkerd check -o json, as runChecksJSON marshals it', () => {
  it('CheckOutput with two-space indents: success, then categories with their checks; hint and error only on a failed check', () => {
    expect(printCheckJson({success: false, results: [
      {category: 'category', description: 'check1', warning: false, hint: 'https://linkerd.io/2/checks/#hint-anchor'},
      {category: 'category', description: 'check2', warning: false, hint: 'https://linkerd.io/2/checks/#hint-anchor', error: 'This should contain instructions for fail'},
    ]})).toBe(golden('cli-check_output_json.golden'));
  });
});

describe('linkerd check -o json from a session model', () => {
  it('prints one JSON object for the core checks and one for the viz extension, and no result line', () => {
    const text = check('linkerd check -o json', models.restarted!);
    expect(text).not.toContain('Status check results');
    const documents = text.split(/\n(?=\{)/).map((part) => JSON.parse(part) as {success: boolean; categories: {categoryName: string; checks: {result: string}[]}[]});
    expect(documents.map((d) => d.categories[0]!.categoryName)).toEqual(['kubernetes-api', 'linkerd-viz']);
    expect(documents.every((d) => d.success)).toBe(true);
    expect(documents[0]!.categories.map((c) => c.categoryName)).toContain('control-plane-version');
  });

  it('a failed check carries its hint, error (quotes escaped) and "error"; a failed warning is "warning" and keeps success true', () => {
    const failed = JSON.parse(check('linkerd check --proxy -n bookinfo --output=json', withoutViz(models['namespace-annotated']!))) as {success: boolean; categories: {categoryName: string; checks: Record<string, string>[]}[]};
    expect(failed.success).toBe(false);
    expect(failed.categories.at(-1)).toEqual({categoryName: 'linkerd-data-plane', checks: [
      {description: 'data plane namespace exists', result: 'success'},
      {description: 'data plane proxies are ready', hint: 'https://linkerd.io/2/checks/#l5d-data-plane-ready', error: 'no "linkerd-proxy" containers found in the "bookinfo" namespace', result: 'error'},
    ]});
    const model = models.restarted!;
    const soon = {...model, linkerd: {...model.linkerd!, facts: {...model.linkerd!.facts, certificates: {...model.linkerd!.facts.certificates, issuer: '2026-12-20T00:00:00Z'}}}};
    const warned = JSON.parse(check('linkerd check -ojson', withoutViz(soon))) as {success: boolean; categories: {checks: Record<string, string>[]}[]};
    expect(warned.success).toBe(true);
    expect(warned.categories.flatMap((c) => c.checks).filter((c) => c.result !== 'success')).toEqual([
      {description: 'issuer cert is valid for at least 60 days', hint: 'https://linkerd.io/2/checks/#l5d-identity-issuer-cert-not-expiring-soon', error: 'issuer certificate will expire on 2026-12-20T00:00:00Z', result: 'warning'},
    ]);
  });
});

describe('linkerd check -o short from a session model', () => {
  it('a healthy mesh prints only the result line: no passing check, no blank line', () => {
    expect(check('linkerd check -o short', models.restarted!)).toBe('Status check results are \u221A\n');
    expect(check('linkerd check --proxy -o short', models.restarted!)).toBe('Status check results are \u221A\n');
  });

  it('a failure prints its category, the failed check with error and hint, and the run\'s blank line; passing checks of that category are left out', () => {
    expect(check('linkerd check --proxy -n bookinfo -o short', withoutViz(models['namespace-annotated']!))).toBe(
      'linkerd-data-plane\n------------------\n' +
      '\u00D7 data plane proxies are ready\n    no "linkerd-proxy" containers found in the "bookinfo" namespace\n    see https://linkerd.io/2/checks/#l5d-data-plane-ready for hints\n\n' +
      'Status check results are \u00D7\n');
  });

  it('a warning alone prints ‼ under its category with the blank line, and the run still succeeds', () => {
    const model = models.restarted!;
    const soon = {...model, linkerd: {...model.linkerd!, facts: {...model.linkerd!.facts, certificates: {...model.linkerd!.facts.certificates, issuer: '2026-12-20T00:00:00Z'}}}};
    expect(check('linkerd check -o short', withoutViz(soon))).toBe(
      'linkerd-identity\n----------------\n' +
      '\u203C issuer cert is valid for at least 60 days\n    issuer certificate will expire on 2026-12-20T00:00:00Z\n    see https://linkerd.io/2/checks/#l5d-identity-issuer-cert-not-expiring-soon for hints\n\n' +
      'Status check results are \u221A\n');
  });

  it('an output format check does not know is refused', () => {
    expect(printFromModel('linkerd check -o wide', {namespace: 'default', placeholders: {}}, models.restarted!)).toBeUndefined();
  });
});
