import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {destinationRule, GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';
import {text} from './support/answers';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const POD = 'istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system';

const gateway = (name: string, ns: string, servers: unknown[], created = '2026-11-24T21:50:00Z'): ModelObject => ({
  group: 'networking.istio.io', kind: 'Gateway', namespace: ns, name,
  value: {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: {name, namespace: ns, creationTimestamp: created}, spec: {selector: {istio: 'ingressgateway'}, servers}},
});

/** The istio-ingressgateway chart's Service (80 → 8080, 443 → 8443, 31400 → 31400), httpbin on 8000, nginx on 443, tcp-echo on 9000. */
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, namespace('default'), namespace('istio-system'),
  sidecarPod('httpbin-abc', 'default', {app: 'httpbin'}, '10.244.0.9'),
  service('istio-ingressgateway', 'istio-system', [{name: 'status-port', port: 15021, targetPort: 15021}, {name: 'http2', port: 80, targetPort: 8080}, {name: 'https', port: 443, targetPort: 8443}, {name: 'tcp', port: 31400, targetPort: 31400}],
    {clusterIP: '10.96.0.20', selector: {istio: 'ingressgateway'}}),
  service('httpbin', 'default', [{name: 'http', port: 8000, targetPort: 8080}], {clusterIP: '10.96.0.21'}),
  service('my-nginx', 'default', [{name: 'https', port: 443, targetPort: 443}], {clusterIP: '10.96.0.22'}),
  service('tcp-echo', 'default', [{name: 'tcp', port: 9000, targetPort: 9000}, {name: 'tcp-other', port: 9001, targetPort: 9001}], {clusterIP: '10.96.0.23'}),
  ...objects));

const httpbinRoutes = (gateways: string[], hosts = ['httpbin.example.com']) => virtualService('httpbin', 'default', {hosts, gateways, http: [{match: [{uri: {prefix: '/get'}}], route: [{destination: {host: 'httpbin', port: {number: 8000}}}]}]});

const TLS_ALPNS = 'App: istio,istio-peer-exchange,istio-http/1.0,istio-http/1.1,istio-h2';

