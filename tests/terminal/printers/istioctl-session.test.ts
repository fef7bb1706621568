import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario, checkSession, SessionDataError} from '../../../src/terminal/check-session';
import {stateModels} from '../../../src/terminal/cluster-state';
import {ScenarioSession} from '../../../src/terminal/session';

const dir = 'labs/sessions/traffic-not-routing';
const scenarioText = readFileSync(`${dir}/scenario.yaml`, 'utf8');
const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');
const scenario = checkScenario(`${dir}/scenario.yaml`, scenarioText, {computed: 'skip'});
const models = stateModels(scenario, read);

describe('istioctl commands the recording lacks, answered from the state\'s cluster model', () => {
  it('prints proxy-status for one namespace and a cluster listing of another host, and follows the DestinationRule\'s fix', () => {
    const session = new ScenarioSession(scenario, models);
    const status = session.run('istioctl ps -n istio-system');
    expect(status).toEqual({kind: 'printed', text: [
      'NAME                                                   CLUSTER        ISTIOD                     VERSION     SUBSCRIBED TYPES',
      'istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system     Kubernetes     istiod-7d4b9c6f8-k5xrt     1.30.3      3 (CDS,LDS,EDS)',
      '',
    ].join('\n')});
    const v2 = "istioctl pc endpoint reviews-v1-84d5b6f7c9-t6wzm --cluster 'outbound|9080|v2|reviews.default.svc.cluster.local'";
    expect(session.run(v2)).toEqual({kind: 'printed', text: 'ENDPOINT     STATUS     OUTLIER CHECK     CLUSTER\n'});
    session.run('kubectl apply -f reviews-destinationrule.yaml');
    expect(session.state).toBe('fixed');
    expect(session.run(v2).text).toContain('10.244.2.15:9080     HEALTHY     OK                outbound|9080|v2|reviews.default.svc.cluster.local');
    expect(session.run('istioctl pc cluster productpage-v1-6b746f74dc-rj5dg --fqdn details.default.svc.cluster.local')).toEqual({kind: 'printed', text: [
      'SERVICE FQDN                          PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE',
      'details.default.svc.cluster.local     9080     -          outbound      EDS      ',
      '',
    ].join('\n')});
  });

  it('refuses a listing the model cannot complete instead of printing a short one', () => {
    const session = new ScenarioSession(scenario, models);
    // The gateway's clusters follow its Gateways, which the model does not turn into configuration.
    expect(session.run('istioctl pc cluster istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system').kind).toBe('unknown');
    expect(session.run('istioctl pc route istio-ingressgateway-6c8b7d9f5d-q2wvn -n istio-system').kind).toBe('unknown');
  });

  it('fails the build when a recorded proxy-status is not what the printer prints from the model', () => {
    const changed = scenarioText.replace('reviews-v3-6d8f7c9b4-m9q4w.default                     Kubernetes', 'reviews-v3-6d8f7c9b4-m9q4w.default                     Kubernetez');
    expect(changed).not.toBe(scenarioText);
    expect(() => checkScenario(`${dir}/scenario.yaml`, changed, {readFile: read})).toThrow(SessionDataError);
    expect(() => checkScenario(`${dir}/scenario.yaml`, changed, {readFile: read})).toThrow(/"istioctl proxy-status" in state "broken" differs from what the engine computes/);
  });

  it('answers a typed istioctl analyze of another namespace, or of all, from the analyses the build computed, as the page does', () => {
    const {models: shipped} = checkSession(dir, read('session.cast'), scenarioText, read);
    const session = new ScenarioSession(scenario, JSON.parse(JSON.stringify(shipped)));
    expect(session.match('istioctl analyze -n istio-system')).toBeUndefined();
    expect(session.run('istioctl analyze -n istio-system')).toEqual({kind: 'printed', text: '\n\u2714 No validation issues found when analyzing namespace: istio-system.\n'});
    expect(session.run('istioctl analyze -A').text).toMatch(/^Error \[IST0101\] \(VirtualService default\/reviews\) .*\nError: Analyzers found issues when analyzing all namespaces\.\n/);
    expect(session.run('istioctl analyze -n nowhere')).toEqual({kind: 'printed', text: 'namespace "nowhere" not found\n'});
    // kube-public exists, but the model holds none of its objects: analysing it would invent an empty answer.
    expect(session.run('istioctl analyze -n kube-public').kind).toBe('unknown');
    expect(session.run('istioctl analyze vs.yaml').kind).toBe('unknown');
  });
});
