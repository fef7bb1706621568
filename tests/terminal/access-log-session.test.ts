/**
 * traffic-not-routing turns Envoy's access log on (cluster/access-logging.yaml: a mesh-wide Telemetry naming the built-in
 * `envoy` provider) as a state change, and reads one request's line. What the recording shows must follow from the model:
 * - the listeners istiod pushes then carry a file access log to /dev/stdout in Envoy's text format (pilot/pkg/networking/core
 *   accesslog.go, pilot/pkg/model/telemetry_logging.go EnvoyTextLogFormat), and none before;
 * - the `kubectl logs` line is that format filled in for the session's own request: the caller's pod IP, the Service's cluster
 *   IP as the original destination, a time between the Telemetry's creation and the state's clock; before the fix `503 NC
 *   cluster_not_found` with no upstream (Envoy's router finds no cluster `outbound|9080|v2|…`, which the proxy indeed lacks),
 *   after it a 200 from a ready reviews pod the v2 subset selects, through that cluster.
 */
import {describe, expect, it} from 'vitest';
import {ENVOY_TEXT_LOG_FORMAT} from '../../src/terminal/printers/access-log-json';
import {field, type StateModel} from '../../src/terminal/printers/model';
import {ScenarioSession} from '../../src/terminal/session';
import {loadSession} from './scenarios';

const {scenario, models: shipped} = loadSession('traffic-not-routing');
const models = shipped!;
const APPLY = 'kubectl apply -f access-logging.yaml';
const CURL = "kubectl exec deploy/ratings-v1 -c ratings -- curl -s -o /dev/null -w '%{http_code}\\n' -H 'end-user: jason' http://reviews:9080/reviews/0";
const LOGS = 'kubectl logs deploy/ratings-v1 -c istio-proxy --tail=1';

/** The format's operators in order, and a pattern reading a line of it (each operator a lazy group). */
const OPERATORS = [...ENVOY_TEXT_LOG_FORMAT.matchAll(/%[^%]+%/g)].map((m) => m[0]);
const LINE = new RegExp(`^${ENVOY_TEXT_LOG_FORMAT.replace(/\n$/, '').split(/%[^%]+%/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*?)')}$`);
function fields(line: string): Record<string, string> {
  const match = LINE.exec(line);
  if (!match) throw new Error(`not Envoy's text format: ${line}`);
  return Object.fromEntries(OPERATORS.map((op, i) => [op, match[i + 1]!]));
}

const recorded = (run: string, state: string): string => scenario.commands.find((c) => c.run === run)!.outputs[state]!;
const objects = (model: StateModel, kind: string) => model.objects.filter((o) => o.kind === kind);
const podIp = (model: StateModel, prefix: string): string => String(field(objects(model, 'Pod').find((p) => p.name.startsWith(prefix))!.value, 'status', 'podIP'));
const clusterIp = (model: StateModel, name: string): string => String(field(objects(model, 'Service').find((s) => s.name === name && s.namespace === 'default')!.value, 'spec', 'clusterIP'));

