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

/** curl's connection to productpage's VIP in a state where the Services of default have the waypoint (10.244.1.11). */
const CURL_TO_PRODUCTPAGE = '{pod: curl-5b549b49b8-9kx7p, namespace: default, direction: outbound, src: "10.244.2.8:40312", originalDst: "10.96.61.142:9080", actualDst: "10.244.1.11:15008", protocol: HBONE}';
const models = (yaml: string) => {
  const scenario = checkScenario(`${DIR}/scenario.yaml`, withConnections(yaml), {computed: 'skip'});
  return stateModels(scenario, read);
};

/** State waypoint's models with these AuthorizationPolicies added (of namespace default unless named), and this row recorded. */
const withPoliciesAndRow = (row: string, specs: Array<string | {namespace: string; spec: string}>) => {
  const policies = specs.map((written, i) => {
    const {namespace, spec} = typeof written === 'string' ? {namespace: 'default', spec: written} : written;
    return `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: policy-${i}\n  namespace: ${namespace}\nspec:\n${spec.split('\n').map((l) => `  ${l}`).join('\n')}\n`;
  }).join('---\n');
  const scenario = checkScenario(`${DIR}/scenario.yaml`, withConnections(`waypoint: [${row}]`).replace(/^( {4}waypoint: \[.*)\]$/m, '$1, cluster/policies.yaml]'), {computed: 'skip'});
  return () => stateModels(scenario, (file) => (file === 'cluster/policies.yaml' ? policies : read(file)));
};

