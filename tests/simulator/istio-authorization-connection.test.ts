/**
 * The connection Istio's authorization sees is the mTLS matrix's (istio-authz/connection.ts over
 * mtls-connection.ts connect): a principal exists only where the matrix says mTLS; a connection
 * the matrix fails is never authorized and the client gets what the matrix says; a DestinationRule's
 * subset and port-level `tls` count (mtls_checker.go trafficPolicyTLSModeForPort); a namespace the lab
 * does not define holds pods without sidecar (no injection label), as the matrix reads it.
 */
import {describe, expect, it} from 'vitest';
import {istioAnswers} from '../../src/simulator/istio-authz/attach';
import {portProtocol} from '../../src/simulator/istio-authz/connection';
import type {WorldResource} from '../../src/simulator/world';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {CLUSTER, ask, decide, policy} from './istio-authz-helpers';
import {documents} from './helpers';

const ONLY_MESH_PRINCIPALS = policy('mesh-only', 'rules:\n- from:\n  - source:\n      principals: ["*"]');

function destinationRule(trafficPolicy: string, subsets = ''): string {
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api.shop.svc.cluster.local
${trafficPolicy ? `  trafficPolicy:\n${trafficPolicy}\n` : ''}${subsets}`;
}

const ROUTE_TO_V1 = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: shop}
spec:
  hosts: [api.shop.svc.cluster.local]
  http:
  - route:
    - destination: {host: api.shop.svc.cluster.local, subset: v1}`;

const DISABLE_AT_API = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: api-plain, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  mtls: {mode: DISABLE}`;

describe('authorization takes its connection from the mTLS matrix', () => {
  it('Istio mTLS to a sidecar in DISABLE fails the handshake: 503 UF, no policy is evaluated', () => {
    const yaml = [destinationRule('    tls: {mode: ISTIO_MUTUAL}'), DISABLE_AT_API, policy('allow-all', 'rules:\n- {}')];
    const decision = decide({yaml});
    const [answer] = istioAnswers(decision);
    expect(answer).toMatchObject({verdict: 'denied', reset: true, policies: [], connectionFailure: {status: 503, flags: 'UF'}});
    expect(answer!.summary).toMatch(/istio mTLS to a sidecar whose policy is DISABLE/);
    expect(decision).toMatchObject({status: 503, flags: 'UF'});
    expect(decision.destinations[0]!.mtls?.[0]).toMatchObject({result: 'failed', status: 503, flags: 'UF'});
  });

  it('a subset\'s tls DISABLE leaves the routed client without principal', () => {
    const subsets = '  subsets:\n  - name: v1\n    labels: {app: api}\n    trafficPolicy:\n      tls: {mode: DISABLE}\n';
    const answer = ask({yaml: [destinationRule('', subsets), ROUTE_TO_V1, ONLY_MESH_PRINCIPALS]});
    expect(answer).toMatchObject({verdict: 'denied', status: 403, peer: {principal: undefined}});
    expect(answer.trace.map((t) => t.message).join('\n')).toMatch(/subset v1 trafficPolicy\.tls is DISABLE/);
  });

  it('a port-level tls DISABLE counts for that port only', () => {
    const portLevel = '    portLevelSettings:\n    - port: {number: 80}\n      tls: {mode: DISABLE}';
    expect(ask({yaml: [destinationRule(portLevel), ONLY_MESH_PRINCIPALS]})).toMatchObject({verdict: 'denied', peer: {principal: undefined}});
    const otherPort = '    portLevelSettings:\n    - port: {number: 5432}\n      tls: {mode: DISABLE}';
    expect(ask({yaml: [destinationRule(otherPort), ONLY_MESH_PRINCIPALS]})).toMatchObject({verdict: 'allowed', peer: {principal: 'cluster.local/ns/shop/sa/web'}});
  });

  it('the rule\'s own TLS reaches a PERMISSIVE sidecar as TCP: no principal and no HTTP attribute', () => {
    const yaml = [destinationRule('    tls: {mode: SIMPLE}'), policy('get-only', 'rules:\n- to:\n  - operation:\n      methods: [GET]')];
    const answer = ask({yaml});
    expect(answer).toMatchObject({protocol: 'tcp', verdict: 'denied', reset: true, peer: {principal: undefined}});
  });

  it('the principal exists exactly where the matrix says mTLS', () => {
    const cases = [[], [destinationRule('    tls: {mode: DISABLE}')], [DISABLE_AT_API], [destinationRule('    tls: {mode: ISTIO_MUTUAL}')]];
    for (const extra of cases) {
      for (const from of ['shop/web', 'legacy/client']) {
        const decision = decide({yaml: [...extra, policy('allow-all', 'rules:\n- {}')], from});
        const [answer] = istioAnswers(decision);
        const matrix = decision.destinations[0]!.mtls?.[0];
        expect(answer!.peer.principal !== undefined, `${from} with ${extra.length ? extra[0]!.split('\n')[2] : 'nothing'}`).toBe(matrix?.result === 'mtls');
      }
    }
  });
});

describe('which pods have a sidecar', () => {
  const ghost = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ghost, namespace: elsewhere}
spec:
  selector: {matchLabels: {app: ghost}}
  template:
    metadata: {labels: {app: ghost}}
    spec: {containers: [{name: ghost, image: ghost}]}
---
apiVersion: v1
kind: Service
metadata: {name: ghost, namespace: elsewhere}
spec:
  selector: {app: ghost}
  ports: [{name: http, port: 80}]`;

  it('a namespace the lab does not define is not injected: its pods have no sidecar to authorize', () => {
    const decision = decide({yaml: [ghost, policy('deny-all', '{}', {namespace: 'elsewhere'})], request: 'GET http://ghost.elsewhere/'});
    expect(istioAnswers(decision)).toEqual([]);
    expect(decision.status).toBe(200);
    expect(decision.destinations[0]!.mtls?.[0]).toMatchObject({result: 'plaintext', server: {dataplane: 'none'}});
  });

  it('the default client (no --from) is a sidecar, as routing and the matrix take it, even in a namespace the lab leaves out', () => {
    // `api.shop` has a dot, so the default client stands in namespace default, which CLUSTER does not define.
    const world = new World(documents(CLUSTER), [documents([ghost, ONLY_MESH_PRINCIPALS].join('\n---\n'))]);
    const decision = simulate(world, {request: parseRequest('GET http://api.shop/'), jwtClaims: undefined});
    expect(istioAnswers(decision)[0]).toMatchObject({verdict: 'allowed', peer: {principal: 'cluster.local/ns/default/sa/default'}});
  });
});

