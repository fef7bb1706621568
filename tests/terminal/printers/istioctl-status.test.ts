import {describe, expect, it} from 'vitest';
import type {StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespaced, service, sidecarPod} from './support/mesh';
import {print, text} from './support/answers';

const HTTP = [{name: 'http', port: 9080, protocol: 'TCP'}];

describe('istioctl proxy-status, as status.go prints it', () => {
  it('lists every connected proxy sorted by proxy ID through a tabwriter with padding 5', () => {
    const model = namespaced(ISTIOD, GATEWAY, sidecarPod('reviews-v1-abc', 'default', {app: 'reviews'}, '10.0.0.2'), sidecarPod('a-client-xyz', 'zeta', {app: 'client'}, '10.0.0.3'), service('reviews', 'default', HTTP));
    expect(text('istioctl proxy-status', model)).toBe([
      'NAME                                                   CLUSTER        ISTIOD                     VERSION     SUBSCRIBED TYPES',
      'a-client-xyz.zeta                                      Kubernetes     istiod-5d8f7c9b4-abcde     1.30.3      4 (CDS,LDS,EDS,RDS)',
      'istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system     Kubernetes     istiod-5d8f7c9b4-abcde     1.30.3      3 (CDS,LDS,EDS)',
      'reviews-v1-abc.default                                 Kubernetes     istiod-5d8f7c9b4-abcde     1.30.3      4 (CDS,LDS,EDS,RDS)',
      '',
    ].join('\n'));
  });

  it('keeps one namespace with -n, and is answered under its alias ps', () => {
    const model = namespaced(ISTIOD, GATEWAY, sidecarPod('reviews-v1-abc', 'default', {app: 'reviews'}, '10.0.0.2'), service('reviews', 'default', HTTP));
    expect(text('istioctl ps -n default', model).split('\n').slice(1)).toEqual(['reviews-v1-abc.default     Kubernetes     istiod-5d8f7c9b4-abcde     1.30.3      4 (CDS,LDS,EDS,RDS)', '']);
  });

  it('subscribes a gateway to routes only once a Gateway with an HTTP server selects it', () => {
    const gateway = (protocol: string, tls?: unknown) => ({
      group: 'networking.istio.io', kind: 'Gateway', namespace: 'istio-system', name: 'web',
      value: {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: {name: 'web', namespace: 'istio-system'}, spec: {selector: {istio: 'ingressgateway'}, servers: [{port: {number: 80, name: 'x', protocol}, hosts: ['*'], ...(tls ? {tls} : {})}]}},
    });
    const row = (model: StateModel) => text('istioctl proxy-status', model).split('\n')[1];
    expect(row(namespaced(ISTIOD, GATEWAY))).toMatch(/3 \(CDS,LDS,EDS\)$/);
    expect(row(namespaced(ISTIOD, GATEWAY, gateway('HTTP')))).toMatch(/4 \(CDS,LDS,EDS,RDS\)$/);
    expect(row(namespaced(ISTIOD, GATEWAY, gateway('TCP')))).toMatch(/3 \(CDS,LDS,EDS\)$/);
    expect(row(namespaced(ISTIOD, GATEWAY, gateway('HTTPS', {mode: 'PASSTHROUGH'})))).toMatch(/3 \(CDS,LDS,EDS\)$/);
    expect(row(namespaced(ISTIOD, GATEWAY, gateway('HTTPS', {mode: 'SIMPLE', credentialName: 'web-cert'})))).toMatch(/RDS\)$/);
    expect(row(namespaced(ISTIOD, GATEWAY, gateway('grpc-web')))).toMatch(/RDS\)$/);
  });

  it('subscribes a sidecar to routes only when some Service port is HTTP or sniffed', () => {
    const pod = sidecarPod('db-client-1', 'default', {app: 'client'}, '10.0.0.2');
    const row = (ports: unknown[]) => text('istioctl proxy-status', namespaced(ISTIOD, pod, service('db', 'default', ports))).split('\n')[1];
    expect(row([{name: 'tcp-db', port: 5432}, {name: 'mysql', port: 3306}])).toMatch(/3 \(CDS,LDS,EDS\)$/);
    expect(row([{name: 'db', port: 5432}])).toMatch(/RDS\)$/);
    expect(row([{name: 'grpc-api', port: 50051}])).toMatch(/RDS\)$/);
    // ConvertProtocol: kubernetes.io/wss is HTTPS (a TCP chain), an unnamed MySQL port is TCP (wellKnownPorts), UDP gets no listener.
    expect(row([{name: 'web', port: 8443, appProtocol: 'kubernetes.io/wss'}])).toMatch(/3 \(CDS,LDS,EDS\)$/);
    expect(row([{port: 3306}])).toMatch(/3 \(CDS,LDS,EDS\)$/);
    expect(row([{name: 'dns', port: 5353, protocol: 'UDP'}])).toMatch(/3 \(CDS,LDS,EDS\)$/);
    expect(row([{name: 'web', port: 8080, appProtocol: 'kubernetes.io/ws'}])).toMatch(/RDS\)$/);
  });

  it('reports each proxy\'s own version, from its proxyv2 image', () => {
    const model = namespaced(ISTIOD, sidecarPod('old-1', 'default', {app: 'old'}, '10.0.0.4', {proxy: '1.29.2'}), service('old', 'default', HTTP));
    expect(text('istioctl proxy-status', model).split('\n')[1]).toContain('     1.29.2     ');
  });

  it('refuses, rather than invents, what the model cannot say: no istiod, several istiods, a pod argument', () => {
    expect(print('istioctl proxy-status', namespaced(GATEWAY))?.kind).toBe('gap');
    const second = {...ISTIOD, name: 'istiod-other'};
    expect(print('istioctl proxy-status', namespaced(ISTIOD, second, GATEWAY))?.kind).toBe('gap');
    expect(print('istioctl proxy-status reviews-v1-abc', namespaced(ISTIOD))).toBeUndefined();
    expect(print('istioctl proxy-status -o json', namespaced(ISTIOD))).toBeUndefined();
  });
});

