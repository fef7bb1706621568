/**
 * The mTLS matrix: what a client sends to a destination workload against what the workload
 * accepts (src/simulator/mtls-*.ts), one row per combination, each citing the Istio 1.30.3
 * or Envoy fact it encodes.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {documents, labResources} from './helpers';

const pa = (name: string, mode: string, extra = '', namespace = 'bookinfo') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${extra}  mtls: {mode: ${mode}}
`;
const dr = (trafficPolicy: string, host = 'details', extra = '') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${host.split('.')[0]}, namespace: bookinfo}
spec:
  host: ${host}
  trafficPolicy:
${trafficPolicy}${extra}`;
/** A Service in front of the legacy namespace's pod, which has no sidecar. */
const LEGACY_SERVICE = `apiVersion: v1
kind: Service
metadata: {name: legacy-client, namespace: legacy}
spec:
  selector: {app: legacy-client}
  ports: [{name: http, port: 8080}]
`;

function run(yaml: string[], request: string, from: string, context: unknown[] = labResources('bookinfo')): Decision {
  return simulate(new World(context, [documents(yaml.join('---\n'))]), {request: parseRequest(request), from});
}

interface Row {
  name: string;
  source: string;
  yaml: string[];
  from: string;
  request?: string;
  sends: string;
  result: 'mtls' | 'plaintext' | 'tls' | 'failed';
  status?: number;
  flags?: string;
}

const DETAILS = 'GET http://details.bookinfo:9080/details/0';

const rows: Row[] = [
  {name: 'auto mTLS between two sidecars (no policy: PERMISSIVE)', source: 'cluster_tls.go buildUpstreamTLSSettings: autoMTLS with a sidecar endpoint → ISTIO_MUTUAL',
    yaml: [], from: 'bookinfo/productpage-v1', sends: 'istio-mtls', result: 'mtls'},
  {name: 'client without sidecar to a PERMISSIVE sidecar', source: 'PERMISSIVE accepts plain text (PeerAuthentication reference)',
    yaml: [], from: 'legacy/legacy-client', sends: 'plaintext', result: 'plaintext'},
  {name: 'client without sidecar to a STRICT sidecar: reset, no response', source: 'STRICT: only the mTLS filter chain (listener_inbound.go)',
    yaml: [pa('default', 'STRICT')], from: 'legacy/legacy-client', sends: 'plaintext', result: 'failed'},
  {name: 'DestinationRule DISABLE to a STRICT sidecar: 503 UC', source: 'Envoy response flag UC: upstream connection termination',
    yaml: [pa('default', 'STRICT'), dr('    tls: {mode: DISABLE}\n')], from: 'bookinfo/productpage-v1', sends: 'plaintext', result: 'failed', status: 503, flags: 'UC'},
  {name: 'namespace DISABLE turns auto mTLS off for the service', source: 'cluster_tls.go: serviceMTLSMode == MTLSDisable → no TLS (BestEffortInferServiceMTLSMode)',
    yaml: [pa('default', 'DISABLE')], from: 'bookinfo/productpage-v1', sends: 'plaintext', result: 'plaintext'},
  {name: 'ISTIO_MUTUAL to a sidecar whose namespace policy is DISABLE: handshake fails, 503 UF', source: 'DISABLE terminates no TLS; Envoy UF: upstream connection failure',
    yaml: [pa('default', 'DISABLE'), dr('    tls: {mode: ISTIO_MUTUAL}\n')], from: 'bookinfo/productpage-v1', sends: 'istio-mtls', result: 'failed', status: 503, flags: 'UF'},
  {name: 'workload-level DISABLE under a STRICT namespace: auto mTLS sends plain text, accepted', source: 'mtls_checker.go checkMtlsEnabled reads the workload policy per endpoint',
    yaml: [pa('default', 'STRICT'), pa('details-off', 'DISABLE', '  selector: {matchLabels: {app: details}}\n')], from: 'bookinfo/productpage-v1', sends: 'plaintext', result: 'plaintext'},
  {name: 'portLevelMtls DISABLE on the pod port: plain text from auto mTLS', source: 'mtls_checker.go GetMutualTLSModeForPort(ep.EndpointPort)',
    yaml: [pa('details', 'STRICT', '  selector: {matchLabels: {app: details}}\n  portLevelMtls:\n    9080: {mode: DISABLE}\n')], from: 'bookinfo/productpage-v1', sends: 'plaintext', result: 'plaintext'},
  {name: 'portLevelSettings DISABLE overrides the rule-wide ISTIO_MUTUAL: 503 UC at a STRICT sidecar', source: 'trafficPolicyTLSModeForPort: a port-level setting for the port wins',
    yaml: [pa('default', 'STRICT'), dr('    tls: {mode: ISTIO_MUTUAL}\n    portLevelSettings:\n    - port: {number: 9080}\n      tls: {mode: DISABLE}\n')], from: 'bookinfo/productpage-v1', sends: 'plaintext', result: 'failed', status: 503, flags: 'UC'},
  {name: 'SIMPLE TLS to a STRICT sidecar: no mesh client certificate, 503 UF', source: 'STRICT requires a client certificate from the mesh CA',
    yaml: [pa('default', 'STRICT'), dr('    tls: {mode: SIMPLE}\n')], from: 'bookinfo/productpage-v1', sends: 'tls', result: 'failed', status: 503, flags: 'UF'},
  {name: 'SIMPLE TLS to a PERMISSIVE sidecar: handed to the application', source: 'PERMISSIVE passes TLS without istio ALPN through',
    yaml: [dr('    tls: {mode: SIMPLE}\n')], from: 'bookinfo/productpage-v1', sends: 'tls', result: 'tls'},
  {name: 'auto mTLS to a pod without sidecar: plain text', source: 'endpoint without tlsMode=istio label gets the plain-text transport socket',
    yaml: [LEGACY_SERVICE], from: 'bookinfo/productpage-v1', request: 'GET http://legacy-client.legacy:8080/', sends: 'plaintext', result: 'plaintext'},
  {name: 'ISTIO_MUTUAL to a pod without sidecar: handshake fails, 503 UF', source: 'nothing terminates the TLS: Envoy UF with a TLS transport failure',
    yaml: [LEGACY_SERVICE, dr('    tls: {mode: ISTIO_MUTUAL}\n', 'legacy-client.legacy.svc.cluster.local')], from: 'bookinfo/productpage-v1', request: 'GET http://legacy-client.legacy:8080/', sends: 'istio-mtls', result: 'failed', status: 503, flags: 'UF'},
];

