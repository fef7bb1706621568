/**
 * `istioctl ztunnel-config connections` and `all`: istioctl 1.30.3's PrintConnectionsSummary (compared
 * with its golden connectionsummary*.txt) over the connections a session records per state, and
 * PrintFullSummary's sections (allsummary.txt, allsummary_withheaders.txt's layout).
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {StateModel} from '../../../src/terminal/printers/model';
import {printConnectionsSummary, type RecordedConnection} from '../../../src/terminal/printers/ztunnel-connections';
import type {ZtunnelDump} from '../../../src/terminal/printers/ztunnel-dump';
import {sharedFile} from '../../support/shared';
import {cluster, obj, print} from './ztunnel-support';

const goldens = sharedFile('reference/istio-1.30.3/istioctl-outputs/writer/ztunnel/configdump/testdata/connectionsummary.txt', "istioctl's ztunnel-config golden outputs");
const golden = (name: string): string => readFileSync(goldens.path.replace(/connectionsummary\.txt$/, name), 'utf8');

/** The golden's rows as recorded connections, read by the header's column offsets (REMOTE TARGET may be empty). */
function connectionsFromGolden(text: string): RecordedConnection[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const starts = ['DIRECTION', 'LOCAL', 'REMOTE', 'REMOTE TARGET', 'PROTOCOL'].map((title) => header!.indexOf(`${title} `) >= 0 ? header!.indexOf(`${title} `) : header!.indexOf(title));
  const cut = (line: string): string[] => [0, ...starts].map((start, i, all) => line.slice(start, all[i + 1] ?? line.length).trim());
  return lines.map((line) => {
    const [workload, direction, local, remote, target, protocol] = cut(line) as [string, string, string, string, string, 'HBONE'];
    const [pod, namespace] = [workload.slice(0, workload.lastIndexOf('.')), workload.slice(workload.lastIndexOf('.') + 1)];
    return direction === 'Inbound'
      ? {pod, namespace, direction: 'inbound', src: remote, originalDst: target, actualDst: local, protocol}
      : {pod, namespace, direction: 'outbound', src: local, originalDst: target, actualDst: remote, protocol};
  });
}

const EMPTY: ZtunnelDump = {workloads: [], services: [], policies: []};

describe('PrintConnectionsSummary', () => {
  it('prints connectionsummary.txt: workloads by namespace and name, inbound rows then outbound, whatever order they were recorded in', () => {
    const connections = connectionsFromGolden(golden('connectionsummary.txt'));
    // Workloads in reverse, each one's outbound connections first; within a direction, as recorded.
    const workloads = [...new Set(connections.map((c) => c.pod))].reverse();
    const shuffled = workloads.flatMap((pod) => ['outbound', 'inbound'].flatMap((direction) => connections.filter((c) => c.pod === pod && c.direction === direction)));
    expect(printConnectionsSummary(shuffled, EMPTY)).toBe(golden('connectionsummary.txt'));
  });

  it('filters to one workload as connectionsummary_workload.txt, and by direction', () => {
    const connections = connectionsFromGolden(golden('connectionsummary.txt'));
    expect(printConnectionsSummary(connections, EMPTY, {workload: 'productpage-v1-796f87b58-97bjk', namespace: 'bookinfo'})).toBe(golden('connectionsummary_workload.txt'));
    const outbound = printConnectionsSummary(connections, EMPTY, {direction: 'outbound'}).trimEnd().split('\n').slice(1);
    expect(outbound.map((line) => line.split(/ +/)[1])).toEqual(['Outbound', 'Outbound', 'Outbound']);
  });

  it('names addresses after the Service whose VIP they are, else the workload whose IP they are, keeping the port; --raw keeps them', () => {
    const dump: ZtunnelDump = {
      services: [{name: 'reviews', namespace: 'default', hostname: 'reviews.default.svc.cluster.local', addresses: ['/10.96.10.10'], endpoints: [], ports: []}],
      workloads: [{uid: 'Kubernetes//Pod/default/reviews-v1', name: 'reviews-v1', namespace: 'default', workloadIps: ['10.244.1.8']}],
      policies: [],
    } as unknown as ZtunnelDump;
    const outbound: RecordedConnection = {pod: 'productpage-v1', namespace: 'default', direction: 'outbound', src: '10.244.1.7:41234', originalDst: '10.96.10.10:9080', actualDst: '10.244.1.8:15008', protocol: 'HBONE'};
    const [, named] = printConnectionsSummary([outbound], dump).split('\n');
    expect(named!.split(/ +/)).toEqual(['productpage-v1.default', 'Outbound', '10.244.1.7:41234', 'reviews-v1.default:15008', 'reviews.default.svc.cluster.local:9080', 'HBONE']);
    const [, raw] = printConnectionsSummary([outbound], dump, {raw: true}).split('\n');
    expect(raw!.split(/ +/)).toEqual(['productpage-v1.default', 'Outbound', '10.244.1.7:41234', '10.244.1.8:15008', '10.96.10.10:9080', 'HBONE']);
  });
});

