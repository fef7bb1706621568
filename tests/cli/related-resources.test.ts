/**
 * Diagnostics that name related resources (the other VirtualServices of a host, the other
 * Gateways of a port, the other Sidecars of a pod...) name the first 10, in istioctl's order
 * and wording, and count the rest: with n resources in conflict, listing all of them in each
 * of the n messages made a CI run's report quadratic (issue 9). Up to 10 the messages are
 * istioctl's, unchanged (tests/engine/analysis checks those).
 */
import {describe, expect, it} from 'vitest';
import {validateYaml, type Diagnostic} from '../../src/engine/index';

const join = (documents: string[]) => documents.join('---\n');
const run = (text: string) => validateYaml(text, {maxBytes: 1 << 26, documents: false}).diagnostics;
const withCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code).map((d) => d.message);
const names = (prefix: string, count: number, separator: string, namespace = '') =>
  Array.from({length: count}, (_, i) => `${namespace}${prefix}${i}`).join(separator);
/** The first 10 of `prefix0`…`prefix{count-1}` without `except`, in Go's sort.Strings order (g-1, g-10, g-11, g-2…). */
const firstSorted = (prefix: string, count: number, separator: string, namespace: string, except?: number) =>
  Array.from({length: count}, (_, i) => i).filter((i) => i !== except).map((i) => `${namespace}${prefix}${i}`).sort().slice(0, 10).join(separator);

const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default, labels: {app: a}}\nspec:\n  containers: [{name: c, image: i}]\n';
const virtualService = (i: number) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs-${i}}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n`;
const sidecar = (i: number, selected: boolean) =>
  `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s-${i}, namespace: default}\nspec:${selected ? '\n  workloadSelector: {labels: {app: a}}\n' : ' {}\n'}`;
const telemetry = (i: number, selected: boolean) =>
  `apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: {name: t-${i}, namespace: default}\nspec:${selected ? '\n  selector: {matchLabels: {app: a}}\n' : ' {}\n'}`;
const gateway = (i: number, server: string) =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g-${i}, namespace: default}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n${server}`;
const sharedHost = (i: number) => gateway(i, '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [shop.example.com]\n');
const sharedCertificate = (i: number) =>
  gateway(i, `  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [h${i}.example.com]\n    tls: {mode: SIMPLE, credentialName: shared}\n`);

describe('IST0109: VirtualServices for one host on the mesh gateway', () => {
  const message = (list: string) => `The VirtualServices ${list} associated with mesh gateway define the same host */reviews.default.svc.cluster.local ` +
    'which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.';

  it('lists all of 10, sorted, as istioctl does', () => {
    const found = withCode(run(join(Array.from({length: 10}, (_, i) => virtualService(i)))), 'IST0109');
    expect(found).toEqual(Array(10).fill(message(names('vs-', 10, ',', 'default/'))));
  });

  it('names the first 10 of 13 in sorted order and counts the other 3', () => {
    const found = withCode(run(join(Array.from({length: 13}, (_, i) => virtualService(i)))), 'IST0109');
    expect(found).toEqual(Array(13).fill(message(`${firstSorted('vs-', 13, ',', 'default/')} and 3 more`)));
  });
});

describe('selector conflicts', () => {
  it('IST0110: Sidecars selecting the same pod', () => {
    const found = withCode(run(join([pod, ...Array.from({length: 12}, (_, i) => sidecar(i, true))])), 'IST0110');
    expect(found).toHaveLength(12);
    expect(new Set(found)).toEqual(new Set([`The Sidecars [${names('s-', 10, ' ')} and 2 more] in namespace "default" select the same workload pod "p", which can lead to undefined behavior.`]));
  });

  it('IST0111: Sidecars without selector in one namespace', () => {
    const found = withCode(run(join(Array.from({length: 12}, (_, i) => sidecar(i, false)))), 'IST0111');
    expect(new Set(found)).toEqual(new Set([`The Sidecars [${names('s-', 10, ' ')} and 2 more] in namespace "default" have no workload selector, which can lead to undefined behavior.`]));
  });

  it('IST0159 and IST0160: Telemetries, names sorted as istioctl sorts them', () => {
    const sorted = Array.from({length: 12}, (_, i) => `t-${i}`).sort().slice(0, 10).join(' ');
    const selecting = withCode(run(join([pod, ...Array.from({length: 12}, (_, i) => telemetry(i, true))])), 'IST0159');
    expect(new Set(selecting)).toEqual(new Set([`The Telemetries [${sorted} and 2 more] in namespace "default" select the same workload pod "p", which can lead to undefined behavior.`]));
    const selectorless = withCode(run(join(Array.from({length: 12}, (_, i) => telemetry(i, false)))), 'IST0160');
    expect(new Set(selectorless)).toEqual(new Set([`The Telemetries [${sorted} and 2 more] in namespace "default" have no workload selector, which can lead to undefined behavior.`]));
  });
});

