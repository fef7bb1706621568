import {describe, expect, it} from 'vitest';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {destinationRule, withMeshConfig} from './support/mesh';
import {dump, istioMutual, mesh, REVIEWS, sds, UNLIMITED} from './support/cluster-dump';

const OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const LINE = `istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`;

/** The reviews rule with subsets v1 and v2, its top-level policy and v2's. */
function rule(policy: Record<string, unknown>, v2Policy?: Record<string, unknown>, extra: Record<string, unknown> = {}): ModelObject {
  const object = destinationRule('reviews', 'default', 'reviews', ['v1', 'v2']);
  const spec = object.value.spec as {trafficPolicy?: unknown; subsets: {trafficPolicy?: unknown}[]};
  spec.trafficPolicy = policy;
  if (v2Policy) spec.subsets[1]!.trafficPolicy = v2Policy;
  Object.assign(spec, extra);
  return object;
}
const tlsContext = (cluster: Record<string, unknown>) => (cluster.transportSocket as {typedConfig: Record<string, unknown>}).typedConfig;

describe('proxy-config cluster -o json: portLevelSettings (util.go GetPortLevelTrafficPolicy, MergeSubsetTrafficPolicy)', () => {
  it('replaces the whole top-level policy on the matching port, fields it leaves out falling back to the defaults, not to the top level', () => {
    const [main] = dump(LINE, mesh(rule({
      loadBalancer: {simple: 'RANDOM'}, connectionPool: {tcp: {maxConnections: 5}},
      portLevelSettings: [{port: {number: 9080}, outlierDetection: {consecutive5xxErrors: 3}}, {port: {number: 9999}, loadBalancer: {simple: 'ROUND_ROBIN'}}],
    })));
    expect(main!.lbPolicy).toBe('LEAST_REQUEST');
    expect(main!.circuitBreakers).toEqual({thresholds: [UNLIMITED]});
    expect(main!.outlierDetection).toEqual({consecutive5xx: 3, enforcingConsecutive5xx: 100, enforcingSuccessRate: 0});
  });

  it('leaves the top level in force on ports no entry names', () => {
    const [main] = dump(LINE, mesh(rule({loadBalancer: {simple: 'RANDOM'}, portLevelSettings: [{port: {number: 9999}, loadBalancer: {simple: 'ROUND_ROBIN'}}]})));
    expect(main!.lbPolicy).toBe('RANDOM');
  });

  it('merges a subset\'s plain policy part by part over the port\'s, but lets a subset\'s own port entry replace every part', () => {
    const top = {loadBalancer: {simple: 'RANDOM'}, connectionPool: {tcp: {maxConnections: 5}}};
    const [, v1, v2] = dump(LINE, mesh(rule(top, {connectionPool: {tcp: {maxConnections: 9}}})));
    expect(v1).toMatchObject({lbPolicy: 'RANDOM', circuitBreakers: {thresholds: [{maxConnections: 5}]}});
    expect(v2).toMatchObject({lbPolicy: 'RANDOM', circuitBreakers: {thresholds: [{maxConnections: 9}]}});
    const [, , ported] = dump(LINE, mesh(rule(top, {portLevelSettings: [{port: {number: 9080}, connectionPool: {tcp: {maxConnections: 9}}}]})));
    expect(ported).toMatchObject({lbPolicy: 'LEAST_REQUEST', circuitBreakers: {thresholds: [{maxConnections: 9}]}});
  });
});

