/** A small cluster for the printers' tests, with the fields a live API server returns. */
import type {ModelObject, StateModel} from '../../../../src/terminal/printers/model';

export const NOW = Date.parse('2026-11-24T22:10:00Z');

const object = (group: string, value: Record<string, unknown>): ModelObject => {
  const metadata = value.metadata as {name: string; namespace?: string};
  return {group, kind: value.kind as string, namespace: metadata.namespace ?? '', name: metadata.name, value};
};

const meta = (name: string, namespace: string | undefined, created: string, labels?: Record<string, string>) => ({
  ...(labels ? {labels} : {}),
  name,
  ...(namespace ? {namespace} : {}),
  creationTimestamp: created,
  resourceVersion: '1234',
  uid: `uid-${name}`,
});

const running = (name: string) => ({name, ready: true, restartCount: 0, started: true, state: {running: {startedAt: '2026-11-24T22:00:00Z'}}});

export function reviewsPod(name: string, version: string, created: string, extra: {ip?: string; restarts?: number} = {}): ModelObject {
  return object('', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, 'default', created, {app: 'reviews', version}),
    spec: {
      initContainers: [{name: 'istio-init', image: 'proxyv2'}, {name: 'istio-proxy', image: 'proxyv2', restartPolicy: 'Always'}],
      containers: [{name: 'reviews', image: `reviews-${version}`}],
      nodeName: 'kind-worker',
    },
    status: {
      phase: 'Running',
      conditions: [{type: 'Initialized', status: 'True'}, {type: 'Ready', status: 'True'}],
      podIPs: extra.ip ? [{ip: extra.ip}] : [],
      initContainerStatuses: [
        {name: 'istio-init', ready: true, restartCount: 0, state: {terminated: {exitCode: 0, reason: 'Completed'}}},
        {...running('istio-proxy'), restartCount: extra.restarts ?? 0, ...(extra.restarts ? {lastState: {terminated: {exitCode: 1, finishedAt: '2026-11-24T22:05:00Z'}}} : {})},
      ],
      containerStatuses: [running('reviews')],
    },
  });
}

export const CLUSTER: ModelObject[] = [
  object('', {apiVersion: 'v1', kind: 'Namespace', metadata: meta('default', undefined, '2026-11-24T21:30:00Z', {'istio-injection': 'enabled', 'kubernetes.io/metadata.name': 'default'})}),
  object('', {apiVersion: 'v1', kind: 'Namespace', metadata: meta('istio-system', undefined, '2026-11-24T22:00:00Z', {'kubernetes.io/metadata.name': 'istio-system'})}),
  reviewsPod('reviews-v2-5c757d5846-wf8fq', 'v2', '2026-11-24T22:08:30Z', {ip: '10.244.2.15'}),
  reviewsPod('reviews-v1-84d5b6f7c9-t6wzm', 'v1', '2026-11-24T22:00:00Z', {ip: '10.244.1.9', restarts: 1}),
  object('', {
    apiVersion: 'v1', kind: 'Pod', metadata: meta('istiod-7d4b9c6f8-k5xrt', 'istio-system', '2026-11-24T22:00:00Z', {app: 'istiod'}),
    spec: {containers: [{name: 'discovery', image: 'pilot'}]},
    status: {phase: 'Pending', conditions: [], containerStatuses: [{name: 'discovery', ready: false, restartCount: 0, state: {waiting: {reason: 'ImagePullBackOff'}}}]},
  }),
  object('', {
    apiVersion: 'v1', kind: 'Service', metadata: meta('reviews', 'default', '2026-11-24T21:50:00Z', {app: 'reviews'}),
    spec: {clusterIP: '10.96.12.7', clusterIPs: ['10.96.12.7'], ports: [{name: 'http', port: 9080, protocol: 'TCP'}], selector: {app: 'reviews'}, type: 'ClusterIP'},
  }),
  object('', {
    apiVersion: 'v1', kind: 'Service', metadata: meta('istio-ingressgateway', 'istio-system', '2026-11-24T22:00:00Z'),
    spec: {clusterIP: '10.96.182.45', ports: [{port: 15021, nodePort: 31896}, {port: 80, nodePort: 30527}], selector: {app: 'istio-ingressgateway', istio: 'ingressgateway'}, type: 'LoadBalancer'},
    status: {loadBalancer: {}},
  }),
  object('apps', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('reviews-v1', 'default', '2026-11-24T21:50:00Z'),
    spec: {replicas: 2, selector: {matchLabels: {version: 'v1', app: 'reviews'}}, template: {spec: {containers: [{name: 'reviews', image: 'reviews-v1'}]}}},
    status: {readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1, replicas: 2},
  }),
  object('networking.istio.io', {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta('reviews', 'default', '2026-11-24T22:03:48Z'),
    spec: {hosts: ['reviews'], http: [{route: [{destination: {host: 'reviews'}}]}]},
  }),
  object('networking.istio.io', {
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: meta('bookinfo-gateway', 'default', '2026-11-24T20:10:00Z'),
    spec: {selector: {istio: 'ingressgateway'}},
  }),
];

export const MODEL: StateModel = {objects: CLUSTER, now: NOW};
