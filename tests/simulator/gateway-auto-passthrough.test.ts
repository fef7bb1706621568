/**
 * AUTO_PASSTHROUGH (the east-west gateway of a multi-cluster mesh): istiod 1.30.3 builds a chain per
 * service port on SNI `outbound_.PORT_._.HOST`, and per DestinationRule subset on
 * `outbound_.PORT_.SUBSET_.HOST`, for services within the server's hosts, without any VirtualService
 * (pilot/pkg/networking/core/gateway.go builtAutoPassthroughFilterChains, model.BuildDNSSrvSubsetKey).
 * The connection is passed on still encrypted to that cluster; any other SNI finds no chain and is closed.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {parseOutboundSni} from '../../src/simulator/auto-passthrough';
import {gatewayProxy} from './gateway-l4-support';
import {documents} from './helpers';

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo, labels: {istio-injection: enabled}}
---
${gatewayProxy('istio-eastwestgateway', 'eastwestgateway', '[{name: tls, port: 15443}]')}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: cross-network-gateway, namespace: istio-system}
spec:
  selector: {istio: eastwestgateway}
  servers:
  - {port: {number: 15443, name: tls, protocol: TLS}, tls: {mode: AUTO_PASSTHROUGH}, hosts: ['*.local']}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
${['v1', 'v2'].map((v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-${v}, namespace: bookinfo}
spec:
  replicas: ${v === 'v1' ? 1 : 2}
  selector: {matchLabels: {app: reviews, version: ${v}}}
  template: {metadata: {labels: {app: reviews, version: ${v}}}, spec: {containers: [{name: reviews, image: reviews}]}}`).join('\n')}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews.bookinfo.svc.cluster.local
  subsets: [{name: v1, labels: {version: v1}}]`;

const connect = (sni: string, extra = ''): Decision =>
  simulate(new World(documents(CLUSTER), extra ? [documents(extra)] : []), {request: parseRequest(`GET https://${sni}:15443/`), gateway: 'istio-system/cross-network-gateway'});
const traceOf = (d: Decision) => d.trace.map((t) => t.message).join('\n');

describe('an AUTO_PASSTHROUGH server', () => {
  it('passes a connection with SNI outbound_.PORT_._.HOST to every pod of that service port, with no VirtualService', () => {
    const d = connect('outbound_.9080_._.reviews.bookinfo.svc.cluster.local');
    expect(d.connection).toMatchObject({protocol: 'tls', state: 'established', server: {tlsMode: 'AUTO_PASSTHROUGH'}});
    expect(d.destinations).toHaveLength(1);
    expect(d.destinations[0]).toMatchObject({cluster: 'outbound|9080||reviews.bookinfo.svc.cluster.local', podCount: 3, share: 1});
    expect(d.virtualServices).toEqual([]);
    expect(traceOf(d)).toMatch(/built from the registry without any VirtualService/);
  });

  it('takes a DestinationRule subset from the SNI: only that subset\'s pods', () => {
    const d = connect('outbound_.9080_.v1_.reviews.bookinfo.svc.cluster.local');
    expect(d.destinations[0]).toMatchObject({cluster: 'outbound|9080|v1|reviews.bookinfo.svc.cluster.local', podCount: 1});
  });

  it('closes (NR) a connection whose SNI is a plain host, an unknown subset, a port the service lacks, or a service outside the server\'s hosts', () => {
    const outside = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: bookinfo}
spec: {hosts: [api.example.com], location: MESH_INTERNAL, ports: [{number: 443, name: tls, protocol: TLS}], resolution: DNS}`;
    const cases: Array<[string, RegExp]> = [
      ['reviews.bookinfo.svc.cluster.local', /is not Istio's outbound_\.PORT_\.SUBSET_\.HOST form/],
      ['outbound_.9080_.v3_.reviews.bookinfo.svc.cluster.local', /defines subset v3/],
      ['outbound_.8080_._.reviews.bookinfo.svc.cluster.local', /has no TCP port 8080/],
      ['outbound_.443_._.api.example.com', /not within the server's hosts \(\*\.local\)/],
    ];
    for (const [sni, why] of cases) {
      const d = connect(sni, outside);
      expect(d, sni).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {state: 'closed'}});
      expect(d.destinations, sni).toEqual([]);
      expect(traceOf(d), sni).toMatch(why);
    }
  });

  it('reads an SNI in Istio\'s outbound form and nothing else', () => {
    expect(parseOutboundSni('outbound_.9080_._.reviews.bookinfo.svc.cluster.local')).toEqual({host: 'reviews.bookinfo.svc.cluster.local', port: 9080});
    expect(parseOutboundSni('outbound_.9080_.v1_.reviews')).toEqual({host: 'reviews', port: 9080, subset: 'v1'});
    expect(parseOutboundSni('outbound_.70000_._.reviews')).toBeUndefined();
    expect(parseOutboundSni('inbound_.9080_._.reviews')).toBeUndefined();
  });
});
