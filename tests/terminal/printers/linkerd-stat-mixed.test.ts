/**
 * `linkerd viz stat` of several resource types in one line (linkerd2 version-2.20 viz/cmd/stat.go):
 * buildStatSummaryRequests sends one request per target; writeStatsToBuffer keys the rows by type,
 * and printStatTables prints one table per type in pkg/k8s AllResources' order, a blank line
 * between them (which also ends the tabwriter's column blocks), names prefixed with the type's short
 * name (`deploy/web`) when several tables print. The NAME width is reckoned with the prefix whenever
 * the API returned rows of several types, even when only one table is left to print.
 */
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import {parseLinkerd} from '../../../src/terminal/printers/linkerd-command';
import type {StateModel} from '../../../src/terminal/printers/model';
import {deploymentWithPods, modelOf} from './linkerd-support';

const figures = {success: 120, failure: 0, latencyMs: {p50: 123, p95: 123, p99: 123}, tcpConnections: 123, readBytes: 120, writeBytes: 120};
/** web: one meshed pod with traffic; vote: one unmeshed pod. */
const model: StateModel = modelOf([...deploymentWithPods('emojivoto', 'web', 1, 1), ...deploymentWithPods('emojivoto', 'vote', 1, 0)], [{namespace: 'emojivoto', deployment: 'web', ...figures}]);
const WEB_POD = 'web-5d8f9c7b6d-p0abc';

function print(line: string): string {
  const result = printFromModel(line, {namespace: 'emojivoto', placeholders: {}}, model);
  if (result?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(result)}`);
  return result.text;
}

describe('viz stat with several resource types', () => {
  it('prints a table per type, a blank line between, names prefixed and NAME as wide as the longest prefixed name', () => {
    expect(print(`linkerd viz stat deploy/web po/${WEB_POD}`)).toBe([
      'NAME                      MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN',
      'deploy/web                   1/1   100.00%   2.0rps         123ms         123ms         123ms        123',
      '',
      'NAME                       STATUS   MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN',
      `po/${WEB_POD}   Running      1/1   100.00%   2.0rps         123ms         123ms         123ms        123`,
      '',
    ].join('\n'));
  });

  it('orders the tables by AllResources, not by the line', () => {
    expect(print(`linkerd viz stat po/${WEB_POD} deployment/web`)).toBe(print(`linkerd viz stat deploy/web po/${WEB_POD}`));
  });

  it('a type whose rows are all skipped (no meshed pod) prints no table, yet its rows widened NAME with the prefix', () => {
    expect(print('linkerd viz stat deploy/web po/vote-5d8f9c7b6d-p0abc')).toBe([
      'NAME         MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN',
      'web             1/1   100.00%   2.0rps         123ms         123ms         123ms        123',
      '',
    ].join('\n'));
  });

  it('-o json lists every table\'s rows in AllResources\' order, each with its kind and its name unprefixed', () => {
    const rows = JSON.parse(print(`linkerd viz stat po/${WEB_POD} deploy/web -o json`)) as Array<{kind: string; name: string}>;
    expect(rows.map((row) => `${row.kind} ${row.name}`)).toEqual(['deployment web', `pod ${WEB_POD}`]);
  });

  it('a named object the cluster lacks fails its request, and stat prints that error alone', () => {
    expect(print('linkerd viz stat deploy/web po/x')).toBe('StatSummary API error: rpc error: code = NotFound desc = pod "x" not found');
  });

  it('reads the line as BuildResources does: no comma lists, a leading type names the rest', () => {
    expect(print('linkerd viz stat deploy,po')).toMatch(/^Error: error creating metrics request while making stats request: cannot find Kubernetes canonical name from friendly name \[deploy,po\]\nUsage:/);
    expect(parseLinkerd('linkerd viz stat po deploy', 'emojivoto')).toMatchObject({request: {targets: [{type: 'pod', names: ['deploy']}]}});
    expect(parseLinkerd('linkerd viz stat po/a deploy/web po/b', 'emojivoto')).toMatchObject({request: {targets: [{type: 'pod', names: ['a', 'b']}, {type: 'deployment', names: ['web']}]}});
  });
});

describe('viz stat with a type both alone and named in one line', () => {
  const all = print('linkerd viz stat deploy');

  it('a request for every object and one for the named: one table, each row once (writeStatsToBuffer keys rows by namespace/name)', () => {
    expect(all).toContain('\nweb ');
    for (const line of ['linkerd viz stat deploy/web deploy', 'linkerd viz stat deploy/ deploy/web', 'linkerd viz stat deploy/web deployments/']) expect(print(line), line).toBe(all);
    expect(parseLinkerd('linkerd viz stat deploy/web deploy', 'emojivoto')).toMatchObject({request: {targets: [{type: 'deployment', names: ['web'], everyObject: true}]}});
    // With another type beside it, NAME is prefixed and the tables stay one per type.
    expect(print(`linkerd viz stat deploy/web po/${WEB_POD} deploy/`)).toBe(print(`linkerd viz stat deploy/web po/${WEB_POD}`));
  });

  it('the named request still fails on an object the cluster lacks, and only its error prints', () => {
    expect(print('linkerd viz stat deploy/nope deploy')).toBe('StatSummary API error: rpc error: code = NotFound desc = deployment.apps "nope" not found');
  });

  it('a leading type makes the rest names (BuildResources), so `deploy deploy/web` asks for a Deployment named "deploy/web"', () => {
    expect(parseLinkerd('linkerd viz stat deploy deploy/web', 'emojivoto')).toMatchObject({request: {targets: [{type: 'deployment', names: ['deploy/web']}]}});
    expect(print('linkerd viz stat deploy deploy/web')).toBe('StatSummary API error: rpc error: code = NotFound desc = deployment.apps "deploy/web" not found');
  });

  // With --to or --from: tests/terminal/printers/linkerd-stat-outbound.test.ts.
});
