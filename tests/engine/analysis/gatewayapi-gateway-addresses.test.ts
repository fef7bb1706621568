/**
 * gatewayapi.GatewayStatusAnalyzer: a Gateway's Programmed condition from its Service's addresses,
 * as istiod 1.30.3 writes it (gatewaycommon/context.go ResolveGatewayInstances: "address pending
 * for hostname ..." for a LoadBalancer Service with no external address; conversion.go
 * setProgrammedCondition: AddressNotAssigned; serviceregistry/kube/conversion.go: external
 * addresses from status.loadBalancer.ingress and spec.externalIPs), for managed Gateways
 * (deploymentcontroller.go configureIstioGateway, files/kube-gateway.yaml: the Service
 * `<name>-<class>` of the class's DefaultServiceType, the networking.istio.io/service-type
 * annotation, or a `service` overlay) and for Gateways that name their Service.
 */
import {describe, expect, it} from 'vitest';
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';
import {closed, doc, ingress} from '../support/gateway-api';

const findings = (text: string, options: ValidateOptions = closed) =>
  diagnose(text, options).filter((d) => d.code === 'gateway-api-gateway-not-programmed').map(({document, path, message}) => ({document, path, message}));

/** A managed Gateway `gw` in namespace apps (no address) with listeners on `ports`. */
const managed = (ports: number[], {className = 'istio', annotations = '', more = ''} = {}) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: apps\n${annotations ? `  annotations: ${annotations}\n` : ''}`
  + `spec:\n  gatewayClassName: ${className}\n${more}  listeners:\n${ports.map((port) => `  - {name: l${port}, port: ${port}, protocol: HTTP}\n`).join('')}`;

/** A LoadBalancer Service elsewhere in the cluster, read back with its status: pending (no ingress) or assigned. */
const otherLoadBalancer = (ingress: string) =>
  'apiVersion: v1\nkind: Service\nmetadata: {name: edge, namespace: other}\nspec:\n  type: LoadBalancer\n  selector: {app: edge}\n  ports: [{port: 80}]\n'
  + `status:\n  loadBalancer: ${ingress}\n`;
const PENDING = otherLoadBalancer('{}');
const ASSIGNED = otherLoadBalancer('{ingress: [{ip: 203.0.113.7}]}');

const HOST = 'gw-istio.apps.svc.cluster.local';
const pendingMessage = (assigned: string, host = HOST) => 'The Gateway is not served as written: istiod sets Programmed to False (AddressNotAssigned: '
  + `Assigned to service(s) ${assigned}, but failed to assign to all requested addresses: address pending for hostname "${host}")`;

describe('a managed Gateway whose Service istiod has yet to create (the whole cluster is the input)', () => {
  it('stays AddressNotAssigned where the cluster leaves LoadBalancer Services pending, the ports sorted as strings (sets.SortedList)', () => {
    expect(findings(doc(managed([80, 443]), PENDING))).toEqual([{document: 0, path: '/spec/gatewayClassName',
      message: pendingMessage(`${HOST}:443 and ${HOST}:80`)}]);
  });

  it('is programmed where the cluster assigns LoadBalancer addresses', () => {
    expect(findings(doc(managed([80, 443]), ASSIGNED))).toEqual([]);
    // one assigned LoadBalancer is enough: the cluster has a provider
    expect(findings(doc(managed([80]), PENDING, ASSIGNED.replace('name: edge', 'name: edge2')))).toEqual([]);
  });

  it('is left undecided when no LoadBalancer Service shows a status, or outside a closed world', () => {
    expect(findings(doc(managed([80]), PENDING.replace(/status:[^]*$/, '')))).toEqual([]);
    expect(findings(doc(managed([80]), PENDING), {})).toEqual([]);
  });

  it('takes the service-type annotation over the class\'s default, reported there', () => {
    expect(findings(doc(managed([80], {annotations: '{networking.istio.io/service-type: ClusterIP}'}), PENDING))).toEqual([]);
    const waypoint = managed([15008], {className: 'istio-waypoint', annotations: '{networking.istio.io/service-type: LoadBalancer}'})
      .replace('protocol: HTTP', 'protocol: HBONE');
    expect(findings(doc(waypoint, PENDING))).toEqual([{document: 0, path: '/metadata/annotations/networking.istio.io~1service-type',
      message: pendingMessage('gw.apps.svc.cluster.local:15008', 'gw.apps.svc.cluster.local')}]);
  });

  it('reads the type from the Gateway\'s own annotation only: spec.infrastructure.annotations go on the Service\'s metadata', () => {
    const infra = managed([80], {more: '  infrastructure:\n    annotations: {networking.istio.io/service-type: ClusterIP}\n'});
    expect(findings(doc(infra, PENDING)).map((f) => f.path)).toEqual(['/spec/gatewayClassName']);
  });

  it('reads a waypoint\'s Service as ClusterIP (the waypoint class\'s DefaultServiceType): never pending', () => {
    const waypoint = managed([15008], {className: 'istio-waypoint'}).replace('protocol: HTTP', 'protocol: HBONE');
    expect(findings(doc(waypoint, PENDING))).toEqual([]);
  });

  it('reads the type a `service` overlay of the parametersRef ConfigMap sets, and decides nothing when that ConfigMap is missing', () => {
    const params = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gw-options, namespace: apps}\ndata:\n  service: |\n    spec:\n      type: ClusterIP\n';
    const withParams = managed([80], {more: '  infrastructure:\n    parametersRef: {group: "", kind: ConfigMap, name: gw-options}\n'});
    expect(findings(doc(withParams, params, PENDING))).toEqual([]);
    expect(findings(doc(withParams, params.replace('ClusterIP', 'LoadBalancer'), PENDING)).map((f) => f.path)).toEqual(['/spec/gatewayClassName']);
    expect(findings(doc(withParams, PENDING))).toEqual([]);
  });

  it('names the Service after gateway.istio.io/name-override', () => {
    expect(findings(doc(managed([80], {annotations: '{gateway.istio.io/name-override: edge-gw}'}), PENDING)).map((f) => f.message))
      .toEqual([pendingMessage('edge-gw.apps.svc.cluster.local:80', 'edge-gw.apps.svc.cluster.local')]);
  });
});

describe('a Service the run holds, of a managed Gateway or named by an address', () => {
  const managedService = (status: string) =>
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: gw-istio\n  namespace: apps\n  labels: {gateway.istio.io/managed: istio.io-gateway-controller}\n'
    + `spec:\n  type: LoadBalancer\n  selector: {gateway.networking.k8s.io/gateway-name: gw}\n  ports: [{name: l80, port: 80}]\n${status}`
    + '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gw-istio, namespace: apps}\nspec:\n  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: gw}}\n'
    + '  template:\n    metadata: {labels: {gateway.networking.k8s.io/gateway-name: gw}}\n    spec: {containers: [{name: istio-proxy, image: auto}]}\n';

  it('is pending while its status shows no ingress address, as a read-back LoadBalancer with no provider does', () => {
    expect(findings(doc(managed([80]), managedService('status: {loadBalancer: {}}\n')))).toEqual([{document: 0, path: '/spec/gatewayClassName',
      message: pendingMessage(`${HOST}:80`)}]);
  });

  it('is programmed with an ingress IP or hostname, or spec.externalIPs', () => {
    expect(findings(doc(managed([80]), managedService('status: {loadBalancer: {ingress: [{hostname: lb.example.com}]}}\n')))).toEqual([]);
    expect(findings(doc(managed([80]), managedService('status: {loadBalancer: {}}\n').replace('  type: LoadBalancer\n', '  type: LoadBalancer\n  externalIPs: [198.51.100.1]\n'))))
      .toEqual([]);
  });

  it('is left undecided when the LoadBalancer is written without a status (a manifest, not a cluster\'s read-back)', () => {
    expect(findings(doc(managed([80]), managedService('')))).toEqual([]);
  });

  it('says pending once per hostname beside the other warnings, for a Gateway naming its Service by address', () => {
    const lb = ingress().replace('spec:\n', 'spec:\n  type: LoadBalancer\n').replace('---\n', 'status: {loadBalancer: {}}\n---\n');
    const named = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gateway, namespace: istio-system}\nspec:\n  gatewayClassName: istio\n'
      + '  addresses: [{type: Hostname, value: istio-ingressgateway}]\n  listeners:\n  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}\n'
      + '  - {name: c, port: 9000, protocol: HTTP}\n';
    const host = 'istio-ingressgateway.istio-system.svc.cluster.local';
    expect(findings(doc(named, lb))).toEqual([{document: 0, path: '/spec/listeners/2/port',
      message: `The Gateway is not served as written: istiod sets Programmed to False (AddressNotUsable: Assigned to service(s) ${host}:443 and ${host}:80, `
        + `but failed to assign to all requested addresses: address pending for hostname "${host}"; port 9000 not found for hostname "${host}")`}]);
  });
});
