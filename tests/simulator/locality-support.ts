/** Namespace shop with Service echo:8080, and Deployments placed in localities, for the locality tests (distribute and failover). */

/** A Deployment of shop in a locality: its nodes' region and zone, or the pods' `istio-locality` label. */
export const localityDeployment = (name: string, locality: {label?: string; region?: string; zone?: string}, replicas = 1, app = 'echo') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${app}, version: ${name}}}
  template:
    metadata:
      labels: {app: ${app}, version: ${name}${locality.label ? `, istio-locality: ${locality.label}` : ''}}
    spec:
${locality.region ? `      nodeSelector: {topology.kubernetes.io/region: ${locality.region}, topology.kubernetes.io/zone: ${locality.zone}}\n` : ''}      containers: [{name: app, image: echo, ports: [{containerPort: 8080}]}]
---
`;

/** The namespace, Service echo and the client workload in us-east/us-east-1a; Deployments follow. */
export const ECHO_SHOP = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: shop}
spec:
  selector: {app: echo}
  ports: [{name: http, port: 8080}]
---
${localityDeployment('client', {region: 'us-east', zone: 'us-east-1a'}, 1, 'client')}`;