describe('proxy-config cluster -o json: the rule\'s SIMPLE and MUTUAL TLS (cluster_tls.go constructUpstreamTLS)', () => {
  it('originates SIMPLE TLS with the system roots over the agent\'s SDS, and asks Envoy for SNI and SAN checks from the request\'s host', () => {
    const [main] = dump(LINE, mesh(rule({tls: {mode: 'SIMPLE'}})));
    expect(main!.transportSocketMatches).toBeUndefined();
    expect(main!.transportSocket).toEqual({name: 'envoy.transport_sockets.tls', typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      commonTlsContext: {tlsParams: {tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3'}, combinedValidationContext: {defaultValidationContext: {}, validationContextSdsSecretConfig: sds('file-root:system')}},
    }});
    // build(): the HTTP options setAutoSniAndAutoSanValidation creates get explicit HTTP/1.1.
    expect(main!.typedExtensionProtocolOptions).toEqual({[OPTIONS]: {'@type': `type.googleapis.com/${OPTIONS}`, upstreamHttpProtocolOptions: {autoSni: true, autoSanValidation: true}, explicitHttpConfig: {httpProtocolOptions: {}}}});
  });

  it('marks a cluster whose merged policy originates SIMPLE or MUTUAL with alpn_override "false" (AddALPNOverrideToMetadata), first of the sorted keys', () => {
    const [main, v1, v2] = dump(LINE, mesh(rule({tls: {mode: 'SIMPLE'}}, {tls: {mode: 'ISTIO_MUTUAL'}})));
    expect(Object.entries((main!.metadata as {filterMetadata: {istio: object}}).filterMetadata.istio)[0]).toEqual(['alpn_override', 'false']);
    expect(v1).toMatchObject({metadata: {filterMetadata: {istio: {alpn_override: 'false'}}}});
    expect((v2!.metadata as {filterMetadata: {istio: object}}).filterMetadata.istio).not.toHaveProperty('alpn_override');
  });

  it('serves MUTUAL\'s mounted files as file-cert:CERT~KEY and file-root:CA, with the written SNI and SANs (and then no automatic ones)', () => {
    const tls = {mode: 'MUTUAL', clientCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', sni: 'reviews.example.com', subjectAltNames: ['reviews.example.com']};
    const [main] = dump(LINE, mesh(rule({tls})));
    expect(tlsContext(main!)).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      commonTlsContext: {
        tlsParams: {tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3'},
        tlsCertificateSdsSecretConfigs: [sds('file-cert:/etc/certs/cert.pem~/etc/certs/key.pem')],
        combinedValidationContext: {defaultValidationContext: {matchSubjectAltNames: [{exact: 'reviews.example.com'}]}, validationContextSdsSecretConfig: sds('file-root:/etc/certs/ca.pem')},
      },
      sni: 'reviews.example.com',
    });
    expect(main!.typedExtensionProtocolOptions).toBeUndefined();
  });

  it('skips verification with an empty validation context, and sends no socket (but the auto SNI options) for MUTUAL without its key', () => {
    const [skipped] = dump(LINE, mesh(rule({tls: {mode: 'SIMPLE', insecureSkipVerify: true}})));
    expect((tlsContext(skipped!).commonTlsContext as Record<string, unknown>).validationContext).toEqual({});
    expect(skipped!.typedExtensionProtocolOptions).toMatchObject({[OPTIONS]: {upstreamHttpProtocolOptions: {autoSni: true}}});
    const [keyless] = dump(LINE, mesh(rule({tls: {mode: 'MUTUAL', clientCertificate: '/etc/certs/cert.pem'}})));
    expect(keyless!.transportSocket).toBeUndefined();
    // setAutoSniAndAutoSanValidation ran before the missing key was noticed.
    expect(keyless!.typedExtensionProtocolOptions).toMatchObject({[OPTIONS]: {upstreamHttpProtocolOptions: {autoSni: true, autoSanValidation: true}}});
  });

  it('fetches a credentialName over ADS as kubernetes://NAME and NAME-cacert at a gateway; a sidecar gets no socket from a rule without workloadSelector', () => {
    const tls = {mode: 'MUTUAL', credentialName: 'reviews-client'};
    expect(dump(LINE, mesh(rule({tls})))[0]!.transportSocket).toBeUndefined();
    const [selected] = dump(`istioctl pc cluster istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system ${REVIEWS} -o json`, mesh(rule({tls})));
    const ads = (name: string) => ({name, sdsConfig: {ads: {}, resourceApiVersion: 'V3'}});
    expect(tlsContext(selected!).commonTlsContext).toEqual({
      tlsParams: {tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3'},
      tlsCertificateSdsSecretConfigs: [ads('kubernetes://reviews-client')],
      combinedValidationContext: {defaultValidationContext: {}, validationContextSdsSecretConfig: ads('kubernetes://reviews-client-cacert')},
    });
  });

  it('takes ISTIO_MUTUAL\'s SNI and SANs from the rule where written', () => {
    const [main] = dump(LINE, mesh(rule({tls: {mode: 'ISTIO_MUTUAL', sni: 'reviews.internal', subjectAltNames: ['spiffe://cluster.local/ns/default/sa/other']}})));
    expect(main!.transportSocket).toEqual(istioMutual('reviews.internal', undefined, ['spiffe://cluster.local/ns/default/sa/other']));
  });
});

describe('proxy-config cluster -o json: h2UpgradePolicy and tcpKeepalive (shouldH2Upgrade, setKeepAliveSettings)', () => {
  it('upgrades an HTTP port to HTTP/2 by the mesh\'s policy unless the rule says DO_NOT_UPGRADE or useClientProtocol, and by the rule\'s UPGRADE', () => {
    const h2 = {[OPTIONS]: {'@type': `type.googleapis.com/${OPTIONS}`, explicitHttpConfig: {http2ProtocolOptions: {}}}};
    const [upgraded] = dump(LINE, withMeshConfig(mesh(), {h2UpgradePolicy: 'UPGRADE'}));
    expect(upgraded!.typedExtensionProtocolOptions).toEqual(h2);
    // An HTTP/2 cluster's auto mTLS offers h2 as well.
    expect((upgraded!.transportSocketMatches as {transportSocket: unknown}[])[0]!.transportSocket).toEqual(istioMutual('outbound_.9080_._.reviews.default.svc.cluster.local', ['istio-peer-exchange', 'istio', 'h2']));
    const refusing = rule({connectionPool: {http: {h2UpgradePolicy: 'DO_NOT_UPGRADE'}}}, {connectionPool: {http: {useClientProtocol: true}}});
    const [, kept, client] = dump(LINE, withMeshConfig(mesh(refusing), {h2UpgradePolicy: 'UPGRADE'}));
    expect(kept!.typedExtensionProtocolOptions).toBeUndefined();
    expect(client!.typedExtensionProtocolOptions).toBeUndefined();
    expect(dump(LINE, mesh(rule({connectionPool: {http: {h2UpgradePolicy: 'UPGRADE'}}})))[0]!.typedExtensionProtocolOptions).toEqual(h2);
  });

  it('sets the rule\'s TCP keepalive as upstream connection options in whole seconds, after the metadata', () => {
    const [main] = dump(LINE, mesh(rule({connectionPool: {tcp: {tcpKeepalive: {probes: 3, time: '7200s', interval: '75.5s'}}}})));
    expect(main!.upstreamConnectionOptions).toEqual({tcpKeepalive: {keepaliveProbes: 3, keepaliveTime: 7200, keepaliveInterval: 75}});
    expect(Object.keys(main!).slice(-3)).toEqual(['metadata', 'upstreamConnectionOptions', 'filters']);
    const [bare] = dump(LINE, mesh(rule({connectionPool: {tcp: {tcpKeepalive: {}}}})));
    expect(bare!.upstreamConnectionOptions).toEqual({tcpKeepalive: {}});
  });
});
