/** Namespace shop with sidecars, and its Services each with one Deployment, for the tests of a sidecar's TCP and TLS listeners. */
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {documents} from './helpers';

export const SHOP_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}`;

/** A Service in shop with `ports` (flow YAML) and, when given, a ClusterIP, selecting a Deployment's pods labelled `labels` (default app: name). */
export const shopApp = (name: string, port: string, {labels = `{app: ${name}}`, clusterIP}: {labels?: string; clusterIP?: string} = {}) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec: {selector: {app: ${name}}, ports: [${port}]${clusterIP ? `, clusterIP: ${clusterIP}, clusterIPs: [${clusterIP}]` : ''}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template: {metadata: {labels: ${labels}}, spec: {containers: [{name: ${name}, image: ${name}}]}}`;

/** A VirtualService shop/NAME with the body given (indented YAML under spec). */
export const shopVirtualService = (body: string, name = 'routes') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop}
spec:
${body}`;

/** Simulates a request from a client workload (default shop/client) in `cluster` with the input `yaml` applied. */
export const connectIn = (cluster: string) => (yaml: string, request: string, from = 'shop/client'): Decision =>
  simulate(new World(documents(cluster), yaml ? [documents(yaml)] : []), {request: parseRequest(request), from});

export const traceOf = (d: Decision): string => d.trace.map((t) => t.message).join('\n');
