/**
 * The certificates a session records for `istioctl proxy-config secret` (scenario.yaml's
 * `cluster.certificates`): checked at build against the session's model (one root for the mesh,
 * a running proxy for each, istiod's 24h workload TTL from two minutes before issuance, issued
 * after the pod was created), then given to every state's model. Serials the recording did not keep are
 * derived (src/terminal/printers/mesh-certificates.ts derivedSerial): the same in every state and command.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../src/terminal/check-session';
import {ClusterModelError, stateModels} from '../../src/terminal/cluster-state';
import {printFromModel} from '../../src/terminal/printers/index';
import {derivedSerial, withSerials} from '../../src/terminal/printers/mesh-certificates';

const DIR = 'labs/sessions/sidecar-not-injected';
const text = readFileSync(`${DIR}/scenario.yaml`, 'utf8');
const read = (file: string): string => readFileSync(`${DIR}/${file}`, 'utf8');
const GATEWAY_LINE = '      - {pod: istio-ingressgateway-6c8b7d9f5d-q2wvn, namespace: istio-system, notBefore: "2026-11-24T21:00:37Z", notAfter: "2026-11-25T21:02:37Z"}';

const models = (scenarioText: string) => stateModels(checkScenario(`${DIR}/scenario.yaml`, scenarioText, {computed: 'skip'}), read);
const replaced = (from: string, to: string): string => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

describe('recorded proxy certificates', () => {
  it('reach every state, so that each running proxy\'s secrets are printed from them', () => {
    const byState = models(text);
    const line = 'istioctl proxy-config secret productpage-v1-6b746f74dc-rj5dg';
    const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, byState.injected!);
    const serial = derivedSerial('default/productpage-v1-6b746f74dc-rj5dg', {notBefore: '2026-11-24T21:45:55Z', notAfter: '2026-11-25T21:47:55Z'});
    expect(printed).toEqual({kind: 'printed', text: expect.stringMatching(new RegExp(`^default +Cert Chain +ACTIVE +true +${serial} +2026-11-25T21:47:55Z +2026-11-24T21:45:55Z$`, 'm'))});
    expect(byState['not-labelled']!.certificates).toBe(byState.injected!.certificates);
  });

  it('derive a serial where genSerialNum\'s lie (128 bits, %032x\'s 32 digits), one per certificate, and keep one a recording printed', () => {
    const root = {notBefore: '2026-11-24T21:00:12Z', notAfter: '2036-11-21T21:02:12Z'};
    const proxy = {pod: 'reviews-v1-x', namespace: 'default', notBefore: '2026-11-24T21:45:55Z', notAfter: '2026-11-25T21:47:55Z'};
    const facts = withSerials({root, proxies: [proxy, {...proxy, pod: 'reviews-v2-x'}, {...proxy, serial: '00a1'}]});
    expect(facts.root.serial).toMatch(/^[0-9a-f]{32}$/);
    expect(facts.root.serial).toBe(withSerials({root, proxies: []}).root.serial);
    expect(new Set([facts.root.serial, ...facts.proxies.slice(0, 2).map((p) => p.serial)]).size).toBe(3);
    expect(facts.proxies[2]!.serial).toBe('00a1');
    // Another validity is another certificate.
    expect(derivedSerial('default/reviews-v1-x', {...proxy, notBefore: '2026-11-24T21:45:56Z'})).not.toBe(facts.proxies[0]!.serial);
  });

  it('are refused for a pod that runs no proxy in any state, or one listed twice', () => {
    expect(() => models(replaced(GATEWAY_LINE, GATEWAY_LINE.replace('istio-ingressgateway-6c8b7d9f5d-q2wvn', 'istio-egressgateway-0')))).toThrow(/pod istio-system\/istio-egressgateway-0 is no running pod with an istio-proxy/);
    expect(() => models(replaced(GATEWAY_LINE, `${GATEWAY_LINE}\n${GATEWAY_LINE}`))).toThrow(/listed twice/);
  });

  it('are refused when a workload certificate is not valid 24h from two minutes before its issue, or was issued before its pod existed', () => {
    expect(() => models(replaced(GATEWAY_LINE, GATEWAY_LINE.replace('2026-11-25T21:02:37Z', '2026-11-25T21:00:37Z')))).toThrow(ClusterModelError);
    const early = GATEWAY_LINE.replace('2026-11-24T21:00:37Z', '2026-11-24T20:00:37Z').replace('2026-11-25T21:02:37Z', '2026-11-25T20:02:37Z');
    expect(() => models(replaced(GATEWAY_LINE, early))).toThrow(/issued before the pod was created/);
  });
});
