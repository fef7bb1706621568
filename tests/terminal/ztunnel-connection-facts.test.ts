/**
 * The connections a session records for `istioctl ztunnel-config connections` (scenario.yaml's
 * `cluster.ztunnel.connections`, per state): checked by the schema (socket addresses, directions,
 * protocols) and at build against the state's model (a known state, a pod of that state that ztunnel
 * captured), then given to that state's model alone.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkScenario} from '../../src/terminal/check-session';
import {ClusterModelError, stateModels} from '../../src/terminal/cluster-state';

const DIR = 'labs/sessions/ambient-install';
const text = readFileSync(`${DIR}/scenario.yaml`, 'utf8');
const read = (file: string): string => readFileSync(`${DIR}/${file}`, 'utf8');

/** ambient-install's scenario with its ztunnel facts' recorded `connections` replaced by these. */
function withConnections(yaml: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf('    connections:');
  let end = start + 1;
  while (lines[end]!.startsWith('      ')) end += 1;
  return [...lines.slice(0, start + 1), ...yaml.split('\n').map((line) => `      ${line}`), ...lines.slice(end)].join('\n');
}

const CURL_TO_PRODUCTPAGE = '{pod: curl-5b549b49b8-9kx7p, namespace: default, direction: outbound, src: "10.244.2.8:40312", originalDst: "10.96.61.142:9080", actualDst: "10.244.1.6:15008", protocol: HBONE}';
const models = (yaml: string) => {
  const scenario = checkScenario(`${DIR}/scenario.yaml`, withConnections(yaml), {computed: 'skip'});
  return stateModels(scenario, read);
};

describe('recorded ztunnel connections', () => {
  it('are recorded by ambient-install for state ambient, after curl\'s request: the connections Bookinfo keeps open, captured pods only', () => {
    const byState = stateModels(checkScenario(`${DIR}/scenario.yaml`, text, {computed: 'skip'}), read);
    expect(byState.ambient!.ztunnelConnections!.map((c) => `${c.pod} ${c.direction}`)).toEqual([
      'productpage-v1-6c58956f7d-q9fkt outbound', 'details-v1-77b775f7fd-w6m2c inbound', 'reviews-v3-5b8dd9f7c6-vr5wz outbound', 'ratings-v1-5c5b9c6b77-7hkzr inbound',
    ]);
    expect(byState.waypoint!.ztunnelConnections).toBeUndefined();
  });

  it('reach the model of their state only', () => {
    const byState = models(`strict: [${CURL_TO_PRODUCTPAGE}]`);
    expect(byState.strict!.ztunnelConnections).toEqual([expect.objectContaining({pod: 'curl-5b549b49b8-9kx7p', actualDst: '10.244.1.6:15008'})]);
    expect(byState.waypoint!.ztunnelConnections).toBeUndefined();
    expect(byState.strict!.ztunnel).not.toHaveProperty('connections');
  });

  it('are refused for an unknown state, a pod the state does not run, or a pod ztunnel did not capture', () => {
    expect(() => models(`strikt: [${CURL_TO_PRODUCTPAGE}]`)).toThrow(new ClusterModelError('cluster.ztunnel.connections names an unknown state "strikt"'));
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('curl-5b549b49b8-9kx7p', 'curl-0000000000-xxxxx')}]`)).toThrow(/pod default\/curl-0000000000-xxxxx is not in the state/);
    expect(() => models(`installed: [${CURL_TO_PRODUCTPAGE}]`)).toThrow(/pod default\/curl-5b549b49b8-9kx7p is not captured by ztunnel/);
  });

  it('are checked by the schema: socket addresses, a direction, a protocol, no other field', () => {
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('"10.244.2.8:40312"', '"10.244.2.8"')}]`)).toThrow(/src/);
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('direction: outbound', 'direction: sideways')}]`)).toThrow(/direction/);
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('protocol: HBONE', 'protocol: HBONE, bytes: 12')}]`)).toThrow(/bytes/);
  });
});
