/**
 * Port protocols as istiod reads them (pkg/config/protocol Parse, pkg/config/kube ConvertProtocol): one
 * reading for the webhook rules, the analyzers, the simulator and the printers.
 */
import {describe, expect, it} from 'vitest';
import {parseProtocol} from '../../../src/engine/istio/protocol';
import {convertProtocol, protocolHandling, UNSUPPORTED_PROTOCOL} from '../../../src/engine/model/istio-protocol';

describe('protocol.Parse', () => {
  it('reads the names case-insensitively and nothing else, not even a name every object inherits', () => {
    expect(parseProtocol('gRPC-Web')).toBe('GRPC-Web');
    expect(parseProtocol('mongo')).toBe('Mongo');
    expect(parseProtocol('constructor')).toBe('Unsupported');
    expect(parseProtocol('__proto__')).toBe('Unsupported');
  });
});

describe('ConvertProtocol over a Service port', () => {
  it('takes UDP first, then the appProtocol, then the name\'s prefix, then the well-known ports', () => {
    expect(convertProtocol({name: 'http-web', protocol: 'UDP', port: 80})).toBe('UDP');
    expect(convertProtocol({name: 'tcp-x', appProtocol: 'kubernetes.io/h2c', port: 80})).toBe('HTTP2');
    expect(convertProtocol({name: 'grpc-web-api', port: 80})).toBe('GRPC-Web');
    expect(convertProtocol({name: 'redis-main', port: 80})).toBe('Redis');
    expect(convertProtocol({name: 'smtp', port: 25})).toBe('TCP');
    expect(convertProtocol({name: 'constructor', port: 80})).toBe(UNSUPPORTED_PROTOCOL);
  });

  it('reduces a protocol to how the listeners treat it', () => {
    expect(['HTTP', 'GRPC', 'HTTPS', 'Mongo', UNSUPPORTED_PROTOCOL, 'UDP'].map(protocolHandling)).toEqual(['http', 'http', 'tcp', 'tcp', 'sniffed', 'udp']);
  });
});