/** The small cluster with its ztunnel's certificates and the connections of one request, productpage to reviews. */
function recorded(): StateModel {
  return {
    ...cluster({'istio.io/dataplane-mode': 'ambient'}),
    now: Date.parse('2026-11-25T10:00:00Z'),
    ztunnel: {
      root: {serial: 'a61b9a9a6ce51d71c44bc37d0421b97f', notBefore: '2026-11-25T09:00:00Z', notAfter: '2036-11-22T09:00:00Z'},
      leaves: [{node: 'kind-worker', identity: 'spiffe://cluster.local/ns/default/sa/default', serial: '2e2ca020429df24b749b9340703c9fd6', notBefore: '2026-11-25T09:00:00Z', notAfter: '2026-11-26T09:00:00Z'}],
    },
    ztunnelConnections: [
      {pod: 'productpage-v1-6f9c7b4d8-2kq9z', namespace: 'default', direction: 'outbound', src: '10.244.1.7:41234', originalDst: '10.96.10.10:9080', actualDst: '10.244.1.8:15008', protocol: 'HBONE'},
      {pod: 'reviews-v1-5d8b9c7f4-q8w2m', namespace: 'default', direction: 'inbound', src: '10.244.1.7:41234', originalDst: 'reviews.default.svc.cluster.local', actualDst: '10.244.1.8:9080', protocol: 'HBONE'},
    ],
  };
}

describe('istioctl ztunnel-config connections', () => {
  it('asks the one ztunnel, or the workload pod\'s, about the recorded connections of its node', () => {
    const all = print('istioctl ztunnel-config connections', recorded());
    expect(all.split('\n')[1]!.split(/ +/)).toEqual(['productpage-v1-6f9c7b4d8-2kq9z.default', 'Outbound', 'productpage-v1-6f9c7b4d8-2kq9z.default:41234', 'reviews-v1-5d8b9c7f4-q8w2m.default:15008', 'reviews.default.svc.cluster.local:9080', 'HBONE']);
    expect(all.split('\n')[2]!.split(/ +/)).toEqual(['reviews-v1-5d8b9c7f4-q8w2m.default', 'Inbound', 'reviews-v1-5d8b9c7f4-q8w2m.default:9080', 'productpage-v1-6f9c7b4d8-2kq9z.default:41234', 'reviews.default.svc.cluster.local', 'HBONE']);
    const one = print('istioctl zc cons reviews-v1-5d8b9c7f4-q8w2m.default', recorded()).trimEnd().split('\n');
    expect(one.slice(1).map((line) => line.split(/ +/)[0])).toEqual(['reviews-v1-5d8b9c7f4-q8w2m.default']);
    expect(print('istioctl zc connections --node kind-worker --direction inbound --raw', recorded()).split('\n')[1]!.split(/ +/)[2]).toBe('10.244.1.8:9080');
  });

  it('needs one ztunnel, and refuses a state that records no connections', () => {
    const two = {...recorded(), objects: [...recorded().objects, obj('', 'Pod', 'istio-system', 'ztunnel-9zz8y', {metadata: {labels: {app: 'ztunnel'}}, spec: {nodeName: 'kind-worker2'}, status: {phase: 'Running', podIP: '10.244.2.3'}})]};
    expect(print('istioctl zc connections', two)).toBe('Error: ztunnel pod name or --node must be set\n');
    const gap = (line: string, model: StateModel) => printFromModel(line, {namespace: 'default', placeholders: {}}, model);
    expect(gap('istioctl zc connections', {...recorded(), ztunnelConnections: undefined})).toMatchObject({kind: 'gap', reason: expect.stringContaining('cluster.ztunnel.connections')});
  });
});

