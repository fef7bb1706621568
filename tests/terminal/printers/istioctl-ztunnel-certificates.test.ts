/**
 * `istioctl ztunnel-config certificates`: istioctl 1.30.3's PrintSecretSummary (compared with its
 * golden secretsummary.txt) over the certificates one ztunnel holds: a Leaf and a Root row for the
 * identity of each HBONE workload on its node (cert_fetcher.rs), with the recording's serials and
 * validity, VALID CERT judged against the state's clock.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {StateModel} from '../../../src/terminal/printers/model';
import {sharedFile} from '../../support/shared';
import {cluster, obj} from './ztunnel-support';
import {print, text} from './support/answers';

const golden = sharedFile('reference/istio-1.30.3/istioctl-outputs/writer/ztunnel/configdump/testdata/secretsummary.txt', "istioctl's ztunnel-config golden outputs");

/** The golden's available istiod certificate, as a ztunnel on kind-worker holding it for a captured istiod pod. */
function istiodModel(now: string): StateModel {
  const base = cluster({});
  const istiod = obj('', 'Pod', 'istio-system', 'istiod-8c7b98fc4-mwjfp', {
    metadata: {labels: {app: 'istiod'}, annotations: {'ambient.istio.io/redirection': 'enabled'}},
    spec: {nodeName: 'kind-worker', serviceAccountName: 'istiod'},
    status: {phase: 'Running', podIP: '10.244.1.30', conditions: [{type: 'Ready', status: 'True'}]},
  });
  return {
    objects: [...base.objects.filter((o) => !(o.kind === 'Pod' && o.namespace === 'default')), istiod],
    now: Date.parse(now),
    ztunnel: {
      root: {serial: '8A516645C40CE76C2C0D27AB4E2461C1', notBefore: '2022-03-21T13:04:49Z', notAfter: '2022-03-18T13:04:49Z'},
      leaves: [{node: 'kind-worker', identity: 'spiffe://cluster.local/ns/istio-system/sa/istiod', serial: '00e5dfb59150b2ba7f108d93dcec5aa613', notBefore: '2023-03-21T13:02:57Z', notAfter: '2033-03-22T13:04:57Z'}],
    },
  };
}

describe.skipIf(!golden.available)('ztunnel-config certificates, against istioctl 1.30.3\'s golden file', () => {
  it('prints the Leaf and Root rows of an available certificate as secretsummary.txt: serials in lower-case hex without leading zeros, VALID CERT from the clock', () => {
    const rows = (text: string): string[][] => text.trim().split('\n').map((line) => line.trim().split(/ +/));
    const expected = rows(readFileSync(golden.path, 'utf8')).slice(0, 3);
    const printed = text('istioctl ztunnel-config certificates ztunnel-4xk2p.istio-system', istiodModel('2026-11-25T09:30:00Z'));
    // The golden's header splits on its single spaces too: compare words, then the padding of five.
    expect(rows(printed)).toEqual(expected);
    expect(printed.split('\n')[0]).toBe('CERTIFICATE NAME                                     TYPE     STATUS        VALID CERT     SERIAL NUMBER                        NOT AFTER                NOT BEFORE');
  });
});

describe('ztunnel-config certificates from the recording', () => {
  it('judges the leaf against the state\'s clock: no longer valid once it expires', () => {
    expect(text('istioctl zc certs --node kind-worker', istiodModel('2033-03-22T13:04:58Z'))).toMatch(/istiod +Leaf +Available +false +e5dfb59150b2ba7f108d93dcec5aa613/);
  });

  it('lists only the HBONE workloads of the ztunnel\'s node, once per identity, and refuses an identity the recording lacks', () => {
    const model = istiodModel('2026-11-25T09:30:00Z');
    const plain = obj('', 'Pod', 'default', 'legacy', {spec: {nodeName: 'kind-worker', serviceAccountName: 'legacy'}, status: {phase: 'Running', podIP: '10.244.1.31'}});
    expect(text('istioctl zc certs --node kind-worker', {...model, objects: [...model.objects, plain]})).not.toContain('legacy');
    const captured = obj('', 'Pod', 'default', 'curl', {metadata: {annotations: {'ambient.istio.io/redirection': 'enabled'}}, spec: {nodeName: 'kind-worker'}, status: {phase: 'Running', podIP: '10.244.1.32'}});
    expect(print('istioctl zc certs --node kind-worker', {...model, objects: [...model.objects, captured]})).toMatchObject({kind: 'gap', reason: expect.stringContaining('spiffe://cluster.local/ns/default/sa/default')});
  });

  it('refuses -o json, whose PEM the recording does not hold', () => {
    expect(print('istioctl zc certs --node kind-worker -o json', istiodModel('2026-11-25T09:30:00Z'))).toMatchObject({kind: 'gap', reason: expect.stringContaining('PEM')});
  });
});
