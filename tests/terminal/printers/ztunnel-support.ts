/**
 * Small ambient clusters for the ztunnel-config tests: namespace default (labels given), one
 * ztunnel on kind-worker, productpage and reviews captured by istio-cni, a legacy pod, and Services.
 */
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';

export const obj = (group: string, kind: string, namespace: string, name: string, value: Record<string, unknown>): ModelObject => ({
  group, kind, namespace, name, value: {kind, metadata: {name, ...(namespace ? {namespace} : {}), ...(value.metadata as object)}, ...value},
});
export const ns = (name: string, labels: Record<string, string>): ModelObject => obj('', 'Namespace', '', name, {metadata: {name, labels}});
export const pod = (namespace: string, name: string, ip: string, labels: Record<string, string>, extra: {ambient?: boolean; ready?: boolean; phase?: string} = {}): ModelObject =>
  obj('', 'Pod', namespace, name, {
    metadata: {name, namespace, labels, ...(extra.ambient ? {annotations: {'ambient.istio.io/redirection': 'enabled'}} : {})},
    spec: {nodeName: 'kind-worker'},
    status: {phase: extra.phase ?? 'Running', podIP: ip, conditions: [{type: 'Ready', status: extra.ready === false ? 'False' : 'True'}]},
  });
export const svc = (namespace: string, name: string, ip: string, selector: Record<string, string> | undefined, labels: Record<string, string> = {}): ModelObject =>
  obj('', 'Service', namespace, name, {metadata: {name, namespace, labels}, spec: {clusterIP: ip, ...(selector ? {selector} : {})}});
export const waypointGateway = (labels: Record<string, string> = {}, address?: string): ModelObject =>
  obj('gateway.networking.k8s.io', 'Gateway', 'default', 'waypoint', {
    metadata: {name: 'waypoint', namespace: 'default', labels},
    spec: {gatewayClassName: 'istio-waypoint', listeners: [{name: 'mesh', port: 15008, protocol: 'HBONE'}]},
    ...(address ? {status: {addresses: [{type: 'IPAddress', value: address}]}} : {}),
  });
export const policy = (name: string, spec: Record<string, unknown>, namespace = 'default'): ModelObject => obj('security.istio.io', 'AuthorizationPolicy', namespace, name, {metadata: {name, namespace}, spec});

export function cluster(defaultLabels: Record<string, string>, extra: ModelObject[] = []): StateModel {
  return {objects: [
    ns('default', defaultLabels),
    ns('istio-system', {}),
    pod('istio-system', 'ztunnel-4xk2p', '10.244.1.3', {app: 'ztunnel'}),
    pod('default', 'productpage-v1-6f9c7b4d8-2kq9z', '10.244.1.7', {app: 'productpage'}, {ambient: true}),
    pod('default', 'reviews-v1-5d8b9c7f4-q8w2m', '10.244.1.8', {app: 'reviews'}, {ambient: true}),
    pod('default', 'reviews-v2-7b6c5d4e3-t5r4e', '10.244.1.9', {app: 'reviews'}, {ambient: true, ready: false}),
    pod('default', 'legacy-7c5d9f8b6-h2j3k', '10.244.1.10', {app: 'legacy'}),
    pod('default', 'job-1-x9z8y', '10.244.1.11', {app: 'job'}, {phase: 'Succeeded'}),
    svc('default', 'reviews', '10.96.10.10', {app: 'reviews'}),
    svc('default', 'productpage', '10.96.10.11', {app: 'productpage'}),
    ...extra,
  ]};
}

export const print = (line: string, model: StateModel): string => {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};

