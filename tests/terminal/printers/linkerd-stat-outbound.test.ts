/**
 * `linkerd viz stat … --from|--to TYPE/NAME` (linkerd2 version-2.20 viz/cmd/stat.go with the metrics
 * API's buildRequestLabels and buildServiceRequestLabels): outbound metrics seen by the client's proxy,
 * summed over the model's edges (cluster.linkerd.stateTraffic.<state>.edges), one row per key with
 * metrics (getResultKeys).
 */
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import {parseLinkerd} from '../../../src/terminal/printers/linkerd-command';
import type {LinkerdEdgeTraffic} from '../../../src/terminal/printers/linkerd-model';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {deploymentWithPods, FACTS, modelOf, sessionModels} from './linkerd-support';

function answer(line: string, model: StateModel): {kind: string; text?: string; reason?: string} {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (!printed) throw new Error(`no printer covers "${line}"`);
  return printed;
}

const print = (line: string, model: StateModel): string => {
  const printed = answer(line, model);
  if (printed.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text!;
};

const edge = (from: string, to: string, service: string, success: number, extra: Partial<LinkerdEdgeTraffic> = {}): LinkerdEdgeTraffic =>
  ({namespace: 'emojivoto', from, to, service, success, failure: 0, latencyMs: {p50: 3, p95: 7, p99: 9}, tcpConnections: 1, ...extra});

/** web (meshed) calls emoji and voting; vote-bot (not meshed: it reports nothing) calls web. */
function emojivoto(edges: LinkerdEdgeTraffic[]): StateModel {
  const objects = [...deploymentWithPods('emojivoto', 'web', 1, 1), ...deploymentWithPods('emojivoto', 'emoji', 1, 1), ...deploymentWithPods('emojivoto', 'voting', 1, 0)];
  return {...modelOf(objects, []), linkerd: {facts: FACTS, traffic: [], stateTraffic: {edges}}};
}

describe('linkerd viz stat --from and --to: the recorded 403 case', () => {
  const models = sessionModels('linkerd-403');

  it('--from deploy/productpage-v1: one row per workload productpage called, with the caller\'s figures (403s are not 5xx: 100% success)', () => {
    expect(print('linkerd viz stat deploy -n bookinfo --from deploy/productpage-v1', models.denied!)).toBe([
      'NAME         MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN',
      'details-v1      1/1   100.00%   0.8rps           2ms           4ms           5ms          1',
      'reviews-v1      1/1   100.00%   0.3rps           1ms           2ms           2ms          1',
      'reviews-v2      1/1   100.00%   0.3rps           1ms           2ms           2ms          1',
      'reviews-v3      1/1   100.00%   0.3rps           1ms           2ms           2ms          1', ''].join('\n'));
  });

  it('--to deploy/ratings-v1: the callers of ratings, after the fix reviews-v2 and v3', () => {
    const text = print('linkerd viz stat deploy --to deploy/ratings-v1 -n bookinfo', models.allowed!);
    expect(text.split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['NAME', 'reviews-v2', 'reviews-v3', '']);
    expect(print('linkerd viz stat deploy --to deploy/ratings-v1 -n bookinfo', models.denied!)).toBe('No traffic found.\n');
  });
});

describe('linkerd viz stat --from and --to: rows', () => {
  const model = emojivoto([edge('web', 'emoji', 'emoji-svc', 60), edge('web', 'voting', 'voting-svc', 30, {failure: 30}), edge('voting', 'web', 'web-svc', 12)]);

  it('--from: the destinations, an unmeshed one included (its caller reports); named Deployments narrow the rows', () => {
    const text = print('linkerd viz stat deploy -n emojivoto --from deploy/web', model);
    expect(text).toBe([
      'NAME     MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN',
      'emoji       1/1   100.00%   1.0rps           3ms           7ms           9ms          1',
      'voting      0/1    50.00%   1.0rps           3ms           7ms           9ms          1', ''].join('\n'));
    expect(print('linkerd viz stat deploy/emoji -n emojivoto --from deploy/web', model).split('\n')).toHaveLength(3);
  });

  it('--to: the callers; one without a meshed pod is left out as without --to', () => {
    expect(print('linkerd viz stat deploy -n emojivoto --to deploy/web', model)).toBe('No traffic found.\n');
    expect(print('linkerd viz stat deploy -n emojivoto --to deploy/emoji', model)).toContain('\nweb ');
  });

  it('--to svc/NAME selects by the Service the requests were addressed to; stat svc groups by it', () => {
    expect(print('linkerd viz stat deploy -n emojivoto --to svc/voting-svc', model)).toMatch(/\nweb +1\/1 +50\.00% +1\.0rps/);
    const services = print('linkerd viz stat svc -n emojivoto --from deploy/web', model);
    expect(services.split('\n').map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual(['NAME MESHED', 'emoji-svc -', 'voting-svc -', '']);
  });

  it('-o json lists the same rows', () => {
    const rows = JSON.parse(print('linkerd viz stat deploy -n emojivoto --from deploy/web -o json', model)) as {name: string; success: number; rps: number}[];
    expect(rows.map((r) => [r.name, r.success, r.rps])).toEqual([['emoji', 1, 1], ['voting', 0.5, 1]]);
  });

  it('--to-namespace: the destination in another namespace', () => {
    const across = emojivoto([edge('web', 'books', 'books', 6, {toNamespace: 'library'})]);
    expect(print('linkerd viz stat deploy -n emojivoto --to deploy/books --to-namespace library', across)).toContain('\nweb ');
    expect(print('linkerd viz stat deploy -n emojivoto --to deploy/books', across)).toBe('No traffic found.\n');
  });

  it('a named Deployment the cluster lacks is the lister\'s NotFound', () => {
    expect(print('linkerd viz stat deploy/nope -n emojivoto --from deploy/web', model)).toBe('StatSummary API error: rpc error: code = NotFound desc = deployment.apps "nope" not found');
  });

  it('what the model does not give is a gap: several edges with requests in one row (merged percentiles), a state without edges', () => {
    const two = emojivoto([edge('web', 'emoji', 'emoji-svc', 60), edge('voting', 'emoji', 'emoji-svc', 6)]);
    expect(answer('linkerd viz stat deploy -n emojivoto --to deploy/emoji', two).kind).toBe('printed');
    expect(answer('linkerd viz stat svc -n emojivoto --to deploy/emoji', two)).toMatchObject({kind: 'gap', reason: expect.stringMatching(/merged latency histograms/)});
    const none = {...emojivoto([]), linkerd: {facts: FACTS, traffic: []}};
    expect(answer('linkerd viz stat deploy -n emojivoto --from deploy/web', none)).toMatchObject({kind: 'gap', reason: expect.stringMatching(/stateTraffic.<state>.edges/)});
  });
});

describe('linkerd viz stat --from and --to: pods and namespaces', () => {
  const namespace = (name: string): ModelObject => ({group: '', kind: 'Namespace', namespace: '', name, value: {metadata: {name}}});
  const pod = (deployment: string): string => `${deployment}-5d8f9c7b6d-p0abc`;
  const model = (edges: LinkerdEdgeTraffic[], extra: ModelObject[] = []): StateModel => {
    const base = emojivoto(edges);
    return {...base, objects: [...base.objects, ...deploymentWithPods('library', 'books', 1, 1), namespace('emojivoto'), namespace('library'), ...extra]};
  };
  const edges = [edge('web', 'emoji', 'emoji-svc', 60), edge('web', 'books', 'books', 6, {toNamespace: 'library'}), edge('voting', 'web', 'web-svc', 12)];

  it('stat po --to: the client pods (the `pod` label of the caller\'s proxy) with STATUS, an unmeshed caller left out', () => {
    expect(print('linkerd viz stat po -n emojivoto --to deploy/emoji', model(edges))).toBe([
      'NAME                    STATUS   MESHED   SUCCESS      RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN',
      `${pod('web')}   Running      1/1   100.00%   1.0rps           3ms           7ms           9ms          1`, ''].join('\n'));
    expect(print('linkerd viz stat po -n emojivoto --to deploy/web', model(edges))).toBe('No traffic found.\n');
  });

  it('stat po --from: the destination pods in the stat\'d namespace; --to po/NAME picks the pod\'s own Deployment', () => {
    const from = print(`linkerd viz stat po -n emojivoto --from po/${pod('web')}`, model(edges));
    expect(from.split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['NAME', pod('emoji'), '']);
    expect(print(`linkerd viz stat deploy -n emojivoto --to po/${pod('emoji')}`, model(edges))).toContain('\nweb ');
    expect(print('linkerd viz stat deploy -n emojivoto --to po/web-nope', model(edges))).toBe('No traffic found.\n');
  });

  it('-A: every namespace\'s pods; the --to resource without --to-namespace matches in any namespace', () => {
    const all = print('linkerd viz stat po -A --from deploy/web', model(edges));
    expect(all.split('\n').map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual(['NAMESPACE NAME', `emojivoto ${pod('emoji')}`, `library ${pod('books')}`, '']);
    expect(print('linkerd viz stat deploy -A --to deploy/books', model(edges))).toMatch(/\nemojivoto +web +1\/1/);
  });

  it('stat ns --from ns/NAME: one row per destination namespace, MESHED over its pods; --to ns/NAME: the callers\' namespaces', () => {
    const outward = model(edges.slice(0, 2));
    const text = print('linkerd viz stat ns --from ns/emojivoto', outward);
    expect(text.split('\n').map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual(['NAME MESHED SUCCESS', 'emojivoto 2/3 100.00%', 'library 1/1 100.00%', '']);
    expect(print('linkerd viz stat ns --to ns/library', outward)).toMatch(/^NAME +MESHED.*\nemojivoto +2\/3 +100\.00% +0\.1rps/);
    // Two workloads' requests in one namespace row need their merged histograms.
    expect(answer('linkerd viz stat ns --from ns/emojivoto', model(edges))).toMatchObject({kind: 'gap'});
  });

  it('a gap when a Deployment of several pods sent or received the requests: the model\'s edges do not say which pod', () => {
    const crowded = {...model([edge('web', 'emoji', 'emoji-svc', 60)]), objects: [...deploymentWithPods('emojivoto', 'web', 2, 2), ...deploymentWithPods('emojivoto', 'emoji', 1, 1)]};
    expect(answer('linkerd viz stat po -n emojivoto --to deploy/emoji', crowded)).toMatchObject({kind: 'gap', reason: expect.stringMatching(/emojivoto\/web.*2 pods/)});
    expect(print('linkerd viz stat deploy -n emojivoto --to deploy/emoji', crowded)).toContain('\nweb ');
  });

  it('a named pod the cluster lacks is the lister\'s NotFound', () => {
    expect(print('linkerd viz stat po/nope -n emojivoto --to deploy/emoji', model(edges))).toBe('StatSummary API error: rpc error: code = NotFound desc = pod "nope" not found');
  });
});

describe('linkerd viz stat --from and --to with a type both alone and named', () => {
  const model = emojivoto([edge('web', 'emoji', 'emoji-svc', 60), edge('web', 'voting', 'voting-svc', 30, {failure: 30}), edge('voting', 'web', 'web-svc', 12)]);

  it('the request for every object brings all its rows, the named one\'s once (k8sResourceQuery per request, rows keyed by namespace/name)', () => {
    const every = print('linkerd viz stat deploy -n emojivoto --from deploy/web', model);
    expect(every.split('\n')).toHaveLength(4);
    for (const line of ['linkerd viz stat deploy/emoji deploy -n emojivoto --from deploy/web', 'linkerd viz stat deploy/ deploy/emoji -n emojivoto --from deploy/web']) {
      expect(print(line, model), line).toBe(every);
    }
    // --to: a named caller and every caller of emoji: web's row once.
    expect(print('linkerd viz stat deploy/web deploy -n emojivoto --to deploy/emoji', model)).toBe(print('linkerd viz stat deploy -n emojivoto --to deploy/emoji', model));
    expect(parseLinkerd('linkerd viz stat deploy/web deploy --to deploy/emoji', 'emojivoto')).toMatchObject({request: {
      targets: [{type: 'deployment', names: ['web'], everyObject: true}], outbound: {direction: 'to', type: 'deployment', name: 'emoji'}}});
  });

  it('a named object with no outbound metrics adds no row, and one the cluster lacks fails its request alone', () => {
    // voting is not among emoji's callers: the named request returns no row, the one for every object web's.
    expect(print('linkerd viz stat deploy/voting deploy -n emojivoto --to deploy/emoji', model)).toBe(print('linkerd viz stat deploy -n emojivoto --to deploy/emoji', model));
    expect(print('linkerd viz stat deploy/nope deploy -n emojivoto --from deploy/web', model)).toBe('StatSummary API error: rpc error: code = NotFound desc = deployment.apps "nope" not found');
  });

  it('each request is validated as stat.go validates one: the named one under -A, namespace flags with namespaces', () => {
    const failure = (line: string): string => {
      const parsed = parseLinkerd(line, 'emojivoto');
      if (parsed?.command !== 'failure') throw new Error(`not refused by the CLI: ${line}`);
      return parsed.text.split('\n')[0]!;
    };
    expect(failure('linkerd viz stat deploy/web deploy -A --to deploy/emoji'))
      .toBe('Error: error creating metrics request while making stats request: stats for a resource cannot be retrieved by name across all namespaces');
    expect(failure('linkerd viz stat ns/emojivoto ns --from deploy/web --from-namespace emojivoto'))
      .toBe('Error: error creating metrics request while making stats request: --from-namespace flag is incompatible with namespace resource type');
    expect(failure('linkerd viz stat deploy/web deploy --to deploy/emoji --from deploy/voting'))
      .toBe('Error: error creating metrics request while making stats request: --to and --from flags are mutually exclusive');
  });
});

describe('linkerd viz stat --from and --to: the line', () => {
  it('reads TYPE/NAME and the namespace flags as stat.go and BuildStatSummaryRequest do', () => {
    expect(parseLinkerd('linkerd viz stat deploy --from=deploy/web --from-namespace other -n emojivoto', 'default')).toEqual({command: 'stat', request: {
      targets: [{type: 'deployment', names: []}], namespace: 'emojivoto', output: 'table', outbound: {direction: 'from', type: 'deployment', name: 'web', namespace: 'other'}}});
    expect(parseLinkerd('linkerd viz stat deployments --to svc/web-svc', 'emojivoto')).toMatchObject({request: {outbound: {direction: 'to', type: 'service', name: 'web-svc', namespace: 'emojivoto'}}});
    expect(parseLinkerd('linkerd viz stat pods --to deploy/hello1 --to-namespace test --all-namespaces', 'default')).toMatchObject({request: {
      targets: [{type: 'pod'}], namespace: undefined, outbound: {direction: 'to', type: 'deployment', name: 'hello1', namespace: 'test'}}});
    // Under -A without --to-namespace the --to resource has no namespace: any namespace's matches.
    expect(parseLinkerd('linkerd viz stat po -A --to po/web-1', 'default')).toMatchObject({request: {outbound: {type: 'pod', name: 'web-1', namespace: undefined}}});
    expect(parseLinkerd('linkerd viz stat namespaces --from ns/default', 'x')).toMatchObject({request: {targets: [{type: 'namespace'}], outbound: {direction: 'from', type: 'namespace', name: 'default'}}});
  });

  it('prints the CLI\'s failure for what stat.go rejects', () => {
    for (const line of ['linkerd viz stat deploy --to deploy/a --from deploy/b', 'linkerd viz stat ns --to deploy/a --to-namespace x', 'linkerd viz stat deploy --to deploy/a/b']) {
      expect(parseLinkerd(line, 'default'), line).toMatchObject({command: 'failure'});
    }
  });

  it('refuses what the metrics API rejects, and what the model does not answer', () => {
    for (const line of [
      'linkerd viz stat deploy --to deploy/a --from-namespace x', 'linkerd viz stat deploy --from svc/web',
      'linkerd viz stat deploy --to-namespace x', 'linkerd viz stat sts --to deploy/a', 'linkerd viz stat deploy --to sts/web',
      'linkerd viz stat po --from svc/web', 'linkerd viz stat deploy --to deploy',
      'linkerd check --to deploy/a', 'linkerd viz authz deploy/web --from deploy/a', 'linkerd diagnostics policy po/web 80 --to deploy/a',
    ]) {
      expect(parseLinkerd(line, 'default'), line).toBeUndefined();
    }
  });
});
