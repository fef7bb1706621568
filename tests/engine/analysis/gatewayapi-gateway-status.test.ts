/**
 * gatewayapi.GatewayStatusAnalyzer: a Gateway's status as istiod 1.30.3 writes it, beyond its
 * listeners' TLS (gatewayapi-gateway-listener-tls.test.ts): each listener's Accepted condition
 * (conversion.go listenerProtocolToIstio, unexpectedWaypointListener, unexpectedEastWestWaypointListener), InvalidRouteKinds
 * (conditions.go generateSupportedKinds), and the Gateway's own Accepted and Programmed conditions
 * from its Services (reportGatewayStatus, setProgrammedCondition, extractGatewayServices;
 * gatewaycommon/context.go ResolveGatewayInstances). Cases from pilot/pkg/config/kube/gateway/testdata
 * invalid.yaml, waypoint.yaml, east-west-ambient.yaml and route-binding.yaml with their status goldens, with this project's
 * cluster domain (cluster.local) for the goldens' domain.suffix.
 */
import {describe, expect, it} from 'vitest';
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';
import {closed, doc, ingress, istiod, listenerSet} from '../support/gateway-api';

const LISTENER = 'gateway-api-listener-invalid';
const GATEWAY = 'gateway-api-gateway-not-programmed';
const findings = (code: string, text: string, options: ValidateOptions = closed) =>
  diagnose(text, options).filter((d) => d.code === code).map(({document, path, message}) => ({document, path, message}));

/** A Gateway in istio-system with the given listeners, served by istio-ingressgateway unless `addresses` says otherwise. */
const gateway = (listeners: string, {className = 'istio', addresses = '[{type: Hostname, value: istio-ingressgateway}]', more = ''} = {}) =>
  'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gateway\n  namespace: istio-system\n'
  + `spec:\n  gatewayClassName: ${className}\n${addresses ? `  addresses: ${addresses}\n` : ''}${more}  listeners:\n${listeners}`;
const listener = (protocol: string, port = 80, extra = '') => `  - name: default\n    hostname: "*.example"\n    port: ${port}\n    protocol: ${protocol}\n${extra}`;
const said = (conditions: string) => `Listener default of the Gateway is not programmed as written: istiod sets ${conditions}`;
const HOST = 'istio-ingressgateway.istio-system.svc.cluster.local';

describe('a listener whose protocol istiod does not serve (Accepted False, UnsupportedProtocol)', () => {
  it('hints at the uppercase spelling (golden: protocol-lower-case)', () => {
    expect(findings(LISTENER, doc(gateway(listener('http')), ingress()))).toEqual([{document: 0, path: '/spec/listeners/0/protocol',
      message: said('Accepted to False (UnsupportedProtocol: protocol "http" is unsupported. hint: "HTTP" (uppercase) may be supported)')}]);
  });

  it('refuses TCP without PILOT_ENABLE_ALPHA_GATEWAY_API, UDP and HBONE outside a waypoint, each in istiod\'s words', () => {
    const message = (protocol: string) => findings(LISTENER, doc(gateway(listener(protocol)), ingress())).map((f) => f.message);
    expect(message('TCP')).toEqual([said('Accepted to False (UnsupportedProtocol: protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured)')]);
    expect(message('UDP')).toEqual([said('Accepted to False (UnsupportedProtocol: protocol "UDP" is unsupported)')]);
    expect(message('HBONE')).toEqual([said('Accepted to False (UnsupportedProtocol: protocol "HBONE" is only supported for waypoint proxies)')]);
    expect(message('example.com/quic')).toEqual([said('Accepted to False (UnsupportedProtocol: protocol "example.com/quic" is unsupported)')]);
    expect(message('HTTP')).toEqual([]);
  });

  it('serves TCP where istiod runs with PILOT_ENABLE_ALPHA_GATEWAY_API=true (features/experimental.go EnableAlphaGatewayAPI; Istio\'s conformance run sets it)', () => {
    const withIstiod = (value: string) => findings(LISTENER, doc(gateway(listener('TCP')), ingress(), istiod({PILOT_ENABLE_ALPHA_GATEWAY_API: value})), closed);
    expect(withIstiod('true')).toEqual([]);
    expect(withIstiod('false').map((f) => f.message)).toEqual([said('Accepted to False (UnsupportedProtocol: protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured)')]);
  });

  it('is not judged for a class istiod writes no listener status for', () => {
    expect(findings(LISTENER, doc(gateway(listener('TCP'), {className: 'istio-remote'}), ingress()))).toEqual([]);
    expect(findings(LISTENER, doc(gateway(listener('TCP'), {className: 'example'}), ingress()))).toEqual([]);
  });
});

