/**
 * The mTLS matrix (mtls-attach.ts) and Istio's authorization (istio-authz/attach.ts) read a
 * connection's two ends once: the client as istioClient reads it (pod template labels and
 * annotations, the default client a sidecar, `--client-ip` alone an unmeshed client), the server as
 * istioWorkload reads it, and the pod port as Kubernetes' endpoints controller does (pod-port.ts,
 * kubernetes pkg/api/v1/pod/util.go FindPort: a named targetPort is the container port of that name
 * and protocol). So the matrix's row and the authorization's connection never disagree.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {istioAnswers} from '../../src/simulator/istio-authz/attach';
import {podPortOf} from '../../src/simulator/pod-port';
import {findWorkload} from '../../src/simulator/linkerd/workloads';
import {documents} from './helpers';

const deployment = (name: string, podMeta: string, ports = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}${podMeta}}
    spec:
      serviceAccountName: ${name}
      containers: [{name: ${name}, image: ${name}${ports}}]
`;
const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
${deployment('api', '', ', ports: [{name: web, containerPort: 8080}]')}
---
${deployment('web', '')}
---
${deployment('batch', ', annotations: {sidecar.istio.io/inject: "false"}')}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: web}]
`;
const STRICT = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec:
  mtls: {mode: STRICT}
`;
const ALLOW_ALL = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: all, namespace: shop}
spec:
  rules: [{}]
`;

function run(yaml: string, query: {from?: string; clientAddress?: string}, cluster = CLUSTER): Decision {
  return simulate(new World(documents(cluster), [documents(yaml)]), {request: parseRequest('GET http://api.shop/'), ...query});
}

function matrixRow(decision: Decision) {
  const row = decision.destinations[0]?.mtls?.[0];
  if (!row) throw new Error('no mTLS row');
  return row;
}

describe('one reading of the client for the matrix and for authorization', () => {
  it('a pod annotated sidecar.istio.io/inject: "false" in an injected namespace has no proxy in both: plain text, reset by STRICT', () => {
    const decision = run(`${STRICT}---${ALLOW_ALL}`, {from: 'shop/batch'});
    expect(matrixRow(decision)).toMatchObject({client: {dataplane: 'none', sends: 'plaintext'}, result: 'failed'});
    expect(istioAnswers(decision)[0]).toMatchObject({refusedConnection: expect.any(String)});
    expect(decision.outcome).toBe('unreachable');
  });

  it('--client-ip without a workload is an unmeshed client in both, not the default sidecar', () => {
    const decision = run(`${STRICT}---${ALLOW_ALL}`, {clientAddress: '203.0.113.7'});
    expect(matrixRow(decision)).toMatchObject({client: {dataplane: 'none', sends: 'plaintext'}, result: 'failed'});
    expect(decision.outcome).toBe('unreachable');
  });

  it('a workload with a sidecar is the same sidecar in both: mTLS, and authorization sees its principal', () => {
    const decision = run(`${STRICT}---${ALLOW_ALL}`, {from: 'shop/web'});
    expect(matrixRow(decision)).toMatchObject({client: {dataplane: 'sidecar', sends: 'istio-mtls'}, result: 'mtls'});
    expect(istioAnswers(decision)[0]!.peer.principal).toBe('cluster.local/ns/shop/sa/web');
  });

  it('the server\'s own sidecar.istio.io/inject annotation is read by the matrix too', () => {
    const cluster = CLUSTER.replace(deployment('api', '', ', ports: [{name: web, containerPort: 8080}]'),
      deployment('api', ', annotations: {sidecar.istio.io/inject: "false"}', ', ports: [{name: web, containerPort: 8080}]'));
    const decision = run(STRICT, {from: 'shop/web'}, cluster);
    expect(matrixRow(decision).server.dataplane).toBe('none');
  });
});

describe('one reading of the pod port', () => {
  it('port-level mTLS keys on the container port a named targetPort names, in the matrix as in authorization', () => {
    const portLevel = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  mtls: {mode: STRICT}
  portLevelMtls: {8080: {mode: PERMISSIVE}}
`;
    const decision = run(`${portLevel}---${ALLOW_ALL}`, {from: 'shop/batch'});
    // Service port 80 → targetPort web → container port 8080, which is PERMISSIVE: the unmeshed client's plain text is accepted.
    expect(matrixRow(decision)).toMatchObject({result: 'plaintext', server: {mode: 'PERMISSIVE'}});
    expect(istioAnswers(decision)[0]).toMatchObject({port: 8080, verdict: 'allowed'});
    expect(decision.status).toBe(200);
  });

  it('reads a named targetPort as FindPort does: the port\'s protocol, then restartable init containers; an unknown name is no port', () => {
    const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: ${containers}`;
    const service = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\nspec:\n  ports: ${ports}`;
    const portOf = (ports: string, port: number, spec: string) => {
      const world = new World(documents(`${pod(spec)}\n---\n${service(ports)}`), []);
      return podPortOf(world.serviceByFqdn('s.shop.svc.cluster.local'), port, findWorkload(world, 'shop', 'p'));
    };
    const dns = '{containers: [{name: c, ports: [{name: dns, containerPort: 5353, protocol: UDP}, {name: dns, containerPort: 5354}]}]}';
    expect(portOf('[{port: 53, targetPort: dns}]', 53, dns)).toBe(5354);
    expect(portOf('[{port: 53, targetPort: dns, protocol: UDP}]', 53, dns)).toBe(5353);
    const inits = '{containers: [{name: c}], initContainers: [{name: proxy, restartPolicy: Always, ports: [{name: admin, containerPort: 9901}]}, {name: setup, ports: [{name: setup, containerPort: 7000}]}]}';
    expect(portOf('[{port: 15000, targetPort: admin}]', 15000, inits)).toBe(9901);
    expect(portOf('[{port: 7000, targetPort: setup}]', 7000, inits)).toBeUndefined();
    expect(portOf('[{port: 80}]', 80, inits)).toBe(80);
  });
});