describe('the inbound chain a Service port gets, which decides whether HTTP attributes can match', () => {
  const withPorts = (...ports: object[]) => ({spec: {ports}}) as unknown as WorldResource;

  it('is HTTP for the HTTP family and for a port Istio sniffs, TCP for the rest, as ConvertProtocol reads the port', () => {
    expect(portProtocol(withPorts({name: 'http-web', port: 80}), 80)).toBe('http');
    expect(portProtocol(withPorts({name: 'web', port: 80}), 80)).toBe('http');
    expect(portProtocol(withPorts({name: 'web', port: 80, appProtocol: 'kubernetes.io/h2c'}), 80)).toBe('http');
    expect(portProtocol(withPorts({name: 'https-web', port: 443}), 443)).toBe('tcp');
    expect(portProtocol(withPorts({name: 'web', port: 443, appProtocol: 'kubernetes.io/wss'}), 443)).toBe('tcp');
    expect(portProtocol(withPorts({name: 'TCP-db', port: 5432}), 5432)).toBe('tcp');
    expect(portProtocol(withPorts({port: 3306}), 3306)).toBe('tcp');
  });

  it('is HTTP for a port the Service does not declare, or no Service: the request is sniffed as HTTP', () => {
    expect(portProtocol(withPorts({name: 'tcp-db', port: 5432}), 80)).toBe('http');
    expect(portProtocol(undefined, 80)).toBe('http');
  });
});