describe('istioctl version, as pkg/version/cobra.go prints its short remote form', () => {
  it('prints the client, the coalesced control plane and the proxies per version in version order', () => {
    const model = namespaced(ISTIOD, GATEWAY, sidecarPod('a-1', 'default', {app: 'a'}, '10.0.0.2', {proxy: '1.29.2'}), sidecarPod('b-1', 'default', {app: 'b'}, '10.0.0.3'));
    expect(text('istioctl version', model)).toBe('client version: 1.30.3\ncontrol plane version: 1.30.3\ndata plane version: 1.29.2 (1 proxies), 1.30.3 (2 proxies)\n');
  });

  it('says none for a control plane without proxies, and one line per istiod when their versions differ', () => {
    expect(text('istioctl version', namespaced(ISTIOD))).toBe('client version: 1.30.3\ncontrol plane version: 1.30.3\ndata plane version: none\n');
    const canary = {...ISTIOD, name: 'istiod-canary', value: {...ISTIOD.value, spec: {containers: [{name: 'discovery', image: 'registry.istio.io/release/pilot:1.30.2'}]}}};
    expect(text('istioctl version', namespaced(ISTIOD, canary))).toBe('client version: 1.30.3\npilot version: 1.30.3\npilot version: 1.30.2\ndata plane version: none\n');
  });

  it('reports a distroless or debug istiod by its release, as the build\'s own tag has no image variant', () => {
    const distroless = {...ISTIOD, value: {...ISTIOD.value, spec: {containers: [{name: 'discovery', image: 'registry.istio.io/release/pilot:1.30.3-distroless'}]}}};
    expect(text('istioctl version', namespaced(distroless))).toBe('client version: 1.30.3\ncontrol plane version: 1.30.3\ndata plane version: none\n');
  });

  it('says Istio is not present when no ready istiod runs, without a data plane line', () => {
    const unready = {...ISTIOD, value: {...ISTIOD.value, status: {phase: 'Running', conditions: [{type: 'Ready', status: 'False'}]}}};
    expect(text('istioctl version', namespaced(unready, GATEWAY))).toBe('Istio is not present in the cluster: no running Istio pods in namespace "istio-system"\nclient version: 1.30.3\n');
  });
});