describe('istioctl ztunnel-config connections -o json|yaml (PrintConnectionsDump)', () => {
  const reviewsState = [
    '[',
    '    {',
    '        "state": "Up",',
    '        "connections": {',
    '            "inbound": [',
    '                {',
    '                    "src": "10.244.1.7:41234",',
    '                    "originalDst": "reviews.default.svc.cluster.local",',
    '                    "actualDst": "10.244.1.8:9080",',
    '                    "protocol": "HBONE"',
    '                }',
    '            ],',
    '            "outbound": []',
    '        },',
    '        "info": {',
    '            "name": "reviews-v1-5d8b9c7f4-q8w2m",',
    '            "namespace": "default",',
    '            "trustDomain": "",',
    '            "serviceAccount": "default"',
    '        }',
    '    }',
    ']',
    '',
  ].join('\n');

  it('prints a workload pod\'s state as api.go\'s WorkloadState: addresses as ztunnel gave them, the trust domain ztunnel does not send as ""', () => {
    expect(print('istioctl zc connections reviews-v1-5d8b9c7f4-q8w2m.default -o json', recorded())).toBe(reviewsState);
  });

  it('lists every pod the node captured, with connections or none, by namespace then name; the legacy pod and the ztunnel are not captured', () => {
    const states = JSON.parse(print('istioctl zc connections -o json', recorded())) as Array<{info: {name: string}; connections: {inbound: unknown[]; outbound: unknown[]}}>;
    expect(states.map((s) => s.info.name)).toEqual(['productpage-v1-6f9c7b4d8-2kq9z', 'reviews-v1-5d8b9c7f4-q8w2m', 'reviews-v2-7b6c5d4e3-t5r4e']);
    expect(states[2]!.connections).toEqual({inbound: [], outbound: []});
    // --direction and --raw shape the table only; --workload-namespace filters the states.
    expect(print('istioctl zc connections -o json --direction outbound --raw', recorded())).toBe(print('istioctl zc connections -o json', recorded()));
    expect(print('istioctl zc connections -o json --workload-namespace istio-system', recorded())).toBe('[]\n');
  });

  it('prints -o yaml as sigs.k8s.io/yaml JSONToYAML of the same JSON', () => {
    expect(print('istioctl zc connections reviews-v1-5d8b9c7f4-q8w2m.default -o yaml', recorded())).toBe([
      '- connections:',
      '    inbound:',
      '    - actualDst: 10.244.1.8:9080',
      '      originalDst: reviews.default.svc.cluster.local',
      '      protocol: HBONE',
      '      src: 10.244.1.7:41234',
      '    outbound: []',
      '  info:',
      '    name: reviews-v1-5d8b9c7f4-q8w2m',
      '    namespace: default',
      '    serviceAccount: default',
      '    trustDomain: ""',
      '  state: Up',
      '',
      '',
    ].join('\n'));
  });

  it('is a gap for a captured pod that is not Running: ztunnel may hold it Pending, or no longer', () => {
    const model = recorded();
    const pending = {...model, objects: model.objects.map((o) => (o.name === 'reviews-v2-7b6c5d4e3-t5r4e' ? {...o, value: {...(o.value as object), status: {phase: 'Pending', podIP: '10.244.1.9'}}} : o))};
    expect(printFromModel('istioctl zc connections -o json', {namespace: 'default', placeholders: {}}, pending)).toMatchObject({kind: 'gap', reason: expect.stringContaining('not Running')});
  });
});

describe('istioctl ztunnel-config all', () => {
  it('prints every section unfiltered, each after a blank line (allsummary.txt), headed with --with-headers (allsummary_withheaders.txt)', () => {
    const sections = [
      print('istioctl zc workloads', recorded()), print('istioctl zc services', recorded()), print('istioctl zc policies', recorded()),
      print('istioctl zc certificates', recorded()), print('istioctl zc connections', recorded()),
    ];
    expect(print('istioctl ztunnel-config all', recorded())).toBe(sections.map((s) => `\n${s}`).join(''));
    // A workload pod as argument picks the ztunnel, and filters nothing.
    expect(print('istioctl zc all reviews-v1-5d8b9c7f4-q8w2m.default', recorded())).toBe(sections.map((s) => `\n${s}`).join(''));
    const titles = ['WORKLOAD INFO', 'SERVICE INFO', 'POLICY INFO', 'SECRET INFO', 'CONNECTIONS INFO'];
    expect(print('istioctl zc all --with-headers', recorded())).toBe(sections.map((s, i) => `\n------ ${titles[i]} ------\n\n${s}`).join(''));
  });

  it('lays its sections out as the golden does', () => {
    const withHeaders = golden('allsummary_withheaders.txt');
    expect(withHeaders.startsWith('\n------ WORKLOAD INFO ------\n\nNAMESPACE ')).toBe(true);
    expect(withHeaders.replace(/------ [A-Z]+ INFO ------\n\n/g, '')).toBe(golden('allsummary.txt'));
  });

  it('refuses the whole config dump (-o json|yaml): ztunnel\'s own configuration and the PEMs are not in the model', () => {
    expect(printFromModel('istioctl zc all -o json', {namespace: 'default', placeholders: {}}, recorded())).toMatchObject({kind: 'gap', reason: expect.stringContaining('whole config dump')});
  });
});
