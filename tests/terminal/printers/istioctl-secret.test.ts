/**
 * `istioctl proxy-config secret POD`: istioctl 1.30.3's PrintSecretSummary (sds/util.go
 * GetEnvoySecrets, writer.go printSecretItemsTabular; compared with its golden testdata/secret/istio
 * output) over the SDS resources the proxy's configuration names, with the certificates the
 * recording holds (scenario.yaml's cluster.certificates).
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {gap, text} from './support/answers';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import type {ProxyCertificateFacts} from '../../../src/terminal/printers/mesh-certificates';
import {sharedFile} from '../../support/shared';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';

const golden = sharedFile('reference/istio-1.30.3/istioctl-outputs/writer/envoy/configdump/testdata/secret/istio/output', "istioctl's proxy-config secret golden output");


const productpage = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
/** The golden's `default` and `ROOTCA`, as the recording would hold them. */
const GOLDEN_FACTS: ProxyCertificateFacts = {
  root: {serial: '0193a543fe2b0d9cd4847675394dfc54', notBefore: '2023-05-05T03:41:33Z', notAfter: '2033-05-02T03:41:33Z'},
  proxies: [
    {pod: 'productpage-v1-abc', namespace: 'default', serial: '6fbee254c22900615cb1f74e3d2f1713', notBefore: '2023-05-15T01:30:52Z', notAfter: '2023-05-16T01:32:52Z'},
    {pod: GATEWAY.name, namespace: 'istio-system', serial: '00a1', notBefore: '2023-05-15T01:30:52Z', notAfter: '2023-05-16T01:32:52Z'},
  ],
};

function mesh(now: string, ...extra: ModelObject[]): StateModel {
  const model = withMeshConfig(namespaced(namespace('default'), namespace('istio-system'), ISTIOD, GATEWAY, productpage, service('productpage', 'default', [{name: 'http', port: 9080, targetPort: 9080}]), ...extra));
  return {...model, now: Date.parse(now), certificates: GOLDEN_FACTS};
}

const rows = (output: string): string[][] => output.trim().split('\n').map((line) => line.trim().split(/ {2,}/));

describe.skipIf(!golden.available)('proxy-config secret, against istioctl 1.30.3\'s golden output', () => {
  it('prints default (Cert Chain) then ROOTCA (CA), ACTIVE, serials as %032x, VALID CERT from the clock, without a TRUST DOMAIN column', () => {
    const expected = rows(readFileSync(golden.path, 'utf8')).filter((row) => row[0] !== 'configmap://some/thing');
    // The golden was written on a day after the workload certificate expired and before the root did.
    expect(rows(text('istioctl proxy-config secret productpage-v1-abc', mesh('2024-01-01T00:00:00Z')))).toEqual(expected);
  });
});

describe('proxy-config secret from the recording', () => {
  it('pads the table as tabwriter(0, 5, 5) does, each column five past its widest cell', () => {
    expect(text('istioctl pc s productpage-v1-abc.default', mesh('2023-05-15T12:00:00Z'))).toBe([
      'RESOURCE NAME     TYPE           STATUS     VALID CERT     SERIAL NUMBER                        NOT AFTER                NOT BEFORE',
      'default           Cert Chain     ACTIVE     true           6fbee254c22900615cb1f74e3d2f1713     2023-05-16T01:32:52Z     2023-05-15T01:30:52Z',
      'ROOTCA            CA             ACTIVE     true           0193a543fe2b0d9cd4847675394dfc54     2033-05-02T03:41:33Z     2023-05-05T03:41:33Z',
      '',
    ].join('\n'));
  });

  it('answers for a gateway too, its short serial zero-padded to 32 digits', () => {
    expect(text(`istioctl proxy-config secrets ${GATEWAY.name} -n istio-system`, mesh('2023-05-15T12:00:00Z'))).toMatch(/^default +Cert Chain +ACTIVE +true +000000000000000000000000000000a1 /m);
  });

  it('judges validity strictly between the bounds: false at the very second the certificate expires', () => {
    expect(text('istioctl proxy-config secret productpage-v1-abc', mesh('2023-05-16T01:32:52Z'))).toMatch(/^default +Cert Chain +ACTIVE +false /m);
  });

  it('refuses a proxy whose certificate the session does not record, and a state without a clock', () => {
    const other = sidecarPod('details-v1-abc', 'default', {app: 'details'}, '10.244.0.6');
    expect(gap('istioctl proxy-config secret details-v1-abc', mesh('2023-05-15T12:00:00Z', other))).toMatch(/does not record the workload certificate pod default\/details-v1-abc/);
    const {now: _now, ...clockless} = mesh('2023-05-15T12:00:00Z');
    expect(gap('istioctl proxy-config secret productpage-v1-abc', clockless)).toMatch(/no clock/);
  });

  it('refuses -o json, whose PEM is not recorded, and a pod without Envoy, whose port-forward error names a random local port', () => {
    expect(gap('istioctl proxy-config secret productpage-v1-abc -o json', mesh('2023-05-15T12:00:00Z'))).toMatch(/PEM/);
    const plain = {...productpage, name: 'plain', value: {...productpage.value, metadata: {name: 'plain', namespace: 'default'}, spec: {containers: [{name: 'app', image: 'app:1'}]}}};
    expect(gap('istioctl proxy-config secret plain', mesh('2023-05-15T12:00:00Z', plain))).toMatch(/random local port/);
  });

  it('refuses two validation contexts (a rule\'s file CA beside ROOTCA): Envoy dumps them from a hash map', () => {
    const rule: ModelObject = {
      group: 'networking.istio.io', kind: 'DestinationRule', namespace: 'default', name: 'productpage',
      value: {apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: {name: 'productpage', namespace: 'default'}, spec: {host: 'productpage', trafficPolicy: {tls: {mode: 'SIMPLE', caCertificates: '/etc/ssl/certs/ca-certificates.crt'}}}},
    };
    expect(gap('istioctl proxy-config secret productpage-v1-abc', mesh('2023-05-15T12:00:00Z', rule))).toMatch(/2 validation contexts \(ROOTCA, file-root:\/etc\/ssl\/certs\/ca-certificates.crt\)/);
  });
});

describe('proxy-config secret of a gateway that terminates TLS', () => {
  it('refuses a credentialName beside the workload certificate: two TLS certificates, dumped from a hash map', () => {
    const gateway: ModelObject = {
      group: 'networking.istio.io', kind: 'Gateway', namespace: 'istio-system', name: 'httpbin',
      value: {
        apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: {name: 'httpbin', namespace: 'istio-system', creationTimestamp: '2023-05-15T01:00:00Z'},
        spec: {selector: {istio: 'ingressgateway'}, servers: [{port: {number: 8443, name: 'https', protocol: 'HTTPS'}, hosts: ['httpbin.example.com'], tls: {mode: 'SIMPLE', credentialName: 'httpbin-credential'}}]},
      },
    };
    expect(gap(`istioctl proxy-config secret ${GATEWAY.name}.istio-system`, mesh('2023-05-15T12:00:00Z', gateway))).toMatch(/2 certificates \(default, kubernetes:\/\/httpbin-credential\)/);
  });
});
