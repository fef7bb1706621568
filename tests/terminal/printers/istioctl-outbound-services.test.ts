import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
  service('productpage', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.11'}),
  ...objects));
const entry = (name: string, ns: string, spec: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind: 'ServiceEntry', namespace: ns, name, value: {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name, namespace: ns}, spec},
});

const db = service('db', 'default', [{name: 'tcp', port: 5432}, {name: 'http-admin', port: 8080}, {name: 'metrics', port: 9187}], {clusterIP: 'None'});
const dbPods = [sidecarPod('db-0', 'default', {app: 'db'}, '10.244.0.30'), sidecarPod('db-1', 'default', {app: 'db'}, '10.244.0.31')];

describe('istioctl proxy-config for headless Services (listener.go buildSidecarOutboundListeners, httproute.go generateVirtualHostDomains)', () => {
  it('listens on each Ready pod\'s IP for a TCP port, and not at all for a headless Service whose only pod is the proxy\'s own', () => {
    const self = service('productpage-direct', 'default', [{name: 'tcp', port: 7000}], {clusterIP: 'None', selector: {app: 'productpage'}});
    const model = mesh(db, ...dbPods, self);
    expect(text('istioctl pc listener productpage-v1-abc --port 5432', model)).toBe(lines(
      'ADDRESSES   PORT MATCH DESTINATION',
      '10.244.0.30 5432 ALL   Cluster: outbound|5432||db.default.svc.cluster.local',
      '10.244.0.31 5432 ALL   Cluster: outbound|5432||db.default.svc.cluster.local',
    ));
    expect(text('istioctl pc listener productpage-v1-abc --port 7000', model)).toBe('ADDRESSES PORT MATCH DESTINATION\n');
  });

  it('sniffs a port without a declared protocol on each pod IP, to the route configuration HOST:PORT, and shares 0.0.0.0 for an HTTP port', () => {
    const model = mesh(db, ...dbPods);
    expect(text('istioctl pc listener productpage-v1-abc --port 9187', model)).toBe(lines(
      'ADDRESSES   PORT MATCH                                DESTINATION',
      '10.244.0.30 9187 Trans: raw_buffer; App: http/1.1,h2c Route: db.default.svc.cluster.local:9187',
      '10.244.0.30 9187 ALL                                  Cluster: outbound|9187||db.default.svc.cluster.local',
      '10.244.0.31 9187 Trans: raw_buffer; App: http/1.1,h2c Route: db.default.svc.cluster.local:9187',
      '10.244.0.31 9187 ALL                                  Cluster: outbound|9187||db.default.svc.cluster.local',
    ));
    expect(text('istioctl pc listener productpage-v1-abc --port 8080', model)).toBe(lines(
      'ADDRESSES PORT MATCH                                DESTINATION',
      '0.0.0.0   8080 Trans: raw_buffer; App: http/1.1,h2c Route: 8080',
      '0.0.0.0   8080 ALL                                  PassthroughCluster',
    ));
  });

  it('gives a headless Service\'s virtual host every name\'s `*.` form too, and its sniffed port a configuration of its own with domain *', () => {
    const routes = text('istioctl pc route productpage-v1-abc', mesh(db, ...dbPods)).split('\n').map((row) => row.trimEnd());
    // db.default.svc.cluster.local, its absolute form, db, db.default.svc, db.default, then each with `*.`: unexpandDomains keeps six.
    expect(routes).toContain('8080                                  db.default.svc.cluster.local:8080              db.default.svc.cluster.local., db + 4 more...                       /*');
    expect(routes).toContain('db.default.svc.cluster.local:9187     db.default.svc.cluster.local:9187              *                                                                   /*');
    // Without endpoints no listener asks for the sniffed port's configuration.
    expect(text('istioctl pc route productpage-v1-abc --verbose=false', mesh(db))).not.toContain('db.default.svc.cluster.local:9187');
  });
});

