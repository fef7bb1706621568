/** Small models for `linkerd diagnostics policy`'s tests: linkerd-config, one emojivoto web pod, Servers selecting it. */
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';

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
