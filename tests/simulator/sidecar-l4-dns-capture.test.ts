/**
 * DNS capture at a client's sidecar and the address a ServiceEntry host gets there (istio 1.30.3): the agent captures
 * DNS when ISTIO_META_DNS_CAPTURE is a true Go bool in the pod's proxyMetadata (the mesh config's defaultConfig, a
 * ProxyConfig's environmentVariables, the pod's proxy.istio.io/config; proxy_config.go EffectiveProxyConfig);
 * istiod's IP autoallocate controller (PILOT_ENABLE_IP_AUTOALLOCATE, on by default) gives each host of an entry
 * without addresses one in 240.240.0.0/16, except resolution NONE, the enable-autoallocate-ip "false" label and
 * wildcards without DYNAMIC_DNS (ip_autoallocation.go, ipallocate.go); a capturing proxy's listener is bound there and
 * its DNS proxy answers the host with it (service.go nodeUsesAutoallocatedIPs, GetAddressForProxy; name_table.go);
 * a bound TLS listener's default chain matches no SNI (tls.go).
 */
import {describe, expect, it} from 'vitest';
import {parseGoBool as goBool} from '../../src/engine/go/strconv-bool';
import {connectIn, SHOP_NAMESPACE, shopApp, shopVirtualService, traceOf} from './sidecar-l4-support';

const meshCapturing = (value = '"true"') => `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      proxyMetadata:
        ISTIO_META_DNS_CAPTURE: ${value}`;