describe('istioctl proxy-config for ServiceEntries (listener.go, tls.go buildSidecarOutboundTLSFilterChainOpts, serviceentry/conversion.go)', () => {
  const google = entry('google', 'default', {hosts: ['www.google.com'], ports: [{number: 443, name: 'https', protocol: 'HTTPS'}], resolution: 'DNS', location: 'MESH_EXTERNAL'});
  const httpbin = entry('httpbin', 'default', {hosts: ['httpbin.org'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}, {number: 80, name: 'http', protocol: 'HTTP'}], resolution: 'DNS'});
  const legacy = entry('legacy', 'default', {hosts: ['legacy.internal'], addresses: ['240.0.0.7'], ports: [{number: 5432, name: 'tcp', protocol: 'TCP', targetPort: 15432}], resolution: 'STATIC',
    endpoints: [{address: '10.0.0.7', labels: {version: 'v1'}}, {address: '10.0.0.6', ports: {tcp: 25432}}]});
  const none = entry('none', 'default', {hosts: ['none.internal'], ports: [{number: 6379, name: 'tcp', protocol: 'TCP'}], resolution: 'NONE', endpoints: [{address: '10.0.0.8'}, {address: '10.0.0.9'}]});

  it('matches TLS hosts without an address by SNI on 0.0.0.0 (other traffic passes through), and listens on an entry\'s address or a NONE entry\'s endpoints', () => {
    const listeners = text('istioctl pc listener productpage-v1-abc', mesh(google, httpbin, legacy, none)).split('\n').map((row) => row.trimEnd());
    expect(listeners.filter((row) => / (80|443|5432|6379) /.test(row))).toEqual([
      '0.0.0.0   80    Trans: raw_buffer; App: http/1.1,h2c                                                            Route: 80',
      '0.0.0.0   80    ALL                                                                                             PassthroughCluster',
      '0.0.0.0   443   ALL                                                                                             PassthroughCluster',
      '0.0.0.0   443   SNI: www.google.com                                                                             Cluster: outbound|443||www.google.com',
      '0.0.0.0   443   SNI: httpbin.org                                                                                Cluster: outbound|443||httpbin.org',
      '240.0.0.7 5432  ALL                                                                                             Cluster: outbound|5432||legacy.internal',
      '10.0.0.8  6379  ALL                                                                                             Cluster: outbound|6379||none.internal',
      '10.0.0.9  6379  ALL                                                                                             Cluster: outbound|6379||none.internal',
    ]);
  });

  it('gives an HTTP host a virtual host with its absolute form (GenerateAltVirtualHosts outside the svc domain)', () => {
    expect(text('istioctl pc route productpage-v1-abc --name 80', mesh(httpbin))).toBe(lines(
      'NAME     VHOST NAME         DOMAINS                       MATCH     VIRTUAL SERVICE',
      '80       httpbin.org:80     httpbin.org, httpbin.org.     /*        ',
    ));
  });

  it('lists a STATIC entry\'s endpoints at their named port, else the targetPort, and a subset\'s by their labels', () => {
    const rule: ModelObject = {group: 'networking.istio.io', kind: 'DestinationRule', namespace: 'default', name: 'legacy',
      value: {apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: {name: 'legacy', namespace: 'default'}, spec: {host: 'legacy.internal', subsets: [{name: 'v1', labels: {version: 'v1'}}]}}};
    expect(text("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|5432||legacy.internal'", mesh(legacy, rule))).toBe(lines(
      'ENDPOINT           STATUS      OUTLIER CHECK     CLUSTER',
      '10.0.0.6:25432     HEALTHY     OK                outbound|5432||legacy.internal',
      '10.0.0.7:15432     HEALTHY     OK                outbound|5432||legacy.internal',
    ));
    expect(text("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|5432|v1|legacy.internal'", mesh(legacy, rule))).toBe(lines(
      'ENDPOINT           STATUS      OUTLIER CHECK     CLUSTER',
      '10.0.0.7:15432     HEALTHY     OK                outbound|5432|v1|legacy.internal',
    ));
    expect(print("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|6379||none.internal'", mesh(none))?.kind).toBe('gap');
  });

  it('sniffs a port of no declared protocol on 0.0.0.0 (listener.go ListenerProtocolAuto at the wildcard): its TCP chain as the default, HTTP to the port\'s shared route configuration, which the port\'s HTTP Services join', () => {
    const sniffed = entry('sniffed', 'default', {hosts: ['api.example.com'], ports: [{number: 8443, name: 'custom'}], resolution: 'DNS'});
    const web = service('web', 'default', [{name: 'http', port: 8443}], {clusterIP: '10.96.0.20'});
    const listener = lines(
      'ADDRESSES PORT MATCH                                DESTINATION',
      '0.0.0.0   8443 Trans: raw_buffer; App: http/1.1,h2c Route: 8443',
      '0.0.0.0   8443 ALL                                  Cluster: outbound|8443||api.example.com',
    );
    // Alone, and over an HTTP Service's listener of the same port (AutoOverHTTP; HTTPOverAuto leaves it), whatever their order.
    for (const model of [mesh(sniffed), mesh(sniffed, web), mesh(web, sniffed)]) expect(text('istioctl pc listener productpage-v1-abc --port 8443', model)).toBe(listener);
    expect(text('istioctl pc route productpage-v1-abc --name 8443', mesh(web, sniffed))).toBe(lines(
      'NAME     VHOST NAME                             DOMAINS                                             MATCH     VIRTUAL SERVICE',
      '8443     api.example.com:8443                   api.example.com, api.example.com.                   /*        ',
      '8443     web.default.svc.cluster.local:8443     web.default.svc.cluster.local., web + 2 more...     /*        ',
    ));
    const json = JSON.parse(text('istioctl pc listener productpage-v1-abc --port 8443 -o json', mesh(sniffed))) as Array<Record<string, any>>;
    expect(json[0]!.filterChains[0].filters[0].typedConfig.rds.routeConfigName).toBe('8443');
    expect(json[0]!.defaultFilterChain.filters.at(-1).typedConfig.cluster).toBe('outbound|8443||api.example.com');
  });

  it('refuses what it does not model: two sniffed or TCP services sharing 0.0.0.0:PORT, and a wildcard host', () => {
    const sniffed = entry('sniffed', 'default', {hosts: ['api.example.com'], ports: [{number: 8443, name: 'custom'}], resolution: 'DNS'});
    const other = entry('other', 'default', {hosts: ['other.example.com'], ports: [{number: 8443, name: 'tcp', protocol: 'TCP'}], resolution: 'DNS'});
    expect(print('istioctl pc listener productpage-v1-abc', mesh(sniffed, other))?.kind).toBe('gap');
    const wildcard = entry('wild', 'default', {hosts: ['*.example.com'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}], resolution: 'NONE'});
    expect(print('istioctl pc listener productpage-v1-abc', mesh(wildcard))?.kind).toBe('gap');
  });

  it('lists the WorkloadEntries and pods a workloadSelector picks as a STATIC entry\'s endpoints, each at its port of the port\'s name', () => {
    const vm = entry('vm-api', 'default', {hosts: ['api.vm.internal'], addresses: ['240.0.0.9'], ports: [{number: 8080, name: 'http', protocol: 'HTTP', targetPort: 9090}], resolution: 'STATIC', workloadSelector: {labels: {app: 'vm-api'}}});
    const workloadEntry = (name: string, spec: Record<string, unknown>): ModelObject => ({group: 'networking.istio.io', kind: 'WorkloadEntry', namespace: 'default', name,
      value: {apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: {name, namespace: 'default'}, spec}});
    const named = workloadEntry('vm-1', {address: '192.168.10.4', labels: {app: 'vm-api'}, ports: {http: 18080}});
    const plain = workloadEntry('vm-2', {address: '192.168.10.5', labels: {app: 'vm-api'}});
    const other = workloadEntry('vm-3', {address: '192.168.10.6', labels: {app: 'other'}});
    const pod = sidecarPod('api-pod', 'default', {app: 'vm-api'}, '10.244.0.40', {ports: [{name: 'http', containerPort: 8000}]});
    expect(text("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|8080||api.vm.internal'", mesh(vm, named, plain, other, pod))).toBe(lines(
      'ENDPOINT               STATUS      OUTLIER CHECK     CLUSTER',
      '10.244.0.40:8000       HEALTHY     OK                outbound|8080||api.vm.internal',
      '192.168.10.4:18080     HEALTHY     OK                outbound|8080||api.vm.internal',
      '192.168.10.5:9090      HEALTHY     OK                outbound|8080||api.vm.internal',
    ));
    // A Kubernetes Service selecting a WorkloadEntry would take it among its endpoints: not modelled.
    const selecting = service('vm-api', 'default', [{name: 'http', port: 8080}], {clusterIP: '10.96.0.50', selector: {app: 'vm-api'}});
    expect(print("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|8080||api.vm.internal'", mesh(vm, named, selecting))?.kind).toBe('gap');
  });
});