describe('istioctl proxy-config for Gateway servers other than plain-text HTTP (model/gateway.go mergeGateways, core/gateway.go)', () => {
  const redirecting = gateway('httpbin-gateway', 'default', [
    {port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['httpbin.example.com', 'other.example.com'], tls: {httpsRedirect: true}},
    {port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['./httpbin.example.com'], tls: {mode: 'SIMPLE', credentialName: 'httpbin-credential'}},
    {port: {number: 443, name: 'https-wild', protocol: 'HTTPS'}, hosts: ['*/*'], tls: {mode: 'MUTUAL', credentialName: 'wild'}},
  ]);

  it('gives each HTTPS server its own filter chain on the translated port, matched on its SNI hosts (none for *), to https.NUMBER.PORTNAME.GATEWAY.NS', () => {
    expect(text(`istioctl pc listener ${POD}`, mesh(redirecting, httpbinRoutes(['httpbin-gateway'])))).toBe(lines(
      'ADDRESSES PORT  MATCH                    DESTINATION',
      '0.0.0.0   8080  ALL                      Route: http.8080',
      '0.0.0.0   8443  SNI: httpbin.example.com Route: https.443.https.httpbin-gateway.default',
      '0.0.0.0   8443  ALL                      Route: https.443.https-wild.httpbin-gateway.default',
      '0.0.0.0   15021 ALL                      Inline Route: /healthz/ready*',
      '0.0.0.0   15090 ALL                      Inline Route: /stats/prometheus*',
    ));
  });

  it('names HTTPS virtual hosts by the server\'s own port, and gives a redirecting server\'s host without a VirtualService a route-less virtual host', () => {
    expect(text(`istioctl pc route ${POD}`, mesh(redirecting, httpbinRoutes(['httpbin-gateway'])))).toBe(lines(
      'NAME                                             VHOST NAME                  DOMAINS                 MATCH                  VIRTUAL SERVICE',
      'http.8080                                        httpbin.example.com:80      httpbin.example.com     /get*                  httpbin.default',
      'http.8080                                        other.example.com:80        other.example.com       /*                     404',
      'https.443.https-wild.httpbin-gateway.default     httpbin.example.com:443     httpbin.example.com     /get*                  httpbin.default',
      'https.443.https.httpbin-gateway.default          httpbin.example.com:443     httpbin.example.com     /get*                  httpbin.default',
      '                                                 backend                     *                       /stats/prometheus*     ',
      '                                                 backend                     *                       /healthz/ready*        ',
    ));
  });

  it('prints a redirecting server\'s virtual hosts with require_tls ALL in -o json, after routes and before include_request_attempt_count (VirtualHost\'s declaration order)', () => {
    const out = text(`istioctl pc route ${POD} --name http.8080 -o json`, mesh(redirecting, httpbinRoutes(['httpbin-gateway'])));
    const [configuration] = JSON.parse(out) as {name: string; virtualHosts: Record<string, unknown>[]}[];
    expect(configuration!.name).toBe('http.8080');
    expect(configuration!.virtualHosts.map((vh) => Object.keys(vh))).toEqual([
      ['name', 'domains', 'routes', 'requireTls', 'includeRequestAttemptCount'],
      // The redirect-only host: gateway.go builds it without routes.
      ['name', 'domains', 'requireTls', 'includeRequestAttemptCount'],
    ]);
    expect(configuration!.virtualHosts[1]).toEqual({name: 'other.example.com:80', domains: ['other.example.com'], requireTls: 'ALL', includeRequestAttemptCount: true});
    expect(configuration!.virtualHosts[0]).toMatchObject({name: 'httpbin.example.com:80', requireTls: 'ALL', routes: [{match: {prefix: '/get', caseSensitive: true}, route: {cluster: 'outbound|8000||httpbin.default.svc.cluster.local'}}]});
    // The HTTPS server's virtual host does not redirect: require_tls left at NONE, so not printed.
    const https = JSON.parse(text(`istioctl pc route ${POD} --name https.443.https.httpbin-gateway.default -o json`, mesh(redirecting, httpbinRoutes(['httpbin-gateway'])))) as {virtualHosts: Record<string, unknown>[]}[];
    expect(https[0]!.virtualHosts.map((vh) => vh.requireTls)).toEqual([undefined]);
  });

  it('does not fold a redirecting virtual host into one with the same routes that does not redirect', () => {
    const both = gateway('both', 'default', [
      {port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['a.example.com']},
      {port: {number: 80, name: 'http-redirect', protocol: 'HTTP'}, hosts: ['b.example.com'], tls: {httpsRedirect: true}},
    ]);
    const routes = virtualService('ab', 'default', {hosts: ['a.example.com', 'b.example.com'], gateways: ['both'], http: [{route: [{destination: {host: 'httpbin'}}]}]});
    expect(text(`istioctl pc route ${POD} --name http.8080`, mesh(both, routes))).toBe(lines(
      'NAME          VHOST NAME           DOMAINS           MATCH     VIRTUAL SERVICE',
      'http.8080     a.example.com:80     a.example.com     /*        ab.default',
      'http.8080     b.example.com:80     b.example.com     /*        ab.default',
    ));
  });

  it('skips a TLS server whose host another TLS server already serves on the port (CheckDuplicates)', () => {
    const first = gateway('first', 'default', [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['httpbin.example.com'], tls: {mode: 'SIMPLE', credentialName: 'a'}}], '2026-11-24T21:40:00Z');
    const second = gateway('second', 'default', [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['httpbin.example.com'], tls: {mode: 'SIMPLE', credentialName: 'b'}}]);
    expect(text(`istioctl pc listener ${POD} --port 8443`, mesh(second, first))).toBe(lines(
      'ADDRESSES PORT MATCH                    DESTINATION',
      '0.0.0.0   8443 SNI: httpbin.example.com Route: https.443.https.first.default',
    ));
  });

  it('routes a PASSTHROUGH server by its VirtualService\'s TLS sniHosts and a TCP server by its tcp route, each a TCP proxy', () => {
    const servers = gateway('tls', 'default', [
      {port: {number: 443, name: 'tls', protocol: 'TLS'}, hosts: ['nginx.example.com'], tls: {mode: 'PASSTHROUGH'}},
      {port: {number: 31400, name: 'tcp', protocol: 'TCP'}, hosts: ['*']},
    ]);
    const nginx = virtualService('nginx', 'default', {hosts: ['nginx.example.com'], gateways: ['tls'], tls: [{match: [{port: 443, sniHosts: ['nginx.example.com']}], route: [{destination: {host: 'my-nginx', port: {number: 443}}}]}]});
    const echo = virtualService('tcp-echo', 'default', {hosts: ['*'], gateways: ['tls'], tcp: [{match: [{port: 31400}], route: [{destination: {host: 'tcp-echo', port: {number: 9000}}}]}]});
    const model = mesh(servers, nginx, echo);
    expect(text(`istioctl pc listener ${POD}`, model)).toBe(lines(
      'ADDRESSES PORT  MATCH                  DESTINATION',
      '0.0.0.0   8443  SNI: nginx.example.com Cluster: outbound|443||my-nginx.default.svc.cluster.local',
      '0.0.0.0   15021 ALL                    Inline Route: /healthz/ready*',
      '0.0.0.0   15090 ALL                    Inline Route: /stats/prometheus*',
      '0.0.0.0   31400 ALL                    Cluster: outbound|9000||tcp-echo.default.svc.cluster.local',
    ));
    expect(text(`istioctl pc listener ${POD} --verbose=false`, model)).toBe(lines('ADDRESSES PORT  TYPE', '0.0.0.0   8443  TCP', '0.0.0.0   15021 HTTP', '0.0.0.0   15090 HTTP', '0.0.0.0   31400 TCP'));
    // No HTTP server: only the bootstrap's route configurations.
    expect(text(`istioctl pc route ${POD} --verbose=false`, model)).toBe(lines('NAME     VIRTUAL HOSTS', '         1', '         1'));
  });

  it('drops a TCP server\'s listener when no tcp route applies, and leaves a weighted TCP proxy no single cluster', () => {
    const tcp = gateway('tcp', 'default', [{port: {number: 31400, name: 'tcp', protocol: 'TCP'}, hosts: ['*']}]);
    expect(text(`istioctl pc listener ${POD} --verbose=false`, mesh(tcp))).toBe(lines('ADDRESSES PORT  TYPE', '0.0.0.0   15021 HTTP', '0.0.0.0   15090 HTTP'));
    const otherPort = virtualService('tcp-echo', 'default', {hosts: ['*'], gateways: ['tcp'], tcp: [{match: [{port: 31401}], route: [{destination: {host: 'tcp-echo', port: {number: 9000}}}]}]});
    expect(text(`istioctl pc listener ${POD} --port 31400`, mesh(tcp, otherPort))).toBe('ADDRESSES PORT MATCH DESTINATION\n');
    const weighted = virtualService('tcp-echo', 'default', {hosts: ['*'], gateways: ['tcp'], tcp: [{route: [
      {destination: {host: 'tcp-echo', port: {number: 9000}}, weight: 80}, {destination: {host: 'tcp-echo', port: {number: 9001}}, weight: 20},
    ]}]});
    expect(text(`istioctl pc listener ${POD} --port 31400`, mesh(tcp, weighted))).toBe(lines('ADDRESSES PORT  MATCH DESTINATION', '0.0.0.0   31400 ALL   Cluster: '));
  });

  it('gives an AUTO_PASSTHROUGH server one chain per service port and subset within its hosts, matched on the SNI-DNAT name and Istio\'s mTLS ALPNs', () => {
    const auto = gateway('cross-network', 'istio-system', [{port: {number: 15443, name: 'tls', protocol: 'TLS'}, hosts: ['*.default.svc.cluster.local'], tls: {mode: 'AUTO_PASSTHROUGH'}}]);
    expect(text(`istioctl pc listener ${POD} --port 15443`, mesh(auto, destinationRule('httpbin', 'default', 'httpbin', ['v1'])))).toBe(lines(
      `ADDRESSES PORT  MATCH${' '.repeat(125)}DESTINATION`,
      `0.0.0.0   15443 SNI: outbound_.9001_._.tcp-echo.default.svc.cluster.local; ${TLS_ALPNS}  Cluster: outbound_.9001_._.tcp-echo.default.svc.cluster.local`,
      `0.0.0.0   15443 SNI: outbound_.9000_._.tcp-echo.default.svc.cluster.local; ${TLS_ALPNS}  Cluster: outbound_.9000_._.tcp-echo.default.svc.cluster.local`,
      `0.0.0.0   15443 SNI: outbound_.8000_.v1_.httpbin.default.svc.cluster.local; ${TLS_ALPNS} Cluster: outbound_.8000_.v1_.httpbin.default.svc.cluster.local`,
      `0.0.0.0   15443 SNI: outbound_.8000_._.httpbin.default.svc.cluster.local; ${TLS_ALPNS}   Cluster: outbound_.8000_._.httpbin.default.svc.cluster.local`,
      `0.0.0.0   15443 SNI: outbound_.443_._.my-nginx.default.svc.cluster.local; ${TLS_ALPNS}   Cluster: outbound_.443_._.my-nginx.default.svc.cluster.local`,
    ));
  });

  it('adds the SNI-DNAT clusters of an AUTO_PASSTHROUGH gateway, listed whole since their names hold no `|`', () => {
    const auto = gateway('cross-network', 'istio-system', [{port: {number: 15443, name: 'tls', protocol: 'TLS'}, hosts: ['*.default.svc.cluster.local'], tls: {mode: 'AUTO_PASSTHROUGH'}}]);
    expect(text(`istioctl pc cluster ${POD} --fqdn httpbin`, mesh(auto, destinationRule('httpbin', 'default', 'httpbin', ['v1'])))).toBe(lines(
      'SERVICE FQDN                                              PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE',
      'httpbin.default.svc.cluster.local                         8000     -          outbound      EDS      httpbin.default',
      'httpbin.default.svc.cluster.local                         8000     v1         outbound      EDS      httpbin.default',
      'outbound_.8000_._.httpbin.default.svc.cluster.local       -        -          -             EDS      httpbin.default',
      'outbound_.8000_.v1_.httpbin.default.svc.cluster.local     -        -          -             EDS      httpbin.default',
    ));
  });

  it('listens on a server\'s bind address, its route configuration named http.PORT.BIND', () => {
    const bound = gateway('bound', 'default', [{port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['httpbin.example.com'], bind: '10.0.0.5'}]);
    const model = mesh(bound, httpbinRoutes(['bound']));
    expect(text(`istioctl pc listener ${POD} --port 8080`, model)).toBe(lines('ADDRESSES PORT MATCH DESTINATION', '10.0.0.5  8080 ALL   Route: http.8080.10.0.0.5'));
    expect(text(`istioctl pc route ${POD} --name http.8080.10.0.0.5`, model)).toContain('http.8080.10.0.0.5     httpbin.example.com:80     httpbin.example.com     /get*     httpbin.default');
  });

  it('binds VirtualServices to a namespaced server host only from that namespace (NamesForNamespace), `./` meaning the Gateway\'s own', () => {
    const scoped = gateway('scoped', 'istio-system', [{port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['./httpbin.example.com', 'default/www.example.com']}]);
    const fromDefault = httpbinRoutes(['istio-system/scoped'], ['httpbin.example.com', 'www.example.com']);
    expect(text(`istioctl pc route ${POD} --name http.8080`, mesh(scoped, fromDefault))).toBe(lines(
      'NAME          VHOST NAME             DOMAINS             MATCH     VIRTUAL SERVICE',
      'http.8080     www.example.com:80     www.example.com     /get*     httpbin.default',
    ));
  });

  it('keeps the first of two plain-text servers on one port whose protocols cannot merge (canMergeProtocols)', () => {
    const mixed = gateway('mixed', 'default', [
      {port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['httpbin.example.com']},
      {port: {number: 80, name: 'tcp', protocol: 'TCP'}, hosts: ['*']},
    ]);
    const echo = virtualService('tcp-echo', 'default', {hosts: ['*'], gateways: ['mixed'], tcp: [{route: [{destination: {host: 'tcp-echo', port: {number: 9000}}}]}]});
    expect(text(`istioctl pc listener ${POD} --port 8080`, mesh(mixed, echo))).toBe(lines('ADDRESSES PORT MATCH DESTINATION', '0.0.0.0   8080 ALL   Route: http.8080'));
  });

  it('appends a TCP server\'s match-all chain after an HTTPS server\'s on the same port: a new server port of the same listener', () => {
    const mixed = gateway('mixed', 'default', [
      {port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['httpbin.example.com'], tls: {mode: 'SIMPLE', credentialName: 'a'}},
      {port: {number: 443, name: 'tcp', protocol: 'TCP'}, hosts: ['*']},
    ]);
    const echo = virtualService('tcp-echo', 'default', {hosts: ['*'], gateways: ['mixed'], tcp: [{route: [{destination: {host: 'tcp-echo', port: {number: 9000}}}]}]});
    expect(text(`istioctl pc listener ${POD} --port 8443`, mesh(mixed, echo))).toBe(lines(
      'ADDRESSES PORT MATCH                    DESTINATION',
      '0.0.0.0   8443 SNI: httpbin.example.com Route: https.443.https.mixed.default',
      '0.0.0.0   8443 ALL                      Cluster: outbound|9000||tcp-echo.default.svc.cluster.local',
    ));
    expect(text(`istioctl pc listener ${POD} --port 8443 --verbose=false`, mesh(mixed, echo))).toBe(lines('ADDRESSES PORT TYPE', '0.0.0.0   8443 HTTP+TCP'));
  });

  it('reads a TLS block without a mode as PASSTHROUGH, the enum\'s zero value: an HTTPS server that routes by its VirtualService\'s sniHosts', () => {
    const modeless = gateway('modeless', 'default', [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['nginx.example.com'], tls: {}}]);
    const nginx = virtualService('nginx', 'default', {hosts: ['nginx.example.com'], gateways: ['modeless'], tls: [{match: [{sniHosts: ['nginx.example.com']}], route: [{destination: {host: 'my-nginx'}}]}]});
    expect(text(`istioctl pc listener ${POD} --port 8443`, mesh(modeless, nginx))).toBe(lines(
      'ADDRESSES PORT MATCH                  DESTINATION',
      '0.0.0.0   8443 SNI: nginx.example.com Cluster: outbound|443||my-nginx.default.svc.cluster.local',
    ));
  });
});