describe('mTLS between two workloads', () => {
  it.each(rows)('$name ($source)', (row) => {
    const decision = run(row.yaml, row.request ?? DETAILS, row.from);
    const connection = decision.destinations[0]!.mtls![0]!;
    expect(connection.client.sends).toBe(row.sends);
    expect(connection.result).toBe(row.result);
    expect(connection.status).toBe(row.status);
    expect(connection.flags).toBe(row.flags);
    if (row.status) {
      expect(decision.status).toBe(row.status);
      expect(decision.flags).toBe(row.flags);
    }
  });

  it('a reset with no proxy on the client leaves no response: the request is unreachable', () => {
    const decision = run([pa('default', 'STRICT')], DETAILS, 'legacy/legacy-client');
    expect(decision.outcome).toBe('unreachable');
    expect(decision.status).toBeNull();
    expect(decision.summary).toMatch(/connection reset/);
  });

  it('a subset trafficPolicy tls wins over the rule-wide tls for that subset only', () => {
    const yaml = [pa('default', 'STRICT'), dr('    tls: {mode: ISTIO_MUTUAL}\n', 'details', '  subsets:\n  - name: v1\n    labels: {version: v1}\n    trafficPolicy:\n      tls: {mode: DISABLE}\n'),
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: details, namespace: bookinfo}
spec:
  hosts: [details]
  http:
  - route:
    - destination: {host: details, subset: v1}
`];
    const connection = run(yaml, DETAILS, 'bookinfo/productpage-v1').destinations[0]!.mtls![0]!;
    expect(connection.client.because).toMatch(/subset v1 trafficPolicy\.tls/);
    expect(connection.flags).toBe('UC');
  });

  it('names the policy that set the server mode and the rule that set the client mode', () => {
    const connection = run([pa('default', 'STRICT'), dr('    tls: {mode: DISABLE}\n')], DETAILS, 'bookinfo/productpage-v1').destinations[0]!.mtls![0]!;
    expect(connection.server.because).toMatch(/PeerAuthentication bookinfo\/default \(namespace level\): STRICT/);
    expect(connection.client.because).toMatch(/DestinationRule bookinfo\/details trafficPolicy\.tls is DISABLE/);
  });

  it('a client in a partly failing destination set sees the failure for that share only', () => {
    // The DISABLE client rule meets STRICT only at reviews-v2: one pod of three.
    const yaml = [pa('v2-strict', 'STRICT', '  selector: {matchLabels: {app: reviews, version: v2}}\n'), dr('    tls: {mode: DISABLE}\n', 'reviews')];
    const decision = run(yaml, 'GET http://reviews.bookinfo:9080/', 'bookinfo/productpage-v1');
    const failed = decision.distribution.filter((e) => e.status === 503 && e.flags === 'UC');
    expect(failed.reduce((s, e) => s + e.share, 0)).toBeCloseTo(1 / 3, 9);
    expect(decision.status).toBe(200);
  });
});

describe('ambient (ztunnel) in the matrix', () => {
  const context = (): unknown[] => [
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'amb', labels: {'istio.io/dataplane-mode': 'ambient'}}},
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'side', labels: {'istio-injection': 'enabled'}}},
    ...['amb', 'side'].flatMap((ns) => ['client', 'server'].flatMap((app) => [
      {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: app, namespace: ns}, spec: {replicas: 1, selector: {matchLabels: {app}}, template: {metadata: {labels: {app}}, spec: {containers: [{name: app, image: 'x'}]}}}},
      {apiVersion: 'v1', kind: 'Service', metadata: {name: app, namespace: ns}, spec: {selector: {app}, ports: [{name: 'http', port: 80}]}},
    ])),
  ];
  const cases = [
    {name: 'ambient to ambient: HBONE', from: 'amb/client', to: 'server.amb', sends: 'hbone', result: 'mtls', source: 'ztunnel tunnels HBONE to workloads whose tunnel protocol is HBONE'},
    {name: 'sidecar to ambient: HBONE', from: 'side/client', to: 'server.amb', sends: 'hbone', result: 'mtls', source: 'cluster_tls.go applyHBONETransportSocketMatches (PILOT_ENABLE_SENDING_HBONE)'},
    {name: 'ambient to a PERMISSIVE sidecar: plain text', from: 'amb/client', to: 'server.side', sends: 'plaintext', result: 'plaintext', source: 'workloads.go setTunnelProtocol: a sidecar pod is NONE; ztunnel sends no legacy istio mTLS'},
  ] as const;
  it.each(cases)('$name ($source)', ({from, to, sends, result}) => {
    const connection = simulate(new World(context()), {request: parseRequest(`GET http://${to}/`), from}).destinations[0]!.mtls![0]!;
    expect(connection.client.sends).toBe(sends);
    expect(connection.result).toBe(result);
  });
  it('ambient to a STRICT sidecar is reset (ztunnel answers no HTTP)', () => {
    const world = new World(context(), [documents(pa('default', 'STRICT', '', 'side'))]);
    const decision = simulate(world, {request: parseRequest('GET http://server.side/'), from: 'amb/client'});
    expect(decision.destinations[0]!.mtls![0]!.result).toBe('failed');
    expect(decision.outcome).toBe('unreachable');
  });
  it('plain text to a STRICT ambient pod is reset by its ztunnel', () => {
    const world = new World([...context(), {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'plain'}},
      {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'client', namespace: 'plain'}, spec: {replicas: 1, selector: {matchLabels: {app: 'c'}}, template: {metadata: {labels: {app: 'c'}}, spec: {containers: [{name: 'c', image: 'x'}]}}}}],
    [documents(pa('default', 'STRICT', '', 'amb'))]);
    const connection = simulate(world, {request: parseRequest('GET http://server.amb/'), from: 'plain/client'}).destinations[0]!.mtls![0]!;
    expect(connection.server).toMatchObject({dataplane: 'ambient', mode: 'STRICT'});
    expect(connection.result).toBe('failed');
  });
});
