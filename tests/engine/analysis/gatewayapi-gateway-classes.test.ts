/**
 * Which GatewayClasses istiod 1.30.3 serves, as the gatewayapi analyzers read them
 * (gatewaycommon/classinfo.go GetBuiltinGatewayClasses and GetClassInfos, gatewayclass_collection.go
 * GatewayClassesCollection and FetchGatewayClass; features/ambient.go registerAmbient:
 * PILOT_ENABLE_AMBIENT_WAYPOINTS is on only with PILOT_ENABLE_AMBIENT; AMBIENT_ENABLE_MULTI_NETWORK
 * is off by default; features/pilot.go PILOT_GATEWAY_API_DEFAULT_GATEWAYCLASS_NAME). Whether ambient
 * is installed is read from the run: istiod's env, a ztunnel, a GatewayClass of the mesh controller;
 * when the run cannot tell, the waypoint class is taken as served.
 */
import {describe, expect, it} from 'vitest';
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';
import {closed, doc, istiod, listenerSet} from '../support/gateway-api';

const CODES = new Set(['gateway-api-gateway-class-not-served', 'gateway-api-listener-invalid', 'gateway-api-listener-set-not-allowed']);
const findings = (text: string, options: ValidateOptions = closed) =>
  diagnose(text, options).filter((d) => CODES.has(d.code)).map(({code, path, message}) => ({code, path, message}));
const codes = (text: string, options: ValidateOptions = closed) => findings(text, options).map((f) => f.code);

const ztunnel = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ztunnel, namespace: istio-system}\nspec:\n  selector: {matchLabels: {app: ztunnel}}\n'
  + '  template:\n    metadata: {labels: {app: ztunnel}}\n    spec: {containers: [{name: istio-proxy, image: docker.io/istio/ztunnel:1.30.3}]}\n';
const meshClass = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: istio-waypoint}\nspec: {controllerName: istio.io/mesh-controller}\n';

