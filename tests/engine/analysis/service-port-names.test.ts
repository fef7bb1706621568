/**
 * istioctl analyze, service/portname.go (PortNameAnalyzer): Service port names that tell Istio the protocol (IST0118, IST0150).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const service = (ports: string, extra = '', labels = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\n${labels}spec:\n${extra}  selector: {app: web}\n  ports:\n${ports}`;

describe('a Service port name', () => {
  it('notes a port name without a protocol prefix (IST0118, Info)', () => {
    // messages.yaml IST0118 "Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port."
    expect(findings(service('  - {name: web, port: 8000, targetPort: 8080}\n'))).toEqual([{
      at: '9:5', severity: 'info', code: 'IST0118',
      message: "Port name web (port: 8000, targetPort: 8080) doesn't follow the naming convention of Istio port.",
    }]);
  });

  it('accepts protocol prefixes, appProtocol, UDP and well-known ports', () => {
    const ports = [
      '  - {name: http, port: 80}',
      '  - {name: HTTP2-web, port: 81}',
      '  - {name: grpc-web-ui, port: 82}',
      '  - {name: tcp-db, port: 83}',
      '  - {name: metrics, port: 84, appProtocol: http}',
      '  - {name: dns, port: 85, protocol: UDP}',
      '  - {name: db, port: 3306}',
    ].join('\n') + '\n';
    expect(findings(service(ports))).toEqual([]);
  });

  it('skips the Istio control plane and system namespaces', () => {
    expect(findings(service('  - {name: web, port: 8000}\n', '', '  labels: {istio: ingressgateway}\n'))).toEqual([]);
  });

  it('warns about an ExternalName Service whose port name is not understood (IST0150)', () => {
    expect(findings(service('  - {name: tcp, port: 5432}\n', '  type: ExternalName\n  externalName: db.example.com\n'))).toEqual([
      expect.objectContaining({severity: 'warning', code: 'IST0150',
        message: 'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly'}),
    ]);
  });
});
