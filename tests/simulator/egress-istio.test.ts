/**
 * Istio egress: what a sidecar does with a host outside its registry (meshConfig and Sidecar
 * outboundTrafficPolicy; httproute.go's allow_any and block_all virtual hosts; the virtualOutbound
 * passthrough chain to PassthroughCluster or BlackHoleCluster), what a ServiceEntry registers, and
 * the two hops of istio.io's egress gateway task.
 */
import {describe, expect, it} from 'vitest';
import {route} from './helpers';

const registryOnlyMesh = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
`;

const apiEntry = (namespace = 'bookinfo', extra = ''): string => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: ${namespace}}
spec:
  hosts: [api.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - {number: 80, name: http, protocol: HTTP}
  - {number: 443, name: tls, protocol: TLS}
${extra}`;

const sidecar = (mode: string, selector = ''): string => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: egress${selector ? '-selected' : ''}, namespace: bookinfo}
spec:
${selector}  outboundTrafficPolicy:
    mode: ${mode}
`;

const from = 'bookinfo/productpage-v1';
const bookinfo = (yaml: string, request: string, client = from) => route({context: 'bookinfo', yaml, request, from: client});

describe('a host outside the registry', () => {
  it('passes through to the original destination under the default ALLOW_ANY', () => {
    const decision = bookinfo('', 'GET http://www.example.org/');
    expect(decision).toMatchObject({outcome: 'passthrough', status: null});
    expect(decision.egress).toMatchObject({mesh: 'istio', verdict: 'allowed', cluster: 'PassthroughCluster', policy: {mode: 'ALLOW_ANY'}});
    expect(decision.egress?.policy?.from).toBe('the mesh default');
  });

  it('gets a 502 from the sidecar for plain HTTP on a port some service serves as HTTP, under REGISTRY_ONLY', () => {
    // bookinfo's istio-ingressgateway Service has an HTTP port 80, so every sidecar has a 0.0.0.0_80 listener whose last virtual host is block_all.
    const decision = bookinfo(registryOnlyMesh, 'GET http://www.example.org/');
    expect(decision).toMatchObject({outcome: 'direct-response', status: 502, distribution: [{share: 1, status: 502}]});
    expect(decision.egress).toMatchObject({verdict: 'blocked', cluster: 'block_all', policy: {mode: 'REGISTRY_ONLY'}});
    expect(decision.egress?.policy?.from).toBe('meshConfig outboundTrafficPolicy in ConfigMap istio-system/istio');
  });

  it('is reset through BlackHoleCluster for TLS, and for a port no HTTP service uses, under REGISTRY_ONLY', () => {
    for (const request of ['GET https://www.example.org/', 'GET http://www.example.org:8000/']) {
      const decision = bookinfo(registryOnlyMesh, request);
      expect(decision).toMatchObject({outcome: 'unreachable', status: null, distribution: []});
      expect(decision.egress).toMatchObject({verdict: 'blocked', cluster: 'BlackHoleCluster'});
    }
  });

  it('reads the port as ConvertProtocol does: a WebSocket appProtocol gets the 0.0.0.0 HTTP listener, a secure WebSocket or MySQL port does not', () => {
    const web = (port: number, extra: string) => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: bookinfo}
spec:
  selector: {app: web}
  ports:
  - {port: ${port}${extra}}
`;
    const ask = (service: string, port: number) => bookinfo(`${registryOnlyMesh}---\n${service}`, `GET http://www.example.org:${port}/`);
    expect(ask(web(8443, ', name: web, appProtocol: kubernetes.io/ws'), 8443)).toMatchObject({status: 502, egress: {cluster: 'block_all'}});
    expect(ask(web(8443, ', name: web, appProtocol: kubernetes.io/wss'), 8443)).toMatchObject({status: null, egress: {cluster: 'BlackHoleCluster'}});
    expect(ask(web(3306, ''), 3306)).toMatchObject({status: null, egress: {cluster: 'BlackHoleCluster'}});
    expect(ask(web(3307, ''), 3307)).toMatchObject({status: 502, egress: {cluster: 'block_all'}});
  });

  it('follows a Sidecar outboundTrafficPolicy over the mesh config, and a workloadSelector one over the namespace one', () => {
    expect(bookinfo(sidecar('REGISTRY_ONLY'), 'GET http://www.example.org/').egress).toMatchObject({verdict: 'blocked', policy: {mode: 'REGISTRY_ONLY', from: 'Sidecar bookinfo/egress'}});
    expect(bookinfo(`${registryOnlyMesh}---\n${sidecar('ALLOW_ANY')}`, 'GET http://www.example.org/').egress).toMatchObject({verdict: 'allowed', policy: {mode: 'ALLOW_ANY'}});
    const both = `${sidecar('REGISTRY_ONLY')}---\n${sidecar('ALLOW_ANY', '  workloadSelector:\n    labels: {app: productpage}\n')}`;
    expect(bookinfo(both, 'GET http://www.example.org/').egress?.verdict).toBe('allowed');
    expect(bookinfo(both, 'GET http://www.example.org/', 'bookinfo/reviews-v1').egress?.verdict).toBe('blocked');
  });

  it('takes the mesh config when the Sidecar sets no policy, and the root namespace Sidecar for namespaces without one', () => {
    const bare = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: default, namespace: bookinfo}\nspec:\n  egress:\n  - hosts: ["*/*"]\n';
    expect(bookinfo(`${registryOnlyMesh}---\n${bare}`, 'GET http://www.example.org/').egress?.policy?.from).toBe('Sidecar bookinfo/default sets no outboundTrafficPolicy: meshConfig outboundTrafficPolicy in ConfigMap istio-system/istio');
    const root = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: default, namespace: istio-system}\nspec:\n  outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n';
    expect(bookinfo(root, 'GET http://www.example.org/').egress).toMatchObject({verdict: 'blocked', policy: {from: 'Sidecar istio-system/default'}});
  });

  it('reads a policy written without a mode as REGISTRY_ONLY, the enums\' zero value', () => {
    const noMode = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "outboundTrafficPolicy: {}"\n';
    expect(bookinfo(noMode, 'GET http://www.example.org/').egress?.policy?.mode).toBe('REGISTRY_ONLY');
    const sidecarNoMode = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: default, namespace: bookinfo}\nspec:\n  outboundTrafficPolicy: {}\n';
    expect(bookinfo(sidecarNoMode, 'GET http://www.example.org/').egress?.verdict).toBe('blocked');
  });

  it('applies no policy to a client without a proxy', () => {
    const decision = route({context: 'bookinfo', yaml: registryOnlyMesh, request: 'GET http://www.example.org/', from: 'legacy/legacy-client'});
    expect(decision.egress).toMatchObject({verdict: 'allowed'});
    expect(decision.egress?.policy).toBeUndefined();
  });

  it('lets an ambient client out under REGISTRY_ONLY: ztunnel is L4 and reads no outbound traffic policy', () => {
    const decision = route({context: 'ambient-bookinfo', yaml: registryOnlyMesh, request: 'GET http://www.example.org/', from: 'bookinfo/productpage-v1'});
    expect(decision.egress).toMatchObject({verdict: 'allowed', answer: 'www.example.org answers: ztunnel passes the connection through (no outbound traffic policy at L4)'});
  });

  it('keeps the defaults, and says why, when the mesh config is not YAML', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "outboundTrafficPolicy: [unclosed"\n';
    const decision = bookinfo(broken, 'GET http://www.example.org/');
    expect(decision.egress?.verdict).toBe('allowed');
    expect(decision.egress?.policy?.from).toMatch(/^the mesh default \(ConfigMap istio-system\/istio's data\.mesh is not YAML: /);
  });
});

