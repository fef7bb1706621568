/** Session models and small hand-made ones for the Linkerd printers' tests. */
import {readFileSync} from 'node:fs';
import {checkScenario} from '../../../src/terminal/check-session';
import {stateModels} from '../../../src/terminal/cluster-state';
import type {LinkerdFacts, LinkerdWorkloadTraffic} from '../../../src/terminal/printers/linkerd-model';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';

export function sessionModels(session: string): Record<string, StateModel> {
  const dir = `labs/sessions/${session}`;
  const scenario = checkScenario(`${dir}/scenario.yaml`, readFileSync(`${dir}/scenario.yaml`, 'utf8'), {computed: 'skip'});
  return stateModels(scenario, (file) => readFileSync(`${dir}/${file}`, 'utf8'));
}

export const FACTS: LinkerdFacts = {
  cliVersion: 'version-2.20',
  latestVersions: ['version-2.20'],
  certificates: {trustAnchor: '2027-01-01T00:00:00Z', issuer: '2027-01-01T00:00:00Z', proxyInjector: '2027-01-01T00:00:00Z', spValidator: '2027-01-01T00:00:00Z', policyValidator: '2027-01-01T00:00:00Z'},
};

const object = (group: string, kind: string, namespace: string, name: string, value: Record<string, unknown>): ModelObject => ({group, kind, namespace, name, value: {metadata: {name, namespace}, ...value}});

/** A Deployment `name` in `namespace` with running pods, `meshed` of them with a ready linkerd-proxy. */
export function deploymentWithPods(namespace: string, name: string, pods: number, meshed: number): ModelObject[] {
  const objects = [object('apps', 'Deployment', namespace, name, {spec: {replicas: pods}})];
  for (let i = 0; i < pods; i++) {
    const proxy = i < meshed;
    objects.push(object('', 'Pod', namespace, `${name}-5d8f9c7b6d-p${i}abc`, {
      metadata: {name: `${name}-5d8f9c7b6d-p${i}abc`, namespace, labels: {'pod-template-hash': '5d8f9c7b6d', ...(proxy ? {'linkerd.io/control-plane-ns': 'linkerd'} : {})}},
      spec: {containers: [{name}], ...(proxy ? {initContainers: [{name: 'linkerd-init'}, {name: 'linkerd-proxy', restartPolicy: 'Always'}]} : {})},
      status: {phase: 'Running', containerStatuses: [{name, ready: true, state: {running: {}}}], ...(proxy ? {initContainerStatuses: [{name: 'linkerd-init', ready: true, state: {terminated: {exitCode: 0, reason: 'Completed'}}}, {name: 'linkerd-proxy', ready: true, started: true, state: {running: {}}}]} : {})},
    }));
  }
  return objects;
}

export const modelOf = (objects: ModelObject[], traffic: LinkerdWorkloadTraffic[], facts: LinkerdFacts = FACTS, now = Date.parse('2026-11-26T10:00:00Z')): StateModel =>
  ({objects, now, linkerd: {facts, traffic}});

/** A trust anchor and linkerd-config holding the install values linkerd inject reads (cli/cmd/inject.go fetchConfigs). */
export const TRUST_ANCHOR_PEM = '-----BEGIN CERTIFICATE-----\nMIIBnzCCAUWgAwIBAgIUAu1s5U40XHlg3nOT\n-----END CERTIFICATE-----\n';
const CONFIG_VALUES = `clusterDomain: cluster.local\nidentityTrustAnchorsPEM: |\n${TRUST_ANCHOR_PEM.trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}\nlinkerdVersion: version-2.20\n`;
export const LINKERD_CONFIG: ModelObject = {group: '', kind: 'ConfigMap', namespace: 'linkerd', name: 'linkerd-config', value: {data: {values: CONFIG_VALUES}}};
