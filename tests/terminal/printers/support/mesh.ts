/** A small meshed cluster for the istioctl printers' tests: istiod, a gateway, sidecars, Services, rules. */
import type {ModelObject, StateModel} from '../../../../src/terminal/printers/model';

const object = (group: string, value: Record<string, unknown>): ModelObject => {
  const metadata = value.metadata as {name: string; namespace?: string};
  return {group, kind: value.kind as string, namespace: metadata.namespace ?? '', name: metadata.name, value};
};

const READY = {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}]};
const INJECTED = {'sidecar.istio.io/status': '{"initContainers":["istio-init","istio-proxy"]}'};

export function sidecarPod(name: string, namespace: string, labels: Record<string, string>, ip: string, options: {proxy?: string; ready?: boolean; ports?: unknown[]; proxyEnv?: Record<string, string>} = {}): ModelObject {
  const env = options.proxyEnv && {env: Object.entries(options.proxyEnv).map(([envName, value]) => ({name: envName, value}))};
  return object('', {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {name, namespace, labels, annotations: INJECTED},
    spec: {
      initContainers: [{name: 'istio-init', image: 'registry.istio.io/release/proxyv2:1.30.3'}, {name: 'istio-proxy', image: `registry.istio.io/release/proxyv2:${options.proxy ?? '1.30.3'}`, restartPolicy: 'Always', ...env}],
      containers: [{name: labels.app ?? name, image: 'app:1', ports: options.ports ?? []}],
    },
    status: {...READY, ...(options.ready === false ? {conditions: [{type: 'Ready', status: 'False'}]} : {}), podIP: ip},
  });
}

export function service(name: string, namespace: string, ports: unknown[], extra: Record<string, unknown> = {}, annotations?: Record<string, string>): ModelObject {
  return object('', {apiVersion: 'v1', kind: 'Service', metadata: {name, namespace, ...(annotations ? {annotations} : {})}, spec: {clusterIP: '10.96.0.10', selector: {app: name}, ports, ...extra}});
}

export function destinationRule(name: string, namespace: string, host: string, subsets: string[]): ModelObject {
  return object('networking.istio.io', {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: {name, namespace},
    spec: {host, subsets: subsets.map((subset) => ({name: subset, labels: {version: subset}}))},
  });
}

export const ISTIOD = object('', {
  apiVersion: 'v1', kind: 'Pod',
  metadata: {name: 'istiod-5d8f7c9b4-abcde', namespace: 'istio-system', labels: {app: 'istiod', istio: 'pilot'}},
  spec: {containers: [{name: 'discovery', image: 'registry.istio.io/release/pilot:1.30.3'}]},
  status: READY,
});

export const GATEWAY = object('', {
  apiVersion: 'v1', kind: 'Pod',
  metadata: {name: 'istio-ingressgateway-6c8b7d9f5d-q2wvn', namespace: 'istio-system', labels: {app: 'istio-ingressgateway', istio: 'ingressgateway'}},
  spec: {containers: [{name: 'istio-proxy', image: 'registry.istio.io/release/proxyv2:1.30.3'}]},
  status: READY,
});

export const namespaced = (...objects: ModelObject[]): StateModel => ({objects});

export const namespace = (name: string): ModelObject => object('', {apiVersion: 'v1', kind: 'Namespace', metadata: {name}});

const DEFAULT_MESH = {defaultConfig: {discoveryAddress: 'istiod.istio-system.svc:15012'}, rootNamespace: 'istio-system', trustDomain: 'cluster.local'};

/** The model with istioctl install's mesh config, `extra` keys merged in: as ConfigMap istio-system/istio, and as the build reads it. */
export function withMeshConfig(model: StateModel, extra: Record<string, unknown> = {}): StateModel {
  const mesh = {...DEFAULT_MESH, ...extra};
  const configMap = object('', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'istio', namespace: 'istio-system'}, data: {mesh: JSON.stringify(mesh)}});
  return {...model, objects: [...model.objects.filter((o) => o.kind !== 'ConfigMap'), configMap], meshConfig: mesh};
}

export function virtualService(name: string, namespace: string, spec: Record<string, unknown>, created = '2026-11-24T21:51:01Z'): ModelObject {
  return object('networking.istio.io', {apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name, namespace, creationTimestamp: created}, spec});
}