describe('a host a ServiceEntry registers', () => {
  it('leaves through the ServiceEntry cluster under REGISTRY_ONLY, on each declared port, the URL scheme choosing the port', () => {
    const http = bookinfo(`${registryOnlyMesh}---\n${apiEntry()}`, 'GET http://api.example.com/');
    expect(http).toMatchObject({outcome: 'routed', status: 200, destinations: [{host: 'api.example.com', port: 80}]});
    expect(http.egress).toMatchObject({verdict: 'allowed', cluster: 'outbound|80||api.example.com', serviceEntry: {name: 'api', location: 'MESH_EXTERNAL', resolution: 'DNS'}});
    expect(bookinfo(`${registryOnlyMesh}---\n${apiEntry()}`, 'GET https://api.example.com/').egress).toMatchObject({verdict: 'allowed', cluster: 'outbound|443||api.example.com'});
  });

  it('does not register a port the ServiceEntry does not declare, nor for a namespace it is not exported to', () => {
    expect(bookinfo(`${registryOnlyMesh}---\n${apiEntry()}`, 'GET http://api.example.com:8080/').egress?.verdict).toBe('blocked');
    const hidden = apiEntry('istio-system', '  exportTo: ["."]\n');
    const decision = bookinfo(`${registryOnlyMesh}---\n${hidden}`, 'GET http://api.example.com/');
    expect(decision.egress?.verdict).toBe('blocked');
    expect(decision.trace.map((t) => t.message)).toContain('ServiceEntry istio-system/api is not exported to bookinfo');
  });
});

