/**
 * gatewayapi.ListenerSetStatusAnalyzer, an accepted ListenerSet's own Accepted and Programmed
 * conditions as istiod 1.30.3 writes them (conversion.go reportListenerSetStatus,
 * setProgrammedCondition, extractGatewayServices; gatewaycommon/context.go
 * ResolveGatewayInstances). Cases from pilot/pkg/config/kube/gateway/testdata
 * listenerset-invalid.yaml and its status golden (port-not-in-service, not-accepted-parent), with
 * this project's cluster domain (cluster.local) for the goldens' domain.suffix.
 */
import {describe, expect, it} from 'vitest';
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';
import {closed, doc, ingress, listenerSet} from '../support/gateway-api';

const CODE = 'gateway-api-listener-set-not-programmed';
const findings = (text: string, options: ValidateOptions = closed) =>
  diagnose(text, options).filter((d) => d.code === CODE).map(({severity, document, path, message}) => ({severity, document, path, message}));

/** A manually deployed Gateway of istiod's class, served by the Services its addresses name. */
const manualGateway = (addresses: string, extraMetadata = '') => 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n'
  + `metadata:\n  name: parent-gateway\n  namespace: istio-system\n${extraMetadata}spec:\n  gatewayClassName: istio\n  addresses: ${addresses}\n`
  + '  allowedListeners:\n    namespaces: {from: All}\n  listeners:\n  - {name: foo, hostname: foo.com, protocol: HTTP, port: 80}\n';
const byHostname = '[{type: Hostname, value: istio-ingressgateway}]';

const onPort = (port: number) => listenerSet('port-not-in-service', 'istio-system', 'parent-gateway',
  `  - {name: first, hostname: first.foo.com, protocol: HTTP, port: ${port}}\n`);
const HOST = 'istio-ingressgateway.istio-system.svc.cluster.local';
/** The parent Gateway's status asks for its ListenerSets' ports too (gateway_collection.go; listenerset-invalid.status golden: parent-gateway). */
const GATEWAY_TOO = '; the Gateway\'s own Programmed condition is False too, as istiod asks its Services for its ListenerSets\' ports';

describe('an accepted ListenerSet whose ports its Gateway\'s Service does not expose', () => {
  it('is not Programmed: AddressNotUsable, port not found (golden: port-not-in-service)', () => {
    expect(findings(doc(manualGateway(byHostname), ingress(), onPort(12345)))).toEqual([{
      severity: 'error', document: 3, path: '/spec/listeners/0/port',
      message: 'The ListenerSet is taken by its Gateway but not served as written: istiod sets Programmed to False '
        + `(AddressNotUsable: Failed to assign to any requested addresses: port 12345 not found for hostname "${HOST}")${GATEWAY_TOO}`,
    }]);
  });

  it('names what was assigned when some of its ports are served', () => {
    const two = listenerSet('two', 'istio-system', 'parent-gateway',
      '  - {name: web, protocol: HTTP, port: 80}\n  - {name: admin, protocol: HTTP, port: 9000}\n');
    expect(findings(doc(manualGateway(byHostname), ingress(), two)).map((f) => [f.path, f.message])).toEqual([['/spec/listeners/1/port',
      `The ListenerSet is taken by its Gateway but not served as written: istiod sets Programmed to False (AddressNotUsable: Assigned to service(s) ${HOST}:80, `
      + `but failed to assign to all requested addresses: port 9000 not found for hostname "${HOST}")${GATEWAY_TOO}`]]);
  });

  it('hints at the Service port when a listener names the pod port behind it, a named targetPort resolved on the pods (FindPort)', () => {
    expect(findings(doc(manualGateway(byHostname), ingress(), onPort(8443))).map((f) => f.message)).toEqual([expect.stringContaining(
      `(AddressNotUsable: Failed to assign to any requested addresses: port 8443 not found for hostname "${HOST}" `
      + '(hint: the service port should be specified, not the workload port. Did you mean one of these ports: [443]?))')]);
  });

  it('is Programmed on the Service\'s ports, the Gateway\'s own ports aside (only the ListenerSet\'s are asked)', () => {
    expect(findings(doc(manualGateway(byHostname), ingress(), onPort(443)))).toEqual([]);
    expect(findings(doc(manualGateway(byHostname), ingress('[{name: https, port: 443, targetPort: https}]'), onPort(443)))).toEqual([]);
  });
});