describe('Gateways', () => {
  it('IST0145: each server names the first 10 other Gateways with the same host, sorted', () => {
    const found = withCode(run(join(Array.from({length: 13}, (_, i) => sharedHost(i)))), 'IST0145');
    expect(found).toHaveLength(13);
    expect(found[0]).toBe(`Conflict with gateways ${firstSorted('g-', 13, ',', 'default/', 0)} and 2 more ` +
      '(workload selector istio=ingressgateway, port 80, hosts shop.example.com).');
    expect(found[12]).toBe(`Conflict with gateways ${firstSorted('g-', 13, ',', 'default/', 12)} and 2 more (workload selector istio=ingressgateway, port 80, hosts shop.example.com).`);
  });

  it('IST0145 with two hosts: the Gateways of either, each once, in the same bounded list', () => {
    const both = gateway(13, '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [shop.example.com, "*"]\n');
    const found = run(join([...Array.from({length: 13}, (_, i) => sharedHost(i)), both])).filter((d) => d.code === 'IST0145' && d.document === 13);
    expect(found.map((d) => d.message)).toEqual([`Conflict with gateways ${firstSorted('g-', 13, ',', 'default/')} and 3 more (workload selector istio=ingressgateway, port 80, hosts shop.example.com,*).`]);
  });

  it('IST0138: past 10 Gateways sharing a certificate, one message each naming the first, not one per pair', () => {
    const few = withCode(run(join(Array.from({length: 3}, (_, i) => sharedCertificate(i)))), 'IST0138');
    expect(few).toContain('Duplicate certificate in multiple gateways [default/g-0 default/g-2] may cause 404s if clients re-use HTTP2 connections.');
    expect(few).toHaveLength(6);

    const found = run(join(Array.from({length: 14}, (_, i) => sharedCertificate(i)))).filter((d) => d.code === 'IST0138');
    expect(found).toHaveLength(14);
    expect(found[0]!.message).toBe(`Duplicate certificate in multiple gateways [${names('g-', 10, ' ', 'default/')} and 4 more] may cause 404s if clients re-use HTTP2 connections.`);
    // The Gateway reported comes first, then the others in order.
    expect(found[13]!.message).toBe(`Duplicate certificate in multiple gateways [default/g-13 ${names('g-', 9, ' ', 'default/')} and 4 more] may cause 404s if clients re-use HTTP2 connections.`);
  });

  it('IST0138 only counts Gateways whose selector includes the reported one\'s', () => {
    const narrow = (i: number) => sharedCertificate(i).replace('{istio: ingressgateway}', '{istio: ingressgateway, zone: a}');
    const found = run(join([...Array.from({length: 12}, (_, i) => narrow(i)), sharedCertificate(12)])).filter((d) => d.code === 'IST0138');
    // g-12's selector {istio} is included in every other's: it names them all; the narrow ones do not name g-12.
    expect(found.filter((d) => d.document === 12).map((d) => d.message))
      .toEqual([`Duplicate certificate in multiple gateways [default/g-12 ${names('g-', 9, ' ', 'default/')} and 3 more] may cause 404s if clients re-use HTTP2 connections.`]);
    expect(found.filter((d) => d.document === 0).map((d) => d.message))
      .toEqual([`Duplicate certificate in multiple gateways [default/g-0 ${names('g-', 10, ' ', 'default/').replace('default/g-0 ', '')} and 2 more] may cause 404s if clients re-use HTTP2 connections.`]);
  });
});

describe('lists of a resource\'s own values', () => {
  it('IST0132 names the first 10 hosts of the VirtualService', () => {
    const hosts = Array.from({length: 15}, (_, i) => `h${i}.example.com`);
    const text = join([gateway(0, '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [other.example.com]\n'),
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v, namespace: default}\nspec:\n  gateways: [g-0]\n  hosts: [${hosts.join(', ')}]\n  http:\n  - route:\n    - destination: {host: h0.example.com}\n`]);
    expect(withCode(run(text), 'IST0132')).toEqual([`one or more host [${hosts.slice(0, 10).join(' ')} and 5 more] defined in VirtualService default/v not found in Gateway default/g-0.`]);
  });

  it('IST0112 names the first 10 ports of the Service', () => {
    const ports = Array.from({length: 12}, (_, i) => `{port: ${8000 + i}, name: http-${i}}`).join(', ');
    const text = join([`apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: default}\nspec:\n  ports: [${ports}]\n`,
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v, namespace: default}\nspec:\n  hosts: [s]\n  http:\n  - route:\n    - destination: {host: s}\n']);
    const list = Array.from({length: 10}, (_, i) => 8000 + i).join(' ');
    expect(withCode(run(text), 'IST0112')).toEqual([`This VirtualService routes to a service "s" that exposes multiple ports [${list} and 2 more]. Specifying a port in the destination is required to disambiguate.`]);
  });
});

describe('thousands of resources in conflict: linear report, bounded time', () => {
  // Before: 5,000 Gateways sharing a certificate made 25 million messages; 5,000 on one host, 5,000 of 5,000 names each.
  // IST0145 names the others (4,999), IST0138 the reported Gateway and the others, IST0110 the whole group.
  for (const [label, make, code, rest] of [
    ['Gateways sharing a certificate (IST0138)', sharedCertificate, 'IST0138', 4990],
    ['Gateways sharing a host (IST0145)', sharedHost, 'IST0145', 4989],
    ['Sidecars selecting one pod (IST0110)', (i: number) => sidecar(i, true), 'IST0110', 4990],
  ] as const) {
    it(label, () => {
      const documents = Array.from({length: 5000}, (_, i) => make(i));
      const found = run(join(code === 'IST0110' ? [pod, ...documents] : documents)).filter((d) => d.code === code);
      expect(found).toHaveLength(5000);
      expect(Math.max(...found.map((d) => d.message.length))).toBeLessThan(400);
      expect(found[0]!.message).toContain(` and ${rest.toLocaleString('en-US')} more`);
    }, 120_000);
  }
});