describe('a waypoint\'s listeners (the istio-waypoint class: unexpectedWaypointListener)', () => {
  const waypoint = (listeners: string) => gateway(listeners, {className: 'istio-waypoint', addresses: ''});

  it('take one listener on port 15008 with protocol HBONE', () => {
    expect(findings(LISTENER, waypoint('  - {name: mesh, port: 15008, protocol: HBONE}\n'))).toEqual([]);
  });

  it('refuse any other, at the protocol or at the port (golden: waypoint invalid)', () => {
    expect(findings(LISTENER, waypoint('  - {name: mesh, port: 1234, protocol: HTTP}\n'))).toEqual([{document: 0, path: '/spec/listeners/0/protocol',
      message: 'Listener mesh of the Gateway is not programmed as written: istiod sets Accepted to False (UnsupportedProtocol: Expected a single listener on port 15008 with protocol "HBONE")'}]);
    expect(findings(LISTENER, waypoint('  - {name: mesh, port: 15009, protocol: HBONE}\n')).map((f) => f.path)).toEqual(['/spec/listeners/0/port']);
    // the waypoint's message replaces listenerProtocolToIstio's, which set the same condition first
    expect(findings(LISTENER, waypoint('  - {name: mesh, port: 15008, protocol: TCP}\n')).map((f) => f.message))
      .toEqual([expect.stringContaining('(UnsupportedProtocol: Expected a single listener on port 15008 with protocol "HBONE")')]);
  });
});

describe('an east-west gateway\'s listeners (the istio-east-west class: unexpectedEastWestWaypointListener)', () => {
  // the class exists only with ambient and AMBIENT_ENABLE_MULTI_NETWORK (features/ambient.go)
  const multiNetwork = istiod({PILOT_ENABLE_AMBIENT: 'true', AMBIENT_ENABLE_MULTI_NETWORK: 'true'});
  const eastWest = (listeners: string) => doc(gateway(listeners, {className: 'istio-east-west', addresses: ''}), multiNetwork);
  const refusal = (name: string) => `Listener ${name} of the Gateway is not programmed as written: istiod sets Accepted to False `
    + '(UnsupportedProtocol: East-west gateway listeners must be either port 15008 with protocol "HBONE" and TLS.Mode == Terminate, or TLS with TLS.Mode == Passthrough)';
  const hbone = '  - name: mesh\n    port: 15008\n    protocol: HBONE\n    tls:\n      mode: Terminate\n      options: {gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL}\n';

  it('take port 15008 with HBONE and TLS Terminate, beside TLS Passthrough listeners (golden: east-west-ambient eastwestgateway, with-tls-passthrough)', () => {
    expect(findings(LISTENER, eastWest(hbone))).toEqual([]);
    expect(findings(LISTENER, eastWest(`${hbone}  - {name: tls-passthrough, port: 6443, protocol: TLS, tls: {mode: Passthrough}}\n`))).toEqual([]);
  });

  it('refuse HBONE on 15008 without TLS Terminate (golden: east-west-ambient invalid), at the listener, or at its mode', () => {
    expect(findings(LISTENER, eastWest('  - {name: mesh, port: 15008, protocol: HBONE}\n'))).toEqual([{document: 0, path: '/spec/listeners/0', message: refusal('mesh')}]);
    expect(findings(LISTENER, eastWest('  - {name: mesh, port: 15008, protocol: HBONE, tls: {mode: Passthrough}}\n')).map((f) => f.path))
      .toEqual(['/spec/listeners/0/tls/mode']);
  });

  it('refuse any other protocol on 15008, and anything but TLS Passthrough on another port, replacing listenerProtocolToIstio\'s message', () => {
    expect(findings(LISTENER, eastWest('  - {name: mesh, port: 15008, protocol: TLS, tls: {mode: Passthrough}}\n')).map((f) => f.path))
      .toEqual(['/spec/listeners/0/protocol']);
    expect(findings(LISTENER, eastWest('  - {name: api, port: 6443, protocol: TCP}\n'))).toEqual([{document: 0, path: '/spec/listeners/0/protocol', message: refusal('api')}]);
    // an unset mode is the CRD's default, Terminate
    expect(findings(LISTENER, eastWest('  - {name: api, port: 6443, protocol: TLS, tls: {certificateRefs: [{name: cert}]}}\n')).map((f) => f.path))
      .toEqual(['/spec/listeners/0/tls/mode']);
    expect(findings(LISTENER, eastWest('  - {name: api, port: 6443, protocol: HBONE}\n')).map((f) => f.path)).toEqual(['/spec/listeners/0/protocol']);
  });
});

