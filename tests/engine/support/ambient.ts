/** Ambient-mode YAML for the ambient analyzers' tests, and their findings compacted. */
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';

const CODES = new Set(['ambient-l7-policy-without-waypoint', 'ambient-policy-target-not-found', 'ambient-policy-service-without-waypoint', 'ambient-use-waypoint-not-found', 'ambient-waypoint-attachment-denied', 'ambient-waypoint-traffic-type-mismatch']);

export function ambientFindings(text: string, options: ValidateOptions = {}) {
  return diagnose(text, options)
    .filter((d) => CODES.has(d.code))
    .map(({severity, code, document, path, message}) => ({severity, code, document, path, message}));
}

const labelsYaml = (labels: Record<string, string>) => JSON.stringify(labels);

export const ns = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labelsYaml(labels)}\n`;

export const svc = (name: string, namespace: string, labels: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: ${labelsYaml(labels)}\nspec:\n  selector: {app: ${name}}\n  ports:\n  - {name: http, port: 9080}\n`;

export const deployment = (name: string, namespace: string, labels: Record<string, string> = {}) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: ${labelsYaml({app: name, ...labels})}\n    spec:\n      containers:\n      - {name: app, image: app:1}\n`;

export const waypoint = (name: string, namespace: string, labels: Record<string, string> = {}) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: ${labelsYaml(labels)}\nspec:\n  gatewayClassName: istio-waypoint\n  listeners:\n  - {name: mesh, port: 15008, protocol: HBONE}\n`;

export const policy = (name: string, namespace: string, spec: string) =>
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`;

export const doc = (...documents: string[]) => documents.join('---\n');
export const closed: ValidateOptions = {closedWorld: true};