describe('an egress gateway (istio.io egress gateway task)', () => {
  const egressGateway = `apiVersion: v1
kind: Service
metadata: {name: istio-egressgateway, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-egressgateway, namespace: istio-system}
spec:
  replicas: 1
  selector: {matchLabels: {istio: egressgateway}}
  template:
    metadata: {labels: {istio: egressgateway, app: istio-egressgateway}}
    spec:
      containers: [{name: istio-proxy, image: auto}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: istio-egressgateway, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [api.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api-through-egress, namespace: istio-system}
spec:
  hosts: [api.example.com]
  gateways: [istio-egressgateway, mesh]
  http:
  - match:
    - {gateways: [mesh], port: 80}
    route:
    - destination: {host: istio-egressgateway.istio-system.svc.cluster.local, port: {number: 80}}
  - match:
    - {gateways: [istio-egressgateway], port: 80}
    route:
    - destination: {host: api.example.com, port: {number: 80}}
---
`;

  it('shows the sidecar hop to the gateway and the gateway hop to the ServiceEntry host', () => {
    const decision = bookinfo(`${registryOnlyMesh}---\n${egressGateway}${apiEntry('istio-system')}`, 'GET http://api.example.com/');
    expect(decision.destinations).toMatchObject([{host: 'istio-egressgateway.istio-system.svc.cluster.local', port: 80}]);
    expect(decision.egress).toMatchObject({verdict: 'allowed', cluster: 'outbound|80||api.example.com', serviceEntry: {name: 'api'}});
    expect(decision.egress?.hops).toEqual([
      {proxy: 'sidecar of bookinfo/productpage-v1', routedBy: expect.objectContaining({name: 'api-through-egress'}), to: 'istio-egressgateway.istio-system.svc.cluster.local:80 (egress gateway istio-system/istio-egressgateway)'},
      {proxy: 'egress gateway istio-system/istio-egressgateway', routedBy: expect.objectContaining({name: 'api-through-egress'}), to: 'api.example.com:80'},
    ]);
  });

  it('says the request stays in when the gateway has no route for the host', () => {
    const withoutSecondRoute = egressGateway.replace(/  - match:\n    - \{gateways: \[istio-egressgateway\][^]*?port: \{number: 80\}\}\n/, '');
    const decision = bookinfo(`${withoutSecondRoute}${apiEntry('istio-system')}`, 'GET http://api.example.com/');
    expect(decision.egress?.verdict).toBe('blocked');
    expect(decision.egress?.answer).toMatch(/^egress gateway istio-system\/istio-egressgateway does not send it out: 404 NR/);
  });
});