describe('allowedRoutes.kinds the protocol does not carry (ResolvedRefs False, InvalidRouteKinds)', () => {
  const kinds = (protocol: string, list: string, tls = '') => listener(protocol, 80, `${tls}    allowedRoutes:\n      kinds: ${list}\n`);

  it('is reported at the kinds even when the listener has no TLS (golden: route-binding scope-route)', () => {
    expect(findings(LISTENER, doc(gateway(kinds('HTTP', '[{kind: TCPRoute}]')), ingress()))).toEqual([{document: 0, path: '/spec/listeners/0/allowedRoutes/kinds',
      message: said('ResolvedRefs to False (InvalidRouteKinds: Invalid route kinds)')}]);
  });

  it('compares the group exactly, the Gateway API\'s when unset (routeGroupKindEqual), and takes a kind the protocol carries', () => {
    const kindsOf = (list: string, protocol = 'HTTP', tls = '') => findings(LISTENER, doc(gateway(kinds(protocol, list, tls)), ingress())).length;
    expect(kindsOf('[{kind: HTTPRoute}, {kind: GRPCRoute}]')).toBe(0);
    expect(kindsOf('[{group: gateway.networking.k8s.io, kind: HTTPRoute}]')).toBe(0);
    expect(kindsOf('[{group: "", kind: HTTPRoute}]')).toBe(1);
    expect(kindsOf('[{kind: HTTPRoute}, {kind: HTTPRoute}]')).toBe(1);
    // a terminating TLS listener also carries TCPRoute; the CRD defaults the mode to Terminate
    const terminate = '    tls: {certificateRefs: []}\n';
    expect(kindsOf('[{kind: TCPRoute}]', 'TLS', terminate)).toBe(0);
    expect(kindsOf('[{kind: TCPRoute}]', 'TLS', '    tls: {mode: Passthrough}\n')).toBe(1);
  });

  it('says both conditions on a listener whose protocol is refused too', () => {
    expect(findings(LISTENER, doc(gateway(kinds('TCP', '[{kind: HTTPRoute}]')), ingress())).map((f) => f.message)).toEqual([said(
      'Accepted to False (UnsupportedProtocol: protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured), '
      + 'ResolvedRefs to False (InvalidRouteKinds: Invalid route kinds)')]);
  });
});

describe('listeners sharing a port or a hostname', () => {
  it('are not reported: buildListener sets Conflicted False ("No errors found") whatever the other listeners say', () => {
    const two = `${listener('HTTP')}  - name: other\n    hostname: "*.example"\n    port: 80\n    protocol: HTTP\n`;
    expect(diagnose(doc(gateway(two), ingress()), closed).filter((d) => d.code.startsWith('gateway-api-'))).toEqual([]);
  });
});