describe('recorded ztunnel connections', () => {
  it('are recorded by ambient-install for states ambient, waypoint and strict, after curl\'s request: the connections Bookinfo and the waypoint keep open, captured pods only', () => {
    const byState = stateModels(checkScenario(`${DIR}/scenario.yaml`, text, {computed: 'skip'}), read);
    expect(byState.ambient!.ztunnelConnections!.map((c) => `${c.pod} ${c.direction}`)).toEqual([
      'productpage-v1-6c58956f7d-q9fkt outbound', 'details-v1-77b775f7fd-w6m2c inbound', 'reviews-v3-5b8dd9f7c6-vr5wz outbound', 'ratings-v1-5c5b9c6b77-7hkzr inbound',
    ]);
    expect(byState.waypoint!.ztunnelConnections!.map((c) => `${c.pod} ${c.direction} ${c.actualDst}`)).toEqual([
      'productpage-v1-6c58956f7d-q9fkt inbound 10.244.1.6:9080', 'productpage-v1-6c58956f7d-q9fkt outbound 10.244.1.11:15008',
      'details-v1-77b775f7fd-w6m2c inbound 10.244.2.5:9080', 'reviews-v3-5b8dd9f7c6-vr5wz inbound 10.244.1.8:9080',
      'reviews-v3-5b8dd9f7c6-vr5wz outbound 10.244.1.11:15008', 'ratings-v1-5c5b9c6b77-7hkzr inbound 10.244.2.6:9080',
    ]);
    // STRICT admits the waypoint's HBONE tunnels: the waypoint state's rows on new ports, and none for the refused plaintext client.
    expect(byState.strict!.ztunnelConnections!.map((c) => `${c.pod} ${c.direction} ${c.protocol}`)).toEqual(byState.waypoint!.ztunnelConnections!.map((c) => `${c.pod} ${c.direction} ${c.protocol}`));
    expect(byState.installed!.ztunnelConnections).toBeUndefined();
  });

  it('reach the model of their state only', () => {
    const byState = models(`strict: [${CURL_TO_PRODUCTPAGE}]`);
    expect(byState.strict!.ztunnelConnections).toEqual([expect.objectContaining({pod: 'curl-5b549b49b8-9kx7p', actualDst: '10.244.1.11:15008'})]);
    expect(byState.waypoint!.ztunnelConnections).toBeUndefined();
    expect(byState.strict!.ztunnel).not.toHaveProperty('connections');
  });

  it('are refused for an unknown state, a pod the state does not run, or a pod ztunnel did not capture', () => {
    expect(() => models(`strikt: [${CURL_TO_PRODUCTPAGE}]`)).toThrow(new ClusterModelError('cluster.ztunnel.connections names an unknown state "strikt"'));
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('curl-5b549b49b8-9kx7p', 'curl-0000000000-xxxxx')}]`)).toThrow(/pod default\/curl-0000000000-xxxxx is not in the state/);
    expect(() => models(`installed: [${CURL_TO_PRODUCTPAGE}]`)).toThrow(/pod default\/curl-5b549b49b8-9kx7p is not captured by ztunnel/);
  });

  it('follow ztunnel\'s paths in their state: to a Service with a waypoint through a waypoint pod, else to an endpoint, on 15008 for HBONE', () => {
    const toPod = CURL_TO_PRODUCTPAGE.replace('10.244.1.11:15008', '10.244.1.6:15008');
    expect(() => models(`ambient: [${toPod}]`)).not.toThrow();
    // The same connection once the waypoint serves productpage bypasses it: ztunnel would not make it.
    expect(() => models(`waypoint: [${toPod}]`)).toThrow(/Service productpage\.default\.svc\.cluster\.local has waypoint \/10\.96\.77\.160, so ztunnel sends it to a waypoint pod on 15008/);
    // Nor does ztunnel dial the waypoint Service's VIP, nor a waypoint before there is one.
    expect(() => models(`waypoint: [${CURL_TO_PRODUCTPAGE.replace('10.244.1.11:15008', '10.96.77.160:15008')}]`)).toThrow(/waypoint pod on 15008/);
    expect(() => models(`ambient: [${CURL_TO_PRODUCTPAGE}]`)).toThrow(/10\.244\.1\.11:15008 is no endpoint of Service productpage\.default\.svc\.cluster\.local, which has no waypoint/);
    expect(() => models(`ambient: [${toPod.replace('protocol: HBONE', 'protocol: TCP')}]`)).toThrow(/is reached over HBONE on 15008, not TCP/);
    expect(() => models(`ambient: [${toPod.replace('"10.244.2.8:40312"', '"10.244.2.5:40312"')}]`)).toThrow(/starts at the pod's own address/);
  });

  it('hold an inbound connection to the pod\'s application port, with a Forwarded host from a client\'s ztunnel only', () => {
    const fromWaypoint = '{pod: reviews-v3-5b8dd9f7c6-vr5wz, namespace: default, direction: inbound, src: "10.244.1.11:47204", originalDst: "", actualDst: "10.244.1.8:9080", protocol: HBONE}';
    expect(() => models(`waypoint: [${fromWaypoint}]`)).not.toThrow();
    expect(() => models(`waypoint: [${fromWaypoint.replace('originalDst: ""', 'originalDst: reviews.default.svc.cluster.local')}]`)).toThrow(/a waypoint sends no Forwarded host/);
    expect(() => models(`waypoint: [${fromWaypoint.replace('10.244.1.8:9080', '10.244.1.8:15008')}]`)).toThrow(/the pod's own address on the application's port/);
    const fromProductpage = fromWaypoint.replace('10.244.1.11', '10.244.1.6');
    expect(() => models(`ambient: [${fromProductpage.replace('originalDst: ""', 'originalDst: reviews.default.svc.cluster.local')}]`)).not.toThrow();
    expect(() => models(`ambient: [${fromProductpage.replace('originalDst: ""', 'originalDst: ratings.default.svc.cluster.local')}]`)).toThrow(/ratings\.default\.svc\.cluster\.local is not the hostname of a Service the pod is an endpoint of/);
  });

  it('hold a plaintext inbound connection only from a client ztunnel does not capture, with no Forwarded host, and none once STRICT refuses it', () => {
    // curl in namespace legacy (10.244.2.9), outside the mesh, straight to productpage's pod: ztunnel's plaintext inbound port.
    const plaintext = '{pod: productpage-v1-6c58956f7d-q9fkt, namespace: default, direction: inbound, src: "10.244.2.9:51234", originalDst: "", actualDst: "10.244.1.6:9080", protocol: TCP}';
    expect(() => models(`waypoint: [${plaintext}]`)).not.toThrow();
    expect(() => models(`strict: [${plaintext}]`)).toThrow(/ztunnel refuses plaintext to the pod on port 9080 \(istio-system\/istio_converted_static_strict, converted from a PeerAuthentication, denies a connection without a peer identity\) and keeps no row/);
    expect(() => models(`waypoint: [${plaintext.replace('originalDst: ""', 'originalDst: productpage.default.svc.cluster.local')}]`)).toThrow(/a plaintext \(TCP\) connection carries no Forwarded host/);
    expect(() => models(`waypoint: [${plaintext.replace('10.244.2.9:51234', '10.244.1.11:51234')}]`)).toThrow(/a waypoint reaches the pod over HBONE, not TCP/);
    expect(() => models(`waypoint: [${plaintext.replace('10.244.2.9:51234', '10.244.2.8:51234')}]`)).toThrow(/default\/curl-5b549b49b8-9kx7p is captured by ztunnel, which reaches productpage-v1-6c58956f7d-q9fkt over HBONE, not TCP/);
  });

  describe('refuse a plaintext row that an AuthorizationPolicy ztunnel enforces would refuse (rbac.rs, state.rs assert_rbac)', () => {
    /** curl in namespace legacy (10.244.2.9) to productpage's pod, in state waypoint, where no PeerAuthentication refuses it. */
    const plaintext = '{pod: productpage-v1-6c58956f7d-q9fkt, namespace: default, direction: inbound, src: "10.244.2.9:51234", originalDst: "", actualDst: "10.244.1.6:9080", protocol: TCP}';
    const withPolicies = (...specs: Array<string | {namespace: string; spec: string}>) => withPoliciesAndRow(plaintext, specs);
    const refused = (reason: string) => new RegExp(`ztunnel refuses plaintext to the pod on port 9080 \\(${reason}\\) and keeps no row`);

    it('admits it when no policy applies, or an ALLOW policy matches it by address or port', () => {
      expect(withPolicies()).not.toThrow();
      expect(withPolicies('action: ALLOW\nrules:\n- from:\n  - source:\n      ipBlocks: ["10.244.2.0/24"]')).not.toThrow();
      expect(withPolicies('rules:\n- to:\n  - operation:\n      ports: ["9080"]')).not.toThrow();
      // A policy of another namespace, or selecting other pods, is not the pod's.
      expect(withPolicies('selector:\n  matchLabels:\n    app: reviews\naction: DENY\nrules:\n- {}')).not.toThrow();
      expect(withPolicies({namespace: 'legacy', spec: 'action: DENY\nrules:\n- {}'})).not.toThrow();
    });

    it('reads the root namespace\'s policies for every pod, and a selector policy there for the pods it selects', () => {
      expect(withPolicies({namespace: 'istio-system', spec: 'action: DENY\nrules:\n- {}'})).toThrow(refused('AuthorizationPolicy istio-system/policy-0 denies it'));
      expect(withPolicies({namespace: 'istio-system', spec: 'selector:\n  matchLabels:\n    app: productpage\naction: DENY\nrules:\n- {}'})).toThrow(refused('AuthorizationPolicy istio-system/policy-0 denies it'));
      expect(withPolicies({namespace: 'istio-system', spec: 'selector:\n  matchLabels:\n    app: details\naction: DENY\nrules:\n- {}'})).not.toThrow();
    });

    it('refuses it when a DENY policy matches its source address, its port, or its missing identity (notPrincipals)', () => {
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      ipBlocks: ["10.244.2.9"]')).toThrow(refused('AuthorizationPolicy default/policy-0 denies it'));
      // ipnet's contains ignores the network's host bits.
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      ipBlocks: ["10.244.2.200/24"]')).toThrow(refused('AuthorizationPolicy default/policy-0 denies it'));
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      notPrincipals: ["*"]')).toThrow(refused('AuthorizationPolicy default/policy-0 denies it'));
      expect(withPolicies('action: DENY\nrules:\n- when:\n  - key: destination.ip\n    values: ["10.244.1.0/24"]')).toThrow(refused('AuthorizationPolicy default/policy-0 denies it'));
      expect(withPolicies('action: DENY\nrules:\n- to:\n  - operation:\n      ports: ["9080"]')).toThrow(refused('AuthorizationPolicy default/policy-0 denies it'));
      // Beside an IPv6 network in the same rule (an entry of either family may match).
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      ipBlocks: ["fd00::/8", "10.244.2.0/24"]')).toThrow(refused('AuthorizationPolicy default/policy-0 denies it'));
    });

    it('admits it when a DENY policy matches another address, port or a peer identity only', () => {
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      ipBlocks: ["10.244.1.0/24"]')).not.toThrow();
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      notIpBlocks: ["10.244.2.0/24"]')).not.toThrow();
      expect(withPolicies('action: DENY\nrules:\n- to:\n  - operation:\n      ports: ["9090"]')).not.toThrow();
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      principals: ["*"]')).not.toThrow();
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      namespaces: ["legacy"]')).not.toThrow();
      // An IPv6 network never holds the IPv4 client (ipnet's contains: another family is outside), not even the IPv4-mapped form.
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      ipBlocks: ["::/0"]')).not.toThrow();
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      ipBlocks: ["::ffff:10.244.2.9"]')).not.toThrow();
      // remoteIpBlocks is an HTTP attribute istiod leaves out for ztunnel: the source match is left empty, and rbac.rs matches no empty match.
      expect(withPolicies('action: DENY\nrules:\n- from:\n  - source:\n      remoteIpBlocks: ["10.244.2.9"]')).not.toThrow();
    });

    it('refuses it when the pod has ALLOW policies and none matches a connection without identity', () => {
      const allowed = 'no ALLOW policy of the pod matches a connection without a peer identity from its address: ';
      expect(withPolicies('rules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/legacy/sa/curl"]')).toThrow(refused(`${allowed}default/policy-0`));
      expect(withPolicies('rules:\n- from:\n  - source:\n      namespaces: ["legacy"]', 'rules:\n- from:\n  - source:\n      ipBlocks: ["10.244.1.0/24"]'))
        .toThrow(refused(`${allowed}default/policy-0, default/policy-1`));
      // An ALLOW rule with HTTP attributes never matches, so it refuses what it would have allowed.
      expect(withPolicies('rules:\n- to:\n  - operation:\n      methods: ["GET"]')).toThrow(refused(`${allowed}default/policy-0`));
      // A DENY that matches is named before any ALLOW (a rule with no field matches every connection).
      expect(withPolicies('rules:\n- from:\n  - source:\n      namespaces: ["legacy"]', 'action: DENY\nrules:\n- {}')).toThrow(refused('AuthorizationPolicy default/policy-1 denies it'));
    });
  });

  describe('refuse an HBONE row the pod\'s policies would refuse for the peer\'s identity', () => {
    /** The waypoint's tunnel to productpage (10.244.1.11, identity spiffe://cluster.local/ns/default/sa/waypoint). */
    const fromWaypoint = '{pod: productpage-v1-6c58956f7d-q9fkt, namespace: default, direction: inbound, src: "10.244.1.11:39552", originalDst: "", actualDst: "10.244.1.6:9080", protocol: HBONE}';
    const allowFrom = (field: string, value: string) => `rules:\n- from:\n  - source:\n      ${field}: ["${value}"]`;

    it('admits the waypoint when an ALLOW policy names its principal, service account or namespace', () => {
      expect(withPoliciesAndRow(fromWaypoint, [allowFrom('principals', 'cluster.local/ns/default/sa/waypoint')])).not.toThrow();
      expect(withPoliciesAndRow(fromWaypoint, [allowFrom('principals', '*/sa/waypoint')])).not.toThrow();
      expect(withPoliciesAndRow(fromWaypoint, [allowFrom('serviceAccounts', 'waypoint')])).not.toThrow();
      expect(withPoliciesAndRow(fromWaypoint, [allowFrom('namespaces', 'default')])).not.toThrow();
      // STRICT's conversion denies only connections without a principal.
      expect(() => models(`strict: [${fromWaypoint}]`)).not.toThrow();
    });

    it('refuses it when the pod\'s ALLOW policies admit only the client, whose identity the waypoint\'s tunnel does not carry', () => {
      expect(withPoliciesAndRow(fromWaypoint, [allowFrom('principals', 'cluster.local/ns/default/sa/curl')]))
        .toThrow(/ztunnel refuses HBONE from peer spiffe:\/\/cluster\.local\/ns\/default\/sa\/waypoint to the pod on port 9080 \(no ALLOW policy of the pod matches peer spiffe:\/\/cluster\.local\/ns\/default\/sa\/waypoint from its address: default\/policy-0\) and keeps no row/);
      expect(withPoliciesAndRow(fromWaypoint, [`action: DENY\n${allowFrom('notNamespaces', 'legacy')}`])).toThrow(/\(AuthorizationPolicy default\/policy-0 denies it\)/);
    });
  });

  it('are checked by the schema: socket addresses, a direction, a protocol, no other field', () => {
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('"10.244.2.8:40312"', '"10.244.2.8"')}]`)).toThrow(/src/);
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('direction: outbound', 'direction: sideways')}]`)).toThrow(/direction/);
    expect(() => models(`strict: [${CURL_TO_PRODUCTPAGE.replace('protocol: HBONE', 'protocol: HBONE, bytes: 12')}]`)).toThrow(/bytes/);
  });
});
