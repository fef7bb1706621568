import {describe, expect, it} from 'vitest';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {service, sidecarPod} from './support/mesh';
import {dump, istioMutual, mesh, UNLIMITED, withAccount} from './support/cluster-dump';

const DB = '--fqdn db.default.svc.cluster.local';
const NAME = 'outbound|5432||db.default.svc.cluster.local';
const headless = service('db', 'default', [{name: 'tcp', port: 5432}], {clusterIP: 'None'});
/** A db pod, with the label injection gives a meshed pod (security.istio.io/tlsMode=istio) or without it. */
const dbPod = (name: string, ip: string, meshed: boolean): ModelObject =>
  withAccount(sidecarPod(name, 'default', meshed ? {app: 'db', 'security.istio.io/tlsMode': 'istio'} : {app: 'db'}, ip), 'db');

describe('proxy-config cluster -o json: a headless Service\'s ORIGINAL_DST cluster (convertResolution, BestEffortInferServiceMTLSMode)', () => {
  it('sends no EDS config, lets the original destination pick (CLUSTER_PROVIDED), and keeps detected mTLS as the cluster\'s own socket when every endpoint is meshed', () => {
    const [cluster] = dump(`istioctl pc cluster productpage-v1-abc ${DB} -o json`, mesh(headless, dbPod('db-0', '10.244.0.20', true), dbPod('db-1', '10.244.0.21', true)));
    expect(cluster).toEqual({
      name: NAME,
      altStatName: `${NAME};`,
      type: 'ORIGINAL_DST',
      connectTimeout: '10s',
      lbPolicy: 'CLUSTER_PROVIDED',
      circuitBreakers: {thresholds: [UNLIMITED]},
      commonLbConfig: {},
      transportSocket: istioMutual('outbound_.5432_._.db.default.svc.cluster.local', undefined, ['spiffe://cluster.local/ns/default/sa/db']),
      metadata: {filterMetadata: {istio: {services: [{host: 'db.default.svc.cluster.local', name: 'db', namespace: 'default'}]}}},
      filters: [expect.objectContaining({name: 'istio.metadata_exchange'})],
    });
  });

  it('sends plaintext when any endpoint lacks a sidecar, or there is no endpoint', () => {
    const mixed = dump(`istioctl pc cluster productpage-v1-abc ${DB} -o json`, mesh(headless, dbPod('db-0', '10.244.0.20', true), dbPod('db-1', '10.244.0.21', false)));
    expect(mixed[0]!.transportSocket).toBeUndefined();
    expect(mixed[0]!.transportSocketMatches).toBeUndefined();
    expect(dump(`istioctl pc cluster productpage-v1-abc ${DB} -o json`, mesh(headless))[0]!.transportSocket).toBeUndefined();
  });

  it('gives a gateway an EDS cluster instead, as gateways cannot use passthrough clusters', () => {
    const [atGateway] = dump(`istioctl pc cluster istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system ${DB} -o json`, mesh(headless, dbPod('db-0', '10.244.0.20', true)));
    expect(atGateway).toMatchObject({type: 'EDS', lbPolicy: 'LEAST_REQUEST', edsClusterConfig: {serviceName: NAME}});
  });
});