/** A client whose pod template carries a proxy.istio.io/config annotation with DNS capture `value`. */
const annotatedClient = (name: string, value: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata:
      labels: {app: ${name}}
      annotations:
        proxy.istio.io/config: |
          proxyMetadata:
            ISTIO_META_DNS_CAPTURE: "${value}"
    spec: {containers: [{name: ${name}, image: ${name}}]}`;

const BASE = `${SHOP_NAMESPACE}
${shopApp('client', '{name: http, port: 80}')}
${shopApp('replica', '{name: tcp, port: 5432}')}`;

const PG = (extra = '  resolution: DNS', labels = '') => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: pg, namespace: shop${labels}}
spec:
  hosts: [db.example.com]
  location: MESH_EXTERNAL
  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]
${extra}`;

/** Connections in the allocated range go to replica, others to the entry. */
const BY_SUBNET = shopVirtualService(`  hosts: [db.example.com]
  tcp:
  - match: [{destinationSubnets: [240.240.0.0/16]}]
    route: [{destination: {host: replica.shop.svc.cluster.local}}]
  - route: [{destination: {host: db.example.com}}]`);

const hosts = (d: ReturnType<ReturnType<typeof connectIn>>) => d.destinations.map((x) => x.host);

describe('a sidecar that captures DNS (the mesh config\'s proxyMetadata)', () => {
  const connect = connectIn(`${BASE}${meshCapturing()}`);

  it('binds a TCP entry\'s listener to the address istiod allocates its host, which its DNS proxy answers, so a subnet on 240.240.0.0/16 holds', () => {
    const d = connect(`${PG()}\n---\n${BY_SUBNET}`, 'GET http://db.example.com:5432/');
    expect(hosts(d)).toEqual(['replica.shop.svc.cluster.local']);
    const trace = traceOf(d);
    expect(trace).toMatch(/the client's sidecar captures DNS: ISTIO_META_DNS_CAPTURE is "true" in the mesh config's defaultConfig\.proxyMetadata \(ConfigMap istio-system\/istio\): DNS capture is on/);
    expect(trace).toMatch(/listens on its allocated address on port 5432 \(.*an address in 240\.240\.0\.0\/16 \(PILOT_IP_AUTOALLOCATE_IPV4_PREFIX\).*\); the sidecar's DNS proxy answers db\.example\.com with that address/);
    expect(trace).not.toMatch(/cannot tell hosts apart/);
  });

  it('without capture the same subnet cannot be decided: the listener is 0.0.0.0 and the address is whatever DNS answers', () => {
    const d = connectIn(BASE)(`${PG()}\n---\n${BY_SUBNET}`, 'GET http://db.example.com:5432/');
    expect(hosts(d)).toEqual(['db.example.com']);
    expect(traceOf(d)).toMatch(/cannot tell hosts apart/);
  });

  it('uses the address the entry\'s status records for the host', () => {
    const recorded = `${PG()}\nstatus: {addresses: [{host: db.example.com, value: 240.240.0.7}]}`;
    const exact = BY_SUBNET.replace('240.240.0.0/16', '240.240.0.7/32');
    expect(hosts(connect(`${recorded}\n---\n${exact}`, 'GET http://db.example.com:5432/'))).toEqual(['replica.shop.svc.cluster.local']);
    expect(hosts(connect(`${recorded}\n---\n${BY_SUBNET.replace('240.240.0.0/16', '240.240.0.8/32')}`, 'GET http://db.example.com:5432/'))).toEqual(['db.example.com']);
  });

  it.each([
    ['resolution NONE', PG('  resolution: NONE'), /its resolution is NONE/],
    ['the opt-out label', PG('  resolution: DNS', ', labels: {networking.istio.io/enable-autoallocate-ip: "False"}'), /labelled networking\.istio\.io\/enable-autoallocate-ip: "False"/],
    ['addresses of its own', PG('  resolution: DNS\n  addresses: [192.0.2.10]'), /192\.0\.2\.10:5432/],
  ])('allocates nothing for an entry with %s', (_, yaml, why) => {
    const d = connect(`${yaml}\n---\n${BY_SUBNET}`, 'GET http://db.example.com:5432/');
    expect(hosts(d)).toEqual(['db.example.com']);
    expect(traceOf(d)).toMatch(why);
  });

  it('lets plaintext reach a TLS entry through its address-bound chain, which matches no SNI, where without capture it passes through', () => {
    const tls = PG('  resolution: DNS').replace('{number: 5432, name: tcp-pg, protocol: TCP}', '{number: 443, name: tls, protocol: TLS}');
    const captured = connect(tls, 'GET http://db.example.com:443/');
    expect(captured).toMatchObject({outcome: 'routed', connection: {protocol: 'tcp', state: 'established'}});
    expect(captured.summary).toMatch(/plaintext to a TLS port: the server fails the TLS handshake/);
    expect(connectIn(BASE)(tls, 'GET http://db.example.com:443/')).toMatchObject({outcome: 'passthrough'});
    expect(connect(tls, 'GET https://db.example.com:443/').connection).toMatchObject({protocol: 'tls', sni: 'db.example.com', state: 'established'});
  });
});

describe('which proxyMetadata decides', () => {
  const VS_AND_ENTRY = `${PG()}\n---\n${BY_SUBNET}`;

  it('the pod\'s proxy.istio.io/config annotation over the mesh config, for that workload only', () => {
    const connect = connectIn(`${BASE}${meshCapturing('"false"')}\n${annotatedClient('capturing', 'true')}`);
    const d = connect(VS_AND_ENTRY, 'GET http://db.example.com:5432/', 'shop/capturing');
    expect(hosts(d)).toEqual(['replica.shop.svc.cluster.local']);
    expect(traceOf(d)).toMatch(/ISTIO_META_DNS_CAPTURE is "true" in the pod's proxy\.istio\.io\/config annotation/);
    expect(hosts(connect(VS_AND_ENTRY, 'GET http://db.example.com:5432/', 'shop/client'))).toEqual(['db.example.com']);
  });

  it('a ProxyConfig selecting the workload over its annotation; a namespace-wide one under it', () => {
    const proxyConfig = (name: string, selector: string, value: string) => `---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: ${name}, namespace: shop}
spec:
${selector}  environmentVariables: {ISTIO_META_DNS_CAPTURE: "${value}"}`;
    const selecting = proxyConfig('no-capture', '  selector: {matchLabels: {app: capturing}}\n', 'false');
    const d = connectIn(`${BASE}\n${annotatedClient('capturing', 'true')}\n${selecting}`)(VS_AND_ENTRY, 'GET http://db.example.com:5432/', 'shop/capturing');
    expect(hosts(d)).toEqual(['db.example.com']);
    expect(traceOf(d)).toMatch(/DNS capture is off|does not capture DNS \(ISTIO_META_DNS_CAPTURE is "false" in ProxyConfig shop\/no-capture's environmentVariables/);
    const namespaceWide = proxyConfig('capture', '', 'true');
    expect(hosts(connectIn(`${BASE}\n${namespaceWide}`)(VS_AND_ENTRY, 'GET http://db.example.com:5432/', 'shop/client'))).toEqual(['replica.shop.svc.cluster.local']);
    expect(hosts(connectIn(`${BASE}\n${annotatedClient('capturing', 'false')}\n${namespaceWide}`)(VS_AND_ENTRY, 'GET http://db.example.com:5432/', 'shop/capturing'))).toEqual(['db.example.com']);
  });

  it('reads the value as Go\'s strconv.ParseBool does: anything else leaves capture off, said in the trace', () => {
    expect([goBool('True'), goBool('1'), goBool('t'), goBool('F'), goBool('yes'), goBool('tRUE')]).toEqual([true, true, true, false, undefined, undefined]);
    const d = connectIn(`${BASE}${meshCapturing('"yes"')}`)(VS_AND_ENTRY, 'GET http://db.example.com:5432/');
    expect(hosts(d)).toEqual(['db.example.com']);
    expect(traceOf(d)).toMatch(/ISTIO_META_DNS_CAPTURE is "yes" in .*, which Go's strconv\.ParseBool does not read as a bool: DNS capture stays off/);
  });
});
