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

  it('answers the gateway\'s typed listings too: no Gateway selects it in this cluster, so it routes nothing but the bootstrap\'s paths', () => {
    const session = new ScenarioSession(scenario, models);
    expect(session.run('istioctl pc route istio-ingressgateway-6c8b7d9f5d-q2wvn -n istio-system')).toEqual({kind: 'printed', text: [
      'NAME     VHOST NAME     DOMAINS     MATCH                  VIRTUAL SERVICE',
      '         backend        *           /stats/prometheus*     ',
      '         backend        *           /healthz/ready*        ',
      '',
    ].join('\n')});
    const clusters = session.run('istioctl pc cluster istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system');
    expect(clusters.kind).toBe('printed');
    expect(clusters.text).toContain('BlackHoleCluster');
    expect(clusters.text).not.toContain('PassthroughCluster');
  });

  it('fails the build when a recorded proxy-status is not what the printer prints from the model', () => {
    const changed = scenarioText.replace('reviews-v3-6d8f7c9b4-m9q4w.default                     Kubernetes', 'reviews-v3-6d8f7c9b4-m9q4w.default                     Kubernetez');
    expect(changed).not.toBe(scenarioText);
    expect(() => checkScenario(`${dir}/scenario.yaml`, changed, {readFile: read})).toThrow(SessionDataError);
    expect(() => checkScenario(`${dir}/scenario.yaml`, changed, {readFile: read})).toThrow(/"istioctl proxy-status" in state "broken" differs from what the engine computes/);
  });

  it('answers typed proxy-config listener and cluster listings from the models the page receives, mesh config included', () => {
    const {models: shipped} = checkSession(dir, read('session.cast'), scenarioText, read);
    const session = new ScenarioSession(scenario, JSON.parse(JSON.stringify(shipped)));
    expect(session.run('istioctl pc listener productpage-v1-6b746f74dc-rj5dg --port 9080')).toEqual({kind: 'printed', text: [
      'ADDRESSES PORT MATCH                                DESTINATION',
      '0.0.0.0   9080 Trans: raw_buffer; App: http/1.1,h2c Route: 9080',
      '0.0.0.0   9080 ALL                                  PassthroughCluster',
      '',
    ].join('\n')});
    // kind's kube-dns: TCP on 53 (a well-known port, never sniffed), its metrics port sniffed, its UDP port without a cluster.
    expect(session.run('istioctl pc listener productpage-v1-6b746f74dc-rj5dg --address 10.96.0.10').text).toBe([
      'ADDRESSES  PORT MATCH                                DESTINATION',
      '10.96.0.10 53   ALL                                  Cluster: outbound|53||kube-dns.kube-system.svc.cluster.local',
      '10.96.0.10 9153 Trans: raw_buffer; App: http/1.1,h2c Route: kube-dns.kube-system.svc.cluster.local:9153',
      '10.96.0.10 9153 ALL                                  Cluster: outbound|9153||kube-dns.kube-system.svc.cluster.local',
      '',
    ].join('\n'));
    const clusters = session.run('istioctl pc cluster productpage-v1-6b746f74dc-rj5dg').text.split('\n');
    // 25 clusters, and edition.cnn.com's two from its ServiceEntry (ports 80 and 443).
    expect(clusters).toHaveLength(1 + 27 + 1);
    expect(clusters.filter((row) => row.startsWith('edition.cnn.com')).map((row) => row.split(/\s+/).slice(0, 6).join(' '))).toEqual([
      'edition.cnn.com 80 - outbound STRICT_DNS edition-cnn-com.default',
      'edition.cnn.com 443 - outbound STRICT_DNS edition-cnn-com.default',
    ]);
    expect(clusters.slice(1, 3)).toEqual([
      '                                                        9080      -             inbound       ORIGINAL_DST     ',
      'BlackHoleCluster                                        -         -             -             STATIC           ',
    ]);
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