describe('an accepted ListenerSet whose Gateway\'s Service has no endpoints, or is not there', () => {
  it('is AddressNotAssigned without pods, in a closed world', () => {
    expect(findings(doc(manualGateway(byHostname), ingress(undefined, 0).split('---\n')[0]!, onPort(80))).map((f) => f.message)).toEqual([
      'The ListenerSet is taken by its Gateway but not served as written: istiod sets Programmed to False '
      + `(AddressNotAssigned: Failed to assign to any requested addresses: no instances found for hostname "${HOST}")${GATEWAY_TOO}`]);
  });

  it('has no endpoint on a port whose named targetPort no container declares', () => {
    const unnamed = '[{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: tls}]';
    expect(findings(doc(manualGateway(byHostname), ingress(unnamed), onPort(443))).map((f) => f.message))
      .toEqual([expect.stringContaining(`(AddressNotUsable: Failed to assign to any requested addresses: port 443 not found for hostname "${HOST}")`)]);
  });

  it('is AddressNotUsable when the hostname names no Service, or one of another namespace', () => {
    expect(findings(doc(manualGateway('[{type: Hostname, value: missing}]'), ingress(), onPort(80))).map((f) => f.message)).toEqual([expect.stringContaining(
      '(AddressNotUsable: Failed to assign to any requested addresses: hostname "missing.istio-system.svc.cluster.local" not found)')]);
    const elsewhere = ingress().replaceAll('namespace: istio-system', 'namespace: ingress');
    expect(findings(doc(manualGateway(`[{type: Hostname, value: ${HOST.replace('istio-system', 'ingress')}}]`), elsewhere, onPort(80))).map((f) => f.message))
      .toEqual([expect.stringContaining('hostname "istio-ingressgateway.ingress.svc.cluster.local" not found in namespace "istio-system", '
        + 'but it was found in namespace(s) "ingress")')]);
  });

  it('is left undecided in an open world that holds no pod of the Service, and for a managed Gateway', () => {
    expect(findings(doc(manualGateway(byHostname), ingress(undefined, 0).split('---\n')[0]!, onPort(80)), {})).toEqual([]);
    const managed = manualGateway('[]').replace('  addresses: []\n', '');
    expect(findings(doc(managed, onPort(12345)))).toEqual([]);
  });

  it('keeps quiet on a missing port of a Service istiod manages when the Service has it (endpoints not synced yet)', () => {
    const managedLabel = '  labels: {gateway.istio.io/managed: istio.io-gateway-controller}\n';
    const noPods = (labels: string) => ingress('[{name: http, port: 80}, {name: extra, port: 9000, targetPort: admin}]', 1, labels);
    // port 9000 has no endpoint (no container port is named admin) but the Service has it
    expect(findings(doc(manualGateway(byHostname), noPods(managedLabel), onPort(9000)))).toEqual([]);
    expect(findings(doc(manualGateway(byHostname), noPods(''), onPort(9000))).map((f) => f.message))
      .toEqual([expect.stringContaining('port 9000 not found for hostname')]);
  });
});

describe('an accepted ListenerSet whose Gateway istiod does not accept', () => {
  it('is not Accepted when the Gateway has an address of another type, and not Programmed without a Service (golden: not-accepted-parent)', () => {
    expect(findings(doc(manualGateway('[{type: test.example.com/custom, value: 0.0.0.0}]'), onPort(80)))).toEqual([{
      severity: 'error', document: 1, path: '/spec/parentRef/name',
      message: 'The ListenerSet is taken by its Gateway but not served as written: istiod sets '
        + 'Accepted to False (UnsupportedAddress: Parent not accepted: only Hostname is supported, ignoring [0.0.0.0]), '
        + `Programmed to False (UnsupportedAddress: Failed to assign to any requested addresses)${GATEWAY_TOO}`,
    }]);
  });

  it('is not Accepted when the Gateway uses the deprecated service-type annotation, though Programmed', () => {
    const annotated = manualGateway(byHostname, '  annotations: {networking.istio.io/service-type: ClusterIP}\n');
    expect(findings(doc(annotated, ingress(), onPort(80))).map((f) => f.message)).toEqual([
      'The ListenerSet is taken by its Gateway but not served as written: istiod sets Accepted to False (DeprecatedField: Parent not accepted: '
      + 'annotation networking.istio.io/service-type is deprecated, use Spec.Infrastructure.Routeability)']);
  });
});
