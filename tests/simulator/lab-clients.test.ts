/**
 * The lab request panel's source-workload picker (lab-clients.ts) and the answer that feeds it
 * (lab-request.ts): every workload with its namespace, service account and data plane, the
 * value `--from` takes, and the client the decision was made for.
 */
import {describe, expect, it} from 'vitest';
import {labClients, MAX_LAB_CLIENTS} from '../../src/simulator/lab-clients';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {World} from '../../src/simulator/index';
import {CLUSTER} from './istio-authz-helpers';
import {documents, labResources} from './helpers';

describe('the clients a lab offers', () => {
  it('each workload with its service account and Istio data plane, sorted by namespace/name', () => {
    const clients = labClients(new World(documents(CLUSTER), []));
    expect(clients.map((c) => `${c.from} ${c.serviceAccount} ${c.dataplane}`)).toEqual([
      'legacy/client client none',
      'mesh/cart cart ambient',
      'mesh/orders orders ambient',
      'shop/api api sidecar',
      'shop/batch default sidecar',
      'shop/web web sidecar',
    ]);
    expect(clients.find((c) => c.from === 'shop/web')!.because).toBe('namespace shop has istio-injection=enabled');
  });

  it('a workload Linkerd meshes is a Linkerd client', () => {
    const clients = labClients(new World(labResources('linkerd-reviews'), []));
    expect(clients.length).toBeGreaterThan(0);
    expect(clients.filter((c) => c.dataplane === 'linkerd').length).toBeGreaterThan(0);
  });

  it('a lab with very many workloads lists a bounded number', () => {
    const many = Array.from({length: MAX_LAB_CLIENTS + 50}, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: shop}\nspec: {containers: [{name: c, image: c}]}`).join('\n---\n');
    expect(labClients(new World(documents(`${CLUSTER}\n---\n${many}`), []))).toHaveLength(MAX_LAB_CLIENTS);
  });
});

describe('the panel\'s answer names its clients and the chosen one', () => {
  const context = documents(CLUSTER);
  const input = {method: 'GET', host: 'api.shop', path: '/', headers: {}};

  it('a picked workload is the decision\'s client', () => {
    const answer = simulateLabRequest('', context, {...input, from: 'legacy/client'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.clients.map((c) => c.from)).toContain('shop/web');
    expect(answer.client).toMatchObject({from: 'legacy/client', serviceAccount: 'client', dataplane: 'none'});
    expect(answer.throughGateway).toBe(false);
  });

  it('without one, the default client is described', () => {
    const answer = simulateLabRequest('', context, input);
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.client).toEqual({from: '', namespace: 'default', description: 'a pod without labels in namespace default (service account default)'});
  });
});
