/**
 * `linkerd viz stat` of Deployments from a model, against linkerd 2.20's own golden files
 * (viz/cmd/testdata, in ../shared/reference/linkerd-2.20/outputs): the emoji Deployment with two
 * running pods, one meshed, 120 successful requests over the 1m window (2.0rps), 123ms at every
 * percentile, 123 open TCP connections, 120 bytes each way (2.0B/s).
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {LinkerdWorkloadTraffic} from '../../../src/terminal/printers/linkerd-model';
import type {StateModel} from '../../../src/terminal/printers/model';
import {sharedFile} from '../../support/shared';
import {deploymentWithPods, modelOf} from './linkerd-support';

const outputs = sharedFile('reference/linkerd-2.20/outputs', "linkerd 2.20's golden CLI outputs");
const golden = (name: string): string => readFileSync(join(outputs.path, name), 'utf8');

const emoji = (namespace: string): LinkerdWorkloadTraffic => ({namespace, deployment: 'emoji', success: 120, failure: 0, latencyMs: {p50: 123, p95: 123, p99: 123}, tcpConnections: 123, readBytes: 120, writeBytes: 120});

function print(line: string, model: StateModel, namespace = 'emojivoto'): string {
  const printed = printFromModel(line, {namespace, placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
}

describe.skipIf(!outputs.available)('linkerd viz stat, as stat.go prints it', () => {
  const one = modelOf(deploymentWithPods('emojivoto', 'emoji', 2, 1), [emoji('emojivoto')]);
  const two = modelOf([...deploymentWithPods('emojivoto1', 'emoji', 2, 1), ...deploymentWithPods('emojivoto2', 'emoji', 2, 1)], [emoji('emojivoto1'), emoji('emojivoto2')]);

  it('one Deployment: NAME padded on the right, every other column right-aligned three spaces apart, MESHED as meshed/running pods', () => {
    expect(print('linkerd viz stat deploy/emoji', one)).toBe(golden('viz-stat_one_output.golden'));
    expect(print('linkerd viz stat deployments emoji -n emojivoto', one, 'default')).toBe(golden('viz-stat_one_output.golden'));
  });

  it('across namespaces: a NAMESPACE column first', () => {
    expect(print('linkerd viz stat deploy --all-namespaces', two)).toBe(golden('viz-stat_all_output.golden'));
  });

  it('-o wide adds the read and write byte rates', () => {
    expect(print('linkerd viz stat -o wide deploy emoji', one)).toBe(golden('viz-stat_one_tcp_output.golden'));
  });

  it('a meshed Deployment without requests prints dashes; an unmeshed one is left out, and nothing left is "No traffic found."', () => {
    const quiet = modelOf([...deploymentWithPods('emojivoto', 'emoji', 1, 1), ...deploymentWithPods('emojivoto', 'web', 1, 0)], []);
    expect(print('linkerd viz stat deploy', quiet)).toBe(
      'NAME    MESHED   SUCCESS   RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN\n' +
      'emoji      1/1         -     -             -             -             -          -\n');
    expect(print('linkerd viz stat deploy/web', quiet)).toBe('No traffic found.\n');
  });
});
