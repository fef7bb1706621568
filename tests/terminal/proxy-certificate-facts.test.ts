/**
 * The certificates a session records for `istioctl proxy-config secret` (scenario.yaml's
 * `cluster.certificates`): checked at build against the session's model (one root for the mesh,
 * a running proxy for each, istiod's 24h workload TTL from two minutes before issuance, issued
 * after the pod was created), then given to every state's model.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../src/terminal/check-session';
import {ClusterModelError, stateModels} from '../../src/terminal/cluster-state';
import {printFromModel} from '../../src/terminal/printers/index';

const DIR = 'labs/sessions/sidecar-not-injected';
const text = readFileSync(`${DIR}/scenario.yaml`, 'utf8');
const read = (file: string): string => readFileSync(`${DIR}/${file}`, 'utf8');
const GATEWAY_LINE = '      - {pod: istio-ingressgateway-6c8b7d9f5d-q2wvn, namespace: istio-system, serial: "142367b5df17417661754053ae6c9466", notBefore: "2026-11-24T21:00:37Z", notAfter: "2026-11-25T21:02:37Z"}';

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
    expect(printed).toEqual({kind: 'printed', text: expect.stringMatching(/^default +Cert Chain +ACTIVE +true +255d01b45b49929f65b56cc4393fff79 +2026-11-25T21:47:55Z +2026-11-24T21:45:55Z$/m)});
    expect(byState['not-labelled']!.certificates).toBe(byState.injected!.certificates);
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
