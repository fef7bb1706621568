import {describe, expect, it} from 'vitest';
import {parseIstioctlDescribePod, printIstioctlDescribePod} from '../../../src/terminal/printers/istioctl-describe';
import {printFromModel} from '../../../src/terminal/printers/index';
import {ModelGap, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';

const object = (group: string, kind: string, namespace: string, name: string, value: Record<string, unknown>): ModelObject =>
  ({group, kind, namespace, name, value: {metadata: {name, namespace, ...(value.metadata as object)}, ...value}});

function pod(name: string, labels: Record<string, string>, extra: {sidecar?: boolean; namespace?: string} = {}): ModelObject {
  return object('', 'Pod', extra.namespace ?? 'default', name, {
    metadata: {labels, annotations: {'istio.io/rev': 'default'}},
    spec: {
      initContainers: extra.sidecar === false ? [] : [{name: 'istio-init'}, {name: 'istio-proxy', restartPolicy: 'Always', ports: [{containerPort: 15090, protocol: 'TCP'}]}],
      containers: [{name: 'web', ports: [{containerPort: 8080, protocol: 'TCP'}, {containerPort: 9000, protocol: 'UDP'}]}],
    },
    status: {phase: 'Running', containerStatuses: [{name: 'web', ready: true}], initContainerStatuses: [{name: 'istio-proxy', ready: true}]},
  });
}

const service = (name: string, selector: Record<string, string>, ports: unknown[]): ModelObject => object('', 'Service', 'default', name, {spec: {selector, ports}});
const rule = (name: string, spec: Record<string, unknown>): ModelObject => object('networking.istio.io', 'DestinationRule', 'default', name, {spec});
const virtualService = (name: string, spec: Record<string, unknown>): ModelObject => object('networking.istio.io', 'VirtualService', 'default', name, {spec});
const model = (...objects: ModelObject[]): StateModel => ({objects});
const print = (line: string, m: StateModel): string => printIstioctlDescribePod(parseIstioctlDescribePod(line, 'default')!, m);

const web = pod('web-1', {app: 'web', version: 'v1'});
const webService = service('web', {app: 'web'}, [{name: 'http-web', port: 80, targetPort: 8080, protocol: 'TCP'}]);

describe('istioctl x describe pod, as describe.go podDescribeCmd prints it', () => {
  it('prints the pod (ports of the app containers, /UDP shown), its Service, the effective PeerAuthentication, and skips gateways when none runs', () => {
    expect(print('istioctl x describe pod web-1', model(web, webService))).toBe([
      'Pod: web-1',
      '   Pod Revision: default',
      '   Pod Ports: 8080 (web), 9000/UDP (web)',
      '--------------------',
      'Service: web',
      '   Port: http-web 80/HTTP targets pod port 8080',
      '--------------------',
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: PERMISSIVE',
      'Skipping Gateway information (no ingress gateway pods)',
      '',
    ].join('\n'));
  });

  it('warns of a pod no Service selects, and suggests the canonical labels it lacks', () => {
    const text = print('istioctl x describe pod bare-1', model(pod('bare-1', {tier: 'x'})));
    expect(text).toContain('Suggestion: add required service name label for Istio telemetry. See https://istio.io/v1.30/docs/ops/deployment/requirements/.\n');
    expect(text).toContain('Suggestion: add required service revision label for Istio telemetry.');
    expect(text).toContain('Warning: No Kubernetes Services select pod bare-1 (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )\n');
  });

  it('reports a DestinationRule whose subsets miss the pod, as the describe tests\' golden lays it out', () => {
    const m = model(web, webService, rule('web', {host: 'web', subsets: [{name: 'v2', labels: {version: 'v2'}}], trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}, loadBalancer: {simple: 'ROUND_ROBIN'}, outlierDetection: {}}}));
    expect(print('istioctl x describe pod web-1', m)).toContain([
      'DestinationRule: web for "web"',
      '   WARNING POD DOES NOT MATCH ANY SUBSETS.  (Non matching subsets v2)',
      '   Matching subsets: ',
      '      (Non-matching subsets v2)',
      '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
      '   Policies: load balancer/outlier detection',
      '',
    ].join('\n'));
  });

  it('explains which VirtualService routes miss the pod: unknown subsets, non-matching subsets with their matches', () => {
    const subsets = rule('web', {host: 'web', subsets: [{name: 'v1', labels: {version: 'v1'}}, {name: 'v3', labels: {version: 'v3'}}]});
    const missing = model(web, webService, subsets,
      virtualService('web', {hosts: ['web'], http: [{match: [{uri: {prefix: '/api'}}], route: [{destination: {host: 'web', subset: 'v2'}}]}, {route: [{destination: {host: 'web', subset: 'v3'}}]}]}));
    expect(print('istioctl x describe pod web-1', missing)).toContain([
      'VirtualService: web',
      '   WARNING: No destinations match pod subsets (checked 2 HTTP routes)',
      '      Warning: Route to UNKNOWN subset v2; check DestinationRule web',
      '      Route to non-matching subset v3 for (everything)',
      '',
    ].join('\n'));
    const partly = model(web, webService, subsets,
      virtualService('web', {hosts: ['web'], http: [{match: [{uri: {prefix: '/api'}}], route: [{destination: {host: 'web', subset: 'v1'}}]}, {route: [{destination: {host: 'web', subset: 'v3'}}]}]}));
    expect(print('istioctl x describe pod web-1', partly)).toContain([
      'VirtualService: web',
      '   Match: /api*',
      '   1 additional destination(s) that will not reach this pod',
      '--------------------',
    ].join('\n'));
  });

  it('prints a matching route\'s weighted destinations and its match, header conditions after a double space', () => {
    const m = model(web, webService, virtualService('web', {hosts: ['web.default.svc.cluster.local'], http: [{match: [{headers: {'end-user': {exact: 'jason'}}}], route: [{destination: {host: 'web'}, weight: 80}, {destination: {host: 'other'}, weight: 20}]}]}));
    expect(print('istioctl x describe pod web-1', m)).toContain([
      'VirtualService: web',
      '   Route to host "web" with weight 80%',
      '   Route to host "other" with weight 20%',
      '   Match:  when headers are end-user=jason',
      '',
    ].join('\n'));
  });

  it('names the PeerAuthentications that select the pod and the mode the most specific one sets', () => {
    const pa = (namespace: string, name: string, spec: Record<string, unknown>): ModelObject => object('security.istio.io', 'PeerAuthentication', namespace, name, {spec});
    const m = model(web, webService, pa('istio-system', 'mesh', {mtls: {mode: 'STRICT'}}), pa('default', 'web', {selector: {matchLabels: {app: 'web'}}, mtls: {mode: 'PERMISSIVE'}}), pa('default', 'other', {selector: {matchLabels: {app: 'other'}}, mtls: {mode: 'DISABLE'}}));
    expect(print('istioctl x describe pod web-1', m)).toContain('Effective PeerAuthentication:\n   Workload mTLS mode: PERMISSIVE\nApplied PeerAuthentication:\n   mesh.istio-system, web.default\n');
    // A selector in the root namespace lists the policy as applied but sets no mode (ComposePeerAuthentication).
    const rootSelector = model(web, webService, pa('istio-system', 'root-web', {selector: {matchLabels: {app: 'web'}}, mtls: {mode: 'STRICT'}}));
    expect(print('istioctl x describe pod web-1', rootSelector)).toContain('Workload mTLS mode: PERMISSIVE\nApplied PeerAuthentication:\n   root-web.istio-system\n');
  });

  it('composes the policies as proxy-config does: the root namespace of the mesh config, a same-second tie by name', () => {
    const pa = (namespace: string, name: string, spec: Record<string, unknown>): ModelObject => object('security.istio.io', 'PeerAuthentication', namespace, name, {metadata: {creationTimestamp: '2026-11-24T21:00:00Z'}, spec});
    const rooted = {...model(web, webService, pa('mesh-root', 'mesh', {mtls: {mode: 'STRICT'}}), pa('istio-system', 'old-root', {mtls: {mode: 'DISABLE'}})), meshConfig: {rootNamespace: 'mesh-root'}};
    expect(print('istioctl x describe pod web-1', rooted)).toContain('Effective PeerAuthentication:\n   Workload mTLS mode: STRICT\nApplied PeerAuthentication:\n   mesh.mesh-root\n');
    const twins = model(web, webService, pa('default', 'b-disable', {mtls: {mode: 'DISABLE'}}), pa('default', 'a-strict', {mtls: {mode: 'STRICT'}}));
    expect(print('istioctl x describe pod web-1', twins)).toContain('Workload mTLS mode: STRICT\nApplied PeerAuthentication:\n   a-strict.default, b-disable.default\n');
  });

  it('names objects of another namespace NAME.NS, read from NAME.NS or -n', () => {
    const other = pod('api-1', {app: 'api', version: 'v1'}, {namespace: 'shop'});
    expect(parseIstioctlDescribePod('istioctl experimental describe po api-1.shop', 'default')).toEqual({pod: 'api-1', namespace: 'shop', describeNamespace: 'default'});
    expect(print('istioctl x describe pod api-1.shop', model(other))).toMatch(/^Pod: api-1\.shop\n/);
    expect(print('istioctl x describe pod api-1 -n shop', model(other))).toMatch(/^Pod: api-1\n/);
  });

  it('is a gap where istioctl would read what the model lacks: an unmeshed pod, the route configuration of a proxy whose version the model omits', () => {
    expect(() => print('istioctl x describe pod plain-1', model(pod('plain-1', {app: 'web'}, {sidecar: false}), webService))).toThrow(ModelGap);
    expect(() => print('istioctl x describe pod web-1', model(web, webService, virtualService('a', {hosts: ['web'], http: []}), virtualService('b', {hosts: ['web'], http: []})))).toThrow(ModelGap);
  });

  it('skips a running ingress gateway that routes nothing to the pod, or that has no Service', () => {
    const gatewayPod = object('', 'Pod', 'istio-system', 'istio-ingressgateway-1', {metadata: {labels: {app: 'istio-ingressgateway', istio: 'ingressgateway'}}, status: {phase: 'Running'}});
    const gatewayService = object('', 'Service', 'istio-system', 'istio-ingressgateway', {spec: {selector: {istio: 'ingressgateway'}, ports: [{name: 'http2', port: 80, targetPort: 8080}]}});
    const gateway = object('networking.istio.io', 'Gateway', 'default', 'public', {spec: {selector: {istio: 'ingressgateway'}, servers: []}});
    expect(print('istioctl x describe pod web-1', model(web, webService, gatewayPod, gatewayService, gateway))).toMatch(/Workload mTLS mode: PERMISSIVE\n$/);
    expect(print('istioctl x describe pod web-1', model(web, webService, gatewayPod))).toMatch(/Skipping Gateway information \(no ingress gateway service\)\n$/);
  });

  it('is answered when typed, through the istioctl printers', () => {
    const printed = printFromModel('istioctl x describe pod web-1', {namespace: 'default', placeholders: {}}, model(web, webService));
    expect(printed?.kind).toBe('printed');
  });
});