/** A Gateway of `className` in namespace apps with one listener; the waypoint's listener here is one istiod refuses. */
const gateway = (className: string, listener = '{name: mesh, port: 1234, protocol: HTTP}', name = 'gw') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  gatewayClassName: ${className}\n  listeners:\n  - ${listener}\n`;
const WAYPOINT_REFUSAL = 'gateway-api-listener-invalid';

describe('the waypoint class exists only where ambient is installed', () => {
  it('is missing where the cluster\'s istiod runs without PILOT_ENABLE_AMBIENT: the Gateway gets no status, and its listeners are not judged', () => {
    expect(findings(doc(gateway('istio-waypoint'), istiod()))).toEqual([{code: 'gateway-api-gateway-class-not-served', path: '/spec/gatewayClassName',
      message: 'GatewayClass istio-waypoint does not exist in this cluster: istiod creates it only with ambient installed (PILOT_ENABLE_AMBIENT=true, '
        + 'as the ambient profile sets), and this cluster\'s istiod runs without it. No controller takes the Gateway, so nothing serves it and it gets no status'}]);
    expect(codes(doc(gateway('istio-waypoint'), istiod({PILOT_ENABLE_AMBIENT: 'false'})))).toEqual(['gateway-api-gateway-class-not-served']);
  });

  it('exists with PILOT_ENABLE_AMBIENT (Go\'s ParseBool spellings), a ztunnel, or a GatewayClass of the mesh controller', () => {
    expect(codes(doc(gateway('istio-waypoint'), istiod({PILOT_ENABLE_AMBIENT: 'true'})))).toEqual([WAYPOINT_REFUSAL]);
    expect(codes(doc(gateway('istio-waypoint'), istiod({PILOT_ENABLE_AMBIENT: '1'})))).toEqual([WAYPOINT_REFUSAL]);
    expect(codes(doc(gateway('istio-waypoint'), istiod(), ztunnel))).toEqual([WAYPOINT_REFUSAL]);
    expect(codes(doc(gateway('istio-waypoint'), istiod(), meshClass))).toEqual([WAYPOINT_REFUSAL]);
  });

  it('is missing where istiod says PILOT_ENABLE_AMBIENT=false, even beside a ztunnel: istiod keys on its own env', () => {
    expect(codes(doc(gateway('istio-waypoint'), istiod({PILOT_ENABLE_AMBIENT: 'false'}), ztunnel))).toEqual(['gateway-api-gateway-class-not-served']);
  });

  it('is not served even by a GatewayClass object when PILOT_ENABLE_AMBIENT_WAYPOINTS is turned off', () => {
    expect(codes(doc(gateway('istio-waypoint'), istiod({PILOT_ENABLE_AMBIENT: 'true', PILOT_ENABLE_AMBIENT_WAYPOINTS: 'false'})))).toEqual([]);
  });

  it('reads a setting ParseBool refuses as its default, as env.Register does (istiod warns and carries on)', () => {
    // PILOT_ENABLE_AMBIENT defaults to false; PILOT_ENABLE_AMBIENT_WAYPOINTS to true with ambient on
    expect(codes(doc(gateway('istio-waypoint'), istiod({PILOT_ENABLE_AMBIENT: 'yes'})))).toEqual(['gateway-api-gateway-class-not-served']);
    expect(codes(doc(gateway('istio-waypoint'), istiod({PILOT_ENABLE_AMBIENT: 'true', PILOT_ENABLE_AMBIENT_WAYPOINTS: 'on'})))).toEqual([WAYPOINT_REFUSAL]);
  });

  it('is taken as served when the run cannot tell: no istiod in the cluster, or an open world', () => {
    expect(codes(gateway('istio-waypoint'))).toEqual([WAYPOINT_REFUSAL]);
    expect(codes(doc(gateway('istio-waypoint'), istiod()), {})).toEqual([WAYPOINT_REFUSAL]);
  });

  it('refuses ListenerSets only where it exists (SupportsListenerSet false)', () => {
    const set = listenerSet('extra', 'apps', 'gw', '  - {name: extra, port: 8080, protocol: HTTP}\n');
    const waypoint = gateway('istio-waypoint', '{name: mesh, port: 15008, protocol: HBONE}');
    expect(codes(doc(waypoint, set, istiod({PILOT_ENABLE_AMBIENT: 'true'})))).toEqual(['gateway-api-listener-set-not-allowed']);
    expect(codes(doc(waypoint, set, istiod()))).toEqual(['gateway-api-gateway-class-not-served']);
  });
});

describe('the other built-in classes', () => {
  const tcp = '{name: tcp, port: 9000, protocol: TCP}';

  it('name the gateway controller\'s class after PILOT_GATEWAY_API_DEFAULT_GATEWAYCLASS_NAME', () => {
    const env = {PILOT_GATEWAY_API_DEFAULT_GATEWAYCLASS_NAME: 'corp'};
    expect(codes(doc(gateway('corp', tcp), istiod(env)))).toEqual([WAYPOINT_REFUSAL]);
    expect(codes(doc(gateway('istio', tcp), istiod(env)))).toEqual([]);
    expect(codes(doc(gateway('istio', tcp), istiod()))).toEqual([WAYPOINT_REFUSAL]);
  });

  it('fall back to the built-in name when a GatewayClass object of that name names a controller istiod does not know (GatewayClassesCollection skips it)', () => {
    const foreign = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: istio}\nspec: {controllerName: example.com/gateway}\n';
    expect(codes(doc(gateway('istio', tcp), foreign))).toEqual([WAYPOINT_REFUSAL]);
  });

  it('say istio-east-west is missing without ambient and AMBIENT_ENABLE_MULTI_NETWORK, once the cluster\'s istiod shows its settings', () => {
    // the listener istiod's east-west rule takes (gatewayapi-gateway-status.test.ts)
    const eastWest = gateway('istio-east-west', '{name: mesh, port: 15008, protocol: HBONE, tls: {mode: Terminate, options: {gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL}}}');
    expect(findings(doc(eastWest, istiod({PILOT_ENABLE_AMBIENT: 'true'}))).map((f) => f.message)).toEqual(['GatewayClass istio-east-west does not exist '
      + 'in this cluster: istiod creates it only with ambient installed and AMBIENT_ENABLE_MULTI_NETWORK=true, which this cluster\'s istiod does not set. '
      + 'No controller takes the Gateway, so nothing serves it and it gets no status']);
    expect(codes(doc(eastWest, istiod({PILOT_ENABLE_AMBIENT: 'true', AMBIENT_ENABLE_MULTI_NETWORK: 'true'})))).toEqual([]);
    expect(codes(eastWest)).toEqual([]);
  });
});