describe('access logging turned on in traffic-not-routing', () => {
  it('is a state change from either state, and the DestinationRule fix keeps it on', () => {
    const session = new ScenarioSession(scenario, models);
    expect(session.run(APPLY)).toMatchObject({text: 'telemetry.telemetry.istio.io/mesh-default created\n', movedTo: 'logging'});
    // The page's commands, as typed there.
    expect(session.run(CURL)).toMatchObject({kind: 'output', text: '503\n'});
    expect(session.run(LOGS).text).toContain('503 NC cluster_not_found');
    expect(session.run('kubectl apply -f reviews-destinationrule.yaml')).toMatchObject({movedTo: 'fixed-logging'});
    const fixedFirst = new ScenarioSession(scenario, models);
    fixedFirst.run('kubectl apply -f reviews-destinationrule.yaml');
    expect(fixedFirst.run(APPLY)).toMatchObject({movedTo: 'fixed-logging'});
    // No log line was recorded before the Telemetry: none is invented.
    expect(new ScenarioSession(scenario, models).run(LOGS).kind).toBe('not-in-state');
  });

  it('puts the envoy provider\'s file log on the listeners only once the Telemetry is there', () => {
    const dump = (state: string): string => recorded('istioctl proxy-config listener <pod-name> --port 9080 -o json', state);
    expect(dump('broken')).not.toContain('accessLog');
    for (const state of ['logging', 'fixed-logging']) {
      const listener = JSON.parse(dump(state)) as unknown[];
      const text = JSON.stringify(listener);
      expect(text).toContain('"path":"/dev/stdout"');
      expect(text).toContain(JSON.stringify(ENVOY_TEXT_LOG_FORMAT).slice(1, -1));
    }
  });

  it('logs the jason request as a 503 NC with no upstream while subset v2 has no cluster', () => {
    const model = models.logging!;
    const line = fields(recorded(LOGS, 'logging').replace(/\n$/, ''));
    expect([line['%REQ(:METHOD)%'], line['%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%'], line['%RESPONSE_CODE%'], line['%RESPONSE_FLAGS%'], line['%RESPONSE_CODE_DETAILS%']])
      .toEqual(['GET', '/reviews/0', '503', 'NC', 'cluster_not_found']);
    expect([line['%UPSTREAM_HOST%'], line['%UPSTREAM_CLUSTER_RAW%'], line['%BYTES_SENT%']]).toEqual(['-', '-', '0']);
    expect(recorded(CURL, 'logging')).toBe('503\n');
    // The proxy holds no v2 cluster in this state (the listing istioctl prints from the model).
    expect(recorded('istioctl proxy-config cluster <pod-name> --fqdn reviews.default.svc.cluster.local', 'logging')).not.toMatch(/ v2 /);
    expect(line['%DOWNSTREAM_LOCAL_ADDRESS%']).toBe(`${clusterIp(model, 'reviews')}:9080`);
    expect(line['%DOWNSTREAM_REMOTE_ADDRESS%']!.split(':')[0]).toBe(podIp(model, 'ratings-v1-'));
  });

  it('logs it as a 200 from reviews-v2\'s pod through the v2 cluster after the fix', () => {
    const model = models['fixed-logging']!;
    const line = fields(recorded(LOGS, 'fixed-logging').replace(/\n$/, ''));
    expect([line['%RESPONSE_CODE%'], line['%RESPONSE_FLAGS%'], line['%RESPONSE_CODE_DETAILS%']]).toEqual(['200', '-', 'via_upstream']);
    expect(line['%UPSTREAM_CLUSTER_RAW%']).toBe('outbound|9080|v2|reviews.default.svc.cluster.local');
    expect(line['%UPSTREAM_HOST%']).toBe(`${podIp(model, 'reviews-v2-')}:9080`);
    expect(line['%UPSTREAM_LOCAL_ADDRESS%']!.split(':')[0]).toBe(podIp(model, 'ratings-v1-'));
    expect(line['%DOWNSTREAM_LOCAL_ADDRESS%']).toBe(`${clusterIp(model, 'reviews')}:9080`);
    expect(recorded(CURL, 'fixed-logging')).toBe('200\n');
  });

  it('records each line between the Telemetry\'s creation and its state\'s clock', () => {
    const created = Date.parse(String(field(models.logging!.objects.find((o) => o.kind === 'Telemetry')!.value, 'metadata', 'creationTimestamp')));
    for (const state of ['logging', 'fixed-logging']) {
      const start = Date.parse(fields(recorded(LOGS, state).replace(/\n$/, ''))['%START_TIME%']!);
      expect(start).toBeGreaterThan(created);
      expect(start).toBeLessThan(Date.parse(scenario.cluster!.now![state]!));
    }
  });

  it('answers the recorded commands the logging states lack from their models', () => {
    const session = new ScenarioSession(scenario, models);
    session.run(APPLY);
    expect(session.run('kubectl get destinationrule')).toMatchObject({kind: 'printed', text: expect.stringContaining('reviews           reviews           7m21s')});
  });
});