describe('the Gateway\'s own Accepted and Programmed conditions, from its Services', () => {
  it('are True when the Service has endpoints on every listener\'s port', () => {
    expect(findings(GATEWAY, doc(gateway(listener('HTTP')), ingress()))).toEqual([]);
  });

  it('say AddressNotUsable with a hint when a listener names the pod port behind a Service port (golden: target-port-reference)', () => {
    expect(findings(GATEWAY, doc(gateway(listener('HTTP', 8080)), ingress()))).toEqual([{document: 0, path: '/spec/listeners/0/port',
      message: 'The Gateway is not served as written: istiod sets Programmed to False (AddressNotUsable: Failed to assign to any requested addresses: '
        + `port 8080 not found for hostname "${HOST}" (hint: the service port should be specified, not the workload port. Did you mean one of these ports: [80]?))`}]);
  });

  it('name what was assigned when some ports are served', () => {
    const two = `${listener('HTTP')}  - {name: admin, port: 9000, protocol: HTTP}\n`;
    expect(findings(GATEWAY, doc(gateway(two), ingress()))).toEqual([{document: 0, path: '/spec/listeners/1/port',
      message: `The Gateway is not served as written: istiod sets Programmed to False (AddressNotUsable: Assigned to service(s) ${HOST}:80, `
        + `but failed to assign to all requested addresses: port 9000 not found for hostname "${HOST}")`}]);
  });

  it('ask for the ports of the ListenerSets the Gateway accepted too (GatewayCollection)', () => {
    const allowing = gateway(listener('HTTP'), {more: '  allowedListeners:\n    namespaces: {from: All}\n'});
    const set = listenerSet('extra', 'istio-system', 'gateway', '  - {name: admin, protocol: HTTP, port: 9000}\n');
    expect(findings(GATEWAY, doc(allowing, ingress(), set)).map((f) => [f.path, f.message])).toEqual([['/spec/addresses', expect.stringContaining(
      `port 9000 not found for hostname "${HOST}")`)]]);
    // a ListenerSet the Gateway does not allow (allowedListeners defaults to None) adds no server
    expect(findings(GATEWAY, doc(gateway(listener('HTTP')), ingress(), set))).toEqual([]);
  });

  it('are both False when no address is a Hostname, and no listener is built then (golden: invalid-gateway-address)', () => {
    const text = gateway(listener('http'), {addresses: '[{type: istio.io/FakeType, value: 1.2.3.4}]'});
    expect(findings(GATEWAY, text)).toEqual([{document: 0, path: '/spec/addresses/0/type',
      message: 'The Gateway is not served as written: istiod sets Accepted to False (UnsupportedAddress: only Hostname is supported, ignoring [1.2.3.4]), '
        + 'Programmed to False (UnsupportedAddress: Failed to assign to any requested addresses)'}]);
    expect(findings(LISTENER, text)).toEqual([]);
  });

  it('say Accepted False at the deprecated service-type annotation, and at the address istiod skips beside a Hostname (soft failures)', () => {
    const annotated = gateway(listener('HTTP'), {more: ''}).replace('  namespace: istio-system\n', '  namespace: istio-system\n  annotations: {networking.istio.io/service-type: ClusterIP}\n');
    expect(findings(GATEWAY, doc(annotated, ingress()))).toEqual([{document: 0, path: '/metadata/annotations/networking.istio.io~1service-type',
      message: 'The Gateway is not served as written: istiod sets Accepted to False (DeprecatedField: annotation networking.istio.io/service-type is deprecated, '
        + 'use Spec.Infrastructure.Routeability)'}]);
    const mixed = gateway(listener('HTTP'), {addresses: '[{type: Hostname, value: istio-ingressgateway}, {type: IPAddress, value: 10.0.0.1}]'});
    expect(findings(GATEWAY, doc(mixed, ingress()))).toEqual([{document: 0, path: '/spec/addresses/1/type',
      message: 'The Gateway is not served as written: istiod sets Accepted to False (UnsupportedAddress: only Hostname is supported, ignoring [10.0.0.1])'}]);
    // its listeners are built all the same (a soft failure)
    expect(findings(LISTENER, doc(gateway(listener('http'), {addresses: '[{type: Hostname, value: istio-ingressgateway}, {type: IPAddress, value: 10.0.0.1}]'}), ingress())))
      .toHaveLength(1);
  });

  it('say AddressNotUsable for a hostname that names no Service, AddressNotAssigned for a Service without pods', () => {
    expect(findings(GATEWAY, doc(gateway(listener('HTTP'), {addresses: '[{type: Hostname, value: missing}]'}), ingress())).map((f) => f.message))
      .toEqual([expect.stringContaining('(AddressNotUsable: Failed to assign to any requested addresses: hostname "missing.istio-system.svc.cluster.local" not found)')]);
    expect(findings(GATEWAY, doc(gateway(listener('HTTP')), ingress(undefined, 0).split('---\n')[0]!)).map((f) => f.message))
      .toEqual([expect.stringContaining(`(AddressNotAssigned: Failed to assign to any requested addresses: no instances found for hostname "${HOST}")`)]);
  });

  it('are reported at the first address whose Service is missing (the unusable address of conformance/tests/gateway-static-addresses.go)', () => {
    const addresses = '[{type: Hostname, value: istio-ingressgateway}, {type: Hostname, value: foo}]';
    expect(findings(GATEWAY, doc(gateway(listener('HTTP'), {addresses}), ingress())).map((f) => [f.path, f.message])).toEqual([['/spec/addresses/1/value',
      expect.stringContaining(`(AddressNotUsable: Assigned to service(s) ${HOST}:80, but failed to assign to all requested addresses: hostname "foo.istio-system.svc.cluster.local" not found)`)]]);
  });

  it('are left undecided for a managed Gateway whose Service\'s address the run cannot tell (gatewayapi-gateway-addresses.test.ts), and outside cluster.local', () => {
    expect(findings(GATEWAY, gateway(listener('HTTP', 12345), {addresses: ''}))).toEqual([]);
    expect(findings(GATEWAY, gateway(listener('HTTP'), {addresses: '[{type: Hostname, value: fake-service.com}]'}))).toEqual([]);
    expect(findings(GATEWAY, doc(gateway(listener('HTTP')), ingress(undefined, 0).split('---\n')[0]!), {})).toEqual([]);
  });
});
