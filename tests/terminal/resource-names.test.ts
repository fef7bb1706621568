import {describe, expect, it} from 'vitest';
import {normalizeCommand} from '../../src/terminal/normalize';

const context = {namespace: 'default', placeholders: {}};
const same = (a: string, b: string): void => expect(normalizeCommand(a, context), `${a}  ≡  ${b}`).toBe(normalizeCommand(b, context));
const differ = (a: string, b: string): void => expect(normalizeCommand(a, context), `${a}  ≢  ${b}`).not.toBe(normalizeCommand(b, context));

describe('resource types the terminal understands, from the API families', () => {
  it('reads every short name kubectl api-resources lists for the built-ins', () => {
    same('kubectl get sts', 'kubectl get statefulsets');
    same('kubectl get ds -A', 'kubectl get daemonsets -A');
    same('kubectl get rc', 'kubectl get replicationcontrollers');
    same('kubectl get hpa', 'kubectl get horizontalpodautoscalers');
    same('kubectl describe netpol deny-all', 'kubectl describe networkpolicy deny-all');
  });

  it('reads the short names Istio\'s CRDs declare, and the kind as written', () => {
    same('kubectl get wg', 'kubectl get workloadgroups');
    same('kubectl get ap -n bookinfo', 'kubectl get AuthorizationPolicy -n bookinfo');
    same('kubectl get telemetry', 'kubectl get telemetries.telemetry.istio.io');
    same('kubectl get vs,dr', 'kubectl get virtualservices,destinationrules');
  });

  it('keeps a name no family serves as written', () => {
    differ('kubectl get widgets', 'kubectl get widget');
    same('kubectl get Widgets', 'kubectl get widgets');
  });
});
