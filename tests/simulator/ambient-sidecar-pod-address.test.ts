/**
 * A sidecar client whose URL names an ambient pod's IP address: the address is in no registry, so the
 * sidecar passes it through (PassthroughCluster under ALLOW_ANY), in plain text, since an
 * original-destination cluster has no TLS (istio 1.30.3 cluster_builder.go buildDefaultPassthroughCluster).
 * The pod's ztunnel takes it on its inbound plaintext port, checks its L4 policy with no peer identity,
 * and connects to the pod, never through a waypoint (ztunnel 1.30.3 src/proxy/inbound_passthrough.rs
 * proxy_inbound_plaintext).
 */
import {describe, expect, it} from 'vitest';
import {podAddress} from '../../src/simulator/linkerd/workloads';
import {waypointGateway} from './ambient-support';
import {answers, decide, policy} from './istio-authz-helpers';

const SIDECAR_CLIENT = 'shop/web';
/** The address of the orders pod (ambient, namespace mesh), found through a request to its Service. */
function ordersPod(yaml: string[] = []): {pod: string; ip: string} {
  const pod = decide({yaml, request: 'GET http://orders.mesh/', from: 'mesh/cart'}).destinations[0]!.pods[0]!;
  return {pod, ip: podAddress('mesh', pod)};
}
const strict = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: strict, namespace: mesh}
spec: {mtls: {mode: STRICT}}`;
const onlyWeb = policy('orders-from-web', 'selector: {matchLabels: {app: orders}}\nrules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]', {namespace: 'mesh'});

describe('a sidecar client calling an ambient pod\'s IP address', () => {
  it('reaches the pod through PassthroughCluster, in plain text, with ztunnel as the only proxy at the pod', () => {
    const {pod, ip} = ordersPod();
    const decision = decide({yaml: [], request: `GET http://${ip}:8080/`, from: SIDECAR_CLIENT});
    expect(decision).toMatchObject({outcome: 'routed', status: 200});
    expect(decision.destinations.map((d) => [d.host, d.cluster, d.pods])).toEqual([[ip, 'PassthroughCluster', [pod]]]);
    expect(decision.egress).toBeUndefined();
    const [path] = decision.dataplane!.paths;
    expect(path!.crosses).toEqual(['sidecar', 'ztunnel']);
    expect(path!.hops.map((hop) => hop.next)).toEqual(['plaintext', 'local']);
    expect(decision.dataplane!.routedBy).toBe('sidecar');
    expect(decision.destinations[0]!.mtls).toMatchObject([{client: {sends: 'plaintext'}, server: {dataplane: 'ambient'}, result: 'plaintext'}]);
  });

  it('never crosses the pod\'s waypoint, even one for workload traffic', () => {
    const withWaypoint = [waypointGateway('pods', {namespace: 'mesh', trafficFor: 'workload'}), `apiVersion: v1
kind: Namespace
metadata: {name: mesh, labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: pods}}`];
    const {ip} = ordersPod(withWaypoint);
    const decision = decide({yaml: withWaypoint, request: `GET http://${ip}:8080/`, from: SIDECAR_CLIENT});
    expect(decision.dataplane!.crosses).toEqual(['sidecar', 'ztunnel']);
    expect(decision.dataplane!.noWaypoint).toContain('not to a waypoint');
    // The same pod address from an ambient client goes through that waypoint (pod-addressed.ts).
    expect(decide({yaml: withWaypoint, request: `GET http://${ip}:8080/`, from: 'mesh/cart'}).dataplane!.crosses).toEqual(['ztunnel', 'waypoint', 'ztunnel']);
  });

  it('is refused by ztunnel under STRICT mTLS: the sidecar answers 503 UC', () => {
    const {ip} = ordersPod();
    const decision = decide({yaml: [strict], request: `GET http://${ip}:8080/`, from: SIDECAR_CLIENT});
    expect(decision.destinations[0]!.mtls).toMatchObject([{result: 'failed', status: 503, flags: 'UC'}]);
    expect(decision.status).toBe(503);
  });

  it('carries no identity, so an L4 policy that admits the client\'s principal through its Service refuses it by address', () => {
    const {ip} = ordersPod();
    const byAddress = answers({yaml: [onlyWeb], request: `GET http://${ip}:8080/`, from: SIDECAR_CLIENT});
    expect(byAddress).toMatchObject([{enforcer: 'ztunnel', verdict: 'denied'}]);
    expect(byAddress[0]!.peer.principal).toBeUndefined();
    expect(answers({yaml: [onlyWeb], request: 'GET http://orders.mesh/', from: SIDECAR_CLIENT})).toMatchObject([{enforcer: 'ztunnel', verdict: 'allowed'}]);
  });

  it('keeps the egress answer when the outbound traffic policy is REGISTRY_ONLY', () => {
    const {ip} = ordersPod();
    const registryOnly = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY}}`;
    const decision = decide({yaml: [registryOnly], request: `GET http://${ip}:8080/`, from: SIDECAR_CLIENT});
    expect(decision.destinations).toEqual([]);
    expect(decision.egress).toMatchObject({verdict: 'blocked'});
  });
});
