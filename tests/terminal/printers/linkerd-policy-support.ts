/** Small models for `linkerd diagnostics policy`'s tests: linkerd-config, one emojivoto web pod, Servers selecting it, Services and routes. */
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {modelOf} from './linkerd-support';

export function policy(line: string, model: StateModel): string {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
}

export function gap(line: string, model: StateModel): string {
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'gap') throw new Error(`not a gap: ${JSON.stringify(printed)}`);
  return printed.reason;
}

export const object = (group: string, kind: string, namespace: string, name: string, value: Record<string, unknown> = {}): ModelObject =>
  ({group, kind, namespace, name, value: {...value, metadata: {name, namespace, ...(value.metadata as object | undefined)}}});

export const LINKERD_CONFIG = object('', 'ConfigMap', 'linkerd', 'linkerd-config', {data: {values: 'clusterDomain: cluster.local\nclusterNetworks: 10.0.0.0/8,fd00::/8\nlinkerdVersion: version-2.20\n'}});

export function webPod(annotations: Record<string, string> = {}, container: Record<string, unknown> = {}): ModelObject {
  return object('', 'Pod', 'emojivoto', 'web-5d8f9c7b6d-abcde', {
    metadata: {labels: {app: 'web'}, annotations, creationTimestamp: '2026-11-26T09:00:00Z'},
    spec: {containers: [{name: 'web', ports: [{containerPort: 8080, name: 'http'}], ...container}]},
    status: {phase: 'Running'},
  });
}

export const server = (name: string, created: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): ModelObject =>
  object('policy.linkerd.io', 'Server', 'emojivoto', name, {metadata: {creationTimestamp: created, labels}, spec: {podSelector: {matchLabels: {app: 'web'}}, ...spec}});

export const LINE = 'linkerd diagnostics policy -n emojivoto po/web-5d8f9c7b6d-abcde 8080';

/** A parsed `-o json` answer, read by path. */
export type Json = Record<string, any>;

/** A Service in emojivoto (by default web-svc's one HTTP port 80). */
export const service = (name: string, annotations: Record<string, string> = {}, ports: Record<string, unknown>[] = [{name: 'http', port: 80, targetPort: 8080}]): ModelObject =>
  object('', 'Service', 'emojivoto', name, {metadata: {annotations}, spec: {ports}});

/** `line -o json` over linkerd-config and `objects`, parsed. */
export const outboundJson = (line: string, objects: ModelObject[]): Json => JSON.parse(policy(`${line} -o json`, modelOf([LINKERD_CONFIG, ...objects], []))) as Json;
